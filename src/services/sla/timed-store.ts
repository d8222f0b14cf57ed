import type { Case, NewCase } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import { withStoreOverrides } from '../store-overrides.js';
import { type LadderDeps, withNextTimer } from './ladder.js';

/**
 * The store as the lifecycle sees it: every case it creates, updates or claims is written with its
 * `nextTimerAt` recomputed from the escalation ladder, so the sweeper's due-time index is always current without
 * each operation having to remember it. Everything else passes through unchanged. Wrapping an already wrapped
 * store is harmless (the stamp is a pure function of the case).
 */
export function withTimerStamps(store: CaseStore, deps: LadderDeps): CaseStore {
  const stamp = <C extends Case | NewCase>(c: C): C => withNextTimer(c, deps);
  const overrides: Partial<CaseStore> = {
    createCase: (draft, outbox) => store.createCase(stamp(draft), outbox),
    updateCase: (next, expectedVersion, outbox) => store.updateCase(stamp(next), expectedVersion, outbox),
    claimCase: (id, claimant, apply, outbox) =>
      store.claimCase(id, claimant, (current) => stamp(apply(current)), outbox),
  };
  return withStoreOverrides(store, overrides);
}
