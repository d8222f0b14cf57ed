import type { Locale } from '../models/case.js';

/** A message in both languages; a function when it takes parameters. */
export type Text<P = void> = P extends void ? Record<Locale, string> : Record<Locale, (p: P) => string>;

/** "1 business day", "3 business days" / "1 arbejdsdag", "3 arbejdsdage": the catalogue may set one day. */
export const businessDays: Readonly<Record<Locale, (n: number) => string>> = {
  da: (n) => (n === 1 ? '1 arbejdsdag' : `${n} arbejdsdage`),
  en: (n) => (n === 1 ? '1 business day' : `${n} business days`),
};

/** The other of the two languages (a Danish label read in an English turn, and the reverse). */
export const OTHER_LOCALE: Readonly<Record<Locale, Locale>> = { da: 'en', en: 'da' };

/** Picks the locale's variant, falling back to `fallback` (DEFAULT_LOCALE) when a person has none. */
export function pickLocale(preferred: string | undefined, fallback: Locale): Locale {
  if (!preferred) return fallback;
  const lower = preferred.toLowerCase();
  if (lower.startsWith('da')) return 'da';
  if (lower.startsWith('en')) return 'en';
  return fallback;
}

/**
 * Formatters by `<locale>|<timeZone>`. Building an `Intl.DateTimeFormat` costs far more than formatting with one
 * (tens of microseconds against one or two), and every card and message formats several times. The key space is
 * two languages times the configured zone(s), so the map stays tiny; it is bounded anyway in case a caller passes
 * zones from user input. A memo of immutable values, not shared state: results are the same with or without it.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 64;

/** What a formatter shows: a time this week or so (weekday, day, month, time), or a day in any year. */
const STYLES = {
  time: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  day: { day: 'numeric', month: 'short', year: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

function formatterFor(locale: Locale, timeZone: string, style: keyof typeof STYLES = 'time'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { timeZone, ...STYLES[style] });
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/**
 * Formats a UTC ISO time for a person: "ma. 3. mar. 14:05" / "Mon 3 Mar, 14:05" in the configured zone. The
 * formatter is cached per (locale, time zone); an unknown zone still throws RangeError, and is not cached.
 */
export function formatTime(iso: string, locale: Locale, timeZone: string): string {
  return formatterFor(locale, timeZone).format(new Date(iso));
}

/** The day of a UTC ISO time for a person, with its year: "3. mar. 2026" / "3 Mar 2026", in the configured zone. */
export function formatDay(iso: string, locale: Locale, timeZone: string): string {
  return formatterFor(locale, timeZone, 'day').format(new Date(iso));
}
