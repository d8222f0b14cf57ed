import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_URL, LOGIN_URL } from '../src/bot/teams/graph-managers.js';
import { type GraphNews, GraphTroubleLog } from '../src/bot/teams/graph-trouble.js';
import { TeamsDirectory } from '../src/bot/teams/teams-directory.js';
import { TeamsRefs } from '../src/bot/teams/teams-refs.js';
import { loadConfig } from '../src/config/env.js';
import { deliveryChannels, graphManagersFor } from '../src/delivery-channels.js';
import { createLogger } from '../src/logger.js';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import { type FromOutboxWorker, OutboxThread } from '../src/outbox-thread.js';
import { graphTroubleToMain, outboxWorkerMessages } from '../src/outbox-worker-messages.js';
import { systemClock } from '../src/services/clock.js';
import { ManagersAbove } from '../src/services/manager-directory.js';
import { collectingLogger } from './helpers/collecting-logger.js';
import { tempDirs } from './helpers/temp-dir.js';

/**
 * With the outbox delivery worker (`OUTBOX_DELIVERY=worker`), its Teams directory asks Microsoft Graph for managers
 * too (for the cards it sends). Graph not allowing the bot to read managers is one line in the operator's log, not
 * one per thread: the worker's directory sends its Graph news to the main thread, whose log takes them with its own;
 * Graph answering in either thread lets the next refusal be logged again, and ends the other thread's cards' hiding
 * of "Manager". Graph's requests from the worker thread cannot be faked, so the worker's parts are tested here in
 * this thread (Graph faked by nock), and the real thread's messages with a stand-in worker.
 */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const GRAPH = new URL(GRAPH_URL).origin;
const LOGIN = new URL(LOGIN_URL).origin;
const dirs = tempDirs('outbox-worker-graph-log-');
const LONE = { id: 'teams:aad-lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk' };

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(async () => {
  nock.enableNetConnect();
  await dirs.cleanup();
});

/** Graph's token for anyone; Lone's manager refused (403) while `refusing()`, else Helle. */
function fakeGraph(refusing: () => boolean) {
  nock(LOGIN)
    .persist()
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .reply(200, { token_type: 'Bearer', expires_in: 3600, access_token: 'graph-token' });
  nock(GRAPH)
    .persist()
    .get('/v1.0/users/aad-lone/manager')
    .query(true)
    .reply(() =>
      refusing()
        ? [403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } }]
        : [200, { id: 'aad-helle', displayName: 'Helle Vestergaard', mail: 'helle.vestergaard@au.dk' }],
    );
}

/** The app's configuration with Teams credentials and Graph managers. */
async function graphConfig() {
  return loadConfig({
    DATA_DIR: await dirs.make(),
    TEAMS_CLIENT_ID: 'app-id',
    TEAMS_CLIENT_SECRET: 'app-secret',
    TEAMS_TENANT_ID: TENANT,
    TEAMS_GRAPH_MANAGERS: 'true',
  });
}

/** The operator's warnings that the bot may not read managers. */
const denials = (lines: Record<string, unknown>[]) =>
  lines.filter((l) => String(l['msg']).startsWith('TEAMS_GRAPH_MANAGERS=true, but'));

describe("Microsoft Graph's refusal met by the main thread and the outbox worker", () => {
  it('is logged once, by the main thread, and again once after Graph answered in the worker', async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    try {
      const config = await graphConfig();
      let refusing = true;
      fakeGraph(() => refusing);
      const main = collectingLogger();
      const worker = collectingLogger();
      const graphLog = new GraphTroubleLog(main.logger);
      // The worker's news reach the main thread as structured clones, as through the thread's port.
      const toMain = (message: FromOutboxWorker) => {
        if (message.type === 'graph-refused' || message.type === 'graph-answered')
          graphLog.fromWorker(structuredClone(message));
      };
      const channels = deliveryChannels(
        config,
        {},
        {
          store,
          clock: systemClock,
          logger: worker.logger,
          graphTrouble: graphTroubleToMain(toMain, () => undefined),
        },
      );
      const workerDirectory = channels.directories.find((d) => d.prefix === 'teams:')?.directory;
      const mainDirectory = new TeamsDirectory(
        new TeamsRefs(store),
        undefined,
        undefined,
        graphManagersFor(config, main.logger, graphLog),
      );
      const all = () => [...main.lines, ...worker.lines];

      await mainDirectory.managerOf(LONE.id);
      await workerDirectory?.managerOf?.(LONE.id);
      await workerDirectory?.managerOf?.(LONE.id);
      expect(denials(all())).toHaveLength(1);
      expect(denials(worker.lines)).toEqual([]);
      expect(denials(main.lines)[0]).toMatchObject({ reason: 'graph 403' });

      // An administrator grants it; the worker's look-up is answered, then it is taken back: logged once more.
      refusing = false;
      await workerDirectory?.managerOf?.(LONE.id);
      refusing = true;
      await mainDirectory.managerOf(LONE.id);
      await workerDirectory?.managerOf?.(LONE.id);
      expect(denials(all())).toHaveLength(2);
      expect(denials(worker.lines)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('ends the worker\'s cards\' hiding of "Manager" when Graph answered in the main thread', async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    try {
      const config = await graphConfig();
      fakeGraph(() => true);
      const posted: FromOutboxWorker[] = [];
      let above: ManagersAbove | undefined;
      const channels = deliveryChannels(
        config,
        {},
        {
          store,
          clock: systemClock,
          logger: createLogger('silent'),
          graphTrouble: graphTroubleToMain(
            (m) => posted.push(m),
            () => above,
          ),
        },
      );
      const directory = channels.directories.find((d) => d.prefix === 'teams:')?.directory;
      if (!directory) throw new Error('no Teams directory');
      above = new ManagersAbove({ directory, asksGraph: () => true, now: Date.now });
      const handle = outboxWorkerMessages({
        dispatcher: {
          start() {},
          kick() {},
          runOnce: async () => ({ sent: 0, retried: 0, dead: 0 }),
          stop: async () => {},
        },
        close: async () => {},
        directory,
        above,
        post: (m) => posted.push(m),
        closePort: () => {},
      });

      // Graph refuses: her cards hide "Manager" (nobody above her, as far as the worker knows), and the main thread
      // is told.
      await above.ask(LONE);
      expect(above.knownNobodyAbove(LONE)).toBe(true);
      expect(posted).toMatchObject([{ type: 'graph-refused', trouble: { reason: 'graph 403', denied: true } }]);

      // Graph answers a look-up in the main thread: the worker's cards no longer hide it (the click tells).
      handle({ type: 'graph-answered' });
      expect(above.knownNobodyAbove(LONE)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it("is taken by the real thread: the worker's refusal goes to onGraph, and the main thread's answer to the worker", async () => {
    const news: GraphNews[] = [];
    let told: () => void = () => {};
    const next = () =>
      new Promise<void>((resolve) => {
        told = resolve;
      });
    let refused = next();
    const thread = await OutboxThread.start({
      config: loadConfig({ DATA_DIR: await dirs.make() }),
      logger: createLogger('silent'),
      entry: new URL('./helpers/outbox-worker-graph-stand-in.ts', import.meta.url),
      onGraph: (n) => {
        news.push(n);
        told();
      },
    });
    try {
      await refused;
      expect(news).toMatchObject([{ type: 'graph-refused', trouble: { reason: 'graph 403', denied: true } }]);
      refused = next();
      thread.graphAnswered();
      await refused;
      expect(news.at(-1)).toEqual({ type: 'graph-answered' });
    } finally {
      await thread.close();
    }
  }, 60_000);
});
