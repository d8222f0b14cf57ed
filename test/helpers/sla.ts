import { pino } from 'pino';
import type { CaseStore } from '../../src/models/case-store.js';
import type { Clock } from '../../src/services/clock.js';
import { DailyDigest } from '../../src/services/sla/daily-digest.js';
import { SlaSweeper, type SlaSweeperDeps } from '../../src/services/sla/sla-sweeper.js';
import type { Services } from './services.js';

/** A logger that prints nothing. */
export const silentLogger = pino({ level: 'silent' });

/**
 * An SLA sweeper on the services' store, catalogue, calendar, clock and directory (Copenhagen time, Danish
 * threads); pass `store`, `clock` or `owner` to run a second instance beside it.
 */
export function buildSweeper(
  s: Services,
  overrides: Partial<Omit<SlaSweeperDeps, 'store' | 'clock'>> & { store?: CaseStore; clock?: Clock } = {},
): SlaSweeper {
  return new SlaSweeper({
    store: s.store,
    catalogue: s.catalogue,
    calendar: s.calendar,
    clock: s.clock,
    directory: s.directory,
    logger: silentLogger,
    timeZone: 'Europe/Copenhagen',
    defaultLocale: 'da',
    ...overrides,
  });
}

/** A daily digest on the services' store (or another one), like `buildSweeper`. */
export function buildDigest(s: Services, overrides: { store?: CaseStore; clock?: Clock } = {}): DailyDigest {
  return new DailyDigest({
    store: s.store,
    catalogue: s.catalogue,
    calendar: s.calendar,
    clock: s.clock,
    directory: s.directory,
    logger: silentLogger,
    timeZone: 'Europe/Copenhagen',
    defaultLocale: 'da',
    ...overrides,
  });
}

/** Minutes as milliseconds, for `clock.advance`. */
export const minutes = (n: number): number => n * 60_000;
