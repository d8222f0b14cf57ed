import nock from 'nock';
import { expect } from 'vitest';
import { type RunningApp, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logger.js';
import type { Case } from '../../src/models/case.js';
import type { CaseStore } from '../../src/models/case-store.js';
import type { Clock } from '../../src/services/clock.js';
import { createRegisterCase } from '../../src/services/lifecycle/register-case.js';
import type { RateLimitOptions } from '../../src/services/rate-limit.js';
import { defaultTransports } from '../../src/transports.js';
import { driveToSummary } from './drive-intake.js';
import { people } from './people.js';
import { wifiInput } from './services.js';
import { formOf, type SlackUserFixture, usersInfoBody } from './slack-harness.js';
import { postSigned, type SignedRequestOptions, type SlackBody, TEST_SIGNING_SECRET } from './slack-signer.js';

export const HARDENING_SLACK_API = 'https://slack.test/api/';
export const HARDENING_TEAMS_URL = 'https://smba.test/teams/';
export const HOOKS_ORIGIN = 'https://hooks.slack.test';

/** One Slack Web API call the app made: method and form fields. */
export interface SlackCall {
  method: string;
  body: Record<string, string>;
}

/** One activity the app sent to the fake Teams connector. */
export interface TeamsCall {
  path: string;
  body: { type?: string; text?: string; attachments?: { content: unknown }[] };
}

export interface HardenedApp {
  app: RunningApp;
  base: string;
  slackCalls: SlackCall[];
  teamsCalls: TeamsCall[];
  /** What was posted to slash commands' response URLs (path and body). */
  responses: { path: string; body: Record<string, unknown> }[];
  slack(body: SlackBody, opts?: SignedRequestOptions): Promise<Response>;
  teams(activity: object, token?: string): Promise<Response>;
  /** Waits until Slack's work after the acknowledgement is done. */
  stop(): Promise<void>;
}

export interface HardenedAppOptions {
  dataDir: string;
  store?: CaseStore;
  clock?: Clock;
  rateLimit?: RateLimitOptions | false;
  env?: Record<string, string>;
  /** Slack users `users.info` knows. */
  slackUsers?: SlackUserFixture[];
  /** Dispatcher poll interval; default 50 ms. */
  dispatchIntervalMs?: number;
  /** E-mails the fake Teams member lookup gives, by Teams user id (404 for anyone else); default none. */
  teamsEmails?: Record<string, string>;
}

/**
 * The whole app (`startApp` + `defaultTransports`, Teams anonymous unless `env` configures credentials, Slack
 * with the test signing secret) on a random port, with persistent nock fakes of the Slack Web API, the slash
 * commands' response URLs and the Teams connector that record every call. The caller cleans nock up.
 */
export async function startHardenedApp(opts: HardenedAppOptions): Promise<HardenedApp> {
  const slackCalls: SlackCall[] = [];
  const teamsCalls: TeamsCall[] = [];
  const responses: HardenedApp['responses'] = [];
  const users = new Map((opts.slackUsers ?? []).map((u) => [u.id, u]));
  let seq = 0;
  nock('https://slack.test')
    .persist()
    .post(/\/api\/.+/)
    .reply(200, (uri, raw) => {
      const method = uri.replace(/^\/api\//, '');
      const body = formOf(raw);
      slackCalls.push({ method, body });
      seq += 1;
      if (method === 'users.info') {
        const u = users.get(body['user'] ?? '');
        return u ? usersInfoBody(u) : { ok: false, error: 'user_not_found' };
      }
      if (method === 'views.open' || method === 'views.update') return { ok: true, view: { id: `V${seq}` } };
      if (method === 'conversations.open') return { ok: true, channel: { id: `D${body['users'] ?? seq}` } };
      return { ok: true, ts: `1700000000.${String(seq).padStart(6, '0')}`, channel: body['channel'] ?? 'C0' };
    });
  nock(HOOKS_ORIGIN)
    .persist()
    .post(/.*/)
    .reply(200, (path, body) => {
      responses.push({ path, body: body as Record<string, unknown> });
      return { ok: true };
    });
  nock('https://smba.test')
    .persist()
    .post(/\/teams\/v3\/conversations\/.+\/activities(\/.*)?$/)
    .reply(200, (path, body) => {
      teamsCalls.push({ path, body: body as TeamsCall['body'] });
      return { id: `sent-${teamsCalls.length}` };
    })
    .put(/\/teams\/v3\/conversations\/.+\/activities\/.+$/)
    .reply(200, (path, body) => {
      teamsCalls.push({ path, body: body as TeamsCall['body'] });
      return { id: 'updated' };
    })
    .post(/\/teams\/v3\/conversations\/?$/)
    .reply(200, (path, body) => {
      teamsCalls.push({ path, body: body as TeamsCall['body'] });
      const channelId = (body as { channelData?: { channel?: { id?: string } } }).channelData?.channel?.id;
      const n = 1_700_000_000_000 + teamsCalls.length;
      return { id: channelId ? `${channelId};messageid=${n}` : `a:created-${n}`, activityId: String(n) };
    })
    .get(/\/teams\/v3\/conversations\/.+\/members\/.+/)
    .reply((uri) => {
      const userId = decodeURIComponent(uri.split('/members/')[1] ?? '');
      const email = opts.teamsEmails?.[userId];
      return email ? [200, { id: userId, email, userPrincipalName: email }] : [404, {}];
    });

  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    LOG_LEVEL: 'silent',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    // Deliveries in the test's thread, where nock fakes Teams and Slack (nock cannot see a worker thread).
    OUTBOX_DELIVERY: 'inline',
    ...opts.env,
  });
  const app = await startApp(config, {
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    dispatchIntervalMs: opts.dispatchIntervalMs ?? 50,
    transports: defaultTransports(config, {
      slackApiUrl: HARDENING_SLACK_API,
      teamsServiceUrl: HARDENING_TEAMS_URL,
      slackIdentity: { botId: 'B0BOT', botUserId: 'U0BOT' },
      ...(opts.rateLimit !== undefined ? { rateLimit: opts.rateLimit } : {}),
    }),
  });
  const base = `http://127.0.0.1:${app.http.port}`;
  return {
    app,
    base,
    slackCalls,
    teamsCalls,
    responses,
    slack: (body, signOpts) => postSigned(`${base}/slack/events`, body, signOpts),
    teams: (activity, token) =>
      fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(activity),
      }),
    stop: () => app.stop(),
  };
}

