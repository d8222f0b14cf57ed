import { z } from 'zod';
import type { MessageView } from '../../cards/view-models.js';
import type { Case, CaseStatus, PersonRef } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';

/**
 * The outbox payloads: what the dispatcher delivers through the ChatGateway port. Personal messages are rendered
 * (localised) when enqueued; case cards are rendered from the fresh case at delivery time, so a retried or late
 * card is never stale.
 */
export type Delivery =
  /**
   * A 1:1 message to a person (user update, supervisor ping, reminder). `caseCardFor` names the case whose card
   * goes with the message: it is rendered for that person, in the view's language, from the case as stored when
   * the message is delivered (fresh buttons and SLA state, and a small outbox row) instead of travelling in
   * `view.caseCard`. Messages stored with a `view.caseCard` are delivered as they are.
   */
  | { kind: 'send_person'; person: PersonRef; view: MessageView; caseCardFor?: CaseCardRequest }
  /**
   * Post the case card to the group's channel on every platform bound for it; stores the CardRefs on the case. The
   * group holds the case, or is its owner while the case is resolved and back with it (a case routed straight to
   * a desk then gets its first card in the owner's channel; see `ownerCardDrafts`).
   */
  | { kind: 'post_card'; caseId: string; groupId: string }
  /** Update every posted card of the case in place (active ones show the case, inactive ones where it went). */
  | { kind: 'update_cards'; caseId: string }
  /**
   * A reply in the active card thread(s) of the case. `groupId`: the group holding the case when the reply was
   * written; should the case have moved on meanwhile with its new card still to come, the reply goes into that
   * group's thread(s) instead. A report linked to a major incident without a card of its own has its replies in the
   * major incident's thread (the deliverer's `threadOf`); `majorId`: the major incident it was linked to when the
   * reply was written, whose thread still gets the reply should the report have left it before the reply went out
   * (its own card, posted by the leave, comes after this reply).
   */
  | { kind: 'thread_reply'; caseId: string; view: MessageView; groupId?: string; majorId?: string }
  /** A message (not a case card) posted in a group's channel on every platform bound for it: reports, digests. */
  | { kind: 'post_group_message'; groupId: string; view: MessageView }
  /**
   * Not a chat message: the durable second half of a change to a major incident's parent (fan-out to the linked
   * users, or resolving the linked cases), written with the parent's change and run again by the dispatcher a
   * little later. Idempotent, so it finds nothing left to do when the inline run finished.
   */
  | MajorFollowUp
  /**
   * Not a chat message: a group whose case card had no channel to go to on any platform (`post_card` found none).
   * With `alert`, the people responsible are told once (if the group still has no channel and open cases without
   * a card); without it, the group's channel is looked for again: found, the cards of its open cases without one
   * are posted; not found, the next look is written. Belongs to no case, so it holds no case's messages back.
   */
  | { kind: 'group_unbound'; groupId: string; alert?: boolean };

/** What changed on a major incident's parent that its linked cases must follow. */
export type MajorFollowUpChange =
  | { kind: 'note'; text: string }
  | { kind: 'status'; status: CaseStatus }
  /** `resolvedAt` tells this resolution from a later one after a reopen. */
  | { kind: 'resolve'; resolvedAt: string };

/** The payload of a `major_follow_up` message: the parent at the version the change created, and who made it. */
export interface MajorFollowUp {
  kind: 'major_follow_up';
  parentId: string;
  version: number;
  change: MajorFollowUpChange;
  actor: PersonRef;
}

/** Which case card a personal message asks for (rendered at delivery for its recipient). */
export interface CaseCardRequest {
  caseId: string;
}

export const DELIVERY_KINDS = [
  'send_person',
  'post_card',
  'update_cards',
  'thread_reply',
  'post_group_message',
  'major_follow_up',
  'group_unbound',
] as const;
export const deliveryKindSchema = z.enum(DELIVERY_KINDS);

/**
 * A reply in the thread of case `c`, written now (`thread_reply`): with the group holding it (`groupId`) and, linked
 * to a major incident, that major incident (`majorId`), so the reply finds its thread also when the case has moved
 * on or left the major incident before it goes out. Every writer of a reply about a case builds it here.
 */
export function threadReplyOf(
  c: Pick<Case, 'id' | 'groupId' | 'parentId'>,
  view: MessageView,
): Extract<Delivery, { kind: 'thread_reply' }> {
  return {
    kind: 'thread_reply',
    caseId: c.id,
    view,
    groupId: c.groupId,
    ...(c.parentId ? { majorId: c.parentId } : {}),
  };
}

/**
 * Builds an outbox draft. `key` must be unique for the logical message (e.g. `${caseId}:v${version}:notify:${personId}`)
 * so that a retried operation never sends twice. Drafts written with `createCase` may pass `caseId: ''`.
 */
export function draft(
  key: string,
  delivery: Delivery,
  opts: { caseId?: string; notBefore?: string } = {},
): OutboxDraft {
  const { kind, ...payload } = delivery;
  // An empty caseId means "the case being created": `createCase` then stamps its new id on the message, and
  // the dispatcher reads it from there.
  const ofDelivery =
    'caseId' in delivery ? delivery.caseId : delivery.kind === 'send_person' ? delivery.caseCardFor?.caseId : undefined;
  const caseId = opts.caseId ?? (ofDelivery || undefined);
  return { key, kind, caseId, payload: payload as Record<string, unknown>, notBefore: opts.notBefore };
}

/**
 * The case card into the channels of `groupId` (`post_card`), keyed by the version the change creates: a retried
 * change never posts twice, and the deliverer skips a channel that has the group's working card already.
 */
export function postCardDraft(c: { id: string; version: number }, groupId: string): OutboxDraft {
  return draft(`${c.id}:v${c.version}:post_card:${groupId}`, { kind: 'post_card', caseId: c.id, groupId });
}

/** Every posted card of the case updated in place (`update_cards`), keyed by the version the change creates. */
export function updateCardsDraft(c: { id: string; version: number }): OutboxDraft {
  return draft(`${c.id}:v${c.version}:update_cards`, { kind: 'update_cards', caseId: c.id });
}

/** Reads a stored outbox message back into a Delivery (kind + payload). */
export function toDelivery(kind: string, payload: Record<string, unknown>): Delivery {
  const k = deliveryKindSchema.parse(kind);
  return { kind: k, ...payload } as Delivery;
}
