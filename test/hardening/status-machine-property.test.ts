import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type Case, OPEN_STATUSES } from '../../src/models/case.js';
import { checkTransition, ROLES, TRANSITIONS } from '../../src/models/status-machine.js';
import { backToWork } from '../../src/services/lifecycle/resolution.js';
import { type Order, orderAnswers } from '../../src/services/orders/order.js';

describe('checkTransition (property)', () => {
  it('allows a move only along a listed transition, by an allowed role, with a solution where one is required', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CASE_STATUSES),
        fc.constantFrom(...CASE_STATUSES),
        fc.subarray([...ROLES]),
        fc.boolean(),
        fc.integer({ min: 0, max: 60 }),
        (from, to, actorRoles, hasSolution, daysAfter) => {
          const resolvedAt = '2025-03-03T09:00:00.000Z';
          const now = new Date(Date.parse(resolvedAt) + daysAfter * 86_400_000).toISOString();
          const check = checkTransition({
            from,
            to,
            actorRoles,
            hasSolution,
            resolvedAt,
            now,
            reopenWindowDays: 14,
          });
          if (!check.ok) return;
          const rules = TRANSITIONS.filter((r) => r.from === from && r.to === to);
          const usable = rules.filter((r) => r.roles.some((role) => actorRoles.includes(role)));
          expect(usable.length).toBeGreaterThan(0);
          expect(usable.some((r) => !r.requiresSolution || hasSolution)).toBe(true);
          if (to === 'closed') expect(hasSolution).toBe(true);
          expect(from).not.toBe(to);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('backToWork (property): where a resolved case reopened or returned lands', () => {
  const day = fc.constantFrom(undefined, '2025-03-05T09:00:00.000Z');
  const order = fc.record({
    approval: fc.constantFrom('not_needed', 'pending', 'approved', 'rejected') as fc.Arbitrary<
      Order['approval']['state']
    >,
    orderedAt: day,
    receivedAt: day,
    readyAt: day,
    handedOutAt: day,
    vendor: fc.constantFrom(undefined, 'Atea'),
  });

  it('is Awaiting vendor exactly for an order its vendor still has, never In progress with nobody on it', () => {
    fc.assert(
      fc.property(
        fc.option(order, { nil: undefined }),
        fc.boolean(),
        fc.option(fc.record({ name: fc.constantFrom('Atea', 'Dustin'), reference: fc.constantFrom('PO-1') }), {
          nil: undefined,
        }),
        (o, assigned, caseVendor) => {
          const c: Pick<Case, 'assignee' | 'answers' | 'vendor'> = {
            ...(assigned ? { assignee: { id: 'teams:anders', name: 'Anders Lykke' } } : {}),
            ...(caseVendor ? { vendor: caseVendor } : {}),
            answers: o
              ? orderAnswers({
                  v: 1,
                  lines: [],
                  totalDkk: 0,
                  promisedAt: '2025-03-12',
                  deliveryLocation: '1481-235',
                  costCentre: '12345678',
                  approval: { state: o.approval },
                  fulfilment: {
                    slips: [],
                    ...(o.orderedAt ? { orderedAt: o.orderedAt } : {}),
                    ...(o.vendor ? { vendor: o.vendor } : {}),
                    ...(o.receivedAt ? { receivedAt: o.receivedAt } : {}),
                    ...(o.readyAt ? { readyAt: o.readyAt } : {}),
                    ...(o.handedOutAt ? { handedOutAt: o.handedOutAt } : {}),
                  },
                })
              : {},
          };
          const back = backToWork(c);
          expect(OPEN_STATUSES).toContain(back.status);
          const withVendor =
            o !== undefined &&
            (o.approval === 'approved' || o.approval === 'not_needed') &&
            o.orderedAt !== undefined &&
            !o.receivedAt &&
            !o.readyAt &&
            !o.handedOutAt;
          expect(back.status === 'awaiting_vendor').toBe(withVendor);
          if (withVendor) {
            // The vendor stays on the case: the case's own, else the order's.
            expect(back.vendor?.name).toBe(caseVendor?.name ?? o.vendor ?? '');
          } else {
            expect(back.status).toBe(assigned ? 'in_progress' : 'registered');
            expect(back.vendor).toBeUndefined();
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
