import { open as openFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Case, OPEN_STATUSES } from '../../../src/models/case.js';
import { AppError } from '../../../src/models/errors.js';
import { buildFtsQuery } from '../../../src/models/sqlite/fts-query.js';
import { APPROVAL_PENDING_SQL, MIGRATIONS, migrate, schemaVersion } from '../../../src/models/sqlite/migrations.js';
import { SQLITE_FILE_NAME } from '../../../src/models/sqlite/open-database.js';
import {
  CLAIM_OUTBOX_SQL,
  caseParams,
  caseWhere,
  SqliteCaseStore,
} from '../../../src/models/sqlite/sqlite-case-store.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import { tempDirs } from '../../helpers/temp-dir.js';
import { runCaseStoreContract } from '../case-store-contract.js';

const dirs = tempDirs('sqlite-store-');
afterAll(() => dirs.cleanup());

runCaseStoreContract('sqlite :memory:', async (options) => new SqliteCaseStore({ file: ':memory:', ...options }));
runCaseStoreContract('sqlite file', async (options) => new SqliteCaseStore({ dataDir: await dirs.make(), ...options }));

async function initError(store: SqliteCaseStore): Promise<AppError> {
  try {
    await store.init();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  await store.close();
  throw new Error('expected init() to fail');
}

/** The SQL of every statement better-sqlite3 prepares while `run` runs, as SQLite gets it. */
async function preparedDuring(run: () => Promise<void>): Promise<string[]> {
  const prepared: string[] = [];
  const proto = Database.prototype as unknown as { prepare: (sql: string) => unknown };
  const prepare = proto.prepare;
  proto.prepare = function (this: unknown, sql: string) {
    prepared.push(sql);
    return prepare.call(this, sql);
  };
  try {
    await run();
  } finally {
    proto.prepare = prepare;
  }
  return prepared;
}

describe('SqliteCaseStore', () => {
  const open: SqliteCaseStore[] = [];
  const openStore = async (opts: ConstructorParameters<typeof SqliteCaseStore>[0]) => {
    const store = new SqliteCaseStore(opts);
    open.push(store);
    await store.init();
    return store;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('keeps cases, counters and outbox when the same file is closed and reopened', async () => {
    const dataDir = await dirs.make();
    const first = await openStore({ dataDir });
    const created = await first.createCase(buildNewCase(), [{ key: 'k1', kind: 'post_card', payload: { a: 1 } }]);
    await first.putRef('channel', 'network', { channelId: 'C1' });
    await first.close();

    const second = await openStore({ dataDir });
    expect(await second.getCase(created.id)).toEqual(created);
    expect((await second.listOutbox({ caseId: created.id })).map((m) => m.key)).toEqual(['k1']);
    expect(await second.getRef('channel', 'network')).toEqual({ channelId: 'C1' });
    expect((await second.createCase(buildNewCase())).number).toBe('INC-000002');
  });

  it('never reuses a case number when the case row was deleted', async () => {
    const dataDir = await dirs.make();
    const store = await openStore({ dataDir });
    const a = await store.createCase(buildNewCase());
    const b = await store.createCase(buildNewCase());
    await store.close();

    const raw = new Database(path.join(dataDir, SQLITE_FILE_NAME));
    raw.prepare('DELETE FROM cases WHERE id IN (?, ?)').run(a.id, b.id);
    raw.close();

    const reopened = await openStore({ dataDir });
    expect(await reopened.countCases({})).toBe(0);
    expect((await reopened.createCase(buildNewCase())).number).toBe('INC-000003');
  });

  it('applies each migration once when init runs again on the same file', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    await (await openStore({ file })).close();
    await (await openStore({ file })).close();

    const raw = new Database(file);
    try {
      const rows = raw.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[];
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(migrate(raw)).toEqual([]);
      expect(schemaVersion(raw)).toBe(MIGRATIONS.at(-1)!.version);
    } finally {
      raw.close();
    }
  });

  it('applies only the newer migrations when the schema is behind', () => {
    const raw = new Database(':memory:');
    try {
      expect(migrate(raw, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
      const extra = { version: 999, name: 'test column', sql: 'ALTER TABLE refs ADD COLUMN note TEXT' };
      expect(migrate(raw, [...MIGRATIONS, extra])).toEqual([999]);
      expect(schemaVersion(raw)).toBe(999);
    } finally {
      raw.close();
    }
  });

  it('rolls a failing migration back completely when one step breaks', () => {
    const raw = new Database(':memory:');
    try {
      migrate(raw);
      const good = { version: 998, name: 'good', sql: 'CREATE TABLE extra (x TEXT)' };
      const bad = { version: 999, name: 'bad', sql: 'ALTER TABLE no_such_table ADD COLUMN y TEXT' };
      expect(() => migrate(raw, [...MIGRATIONS, good, bad])).toThrow();
      expect(schemaVersion(raw)).toBe(MIGRATIONS.at(-1)!.version);
      const extra = raw.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get();
      expect(extra).toBeUndefined();
    } finally {
      raw.close();
    }
  });

  it("fills the user's and reporter's e-mail columns when a database from before them is opened", async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    const before = await openStore({ file });
    const old = await before.createCase(
      buildNewCase({ user: buildPerson('anna', { email: 'Anna@AU.dk' }), reporter: buildPerson('jonas') }),
    );
    const noMail = await before.createCase(buildNewCase({ user: buildPerson('bo', { email: '' }) }));
    await before.close();
    // Back to schema 4: the columns, their indexes and the version row go, as in a database from before them
    // (schema 13's approval index, 12's staff e-mails, 11's outbox index, 10's refs index, 9's major incidents, 8's status indexes and
    // 6's case search first, as they came later).
    const raw = new Database(file);
    try {
      raw.exec(`DROP INDEX cases_assignee_email; DROP INDEX cases_case_owner_email;
        ALTER TABLE cases DROP COLUMN assignee_email; ALTER TABLE cases DROP COLUMN case_owner_email;
        DROP INDEX cases_approval_pending;
        DROP INDEX outbox_case_state; CREATE INDEX outbox_case ON outbox (case_id); DROP INDEX refs_kind_updated; DROP INDEX cases_major; ALTER TABLE cases DROP COLUMN major_at; DROP INDEX cases_assignee_status; DROP INDEX cases_case_owner;
        CREATE INDEX cases_case_owner ON cases (case_owner_id) WHERE case_owner_id IS NOT NULL;
        DROP INDEX cases_search_pending; DROP TABLE cases_search; DROP INDEX cases_assignee;
        ALTER TABLE cases DROP COLUMN search_hash; ALTER TABLE cases DROP COLUMN assignee_words;
        CREATE INDEX cases_assignee ON cases (assignee_id) WHERE assignee_id IS NOT NULL;
        DROP INDEX cases_user_email; DROP INDEX cases_reporter_email;
        ALTER TABLE cases DROP COLUMN user_email; ALTER TABLE cases DROP COLUMN reporter_email;
        DELETE FROM schema_version WHERE version >= 5;`);
    } finally {
      raw.close();
    }
    const store = await openStore({ file });
    try {
      const found = await store.findCases({ personId: 'slack:U0ANNA', personEmail: 'anna@au.dk' });
      expect(found.map((c) => c.id)).toEqual([old.id]);
      const asReporter = await store.findCases({ personId: 'slack:U0JONAS', personEmail: 'jonas@au.dk' });
      expect(asReporter.map((c) => c.id)).toEqual([old.id]);
      expect(await store.findCases({ personId: 'x', personEmail: '' })).toEqual([]);
      expect((await store.getCase(noMail.id))?.user.email).toBe('');
    } finally {
      await store.close();
    }
    const check = new Database(file, { readonly: true });
    try {
      const row = check.prepare('SELECT user_email, reporter_email FROM cases WHERE id = ?').get(noMail.id);
      expect(row).toEqual({ user_email: null, reporter_email: null });
      const plan = (
        check
          .prepare(
            'EXPLAIN QUERY PLAN SELECT id FROM cases WHERE user_id = ? OR reporter_id = ? OR user_email = ? OR reporter_email = ?',
          )
          .all('a', 'a', 'b', 'b') as { detail: string }[]
      )
        .map((r) => r.detail)
        .join('; ');
      expect(plan).toContain('cases_user_email');
      expect(plan).toContain('cases_reporter_email');
    } finally {
      check.close();
    }
  });

  it("fills the assignee's and case owner's e-mail columns when a database from before them is opened", async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    const raw = new Database(file);
    try {
      migrate(
        raw,
        MIGRATIONS.filter((m) => m.version <= 11),
      );
      // Rows as a schema-11 store wrote them: without the two columns.
      const insert = raw.prepare(`INSERT INTO cases (id, number, type, status, group_id, owner_group_id, assignee_id,
          case_owner_id, user_id, category_id, created_at, version, doc)
        VALUES (@id, @number, @type, @status, @group_id, @owner_group_id, @assignee_id, @case_owner_id, @user_id,
          @category_id, @created_at, @version, @doc)`);
      const staff = { id: 'email:øster@au.dk', name: 'Øster', email: 'ØSTER@au.dk' };
      const rows: Case[] = [
        { ...buildNewCase({ status: 'in_progress', assignee: staff }), id: 'assigned', number: 'INC-000001' },
        { ...buildNewCase({ status: 'assigned', caseOwner: staff }), id: 'owned', number: 'INC-000002' },
        { ...buildNewCase({ status: 'registered' }), id: 'nobody', number: 'INC-000003' },
      ].map((c, i) => {
        const createdAt = `2025-01-0${i + 1}T08:00:00.000Z`;
        return { ...c, createdAt, updatedAt: createdAt, version: 1 } as Case;
      });
      for (const c of rows) {
        const { assignee_email: _a, case_owner_email: _o, ...params } = caseParams(c, JSON.stringify(c));
        insert.run(Object.fromEntries(Object.entries(params).filter(([k]) => insert.source.includes(`@${k}`))));
      }
    } finally {
      raw.close();
    }
    const store = await openStore({ file });
    try {
      const open = ['assigned' as const, 'in_progress' as const];
      const asSlack = { assigneeId: 'slack:UOSTER', assigneeEmail: 'øster@au.dk', statuses: open };
      expect((await store.findCases(asSlack)).map((c) => c.id)).toEqual(['assigned']);
      const owner = { caseOwnerId: 'slack:UOSTER', caseOwnerEmail: 'Øster@AU.dk', statuses: open };
      expect((await store.findCases(owner)).map((c) => c.id)).toEqual(['owned']);
    } finally {
      await store.close();
    }
  });

  it('adds the files table and its indexes when a database from before attachments is opened', async () => {
    const file = path.join(await dirs.make(), 'store.sqlite');
    const raw = new Database(file);
    try {
      expect(
        migrate(
          raw,
          MIGRATIONS.filter((m) => m.version <= 3),
        ),
      ).toEqual([1, 2, 3]);
      raw.prepare("INSERT INTO refs (kind, key, value, updated_at) VALUES ('channel', 'network', '{}', 'x')").run();
    } finally {
      raw.close();
    }

    const store = await openStore({ file });
    const data = Buffer.from([0x00, 0xff, 0x00, 0x7f]);
    const by = { id: 'teams:anna', name: 'Anna' };
    await store.saveFile({ id: 'f1', name: 'a.png', contentType: 'image/png', size: 4, at: 'x', by, data });
    expect((await store.getFile('f1'))?.data.equals(data)).toBe(true);
    expect(await store.getRef('channel', 'network')).toEqual({});
    await store.close();

    const check = new Database(file, { readonly: true });
    try {
      expect(schemaVersion(check)).toBe(MIGRATIONS.at(-1)!.version);
      const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'files'").all();
      expect(indexes.map((i) => (i as { name: string }).name)).toEqual(
        expect.arrayContaining(['files_case', 'files_by_id', 'files_by_email', 'files_unlinked_at']),
      );
      const plan = (sql: string, ...params: unknown[]): string =>
        (check.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
          .map((r) => r.detail)
          .join('; ');
      // The deletes of `deleteFiles` find their rows on the indexes, never by scanning every file's bytes.
      expect(plan('SELECT id FROM files WHERE case_id IS NULL AND at < ?', 'x')).toContain('files_unlinked_at');
      expect(plan('SELECT id FROM files WHERE case_id IN (SELECT value FROM json_each(?))', '[]')).toContain(
        'files_case',
      );
      const byPlan = plan('SELECT id FROM files WHERE by_id = ? OR by_email = ?', 'a', 'b');
      expect(byPlan).toContain('files_by_id');
      expect(byPlan).toContain('files_by_email');
    } finally {
      check.close();
    }
  });

  it("reads a kind's records written since a time through the index on kind and time, not every record", async () => {
    const file = path.join(await dirs.make(), 'refs.db');
    const store = await openStore({ file });
    for (let i = 0; i < 50; i++) await store.putRef('person', `teams:p${i}`, { name: `P${i}` });
    const prepared = await preparedDuring(async () => {
      await store.listRefs('person', ['name'], { changedSince: '2999-01-01T00:00:00.000Z' });
    });
    const sql = prepared.find((q) => q.includes('updated_at >=')) ?? '';
    expect(sql).not.toBe('');
    await store.close();
    const check = new Database(file, { readonly: true });
    try {
      const params = [...sql.matchAll(/\?/g)].map((_, i, all) => (i === all.length - 2 ? 'person' : 'x'));
      const plan = (check.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('; ');
      expect(plan).toContain('refs_kind_updated');
    } finally {
      check.close();
    }
  });

  it('gives outbox messages unique UUID-shaped ids that sort in the order they were written when enqueued over time', async () => {
    const store = await openStore({ file: ':memory:' });
    const keys = ['a', 'b', 'c', 'd'];
    for (const key of keys) {
      await store.enqueueOutbox([{ key, kind: 'update_cards', payload: { caseId: 'x' } }]);
      const started = Date.now();
      while (Date.now() === started) {
        // the next id gets a later millisecond
      }
    }
    await store.enqueueOutbox(keys.map((k) => ({ key: `${k}2`, kind: 'update_cards', payload: { caseId: 'x' } })));
    const rows = await store.listOutbox({ limit: 100 });
    const ids = rows.map((m) => m.id);
    expect(new Set(ids).size).toBe(8);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const single = rows.filter((m) => m.key.length === 1);
    expect(single.map((m) => m.key)).toEqual(keys);
    expect([...single.map((m) => m.id)].sort()).toEqual(single.map((m) => m.id));
  });

  it('uses WAL journaling when the store is a file', async () => {
    const dataDir = await dirs.make();
    await (await openStore({ dataDir })).close();
    const raw = new Database(path.join(dataDir, SQLITE_FILE_NAME));
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('lists and counts outbox rows on the outbox indexes, never reading every kept delivered row', async () => {
    const dataDir = await dirs.make();
    const store = await openStore({ dataDir });
    // The statements the store prepares for these calls, as SQLite runs them.
    const prepared = await preparedDuring(async () => {
      await store.listOutbox({ caseId: 'case-1', limit: 10 });
      await store.listOutbox({ state: 'pending', limit: 10 });
      await store.listOutbox({ state: 'dead', kind: 'teams.card', limit: 10 });
      await store.outboxStats();
    });
    expect(prepared.length).toBeGreaterThan(0);
    const raw = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      for (const sql of prepared) {
        const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
        const plan = (
          raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(Object.fromEntries(names.map((n) => [n, 'x']))) as {
            detail: string;
          }[]
        ).map((r) => r.detail);
        expect(plan.join('; ')).toMatch(/outbox_(due|case)/);
        expect(plan.filter((d) => /^SCAN outbox\b/.test(d))).toEqual([]);
      }
    } finally {
      raw.close();
    }
  });

  it("claims due messages on the due index and checks a case's earlier messages among its pending ones only", async () => {
    const dataDir = await dirs.make();
    await (await openStore({ dataDir })).close();
    const raw = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const plan = (
        raw.prepare(`EXPLAIN QUERY PLAN ${CLAIM_OUTBOX_SQL}`).all({ now: 'x', owner: 'w', limit: 20 }) as {
          detail: string;
        }[]
      ).map((r) => r.detail);
      expect(plan.join('; ')).toContain('SEARCH o USING INDEX outbox_due (state=? AND next_attempt_at<?)');
      // The case's delivered and dead messages (kept for weeks) are not read: the index is searched by state too.
      expect(plan.join('; ')).toMatch(
        /SEARCH e USING INDEX outbox_case_state \(case_id=\? AND state=\? AND created_at<\?\)/,
      );
      expect(plan.filter((d) => /^SCAN\b/.test(d))).toEqual([]);
    } finally {
      raw.close();
    }
  });

  it('binds no LIMIT or LIKE pattern as a bare parameter, which SQLite would plan again at every run of the statement', async () => {
    // SQLite 3.53 reads a bare `LIMIT ?` or `LIKE ?` while planning and marks the statement to be prepared again
    // whenever the parameter is bound: every run (a chat message's waiting-cases check: ~20 µs warm, ~200 µs in a
    // turn).
    const prepared = await preparedDuring(async () => {
      const store = await openStore({ dataDir: await dirs.make(), checkpointIntervalMs: 0 });
      const anna = buildPerson('anna');
      const c = await store.createCase(buildNewCase({ user: anna, title: 'Printer jams on floor two' }));
      await store.findCases({ personId: anna.id, personEmail: 'anna@au.dk', statuses: ['awaiting_user'], limit: 50 });
      await store.findCases({ groupIds: ['arts-support'], statuses: ['registered'], limit: 5, offset: 10 });
      await store.searchCases({ words: ['printer'], limit: 16 });
      await store.searchCases({ words: ['printer', 'floor'], personEmail: 'anna@au.dk', limit: 16 });
      await store.searchCases({ personEmail: 'anna@au.dk', limit: 16 });
      await store.searchCases({ words: ['printer', 'jams', 'floor'], match: 'any', excludeIds: [c.id], limit: 8 });
      await store.indexPendingSearch();
      await store.claimDueTimers(new Date().toISOString(), 'w1', 1000, 100);
      await store.enqueueOutbox([{ key: 'k1', kind: 'notify_user', caseId: c.id, payload: {} }]);
      await store.claimOutbox(new Date(Date.now() + 60_000).toISOString(), 'w1', 1000, 10);
      await store.listOutbox({ state: 'pending', limit: 10, offset: 5 });
      await store.listConversations(10, 0);
      await store.saveArticle({
        title: 'Printer jams',
        body: 'Open tray 2.',
        keywords: ['printer'],
        categoryId: 'printing',
        locale: 'en',
      });
      await store.searchArticles('printer', { limit: 3 });
    });
    const limited = prepared.filter((sql) => /\bLIMIT\b/i.test(sql));
    expect(limited.length).toBeGreaterThanOrEqual(8);
    expect(limited.filter((sql) => /\bLIMIT\s+[?@:$]/i.test(sql))).toEqual([]);
    const liked = prepared.filter((sql) => /\bLIKE\b/i.test(sql));
    expect(liked.length).toBeGreaterThanOrEqual(2);
    expect(liked.filter((sql) => /\bLIKE\s+[?@:$]/i.test(sql))).toEqual([]);
  });

  it("looks a person's and a staff member's cases up on their own indexes when the query also filters by status, group or time", async () => {
    const dataDir = await dirs.make();
    await (await openStore({ dataDir })).close();
    const raw = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const plan = (query: Parameters<typeof caseWhere>[0]): string => {
        const { sql, params } = caseWhere(query);
        const explain = `EXPLAIN QUERY PLAN SELECT doc FROM cases ${sql} ORDER BY created_at DESC, seq DESC LIMIT 50`;
        return (raw.prepare(explain).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
      };
      const person = { personId: 'teams:anna', personEmail: 'anna@au.dk' };
      // Every chat message asks for the person's cases awaiting them: never by walking all cases awaiting someone.
      for (const query of [
        { ...person, statuses: ['awaiting_user' as const] },
        { personId: 'teams:anna', statuses: ['awaiting_user' as const, 'resolved' as const] },
        { ...person, groupIds: ['arts-support'], ownerGroupIds: ['servicedesk'], statuses: ['registered' as const] },
        { ...person, categoryId: 'wifi-eduroam', type: 'incident' as const, createdFrom: '2026-01-01T00:00:00Z' },
      ]) {
        const p = plan(query);
        expect(p).toContain('cases_user');
        expect(p).toContain('cases_reporter');
        expect(p).not.toMatch(/cases_(status_created|group_status|owner_group|category|created)\b/);
      }
      // Without a person, the status index still serves a status.
      expect(plan({ statuses: ['awaiting_user'] })).toContain('cases_status_created');
      // The open major incidents (every intake step): on their own index by status, the category checked on those
      // few rows; never by walking all open cases or a whole category.
      for (const query of [
        // Every major incident (the reports): still on that index, never by walking all cases in creation order.
        { major: true as const },
        { major: true as const, statuses: ['registered' as const, 'in_progress' as const] },
        { major: true as const, statuses: ['in_progress' as const], categoryId: 'wifi-eduroam' },
      ]) {
        const p = plan(query);
        expect(p).toContain('USING INDEX cases_major (status=?)');
        expect(p).not.toMatch(/cases_(status_created|category|created)\b/);
      }
      // The linked reports awaiting their user (the SLA sweeper's start-up pass): on an index, never every case.
      expect(plan({ linked: true, statuses: ['awaiting_user'] })).toContain(
        'SEARCH cases USING INDEX cases_status_created (status=?)',
      );
      // Given ids: read by id, whatever else is filtered.
      const byIds = plan({ ids: ['c1', 'c2'], statuses: ['registered', 'in_progress'], categoryId: 'wifi-eduroam' });
      expect(byIds).toMatch(/sqlite_autoindex_cases_\d \(id=\?\)/);
      expect(byIds).not.toMatch(/cases_(status_created|category)\b/);
      // A staff member's open cases (`mine`): read by assignee or owner and status, not every case they ever had.
      const open = ['assigned' as const, 'in_progress' as const, 'resolved' as const];
      expect(plan({ assigneeId: 'teams:bo', statuses: open })).toContain(
        'cases_assignee_status (assignee_id=? AND status=?)',
      );
      expect(plan({ caseOwnerId: 'teams:bo', statuses: open })).toContain(
        'cases_case_owner (case_owner_id=? AND status=?)',
      );
      // The same person under another id, by e-mail: by id and by e-mail, each with the status.
      const asAssignee = { assigneeId: 'slack:UBO', assigneeEmail: 'Bo@au.dk' };
      const asOwner = { caseOwnerId: 'slack:UBO', caseOwnerEmail: 'Bo@au.dk' };
      for (const statuses of [open, ['in_progress' as const]]) {
        const assigned = plan({ ...asAssignee, statuses });
        expect(assigned).toContain('cases_assignee_status (assignee_id=? AND status=?)');
        expect(assigned).toContain('cases_assignee_email (assignee_email=? AND status=?)');
        const owned = plan({ ...asOwner, statuses });
        expect(owned).toContain('cases_case_owner (case_owner_id=? AND status=?)');
        expect(owned).toContain('cases_case_owner_email (case_owner_email=? AND status=?)');
        expect(plan({ assigneeEmail: 'bo@au.dk', statuses })).toContain(
          'cases_assignee_email (assignee_email=? AND status=?)',
        );
        expect(plan({ caseOwnerEmail: 'bo@au.dk', statuses })).toContain(
          'cases_case_owner_email (case_owner_email=? AND status=?)',
        );
        expect(plan({ ...asAssignee, ...asOwner, statuses })).toMatch(
          /cases_(assignee|case_owner)_email \(\w+=\? AND status=\?\)/,
        );
      }
    } finally {
      raw.close();
    }
  });

  it("reads only the open orders waiting for approval when the order sweeper asks, not the orders category's history", async () => {
    const dataDir = await dirs.make();
    const store = await openStore({ dataDir });
    // A filled store: years of orders, decided and closed, a few open ones decided, a few waiting for approval
    // (one of them resolved: an order closed before its approver answered), and other categories' cases.
    const order = (i: number, approval: string, status: Case['status']) =>
      store.createCase(
        buildNewCase({
          type: 'service_request',
          categoryId: 'purchase-equipment',
          status,
          answers: { approval },
          createdAt: `2025-01-01T08:${String(i % 60).padStart(2, '0')}:00.000Z`,
        }),
      );
    for (let i = 0; i < 120; i++) await order(i, i % 3 === 0 ? 'rejected' : 'approved', 'closed');
    for (let i = 0; i < 10; i++) await order(i, 'approved', 'awaiting_vendor');
    for (let i = 0; i < 20; i++) await store.createCase(buildNewCase({ status: i % 2 ? 'closed' : 'in_progress' }));
    const waiting = [await order(1, 'pending', 'registered'), await order(2, 'pending', 'in_progress')];
    await order(3, 'pending', 'resolved');
    const query = {
      categoryId: 'purchase-equipment',
      answer: { id: 'approval', value: 'pending' },
      statuses: [...OPEN_STATUSES],
      limit: 10_000,
    };
    let found: Case[] = [];
    const prepared = await preparedDuring(async () => {
      found = await store.findCases(query);
    });
    expect(found.map((c) => c.id).sort()).toEqual(waiting.map((c) => c.id).sort());
    const sql = prepared.find((q) => q.startsWith('SELECT doc FROM cases')) ?? '';
    expect(sql).not.toBe('');
    await store.close();
    const check = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const { params } = caseWhere(query);
      const plan = (check.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 10_000, 0) as { detail: string }[])
        .map((r) => r.detail)
        .join('; ');
      // On the partial index of the orders waiting for approval, by status: the decided orders (open or closed) and
      // the category's other cases are not in it, and of those in it only the open statuses are read.
      expect(plan).toContain('SEARCH cases USING INDEX cases_approval_pending (status=?)');
      expect(plan).not.toMatch(/cases_(category|status_created|created)\b/);
      expect(plan).not.toMatch(/\bSCAN cases\b/);
      const rows = (name: string) =>
        (
          check.prepare(`SELECT count(*) AS n FROM cases INDEXED BY ${name} WHERE ${APPROVAL_PENDING_SQL}`).get() as {
            n: number;
          }
        ).n;
      expect(rows('cases_approval_pending')).toBe(3);
    } finally {
      check.close();
    }
  });

  it('puts the major incidents of a database at schema 8 on their index when it is migrated', async () => {
    const dataDir = await dirs.make();
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    const raw = new Database(file);
    const agent = buildPerson('carl');
    const declared = (at: string) => ({
      summary: { da: 'Nedbrud', en: 'Outage' },
      declaredAt: at,
      declaredBy: agent,
      linkedCount: 0,
    });
    try {
      migrate(
        raw,
        MIGRATIONS.filter((m) => m.version <= 8),
      );
      expect(schemaVersion(raw)).toBe(8);
      // Rows as a schema-8 store wrote them: without `major_at`.
      const insert = raw.prepare(`INSERT INTO cases (id, number, type, status, group_id, owner_group_id,
          user_id, category_id, created_at, version, doc)
        VALUES (@id, @number, @type, @status, @group_id, @owner_group_id, @user_id, @category_id, @created_at,
          @version, @doc)`);
      const rows = [
        { id: 'plain', status: 'in_progress' as const },
        { id: 'open-major', status: 'in_progress' as const, major: declared('2025-01-03T09:00:00.000Z') },
        { id: 'closed-major', status: 'closed' as const, major: declared('2025-01-02T09:00:00.000Z') },
      ];
      rows.forEach((r, i) => {
        const createdAt = `2025-01-0${i + 1}T08:00:00.000Z`;
        const c: Case = {
          ...buildNewCase({ status: r.status, createdAt }),
          ...(r.major ? { major: r.major } : {}),
          createdAt,
          id: r.id,
          number: `INC-00000${i + 1}`,
          updatedAt: '2025-01-04T08:00:00.000Z',
          version: 1,
        };
        insert.run(caseParams(c, JSON.stringify(c)));
      });
      raw.prepare("INSERT INTO counters (name, value) VALUES ('incident', 3)").run();
    } finally {
      raw.close();
    }
    const store = await openStore({ dataDir });
    const open = ['registered', 'assigned', 'in_progress'] as const;
    expect((await store.findCases({ major: true, statuses: [...open] })).map((c) => c.id)).toEqual(['open-major']);
    expect((await store.findCases({ major: true })).map((c) => c.id)).toEqual(['closed-major', 'open-major']);
    // Declared on a case the upgrade found plain: on the index from its next write.
    const plain = (await store.getCase('plain'))!;
    await store.updateCase({ ...plain, major: declared('2025-01-05T09:00:00.000Z') }, plain.version);
    expect((await store.findCases({ major: true, statuses: [...open] })).map((c) => c.id)).toEqual([
      'open-major',
      'plain',
    ]);
    await store.close();
    const check = new Database(file, { readonly: true });
    try {
      expect(check.prepare('SELECT id, major_at FROM cases ORDER BY seq').all()).toEqual([
        { id: 'plain', major_at: '2025-01-05T09:00:00.000Z' },
        { id: 'open-major', major_at: '2025-01-03T09:00:00.000Z' },
        { id: 'closed-major', major_at: '2025-01-02T09:00:00.000Z' },
      ]);
    } finally {
      check.close();
    }
  });

  it('throws STORE.UNAVAILABLE naming the directory when the data directory cannot be created', async () => {
    const blocker = path.join(await dirs.make(), 'not-a-directory');
    await writeFile(blocker, 'plain file');
    const dataDir = path.join(blocker, 'data');
    const err = await initError(new SqliteCaseStore({ dataDir }));
    expect(err.code).toBe('STORE.UNAVAILABLE');
    expect(err.message).toContain(dataDir);
    expect(err.message).toMatch(/writable/);
  });

  it('throws STORE.CORRUPT naming the file when the database file holds garbage', async () => {
    const dataDir = await dirs.make();
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    await writeFile(file, Buffer.from('this is not a sqlite database, just some garbage bytes '.repeat(200)));
    const err = await initError(new SqliteCaseStore({ dataDir }));
    expect(err.code).toBe('STORE.CORRUPT');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/backup/);
  });

  it('throws STORE.CORRUPT when a valid database file was damaged in its pages', async () => {
    const file = path.join(await dirs.make(), 'damaged.sqlite');
    const store = await openStore({ file });
    for (let i = 0; i < 50; i += 1) await store.createCase(buildNewCase({ description: 'x'.repeat(2000) }));
    await store.close();
    const raw = new Database(file);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.pragma('journal_mode = DELETE');
    raw.close();

    const handle = await openFile(file, 'r+');
    try {
      await handle.write(Buffer.alloc(4096 * 8, 0xab), 0, 4096 * 8, 4096 * 2);
    } finally {
      await handle.close();
    }
    const err = await initError(new SqliteCaseStore({ file }));
    expect(err.code).toBe('STORE.CORRUPT');
    expect(err.message).toContain(file);
  });

  it('throws STORE.UNAVAILABLE when used before init and answers ping false after close', async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    expect(await store.ping()).toBe(false);
    await expect(store.getCase('x')).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE' });
    await store.init();
    expect(await store.ping()).toBe(true);
    await store.close();
    expect(await store.ping()).toBe(false);
  });
});

