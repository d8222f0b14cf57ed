import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/logger.js';
import { loopbackOnly } from './helpers/loopback-only.js';
import { tempDirs } from './helpers/temp-dir.js';

const dirs = tempDirs('app-shutdown-');
const STAND_IN = new URL('./helpers/outbox-worker-stand-in.ts', import.meta.url);

loopbackOnly();
afterAll(() => dirs.cleanup());

describe('RunningApp.stop', () => {
  it("waits for the outbox worker's batch in flight once, within its close timeout, when the batch never finishes", async () => {
    const dataDir = await dirs.make();
    // The stand-in worker answers neither `stop` nor `close` (a stalled platform call, a store waiting for a lock).
    await writeFile(path.join(dataDir, 'hang-on-stop'), '');
    await writeFile(path.join(dataDir, 'hang-on-close'), '');
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const app = await startApp(config, {
      logger: createLogger('silent'),
      outbox: { delivery: 'worker', entry: STAND_IN, closeTimeoutMs: 1_000 },
    });
    const started = Date.now();
    await app.stop();
    const took = Date.now() - started;
    // One bound (not a stop and then a close, each waiting for it; nor an unbounded stop).
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(1_800);
    expect(await fetch(`http://127.0.0.1:${app.http.port}/healthz`).catch(() => 'refused')).toBe('refused');
  }, 30_000);
});
