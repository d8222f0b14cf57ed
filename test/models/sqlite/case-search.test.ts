import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { fillCases } from '../../../bench/support/fill-cases.js';
import type { Case, PersonRef } from '../../../src/models/case.js';
import { CASE_SEARCH_WORD_CAP, caseSearchFields, searchWordsOf } from '../../../src/models/case-search.js';
import {
  ASSIGNEE_CASES_SQL,
  assigneeNamesSql,
  CASE_AGES_SQL,
  casesOfPersonSql,
  caseSearchParams,
  caseSearchSql,
  caseWordSeqsSql,
  ftsPrefixTerm,
  likeWordPrefix,
  NEWEST_OF_SQL,
  newestSeqs,
  personAssigneeWordsSql,
  searchHash,
} from '../../../src/models/sqlite/case-search-index.js';
import { MIGRATIONS, migrate, schemaVersion } from '../../../src/models/sqlite/migrations.js';
import { caseParams } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { shippedCatalogue } from '../../helpers/services.js';
import { tempDirs } from '../../helpers/temp-dir.js';
import { fileStores } from '../../helpers/sqlite-stores.js';

const dirs = tempDirs('sqlite-search-');
afterAll(() => dirs.cleanup());

const agent: PersonRef = { id: 'teams:agent-soren', name: 'Søren Kjær' };
const ids = (cases: Case[]) => cases.map((c) => c.id);

/** Every row of the FTS index's shadow tables: equal snapshots mean the index was not written. */
function ftsSnapshot(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return ['cases_search_data', 'cases_search_idx', 'cases_search_docsize', 'cases_search_config']
      .map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all()))
      .join('\n');
  } finally {
    db.close();
  }
}