describe('buildFtsQuery', () => {
  it('quotes every word and joins them with OR when given free text', () => {
    expect(buildFtsQuery('Eduroam virker ikke')).toBe('"eduroam"* OR "virker"* OR "ikke"*');
  });

  it('drops FTS operators and punctuation when the text contains them', () => {
    expect(buildFtsQuery('"eduroam" OR * NEAR(a b)')).toBe('"eduroam"* OR "or" OR "near"* OR "a" OR "b"');
    expect(buildFtsQuery('{"$gt": ""}')).toBe('"gt"');
  });

  it('keeps Danish letters inside words when the text has æ, ø or å', () => {
    expect(buildFtsQuery('Højttaler på første sal')).toBe('"højttaler"* OR "på" OR "første"* OR "sal"*');
  });

  it('returns null when the text has no words', () => {
    expect(buildFtsQuery('')).toBeNull();
    expect(buildFtsQuery(' *** "" () ')).toBeNull();
  });
});

describe('SqliteCaseStore clock', () => {
  it('stamps the times it writes itself with the clock it is given, not the wall clock', async () => {
    let now = new Date('2031-05-05T08:00:00.000Z');
    const store = new SqliteCaseStore({ file: ':memory:', now: () => now });
    await store.init();
    try {
      const { createdAt: _omit, ...draft } = buildNewCase();
      const created = await store.createCase(draft as typeof draft & { createdAt?: string });
      expect(created.createdAt).toBe('2031-05-05T08:00:00.000Z');
      now = new Date('2031-05-05T09:30:00.000Z');
      const updated = await store.updateCase({ ...created, title: 'Edited' }, created.version, [
        { key: 'k1', kind: 'notify_user', caseId: created.id, payload: {} },
      ]);
      expect(updated.updatedAt).toBe('2031-05-05T09:30:00.000Z');
      const [row] = await store.listOutbox({ caseId: created.id });
      expect(row?.createdAt).toBe('2031-05-05T09:30:00.000Z');
      // Due at the store's now: a dispatcher on the same clock takes it at once, not when the wall clock says.
      expect(row?.nextAttemptAt).toBe('2031-05-05T09:30:00.000Z');
    } finally {
      await store.close();
    }
  });
});

