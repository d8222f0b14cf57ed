import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/logger.js';
import { OutboxThread } from '../src/outbox-thread.js';
import { loopbackOnly } from './helpers/loopback-only.js';
import { tempDirs } from './helpers/temp-dir.js';

/**
 * The delivery worker reads MANAGERS_FILE itself (for whether anyone is above the one a message's case card goes
 * to). A file that cannot be read when the worker starts (broken or gone since the main thread read it) leaves those
 * cards as without a managers file: the worker still starts, and delivery stays off the request thread.
 */

const dirs = tempDirs('outbox-worker-managers-');
loopbackOnly();
afterAll(async () => {
  await dirs.cleanup();
});

describe('outbox worker with MANAGERS_FILE', () => {
  it('starts when the managers file cannot be read any more', async () => {
    const dataDir = await dirs.make();
    const config = loadConfig({ DATA_DIR: dataDir, MANAGERS_FILE: path.join(dataDir, 'gone.csv') });
    const thread = await OutboxThread.start({ config, logger: createLogger('silent') });
    try {
      expect(await thread.runOnce()).toMatchObject({ sent: 0, dead: 0 });
    } finally {
      await thread.close();
    }
  }, 60_000);
});
