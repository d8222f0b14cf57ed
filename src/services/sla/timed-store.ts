import type { Case, NewCase } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import type { Clock } from '../clock.js';
import { withDeliveryTarget } from '../orders/order-target.js';
import { withStoreOverrides } from '../store-overrides.js';
import { withHandOverClock } from './handover-clock.js';
import { type LadderDeps, withNextTimer } from './ladder.js';

/**
 * The store as the lifecycle sees it: every case it creates, updates or claims is written with its
 * `nextTimerAt` recomputed from the escalation ladder, so the sweeper's due-time index is always current without
 * each operation having to remember it; an order case gets its resolution due time from its delivery date first
 * (`withDeliveryTarget`: set at registration, moved by the approval, the vendor's date and every slip), and a case
 * handed over outside AU IT has its clock stopped (`withHandOverClock`). Everything
 * else passes through unchanged. Wrapping an already wrapped store is harmless (the stamp changes nothing the second
 * time).
 */
export function withTimerStamps(store: CaseStore, deps: LadderDeps & { clock: Clock }): CaseStore {
  const stamp = <C extends Case | NewCase>(c: C): C => stampCase(c, deps, deps.clock.now());
  const overrides: Partial<CaseStore> = {
    createCase: (draft, outbox) => store.createCase(stamp(draft), outbox),
    updateCase: (next, expectedVersion, outbox) => store.updateCase(stamp(next), expectedVersion, outbox),
    claimCase: (id, claimant, apply, outbox) =>
      store.claimCase(id, claimant, (current) => stamp(apply(current)), outbox),
  };
  return withStoreOverrides(store, overrides);
}

/**
 * A case as the lifecycle writes it at `now`: an order's resolution due time from its delivery date
 * (`withDeliveryTarget`), the clock of a case handed over outside AU IT stopped (`withHandOverClock`), then
 * `nextTimerAt` from the ladder. For writes that do not go through `withTimerStamps` (registration writes to the
 * plain store).
 */
export function stampCase<C extends Case | NewCase>(c: C, deps: LadderDeps, now: Date): C {
  return withNextTimer(withHandOverClock(withDeliveryTarget(c, deps, now), deps, now), deps);
}
