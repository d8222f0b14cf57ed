import { describe, expect, it } from 'vitest';
import type { SlaState } from '../../src/models/case.js';
import {
  isBreached,
  pauseSla,
  recomputeForPriority,
  resumeSla,
  type SlaPriorityDef,
  slaThresholdAt,
  slaUsedFraction,
  startSla,
} from '../../src/models/sla.js';
import { buildCalendar } from '../helpers/business-calendar-fixture.js';

// Calendar: Monday-Friday 08:00-16:00 Europe/Copenhagen (CET = UTC+1 in January). Times in comments are local.
const cal = buildCalendar();
const def = (responseMinutes: number, resolutionMinutes: number, aroundTheClock = false): SlaPriorityDef => ({
  responseMinutes,
  resolutionMinutes,
  aroundTheClock,
});
const P2 = def(60, 480);
const TWO_DAYS = def(60, 960);
const P1_24_7 = def(15, 240, true);

const MONDAY_0800 = '2025-01-06T07:00:00.000Z';

describe('startSla', () => {
  it('computes both due times in business time when created on Friday afternoon', () => {
    // Fri 10 Jan 15:00: response by Fri 16:00, resolution by Mon 13 Jan 15:00
    expect(startSla(P2, '2025-01-10T14:00:00.000Z', cal)).toEqual({
      responseTargetMinutes: 60,
      resolutionTargetMinutes: 480,
      responseDueAt: '2025-01-10T15:00:00.000Z',
      resolutionDueAt: '2025-01-13T14:00:00.000Z',
      pausedIntervals: [],
      breaches: [],
      fired: [],
    });
  });

  it('lands on the right UTC instant when created on the Friday before the clocks go forward', () => {
    // Fri 28 Mar 2025 15:00 CET + 480 -> Mon 31 Mar 15:00 CEST = 13:00 UTC
    const sla = startSla(P2, '2025-03-28T14:00:00.000Z', cal);
    expect(sla.resolutionDueAt).toBe('2025-03-31T13:00:00.000Z');
    expect(sla.responseDueAt).toBe('2025-03-28T15:00:00.000Z');
  });

  it('counts elapsed time when the priority runs around the clock', () => {
    // Saturday 11:00: 24/7 ignores the weekend
    const sla = startSla(P1_24_7, '2025-01-11T10:00:00.000Z', cal);
    expect(sla.responseDueAt).toBe('2025-01-11T10:15:00.000Z');
    expect(sla.resolutionDueAt).toBe('2025-01-11T14:00:00.000Z');
  });

  it('accepts a Date as well as an ISO string', () => {
    expect(startSla(P2, new Date('2025-01-10T14:00:00.000Z'), cal)).toEqual(
      startSla(P2, '2025-01-10T14:00:00.000Z', cal),
    );
  });

  it('throws when the creation time is not an instant', () => {
    expect(() => startSla(P2, 'not a date', cal)).toThrow(RangeError);
  });
});

