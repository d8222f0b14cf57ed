import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { danishHolidays, easterSunday } from '../../src/models/danish-holidays.js';

const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();
const shift = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2019, '2019-04-21'],
    [2000, '2000-04-23'],
    [2038, '2038-04-25'],
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [2285, '2285-03-22'],
  ])('returns the known date when the year is %i', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('returns a Sunday between 22 March and 25 April when given any Gregorian year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4000 }), (year) => {
        const easter = easterSunday(year);
        expect(weekday(easter)).toBe(0);
        expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`).toBe(true);
      }),
    );
  });
});

describe('danishHolidays', () => {
  it('lists every closed day of 2025 in order when asked for 2025', () => {
    expect(danishHolidays(2025)).toEqual([
      '2025-01-01',
      '2025-04-17',
      '2025-04-18',
      '2025-04-20',
      '2025-04-21',
      '2025-05-29',
      '2025-06-05',
      '2025-06-08',
      '2025-06-09',
      '2025-12-24',
      '2025-12-25',
      '2025-12-26',
      '2025-12-31',
    ]);
  });

  it('includes Great Prayer Day when the year is 2023 or earlier', () => {
    expect(danishHolidays(2023)).toContain('2023-05-05');
    expect(danishHolidays(2022)).toContain('2022-05-13');
    expect(danishHolidays(2023)).toHaveLength(14);
  });

  it('leaves Great Prayer Day out when the year is 2024 or later', () => {
    expect(danishHolidays(2024)).not.toContain('2024-04-26');
    expect(danishHolidays(2026)).not.toContain('2026-05-01');
    expect(danishHolidays(2024)).toHaveLength(13);
  });

  it('puts the Easter-dependent days on their weekdays when given any year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2300 }), (year) => {
        const days = danishHolidays(year);
        const easter = easterSunday(year);
        expect(days).toContain(shift(easter, -3));
        expect(weekday(shift(easter, -3))).toBe(4);
        expect(weekday(shift(easter, -2))).toBe(5);
        expect(days).toContain(shift(easter, 1));
        expect(weekday(shift(easter, 39))).toBe(4);
        expect(days).toContain(shift(easter, 39));
        expect(days).toContain(shift(easter, 50));
        expect(days.every((d) => d.startsWith(`${year}-`))).toBe(true);
        expect([...days].sort()).toEqual(days);
        expect(new Set(days).size).toBe(days.length);
      }),
    );
  });

  it('throws when the year is before the Gregorian calendar', () => {
    expect(() => danishHolidays(1500)).toThrow(RangeError);
  });
});
