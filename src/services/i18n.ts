import type { Locale } from '../models/case.js';

/** A message in both languages; a function when it takes parameters. */
export type Text<P = void> = P extends void ? Record<Locale, string> : Record<Locale, (p: P) => string>;

/** Picks the locale's variant, falling back to `fallback` (DEFAULT_LOCALE) when a person has none. */
export function pickLocale(preferred: string | undefined, fallback: Locale): Locale {
  if (!preferred) return fallback;
  const lower = preferred.toLowerCase();
  if (lower.startsWith('da')) return 'da';
  if (lower.startsWith('en')) return 'en';
  return fallback;
}

/** Formats a UTC ISO time for a person: "ma. 3. mar. 14:05" / "Mon 3 Mar, 14:05" in the configured zone. */
export function formatTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