describe('pauseSla and resumeSla', () => {
  const started = startSla(TWO_DAYS, MONDAY_0800, cal); // resolution due Tue 7 Jan 16:00

  it('pushes the resolution due time by the paused business time when resumed', () => {
    // Paused Mon 10:00 -> Tue 10:00: 480 business minutes; due moves from Tue 16:00 to Wed 16:00
    const paused = pauseSla(started, '2025-01-06T09:00:00.000Z');
    expect(paused.pausedSince).toBe('2025-01-06T09:00:00.000Z');
    const resumed = resumeSla(paused, '2025-01-07T09:00:00.000Z', cal, false);
    expect(resumed.resolutionDueAt).toBe('2025-01-08T15:00:00.000Z');
    expect(resumed.responseDueAt).toBe(started.responseDueAt);
    expect(resumed.pausedSince).toBeUndefined();
    expect(resumed.pausedIntervals).toEqual([{ from: '2025-01-06T09:00:00.000Z', to: '2025-01-07T09:00:00.000Z' }]);
  });

  it('pushes only by business time when the pause spans a weekend', () => {
    // Created Thu 9 Jan 08:00, due Fri 16:00. Paused Fri 15:00 -> Mon 09:00 = 120 business minutes: due Mon 10:00
    const sla = startSla(TWO_DAYS, '2025-01-09T07:00:00.000Z', cal);
    expect(sla.resolutionDueAt).toBe('2025-01-10T15:00:00.000Z');
    const resumed = resumeSla(pauseSla(sla, '2025-01-10T14:00:00.000Z'), '2025-01-13T08:00:00.000Z', cal, false);
    expect(resumed.resolutionDueAt).toBe('2025-01-13T09:00:00.000Z');
  });

  it('pushes by elapsed time when the priority runs around the clock', () => {
    const sla = startSla(P1_24_7, '2025-01-11T10:00:00.000Z', cal);
    const resumed = resumeSla(pauseSla(sla, '2025-01-11T11:00:00.000Z'), '2025-01-11T12:30:00.000Z', cal, true);
    expect(resumed.resolutionDueAt).toBe('2025-01-11T15:30:00.000Z');
  });

  it('keeps an overdue case overdue by the same amount when it was paused after the due time', () => {
    const sla = startSla(P2, MONDAY_0800, cal); // due Mon 16:00
    // Paused Tue 10:00 (120 business minutes late), resumed Wed 10:00
    const resumed = resumeSla(pauseSla(sla, '2025-01-07T09:00:00.000Z'), '2025-01-08T09:00:00.000Z', cal, false);
    expect(resumed.resolutionDueAt).toBe('2025-01-07T15:00:00.000Z');
    expect(isBreached('resolution', resumed, '2025-01-08T09:00:00.000Z')).toBe(true);
    expect(slaUsedFraction('resolution', resumed, '2025-01-08T09:00:00.000Z', cal)).toBe(1.25);
  });

  it('keeps the first pause when paused twice and changes nothing when resumed while running', () => {
    const paused = pauseSla(started, '2025-01-06T09:00:00.000Z');
    expect(pauseSla(paused, '2025-01-06T10:00:00.000Z').pausedSince).toBe('2025-01-06T09:00:00.000Z');
    expect(resumeSla(started, '2025-01-06T10:00:00.000Z', cal, false)).toBe(started);
    expect(started.pausedSince).toBeUndefined();
  });

  it('counts no pause when the resume is stamped before the pause', () => {
    const paused = pauseSla(started, '2025-01-06T09:00:00.000Z');
    const resumed = resumeSla(paused, '2025-01-06T08:00:00.000Z', cal, false);
    expect(resumed.resolutionDueAt).toBe(started.resolutionDueAt);
    expect(resumed.pausedIntervals).toEqual([{ from: '2025-01-06T09:00:00.000Z', to: '2025-01-06T09:00:00.000Z' }]);
  });
});

describe('isBreached', () => {
  const sla = startSla(P2, '2025-01-10T14:00:00.000Z', cal); // response due Fri 16:00

  it('is on time at the due minute and breached just after it', () => {
    expect(isBreached('response', sla, '2025-01-10T15:00:00.000Z')).toBe(false);
    expect(isBreached('response', sla, '2025-01-10T15:00:00.001Z')).toBe(true);
  });

  it('reads the resolution clock as at the pause when it is paused', () => {
    const paused = pauseSla(startSla(TWO_DAYS, MONDAY_0800, cal), '2025-01-06T09:00:00.000Z');
    expect(isBreached('resolution', paused, '2025-01-10T12:00:00.000Z')).toBe(false);
    expect(isBreached('response', paused, '2025-01-10T12:00:00.000Z')).toBe(true);
  });

  it('is never breached when there is no due time', () => {
    const { resolutionDueAt: _none, ...withoutDue } = sla;
    expect(isBreached('resolution', withoutDue as SlaState, '2030-01-01T00:00:00.000Z')).toBe(false);
  });
});

describe('slaUsedFraction', () => {
  const sla = startSla(P2, MONDAY_0800, cal); // resolution due Mon 16:00

  it('is 0 at creation and 0.75 after three quarters of the business time', () => {
    expect(slaUsedFraction('resolution', sla, MONDAY_0800, cal)).toBe(0);
    expect(slaUsedFraction('resolution', sla, '2025-01-06T13:00:00.000Z', cal)).toBe(0.75); // Mon 14:00
  });

  it('exceeds 1 when the case is overdue', () => {
    // Tue 10:00: 480 + 120 business minutes used of 480
    expect(slaUsedFraction('resolution', sla, '2025-01-07T09:00:00.000Z', cal)).toBe(1.25);
  });

  it('is 0 when asked before the clock started', () => {
    expect(slaUsedFraction('resolution', sla, '2025-01-03T09:00:00.000Z', cal)).toBe(0);
  });

  it('stands still while the resolution clock is paused', () => {
    const paused = pauseSla(sla, '2025-01-06T11:00:00.000Z'); // Mon 12:00, half used
    expect(slaUsedFraction('resolution', paused, '2025-01-09T12:00:00.000Z', cal)).toBe(0.5);
    expect(slaUsedFraction('response', paused, '2025-01-06T11:00:00.000Z', cal)).toBeGreaterThan(1);
  });

  it('counts elapsed time when the priority runs around the clock', () => {
    const allHours = startSla(P1_24_7, '2025-01-11T10:00:00.000Z', cal); // Saturday
    expect(slaUsedFraction('resolution', allHours, '2025-01-11T13:00:00.000Z', cal, true)).toBe(0.75);
    // Read on business hours instead, no business time is left before the Saturday due time.
    expect(slaUsedFraction('resolution', allHours, '2025-01-11T13:00:00.000Z', cal, false)).toBe(1);
  });
});

