/**
 * Calendar days in the deployment's time zone (TIME_ZONE), for the services that count in the days the service desk
 * sees (intake's "today", report periods, the monthly report's due day). Days are `YYYY-MM-DD` strings.
 */

import { offsetWith, wallClock } from '../models/zone-offset.js';

/** One day in milliseconds (a calendar day in UTC; a local day around a DST change is an hour longer or shorter). */
export const DAY_MS = 86_400_000;

/** The zone's offset (local wall time minus UTC) at `t`, in milliseconds. */
const offsetAt = (t: number, timeZone: string): number => offsetWith(wallClock(timeZone), t);

/** The instant local midnight starts on `date` (`YYYY-MM-DD`) in `timeZone`. */
export function localMidnight(date: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let t = wall - offsetAt(wall, timeZone);
  // A second pass settles a guess made on the wrong side of a DST change.
  t = wall - offsetAt(t, timeZone);
  return new Date(t);
}

/**
 * The local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`: what "today" means to the people there, not
 * the UTC date, which is still yesterday between local midnight and 01:00/02:00 in Copenhagen.
 */
export function localDateOf(at: Date, timeZone: string): string {
  return new Date(at.getTime() + offsetAt(at.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` calendar days (negative: back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
