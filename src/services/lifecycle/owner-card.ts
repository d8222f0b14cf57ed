import type { Case } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { isBackWithOwner } from '../case-view.js';
import { draft } from '../outbox/deliveries.js';

/**
 * The owner group's channel card for a resolved case that is back with its owner (PROCESS.md steps 8–9) but never
 * had a card in the owner's channel: a case the category routed straight to a back desk (an equipment order at
 * the faculty's Indkøb, `routing.directTo`) or a template placed there. Without it nobody on 1st level sees Close /
 * Return to technician, only the daily digest's line. An escalated case already has the owner's old card, which
 * turns working again by itself (`workingCards`), so it gets nothing here; neither do quick cases and reports
 * linked to a major incident, which have no cards of their own.
 *
 * Pass the case as the change stores it (`version` the one it creates). The key is per version, so a retried
 * operation enqueues it once; the deliverer posts only into owner channels without a card of the case, so a late
 * or repeated message (a second resolution before the first card got out) never adds a second card, and a later
 * resolution reuses the card the first one posted.
 */
export function ownerCardDrafts(c: Case): OutboxDraft[] {
  if (!lacksOwnerCard(c)) return [];
  return [
    draft(`${c.id}:v${c.version}:post_card:owner:${c.ownerGroupId}`, {
      kind: 'post_card',
      caseId: c.id,
      groupId: c.ownerGroupId,
    }),
  ];
}

/**
 * Whether the case is resolved and back with its owner group without any card in the owner's channels, and is one
 * that gets such a card (not a quick case nor a report linked to a major incident): the owner's card is due, or its
 * post found the owner group without a channel (the outbox posts it once the group has one again).
 */
export function lacksOwnerCard(c: Case): boolean {
  if (c.status !== 'resolved' || !isBackWithOwner(c) || c.quick || c.parentId) return false;
  return !c.cards.some((r) => r.groupId === c.ownerGroupId);
}
