import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { CaseCardView, MessageView } from '../../cards/view-models.js';
import type { Case, CardRef, Locale, Platform } from '../../models/case.js';
import type { CaseStore, OutboxMessage } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import type { Clock } from '../clock.js';
import { type ChannelTarget, type ChatGateway, DeliveryError } from '../ports/chat-gateway.js';
import { backoffDelayMs, DEFAULT_BACKOFF, throttleOf } from './backoff.js';
import { deadLetterAlertView } from './dead-letter-alert.js';
import { createDeliverer, type DeliverDeps, type MajorParent, PartlyDelivered } from './deliver-message.js';
import { type Delivery, draft, type MajorFollowUp } from './deliveries.js';
import { type DeliveryLease, isLeaseLost, MessageLease } from './lease.js';
import type { Directory } from '../ports/directory.js';

export interface OutboxDispatcherDeps {
  store: CaseStore;
  /**
   * One per platform; a person is reached through the first gateway whose `canReach` says yes. Read on every
   * delivery, so gateways pushed onto this array after construction (transports started later) are used.
   */
  gateways: ChatGateway[];
  clock: Clock;
  logger: Logger;
  /** The working case card in the channel of group `groupId` (default: the group that holds the case). */
  renderCard: (c: Case, platform: Platform, groupId?: string, parent?: MajorParent) => CaseCardView;
  /**
   * A case card as one person sees it (their buttons), in their language: for personal messages that name the
   * case card they want (`send_person` with `caseCardFor`), rendered from the case as it is at delivery. Without
   * it such messages carry the channel card.
   */
  renderCardFor?: DeliverDeps['renderCardFor'];
  /** The card left behind in a channel the case has moved away from ("moved to …"). */
  renderMovedCard: (c: Case, ref: CardRef, platform: Platform) => CaseCardView;
  /** Where a group's cards go (catalogue bindings, captured channels). */
  channelTargets: (groupId: string) => Promise<ChannelTarget[]>;
  /**
   * Runs a major incident's durable follow-up (`major_follow_up`: fan-out or resolving the linked cases) again;
   * wired in the composition root. Without it such messages are acknowledged as skipped.
   */
  runMajorFollowUp?: (followUp: MajorFollowUp) => Promise<Record<string, unknown>>;
  /** Finds who a person addressed only by e-mail (`email:…`) is on a platform, when the message goes out. */
  directory?: Directory;
  /**
   * How to tell 1st-level support about a dead letter, or the people responsible for group `about.groupId` that it
   * has no channel for its case cards; the deliveries are enqueued like any other message.
   */
  alert: (message: MessageView, about?: { groupId: string }) => Delivery[];
  /** Language of the dead-letter and no-channel alerts (default `da`). */
  alertLocale?: Locale;
  /** Lease owner name; default `<host>:<pid>:<random>`, unique per dispatcher. */
  owner?: string;
  /**
   * How long a claimed batch is ours (default 30 s); after that another dispatcher may take it over. A message being
   * delivered keeps its lease: it is renewed before each platform call once a sixth of it is used up, and every
   * third of it while the delivery runs (`MessageLease`).
   */
  leaseMs?: number;
  /** Messages claimed per run (default 20). */
  batchSize?: number;
  /**
   * Cases whose messages are delivered at once within a batch (default 4). A case's own messages always go one
   * after the other, in the order they were enqueued; so do messages that belong to no case. When a case's message
   * fails and is retried later, the case's later messages wait for it (see `CaseStore.claimOutbox`).
   */
  concurrency?: number;
  /** Delivery attempts before a message is dead-lettered (default 8); a throttled one does not count (`maxThrottledMs`). */
  maxAttempts?: number;
  /**
   * How long a message's 429s do not use up its attempts, from its first one (default 1 h): the platform said when
   * to come back, so a longer throttle than `maxAttempts` answers does not dead-letter the message. Throttled longer,
   * its 429s count as failed attempts.
   */
  maxThrottledMs?: number;
  /** Ceiling of the first back-off delay (default 1 s). */
  baseDelayMs?: number;
  /** Back-off cap (default 10 min). */
  maxDelayMs?: number;
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
}

