import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_URL, GraphManagers, LOGIN_URL } from '../src/bot/teams/graph-managers.js';
import { TeamsDirectory } from '../src/bot/teams/teams-directory.js';
import { TeamsRefs } from '../src/bot/teams/teams-refs.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/logger.js';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import { OutboxThread } from '../src/outbox-thread.js';
import { outboxWorkerMessages } from '../src/outbox-worker-messages.js';
import { ManagersAbove } from '../src/services/manager-directory.js';
import { tempDirs } from './helpers/temp-dir.js';
import { collectingLogger } from './helpers/collecting-logger.js';

/**
 * `admin erase` tells the delivery worker to forget the person (`forget`), as the main thread's memory is told: the
 * worker's `ManagersAbove` drops whether anyone is above her, and its Teams directory drops a Graph manager it warned
 * about. Graph's requests from the worker thread cannot be faked, so the worker's message handling is tested here on
 * its parts in this thread (Graph faked by nock), and the real worker only for taking the message.
 */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const GRAPH = new URL(GRAPH_URL).origin;
const LOGIN = new URL(LOGIN_URL).origin;
const dirs = tempDirs('outbox-worker-forget-');

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

describe("the outbox worker's forget", () => {
  it('drops whether anyone is above the erased person, and the Graph manager it warned about', async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    try {
      const refs = new TeamsRefs(store, { refreshMs: 60_000, recheckMs: 5_000 });
      await refs.savePerson(
        'teams:aad-anna',
        { userId: '29:anna', name: 'Anna Berg', email: 'anna.berg@au.dk' },
        new Date(),
      );
      const { logger, lines } = collectingLogger();
      const graph = new GraphManagers({ tenantId: TENANT, clientId: 'app-id', clientSecret: 'app-secret' });
      const directory = new TeamsDirectory(refs, undefined, undefined, { graph, logger });
      const above = new ManagersAbove({ directory, asksGraph: () => true, now: Date.now });
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
        post: () => {},
        closePort: () => {},
      });
      nock(LOGIN).post(`/${TENANT}/oauth2/v2.0/token`).reply(200, { expires_in: 3599, access_token: 'graph-token' });
      // Graph names Lise as Anna's manager; Lise has never written to the bot.
      const asked = nock(GRAPH)
        .persist()
        .get('/v1.0/users/aad-anna/manager')
        .query(true)
        .reply(200, { id: 'aad-lise', displayName: 'Lise Damgaard', mail: 'lise.damgaard@au.dk' });
      const warned = () => lines.filter((l) => l['manager'] === 'lise.damgaard@au.dk');
      const anna = { id: 'teams:aad-anna', name: 'Anna Berg', email: 'anna.berg@au.dk' };

      await above.ask(anna);
      expect(asked.isDone()).toBe(true);
      expect(above.knownNobodyAbove(anna)).toBe(true);
      expect(warned()).toHaveLength(1);

      // Anna is erased: whether anyone is above her is not known any more (with Graph: her card offers it).
      handle({ type: 'forget', personIds: ['teams:aad-anna'], email: 'anna.berg@au.dk' });
      expect(above.knownNobodyAbove(anna)).toBe(false);

      // Lise is erased: Graph still naming her is warned about once more.
      await directory.managerOf('teams:aad-anna');
      expect(warned()).toHaveLength(1);
      handle({ type: 'forget', personIds: ['teams:aad-lise'], email: 'lise.damgaard@au.dk' });
      await directory.managerOf('teams:aad-anna');
      expect(warned()).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('is taken by the real worker thread, which delivers on', async () => {
    const dataDir = await dirs.make();
    const thread = await OutboxThread.start({
      config: loadConfig({ DATA_DIR: dataDir }),
      logger: createLogger('silent'),
    });
    try {
      thread.forget(['teams:aad-anna'], 'anna.berg@au.dk');
      expect(await thread.runOnce()).toMatchObject({ sent: 0, dead: 0 });
    } finally {
      await thread.close();
    }
  }, 60_000);
});