describe('slaThresholdAt', () => {
  const sla = startSla(P2, MONDAY_0800, cal);

  it('gives the instant the fraction is reached when the clock runs', () => {
    expect(slaThresholdAt('resolution', sla, 0.75, cal)).toBe('2025-01-06T13:00:00.000Z'); // Mon 14:00
    expect(slaThresholdAt('resolution', sla, 1, cal)).toBe(sla.resolutionDueAt);
    expect(slaThresholdAt('resolution', sla, 1.5, cal)).toBe('2025-01-07T11:00:00.000Z'); // Tue 12:00
  });

  it('agrees with slaUsedFraction when the due time is across the March DST change', () => {
    const dst = startSla(P2, '2025-03-28T14:00:00.000Z', cal); // due Mon 31 Mar 15:00 CEST
    const at = slaThresholdAt('resolution', dst, 0.75, cal);
    expect(at).toBe('2025-03-31T11:00:00.000Z'); // Mon 13:00 CEST
    expect(slaUsedFraction('resolution', dst, at as string, cal)).toBe(0.75);
  });

  it('is unknown for the resolution clock when it is paused', () => {
    const paused = pauseSla(sla, '2025-01-06T09:00:00.000Z');
    expect(slaThresholdAt('resolution', paused, 0.75, cal)).toBeUndefined();
    expect(slaThresholdAt('response', paused, 0.75, cal)).toBe('2025-01-06T07:45:00.000Z');
  });

  it('counts elapsed time when the priority runs around the clock', () => {
    const allHours = startSla(P1_24_7, '2025-01-11T10:00:00.000Z', cal);
    expect(slaThresholdAt('resolution', allHours, 0.75, cal, true)).toBe('2025-01-11T13:00:00.000Z');
  });
});