describe('SqliteCaseStore when the database cannot be used', () => {
  it("meets another connection's short commit by retrying at once, in fine steps, not by SQLite's millisecond sleeps", async () => {
    const dataDir = await dirs.make();
    const store = new SqliteCaseStore({ dataDir, checkpointIntervalMs: 0 });
    await store.init();
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    // Another thread's connection takes the write lock and commits 5 ms later, as the delivery worker does (briefer).
    const other = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require(workerData.driver);
       const db = new Database(workerData.file);
       db.exec('BEGIN IMMEDIATE');
       db.prepare("INSERT INTO counters (name, value) VALUES ('held', 1)").run();
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
       db.exec('COMMIT');
       db.close();`,
      { eval: true, workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') } },
    );
    try {
      // The store's own connection leaves the waiting to the store's calls.
      const db = (store as unknown as { database: Database.Database }).database;
      expect(db.pragma('busy_timeout', { simple: true })).toBe(0);
      await new Promise((resolve) => other.once('message', resolve));
      const order: string[] = [];
      setImmediate(() => order.push('event loop'));
      const created = await store.createCase(buildNewCase());
      order.push('written');
      // The write waited for the commit with its thread blocked (a lock that short is not worth a timer), and went in.
      expect(order).toEqual(['written']);
      expect(created.number).toBe('INC-000001');
      await new Promise((resolve) => setImmediate(resolve));
      expect(order).toEqual(['written', 'event loop']);
    } finally {
      await other.terminate();
      await store.close();
    }
  });

  it('waits for a write lock held by another connection with the thread free, and writes once it is released', async () => {
    const dataDir = await dirs.make();
    const store = new SqliteCaseStore({ dataDir, checkpointIntervalMs: 0, busyPatienceMs: 20_000 });
    await store.init();
    const other = new Database(path.join(dataDir, SQLITE_FILE_NAME));
    try {
      const existing = await store.createCase(buildNewCase());
      other.exec('BEGIN IMMEDIATE');
      let outcome = 'pending';
      const write = store.createCase(buildNewCase()).then(
        (c) => {
          outcome = 'written';
          return c;
        },
        (e: unknown) => {
          outcome = 'failed';
          throw e;
        },
      );
      // Timers run and reads are answered while the write waits (SQLite's own blocking wait is BUSY_WAIT_MS).
      await new Promise((r) => setTimeout(r, 300));
      expect((await store.getCase(existing.id))?.number).toBe('INC-000001');
      expect(outcome).toBe('pending');
      other.exec('ROLLBACK');
      expect((await write).number).toBe('INC-000002');
      expect(outcome).toBe('written');
    } finally {
      other.close();
      await store.close();
    }
  });

  it("throws STORE.UNAVAILABLE (the SQLite error kept as cause) when another connection holds the write lock past the store's patience, and reads go on", async () => {
    const dataDir = await dirs.make();
    const store = new SqliteCaseStore({ dataDir, checkpointIntervalMs: 0, busyPatienceMs: 300 });
    await store.init();
    const other = new Database(path.join(dataDir, SQLITE_FILE_NAME));
    try {
      const existing = await store.createCase(buildNewCase());
      other.exec('BEGIN IMMEDIATE');
      const err = await store.createCase(buildNewCase()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('STORE.UNAVAILABLE');
      expect((err as AppError).message).toMatch(/SQLite store is not answering: SQLITE_BUSY/);
      expect(((err as AppError).cause as { code?: string }).code).toBe('SQLITE_BUSY');
      // WAL readers are not blocked by a writer: the case is still there.
      expect((await store.getCase(existing.id))?.number).toBe(existing.number);
      other.exec('ROLLBACK');
      // Nothing half-written: the next case takes the next number.
      expect((await store.createCase(buildNewCase())).number).toBe('INC-000002');
    } finally {
      other.close();
      await store.close();
    }
  });

  it('waits for the write lock and then throws STORE.UNAVAILABLE for file writes as for other writes', async () => {
    const dataDir = await dirs.make();
    const store = new SqliteCaseStore({ dataDir, checkpointIntervalMs: 0, busyPatienceMs: 300 });
    await store.init();
    const other = new Database(path.join(dataDir, SQLITE_FILE_NAME));
    const by = { id: 'teams:anna', name: 'Anna' };
    const f = { id: 'f1', name: 'a.png', contentType: 'image/png', size: 1, at: 'x', by, data: Buffer.from([0]) };
    try {
      await store.saveFile({ ...f, id: 'f0' });
      other.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      // All three wait at once (each with its own patience), so each has its outcome caught from the start.
      const outcomes = await Promise.all(
        [store.saveFile(f), store.linkFiles(['f0'], 'case-a'), store.deleteFiles({ by: { id: 'teams:anna' } })].map(
          (write) =>
            write.then(
              () => undefined,
              (e: unknown) => e,
            ),
        ),
      );
      for (const err of outcomes) {
        expect((err as AppError).code).toBe('STORE.UNAVAILABLE');
        expect(((err as AppError).cause as { code?: string }).code).toBe('SQLITE_BUSY');
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      // Reads go on meanwhile.
      expect((await store.getFile('f0'))?.caseId).toBeUndefined();
      other.exec('ROLLBACK');
      await store.saveFile(f);
      await store.linkFiles(['f0'], 'case-a');
      expect((await store.getFile('f0'))?.caseId).toBe('case-a');
      expect(await store.deleteFiles({ by: { id: 'teams:anna' } })).toBe(2);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('throws STORE.UNAVAILABLE when the database is full (SQLITE_FULL), and writes again once there is room', async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    try {
      // No room to grow: SQLite's own page limit on this connection stands in for a full disk.
      const db = (store as unknown as { database: Database.Database }).database;
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      const big = buildNewCase({ description: 'x'.repeat(200_000) });
      const err = await store.createCase(big).catch((e: unknown) => e);
      expect((err as AppError).code).toBe('STORE.UNAVAILABLE');
      expect(((err as AppError).cause as { code?: string }).code).toBe('SQLITE_FULL');
      expect(await store.countCases({})).toBe(0);
      db.pragma(`max_page_count = ${pages * 1000}`);
      expect((await store.createCase(big)).number).toBe('INC-000001');
    } finally {
      await store.close();
    }
  });

  it('throws STORE.UNAVAILABLE when called after the store was closed, and leaves other errors as they are', async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    const created = await store.createCase(buildNewCase());
    // A stale version is a conflict, not an outage.
    const conflict = await store.updateCase({ ...created, title: 'x' }, created.version + 5).catch((e: unknown) => e);
    expect((conflict as AppError).code).toBe('CASE.CONFLICT');
    await store.close();
    const closed = await store.getCase(created.id).catch((e: unknown) => e);
    expect((closed as AppError).code).toBe('STORE.UNAVAILABLE');
  });
});
