import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fillCases } from '../../../bench/support/fill-cases.js';
import type { Case, PersonRef } from '../../../src/models/case.js';
import {
  caseSearchParams,
  caseSearchSql,
  ftsPrefixTerm,
  likeWordPrefix,
  searchHash,
} from '../../../src/models/sqlite/case-search-index.js';
import { MIGRATIONS, migrate, schemaVersion } from '../../../src/models/sqlite/migrations.js';
import { caseParams, SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { shippedCatalogue } from '../../helpers/services.js';
import { tempDirs } from '../../helpers/temp-dir.js';

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

describe('SqliteCaseStore.searchCases (SQLite specifics)', () => {
  const open: SqliteCaseStore[] = [];
  const openStore = async (file: string) => {
    const store = new SqliteCaseStore({ file, checkpointIntervalMs: 0 });
    open.push(store);
    await store.init();
    return store;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

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

  it('indexes a case row that was inserted without a search entry when the case is next written', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    let store = await openStore(file);
    const c = await store.createCase(buildNewCase({ title: 'Headset knitrer' }));
    await store.close();
    const raw = new Database(file);
    try {
      raw.prepare('DELETE FROM cases_search WHERE rowid = (SELECT seq FROM cases WHERE id = ?)').run(c.id);
      raw.prepare('UPDATE cases SET search_hash = NULL WHERE id = ?').run(c.id);
    } finally {
      raw.close();
    }
    store = await openStore(file);
    expect(await store.searchCases({ words: ['headset'] })).toEqual([]);
    await store.updateCase({ ...c, status: 'in_progress' }, c.version);
    expect(ids(await store.searchCases({ words: ['headset'] }))).toEqual([c.id]);
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

  it('names a parameter for each word and the e-mail only when there is one', () => {
    const sql = caseSearchSql(2, false);
    expect(sql).toContain('@w1');
    expect(sql).not.toContain('@w2');
    expect(sql).not.toContain('@email');
    expect(caseSearchSql(1, true)).toContain('@email');
  });

  it('gives the same fingerprint for the same fields and another one when a field changes', () => {
    expect(searchHash(['a', 'b'])).toBe(searchHash(['a', 'b']));
    expect(searchHash(['a', 'b'])).not.toBe(searchHash(['ab', '']));
    expect(searchHash(['a', 'b'])).not.toBe(searchHash(['a', 'c']));
  });
});
