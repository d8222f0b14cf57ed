import { addDays, DAY_MS, localDateOf, localMidnight } from '../dates.js';

/**
 * Report periods as half-open UTC intervals `[from, to)` whose ends are local midnights in the deployment's time
 * zone, so a March report holds exactly the cases registered in March as the service desk saw the calendar.
 */
export interface ReportPeriod {
  /** `2025-03`, or `2025-W10` for a week. */
  label: string;
  from: Date;
  to: Date;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The Monday of the ISO week `date` is in. */
export function isoWeekStart(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -weekday);
}

/** ISO week number and week-year of a date. */
export function isoWeek(date: string): { year: number; week: number } {
  const thursday = addDays(isoWeekStart(date), 3);
  const year = Number(thursday.slice(0, 4));
  const jan1 = Date.parse(`${year}-01-01T00:00:00Z`);
  return { year, week: Math.floor((Date.parse(`${thursday}T00:00:00Z`) - jan1) / DAY_MS / 7) + 1 };
}

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${String(y - 1).padStart(4, '0')}-12` : `${month.slice(0, 4)}-${String(m - 1).padStart(2, '0')}`;
}

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
}

/** A calendar month (`YYYY-MM`) in `timeZone`. */
export function monthPeriod(month: string, timeZone: string): ReportPeriod {
  if (!isMonth(month)) throw new RangeError(`expected YYYY-MM, got "${month}"`);
  return {
    label: month,
    from: localMidnight(`${month}-01`, timeZone),
    to: localMidnight(`${nextMonth(month)}-01`, timeZone),
  };
}

/** The ISO week (Monday to Monday) that starts on `monday`, labelled `YYYY-Www`. */
function weekFrom(monday: string, timeZone: string): ReportPeriod {
  const { year, week } = isoWeek(monday);
  return {
    label: `${year}-W${String(week).padStart(2, '0')}`,
    from: localMidnight(monday, timeZone),
    to: localMidnight(addDays(monday, 7), timeZone),
  };
}

/** The ISO week (Monday to Monday) that contains `at`. */
export function weekPeriod(at: Date, timeZone: string): ReportPeriod {
  return weekFrom(isoWeekStart(localDateOf(at, timeZone)), timeZone);
}

/** The earliest year a report may cover; the latest is next year (see `resolvePeriod`). */
export const MIN_REPORT_YEAR = 2000;
const WEEK_LABEL = /^(\d{4})-w(\d{1,2})$/i;
const WEEK_NUMBER = /^week (\d{1,3})$/i;

/** The Monday (`YYYY-MM-DD`) of ISO week `week` of ISO week-year `year`, or null when the year has no such week. */
export function isoWeekMonday(year: number, week: number): string | null {
  if (!Number.isInteger(week) || week < 1 || week > 53) return null;
  const monday = addDays(isoWeekStart(`${String(year).padStart(4, '0')}-01-04`), (week - 1) * 7);
  return isoWeek(monday).year === year ? monday : null;
}

function isoWeekPeriod(year: number, week: number, timeZone: string): ReportPeriod | null {
  const monday = isoWeekMonday(year, week);
  return monday ? weekFrom(monday, timeZone) : null;
}

/**
 * `week` (this week), `month` (this month), an explicit `YYYY-MM`, an ISO week `YYYY-Www` (the label the bot
 * prints) or `week N` (the latest week N that has begun: this ISO year's, or last year's when N is still to come),
 * relative to `now`; null when it is none of them, names a week the
 * year does not have, or a year outside `MIN_REPORT_YEAR` to next year (a year such as 0000 or 9999 is a typing
 * error, and the date arithmetic has no sensible answer for it).
 */
export function resolvePeriod(period: string, now: Date, timeZone: string): ReportPeriod | null {
  // A month typed with one digit (`2026-2`) is that month, as `2026-w1` is week 1.
  const p = period
    .trim()
    .toLowerCase()
    .replace(/^(\d{4})-(\d)$/, '$1-0$2');
  const today = localDateOf(now, timeZone);
  const inRange = (year: number): boolean => year >= MIN_REPORT_YEAR && year <= Number(today.slice(0, 4)) + 1;
  if (p === 'week') return weekPeriod(now, timeZone);
  if (p === 'month') return monthPeriod(today.slice(0, 7), timeZone);
  if (isMonth(p)) return inRange(Number(p.slice(0, 4))) ? monthPeriod(p, timeZone) : null;
  const label = WEEK_LABEL.exec(p);
  if (label) return inRange(Number(label[1])) ? isoWeekPeriod(Number(label[1]), Number(label[2]), timeZone) : null;
  const numbered = WEEK_NUMBER.exec(p);
  if (numbered) {
    // The latest week N that has begun: "week 52" on 30 December (already week 1 of the next ISO year) is the one
    // that just ended, not a week a year ahead.
    const current = isoWeek(today);
    const week = Number(numbered[1]);
    return isoWeekPeriod(week > current.week ? current.year - 1 : current.year, week, timeZone);
  }
  return null;
}