/** Runs `tasks` with at most `limit` in flight; resolves with their results in order. */
export async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** The text of everything in a Teams activity (its card JSON included). */
export const teamsText = (c: TeamsCall): string => JSON.stringify(c.body);

/** Bo as Slack's `users.info` knows him (give him to `startHardenedApp` as `slackUsers`). */
export const SLACK_BO = {
  id: 'U0BO',
  name: 'Bo Nielsen',
  email: 'bo.nielsen@cas.au.dk',
  locale: 'da-DK',
} satisfies SlackUserFixture;

/**
 * Bo reports a printer problem in the Slack form (a modal, so he gets a receipt in his DM besides the case cards for
 * Teams and Slack), through the real intake of the app; returns the case.
 */
export async function reportPrinterAsBo(app: HardenedApp): Promise<Case> {
  const base = {
    conversationKey: 'slack:modal:U0BO',
    surface: 'form' as const,
    person: { id: 'slack:U0BO', name: SLACK_BO.name, email: SLACK_BO.email, locale: 'da' as const },
    platform: 'slack' as const,
    locale: 'da',
  };
  await driveToSummary(app.app.services.intake, base, 'Printeren på 2. sal printer ikke');
  const done = await app.app.services.intake.handle({ ...base, text: 'bekræft' });
  expect(done.state).toBe('done');
  return done.case!;
}

/**
 * Emma (ARTS Support) writes an internal note on `c` at its version `c.version` — while someone else has the case's
 * card or form open at that version, which is stale from then on.
 */
export async function emmaNotesMeanwhile(app: HardenedApp, c: Case): Promise<void> {
  const noted = await app.app.services.actions.act(people.emma, {
    verb: 'note',
    caseId: c.id,
    version: c.version,
    text: 'Checked the access point',
    visibility: 'internal',
  });
  expect(noted.ok).toBe(true);
}

/**
 * Delivers everything the outbox holds, for an app whose dispatcher's timer the test stopped: rounds of the
 * dispatcher until one sends, retries and gives up nothing (at most 20).
 */
export async function settleOutbox(app: HardenedApp): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const r = await app.app.services.dispatcher.runOnce();
    if (r.sent + r.retried + r.dead === 0) return;
  }
}

/**
 * Anna's Wi-Fi case registered at ARTS Support, its channel cards delivered (`settleOutbox`); the case as stored then,
 * with its cards.
 */
export async function annasWifiCase(app: HardenedApp): Promise<Case> {
  const { store, catalogue, calendar, clock, config } = app.app.services;
  const register = createRegisterCase({ store, catalogue, calendar, clock, defaultLocale: config.defaultLocale });
  const c = await register(wifiInput(people.anna), people.anna);
  await settleOutbox(app);
  return (await store.getCase(c.id))!;
}
