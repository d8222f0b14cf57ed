import { describe, expect, it } from 'vitest';
import { addDays, localDateOf, localMidnight } from '../../src/services/dates.js';

const COPENHAGEN = 'Europe/Copenhagen';

describe('localDateOf', () => {
  it('gives the Copenhagen day, not the UTC one, when it is just past local midnight', () => {
    // 00:30 on 11 March (winter time, UTC+1) and on 1 July (summer time, UTC+2) in Copenhagen.
    expect(localDateOf(new Date('2025-03-10T23:30:00Z'), COPENHAGEN)).toBe('2025-03-11');
    expect(localDateOf(new Date('2025-06-30T22:30:00Z'), COPENHAGEN)).toBe('2025-07-01');
    expect(localDateOf(new Date('2025-06-30T22:30:00Z'), 'UTC')).toBe('2025-06-30');
    // Just before local midnight it is still the same day there.
    expect(localDateOf(new Date('2025-03-10T22:59:59Z'), COPENHAGEN)).toBe('2025-03-10');
  });

  it('gives the day behind UTC when the zone is west of Greenwich', () => {
    expect(localDateOf(new Date('2025-01-01T03:00:00Z'), 'America/New_York')).toBe('2024-12-31');
    expect(localDateOf(new Date('2025-01-01T05:00:00Z'), 'America/New_York')).toBe('2025-01-01');
  });
});

describe('localMidnight', () => {
  it('gives the instant the local day starts, in winter and in summer time', () => {
    expect(localMidnight('2025-01-15', COPENHAGEN)).toEqual(new Date('2025-01-14T23:00:00Z'));
    expect(localMidnight('2025-07-01', COPENHAGEN)).toEqual(new Date('2025-06-30T22:00:00Z'));
    expect(localMidnight('2025-07-01', 'UTC')).toEqual(new Date('2025-07-01T00:00:00Z'));
  });

  it('gives the right start on the days the clocks change and the day after', () => {
    // Summer time began at 02:00 on 30 March 2025 and ended at 03:00 on 26 October 2025 in Copenhagen.
    expect(localMidnight('2025-03-30', COPENHAGEN)).toEqual(new Date('2025-03-29T23:00:00Z'));
    expect(localMidnight('2025-03-31', COPENHAGEN)).toEqual(new Date('2025-03-30T22:00:00Z'));
    expect(localMidnight('2025-10-26', COPENHAGEN)).toEqual(new Date('2025-10-25T22:00:00Z'));
    expect(localMidnight('2025-10-27', COPENHAGEN)).toEqual(new Date('2025-10-26T23:00:00Z'));
  });

  it('is the first instant of the local day localDateOf reads', () => {
    const start = localMidnight('2025-10-26', COPENHAGEN);
    expect(localDateOf(start, COPENHAGEN)).toBe('2025-10-26');
    expect(localDateOf(new Date(start.getTime() - 1000), COPENHAGEN)).toBe('2025-10-25');
  });
});

describe('addDays', () => {
  it('counts calendar days across months, years and a leap day, backwards too', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2025-03-30', 7)).toBe('2025-04-06');
    expect(addDays('2025-03-10', 0)).toBe('2025-03-10');
  });
});
