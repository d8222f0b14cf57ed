import type { Clock } from '../../services/clock.js';

export interface TtlCacheOptions {
  clock: Clock;
  /** Most entries kept; the least recently used one goes first when full (default 5000). */
  maxEntries?: number;
}

/**
 * A small in-process cache with a lifetime per entry and a bound on its size (least recently used evicted), on the
 * app's clock so tests move time by hand. Meant for answers that are cheap to lose and costly to ask for again on
 * every request (a Slack profile: a store read or a Web API call); never the only copy of anything.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();
  private readonly maxEntries: number;

  constructor(private readonly opts: TtlCacheOptions) {
    this.maxEntries = Math.max(1, opts.maxEntries ?? 5000);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value while it is fresh; an expired entry is dropped and reads as missing. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.opts.clock.now().getTime() >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting moves the key to the end: the Map's order is the recency order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` for `ttlMs` (nothing is kept when it is not positive). */
  set(key: K, value: V, ttlMs: number): void {
    this.entries.delete(key);
    if (!(ttlMs > 0)) return;
    this.entries.set(key, { value, expiresAt: this.opts.clock.now().getTime() + ttlMs });
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