/** What one run did. */
export interface DispatchSummary {
  sent: number;
  retried: number;
  dead: number;
}

type Outcome = keyof DispatchSummary | 'skipped';

/** Prefix of the keys of dead-letter alerts; an alert that dies itself raises no further alert. */
const DEAD_PREFIX = 'dead:';

/**
 * Delivers the durable outbox through the ChatGateway port. Each run leases a batch (so several dispatchers,
 * in one process or many, never deliver the same message at once), delivers it with up to `concurrency` cases
 * at once and each case's messages one by one in order, and acks, retries or dead-letters each. A case's message
 * that fails holds its later messages back: the rest of its lane is handed back unsent (`releaseOutbox`, no
 * attempt lost) and the store claims them only once it has gone out or died, so a retry never lets a later message
 * overtake it; a dead letter holds nothing back. Delivery is at least once: a message is sent again only when the
 * gateway failed or the process died between sending and acking. Retries back off exponentially with full jitter and
 * honour the platform's Retry-After; permanent failures and messages out of attempts are dead-lettered and
 * reported to 1st-level support. After a crash, whatever was pending (or leased by the dead process, once the
 * lease runs out) is delivered by the next run. A message is delivered only while this dispatcher holds its lease:
 * the lease is renewed while the delivery runs, however many platform calls it makes, and a delivery whose message
 * another dispatcher has taken over makes no further calls and writes nothing to it.
 */
export class OutboxDispatcher {
  private readonly deps: OutboxDispatcherDeps;
  private readonly deliver: (message: OutboxMessage, lease: DeliveryLease) => Promise<Record<string, unknown>>;
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly maxThrottledMs: number;
  private readonly backoff: { baseDelayMs: number; maxDelayMs: number };
  private readonly random: () => number;

  /** Runs are chained on this promise: never two at once in this dispatcher. */
  private chain: Promise<unknown> = Promise.resolve();
  private started = false;
  private intervalMs = 500;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticking = false;
  private kicked = false;

  constructor(deps: OutboxDispatcherDeps) {
    this.deps = deps;
    this.deliver = createDeliverer(deps);
    this.owner = deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = deps.leaseMs ?? 30_000;
    this.batchSize = deps.batchSize ?? 20;
    this.concurrency = Math.max(1, Math.trunc(deps.concurrency ?? 4));
    this.maxAttempts = deps.maxAttempts ?? 8;
    this.maxThrottledMs = deps.maxThrottledMs ?? 3_600_000;
    this.backoff = {
      baseDelayMs: deps.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs,
      maxDelayMs: deps.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
    };
    this.random = deps.random ?? Math.random;
  }

  /**
   * Claims one batch of due messages and delivers it. Waits for a run already in flight first. Store errors
   * (claiming) are thrown to the caller; delivery errors never are, they become retries or dead letters.
   */
  runOnce(): Promise<DispatchSummary> {
    return this.runBatch().then(({ claimed: _claimed, ...summary }) => summary);
  }

  /**
   * Runs every `intervalMs` (default 500 ms) until `stop()`; straight away again when a batch came back full
   * or `kick()` was called meanwhile. Errors are logged, never thrown out of the loop. The timer does not keep
   * the process alive on its own.
   */
  start(intervalMs = 500): void {
    if (this.started) return;
    this.started = true;
    this.intervalMs = intervalMs;
    this.schedule(0);
  }

  /** Asks for a run soon (after an enqueue), instead of at the next interval. Ignored while stopped. */
  kick(): void {
    if (!this.started) return;
    if (this.ticking) this.kicked = true;
    else this.schedule(0);
  }

