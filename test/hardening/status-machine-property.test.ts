import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../../src/models/case.js';
import { checkTransition, ROLES, TRANSITIONS } from '../../src/models/status-machine.js';

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
