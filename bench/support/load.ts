/** Latency figures of one measured series, in milliseconds. */
export interface Latency {
  p50: number;
  p99: number;
  mean: number;
  count: number;
  /**
   * CPU time of the whole bench process (user + system, all threads) per measured request, in ms: the work the
   * bot under test did for it, plus the load generator's share, which is the same for a bot and its baseline
   * (the mock platform runs in a process of its own and is not counted). Work a request leaves behind (e.g. outbox deliveries) counts while it runs inside
   * the measured window.
   */
  cpuMs: number;
  /** Calls the mock platform received per measured request, when `LoadOptions.calls` was given. */
  callsPerRequest?: number;
}

/** The p-th percentile (0–100) of ascending `sorted` values, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export interface LoadOptions {
  /** Requests measured. */
  requests: number;
  /** Requests in flight at once (closed loop: each worker sends its next request when the last one is answered). */
  concurrency: number;
  /** Requests sent first and not measured (JIT, caches, connection pool); default `min(200, requests)`. */
  warmUp?: number;
  /** Calls received so far by the mock platform, read before and after the measured requests. */
  calls?: () => Promise<number>;
  /**
   * Waits until the work the measured requests started is done (e.g. Slack's work after the acknowledgement), so
   * the CPU and calls per request count it, not only what ran before the last answer.
   */
  drain?: () => Promise<void>;
}

/**
 * A closed-loop load generator: `concurrency` workers call `send(i)` for i = 0, 1, 2 … until `requests` have been
 * answered, each timed from call to settle. `send` must throw on a wrong answer: a failed request fails the
 * benchmark rather than making it look fast.
 */
export async function measureLatency(send: (i: number) => Promise<void>, opts: LoadOptions): Promise<Latency> {
  const warmUp = opts.warmUp ?? Math.min(200, opts.requests);
  let next = 0;
  const worker = async (until: number, out: number[] | null) => {
    for (;;) {
      const i = next++;
      if (i >= until) return;
      const t = performance.now();
      await send(i);
      out?.push(performance.now() - t);
    }
  };
  const workers = (until: number, out: number[] | null) =>
    Promise.all(Array.from({ length: opts.concurrency }, () => worker(until, out)));
  await workers(warmUp, null);
  const times: number[] = [];
  const callsBefore = await opts.calls?.();
  const cpu = process.cpuUsage();
  await workers(warmUp + opts.requests, times);
  await opts.drain?.();
  const used = process.cpuUsage(cpu);
  const callsAfter = await opts.calls?.();
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    count: times.length,
    cpuMs: (used.user + used.system) / 1000 / times.length,
    ...(callsBefore !== undefined && callsAfter !== undefined
      ? { callsPerRequest: (callsAfter - callsBefore) / times.length }
      : {}),
  };
}

/** Interleaves two measurements A/B/A/B … so machine noise falls on both alike; returns the better run of each. */
export async function sideBySide(
  a: () => Promise<Latency>,
  b: () => Promise<Latency>,
  rounds = 2,
): Promise<[Latency, Latency]> {
  let bestA: Latency | undefined;
  let bestB: Latency | undefined;
  for (let r = 0; r < rounds; r++) {
    const la = await a();
    const lb = await b();
    if (!bestA || la.p99 < bestA.p99) bestA = la;
    if (!bestB || lb.p99 < bestB.p99) bestB = lb;
  }
  return [bestA as Latency, bestB as Latency];
}

/**
 * Runs `call` `warmUp` times unmeasured, then `runs` times one after another: the median and slowest duration (ms)
 * and what the last call returned.
 */
export async function timeRuns<T>(
  call: () => Promise<T>,
  runs: number,
  warmUp = 2,
): Promise<{ median: number; max: number; result: T }> {
  let result = await call();
  for (let i = 1; i < warmUp; i++) result = await call();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await call();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)]!, max: times[runs - 1]!, result };
}
