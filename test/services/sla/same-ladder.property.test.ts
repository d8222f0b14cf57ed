import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../../src/models/business-calendar.js';
import { CASE_STATUSES, type AuditEntry, type Escalation, type Priority } from '../../../src/models/case.js';
import { pauseSla, startSla } from '../../../src/models/sla.js';
import { type LadderCase, ladderRungs, RESOLVED_WITH_MAJOR, sameLadder } from '../../../src/services/sla/ladder.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import { shippedCatalogue } from '../../helpers/services.js';

const catalogue = shippedCatalogue();
const calendar = BusinessCalendar.fromConfig(catalogue.catalogue.calendar, 'Europe/Copenhagen');
const deps = { catalogue, calendar };
const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4'];
const ACTIONS = [
  'register',
  'claim',
  'unassign',
  'escalate_group',
  'note',
  'user_confirmed',
  'sla_breach',
  'resolve',
  RESOLVED_WITH_MAJOR,
];
/** Actions that resolve the case: their entries go `to: 'resolved'`, which `checkedBeforeClose` reads. */
const RESOLVING = new Set(['resolve', RESOLVED_WITH_MAJOR]);
const BASE = Date.parse('2025-03-03T07:00:00.000Z');

const escalation = (toGroupId: string): Escalation => ({
  kind: 'functional',
  at: new Date(BASE + 60_000).toISOString(),
  by: buildPerson('jonas'),
  fromGroupId: 'arts-support',
  toGroupId,
  reason: 'elsewhere',
});
const NONE: Escalation[] = [];
const OUTSIDE = escalation('external:AU Bygninger');
const INSIDE = escalation('ops-network');

const instant = fc.integer({ min: 0, max: 14 * 24 * 60 }).map((m) => new Date(BASE + m * 60_000).toISOString());
const entry = fc.record({ at: instant, action: fc.constantFrom(...ACTIONS) }).map(
  ({ at, action }): AuditEntry => ({
    at,
    action,
    actor: buildPerson('jonas'),
    ...(RESOLVING.has(action) ? { to: 'resolved' } : {}),
  }),
);

/** Any case the sweeper may meet: every field the ladder could read varies. */
const ladderCase = fc
  .record({
    priority: fc.constantFrom(...PRIORITIES),
    // Resolved weighs more: its auto-close rung reads solution, resolvedAt and user confirmations.
    status: fc.oneof(
      { arbitrary: fc.constant('resolved' as const), weight: 1 },
      { arbitrary: fc.constantFrom(...CASE_STATUSES), weight: 2 },
    ),
    createdAt: instant,
    assigned: fc.boolean(),
    firstResponseAt: fc.option(instant, { nil: undefined }),
    parentId: fc.option(fc.constantFrom('major-1', 'major-2'), { nil: undefined }),
    // A quick case is closed by the ladder once its user confirms; another waits for 1st level's check.
    quick: fc.boolean(),
    resolvedAt: fc.option(instant, { nil: undefined }),
    solution: fc.option(fc.constantFrom('', 'Restarted the access point'), { nil: undefined }),
    pausedAt: fc.option(instant, { nil: undefined }),
    history: fc.array(entry, { maxLength: 4 }),
    categoryId: fc.constantFrom('wifi-eduroam', 'printing'),
    groupId: fc.constantFrom('arts-support', 'it-support'),
    // Functional escalations: none, handed over outside AU IT (no unclaimed ping), or back inside since.
    escalations: fc.constantFrom(NONE, [OUTSIDE], [OUTSIDE, INSIDE], [INSIDE]),
  })
  .map((r): LadderCase => {
    let sla = startSla(catalogue.priorityLevel(r.priority), r.createdAt, calendar);
    if (r.pausedAt) sla = pauseSla(sla, r.pausedAt);
    return {
      ...buildNewCase({ categoryId: r.categoryId, groupId: r.groupId, priority: r.priority }),
      status: r.status,
      priority: r.priority,
      createdAt: r.createdAt,
      sla,
      history: r.history,
      escalations: r.escalations,
      quick: r.quick,
      ...(r.assigned ? { assignee: buildPerson('jonas') } : {}),
      ...(r.firstResponseAt ? { firstResponseAt: r.firstResponseAt } : {}),
      ...(r.parentId ? { parentId: r.parentId } : {}),
      ...(r.resolvedAt ? { resolvedAt: r.resolvedAt } : {}),
      ...(r.solution !== undefined
        ? { solution: { text: r.solution, by: buildPerson('jonas'), at: r.createdAt } }
        : {}),
    };
  });

/**
 * `next`: `c` with some top-level fields and some `sla` fields taken from another case, and maybe history
 * appended — the way a sweep or any other change could leave it. Generic over the keys, so a field the ladder
 * starts reading later is varied too without this test knowing its name.
 */
const pairs = fc
  .record({
    c: ladderCase,
    other: ladderCase,
    keys: fc.array(fc.nat(), { maxLength: 2 }),
    slaKeys: fc.array(fc.nat(), { maxLength: 2 }),
    more: fc.array(entry, { maxLength: 3 }),
    appendOnly: fc.boolean(),
  })
  .map(({ c, other, keys, slaKeys, more, appendOnly }) => {
    const next: Record<string, unknown> = { ...c };
    const names = [...new Set([...Object.keys(c), ...Object.keys(other)])].sort();
    for (const k of keys) {
      const name = names[k % names.length] as string;
      if (name === 'sla' || name === 'history') continue;
      next[name] = (other as Record<string, unknown>)[name];
    }
    const sla: Record<string, unknown> = { ...c.sla };
    const slaNames = [...new Set([...Object.keys(c.sla), ...Object.keys(other.sla)])].sort();
    for (const k of slaKeys) {
      const name = slaNames[k % slaNames.length] as string;
      sla[name] = (other.sla as unknown as Record<string, unknown>)[name];
    }
    next['sla'] = sla;
    next['history'] = appendOnly ? [...c.history, ...more] : other.history;
    return { c, next: next as LadderCase };
  });

describe('sameLadder', () => {
  it('only says yes when ladderRungs gives the same rungs for both cases, whatever changed between them', () => {
    fc.assert(
      fc.property(pairs, ({ c, next }) => {
        if (sameLadder(c, next)) expect(ladderRungs(next, deps)).toEqual(ladderRungs(c, deps));
      }),
      { numRuns: 10_000 },
    );
  });

  it('says yes often enough in those runs for the property to mean something', () => {
    const samples = fc.sample(pairs, { numRuns: 3000, seed: 7 });
    const same = samples.filter(({ c, next }) => sameLadder(c, next)).length;
    expect(same).toBeGreaterThan(100);
  });
});
