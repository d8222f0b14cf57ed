import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CaseStatus, OPEN_STATUSES } from '../src/models/case.js';
import type { CaseSearchQuery } from '../src/models/case-store.js';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import type { CaseService } from '../src/services/lifecycle/case-service.js';
import { MajorIncidentService } from '../src/services/major/major-incident-service.js';
import type { BenchRow } from './run.js';
import { fillCases } from './support/fill-cases.js';
import { timeRuns } from './support/load.js';
import { benchCase, benchCatalogue } from './support/new-case.js';

const CASES = Number(process.env.BENCH_SEARCH_CASES ?? 100_000);
const MAJOR_EVERY = 250;
const RUNS = 30;

/** Words of the bench's case titles, from common to rare: how often each occurs decides how much a search reads. */
const THINGS = ['printer', 'eduroam', 'outlook', 'vpn', 'teams', 'laptop', 'screen', 'password', 'sharepoint', 'mfa'];
const TROUBLES = ['drops', 'jams', 'hangs', 'crashes', 'refuses', 'freezes', 'blinks', 'locks', 'forgets', 'stalls'];

/** The desk's staff: 60 people, so one name is on 1 case in 60 or so. */
const STAFF = Array.from({ length: 60 }, (_, n) => ({
  id: `teams:staff-${n}`,
  name: `Staff Person${n}`,
  email: `staff${n}@au.dk`,
}));

/** A case title and description of `i`: a thing (1 in 10), a trouble (1 in 10), a building (1 in 500). */
function text(i: number): { title: string; description: string } {
  const thing = THINGS[i % THINGS.length]!;
  const trouble = TROUBLES[Math.floor(i / THINGS.length) % TROUBLES.length]!;
  const building = 1000 + (i % 500);
  return {
    title: `${thing} ${trouble} in building ${building}`,
    description: `The ${thing} ${trouble} since this morning, room ${building}-${i % 97}.`,
  };
}

/** Case `i`'s status: 3 in 50 being handled, 1 in 50 awaiting its user, the rest solved (1 in 7) or closed. */
function statusOf(i: number): CaseStatus {
  const r = i % 50;
  if (r === 7) return 'awaiting_user';
  if (r < 3) return (['registered', 'assigned', 'in_progress'] as const)[r]!;
  return i % 7 === 0 ? 'resolved' : 'closed';
}

/**
 * Staff search (`search`, `similar`) on SQLite with `CASES` cases (titles and descriptions from a small
 * vocabulary, so a thing word matches 1 in 10 cases and a building 1 in 500): every word (newest 16 shown), a
 * person's cases by e-mail, and the ranked any-word search behind `similar` with 12 words; and, beside them, other
 * look-ups that grow with a desk's history: every chat message's for the person's cases awaiting their answer (one
 * case in fifty awaits someone), every intake step's for the open major incidents (one case in 250 was one) and a
 * staff member's `mine`. No target in issue 10; the figures say what each costs on a desk's history.
 */
