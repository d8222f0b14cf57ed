import type { CaseStore, OutboxDraft, OutboxMessage } from '../../models/case-store.js';

/**
 * How fast a major incident's fan-out may go out, per bucket, in messages per second. The outbox dispatcher
 * sends whatever is due; pacing is done up front by spreading the drafts' `notBefore` evenly, so any one-second
 * window holds at most `perSecond` messages of a bucket (retries after a 429 honour Retry-After on top).
 *
 * Defaults (conservative; the platforms publish limits that change, so a 429 is still handled):
 * - `teams`: 8/s. Teams allows 7 messages per second per conversation and 50 requests per second per app and
 *   tenant in total; every user is a conversation of its own, and a first proactive message also creates the
 *   conversation. 8/s leaves most of the 50 RPS to cards, replies and ordinary traffic.
 * - `slack`: 4/s. chat.postMessage allows about one message per second per channel (every DM is a channel of
 *   its own) within a workspace-wide limit of a few hundred per minute; 4/s = 240/min stays under it.
 * - `cards`: 1/s for in-place updates of linked cases' channel cards (Slack chat.update is Tier 3, ~50/min).
 * Total by default 13/s, under the 20/s the issue suggests.
 */
export interface MajorPacing {
  perSecond: { teams: number; slack: number; cards: number };
}

export const DEFAULT_MAJOR_PACING: MajorPacing = { perSecond: { teams: 8, slack: 4, cards: 1 } };

export type PacingBucket = keyof MajorPacing['perSecond'];

/** Marker after the parent id in the keys of every fan-out message, so the backlog of earlier fan-outs can be found. */
export const MAJOR_KEY_MARK = ':major:';

/** Whether an outbox key is one of a fan-out (`<parentId>:major:<seq>:<childId>…`). */
export const isFanOutKey = (key: string): boolean => /^[^:]+:major:/.test(key);

/** The bucket of a person id: Slack ids go through Slack, everything else (Teams, e-mail) through Teams. */
export function bucketOfPerson(personId: string): PacingBucket {
  return personId.startsWith('slack:') ? 'slack' : 'teams';
}

function bucketOfMessage(m: Pick<OutboxMessage | OutboxDraft, 'kind' | 'payload'>): PacingBucket {
  if (m.kind !== 'send_person') return 'cards';
  const person = m.payload['person'] as { id?: unknown } | undefined;
  return bucketOfPerson(typeof person?.id === 'string' ? person.id : '');
}

/**
 * Hands out evenly spaced send times per bucket: the n-th message of a bucket goes at
 * `start + n * 1000 / perSecond` ms, where `start` is now or, when earlier fan-outs are still queued, one gap
 * after the last of them (so two quick updates do not double the rate).
 */
export class Pacer {
  private readonly next: Record<PacingBucket, number>;

  constructor(
    private readonly pacing: MajorPacing,
    now: Date,
    backlogUntil: Partial<Record<PacingBucket, number>> = {},
  ) {
    const at = (b: PacingBucket) => {
      const after = backlogUntil[b];
      return after === undefined ? now.getTime() : Math.max(now.getTime(), after + this.gap(b));
    };
    this.next = { teams: at('teams'), slack: at('slack'), cards: at('cards') };
  }

  /** The gap between two messages of a bucket, in ms (a rate of 0 or less counts as 1/s). */
  gap(bucket: PacingBucket): number {
    const rate = this.pacing.perSecond[bucket];
    return rate > 0 ? 1000 / rate : 1000;
  }

  /** The next send time of the bucket (ISO), and moves the bucket on. */
  slot(bucket: PacingBucket): string {
    const at = this.next[bucket];
    this.next[bucket] = at + this.gap(bucket);
    return new Date(Math.ceil(at)).toISOString();
  }

  /** Stamps a draft with the next slot of its bucket. */
  pace(d: OutboxDraft, bucket: PacingBucket): OutboxDraft {
    return { ...d, notBefore: this.slot(bucket) };
  }
}

/**
 * A pacer that starts after the fan-out messages still pending in the outbox (found by their key, `isFanOutKey`).
 * Reads at most 10 000 pending messages; a bigger backlog would only make the start earlier.
 */
export async function pacerAfterBacklog(store: CaseStore, pacing: MajorPacing, now: Date): Promise<Pacer> {
  const pending = await store.listOutbox({ state: 'pending', limit: 10_000 });
  const until: Partial<Record<PacingBucket, number>> = {};
  for (const m of pending) {
    if (!isFanOutKey(m.key)) continue;
    const bucket = bucketOfMessage(m);
    const at = Date.parse(m.nextAttemptAt);
    if (until[bucket] === undefined || at > until[bucket]) until[bucket] = at;
  }
  return new Pacer(pacing, now, until);
}

/**
 * A linked report's messages to its user and to a thread, paced as a fan-out (`Pacer`) and keyed as one
 * (`<parentId>:major:<key>`, so a later fan-out starts after them: `pacerAfterBacklog`). For changes that reach many
 * reports of one major incident together though each report is written on its own: the SLA ladder closing the
 * reports resolved with it ("closed, rate us" to each user, "closed automatically" in the major incident's thread).
 * Other messages (card updates) are left as they are.
 */
export function paceAsFanOut(pacer: Pacer, parentId: string, drafts: readonly OutboxDraft[]): OutboxDraft[] {
  return drafts.map((d) =>
    d.kind === 'send_person' || d.kind === 'thread_reply'
      ? { ...pacer.pace(d, bucketOfMessage(d)), key: `${parentId}${MAJOR_KEY_MARK}${d.key}` }
      : d,
  );
}
