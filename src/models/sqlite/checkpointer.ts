import { createRequire } from 'node:module';
import type { Database } from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** How often the checkpoint worker copies the WAL back into the database file by default (ms). */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;

/** A background checkpointer; `stop()` ends it and closes its connection (idempotent). */
export interface Checkpointer {
  stop(): Promise<void>;
  /** False once the worker has exited (stopped, or died). */
  readonly running: boolean;
}

export interface CheckpointerOptions {
  /** Time between two passive checkpoints (default `DEFAULT_CHECKPOINT_INTERVAL_MS`). */
  intervalMs?: number;
  /** Told when a checkpoint fails or the worker dies; the store goes on (the main connection's backstop remains). */
  onError?: (err: unknown) => void;
}

/**
 * The worker's program, as plain CommonJS so it runs the same under tsx, vitest and compiled JS. It opens its own
 * connection and runs `PRAGMA wal_checkpoint(PASSIVE)` every interval: a passive checkpoint never waits for and
 * never blocks the writers of other connections, it copies what it can and leaves the rest for the next round.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const tick = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message ? err.message : err) });
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Starts a worker thread that checkpoints the WAL of `file` periodically with its own connection, so the
 * checkpoint's page copies and its fsync run off the event loop instead of inside whichever commit crossed the
 * auto-checkpoint mark. The worker does not keep the process alive.
 */
export function startCheckpointer(file: string, opts: CheckpointerOptions = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs: opts.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS },
  });
  worker.unref();
  let running = true;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      running = false;
      resolve();
    });
  });
  worker.on('message', (m: { error?: string }) => {
    if (m.error) opts.onError?.(new Error(`WAL checkpoint failed: ${m.error}`));
  });
  worker.on('error', (err) => opts.onError?.(err));
  let stopping: Promise<void> | null = null;
  return {
    get running() {
      return running;
    },
    stop() {
      stopping ??= (async () => {
        if (!running) return;
        worker.postMessage('stop');
        // A worker stuck in a checkpoint is ended after a while rather than holding close() forever.
        const timer = setTimeout(() => void worker.terminate(), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/**
 * Checkpoints `db` itself every interval (`PRAGMA wal_checkpoint(PASSIVE)`), on the thread that owns it: for a
 * connection that lives in a worker thread already, where the page copies hold up nobody's request and a thread
 * of its own would only cost memory. The timer does not keep the process alive.
 */
export function startTimerCheckpointer(db: Database, opts: CheckpointerOptions = {}): Checkpointer {
  let running = true;
  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      opts.onError?.(new Error(`WAL checkpoint failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  }, opts.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS);
  timer.unref();
  return {
    get running() {
      return running;
    },
    async stop() {
      clearInterval(timer);
      running = false;
    },
  };
}
