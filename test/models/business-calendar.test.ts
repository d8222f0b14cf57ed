import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarSchema } from '../../src/config/catalogue-schema.js';
import { BusinessCalendar } from '../../src/models/business-calendar.js';
import { buildCalendar, utc } from '../helpers/business-calendar-fixture.js';

// Europe/Copenhagen is UTC+1 in winter (CET) and UTC+2 in summer (CEST). 2025: summer time from Sunday 30 March
// 02:00 CET to Sunday 26 October 03:00 CEST. Instants below are UTC with the local time in the comment.

describe('BusinessCalendar', () => {
  const cal = buildCalendar();

  describe('isOpen', () => {
    it('is open from the start minute up to but not including the end minute when it is a workday', () => {
      expect(cal.isOpen(utc('2025-01-13T06:59:59Z'))).toBe(false); // Mon 07:59:59 CET
      expect(cal.isOpen(utc('2025-01-13T07:00:00Z'))).toBe(true); // Mon 08:00 CET
      expect(cal.isOpen(utc('2025-01-13T14:59:59Z'))).toBe(true); // Mon 15:59:59 CET
      expect(cal.isOpen(utc('2025-01-13T15:00:00Z'))).toBe(false); // Mon 16:00 CET
    });

    it('follows the summer-time offset when it is summer', () => {
      expect(cal.isOpen(utc('2025-06-16T05:59:00Z'))).toBe(false); // Mon 07:59 CEST
      expect(cal.isOpen(utc('2025-06-16T06:00:00Z'))).toBe(true); // Mon 08:00 CEST
      expect(cal.isOpen(utc('2025-06-16T13:59:00Z'))).toBe(true); // Mon 15:59 CEST
      expect(cal.isOpen(utc('2025-06-16T14:00:00Z'))).toBe(false); // Mon 16:00 CEST
    });

    it('is closed when it is a weekend, a holiday or an extra closed day', () => {
      expect(cal.isOpen(utc('2025-01-11T10:00:00Z'))).toBe(false); // Saturday
      expect(cal.isOpen(utc('2025-01-12T10:00:00Z'))).toBe(false); // Sunday
      expect(cal.isOpen(utc('2025-04-18T10:00:00Z'))).toBe(false); // Good Friday
      expect(cal.isOpen(utc('2025-06-05T10:00:00Z'))).toBe(false); // Constitution Day (Thursday)
      const withExtra = buildCalendar({ extraClosedDays: ['2025-01-14'] });
      expect(withExtra.isOpen(utc('2025-01-14T10:00:00Z'))).toBe(false);
      expect(cal.isOpen(utc('2025-01-14T10:00:00Z'))).toBe(true);
    });

    it('is open on Danish holidays when they are switched off', () => {
      const noHolidays = buildCalendar({ danishHolidays: false });
      expect(noHolidays.isOpen(utc('2025-04-18T10:00:00Z'))).toBe(true);
    });

    it('treats Great Prayer Day as a workday when the year is 2024 or later', () => {
      expect(cal.isOpen(utc('2023-05-05T10:00:00Z'))).toBe(false);
      expect(cal.isOpen(utc('2024-04-26T10:00:00Z'))).toBe(true);
    });
  });

  describe('addBusinessMinutes', () => {
    it('lands on Monday 09:00 when 120 minutes are added on Friday at 15:00', () => {
      // Fri 10 Jan 2025 15:00 CET -> Mon 13 Jan 09:00 CET
      expect(cal.addBusinessMinutes(utc('2025-01-10T14:00:00Z'), 120).toISOString()).toBe('2025-01-13T08:00:00.000Z');
    });

    it('ends at closing time when the minutes use up the day exactly', () => {
      expect(cal.addBusinessMinutes(utc('2025-01-10T14:00:00Z'), 60).toISOString()).toBe('2025-01-10T15:00:00.000Z');
      expect(cal.addBusinessMinutes(utc('2025-01-10T14:00:00Z'), 61).toISOString()).toBe('2025-01-13T07:01:00.000Z');
    });

    it('starts counting at the next opening when it starts outside opening hours', () => {
      // Saturday 11 Jan 12:00 CET + 1 -> Mon 08:01 CET; Monday 06:00 CET + 30 -> 08:30
      expect(cal.addBusinessMinutes(utc('2025-01-11T11:00:00Z'), 1).toISOString()).toBe('2025-01-13T07:01:00.000Z');
      expect(cal.addBusinessMinutes(utc('2025-01-13T05:00:00Z'), 30).toISOString()).toBe('2025-01-13T07:30:00.000Z');
    });

    it('keeps local opening hours when the clocks go forward on the last Sunday of March', () => {
      // Fri 28 Mar 2025 15:00 CET (UTC+1) + 120 -> Mon 31 Mar 09:00 CEST (UTC+2)
      expect(cal.addBusinessMinutes(utc('2025-03-28T14:00:00Z'), 120).toISOString()).toBe('2025-03-31T07:00:00.000Z');
      // A full business day from Friday 15:00 CET is Monday 15:00 CEST, one UTC hour earlier than naive arithmetic
      expect(cal.addBusinessMinutes(utc('2025-03-28T14:00:00Z'), 480).toISOString()).toBe('2025-03-31T13:00:00.000Z');
    });

    it('keeps local opening hours when the clocks go back on the last Sunday of October', () => {
      // Fri 24 Oct 2025 15:00 CEST (UTC+2) + 120 -> Mon 27 Oct 09:00 CET (UTC+1)
      expect(cal.addBusinessMinutes(utc('2025-10-24T13:00:00Z'), 120).toISOString()).toBe('2025-10-27T08:00:00.000Z');
    });

    it('skips Maundy Thursday to Easter Monday when it crosses Easter', () => {
      // Wed 16 Apr 2025 15:00 CEST + 120 -> Tue 22 Apr 09:00 CEST
      expect(cal.addBusinessMinutes(utc('2025-04-16T13:00:00Z'), 120).toISOString()).toBe('2025-04-22T07:00:00.000Z');
      // 2024: Easter Sunday is also the DST day. Wed 27 Mar 15:00 CET + 120 -> Tue 2 Apr 09:00 CEST
      expect(cal.addBusinessMinutes(utc('2024-03-27T14:00:00Z'), 120).toISOString()).toBe('2024-04-02T07:00:00.000Z');
    });

    it('skips Christmas and New Year when it crosses them', () => {
      // Tue 23 Dec 2025 15:00 CET + 120 -> (24, 25, 26 closed, weekend) Mon 29 Dec 09:00 CET
      expect(cal.addBusinessMinutes(utc('2025-12-23T14:00:00Z'), 120).toISOString()).toBe('2025-12-29T08:00:00.000Z');
      // Tue 30 Dec 2025 15:00 CET + 120 -> (31 Dec, 1 Jan closed) Fri 2 Jan 2026 09:00 CET
      expect(cal.addBusinessMinutes(utc('2025-12-30T14:00:00Z'), 120).toISOString()).toBe('2026-01-02T08:00:00.000Z');
    });

    it('returns the start when zero minutes are added and refuses negative minutes', () => {
      expect(cal.addBusinessMinutes(utc('2025-01-11T11:00:00Z'), 0).toISOString()).toBe('2025-01-11T11:00:00.000Z');
      expect(() => cal.addBusinessMinutes(utc('2025-01-11T11:00:00Z'), -1)).toThrow(RangeError);
      expect(() => cal.addBusinessMinutes(utc('2025-01-11T11:00:00Z'), Number.NaN)).toThrow(RangeError);
    });

    it('works in another time zone when its daylight-saving dates differ', () => {
      const ny = buildCalendar({ timeZone: 'America/New_York', danishHolidays: false });
      // Fri 7 Mar 2025 15:00 EST (UTC-5) + 120 -> Mon 10 Mar 09:00 EDT (UTC-4)
      expect(ny.addBusinessMinutes(utc('2025-03-07T20:00:00Z'), 120).toISOString()).toBe('2025-03-10T13:00:00.000Z');
    });
  });

  describe('subtractBusinessMinutes', () => {
    it('goes back over the weekend when it starts on Monday morning', () => {
      // Mon 13 Jan 09:00 CET - 120 -> Fri 10 Jan 15:00 CET
      expect(cal.subtractBusinessMinutes(utc('2025-01-13T08:00:00Z'), 120).toISOString()).toBe(
        '2025-01-10T14:00:00.000Z',
      );
    });
  });

  describe('businessMinutesBetween', () => {
    it('counts only opening hours when the span covers a weekend', () => {
      expect(cal.businessMinutesBetween(utc('2025-01-10T14:00:00Z'), utc('2025-01-13T08:00:00Z'))).toBe(120);
    });

    it('is negative when the end is before the start', () => {
      expect(cal.businessMinutesBetween(utc('2025-01-13T08:00:00Z'), utc('2025-01-10T14:00:00Z'))).toBe(-120);
    });

    it('counts eight hours a day when the week contains a DST change', () => {
      // Mon 24 Mar 00:00 CET -> Mon 31 Mar 00:00 CEST: five full days
      expect(cal.businessMinutesBetween(utc('2025-03-23T23:00:00Z'), utc('2025-03-30T22:00:00Z'))).toBe(5 * 480);
      // Mon 20 Oct 00:00 CEST -> Mon 27 Oct 00:00 CET
      expect(cal.businessMinutesBetween(utc('2025-10-19T22:00:00Z'), utc('2025-10-26T23:00:00Z'))).toBe(5 * 480);
    });

    it('counts 250 business days when the span is the whole of 2025', () => {
      // 261 weekdays minus 11 holidays on weekdays
      expect(cal.businessMinutesBetween(utc('2024-12-31T23:00:00Z'), utc('2025-12-31T23:00:00Z'))).toBe(250 * 480);
    });

    it('counts real elapsed minutes when opening hours span the night the clocks change', () => {
      const allDay = buildCalendar({ workdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' });
      // Sun 30 Mar 2025 00:00 CET -> 23:59 CEST is 23 h 59 min of wall time but one hour less in reality
      expect(allDay.businessMinutesBetween(utc('2025-03-29T23:00:00Z'), utc('2025-03-30T21:59:00Z'))).toBe(1379);
      // Sun 26 Oct 2025 00:00 CEST -> 23:59 CET has one hour more
      expect(allDay.businessMinutesBetween(utc('2025-10-25T22:00:00Z'), utc('2025-10-26T22:59:00Z'))).toBe(1499);
    });
  });

  describe('nextOpening', () => {
    it('returns the same instant when it is open', () => {
      expect(cal.nextOpening(utc('2025-01-13T10:17:00Z')).toISOString()).toBe('2025-01-13T10:17:00.000Z');
    });

    it('returns the opening of the same day when it is early morning', () => {
      expect(cal.nextOpening(utc('2025-01-13T05:00:00Z')).toISOString()).toBe('2025-01-13T07:00:00.000Z');
    });

    it('returns Tuesday after Easter when it is Wednesday evening before Easter', () => {
      // Wed 16 Apr 2025 17:00 CEST -> Tue 22 Apr 08:00 CEST
      expect(cal.nextOpening(utc('2025-04-16T15:00:00Z')).toISOString()).toBe('2025-04-22T06:00:00.000Z');
    });

    it('moves an opening time that does not exist forward when it falls in the spring gap', () => {
      const night = buildCalendar({ workdays: [7], start: '02:30', end: '10:00', danishHolidays: false });
      // Sun 30 Mar 2025: 02:30 CET does not exist; the desk opens at 03:30 CEST = 01:30 UTC
      expect(night.nextOpening(utc('2025-03-30T00:00:00Z')).toISOString()).toBe('2025-03-30T01:30:00.000Z');
      expect(night.isOpen(utc('2025-03-30T01:29:00Z'))).toBe(false);
    });

    it('takes the first occurrence when the opening time happens twice in autumn', () => {
      const night = buildCalendar({ workdays: [7], start: '02:30', end: '10:00', danishHolidays: false });
      // Sun 26 Oct 2025: 02:30 happens at 00:30 UTC (CEST) and 01:30 UTC (CET)
      expect(night.nextOpening(utc('2025-10-25T22:00:00Z')).toISOString()).toBe('2025-10-26T00:30:00.000Z');
    });
  });

  describe('addBusinessDays', () => {
    it('keeps the local time of day when it crosses the March DST change', () => {
      // Fri 28 Mar 15:00 CET + 1 business day -> Mon 31 Mar 15:00 CEST
      expect(cal.addBusinessDays(utc('2025-03-28T14:00:00Z'), 1).toISOString()).toBe('2025-03-31T13:00:00.000Z');
    });

    it('skips holidays and weekends when it crosses Easter', () => {
      // Wed 16 Apr 2025 10:00 CEST + 2 -> Tue 22 Apr, Wed 23 Apr 10:00 CEST
      expect(cal.addBusinessDays(utc('2025-04-16T08:00:00Z'), 2).toISOString()).toBe('2025-04-23T08:00:00.000Z');
    });

    it('returns the start when zero days are added and refuses fractions', () => {
      expect(cal.addBusinessDays(utc('2025-01-11T11:00:00Z'), 0).toISOString()).toBe('2025-01-11T11:00:00.000Z');
      expect(() => cal.addBusinessDays(utc('2025-01-11T11:00:00Z'), 1.5)).toThrow(RangeError);
    });
  });

  describe('around the clock', () => {
    it('adds plain elapsed minutes when the priority runs 24/7', () => {
      // Saturday night across the spring DST change: 180 real minutes
      expect(cal.addMinutes(utc('2025-03-29T23:00:00Z'), 180, true).toISOString()).toBe('2025-03-30T02:00:00.000Z');
      expect(cal.minutesBetween(utc('2025-01-11T10:00:00Z'), utc('2025-01-11T12:00:00Z'), true)).toBe(120);
      expect(cal.subtractMinutes(utc('2025-01-11T12:00:00Z'), 30, true).toISOString()).toBe('2025-01-11T11:30:00.000Z');
    });

    it('uses business time when the priority does not run 24/7', () => {
      expect(cal.addMinutes(utc('2025-01-10T14:00:00Z'), 120, false).toISOString()).toBe('2025-01-13T08:00:00.000Z');
      expect(cal.minutesBetween(utc('2025-01-11T10:00:00Z'), utc('2025-01-11T12:00:00Z'), false)).toBe(0);
    });
  });

  describe('construction', () => {
    it('builds from the catalogue calendar section when given a time zone', () => {
      const config = calendarSchema.parse({ workdays: [1, 2, 3, 4, 5], start: '09:00', end: '15:00' });
      const fromConfig = BusinessCalendar.fromConfig(config, 'Europe/Copenhagen');
      expect(fromConfig.isOpen(utc('2025-01-13T07:30:00Z'))).toBe(false); // 08:30 CET
      expect(fromConfig.isOpen(utc('2025-01-13T08:00:00Z'))).toBe(true); // 09:00 CET
      expect(fromConfig.isOpen(utc('2025-12-24T10:00:00Z'))).toBe(false); // holidays default on
    });

    it('throws when the time zone, hours or workdays are invalid', () => {
      expect(() => buildCalendar({ timeZone: 'Europe/Aarhus' })).toThrow(RangeError);
      expect(() => buildCalendar({ start: '16:00', end: '08:00' })).toThrow(RangeError);
      expect(() => buildCalendar({ start: '8:00' })).toThrow(RangeError);
      expect(() => buildCalendar({ workdays: [0] })).toThrow(RangeError);
      expect(() => buildCalendar({ workdays: [] })).toThrow(RangeError);
    });

    it('reports the local date when the UTC date differs', () => {
      expect(cal.localDate(utc('2025-03-30T22:30:00Z'))).toBe('2025-03-31');
      expect(cal.localDate(utc('2025-01-13T22:59:00Z'))).toBe('2025-01-13');
    });
  });

  describe('properties', () => {
    // Instants from 2023 to 2027, at millisecond resolution.
    const instant = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2027, 11, 31) }).map((t) => new Date(t));
    const minutes = fc.integer({ min: 1, max: 20_000 });

    it('round-trips when business minutes are added and then measured', () => {
      fc.assert(
        fc.property(instant, minutes, (from, m) => {
          const due = cal.addBusinessMinutes(from, m);
          expect(cal.businessMinutesBetween(from, due)).toBe(m);
          expect(due.getTime()).toBeGreaterThan(from.getTime());
          // The due time ends an open minute: the millisecond before it is inside opening hours.
          expect(cal.isOpen(new Date(due.getTime() - 1))).toBe(true);
        }),
        { numRuns: 200 },
      );
    });

    it('inverts addBusinessMinutes when minutes are subtracted', () => {
      fc.assert(
        fc.property(instant, minutes, (to, m) => {
          const start = cal.subtractBusinessMinutes(to, m);
          expect(cal.businessMinutesBetween(start, to)).toBe(m);
          expect(cal.isOpen(start)).toBe(true);
        }),
        { numRuns: 200 },
      );
    });

    it('finds an open instant with no business time before it when asked for the next opening', () => {
      fc.assert(
        fc.property(instant, (at) => {
          const next = cal.nextOpening(at);
          expect(cal.isOpen(next)).toBe(true);
          expect(cal.businessMinutesBetween(at, next)).toBe(0);
          if (cal.isOpen(at)) expect(next.getTime()).toBe(at.getTime());
        }),
        { numRuns: 200 },
      );
    });

    it('adds up when a span is split in two', () => {
      fc.assert(
        fc.property(instant, instant, instant, (x, y, z) => {
          const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
          const whole = cal.businessMinutesBetween(a, c);
          expect(cal.businessMinutesBetween(a, b) + cal.businessMinutesBetween(b, c)).toBeCloseTo(whole, 6);
        }),
        { numRuns: 50 },
      );
    });
  });
});
