import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../../src/models/sqlite/checkpointer.js';
import { SQLITE_FILE_NAME } from '../../../src/models/sqlite/open-database.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs('sqlite-checkpoint-');
afterAll(() => dirs.cleanup());

const walSize = (dir: string): number => {
  const wal = path.join(dir, `${SQLITE_FILE_NAME}-wal`);
  return existsSync(wal) ? statSync(wal).size : 0;
};

/** Writes `bursts` bursts of 40 cases with a note each, pausing between bursts; returns the largest WAL seen. */
async function writeInBursts(store: SqliteCaseStore, dir: string, bursts: number): Promise<number> {
  let largest = 0;
  for (let b = 0; b < bursts; b++) {
    for (let i = 0; i < 40; i++) {
      const c = await store.createCase(buildNewCase({ description: 'x'.repeat(2000) }));
      await store.updateCase({ ...c, title: `${c.title} (seen)` }, c.version);
    }
    largest = Math.max(largest, walSize(dir));
    await sleep(60);
  }
  return largest;
}

describe('SQLite checkpoint worker', () => {
  it('keeps the WAL bounded while the main connection never checkpoints itself when writes come in bursts', async () => {
    const withWorker = await dirs.make();
    const without = await dirs.make();
    const a = new SqliteCaseStore({ dataDir: withWorker, checkpointIntervalMs: 10 });
    // The control: no worker and (by the backstop's size) no checkpoint in the commits either.
    const b = new SqliteCaseStore({ dataDir: without, checkpointIntervalMs: 0 });
    await a.init();
    await b.init();
    try {
      const bounded = await writeInBursts(a, withWorker, 12);
      (b as unknown as { db: { pragma(s: string): unknown } }).db.pragma('wal_autocheckpoint = 1000000');
      const unbounded = await writeInBursts(b, without, 12);
      // 12 bursts of 80 writes of ~3 KB documents: the control's log keeps every page it wrote.
      expect(unbounded).toBeGreaterThan(4 * 1024 * 1024);
      expect(bounded).toBeLessThan(unbounded / 3);
      // The writes reached the database file itself, not only the log.
      expect(statSync(path.join(withWorker, SQLITE_FILE_NAME)).size).toBeGreaterThan(1024 * 1024);
      expect(await a.countCases({})).toBe(480);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('stops the worker and closes its connection when the store is closed', async () => {
    const dir = await dirs.make();
    const store = new SqliteCaseStore({ dataDir: dir, checkpointIntervalMs: 10 });
    await store.init();
    await store.createCase(buildNewCase());
    await sleep(30);
    await store.close();
    // SQLite removes the -wal file when its last connection closes: the worker's connection is closed too.
    expect(existsSync(path.join(dir, `${SQLITE_FILE_NAME}-wal`))).toBe(false);
  });

  it('reports the worker as stopped after stop(), and a second stop() is harmless', async () => {
    const dir = await dirs.make();
    const store = new SqliteCaseStore({ dataDir: dir, checkpointIntervalMs: 0 });
    await store.init();
    try {
      const cp = startCheckpointer(path.join(dir, SQLITE_FILE_NAME), { intervalMs: 10 });
      expect(cp.running).toBe(true);
      await cp.stop();
      expect(cp.running).toBe(false);
      await cp.stop();
    } finally {
      await store.close();
    }
  });

  it('reports an error and stops when the database file does not exist', async () => {
    const dir = await dirs.make();
    const errors: unknown[] = [];
    const cp = startCheckpointer(path.join(dir, 'missing.sqlite'), { intervalMs: 10, onError: (e) => errors.push(e) });
    await cp.stop();
    expect(cp.running).toBe(false);
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('SQLite checkpoints from another connection (the outbox delivery worker)', () => {
  it('keeps the WAL bounded by the timer of a second connection while the writing one leaves it elsewhere', async () => {
    const shared = await dirs.make();
    const alone = await dirs.make();
    const writer = new SqliteCaseStore({ dataDir: shared, checkpointIntervalMs: 10, checkpoints: 'elsewhere' });
    await writer.init();
    const worker = new SqliteCaseStore({ dataDir: shared, checkpointIntervalMs: 10, checkpoints: 'timer' });
    await worker.init();
    // The control: checkpoints left elsewhere, but nobody there; only the backstop, far beyond this test's writes.
    const control = new SqliteCaseStore({ dataDir: alone, checkpointIntervalMs: 10, checkpoints: 'elsewhere' });
    await control.init();
    try {
      const bounded = await writeInBursts(writer, shared, 12);
      const unbounded = await writeInBursts(control, alone, 12);
      expect(unbounded).toBeGreaterThan(4 * 1024 * 1024);
      expect(bounded).toBeLessThan(unbounded / 3);
      expect(await worker.countCases({})).toBe(480);
    } finally {
      await worker.close();
      await writer.close();
      await control.close();
    }
  });

  it('checkpoints in a thread of its own once told to, when the other connection never comes', async () => {
    const dir = await dirs.make();
    const alone = await dirs.make();
    const store = new SqliteCaseStore({ dataDir: dir, checkpointIntervalMs: 10, checkpoints: 'elsewhere' });
    const control = new SqliteCaseStore({ dataDir: alone, checkpointIntervalMs: 10, checkpoints: 'elsewhere' });
    await store.init();
    await control.init();
    try {
      store.checkpointInBackground();
      store.checkpointInBackground(); // a second call starts no second thread
      const bounded = await writeInBursts(store, dir, 12);
      const unbounded = await writeInBursts(control, alone, 12);
      expect(unbounded).toBeGreaterThan(4 * 1024 * 1024);
      expect(bounded).toBeLessThan(unbounded / 3);
    } finally {
      await store.close();
      await control.close();
    }
    // The thread's connection was closed with the store (SQLite removes the -wal file with the last connection).
    expect(existsSync(path.join(dir, `${SQLITE_FILE_NAME}-wal`))).toBe(false);
  });
});
