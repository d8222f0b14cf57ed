import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { type RunningApp, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logger.js';
import { defaultTransports } from '../../src/transports.js';
import { type MockConnector, startMockConnector } from './mock-connector.js';

/** The Slack signing secret the bench app and the bare Bolt app verify. */
export const BENCH_SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
/** Staff added to the ARTS desk of the bench catalogue: one per claim, so no person's rate limit is reached. */
export const BENCH_STAFF = 400;

/**
 * Teams user id and Slack user id of bench staff member `n`; the mock platform (mock-connector-child.ts) resolves
 * both to `staff-<n>@au.dk`.
 */
export const staffTeamsId = (n: number): string => `29:staff-${n}`;
export const staffSlackId = (n: number): string => `USTAFF${n}`;

export interface BenchApp {
  app: RunningApp;
  base: string;
  connector: MockConnector;
  /**
   * Waits (untimed) until the outbox has delivered what the measured requests left behind, so that work does not
   * run during the next series (e.g. the bare bot's): until nothing is pending, or nothing moved for 2 s, or 30 s.
   */
  settle(): Promise<void>;
  /** Waits until every request received so far is fully processed, the work after Slack's acknowledgement too. */
  requestsDone(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole bot as `main.ts` starts it (SQLite in a temp dir, Teams anonymous, Slack over HTTP with signatures),
 * with the repository's catalogue plus `BENCH_STAFF` extra ARTS staff, every outbound Teams and Slack call going
 * to one local mock connector, logging off. The SLA sweeper and dispatcher run as in production.
 */
export async function startBenchApp(): Promise<BenchApp> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-app-'));
  // From the repository root (where `npm run bench` runs), so a compiled copy of this file finds it too.
  const source = path.resolve('config/catalogue.yaml');
  const doc = parse(await readFile(source, 'utf8')) as { groups: { id: string; members: string[] }[] };
  const arts = doc.groups.find((g) => g.id === 'arts-support');
  if (!arts) throw new Error('the catalogue has no arts-support group');
  arts.members.push(...Array.from({ length: BENCH_STAFF }, (_, n) => `staff-${n}@au.dk`));
  const catalogue = path.join(dir, 'catalogue.yaml');
  await writeFile(catalogue, stringify(doc));

  const connector = await startMockConnector();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: path.join(dir, 'data'),
    CATALOGUE_PATH: catalogue,
    LOG_LEVEL: 'silent',
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    ...(process.env.OUTBOX_DELIVERY ? { OUTBOX_DELIVERY: process.env.OUTBOX_DELIVERY } : {}),
  });
  const platform = { teamsServiceUrl: connector.serviceUrl, slackApiUrl: `${connector.serviceUrl}api/` };
  const app = await startApp(config, {
    logger: createLogger('silent'),
    transports: defaultTransports(config, {
      ...platform,
      slackIdentity: { botId: 'B0BENCH', botUserId: 'U0BENCH' },
    }),
    outbox: { overrides: platform },
  });
  const requestsDone = async () => {
    await Promise.all(app.transports.map((t) => t.settled?.()));
  };
  return {
    app,
    base: `http://127.0.0.1:${app.http.port}`,
    connector,
    requestsDone,
    async settle() {
      await requestsDone();
      const until = Date.now() + 30_000;
      let last = Number.NaN;
      let still = 0;
      for (;;) {
        const { pending } = await app.services.store.outboxStats();
        if (pending === 0 || Date.now() > until) return;
        still = pending === last ? still + 1 : 0;
        if (still >= 20) return;
        last = pending;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await app.stop();
      await connector.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