export async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-search-'));
  const file = path.join(dir, 'cases.sqlite');
  const store = new SqliteCaseStore({ file });
  try {
    await store.init();
    const { catalogue, calendar } = benchCatalogue();
    const createdAt = new Date().toISOString();
    const base = benchCase(0, createdAt, catalogue, calendar);
    const t = performance.now();
    fillCases(file, CASES, (i) => ({
      ...base,
      ...text(i),
      user: { id: `teams:user-${i % 5000}`, name: `User ${i % 5000}`, email: `user${i % 5000}@cas.au.dk` },
      // Nine cases in ten have someone on them (a desk's history is mostly handled cases), among 60 staff.
      ...(i % 10 === 9 ? {} : { assignee: STAFF[i % STAFF.length]! }),
      // A desk's history: most cases closed; one in fifty awaits its user's answer, three in fifty are being handled.
      status: statusOf(i),
      // One case in 250 was declared a major incident; all but the newest two are over.
      ...(i % MAJOR_EVERY === 3
        ? {
            major: {
              summary: { da: 'Nedbrud', en: 'Outage' },
              declaredAt: createdAt,
              declaredBy: STAFF[0]!,
              linkedCount: 0,
            },
            ...(i >= CASES - 2 * MAJOR_EVERY ? { status: 'in_progress' as const } : {}),
          }
        : {}),
      createdAt: new Date(Date.parse(createdAt) - (CASES - i) * 60_000).toISOString(),
    }));
    const fillMs = performance.now() - t;
    const label = (what: string) => `search (${CASES} cases): ${what}`;
    const rows: BenchRow[] = [
      { name: `search: fill ${CASES} cases with their search index (set-up)`, value: fillMs, unit: 'ms' },
    ];
    // The words of one real case, so each search finds something: its thing (1 in 10 cases), with its trouble, with
    // its building.
    const [thing = '', trouble = '', , , building = ''] = text(CASES - 7).title.split(' ');
    const perPerson = Math.round(CASES / 5000);
    const cases: [string, CaseSearchQuery][] = [
      [`a word in 1 of 10 cases ("${thing}"), newest 16`, { words: [thing], limit: 16 }],
      [`two words ("${thing} ${trouble}")`, { words: [thing, trouble], limit: 16 }],
      [
        `three words, a prefix among them ("${thing.slice(0, 4)} ${trouble} ${building}")`,
        {
          words: [thing.slice(0, 4), trouble, building],
          limit: 16,
        },
      ],
      [`a person's cases by e-mail (${perPerson} each)`, { personEmail: 'user42@cas.au.dk', limit: 16 }],
      [
        'similar: any of 12 words, ranked (1 000 newest per word)',
        {
          words: [
            thing,
            trouble,
            building,
            'room',
            'morning',
            'eduroam',
            'drops',
            'laptop',
            'screen',
            'vpn',
            'hangs',
            'mfa',
          ],
          match: 'any',
          limit: 24,
        },
      ],
    ];
    const runs: [string, () => Promise<unknown[]>][] = cases.map(([what, query]) => [
      what,
      () => store.searchCases(query),
    ]);
    // Not a search: the look-up every chat message makes (`userReply`), for the person's cases awaiting their
    // answer, among all cases awaiting someone.
    const awaiting = Math.round(CASES / 50);
    for (const [what, person] of [
      [`${perPerson} theirs`, 57],
      ['none theirs', 42],
    ] as const) {
      runs.push([
        `a chat message's check for cases awaiting the person (${awaiting} awaiting, ${what})`,
        () =>
          store.findCases({
            personId: `teams:user-${person}`,
            personEmail: `user${person}@cas.au.dk`,
            statuses: ['awaiting_user'],
            limit: 50,
          }),
      ]);
    }
    // Nor this: the open major incidents every intake step checks, among all ever declared.
    const majorService = new MajorIncidentService({
      store,
      cases: {} as CaseService,
      clock: { now: () => new Date() },
      timeZone: 'Europe/Copenhagen',
      defaultLocale: 'en',
    });
    // Cases 3, 253, 503 … were declared (see the fill above).
    const declared = Math.floor((CASES - 1 - 3) / MAJOR_EVERY) + 1;
    runs.push([
      `an intake step's check for open major incidents (${declared} declared, 2 open)`,
      () => majorService.openMajors(),
    ]);
    // Not a search either: a staff member's open and resolved cases, as `mine` lists them.
    const handled = Math.round((CASES * 0.9) / STAFF.length);
    runs.push([
      `a staff member's open and resolved cases, as mine lists them (${handled} assigned to them in all)`,
      () => store.findCases({ assigneeId: STAFF[7]!.id, statuses: [...OPEN_STATUSES, 'resolved'], limit: 50 }),
    ]);
    for (const [what, run] of runs) {
      const r = await timeRuns(run, RUNS);
      rows.push(
        { name: label(`${what}, median`), value: r.median, unit: 'ms' },
        { name: label(`${what}, slowest of ${RUNS}`), value: r.max, unit: 'ms' },
      );
      if (r.result.length === 0 && !what.includes('none theirs')) {
        throw new Error(`the search "${what}" found nothing: the bench measured no search`);
      }
    }
    return rows;
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