/** Cases waiting to be written to the search index (`search_hash` NULL). */
function pendingCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM cases WHERE search_hash IS NULL').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('SqliteCaseStore.searchCases (SQLite specifics)', () => {
  const openStore = fileStores();

  it('makes the cases of a database at schema 5 searchable when it is migrated', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    const raw = new Database(file);
    const made: Case[] = [];
    try {
      migrate(
        raw,
        MIGRATIONS.filter((m) => m.version <= 5),
      );
      expect(schemaVersion(raw)).toBe(5);
      // Rows as a schema-5 store wrote them: only the columns it had.
      const insert = raw.prepare(`INSERT INTO cases (id, number, type, status, group_id, owner_group_id, assignee_id,
          user_id, reporter_id, user_email, reporter_email, case_owner_id, parent_id, category_id, created_at,
          next_timer_at, version, doc)
        VALUES (@id, @number, @type, @status, @group_id, @owner_group_id, @assignee_id, @user_id, @reporter_id,
          @user_email, @reporter_email, @case_owner_id, @parent_id, @category_id, @created_at, @next_timer_at,
          @version, @doc)`);
      const drafts = [
        buildNewCase({ title: 'Printeren på 2. sal', createdAt: '2025-01-01T08:00:00.000Z' }),
        buildNewCase({
          title: 'Øl i kantinen',
          user: buildPerson('bo', { email: 'Bo@AU.dk' }),
          assignee: agent,
          status: 'in_progress',
          notes: [
            { id: 'n1', at: '2025-01-02T08:00:00.000Z', author: agent, text: 'Fadølsanlæg', visibility: 'internal' },
          ],
          createdAt: '2025-01-02T08:00:00.000Z',
        }),
      ];
      drafts.forEach((d, i) => {
        const c: Case = {
          ...d,
          id: `case-${i + 1}`,
          number: `INC-00000${i + 1}`,
          createdAt: d.createdAt!,
          updatedAt: d.createdAt!,
          version: 1,
        };
        insert.run(caseParams(c, JSON.stringify(c)));
        made.push(c);
      });
      raw.prepare("INSERT INTO counters (name, value) VALUES ('incident', 2)").run();
    } finally {
      raw.close();
    }
    const store = await openStore(file);
    expect(ids(await store.searchCases({ words: ['print'] }))).toEqual([made[1]!.id, made[0]!.id]);
    expect(ids(await store.searchCases({ words: ['ØL', 'fadøl'] }))).toEqual([made[1]!.id]);
    expect(ids(await store.searchCases({ words: ['søren', 'kantinen'] }))).toEqual([made[1]!.id]);
    expect(ids(await store.searchCases({ words: ['INC-000001'] }))).toEqual([made[0]!.id]);
    expect(ids(await store.searchCases({ personEmail: 'bo@au.dk', words: ['øl'] }))).toEqual([made[1]!.id]);
    // A write after the upgrade keeps the backfilled entry in step.
    const beer = (await store.getCase('case-2'))!;
    await store.updateCase({ ...beer, title: 'Vand i kantinen' }, beer.version);
    expect(ids(await store.searchCases({ words: ['øl'] }))).toEqual([]);
    expect(ids(await store.searchCases({ words: ['vand', 'søren'] }))).toEqual(['case-2']);
    await store.close();
    const check = new Database(file, { readonly: true });
    try {
      expect(schemaVersion(check)).toBe(MIGRATIONS.at(-1)!.version);
      const rows = check.prepare('SELECT search_hash, assignee_words FROM cases ORDER BY seq').all() as {
        search_hash: string | null;
        assignee_words: string | null;
      }[];
      expect(rows.map((r) => r.assignee_words)).toEqual([null, 'søren kjær']);
      expect(rows.every((r) => typeof r.search_hash === 'string' && r.search_hash.length > 0)).toBe(true);
      const plan = (
        check.prepare('EXPLAIN QUERY PLAN SELECT id FROM cases WHERE assignee_id = ?').all('x') as { detail: string }[]
      )
        .map((r) => r.detail)
        .join('; ');
      expect(plan).toContain('cases_assignee');
    } finally {
      check.close();
    }
  });

  it('makes the earlier solutions of cases indexed before they were searched findable when the database is migrated', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    let store = await openStore(file);
    const made = await store.createCase(
      buildNewCase({ title: 'Skærmen flimrer', createdAt: '2025-01-01T08:00:00.000Z' }),
    );
    const plain = await store.createCase(buildNewCase({ title: 'Tastaturet', createdAt: '2025-01-02T08:00:00.000Z' }));
    const earlier = { text: 'Driveren rullet tilbage', by: agent, at: '2025-01-02T08:00:00.000Z' };
    const c = await store.updateCase(
      {
        ...made,
        status: 'resolved',
        solution: { text: 'Ny firmware', by: agent, at: '2025-01-03T08:00:00.000Z' },
        earlierSolutions: [earlier],
      },
      made.version,
    );
    await store.searchCases({ words: ['firmware'] }); // indexes what is pending
    await store.close();
    // The index as a store before schema 14 wrote it: the earlier solution not among the words.
    const raw = new Database(file);
    try {
      const { seq } = raw.prepare('SELECT seq FROM cases WHERE id = ?').get(c.id) as { seq: number };
      const { earlierSolutions: _e, ...without } = c;
      const { text } = caseSearchFields(without);
      raw.prepare('DELETE FROM cases_search WHERE rowid = ?').run(seq);
      raw.prepare('INSERT INTO cases_search (rowid, text) VALUES (?, ?)').run(seq, searchWordsOf(text));
      raw.prepare('UPDATE cases SET search_hash = ? WHERE seq = ?').run(searchHash(text), seq);
      raw.prepare('DELETE FROM schema_version WHERE version >= 14').run();
    } finally {
      raw.close();
    }
    store = await openStore(file);
    // Only the case with earlier solutions is indexed again.
    expect(pendingCount(file)).toBe(1);
    expect(ids(await store.searchCases({ words: ['driveren'] }))).toEqual([c.id]);
    expect(ids(await store.searchCases({ words: ['tastaturet'] }))).toEqual([plain.id]);
    expect(pendingCount(file)).toBe(0);
  });

  it('leaves the full-text index unwritten when a claim, a status change or a sweep changes no searchable text', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    const store = await openStore(file);
    const a = await store.createCase(buildNewCase({ title: 'Printer jams' }));
    const b = await store.createCase(buildNewCase({ title: 'Scanner offline' }));
    const before = ftsSnapshot(file);
    const claimed = await store.claimCase(a.id, agent, (c) => ({ ...c, assignee: agent, status: 'in_progress' }));
    expect(claimed.ok).toBe(true);
    const moved = await store.updateCase(
      { ...claimed.case, status: 'awaiting_user', priority: 'P2', nextTimerAt: '2025-01-01T00:00:00.000Z' },
      claimed.case.version,
    );
    const swept = await store.updateCases([{ next: { ...b, status: 'in_progress' }, expectedVersion: b.version }]);
    expect(swept).toEqual([{ ok: true, id: b.id, version: b.version + 1 }]);
    expect(ftsSnapshot(file)).toBe(before);
    expect(ids(await store.searchCases({ words: ['søren', 'printer'] }))).toEqual([a.id]);
    expect(ids(await store.searchCases({ words: ['offline'] }))).toEqual([b.id]);
    // A new note is searchable text: now the index is written.
    await store.updateCase(
      {
        ...moved,
        notes: [{ id: 'n1', at: moved.updatedAt, author: agent, text: 'Valse byttet', visibility: 'internal' }],
      },
      moved.version,
    );
    expect(ftsSnapshot(file)).not.toBe(before);
    expect(ids(await store.searchCases({ words: ['valse'] }))).toEqual([a.id]);
  });

  it('indexes a case pending for the search index (no entry, search_hash NULL) at the next search', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    let store = await openStore(file);
    const c = await store.createCase(buildNewCase({ title: 'Headset knitrer' }));
    expect(ids(await store.searchCases({ words: ['headset'] }))).toEqual([c.id]);
    await store.close();
    const raw = new Database(file);
    try {
      raw.prepare('DELETE FROM cases_search WHERE rowid = (SELECT seq FROM cases WHERE id = ?)').run(c.id);
      raw.prepare('UPDATE cases SET search_hash = NULL WHERE id = ?').run(c.id);
    } finally {
      raw.close();
    }
    store = await openStore(file);
    expect(ids(await store.searchCases({ words: ['headset'] }))).toEqual([c.id]);
  });

  it('writes a new case and a changed text to the index in batches, not in the case write', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    const store = await openStore(file);
    const before = ftsSnapshot(file);
    const c = await store.createCase(buildNewCase({ title: 'Headset knitrer' }));
    const noted = await store.updateCase(
      { ...c, notes: [{ id: 'n1', at: c.createdAt, author: c.user, text: 'Kabelbrud', visibility: 'internal' }] },
      c.version,
    );
    expect(ftsSnapshot(file)).toBe(before);
    expect(pendingCount(file)).toBe(1);
    expect(await store.indexPendingSearch()).toBe(1);
    expect(pendingCount(file)).toBe(0);
    expect(ftsSnapshot(file)).not.toBe(before);
    expect(ids(await store.searchCases({ words: ['kabelbrud'] }))).toEqual([noted.id]);
    expect(await store.indexPendingSearch()).toBe(0);
  });

  it('indexes pending cases in the background on the connection that does the periodic work', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    const store = await openStore(file, {
      checkpoints: 'timer',
      checkpointIntervalMs: 60_000,
      searchIndexIntervalMs: 10,
    });
    await store.createCase(buildNewCase({ title: 'Headset knitrer' }));
    expect(pendingCount(file)).toBe(1);
    await expect.poll(() => pendingCount(file), { timeout: 2000, interval: 20 }).toBe(0);
  });

  it("finds the benchmark's bulk-filled cases, which carry their search entries, when searched", async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    await (await openStore(file)).close();
    fillCases(file, 30, (i) =>
      buildNewCase({
        title: i % 3 === 0 ? `Printer ${i}` : `Skærm ${i}`,
        description: 'Ingen detaljer',
        createdAt: `2025-02-01T08:00:${String(i).padStart(2, '0')}.000Z`,
      }),
    );
    const store = await openStore(file);
    const printers = await store.searchCases({ words: ['printer'], limit: 200 });
    expect(printers).toHaveLength(10);
    expect(printers[0]?.title).toBe('Printer 27');
    expect((await store.searchCases({ words: ['INC-000029'] })).map((c) => c.title)).toEqual(['Skærm 28']);
    const created = await store.createCase(buildNewCase({ title: 'Printer new' }));
    expect(created.number).toBe('INC-000031');
  });

  it("no longer finds a person's cases by their name or e-mail after retention anonymisation and erasure", async () => {
    const dir = await dirs.make();
    const file = path.join(dir, 'store.sqlite');
    const store = await openStore(file);
    const { anna, carl, jonas, birgitte } = people;
    const jonasRef: PersonRef = { id: jonas.id, name: jonas.name, email: jonas.email };
    const old = await store.createCase(
      buildNewCase({
        user: carl,
        title: 'VPN fails for Carl Holm',
        description: 'Ingen detaljer',
        status: 'closed',
        createdAt: '2022-03-01T08:00:00.000Z',
        closedAt: '2022-03-03T08:00:00.000Z',
        assignee: jonasRef,
        notes: [
          { id: 'n1', at: '2022-03-01T09:00:00.000Z', author: jonasRef, text: 'Called Carl', visibility: 'internal' },
        ],
      }),
    );
    const recent = await store.createCase(
      buildNewCase({
        user: anna,
        title: 'Printer for Anna Berg',
        description: 'Write to anna.berg@cas.au.dk',
        status: 'in_progress',
        assignee: jonasRef,
        createdAt: '2025-05-01T08:00:00.000Z',
      }),
    );
    expect(ids(await store.searchCases({ words: ['carl'] }))).toEqual([old.id]);
    expect(ids(await store.searchCases({ words: ['vestergaard'] }))).toEqual([recent.id, old.id]);
    const privacy = new PrivacyService({
      store,
      catalogue: shippedCatalogue(),
      clock: new ManualClock('2025-06-02T08:00:00.000Z'),
      defaultLocale: 'en',
      personRefs: [],
    });
    expect(await privacy.anonymiseExpired(24)).toBe(1);
    expect(await store.searchCases({ words: ['carl'] })).toEqual([]);
    expect(await store.searchCases({ words: ['holm'] })).toEqual([]);
    expect(await store.searchCases({ personEmail: carl.email })).toEqual([]);
    expect(ids(await store.searchCases({ words: ['vestergaard'] }))).toEqual([recent.id]);
    expect(ids(await store.searchCases({ words: ['vpn'] }))).toEqual([old.id]);

    expect(ids(await store.searchCases({ words: ['anna'] }))).toEqual([recent.id]);
    const erased = await privacy.erasePerson(birgitte, anna.email);
    expect(erased.ok).toBe(true);
    for (const word of ['anna', 'berg', 'anna.berg@cas.au.dk']) {
      expect(await store.searchCases({ words: [word] }), word).toEqual([]);
    }
    expect(await store.searchCases({ personEmail: anna.email })).toEqual([]);
    expect(ids(await store.searchCases({ words: ['printer'] }))).toEqual([recent.id]);
  });
  it('considers only the CASE_SEARCH_WORD_CAP last stored matches of each word when matching any word', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    await (await openStore(file)).close();
    const cap = CASE_SEARCH_WORD_CAP;
    // Case 1 is stored first but created last, so it comes first whenever it is found at all; then `cap` cases
    // with the first word and `cap - 1` with the second.
    fillCases(file, 2 * cap, (i) =>
      buildNewCase({
        title: i === 0 ? 'Alfa bravo' : i <= cap ? 'Alfa' : 'Bravo',
        description: 'Ingen detaljer',
        createdAt: i === 0 ? '2025-06-01T00:00:00.000Z' : new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
      }),
    );
    const store = await openStore(file);
    const first = async (words: string[]) => (await store.searchCases({ words, match: 'any', limit: 200 }))[0]?.number;
    expect(await first(['bravo'])).toBe('INC-000001');
    expect(await first(['alfa'])).not.toBe('INC-000001');
    expect(await first(['alfa', 'bravo'])).toBe('INC-000001');
    expect(await store.searchCases({ words: ['alfa', 'bravo'], match: 'any', limit: 200 })).toHaveLength(200);
    await store.createCase(buildNewCase({ title: 'Bravo', createdAt: '2025-02-01T00:00:00.000Z' }));
    // Now beyond the last `cap` stored matches of both of its words: not found, though it has both.
    expect(await first(['bravo'])).toBe('INC-002001');
    expect(await first(['alfa', 'bravo'])).toBe('INC-002001');
    // Every word is not capped.
    expect((await store.searchCases({ words: ['alfa', 'bravo'] })).map((c) => c.number)).toEqual(['INC-000001']);
  });

  it('agrees with a plain reading of the any-word rules on random cases, stored out of time order', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    await (await openStore(file)).close();
    // A small fixed pseudo-random sequence (no flaky runs).
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const vocab = ['printer', 'printeren', 'vpn', 'skærm', 'øl', 'toner', 'mail', 'headset', 'søren', 'kabel'];
    const agents: PersonRef[] = [agent, { id: 'teams:agent-mette', name: 'Mette Printz' }];
    const count = 2500;
    fillCases(file, count, () => {
      const pick = () => vocab[rnd(vocab.length)]!;
      const who = rnd(4);
      return buildNewCase({
        title: `${pick()} ${pick()}`,
        description: rnd(3) === 0 ? pick() : 'Ingen detaljer',
        user: buildPerson(`u${rnd(6)}`),
        ...(who < 2 ? { assignee: agents[who]! } : {}),
        // Many cases share a creation time, and the times do not follow the storing order.
        createdAt: `2025-01-${String(1 + rnd(28)).padStart(2, '0')}T08:00:00.000Z`,
      });
    });
    const cap = 400;
    const store = await openStore(file, { caseSearchWordCap: cap });
    const all = await store.findCases({ limit: 10_000 });
    const stored = [...all].sort((x, y) => Number(x.number.slice(4)) - Number(y.number.slice(4)));
    expect(stored).toHaveLength(count);
    const wordsOf = new Map(
      stored.map((c) => {
        const { text, assignee } = caseSearchFields(c);
        return [c.id, searchWordsOf([...text, assignee]).split(' ')];
      }),
    );
    const reference = (words: string[], email: string | undefined, exclude: string[], limit: number) => {
      const counts = new Map<number, number>();
      for (const w of words) {
        const hits = stored
          .map((c, seq) => ({ c, seq }))
          .filter(({ c }) => email === undefined || c.user.email === email)
          .filter(({ c }) => wordsOf.get(c.id)!.some((x) => x.startsWith(w)))
          .slice(-cap);
        for (const { seq } of hits) counts.set(seq, (counts.get(seq) ?? 0) + 1);
      }
      return [...counts]
        .filter(([seq]) => !exclude.includes(stored[seq]!.id))
        .sort(([a, n], [b, m]) => m - n || stored[b]!.createdAt.localeCompare(stored[a]!.createdAt) || b - a)
        .slice(0, limit)
        .map(([seq]) => stored[seq]!.id);
    };
    for (let q = 0; q < 40; q++) {
      const words = [
        ...new Set(Array.from({ length: 1 + rnd(5) }, () => vocab[rnd(vocab.length)]!.slice(0, 2 + rnd(5)))),
      ];
      const email = rnd(3) === 0 ? `u${rnd(6)}@au.dk` : undefined;
      const exclude = rnd(2) === 0 ? [stored[rnd(count)]!.id, stored[count - 1]!.id] : [];
      const limit = [1, 20, 200][rnd(3)]!;
      const found = await store.searchCases({
        words,
        match: 'any',
        limit,
        excludeIds: exclude,
        ...(email ? { personEmail: email } : {}),
      });
      expect(ids(found), JSON.stringify({ words, email, exclude, limit })).toEqual(
        reference(words, email, exclude, limit),
      );
    }
  });

  it('takes only the newest cap cases of an assignee whose name has a word, with or without an e-mail', async () => {
    const store = await openStore(':memory:', { caseSearchWordCap: 2 });
    const made: Case[] = [];
    for (let d = 1; d <= 4; d++) {
      made.push(
        await store.createCase(
          buildNewCase({ title: `Sag ${d}`, assignee: agent, createdAt: `2025-01-0${d}T08:00:00.000Z` }),
        ),
      );
    }
    const newest = [made[3]!.id, made[2]!.id];
    expect(ids(await store.searchCases({ words: ['søren'], match: 'any' }))).toEqual(newest);
    expect(ids(await store.searchCases({ words: ['søren', 'kjær'], match: 'any' }))).toEqual(newest);
    expect(ids(await store.searchCases({ words: ['søren', 'sag'], match: 'any' }))).toEqual(newest);
    expect(ids(await store.searchCases({ words: ['søren'], match: 'any', excludeIds: [made[3]!.id] }))).toEqual([
      made[2]!.id,
    ]);
    expect(ids(await store.searchCases({ words: ['søren'], match: 'any', personEmail: 'anna@au.dk' }))).toEqual(newest);
  });
});

