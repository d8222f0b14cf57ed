/** How long to wait before the next delivery attempt, and when to give up. */
export interface BackoffPolicy {
  /** The ceiling of the first retry's delay (default 1 s); it doubles with every further failure. */
  baseDelayMs: number;
  /** No retry waits longer than this (default 10 min), unless the platform asked for it (Retry-After). */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 600_000 };

/**
 * Exponential back-off with full jitter: after the `attempts`-th failed attempt (1-based) the delay is drawn
 * uniformly from [0, min(maxDelayMs, baseDelayMs * 2^(attempts - 1))). Full jitter spreads the retries of many
 * messages that failed together (a Teams or Slack outage) instead of having them all come back at once.
 * `random` returns a number in [0, 1), like `Math.random`.
 */
export function backoffDelayMs(attempts: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^exponent overflows to Infinity for absurd attempt counts; the cap keeps the result finite.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(ceiling * r);
}

/**
 * How many of a message's attempts were 429s that did not count, and since when it has been throttled: kept on the
 * pending message (its `result`) by the dispatcher while it retries (see `OutboxDispatcherDeps.maxThrottledMs`).
 */
export function throttleOf(result: Record<string, unknown> | undefined): {
  throttles: number;
  throttledSince?: string;
} {
  const throttles = result?.['throttles'];
  const since = result?.['throttledSince'];
  return {
    throttles: typeof throttles === 'number' && Number.isInteger(throttles) && throttles > 0 ? throttles : 0,
    ...(typeof since === 'string' && !Number.isNaN(Date.parse(since)) ? { throttledSince: since } : {}),
  };
}
