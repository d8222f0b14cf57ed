import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';
import { createSlackClient, type SlackWebClient } from '../../src/bot/slack/slack-client.js';
import { SlackDirectory } from '../../src/bot/slack/slack-directory.js';
import { SlackGateway } from '../../src/bot/slack/slack-gateway.js';
import { slackFileDeps } from '../../src/bot/slack/slack-files.js';
import { slackPersonRefs } from '../../src/bot/slack/slack-ref-people.js';
import {
  createSlackTransport,
  mountSlack,
  SLACK_EVENTS_PATH,
  type SlackTransport,
} from '../../src/bot/slack/slack-transport.js';
import { type RunningServer, startHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import type { CatalogueIndex } from '../../src/config/catalogue-index.js';
import type { Person } from '../../src/models/case.js';
import { keepFiles } from '../../src/services/attachments.js';
import { moveAddressCases } from '../../src/services/address-cases.js';
import { ConversationRouter } from '../../src/services/conversations.js';
import { IntakeEngine } from '../../src/services/intake/intake-engine.js';
import { OrderEngine } from '../../src/services/orders/order-engine.js';
import { KnowledgeService } from '../../src/services/knowledge.js';
import { MajorIncidentService } from '../../src/services/major/major-incident-service.js';
import { PrivacyService } from '../../src/services/privacy/privacy-service.js';
import { ReportService } from '../../src/services/reports/report-service.js';
import { isAdmin, isStaff } from '../../src/services/roles.js';
import { DailyDigest } from '../../src/services/sla/daily-digest.js';
import { buildServices, type Services } from './services.js';
import { postSigned, type SignedRequestOptions, type SlackBody, TEST_SIGNING_SECRET } from './slack-signer.js';

/** Where the tests' WebClient sends Web API calls (intercepted with nock). */
export const SLACK_API_ORIGIN = 'https://slack.test';
export const SLACK_API_URL = `${SLACK_API_ORIGIN}/api/`;
/** Where slash-command `respond()` answers go. */
export const RESPONSE_ORIGIN = 'https://hooks.slack.test';
export const BOT = { botId: 'B0BOT', botUserId: 'U0BOT', teamId: 'T0AU' } as const;

/** A Slack user as `users.info` returns it. */
export interface SlackUserFixture {
  id: string;
  name: string;
  email?: string;
  locale?: string;
}

/** Slack users matching the fixture people's e-mails (so catalogue roles apply). */
export const slackUsers = {
  bo: { id: 'U0BO', name: 'Bo Nielsen', email: 'bo.nielsen@cas.au.dk', locale: 'da-DK' },
  anna: { id: 'U0ANNA', name: 'Anna Berg', email: 'anna.berg@cas.au.dk', locale: 'en-US' },
  jonas: { id: 'U0JONAS', name: 'Jonas Vestergaard', email: 'jonas.vestergaard@au.dk', locale: 'en-GB' },
  emma: { id: 'U0EMMA', name: 'Emma Skov', email: 'emma.skov@au.dk', locale: 'en-GB' },
} satisfies Record<string, SlackUserFixture>;

/** A `users.info` answer body. */
export function usersInfoBody(u: SlackUserFixture): Record<string, unknown> {
  return {
    ok: true,
    user: {
      id: u.id,
      name: u.name.toLowerCase().replace(/\s+/g, '.'),
      real_name: u.name,
      tz: 'Europe/Copenhagen',
      ...(u.locale ? { locale: u.locale } : {}),
      profile: { real_name: u.name, display_name: u.name.split(' ')[0], ...(u.email ? { email: u.email } : {}) },
    },
  };
}

/** The form fields of a Slack Web API call body (the WebClient posts form-encoded; JSON-ish values stay strings). */
export function formOf(body: unknown): Record<string, string> {
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  return body as Record<string, string>;
}

/** A field of a Web API body that the WebClient JSON-encoded (blocks, view). */
export function jsonField<T = unknown>(body: unknown, field: string): T {
  const v = formOf(body)[field];
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/**
 * Answers every `chat.postMessage` of the bot from now on (`ts` 1.1, in the channel asked for) and records what it
 * posted: the blocks, else the text; oldest first.
 */
export function recordPosts(h: Pick<SlackHarness, 'api'>): string[] {
  const posted: string[] = [];
  h.api()
    .post('/api/chat.postMessage')
    .reply(200, (_uri, body) => {
      const form = formOf(body);
      posted.push(form['blocks'] ?? form['text'] ?? '');
      return { ok: true, channel: form['channel'], ts: '1.1' };
    })
    .persist();
  return posted;
}

/** A call of the bot to `chat.postEphemeral` or `chat.postMessage`: the method, the channel and the text. */
export interface SlackSay {
  method: string;
  channel?: string;
  text: string;
}

/**
 * From now on Slack refuses the bot's ephemeral messages (`not_in_channel`) and takes its posts (ts 1.1), any number
 * of times, or once each with `persist` false; those calls, oldest first.
 */
export function notInChannel(h: Pick<SlackHarness, 'api'>, persist = true): SlackSay[] {
  const calls: SlackSay[] = [];
  for (const method of ['chat.postEphemeral', 'chat.postMessage']) {
    const interceptor = h
      .api()
      .post(`/api/${method}`, (b) => {
        calls.push({ method, channel: formOf(b)['channel'], text: formOf(b)['text'] ?? '' });
        return true;
      })
      .reply(200, (_uri, b) =>
        method === 'chat.postEphemeral'
          ? { ok: false, error: 'not_in_channel' }
          : { ok: true, channel: formOf(b)['channel'], ts: '1.1' },
      );
    if (persist) interceptor.persist();
  }
  return calls;
}

export interface SlackHarness {
  services: Services;
  intake: IntakeEngine;
  client: SlackWebClient;
  directory: SlackDirectory;
  gateway: SlackGateway;
  transport: SlackTransport;
  server: RunningServer;
  url: string;
  api: () => nock.Scope;
  /** Replies to `users.info` for these users (any number of times). */
  knowUsers(...users: SlackUserFixture[]): void;
  /** Posts a signed request and waits until its work (also after the ack) is done. */
  send(body: SlackBody, opts?: SignedRequestOptions): Promise<Response>;
  person(u: SlackUserFixture): Promise<Person>;
  close(): Promise<void>;
}

/** How `startSlackHarness` sets the harness up. */
export interface SlackHarnessOptions {
  defaultLocale?: 'da' | 'en';
  ackDeadlineMs?: number;
  catalogue?: CatalogueIndex;
}

/**
 * For a test file or describe block whose tests each run on a harness of their own: before each test a new one
 * (`startSlackHarness` with `opts`, given anew for each test when a function) that knows `users` (`knowUsers`),
 * closed after the test. The harness the running test has, through a stand-in that reads it at each use (so it can
 * be held in a `const` from the start); used outside a test it throws.
 */
export function slackHarnessPerTest(
  opts: SlackHarnessOptions | (() => SlackHarnessOptions) = {},
  ...users: SlackUserFixture[]
): SlackHarness {
  let running: SlackHarness | undefined;
  beforeEach(async () => {
    running = await startSlackHarness(typeof opts === 'function' ? opts() : opts);
    running.knowUsers(...users);
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  return new Proxy({} as SlackHarness, {
    get(_, key) {
      if (!running) throw new Error('no Slack harness: it runs in a test only');
      return Reflect.get(running, key);
    },
  });
}

/**
 * The Slack transport on the real HTTP server (port 0) over the embedded services (SQLite in memory, the shipped
 * catalogue unless `catalogue` is given). The bot identity comes from one intercepted `auth.test`; every other Web API call must be
 * intercepted by the test (nock, network closed except to localhost).
 */
export async function startSlackHarness(opts: SlackHarnessOptions = {}): Promise<SlackHarness> {
  nock.disableNetConnect();
  nock.enableNetConnect(/(127\.0\.0\.1|localhost)/);
  const defaultLocale = opts.defaultLocale ?? 'en';
  const services = await buildServices({ defaultLocale, ...(opts.catalogue ? { catalogue: opts.catalogue } : {}) });
  const { store, catalogue, clock } = services;
  const logger = createLogger('silent');
  const knowledge = new KnowledgeService(store, catalogue);
  await knowledge.seed();
  const client = createSlackClient({ botToken: 'xoxb-test-token', logger, slackApiUrl: SLACK_API_URL });
  // As in the app: a changed address takes the person's cases by the former one along (`directory.settled` waits).
  const directory = new SlackDirectory({
    client,
    store,
    clock,
    defaultLocale,
    logger,
    moveAddress: (from, to, signal) => moveAddressCases(store, from, to, signal),
  });
  const intake = new IntakeEngine({
    store,
    catalogue,
    knowledge,
    register: services.register,
    clock,
    defaultLocale,
    directory: services.directory,
    isStaff: (p) => isStaff(p, catalogue),
  });
  const orders = new OrderEngine({
    store,
    catalogue,
    calendar: services.calendar,
    clock,
    directory: services.directory,
    register: services.register,
    defaultLocale,
  });
  // As in the app: DMs go through the router (text to an open order, else to the intake).
  const conversations = new ConversationRouter({ intake, orders });
  const api = () => nock(SLACK_API_ORIGIN);
  api().post('/api/auth.test').reply(200, {
    ok: true,
    user_id: BOT.botUserId,
    bot_id: BOT.botId,
    team_id: BOT.teamId,
    url: 'https://au.slack.test/',
  });
  const transport = await createSlackTransport({
    client,
    store,
    logger,
    cases: services.service,
    intake: conversations,
    staff: {
      cases: services.service,
      reports: new ReportService({
        store,
        catalogue,
        calendar: services.calendar,
        clock,
        timeZone: 'Europe/Copenhagen',
        defaultLocale,
      }),
      privacy: new PrivacyService({ store, catalogue, clock, defaultLocale, personRefs: slackPersonRefs }),
      majors: new MajorIncidentService({
        store,
        cases: services.service,
        clock,
        timeZone: 'Europe/Copenhagen',
        defaultLocale,
      }),
    },
    directory,
    profiles: directory,
    catalogue,
    isStaff: (p) => isStaff(p, catalogue),
    isAdmin: (p) => isAdmin(p, catalogue),
    defaultLocale,
    command: '/incident',
    signingSecret: TEST_SIGNING_SECRET,
    botToken: 'xoxb-test-token',
    slackApiUrl: SLACK_API_URL,
    keepFiles: (person, files) => keepFiles({ store, clock, logger }, person, files),
    fileDeps: slackFileDeps(client, 'xoxb-test-token'),
    // As in the app: a click in the daily digest shows the digest again as it stands (reads only).
    digest: new DailyDigest({
      store,
      catalogue,
      calendar: services.calendar,
      clock,
      directory: services.directory,
      logger,
      timeZone: 'Europe/Copenhagen',
      defaultLocale,
    }),
    ...(opts.ackDeadlineMs !== undefined ? { ackDeadlineMs: opts.ackDeadlineMs } : {}),
  });
  const server = await startHttpServer({
    logger,
    readiness: {},
    port: 0,
    host: '127.0.0.1',
    mount: (app) => mountSlack(app, transport, logger),
  });
  const url = `http://127.0.0.1:${server.port}${SLACK_EVENTS_PATH}`;
  return {
    services,
    intake,
    client,
    directory,
    gateway: new SlackGateway({ client, store }),
    transport,
    server,
    url,
    api,
    knowUsers(...users) {
      for (const u of users) {
        api()
          .post('/api/users.info', (b) => formOf(b)['user'] === u.id)
          .reply(200, usersInfoBody(u))
          .persist();
      }
    },
    async send(body, signOpts) {
      const res = await postSigned(url, body, signOpts);
      await res.clone().text();
      await transport.settled();
      return res;
    },
    async person(u) {
      return (await directory.lookup(`slack:${u.id}`))!;
    },
    async close() {
      await server.close(1000);
      await transport.stop();
      await services.close();
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
