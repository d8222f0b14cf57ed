import { type Clock, systemClock } from './clock.js';

export interface TtlCacheOptions {
  /** Time source when a call gives no `now` (tests pass a ManualClock); default the wall clock. */
  clock?: Pick<Clock, 'now'>;
  /** Most entries kept; the least recently used one goes first when full (default 5000). */
  maxEntries?: number;
}

/**
 * A small in-process cache with a lifetime per entry and a bound on its size (least recently used evicted). Meant
 * for answers that are cheap to lose and costly to ask for again on every request (a Slack profile, a Teams
 * person's stored reference); never the only copy of anything. Callers that already hold the turn's time pass
 * it as `now`; an entry read at a time before it was stored counts as missing.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; storedAt: number; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly clock: Pick<Clock, 'now'>;

  constructor(opts: TtlCacheOptions = {}) {
    this.maxEntries = Math.max(1, opts.maxEntries ?? 5000);
    this.clock = opts.clock ?? systemClock;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value while it is fresh; an expired entry is dropped and reads as missing. */
  get(key: K, now: Date = this.clock.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const t = now.getTime();
    if (t >= entry.expiresAt || t < entry.storedAt) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting moves the key to the end: the Map's order is the recency order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` for `ttlMs` from `now` (nothing is kept when it is not positive). */
  set(key: K, value: V, ttlMs: number, now: Date = this.clock.now()): void {
    this.entries.delete(key);
    if (!(ttlMs > 0)) return;
    const t = now.getTime();
    this.entries.set(key, { value, storedAt: t, expiresAt: t + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
