import type { CaseStore } from '../../models/case-store.js';
import { withStoreOverrides } from '../store-overrides.js';

/**
 * The store as the services see it: every write that adds outbox messages (a case created, updated or claimed
 * with drafts, a batch of writes with drafts, drafts enqueued on their own) calls `kick` once it is stored, so
 * the dispatcher delivers them straight away instead of at its next poll (up to `dispatchIntervalMs` later): a
 * claimed case's card changes while the claimer still looks at it. Reads and everything else pass through.
 */
export function withOutboxKick(store: CaseStore, kick: () => void): CaseStore {
  const after = async <T>(result: Promise<T>, wrote: boolean): Promise<T> => {
    const value = await result;
    if (wrote) kick();
    return value;
  };
  const overrides: Partial<CaseStore> = {
    createCase: (draft, outbox) =>
      after(store.createCase(draft, outbox), typeof outbox === 'function' || (outbox?.length ?? 0) > 0),
    updateCase: (next, expectedVersion, outbox) =>
      after(store.updateCase(next, expectedVersion, outbox), (outbox?.length ?? 0) > 0),
    claimCase: (id, claimant, apply, outbox) =>
      after(store.claimCase(id, claimant, apply, outbox), outbox !== undefined),
    enqueueOutbox: (drafts) => after(store.enqueueOutbox(drafts), drafts.length > 0),
  };
  if (store.updateCases) {
    const updateCases = store.updateCases.bind(store);
    overrides.updateCases = (writes) =>
      after(
        updateCases(writes),
        writes.some((w) => (w.outbox?.length ?? 0) > 0),
      );
  }
  return withStoreOverrides(store, overrides);
}
