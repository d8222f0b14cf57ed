import type { Locale } from '../../models/case.js';

/**
 * `formatTime` (services/i18n.ts) with its `Intl.DateTimeFormat` built once per language instead of on every
 * call: a sweep formats several times per due case, and building the formatter costs far more than using it.
 * Same options, same output.
 */
export function timeFormatter(timeZone: string): (iso: string, locale: Locale) => string {
  const formats = new Map<Locale, Intl.DateTimeFormat>();
  return (iso, locale) => {
    let f = formats.get(locale);
    if (!f) {
      f = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', {
        timeZone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      });
      formats.set(locale, f);
    }
    return f.format(new Date(iso));
  };
}
