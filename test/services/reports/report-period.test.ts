import { describe, expect, it } from 'vitest';
import {
  isoWeekMonday,
  monthPeriod,
  nextMonth,
  previousMonth,
  resolvePeriod,
  weekPeriod,
} from '../../../src/services/reports/report-period.js';

const TZ = 'Europe/Copenhagen';
const NOW = new Date('2026-03-04T10:00:00Z');

describe('resolvePeriod', () => {
  it('returns null when the year is out of range (before 2000 or after next year), never a RangeError', () => {
    for (const p of ['0000-01', '0099-01', '1999-12', '2028-01', '9999-12', '0000-W01', '9999-W10']) {
      expect(() => resolvePeriod(p, NOW, TZ), p).not.toThrow();
      expect(resolvePeriod(p, NOW, TZ), p).toBeNull();
    }
    expect(resolvePeriod('2000-01', NOW, TZ)?.label).toBe('2000-01');
    expect(resolvePeriod('2027-12', NOW, TZ)?.label).toBe('2027-12');
  });

  it('reads the ISO week label the bot prints (YYYY-Www), in any case', () => {
    expect(resolvePeriod('2026-W10', NOW, TZ)).toEqual({
      label: '2026-W10',
      from: new Date('2026-03-01T23:00:00Z'),
      to: new Date('2026-03-08T23:00:00Z'),
    });
    expect(resolvePeriod('2026-w1', NOW, TZ)?.label).toBe('2026-W01');
    expect(resolvePeriod('2026-W53', NOW, TZ)?.label).toBe('2026-W53');
    expect(resolvePeriod('2025-W53', NOW, TZ)).toBeNull();
    expect(resolvePeriod('2026-W00', NOW, TZ)).toBeNull();
  });

  it('reads "week N" as week N of this ISO year and refuses a week the year does not have', () => {
    expect(resolvePeriod('week 10', NOW, TZ)?.label).toBe('2026-W10');
    expect(resolvePeriod('week 54', NOW, TZ)).toBeNull();
    expect(resolvePeriod('week 0', NOW, TZ)).toBeNull();
  });

  it('reads "week N" near New Year as the latest week N that has begun, not one a year ahead', () => {
    // Monday 30 December 2024 is already in week 1 of ISO year 2025.
    const newYear = new Date('2024-12-30T09:00:00Z');
    expect(resolvePeriod('week 52', newYear, TZ)?.label).toBe('2024-W52');
    expect(resolvePeriod('week 1', newYear, TZ)?.label).toBe('2025-W01');
  });

  it('keeps week, month and YYYY-MM, and refuses anything else', () => {
    expect(resolvePeriod('week', NOW, TZ)?.label).toBe('2026-W10');
    expect(resolvePeriod('month', NOW, TZ)?.label).toBe('2026-03');
    expect(resolvePeriod('2025-13', NOW, TZ)).toBeNull();
    expect(resolvePeriod('banana', NOW, TZ)).toBeNull();
  });
});

describe('isoWeekMonday', () => {
  it('gives the Monday of the ISO week, or null when the year has no such week', () => {
    expect(isoWeekMonday(2026, 1)).toBe('2025-12-29');
    expect(isoWeekMonday(2026, 53)).toBe('2026-12-28');
    expect(isoWeekMonday(2025, 53)).toBeNull();
    expect(isoWeekMonday(2025, 0)).toBeNull();
  });
});

describe('monthPeriod and weekPeriod', () => {
  it('have local-midnight ends when a month or week spans a DST change', () => {
    expect(monthPeriod('2025-03', TZ)).toMatchObject({
      from: new Date('2025-02-28T23:00:00Z'),
      to: new Date('2025-03-31T22:00:00Z'),
    });
    expect(monthPeriod('2025-10', TZ)).toMatchObject({
      from: new Date('2025-09-30T22:00:00Z'),
      to: new Date('2025-10-31T23:00:00Z'),
    });
    // Sunday 26 Oct 2025 23:30 local (CET) is still week 43.
    expect(weekPeriod(new Date('2025-10-26T22:30:00Z'), TZ)).toMatchObject({
      label: '2025-W43',
      from: new Date('2025-10-19T22:00:00Z'),
      to: new Date('2025-10-26T23:00:00Z'),
    });
    expect(weekPeriod(new Date('2026-12-31T12:00:00Z'), TZ).label).toBe('2026-W53');
  });

  it('keeps four-digit years when stepping months across a year', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(nextMonth('2025-12')).toBe('2026-01');
    expect(nextMonth('0999-12')).toBe('1000-01');
    expect(previousMonth('1000-01')).toBe('0999-12');
  });
});
