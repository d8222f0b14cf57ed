import nock from 'nock';
import { type RunningApp, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { CaseStore } from '../../src/models/case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { defaultTransports, type TransportOverrides } from '../../src/transports.js';
import { SERVICE_URL } from './teams-activities.js';

/** Host of the fake Bot Connector (the `serviceUrl` of test activities and the app's Teams service URL). */
export const CONNECTOR = new URL(SERVICE_URL).origin;

/** One call the app made to the fake connector. */
export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

export interface TeamsApp {
  app: RunningApp;
  clock: ManualClock;
  /** Every connector call, in order (the fake member lookup is not recorded). */
  calls: ConnectorCall[];
  /** Posts an activity to the app's /api/messages. */
  post(activity: object): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The whole app (`startApp` with the real Teams transport, embedded SQLite in `dataDir`, the catalogue in
 * config/) on a free port, with a manual clock (default: a minute after the wall clock) and the outbox loop
 * stopped: tests drive deliveries with `app.services.dispatcher.runOnce()`. The fake connector answers member
 * lookups from `emails` (Teams user id → e-mail; 404 otherwise); other connector calls are for the test to fake
 * (persisting interceptors can record into `calls` via `recordConnector`).
 */
export async function startTeamsApp(opts: {
  dataDir: string;
  emails: Record<string, string>;
  now?: Date;
  /** Extra environment for `loadConfig`, e.g. `CATALOGUE_PATH` of a test catalogue; default none. */
  env?: Record<string, string>;
  /** The app's logger; default silent (or `TEST_LOG_LEVEL`). */
  logger?: Logger;
  /** The app's store (e.g. a `flakyStore` around the SQLite store in `dataDir`); default the app's own. */
  store?: CaseStore;
  /** More transport overrides (e.g. Slack's API URL and identity, with Slack on in `env`); default none. */
  transports?: TransportOverrides;
}): Promise<TeamsApp> {
  // Near the wall clock (the store stamps its own times with this clock too), but moving only when a test says.
  const clock = new ManualClock(opts.now ?? new Date(Date.now() + 60_000));
  nock(CONNECTOR)
    .persist()
    .get(/\/teams\/v3\/conversations\/[^/]+\/members\/.+/)
    .reply((uri) => {
      const userId = decodeURIComponent(uri.split('/members/')[1] ?? '');
      const email = opts.emails[userId];
      return email ? [200, { id: userId, email, userPrincipalName: email }] : [404, {}];
    });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    LOG_LEVEL: 'silent',
    // Deliveries in the test's thread, where nock fakes the connector (nock cannot see a worker thread).
    OUTBOX_DELIVERY: 'inline',
    ...opts.env,
  });
  const app = await startApp(config, {
    logger: opts.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    clock,
    ...(opts.store ? { store: opts.store } : {}),
    slaSweepIntervalMs: 3_600_000,
    transports: defaultTransports(config, { ...opts.transports, teamsServiceUrl: SERVICE_URL }),
  });
  // Deliveries are the test's to drive (`runOnce`), never a timer's.
  await app.services.dispatcher.stop();
  const url = `http://127.0.0.1:${app.http.port}/api/messages`;
  return {
    app,
    clock,
    calls: [],
    post: (activity) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) }),
    stop: () => app.stop(),
  };
}

/**
 * Fakes the connector's sends (POST activities, thread replies), new conversations (channel posts answer with
 * a thread id and `activityId`, 1:1 ones with a new chat) and updates (PUT), recording each into `calls`.
 */
export function recordConnector(calls: ConnectorCall[]): void {
  let n = 0;
  const record = (method: string) => (path: string, body: unknown) => {
    calls.push({ method, path: decodeURIComponent(path), body: body as Record<string, unknown> });
    n += 1;
    return n;
  };
  const post = record('POST');
  const put = record('PUT');
  nock(CONNECTOR)
    .persist()
    .post(/\/teams\/v3\/conversations\/.+\/activities(\/.+)?$/)
    .reply(201, (path, body) => ({ id: `sent-${post(path, body)}` }))
    .put(/\/teams\/v3\/conversations\/.+\/activities\/.+$/)
    .reply(200, (path, body) => ({ id: `updated-${put(path, body)}` }))
    .post(/\/teams\/v3\/conversations\/?$/)
    .reply(201, (path, body) => {
      const i = post(path, body);
      const channelId = (body as { channelData?: { channel?: { id?: string } } }).channelData?.channel?.id;
      const messageId = String(1_700_000_000_000 + i);
      return channelId ? { id: `${channelId};messageid=${messageId}`, activityId: messageId } : { id: `a:chat-${i}` };
    });
}

/** The Adaptive Card JSON an activity (or invoke response) carries, as text for `toContain`. */
export function cardJson(body: Record<string, unknown> | undefined): string {
  const attachments = (body?.attachments ?? (body?.activity as Record<string, unknown> | undefined)?.attachments) as
    | { content?: unknown }[]
    | undefined;
  return JSON.stringify(attachments?.map((a) => a.content) ?? body?.value ?? null);
}
