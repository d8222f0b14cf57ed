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
