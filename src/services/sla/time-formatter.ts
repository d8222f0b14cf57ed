import type { Locale } from '../../models/case.js';
import { formatTime } from '../i18n.js';

/**
 * `formatTime` bound to one time zone, in the shape the case view's `formatTime` option takes. The formatter
 * itself is cached by `formatTime`.
 */
export function timeFormatter(timeZone: string): (iso: string, locale: Locale) => string {
  return (iso, locale) => formatTime(iso, locale, timeZone);
}
