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

const DAY_MS = 86_400_000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The zone's offset (local wall time minus UTC) at `t`, in milliseconds. */
function offsetAt(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(t - (((t % 1000) + 1000) % 1000)));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/** The instant local midnight starts on `date` (`YYYY-MM-DD`) in `timeZone`. */
export function localMidnight(date: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let t = wall - offsetAt(wall, timeZone);
  // A second pass settles a guess made on the wrong side of a DST change.
  t = wall - offsetAt(t, timeZone);
  return new Date(t);
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDateOf(at: Date, timeZone: string): string {
  return new Date(at.getTime() + offsetAt(at.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

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
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
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

/** The ISO week (Monday to Monday) that contains `at`. */
export function weekPeriod(at: Date, timeZone: string): ReportPeriod {
  const monday = isoWeekStart(localDateOf(at, timeZone));
  const { year, week } = isoWeek(monday);
  return {
    label: `${year}-W${String(week).padStart(2, '0')}`,
    from: localMidnight(monday, timeZone),
    to: localMidnight(addDays(monday, 7), timeZone),
  };
}

/** `week` (this week), `month` (this month) or an explicit `YYYY-MM`, relative to `now`. */
export function resolvePeriod(period: string, now: Date, timeZone: string): ReportPeriod {
  if (period === 'week') return weekPeriod(now, timeZone);
  if (period === 'month') return monthPeriod(localDateOf(now, timeZone).slice(0, 7), timeZone);
  return monthPeriod(period, timeZone);
}
