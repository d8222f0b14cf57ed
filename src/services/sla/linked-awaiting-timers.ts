import type { Case } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import { computeNextTimer, type LadderDeps, withNextTimer } from './ladder.js';

/** Linked reports read per page by `catchUpLinkedAwaiting`. */
const PAGE = 500;

/**
 * Gives the reports linked to a major incident that await their user the due timer the ladder gives them now.
 * Before 74015bf a linked report had no rungs at all, so one set Awaiting user by an earlier version (or whose timer
 * an earlier version wrote) has no timer: its user was never reminded and nobody proposed to resolve or close it,
 * until its next write. Such a report gets its `nextTimerAt` as the lifecycle writes it (`withNextTimer`); the
 * sweeper then fires what is due (both rungs at once for a question asked long ago). Only the linked reports
 * awaiting their user are read (`CaseQuery.linked` with the status, on an index), so running it at every start is
 * cheap; a report whose timer is right already is not written (idempotent: a second run writes nothing). A report
 * someone changed meanwhile is read again once (its new write set its timer already when it was this version's);
 * one a page missed because others left the list during the pass is caught at the next start, one whose write
 * failed is passed to `onError` (the sweeper then makes the pass again at its next sweep). Returns how many reports
 * got a timer; a failed read of the list is thrown.
 */
export async function catchUpLinkedAwaiting(
  store: CaseStore,
  deps: LadderDeps,
  onError: (err: unknown, c: Case) => void,
): Promise<number> {
  let fixed = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.findCases({ statuses: ['awaiting_user'], linked: true, limit: PAGE, offset });
    for (const c of page) {
      try {
        if (await setTimer(store, c, deps)) fixed += 1;
      } catch (err) {
        // The others go ahead; the caller decides when that one is tried again.
        onError(err, c);
      }
    }
    if (page.length < PAGE) return fixed;
  }
}

/** Writes the case with its ladder's timer when the stored one differs; true when written. */
async function setTimer(store: CaseStore, read: Case, deps: LadderDeps): Promise<boolean> {
  let c: Case | null = read;
  for (let attempt = 1; c; attempt++) {
    if (c.status !== 'awaiting_user' || c.parentId === undefined) return false;
    if (computeNextTimer(c, deps) === c.nextTimerAt) return false;
    try {
      await store.updateCase(withNextTimer(c, deps), c.version);
      return true;
    } catch (err) {
      if (!isAppError(err, 'CASE.CONFLICT') || attempt >= 2) throw err;
      c = await store.getCase(read.id);
    }
  }
  return false;
}
