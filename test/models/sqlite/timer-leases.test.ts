import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { formatCaseNumber } from '../../../src/models/case.js';
import { MIGRATIONS, migrate, schemaVersion } from '../../../src/models/sqlite/migrations.js';
import { caseParams } from '../../../src/models/sqlite/sqlite-case-store.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { tempDirs } from '../../helpers/temp-dir.js';
import { fileStores } from '../../helpers/sqlite-stores.js';

const dirs = tempDirs('sqlite-leases-');
afterAll(() => dirs.cleanup());

const at = (hhmmss: string): string => `2025-03-03T${hhmmss}.000Z`;
const numbers = (cases: Case[]) => cases.map((c) => c.number).sort();

interface LeaseRow {
  case_seq: number;
  owner: string;
  until: string;
}

/** The lease rows as a second connection sees them (committed state only). */
function leases(file: string): LeaseRow[] {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.prepare('SELECT case_seq, owner, until FROM timer_leases ORDER BY case_seq').all() as LeaseRow[];
  } finally {
    raw.close();
  }
}

describe('SqliteCaseStore timer leases', () => {
  const openStore = fileStores();
  const newFile = async () => path.join(await dirs.make(), 'store.sqlite');

  it('keeps one lease row per claimed case with owner and expiry and leaves the case rows alone when claimed', async () => {
    const file = await newFile();
    const store = await openStore(file);
    const a = await store.createCase(buildNewCase({ nextTimerAt: at('10:00:00') }));
    const b = await store.createCase(buildNewCase({ nextTimerAt: at('10:05:00') }));

    const got = await store.claimDueTimers(at('11:00:00'), 'sweeper-a', 60_000, 10);

    expect(got).toEqual([a, b]);
    expect(leases(file)).toEqual([
      { case_seq: 1, owner: 'sweeper-a', until: at('11:01:00') },
      { case_seq: 2, owner: 'sweeper-a', until: at('11:01:00') },
    ]);
    expect(await store.getCase(a.id)).toEqual(a);
  });

  it('never leases a case to two store instances on the same file while the lease holds', async () => {
    const file = await newFile();
    const first = await openStore(file);
    const second = await openStore(file);
    const due = await first.createCase(buildNewCase({ nextTimerAt: at('10:00:00') }));

    expect(numbers(await first.claimDueTimers(at('11:00:00'), 'sweeper-a', 60_000, 10))).toEqual([due.number]);
    expect(await second.claimDueTimers(at('11:00:59'), 'sweeper-b', 60_000, 10)).toEqual([]);
    expect(await first.claimDueTimers(at('11:00:59'), 'sweeper-a', 60_000, 10)).toEqual([]);
    expect(numbers(await second.claimDueTimers(at('11:01:00'), 'sweeper-b', 60_000, 10))).toEqual([due.number]);
    expect(leases(file)).toEqual([{ case_seq: 1, owner: 'sweeper-b', until: at('11:02:00') }]);
  });

  it('releases only the writing owner’s lease when a batch write carries releaseTimerOwner', async () => {
    const file = await newFile();
    const store = await openStore(file);
    const mine = await store.createCase(buildNewCase({ nextTimerAt: at('10:00:00') }));
    const other = await store.createCase(buildNewCase({ nextTimerAt: at('10:05:00') }));
    await store.claimDueTimers(at('11:00:00'), 'sweeper-a', 60_000, 10);

    const results = await store.updateCases([
      { next: { ...mine, title: 'handled' }, expectedVersion: mine.version, releaseTimerOwner: 'sweeper-a' },
      { next: { ...other, title: 'not mine' }, expectedVersion: other.version, releaseTimerOwner: 'sweeper-b' },
    ]);

    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(leases(file).map((l) => l.case_seq)).toEqual([2]);
    const next = await store.claimDueTimers(at('11:00:30'), 'sweeper-b', 60_000, 10);
    expect(numbers(next)).toEqual([mine.number]);
  });

  it('keeps the lease when the batch write of the case conflicts', async () => {
    const file = await newFile();
    const store = await openStore(file);
    const due = await store.createCase(buildNewCase({ nextTimerAt: at('10:00:00') }));
    await store.claimDueTimers(at('11:00:00'), 'sweeper-a', 60_000, 10);
    await store.updateCase({ ...due, title: 'changed by a person' }, due.version);

    const [result] = await store.updateCases([
      { next: { ...due, title: 'sweeper' }, expectedVersion: due.version, releaseTimerOwner: 'sweeper-a' },
    ]);

    expect(result).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
    expect(leases(file)).toEqual([{ case_seq: 1, owner: 'sweeper-a', until: at('11:01:00') }]);
  });

  it('keeps the lease when a person’s update moves the timer, and drops expired leases at the next claim', async () => {
    const file = await newFile();
    const store = await openStore(file);
    const due = await store.createCase(buildNewCase({ nextTimerAt: at('10:00:00') }));
    await store.claimDueTimers(at('11:00:00'), 'sweeper-a', 60_000, 10);
    await store.updateCase({ ...due, nextTimerAt: at('10:30:00') }, due.version);

    expect(await store.claimDueTimers(at('11:00:30'), 'sweeper-b', 60_000, 10)).toEqual([]);
    await store.updateCase({ ...(await store.getCase(due.id))!, nextTimerAt: at('15:00:00') }, due.version + 1);
    expect(await store.claimDueTimers(at('11:05:00'), 'sweeper-b', 60_000, 10)).toEqual([]);
    expect(leases(file)).toEqual([]);
  });

  it('moves a version 2 file to the lease table without losing a case and frees the leases it held', async () => {
    const file = await newFile();
    const raw = new Database(file);
    const created = at('09:00:00');
    const c: Case = {
      ...buildNewCase({ nextTimerAt: at('10:00:00') }),
      id: randomUUID(),
      number: formatCaseNumber('incident', 1),
      createdAt: created,
      updatedAt: created,
      version: 1,
    };
    try {
      migrate(
        raw,
        MIGRATIONS.filter((m) => m.version <= 2),
      );
      raw
        .prepare(
          `INSERT INTO cases (id, number, type, status, group_id, owner_group_id, assignee_id, user_id, reporter_id,
             case_owner_id, parent_id, category_id, created_at, next_timer_at, version, doc,
             timer_lease_owner, timer_lease_until)
           VALUES (@id, @number, @type, @status, @group_id, @owner_group_id, @assignee_id, @user_id, @reporter_id,
             @case_owner_id, @parent_id, @category_id, @created_at, @next_timer_at, @version, @doc,
             'old-sweeper', '2999-01-01T00:00:00.000Z')`,
        )
        .run(caseParams(c, JSON.stringify(c)));
      raw.prepare("INSERT INTO counters (name, value) VALUES ('incident', 1)").run();
    } finally {
      raw.close();
    }

    const store = await openStore(file);

    expect(await store.getCase(c.id)).toEqual(c);
    const check = new Database(file, { readonly: true });
    try {
      expect(schemaVersion(check)).toBe(MIGRATIONS.at(-1)!.version);
      const columns = (check.prepare('PRAGMA table_info(cases)').all() as { name: string }[]).map((r) => r.name);
      expect(columns).not.toContain('timer_lease_owner');
      expect(columns).not.toContain('timer_lease_until');
    } finally {
      check.close();
    }
    expect(numbers(await store.claimDueTimers(at('11:00:00'), 'sweeper-a', 60_000, 10))).toEqual([c.number]);
    expect((await store.createCase(buildNewCase())).number).toBe('INC-000002');
  });
});