describe('case search SQL', () => {
  it('quotes each word as an FTS prefix term and escapes LIKE wildcards when building parameters', () => {
    expect(ftsPrefixTerm('printer')).toBe('"printer"*');
    expect(ftsPrefixTerm('a"b')).toBe('"a""b"*');
    expect(likeWordPrefix('søren')).toBe('% søren%');
    expect(likeWordPrefix('a%b_c\\')).toBe('% a\\%b\\_c\\\\%');
    expect(caseSearchParams(['printer', '1485'], 'anna@au.dk', 20)).toEqual({
      all: '"printer"* AND "1485"*',
      w0: '"printer"*',
      w1: '"1485"*',
      l0: '% printer%',
      l1: '% 1485%',
      email: 'anna@au.dk',
      limit: 20,
    });
  });

  it('names a parameter for each word and the e-mail and the excluded ids only when there are some', () => {
    const sql = caseSearchSql(2, false);
    expect(sql).toContain('@w1');
    expect(sql).not.toContain('@w2');
    expect(sql).not.toContain('@email');
    expect(sql).not.toContain('@exclude');
    expect(caseSearchSql(1, true)).toContain('@email');
    expect(caseSearchSql(1, false, true)).toContain('@exclude');
    expect(casesOfPersonSql(false)).not.toContain('@exclude');
    expect(casesOfPersonSql(true)).toContain('@exclude');
    expect(caseSearchParams(['vpn'], undefined, 5, ['a', 'b"'])).toEqual({
      all: '"vpn"*',
      w0: '"vpn"*',
      l0: '% vpn%',
      exclude: '["a","b\\""]',
      limit: 5,
    });
    expect(caseSearchParams(['vpn'], undefined, 5, [])).not.toHaveProperty('exclude');
  });

  it('names the parameters of the any-word queries: a term, the cap, a flag per word, and the e-mail when given', () => {
    expect(caseWordSeqsSql(false)).toContain('@term');
    expect(caseWordSeqsSql(false)).toContain('@cap');
    expect(caseWordSeqsSql(false)).not.toContain('@email');
    expect(caseWordSeqsSql(true)).toContain('@email');
    const names = assigneeNamesSql(2);
    expect(names).toContain('AS m1');
    expect(names).toContain('@l1');
    expect(names).not.toContain('@l2');
    expect(names).not.toContain('@email');
    expect(personAssigneeWordsSql(2)).toContain('AS m1');
    expect(personAssigneeWordsSql(1)).toContain('@email');
  });

  it('keeps the newest cap distinct seqs of the lists, newest first', () => {
    expect(
      newestSeqs(
        [
          [9, 5, 2],
          [7, 5, 1],
        ],
        4,
      ),
    ).toEqual([9, 7, 5, 2]);
    expect(newestSeqs([[3], []], 10)).toEqual([3]);
    expect(newestSeqs([[3, 2]], 0)).toEqual([]);
  });

  it('reads the any-word queries in index order where it matters, without scanning every case row', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS);
      const plan = (sql: string, ...params: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
          .map((r) => r.detail)
          .join('; ');
      // FTS5 hands out a MATCH in rowid order: newest first needs no sort.
      const words = plan(caseWordSeqsSql(false), { term: '"a"*', cap: 5 });
      expect(words).toContain('VIRTUAL TABLE');
      expect(words).not.toContain('TEMP B-TREE');
      const person = plan(caseWordSeqsSql(true), { term: '"a"*', cap: 5, email: 'a@b.dk' });
      expect(person).toContain('cases_user_email');
      expect(person).toContain('cases_reporter_email');
      // One pass over the covering assignee index, then each name's newest cases straight off it.
      const names = plan(assigneeNamesSql(2), { l0: '% a%', l1: '% b%' });
      expect(names).toContain('COVERING INDEX cases_assignee');
      expect(names).not.toMatch(/SCAN cases(?! USING)/);
      const cases = plan(ASSIGNEE_CASES_SQL, { id: 'x', words: 'a', cap: 5 });
      expect(cases).toContain('COVERING INDEX cases_assignee (assignee_id=? AND assignee_words=?)');
      expect(cases).not.toContain('TEMP B-TREE');
      expect(plan(personAssigneeWordsSql(1), { l0: '% a%', email: 'a@b.dk' })).toContain('cases_user_email');
      // The ages: a primary-key lookup per case, or a walk down the created index reading no case row.
      expect(plan(CASE_AGES_SQL, '[1]')).toContain('INTEGER PRIMARY KEY');
      const newest = plan(NEWEST_OF_SQL, '[1]', 5);
      expect(newest).toContain('COVERING INDEX cases_created');
      expect(newest).not.toContain('TEMP B-TREE');
    } finally {
      db.close();
    }
  });

  it('gives the same fingerprint for the same fields and another one when a field changes', () => {
    expect(searchHash(['a', 'b'])).toBe(searchHash(['a', 'b']));
    expect(searchHash(['a', 'b'])).not.toBe(searchHash(['ab', '']));
    expect(searchHash(['a', 'b'])).not.toBe(searchHash(['a', 'c']));
  });
});
