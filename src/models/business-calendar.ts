import type { CalendarConfig } from '../config/catalogue-schema.js';
import { danishHolidays } from './danish-holidays.js';
import { offsetWith, wallClock } from './zone-offset.js';

/**
 * The options of a business calendar: the catalogue's `calendar` section plus the deployment's `TIME_ZONE`.
 * `workdays` are ISO weekdays (1 = Monday … 7 = Sunday); `start`/`end` are local wall-clock `HH:MM`.
 */
export interface BusinessCalendarOptions {
  timeZone: string;
  workdays: number[];
  start: string;
  end: string;
  danishHolidays: boolean;
  extraClosedDays: string[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far `nextOpening` looks before it decides the calendar has no opening at all. */
const MAX_SEARCH_DAYS = 3 * 366;
/** Bound on the per-instance cache of computed opening intervals. */
const MAX_CACHED_DAYS = 5_000;
/**
 * Points of a UTC day at which the zone's offset is sampled before the whole day is taken to have one offset:
 * its start, every 8 hours, and its last second. Real zones never change offset twice within 8 hours and back.
 */
const OFFSET_SAMPLES_MS = [0, 8 * 3_600_000, 16 * 3_600_000, DAY_MS - 1000] as const;
/** Marks a UTC day with an offset change in it: its offsets are computed per instant, not cached. */
const MIXED = Number.NaN;

/** One business day's opening, as UTC epoch milliseconds, half-open `[open, close)`. */
interface Opening {
  open: number;
  close: number;
}

/**
 * Business-hours arithmetic for SLA clocks: opening hours on workdays in one IANA time zone, closed on Danish
 * holidays (optional) and on extra closed days. Time-zone correct via `Intl` only (no date library), so it
 * follows both daylight-saving changes; business time is real elapsed time inside the openings. Long spans
 * are walked a day at a time (never a minute at a time), with the openings of each day cached per instance.
 */
export class BusinessCalendar {
  readonly timeZone: string;
  private readonly workdays: ReadonlySet<number>;
  private readonly startMinute: number;
  private readonly endMinute: number;
  private readonly useDanishHolidays: boolean;
  private readonly extraClosed: ReadonlySet<string>;
  private readonly formatter: Intl.DateTimeFormat;
  private readonly holidayCache = new Map<number, ReadonlySet<string>>();
  private readonly openingCache = new Map<number, Opening | null>();
  /** UTC offset (ms) per UTC day number, or `MIXED` on days with a daylight-saving change. */
  private readonly offsetCache = new Map<number, number>();

  constructor(options: BusinessCalendarOptions) {
    this.timeZone = options.timeZone;
    // Throws RangeError on an unknown time zone: a config error must stop start-up.
    this.formatter = wallClock(options.timeZone);
    this.startMinute = parseHhmm(options.start);
    this.endMinute = parseHhmm(options.end);
    if (this.startMinute >= this.endMinute) {
      throw new RangeError(`opening hours must start before they end (${options.start}-${options.end})`);
    }
    if (options.workdays.length === 0 || options.workdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      throw new RangeError(`workdays must be ISO weekdays 1-7, got [${options.workdays.join(', ')}]`);
    }
    this.workdays = new Set(options.workdays);
    this.useDanishHolidays = options.danishHolidays;
    this.extraClosed = new Set(options.extraClosedDays);
  }

  /** Builds the calendar from the catalogue's `calendar` section and the `TIME_ZONE` setting. */
  static fromConfig(config: CalendarConfig, timeZone: string): BusinessCalendar {
    return new BusinessCalendar({ timeZone, ...config });
  }

  /** True while the service desk is open: on a business day, at or after `start` and before `end`. */
  isOpen(at: Date): boolean {
    const t = at.getTime();
    const opening = this.openingOn(this.localDay(t));
    return opening !== null && t >= opening.open && t < opening.close;
  }

  /** True when the local calendar day of `at` is a workday that is not a holiday or an extra closed day. */
  isBusinessDay(at: Date): boolean {
    return this.isBusinessDayNumber(this.localDay(at.getTime()));
  }

  /** `at` itself when open, else the next instant the desk opens. */
  nextOpening(at: Date): Date {
    const t = at.getTime();
    const day = this.localDay(t);
    for (let d = day; d <= day + MAX_SEARCH_DAYS; d++) {
      const opening = this.openingOn(d);
      if (opening === null || t >= opening.close) continue;
      return new Date(Math.max(t, opening.open));
    }
    throw noOpening(at);
  }

  /**
   * The earliest instant at which `minutes` business minutes have elapsed since `from`. A deadline that uses up
   * the last minute of a day is that day's closing time (Friday 15:00 + 60 min with 08-16 hours = Friday 16:00);
   * one more minute is the next opening + 1 minute. `minutes` may be fractional; 0 returns `from`.
   */
  addBusinessMinutes(from: Date, minutes: number): Date {
    assertNonNegative(minutes);
    let remaining = minutes * MINUTE_MS;
    const t = from.getTime();
    if (remaining === 0) return new Date(t);
    let closedRun = 0;
    for (let d = this.localDay(t); ; d++) {
      const opening = this.openingOn(d);
      if (opening === null) {
        if (++closedRun > MAX_SEARCH_DAYS) throw noOpening(from);
        continue;
      }
      closedRun = 0;
      const begin = Math.max(t, opening.open);
      if (begin >= opening.close) continue;
      const available = opening.close - begin;
      if (remaining <= available) return new Date(begin + remaining);
      remaining -= available;
    }
  }

  /**
   * The latest instant from which `minutes` business minutes elapse until `to`: the inverse of
   * `addBusinessMinutes`. A start that would fall on an opening time is reported as that opening time.
   */
  subtractBusinessMinutes(to: Date, minutes: number): Date {
    assertNonNegative(minutes);
    let remaining = minutes * MINUTE_MS;
    const t = to.getTime();
    if (remaining === 0) return new Date(t);
    let closedRun = 0;
    for (let d = this.localDay(t); ; d--) {
      const opening = this.openingOn(d);
      if (opening === null) {
        if (++closedRun > MAX_SEARCH_DAYS) throw noOpening(to);
        continue;
      }
      closedRun = 0;
      const finish = Math.min(t, opening.close);
      if (finish <= opening.open) continue;
      const available = finish - opening.open;
      if (remaining <= available) return new Date(finish - remaining);
      remaining -= available;
    }
  }

  /** Business minutes from `a` to `b` (fractional; negative when `b` is before `a`). */
  businessMinutesBetween(a: Date, b: Date): number {
    const ta = a.getTime();
    const tb = b.getTime();
    if (tb < ta) return -this.businessMinutesBetween(b, a);
    let total = 0;
    const last = this.localDay(tb);
    for (let d = this.localDay(ta); d <= last; d++) {
      const opening = this.openingOn(d);
      if (opening === null) continue;
      const overlap = Math.min(tb, opening.close) - Math.max(ta, opening.open);
      if (overlap > 0) total += overlap;
    }
    return total / MINUTE_MS;
  }

  /**
   * The same local wall-clock time on the `days`-th business day after the local day of `from` (for "close
   * after 5 business days"). A wall time that does not exist that day (spring DST gap) moves forward by the gap.
   */
  addBusinessDays(from: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number >= 0, got ${days}`);
    const t = from.getTime();
    if (days === 0) return new Date(t);
    const day = this.localDay(t);
    const wallTimeOfDay = t + this.offsetAt(t) - day * DAY_MS;
    let d = day;
    for (let counted = 0; counted < days; ) {
      d++;
      if (this.isBusinessDayNumber(d)) counted++;
      if (d - day > MAX_SEARCH_DAYS * days) throw noOpening(from);
    }
    return new Date(this.wallToUtc(d * DAY_MS + wallTimeOfDay));
  }

  /** Adds minutes on the clock that applies: plain elapsed time when `aroundTheClock` (24/7), else business time. */
  addMinutes(from: Date, minutes: number, aroundTheClock: boolean): Date {
    if (aroundTheClock) {
      assertNonNegative(minutes);
      return new Date(from.getTime() + minutes * MINUTE_MS);
    }
    return this.addBusinessMinutes(from, minutes);
  }

  /** Subtracts minutes on the clock that applies (24/7 or business time). */
  subtractMinutes(to: Date, minutes: number, aroundTheClock: boolean): Date {
    if (aroundTheClock) {
      assertNonNegative(minutes);
      return new Date(to.getTime() - minutes * MINUTE_MS);
    }
    return this.subtractBusinessMinutes(to, minutes);
  }

  /** Minutes from `a` to `b` on the clock that applies (24/7 or business time); negative when `b` < `a`. */
  minutesBetween(a: Date, b: Date, aroundTheClock: boolean): number {
    if (aroundTheClock) return (b.getTime() - a.getTime()) / MINUTE_MS;
    return this.businessMinutesBetween(a, b);
  }

  /** The local calendar date of `at` in this calendar's time zone, `YYYY-MM-DD`. */
  localDate(at: Date): string {
    return isoDay(this.localDay(at.getTime()));
  }

  private isBusinessDayNumber(day: number): boolean {
    if (!this.workdays.has(isoWeekday(day))) return false;
    const iso = isoDay(day);
    if (this.extraClosed.has(iso)) return false;
    return !(this.useDanishHolidays && this.holidaysOf(Number(iso.slice(0, 4))).has(iso));
  }

  private openingOn(day: number): Opening | null {
    const cached = this.openingCache.get(day);
    if (cached !== undefined) return cached;
    const opening = this.isBusinessDayNumber(day)
      ? {
          open: this.wallToUtc(day * DAY_MS + this.startMinute * MINUTE_MS),
          close: this.wallToUtc(day * DAY_MS + this.endMinute * MINUTE_MS),
        }
      : null;
    if (this.openingCache.size >= MAX_CACHED_DAYS) this.openingCache.clear();
    this.openingCache.set(day, opening);
    return opening;
  }

  private holidaysOf(year: number): ReadonlySet<string> {
    let set = this.holidayCache.get(year);
    if (!set) {
      set = new Set(year >= 1583 ? danishHolidays(year) : []);
      this.holidayCache.set(year, set);
    }
    return set;
  }

  /** Days since 1970-01-01 of the local calendar date at instant `t`. */
  private localDay(t: number): number {
    return Math.floor((t + this.offsetAt(t)) / DAY_MS);
  }

  /**
   * The zone's UTC offset at instant `t`, in milliseconds (local wall time minus UTC). Asking `Intl` costs a few
   * microseconds and every SLA threshold, ladder rung and opening needs several, so the offset is cached per UTC
   * day: a day whose sampled offsets all agree has that one offset; a day with a change (two a year in Denmark)
   * is marked mixed and asked per instant. Bounded like the openings cache.
   */
  private offsetAt(t: number): number {
    const day = Math.floor(t / DAY_MS);
    let cached = this.offsetCache.get(day);
    if (cached === undefined) {
      const start = day * DAY_MS;
      const first = this.exactOffsetAt(start);
      cached = OFFSET_SAMPLES_MS.every((s) => s === 0 || this.exactOffsetAt(start + s) === first) ? first : MIXED;
      if (this.offsetCache.size >= MAX_CACHED_DAYS) this.offsetCache.clear();
      this.offsetCache.set(day, cached);
    }
    return Number.isNaN(cached) ? this.exactOffsetAt(t) : cached;
  }

  /** `offsetAt` straight from `Intl`, uncached. */
  private exactOffsetAt(t: number): number {
    return offsetWith(this.formatter, t);
  }

  /**
   * The instant a local wall time (expressed as if it were UTC epoch ms) happens. Ambiguous times (autumn) take
   * the earlier instant; times in the spring gap move forward by the gap, like Temporal's "compatible".
   */
  private wallToUtc(wall: number): number {
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    const candidates = [wall - before, wall - after].filter((t) => t + this.offsetAt(t) === wall);
    if (candidates.length > 0) return Math.min(...candidates);
    return wall - before;
  }
}

function parseHhmm(value: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  const hours = Number(m?.[1]);
  const minutes = Number(m?.[2]);
  if (!m || hours > 23 || minutes > 59) throw new RangeError(`expected HH:MM, got "${value}"`);
  return hours * 60 + minutes;
}

function noOpening(at: Date): RangeError {
  return new RangeError(`the calendar has no opening within ${MAX_SEARCH_DAYS} days of ${at.toISOString()}`);
}

function assertNonNegative(minutes: number): void {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be >= 0, got ${minutes}`);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
function isoWeekday(day: number): number {
  return mod(day + 3, 7) + 1;
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
