/**
 * Danish public holidays and the days Danish workplaces (Aarhus University among them) treat as closed: the
 * business calendar skips these so SLA clocks do not run on them. Pure date arithmetic on civil dates
 * (`YYYY-MM-DD`), no time zones involved.
 */

const DAY_MS = 86_400_000;

/** The last year Great Prayer Day (`store bededag`) was a holiday; the Folketing abolished it from 2024. */
export const LAST_GREAT_PRAYER_DAY_YEAR = 2023;

/**
 * Easter Sunday of a Gregorian year, as `YYYY-MM-DD`, by the anonymous Gregorian computus (Meeus/Jones/Butcher).
 * Valid for every year from 1583 on.
 */
export function easterSunday(year: number): string {
  return isoDay(easterDayNumber(year));
}

/**
 * The closed days of a year, sorted, as `YYYY-MM-DD`: New Year's Day, Maundy Thursday, Good Friday, Easter Sunday
 * and Monday, Great Prayer Day (only up to 2023), Ascension Day, Whit Sunday and Monday, Constitution Day
 * (5 June), Christmas Eve, Christmas Day, Boxing Day and New Year's Eve.
 */
export function danishHolidays(year: number): string[] {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`no Gregorian holidays for year ${year}`);
  const easter = easterDayNumber(year);
  const easterOffsets = [-3, -2, 0, 1, 39, 49, 50];
  // Great Prayer Day: the fourth Friday after Easter (Easter + 26 days).
  if (year <= LAST_GREAT_PRAYER_DAY_YEAR) easterOffsets.push(26);
  const movable = easterOffsets.map((offset) => isoDay(easter + offset));
  const fixed = ['01-01', '06-05', '12-24', '12-25', '12-26', '12-31'].map((md) => `${pad(year, 4)}-${md}`);
  return [...new Set([...fixed, ...movable])].sort();
}

function easterDayNumber(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function isoDay(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
