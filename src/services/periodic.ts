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
