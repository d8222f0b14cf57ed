import type { CaseStore } from '../models/case-store.js';

/** A running periodic job; `stop()` ends the loop and waits for a run in flight (graceful shutdown). */
export interface PeriodicJob {
  stop(): Promise<void>;
}

/**
 * Runs `work` now and then every `intervalMs` until `stop()`, one run at a time (a tick while a run is in flight
 * is skipped). Errors go to `onError` and never end the loop; the timer does not keep the process alive.
 */
export function startPeriodic(
  work: () => Promise<unknown>,
  intervalMs: number,
  onError: (err: unknown) => void,
): PeriodicJob {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = work()
      .then(() => undefined)
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * A job that runs one call at a time (a call made while one runs waits its turn) and can also run on an
 * interval: the shape of the SLA sweeper and the daily digest. `stop()` ends the interval and waits for the
 * queued runs.
 */
export class SerialJob<T> {
  private chain: Promise<unknown> = Promise.resolve();
  private loop: PeriodicJob | undefined;

  constructor(
    private readonly job: () => Promise<T>,
    private readonly onError: (err: unknown) => void,
  ) {}

  runOnce(): Promise<T> {
    const run = this.chain.then(() => this.job());
    this.chain = run.catch(() => undefined);
    return run;
  }

  start(intervalMs: number): void {
    if (this.loop) return;
    this.loop = startPeriodic(() => this.runOnce(), intervalMs, this.onError);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
    this.loop = undefined;
    await this.chain;
  }
}

/**
 * Work done once per `mark` (a day's digest, a month's report) however many instances run it: skipped when the mark
 * is done; otherwise taken under a lease (`<mark>:lease` until `leaseUntil`, so two instances do not do it at the
 * same time), and marked done (until `doneUntil`) only after `work` has stored what it makes — so a run that fails
 * or dies half-way leaves it to a later run once the lease is over, and `work` must be safe to repeat (outbox keys).
 * `done`: marked before; `busy`: another run holds the lease; `ran`: `work` ran now.
 */
export async function oncePerMark(
  store: Pick<CaseStore, 'isProcessed' | 'markProcessed'>,
  mark: string,
  times: { leaseUntil: string; doneUntil: string },
  work: () => Promise<void>,
): Promise<'done' | 'busy' | 'ran'> {
  if (await store.isProcessed(mark)) return 'done';
  if (!(await store.markProcessed(`${mark}:lease`, times.leaseUntil))) return 'busy';
  await work();
  await store.markProcessed(mark, times.doneUntil);
  return 'ran';
}
