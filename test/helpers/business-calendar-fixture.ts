import { BusinessCalendar, type BusinessCalendarOptions } from '../../src/models/business-calendar.js';

/**
 * Aarhus University IT's usual calendar: Monday-Friday 08:00-16:00 in Europe/Copenhagen, Danish holidays closed.
 * Override any option for the case under test.
 */
export function buildCalendar(overrides: Partial<BusinessCalendarOptions> = {}): BusinessCalendar {
  return new BusinessCalendar({
    timeZone: 'Europe/Copenhagen',
    workdays: [1, 2, 3, 4, 5],
    start: '08:00',
    end: '16:00',
    danishHolidays: true,
    extraClosedDays: [],
    ...overrides,
  });
}

/** A `Date` from an ISO string; tests spell instants in UTC (`Z`) with the local time in a comment. */
export function utc(iso: string): Date {
  return new Date(iso);
}
