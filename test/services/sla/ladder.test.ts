import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../../src/models/business-calendar.js';
import type { NewCase, Priority } from '../../../src/models/case.js';
import { pauseSla, startSla } from '../../../src/models/sla.js';
import { formatTime } from '../../../src/services/i18n.js';
import {
  computeNextTimer,
  dueAmong,
  dueRungs,
  earliestUnfired,
  ladderRungs,
  sameLadder,
} from '../../../src/services/sla/ladder.js';
import { timeFormatter } from '../../../src/services/sla/time-formatter.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import { shippedCatalogue } from '../../helpers/services.js';

const catalogue = shippedCatalogue();
const calendar = BusinessCalendar.fromConfig(catalogue.catalogue.calendar, 'Europe/Copenhagen');
const deps = { catalogue, calendar };

function caseAt(createdAt: string, priority: Priority, overrides: Partial<NewCase> = {}): NewCase {
  return buildNewCase({
    priority,
    createdAt,
    sla: startSla(catalogue.priorityLevel(priority), createdAt, calendar),
    history: [{ at: createdAt, actor: buildPerson('anna'), action: 'register', to: 'registered' }],
    ...overrides,
  });
}

describe('computeNextTimer', () => {
  it('runs a P1 case around the clock when it comes in on a Saturday night', () => {
    // Saturday 8 March 2025, 02:00 CET: the unclaimed ping (15 min) comes before 75 % of 30 minutes.
    const c = caseAt('2025-03-08T01:00:00.000Z', 'P1');
    expect(computeNextTimer(c, deps)).toBe('2025-03-08T01:15:00.000Z');
    expect(dueRungs(c, new Date('2025-03-08T01:31:00.000Z'), deps).map((r) => r.id)).toEqual([
      'unclaimed@2025-03-08T01:00:00.000Z',
      'response:75',
      'response:breach',
    ]);
  });

  it('skips the fired rungs and gives the next one', () => {
    const c = caseAt('2025-03-03T09:00:00.000Z', 'P3');
    expect(computeNextTimer(c, deps)).toBe('2025-03-03T12:00:00.000Z');
    const fired = { ...c, sla: { ...c.sla, fired: ['response:75'] } };
    expect(computeNextTimer(fired, deps)).toBe('2025-03-03T13:00:00.001Z');
  });

  it('follows the autumn daylight-saving change for the awaiting-user reminder', () => {
    // Paused Friday 24 October 2025, 15:00 CEST; 16 business hours: 1 on Friday, 8 on Monday 27 (CET), 7 on Tuesday.
    const c = caseAt('2025-10-24T08:00:00.000Z', 'P3', {
      status: 'awaiting_user',
      assignee: buildPerson('jonas'),
      firstResponseAt: '2025-10-24T08:10:00.000Z',
    });
    const paused = { ...c, sla: pauseSla(c.sla, '2025-10-24T13:00:00.000Z') };
    expect(computeNextTimer(paused, deps)).toBe('2025-10-28T14:00:00.000Z'); // Tuesday 15:00 CET
    expect(ladderRungs(paused, deps).map((r) => r.kind)).toEqual(['awaiting_reminder', 'awaiting_proposal']);
  });

  it('gives no timer for a closed case or for a resolved case without a documented solution', () => {
    const closed = caseAt('2025-03-03T09:00:00.000Z', 'P3', { status: 'closed' });
    expect(computeNextTimer(closed, deps)).toBeUndefined();
    const undocumented = caseAt('2025-03-03T09:00:00.000Z', 'P3', {
      status: 'resolved',
      resolvedAt: '2025-03-03T10:00:00.000Z',
    });
    expect(computeNextTimer(undocumented, deps)).toBeUndefined();
  });
});

describe('timeFormatter', () => {
  it('formats exactly like formatTime when it reuses its formatters', () => {
    const format = timeFormatter('Europe/Copenhagen');
    for (const iso of ['2025-03-30T00:30:00.000Z', '2025-03-30T01:30:00.000Z', '2025-10-26T02:30:00.000Z']) {
      for (const locale of ['da', 'en'] as const) {
        expect(format(iso, locale)).toBe(formatTime(iso, locale, 'Europe/Copenhagen'));
      }
    }
  });
});

describe('sameLadder', () => {
  const c = caseAt('2025-03-03T09:00:00.000Z', 'P2');
  const sla = { id: 'system:sla', name: 'SLA' };
  const at = '2025-03-03T12:00:00.000Z';

  it('says yes and the reused ladder gives the same next timer when only fired rungs, breaches and SLA history were added', () => {
    const next = {
      ...c,
      sla: { ...c.sla, fired: ['response:75', 'response:breach'], breaches: [{ kind: 'response' as const, at }] },
      history: [...c.history, { at, actor: sla, action: 'sla_breach' as const, to: 'Karen', detail: 'response' }],
    };
    expect(sameLadder(c, next)).toBe(true);
    expect(earliestUnfired(ladderRungs(c, deps), next.sla.fired)).toBe(computeNextTimer(next, deps));
    expect(earliestUnfired(ladderRungs(c, deps), next.sla.fired)).not.toBe(computeNextTimer(c, deps));
  });

  it('says no when the case was closed, claimed or put back in the pile', () => {
    expect(sameLadder(c, { ...c, status: 'closed' })).toBe(false);
    expect(sameLadder(c, { ...c, assignee: buildPerson('jonas') })).toBe(false);
    expect(sameLadder(c, { ...c, history: [...c.history, { at, actor: sla, action: 'unassign' }] })).toBe(false);
    expect(sameLadder(c, { ...c, sla: { ...c.sla, pausedSince: at } })).toBe(false);
  });

  it('lists the due rungs of a computed ladder as dueRungs does', () => {
    const now = new Date('2025-03-04T09:00:00.000Z');
    expect(dueAmong(ladderRungs(c, deps), c.sla.fired, now)).toEqual(dueRungs(c, now, deps));
    expect(dueAmong(ladderRungs(c, deps), c.sla.fired, now).length).toBeGreaterThan(1);
  });
});