describe('recomputeForPriority', () => {
  const pausedAndResumed = resumeSla(
    pauseSla(startSla(TWO_DAYS, MONDAY_0800, cal), '2025-01-06T09:00:00.000Z'),
    '2025-01-07T09:00:00.000Z',
    cal,
    false,
  );

  it('reproduces the state when the priority is unchanged', () => {
    expect(recomputeForPriority(pausedAndResumed, TWO_DAYS, MONDAY_0800, '2025-01-07T09:00:00.000Z', cal)).toEqual(
      pausedAndResumed,
    );
  });

  it('counts a raised target from the change, no later than the deadline the case had, and keeps the pauses', () => {
    const breached = { ...pausedAndResumed, breaches: [{ kind: 'response' as const, at: '2025-01-06T08:00:00.000Z' }] };
    // Raised on Tue 10:00 (09:00Z).
    const raised = recomputeForPriority(breached, def(15, 240), MONDAY_0800, '2025-01-07T09:00:00.000Z', cal);
    expect(raised.responseTargetMinutes).toBe(15);
    expect(raised.resolutionTargetMinutes).toBe(240);
    // The response deadline passed before the change (Mon 09:00) and stays: Tue 10:15 would give more time.
    expect(raised.responseDueAt).toBe('2025-01-06T08:00:00.000Z');
    // Tue 10:00 + 240 = Tue 14:00, earlier than the old Wed 16:00 and later than Mon 08:00 + 240 pushed by the
    // 480-minute pause (Tue 12:00), which would have lain in the past.
    expect(raised.resolutionDueAt).toBe('2025-01-07T13:00:00.000Z');
    expect(raised.pausedIntervals).toEqual(pausedAndResumed.pausedIntervals);
    expect(raised.breaches).toEqual(breached.breaches);
    expect(raised.fired).toEqual([]);
  });

  it('counts a raised resolution target from the pause while the clock stands still', () => {
    // Paused Mon 10:00, raised Mon 11:00: the clock stands at Mon 10:00, so 240 minutes from there (Mon 14:00),
    // pushed by the pause when it ends (Mon 13:00: 180 minutes, to Tue 09:00).
    const paused = pauseSla(startSla(TWO_DAYS, MONDAY_0800, cal), '2025-01-06T09:00:00.000Z');
    const raised = recomputeForPriority(paused, def(15, 240), MONDAY_0800, '2025-01-06T10:00:00.000Z', cal);
    expect(raised.resolutionDueAt).toBe('2025-01-06T13:00:00.000Z');
    expect(resumeSla(raised, '2025-01-06T12:00:00.000Z', cal, false).resolutionDueAt).toBe('2025-01-07T08:00:00.000Z');
  });

  it('keeps a running pause running when the priority changes while paused', () => {
    const paused = pauseSla(startSla(P2, MONDAY_0800, cal), '2025-01-06T09:00:00.000Z');
    const changed = recomputeForPriority(paused, TWO_DAYS, MONDAY_0800, '2025-01-06T10:00:00.000Z', cal);
    expect(changed.pausedSince).toBe('2025-01-06T09:00:00.000Z');
    expect(changed.resolutionDueAt).toBe('2025-01-07T15:00:00.000Z');
  });

  it('drops ladder rungs that are no longer reached when the priority is lowered', () => {
    const sla = {
      ...startSla(P2, MONDAY_0800, cal),
      // `@ops-network`: the reminder for a group the case was passed to.
      fired: ['response:75', 'response:breach', 'resolution:75', 'resolution:75@ops-network', 'custom'],
    };
    // Mon 14:30: 390 business minutes used
    const lowered = recomputeForPriority(sla, def(480, 4800), MONDAY_0800, '2025-01-06T13:30:00.000Z', cal);
    expect(lowered.fired).toEqual(['response:75', 'custom']);
  });

  it('keeps the fired rungs when a raise leaves the deadline where it was', () => {
    // Due Tue 16:00; its reminder (Tue 12:00) has fired. Raised to P2 on Tue 12:30: 480 minutes from the change end
    // later, so the deadline stays, and with it the reminder about it (measured against 480 minutes it is at 56 %).
    const reminded = { ...startSla(TWO_DAYS, MONDAY_0800, cal), fired: ['resolution:75', 'response:breach'] };
    const raised = recomputeForPriority(reminded, P2, MONDAY_0800, '2025-01-07T11:30:00.000Z', cal);
    expect(raised.resolutionDueAt).toBe(reminded.resolutionDueAt);
    expect(raised.fired).toEqual(['resolution:75', 'response:breach']);
    // Raised to P1 instead: Tue 16:30 (around the clock from the change) is later too, the deadline stays.
    expect(recomputeForPriority(reminded, P1_24_7, MONDAY_0800, '2025-01-07T11:30:00.000Z', cal).fired).toEqual([
      'resolution:75',
      'response:breach',
    ]);
  });

  it('keeps the deadline a raise gave when the priority is lowered again and registration would end earlier', () => {
    // P3 (two days) → P1 on Tue 10:00: Tue 14:00. → P2 on Tue 10:30: P2 from registration (Mon 16:00) has passed
    // and P2 from the change (Wed 10:30) is later, so Tue 14:00 stays, and so does its fired reminder.
    const p1 = recomputeForPriority(
      startSla(TWO_DAYS, MONDAY_0800, cal),
      P1_24_7,
      MONDAY_0800,
      '2025-01-07T09:00:00.000Z',
      cal,
    );
    expect(p1.resolutionDueAt).toBe('2025-01-07T13:00:00.000Z');
    const p2 = recomputeForPriority(
      { ...p1, fired: ['resolution:75'] },
      P2,
      MONDAY_0800,
      '2025-01-07T11:15:00.000Z',
      cal,
    );
    expect(p2.resolutionDueAt).toBe('2025-01-07T13:00:00.000Z');
    expect(p2.fired).toEqual(['resolution:75']);
  });

  it('uses elapsed time from the change when the new priority runs around the clock', () => {
    const sla = startSla(P2, '2025-01-11T10:00:00.000Z', cal); // Saturday
    const urgent = recomputeForPriority(sla, P1_24_7, '2025-01-11T10:00:00.000Z', '2025-01-11T10:05:00.000Z', cal);
    expect(urgent.resolutionDueAt).toBe('2025-01-11T14:05:00.000Z');
  });
});