  /** Stops the loop and resolves once the batch in flight (if any) is done: for graceful shutdown. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.ticking = true;
    let again = false;
    try {
      const { claimed } = await this.runBatch();
      again = claimed >= this.batchSize;
    } catch (err) {
      this.deps.logger.error({ err, owner: this.owner }, 'outbox run failed');
    } finally {
      this.ticking = false;
    }
    again ||= this.kicked;
    this.kicked = false;
    this.schedule(again ? 0 : this.intervalMs);
  }

  private runBatch(): Promise<DispatchSummary & { claimed: number }> {
    const run = this.chain.then(() => this.batch());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async batch(): Promise<DispatchSummary & { claimed: number }> {
    const summary = { sent: 0, retried: 0, dead: 0, claimed: 0 };
    const claimedAt = this.deps.clock.now();
    const messages = await this.deps.store.claimOutbox(
      claimedAt.toISOString(),
      this.owner,
      this.leaseMs,
      this.batchSize,
    );
    summary.claimed = messages.length;
    // One lane per case, in claim order: lanes run side by side (a slow platform call for one case does not hold
    // up the others), each lane's messages one after the other (a case's thread replies keep their order).
    const lanes = new Map<string, OutboxMessage[]>();
    for (const message of messages) {
      const lane = message.caseId ?? '';
      const queue = lanes.get(lane);
      if (queue) queue.push(message);
      else lanes.set(lane, [message]);
    }
    const pending = [...lanes.values()];
    const worker = async (): Promise<void> => {
      for (let lane = pending.shift(); lane; lane = pending.shift()) {
        for (const [i, message] of lane.entries()) {
          const outcome = await this.handle(message, claimedAt);
          if (outcome !== 'skipped') summary[outcome]++;
          // A case's message that did not go out (to be retried, or left to the next run) holds the case's later
          // ones back: they are handed back unsent, and the store holds them back until it has gone out (or died).
          if ((outcome === 'retried' || outcome === 'skipped') && message.caseId !== undefined) {
            await this.handBack(lane.slice(i + 1));
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, pending.length) }, worker));
    return summary;
  }

  private async handle(message: OutboxMessage, claimedAt: Date): Promise<Outcome> {
    const log = this.deps.logger.child({ outbox: message.id, kind: message.kind, caseId: message.caseId });
    const leaseUntil = message.leaseUntil ?? new Date(claimedAt.getTime() + this.leaseMs).toISOString();
    if (this.deps.clock.now().toISOString() >= leaseUntil) {
      // The batch took longer than the lease: another dispatcher may hold this message now. Leave it be.
      log.warn({ owner: this.owner }, 'outbox lease ran out before delivery; left for the next run');
      return 'skipped';
    }
    const lease = new MessageLease(
      { store: this.deps.store, clock: this.deps.clock, logger: log, owner: this.owner, leaseMs: this.leaseMs },
      message.id,
      leaseUntil,
    );
    let result: Record<string, unknown>;
    lease.start();
    try {
      result = await this.deliver(message, lease);
    } catch (err) {
      if (isLeaseLost(err)) {
        // Another dispatcher has the message now and records its outcome; what this one got out is only logged.
        const progress = err instanceof PartlyDelivered ? err.progress : undefined;
        log.warn({ owner: this.owner, progress }, 'outbox lease lost during delivery; stopped, left to its new holder');
        return 'skipped';
      }
      return this.failed(message, err, log);
    } finally {
      lease.stop();
    }
    if (lease.lost) {
      // Delivered by a call that was already under way when the lease was lost: the ack below changes nothing.
      log.warn({ owner: this.owner, result }, 'outbox message delivered after its lease was lost');
    }
    try {
      await this.deps.store.ackOutbox(message.id, this.owner, this.deps.clock.now().toISOString(), result);
    } catch (err) {
      // Delivered but not recorded: the lease runs out and the message goes again (at least once).
      log.error({ err }, 'outbox message delivered but not acked');
    }
    log.debug({ attempts: message.attempts }, 'outbox message delivered');
    return 'sent';
  }

  /**
   * Hands messages of this batch back undelivered, their attempt given back. Should that fail, their leases run
   * out and they are claimed again (an attempt counted for nothing, nothing lost).
   */
  private async handBack(messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      await this.deps.store.releaseOutbox(
        messages.map((m) => m.id),
        this.owner,
      );
    } catch (err) {
      this.deps.logger.error(
        { err, outbox: messages.map((m) => m.id), caseId: messages[0]?.caseId },
        'outbox messages held back could not be handed back; they go again once their lease runs out',
      );
    }
  }

  private async failed(message: OutboxMessage, failure: unknown, log: Logger): Promise<Outcome> {
    const now = this.deps.clock.now();
    // A message that reached some of its threads or channels: decided as its worst failure, and retried (or
    // dead-lettered) in its place with what it did get out kept on it, so the retry goes only to the others.
    const err = failure instanceof PartlyDelivered ? failure.cause : failure;
    const error = describe(err);
    const permanent = isPermanent(err);
    // A 429 (the platform said when to retry) is not a failed attempt while the message has been throttled for less
    // than `maxThrottledMs`: the attempts it did not use up are kept on the message with what it did get out.
    const earlier = message.state === 'pending' ? message.result : undefined;
    const throttle = throttleOf(earlier);
    const throttled = !permanent && err instanceof DeliveryError && err.retryAfterMs !== undefined;
    if (throttled) {
      const since = throttle.throttledSince ?? now.toISOString();
      const uncounted = now.getTime() - Date.parse(since) < this.maxThrottledMs;
      throttle.throttledSince = since;
      if (uncounted) throttle.throttles++;
    }
    const failed = failure instanceof PartlyDelivered ? failure.progress : throttled ? (earlier ?? {}) : undefined;
    const progress = failed && { ...failed, ...(throttle.throttledSince ? throttle : {}) };
    try {
      if (permanent || message.attempts - throttle.throttles >= this.maxAttempts) {
        await this.deps.store.deadOutbox(message.id, this.owner, error, progress);
        log.error({ err, attempts: message.attempts, permanent }, 'outbox message dead-lettered');
        await this.alert(message, error, log);
        return 'dead';
      }
      const retryAfterMs = err instanceof DeliveryError ? err.retryAfterMs : undefined;
      const delayMs =
        retryAfterMs !== undefined && retryAfterMs >= 0
          ? retryAfterMs
          : backoffDelayMs(message.attempts, this.backoff, this.random);
      const nextAttemptAt = new Date(now.getTime() + delayMs).toISOString();
      await this.deps.store.retryOutbox(message.id, this.owner, nextAttemptAt, error, progress);
      log.warn({ err, attempts: message.attempts, nextAttemptAt }, 'outbox delivery failed; will retry');
      return 'retried';
    } catch (storeErr) {
      // The lease runs out and the message is claimed again; nothing is lost.
      log.error({ err: storeErr, deliveryError: error }, 'outbox failure could not be recorded');
      return 'skipped';
    }
  }

  private async alert(message: OutboxMessage, error: string, log: Logger): Promise<void> {
    if (message.key.startsWith(DEAD_PREFIX)) return;
    try {
      const c = message.caseId ? await this.deps.store.getCase(message.caseId) : null;
      const view = deadLetterAlertView(message, error, this.deps.alertLocale ?? 'da', c?.number);
      const notBefore = this.deps.clock.now().toISOString();
      const drafts = this.deps.alert(view).map((delivery, i) =>
        draft(i === 0 ? `${DEAD_PREFIX}${message.id}` : `${DEAD_PREFIX}${message.id}:${i}`, delivery, {
          caseId: message.caseId,
          notBefore,
        }),
      );
      if (drafts.length > 0) await this.deps.store.enqueueOutbox(drafts);
    } catch (alertErr) {
      log.error({ err: alertErr }, 'dead-letter alert could not be enqueued');
    }
  }
}

/** Permanent: the gateway said retrying cannot help, or the store says the case is gone. Anything else is transient. */
function isPermanent(err: unknown): boolean {
  if (err instanceof DeliveryError) return err.permanent;
  return isAppError(err, 'CASE.NOT_FOUND');
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 1000);
  return String(err).slice(0, 1000);
}
