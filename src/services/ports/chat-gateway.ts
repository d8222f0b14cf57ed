import type { CaseCardView, MessageView } from '../../cards/view-models.js';
import type { CardRef, Platform, PersonRef } from '../../models/case.js';

/** Where a group's case cards go on one platform (from the catalogue's channel bindings or captured at install). */
export interface ChannelTarget {
  platform: Platform;
  groupId: string;
  channelId: string;
  /** Teams only: the team the channel belongs to. */
  teamId?: string;
}

/**
 * A failed delivery. `retryAfterMs` is set when the platform said when to retry (HTTP 429 Retry-After);
 * `permanent` when retrying cannot help (unknown user, channel gone, 4xx other than 429).
 */
export class DeliveryError extends Error {
  readonly retryAfterMs?: number;
  readonly permanent: boolean;
  constructor(message: string, opts: { retryAfterMs?: number; permanent?: boolean; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'DeliveryError';
    this.retryAfterMs = opts.retryAfterMs;
    this.permanent = opts.permanent ?? false;
  }
}

/**
 * Everything services may send to chat. One implementation per platform (bot/teams, bot/slack); services only
 * see this port, and only the outbox dispatcher calls it.
 */
export interface ChatGateway {
  readonly platform: Platform;
  /** True when this gateway can reach the person (their id belongs to this platform or is resolvable). */
  canReach(personId: string): boolean;
  /** A 1:1 message to a person. */
  sendToPerson(person: PersonRef, message: MessageView): Promise<{ messageId?: string }>;
  /** Posts a case card to a group's channel; returns where it went, so it can be updated in place. */
  postCaseCard(target: ChannelTarget, card: CaseCardView): Promise<{ messageId: string; conversationId: string }>;
  updateCaseCard(ref: CardRef, card: CaseCardView): Promise<void>;
  /** A reply in the case card's thread, optionally @mentioning someone. */
  replyInThread(ref: CardRef, message: MessageView): Promise<void>;
  /**
   * A new top-level message (not a case card) in a group's channel: monthly reports, digests. Optional while
   * a transport has not implemented it; the outbox then reports the message as undeliverable on that platform.
   */
  postMessage?(target: ChannelTarget, message: MessageView): Promise<{ messageId?: string }>;
}
