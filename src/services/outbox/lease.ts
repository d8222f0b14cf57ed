import type { Logger } from 'pino';
import type { CaseStore } from '../../models/case-store.js';
import type { Clock } from '../clock.js';

/**
 * What a delivery asks before each platform call it makes for a message (`createDeliverer`): whether the message is
 * still this dispatcher's to send.
 */
export interface DeliveryLease {
  /**
   * Resolves when the next platform call may go: the lease is renewed first when a sixth of it is used up, so the
   * call starts with at least five sixths of it left (25 s of the default 30 s: `PLATFORM_TIMEOUT_MS` is at most
   * 25 s). Throws `LeaseLost` when another dispatcher has taken the message over (or it was delivered, given up or
   * deleted meanwhile), and the store's error when the lease could not be renewed.
   */
  keep(): Promise<void>;
}

/** A lease that is never lost: for deliveries outside a dispatcher (tests, tools). */
export const UNLEASED: DeliveryLease = { keep: async () => undefined };

/**
 * Thrown by `DeliveryLease.keep` when the message is no longer this dispatcher's: it makes no further platform calls
 * for it and writes nothing to it (whoever holds it now records its outcome).
 */
export class LeaseLost extends Error {
  constructor(readonly messageId: string) {
    super(`the lease of outbox message ${messageId} was lost: another dispatcher has it now`);
    this.name = 'LeaseLost';
  }
}

/** Whether `err` (or the cause it wraps, as `PartlyDelivered` does) is a `LeaseLost`. */
export function isLeaseLost(err: unknown): boolean {
  if (err instanceof LeaseLost) return true;
  return err instanceof Error && err.cause instanceof LeaseLost;
}

export interface MessageLeaseDeps {
  store: CaseStore;
  clock: Clock;
  logger: Logger;
  owner: string;
  leaseMs: number;
}

/**
 * The lease of one message while it is being delivered. Renewed (`CaseStore.renewOutboxLease`) before each platform
 * call once a sixth of it is used up (`keep`), and on a timer every third of it while the delivery runs — so a
 * single gateway call that makes several platform calls in a row (a first message to a person on Teams creates the
 * conversation, then sends) cannot outlast it either. Once the store says the message is no longer ours, `keep`
 * throws `LeaseLost` and the timer stops.
 */
export class MessageLease implements DeliveryLease {
  private until: string;
  private lostIt = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: MessageLeaseDeps,
    private readonly messageId: string,
    leaseUntil: string,
  ) {
    this.until = leaseUntil;
  }

  /** Whether the store said the message is no longer ours. */
  get lost(): boolean {
    return this.lostIt;
  }

  /** Starts renewing the lease every third of it (a timer that does not keep the process alive). */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Stops the timer (the delivery is over). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  async keep(): Promise<void> {
    if (this.lostIt) throw new LeaseLost(this.messageId);
    const left = Date.parse(this.until) - this.deps.clock.now().getTime();
    if (left >= (this.deps.leaseMs * 5) / 6) return;
    if (!(await this.renew())) throw new LeaseLost(this.messageId);
  }

  /** Renews the lease from now; false (and lost for good) when the message is no longer ours. */
  private async renew(): Promise<boolean> {
    if (this.lostIt) return false;
    const now = this.deps.clock.now();
    const held = await this.deps.store.renewOutboxLease(
      this.messageId,
      this.deps.owner,
      now.toISOString(),
      this.deps.leaseMs,
    );
    if (!held) {
      if (!this.lostIt) {
        this.lostIt = true;
        this.stop();
        this.deps.logger.warn(
          { owner: this.deps.owner },
          'outbox lease lost while delivering: another dispatcher has the message; no further calls for it',
        );
      }
      return false;
    }
    const until = new Date(now.getTime() + this.deps.leaseMs).toISOString();
    if (until > this.until) this.until = until;
    return true;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(1, Math.floor(this.deps.leaseMs / 3)));
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    try {
      await this.renew();
    } catch (err) {
      // The lease may well still hold: the next tick, or the next platform call's `keep`, tries again.
      this.deps.logger.warn({ err, owner: this.deps.owner }, 'outbox lease could not be renewed; trying again');
    }
    this.schedule();
  }
}
