import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createCatalogueIndex } from '../src/config/catalogue-index.js';
import { loadCatalogue } from '../src/config/load-catalogue.js';
import { BusinessCalendar } from '../src/models/business-calendar.js';
import type { NewCase } from '../src/models/case.js';
import { startSla } from '../src/models/sla.js';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../src/services/clock.js';
import { withNextTimer } from '../src/services/sla/ladder.js';
import { SlaSweeper } from '../src/services/sla/sla-sweeper.js';
import type { BenchRow } from './run.js';

const OPEN_CASES = 100_000;
const DUE_SHARE = 0.01;
/** Monday 3 March 2025, 10:00 in Copenhagen. */
const NOW = '2025-03-03T09:00:00.000Z';
/** Created the Friday before: its response reminder and breach are due at NOW. */
const EARLIER = '2025-02-28T09:00:00.000Z';

/**
 * The SLA sweep with 100 000 open cases in an SQLite file, 1 % of them due: the time of the sweep that fires
 * their rungs, and of the sweeps that find nothing due (which must not grow with the number of open cases).
 */
export async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-sla-'));
  const store = new SqliteCaseStore({ file: path.join(dir, 'cases.sqlite') });
  try {
    await store.init();
    const catalogue = createCatalogueIndex(
      loadCatalogue(fileURLToPath(new URL('../config/catalogue.yaml', import.meta.url))),
    );
    const calendar = BusinessCalendar.fromConfig(catalogue.catalogue.calendar, 'Europe/Copenhagen');
    const deps = { catalogue, calendar };
    const due = Math.round(OPEN_CASES * DUE_SHARE);

    const fillStart = performance.now();
    for (let i = 0; i < OPEN_CASES; i++) {
      const createdAt = i % Math.round(1 / DUE_SHARE) === 0 ? EARLIER : NOW;
      await store.createCase(withNextTimer(newCase(i, createdAt, catalogue, calendar), deps));
    }
    const fillMs = performance.now() - fillStart;

    const clock = new ManualClock(NOW);
    const sweeper = new SlaSweeper({
      store,
      catalogue,
      calendar,
      clock,
      logger: pino({ level: 'silent' }),
      timeZone: 'Europe/Copenhagen',
      defaultLocale: 'da',
    });
    let t = performance.now();
    const firing = await sweeper.sweepOnce();
    const firingMs = performance.now() - t;
    if (firing.cases !== due) throw new Error(`expected ${due} due cases, the sweep took ${firing.cases}`);

    const idleRuns = 20;
    t = performance.now();
    for (let i = 0; i < idleRuns; i++) await sweeper.sweepOnce();
    const idleMs = (performance.now() - t) / idleRuns;

    return [
      { name: `sla-sweep: fill ${OPEN_CASES} open cases`, value: fillMs, unit: 'ms' },
      { name: `sla-sweep: sweep with ${due} due (${firing.fired} rungs)`, value: firingMs, unit: 'ms' },
      { name: 'sla-sweep: per due case', value: firingMs / due, unit: 'ms' },
      { name: 'sla-sweep: sweep with nothing due', value: idleMs, unit: 'ms' },
    ];
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function newCase(
  i: number,
  createdAt: string,
  catalogue: ReturnType<typeof createCatalogueIndex>,
  calendar: BusinessCalendar,
): NewCase {
  const user = { id: `teams:user-${i}`, name: `User ${i}`, email: `user${i}@cas.au.dk` };
  return {
    type: 'incident',
    title: `Case ${i}`,
    description: 'Benchmark case',
    categoryId: 'wifi-eduroam',
    answers: {},
    priority: 'P3',
    status: 'registered',
    user,
    ownerGroupId: 'arts-support',
    groupId: 'arts-support',
    notes: [],
    escalations: [],
    sla: startSla(catalogue.priorityLevel('P3'), createdAt, calendar),
    createdAt,
    reopenCount: 0,
    cards: [],
    intakeChannel: 'teams',
    locale: 'da',
    quick: false,
    history: [{ at: createdAt, actor: user, action: 'register', to: 'registered' }],
  };
}
