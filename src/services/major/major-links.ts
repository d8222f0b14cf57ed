import type { Case } from '../../models/case.js';
import { parseCaseNumber } from '../../models/case.js';
import type { CaseStore, OutboxDraft } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import { draft, postCardDraft, updateCardsDraft } from '../outbox/deliveries.js';

const PAGE = 1000;
const COUNT_ATTEMPTS = 8;
/** The parent's channel card is refreshed at most once per this many ms while reports are being linked. */
const PARENT_CARD_EVERY_MS = 10_000;

/**
 * The channel card of a report that leaves its major incident (unlinked, or reopened by its user after the major
 * incident was over): a report that joined at intake never had a card of its own (the parent's counted it), so
 * its group's channel gets one now (`post_card`, keyed like registration's and escalation's); one that has cards
 * (linked by staff after its card was posted) has them updated in place. `c` is the case as stored by the change.
 */
export function ownCardDrafts(c: Case): OutboxDraft[] {
  return [c.cards.length > 0 ? updateCardsDraft(c) : postCardDraft(c, c.groupId)];
}

/** Every case linked to `parentId`, page by page (the store caps one query at 10 000). */
export async function linkedCases(store: CaseStore, parentId: string): Promise<Case[]> {
  const out: Case[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.findCases({ parentId, limit: PAGE, offset });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}

/** A case by number (`INC-123`, `#inc-000123`) or id. */
export async function findCase(store: CaseStore, numberOrId: string): Promise<Case | null> {
  const number = parseCaseNumber(numberOrId);
  if (number) return store.getCaseByNumber(number);
  return store.getCase(numberOrId.trim());
}

/**
 * Sets `parent.major.linkedCount` to the number of cases linked to it, counted fresh, with a versioned write
 * retried on conflict. Counting (rather than adding one) keeps the count right whatever order concurrent links
 * and unlinks land in: the last successful write counted after every link that preceded it. The parent's card
 * refresh is coalesced to one per 10 s (the outbox key is per time slot), so 500 links do not update the card
 * 500 times. The write notes that it changed nothing but the count (`major.recounted`), so staff's card of the
 * parent, refreshed only every 10 s, is not stale for it (`onlyRecountedSince`). Returns the parent as stored, or
 * null when it is not a major incident.
 */
export async function syncLinkedCount(store: CaseStore, parentId: string, now: Date): Promise<Case | null> {
  for (let attempt = 1; ; attempt++) {
    const parent = await store.getCase(parentId);
    if (!parent?.major) return null;
    const count = await store.countCases({ parentId });
    if (count === parent.major.linkedCount) return parent;
    const slot = Math.floor(now.getTime() / PARENT_CARD_EVERY_MS) + 1;
    const refresh: OutboxDraft = draft(
      `${parentId}:major-count-card:${slot}`,
      { kind: 'update_cards', caseId: parentId },
      { notBefore: new Date(slot * PARENT_CARD_EVERY_MS).toISOString() },
    );
    const run = parent.major.recounted;
    const from = run && run.to === parent.version ? run.from : parent.version;
    const major = { ...parent.major, linkedCount: count, recounted: { from, to: parent.version + 1 } };
    try {
      return await store.updateCase({ ...parent, major }, parent.version, [refresh]);
    } catch (err) {
      if (!isAppError(err, 'CASE.CONFLICT') || attempt >= COUNT_ATTEMPTS) throw err;
    }
  }
}

/**
 * Whether the case has changed since `version` only by recounts of its linked reports (`syncLinkedCount`): a card
 * action rendered at `version` is then not stale. In an outage users join the major incident every few seconds,
 * each join a new version of the parent, while its card is refreshed every 10 s; without this every click on it
 * (claim, status, "Update everyone affected", resolve) was refused as "changed meanwhile".
 */
export function onlyRecountedSince(c: Pick<Case, 'version' | 'major'>, version: number): boolean {
  const run = c.major?.recounted;
  return run !== undefined && run.to === c.version && version >= run.from && version < run.to;
}
