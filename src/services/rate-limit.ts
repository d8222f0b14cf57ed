import type { Locale } from '../models/case.js';
import type { Clock } from './clock.js';

/**
 * What to do with one request: `allow` it; `notify` (refuse it and tell the person once, this is the first
 * refusal of the window); `drop` (refuse it quietly, they were told already).
 */
export type RateDecision = 'allow' | 'notify' | 'drop';

export interface RateLimitOptions {
  /** Requests a person may send at once (bucket size); default 20. */
  burst?: number;
  /** Tokens added per second; default 5. */
  refillPerSecond?: number;
  /** A limited person is told at most once per this many ms; default 30 s. */
  noticeWindowMs?: number;
  /** Most people tracked at once; the least recently seen are forgotten beyond it. Default 10 000. */
  maxBuckets?: number;
  /** Time source (tests pass a ManualClock); default the wall clock. */
  clock?: Pick<Clock, 'now'>;
}

/** The friendly refusal, once per window. */
export const rateLimitedText: Record<Locale, string> = {
  da: 'Du sender forespørgsler meget hurtigt; vent et par sekunder, og prøv så igen.',
  en: 'You are sending requests very fast; wait a few seconds, then try again.',
};

interface Bucket {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
  /** Epoch ms when the person was last told, or undefined. */
  toldAt?: number;
}

/**
 * A token bucket per person id (in memory, per instance): `burst` requests at once, then `refillPerSecond`.
 * Memory is bounded: the map is kept in least-recently-seen order, buckets that have refilled completely (and
 * whose notice window has passed) are dropped as they age out, and beyond `maxBuckets` the oldest are forgotten
 * (a forgotten person simply starts with a full bucket). Per-instance limits are enough against one person's
 * flood; several instances each allow their own burst.
 */
export class RateLimiter {
  readonly burst: number;
  readonly refillPerMs: number;
  readonly noticeWindowMs: number;
  readonly maxBuckets: number;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly buckets = new Map<string, Bucket>();

  constructor(opts: RateLimitOptions = {}) {
    this.burst = Math.max(1, opts.burst ?? 20);
    this.refillPerMs = Math.max(0, opts.refillPerSecond ?? 5) / 1000;
    this.noticeWindowMs = Math.max(0, opts.noticeWindowMs ?? 30_000);
    this.maxBuckets = Math.max(1, opts.maxBuckets ?? 10_000);
    this.clock = opts.clock ?? { now: () => new Date() };
  }

  /** Takes one token for `personId` and says what to do with the request. */
  take(personId: string): RateDecision {
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(personId) ?? { tokens: this.burst, at: now };
    this.refill(bucket, now);
    // Re-insert last: the map's order is least recently seen first.
    this.buckets.delete(personId);
    this.evict(now);
    this.buckets.set(personId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 'allow';
    }
    if (bucket.toldAt === undefined || now - bucket.toldAt >= this.noticeWindowMs) {
      bucket.toldAt = now;
      return 'notify';
    }
    return 'drop';
  }

  /** How many people are tracked now (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(bucket: Bucket, now: number): void {
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.refillPerMs);
    bucket.at = now;
  }

  /** Forgets idle buckets from the old end, and the oldest beyond the cap (leaving room for one more). */
  private evict(now: number): void {
    for (const [id, bucket] of this.buckets) {
      const over = this.buckets.size >= this.maxBuckets;
      if (!over && !this.idle(bucket, now)) break;
      this.buckets.delete(id);
    }
  }

  /** Full again and not inside a notice window: forgetting it changes nothing. */
  private idle(bucket: Bucket, now: number): boolean {
    const tokens = Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.refillPerMs);
    const told = bucket.toldAt !== undefined && now - bucket.toldAt < this.noticeWindowMs;
    return tokens >= this.burst && !told;
  }
}

/**
 * The rate-limit key of a person's typeahead searches (a searched menu asks as they type): a budget of its own,
 * so finding a person never uses up the clicks that follow.
 */
export function searchBudgetKey(personKey: string): string {
  return `${personKey}#search`;
}
