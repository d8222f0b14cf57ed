/**
 * How long a store call waits for another connection's write lock with its thread blocked, in all (ms), before it
 * waits on timers instead. Kept short: better-sqlite3 is synchronous, so while a call waits this way nothing else
 * runs on the thread — no other person's request, no timer, no health check. The other writers of the bot (the
 * outbox worker's connection) hold the lock for well under a millisecond, which this covers; a lock held longer (a
 * `sqlite3` shell left inside a transaction, a backup tool) is waited out by `retryWhileBusy` with the thread free
 * in between.
 *
 * The waiting is ours, not SQLite's (the connections have `busy_timeout = 0`): SQLite's own busy handler sleeps
 * 1, 2, 5, 10 … ms between tries, so a claim that met the outbox worker's sub-millisecond commit waited 1–8 ms
 * (a tenth of the claims under load, measured in `bench/teams-turn.ts`). `retryWhileBusy` tries again at once
 * and then after 0.05 ms, doubling.
 */
export const BUSY_WAIT_MS = 50;

/** The first blocked pause (ms); doubled after each try up to `MAX_BLOCKED_PAUSE_MS`. */
const FIRST_BLOCKED_PAUSE_MS = 0.05;
const MAX_BLOCKED_PAUSE_MS = 2;
/** A cell nothing ever notifies: `Atomics.wait` on it is a precise sleep of the thread. */
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** How long a store call keeps trying while the database is locked, in all (ms), before it gives up. */
export const DEFAULT_BUSY_PATIENCE_MS = 5000;

/** First pause between attempts (ms); doubled after each, up to `MAX_PAUSE_MS`. */
const FIRST_PAUSE_MS = 20;
const MAX_PAUSE_MS = 500;

/** Whether a better-sqlite3 error is "another connection holds the lock" (`SQLITE_BUSY` and its extended codes). */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_BUSY(_|$)/.test(code);
}

/**
 * Makes each of `methods` of `proto` (async store methods) try again while the database is locked: after a
 * `SQLITE_BUSY` it tries again at once and then after short blocked pauses for up to `BUSY_WAIT_MS`; after that it
 * waits on a timer — the thread serves other requests meanwhile — and calls the method again,
 * until `patienceMs(store)` has passed since the first attempt; then the last error is thrown (and becomes
 * `STORE.UNAVAILABLE` in `translateStoreFaults`). Safe because every write method of the SQLite store is one
 * statement or one `BEGIN IMMEDIATE` transaction — a busy one did nothing — or a series of statements that may run
 * again (purges, the processed-events sweep).
 */
export function retryWhileBusy<T extends object>(
  proto: T,
  methods: readonly string[],
  patienceMs: (store: T) => number,
): void {
  for (const name of methods) {
    const original: unknown = Reflect.get(proto, name);
    if (typeof original !== 'function') continue;
    const patient = async function (this: T, ...args: unknown[]): Promise<unknown> {
      const started = performance.now();
      const deadline = Date.now() + patienceMs(this);
      let blockedPause = 0;
      let pause = FIRST_PAUSE_MS;
      for (;;) {
        try {
          return await original.apply(this, args);
        } catch (err) {
          const left = deadline - Date.now();
          if (!isBusy(err) || left <= 0) throw err;
          if (performance.now() - started < BUSY_WAIT_MS) {
            // Blocked, briefly: the lock is most likely another connection's commit, over in a fraction of a ms.
            if (blockedPause > 0) Atomics.wait(sleepCell, 0, 0, blockedPause);
            blockedPause =
              blockedPause === 0 ? FIRST_BLOCKED_PAUSE_MS : Math.min(blockedPause * 2, MAX_BLOCKED_PAUSE_MS);
            continue;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
          pause = Math.min(pause * 2, MAX_PAUSE_MS);
        }
      }
    };
    Object.defineProperty(patient, 'name', { value: name });
    Object.defineProperty(proto, name, { value: patient, writable: true, configurable: true, enumerable: false });
  }
}
