/**
 * A time zone's offset from UTC at an instant, read from `Intl` — one reading for the business calendar (SLA
 * clocks) and the services' calendar days (src/services/dates.ts).
 */

/** Wall-clock formatters by time zone (building one costs far more than using it; the configured zone is one key). */
const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall-clock formatter, built once. Throws RangeError on an unknown time zone. */
export function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** The offset (local wall time minus UTC) at `t`, in milliseconds, of the zone `format` is a wall clock of. */
export function offsetWith(format: Intl.DateTimeFormat, t: number): number {
  const whole = t - (((t % 1000) + 1000) % 1000);
  const parts = format.formatToParts(new Date(whole));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - whole;
}
