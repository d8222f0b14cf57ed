import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Case, NewCase, PersonRef } from '../src/models/case.js';
import { formatCaseNumber } from '../src/models/case.js';
import type { CaseStore } from '../src/models/case-store.js';
import { MongoCaseStore } from '../src/models/mongo/mongo-case-store.js';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import type { BenchRow } from './run.js';
import { benchCase, benchCatalogue } from './support/new-case.js';

const N = Number(process.env.BENCH_STORE_OPS ?? 5000);
const CREATE_TARGET = 2000;
const STAFF: PersonRef = { id: 'teams:29:jonas', name: 'Jonas Vestergaard', email: 'jonas.vestergaard@au.dk' };

/** Operations per second of `n` sequential awaited calls of `op(i)`. */
async function opsPerSecond(n: number, op: (i: number) => unknown): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) await op(i);
  return n / ((performance.now() - t) / 1000);
}

function claimed(c: Case, at: string): Case {
  return {
    ...c,
    assignee: STAFF,
    status: 'assigned',
    firstResponseAt: at,
    history: [...c.history, { at, actor: STAFF, action: 'claim', from: c.status, to: 'assigned', detail: STAFF.name }],
  };
}

/** One store through create → claim → versioned update (a note), `N` cases each, awaited one at a time. */
async function throughput(store: CaseStore, drafts: NewCase[]): Promise<[number, number, number]> {
  const ids: string[] = [];
  const create = await opsPerSecond(drafts.length, async (i) => {
    const c = await store.createCase(drafts[i] as NewCase, [
      { key: `bench:${i}:card`, kind: 'post_card', payload: { kind: 'post_card', caseId: '' } },
    ]);
    ids.push(c.id);
  });
  const at = new Date().toISOString();
  const claim = await opsPerSecond(ids.length, async (i) => {
    const r = await store.claimCase(
      ids[i] as string,
      STAFF,
      (c) => claimed(c, at),
      (c) => [{ key: `bench:${c.id}:claim`, kind: 'update_cards', payload: { kind: 'update_cards', caseId: c.id } }],
    );
    if (!r.ok) throw new Error('claim refused');
  });
  const update = await opsPerSecond(ids.length, async (i) => {
    const c = (await store.getCase(ids[i] as string)) as Case;
    const note = {
      id: randomUUID(),
      at,
      author: STAFF,
      text: 'Checked the access point.',
      visibility: 'internal' as const,
    };
    await store.updateCase({ ...c, notes: [...c.notes, note] }, c.version, [
      { key: `bench:${c.id}:v${c.version + 1}`, kind: 'update_cards', payload: { kind: 'update_cards', caseId: c.id } },
    ]);
  });
  return [create, claim, update];
}

/**
 * The same three writes with raw better-sqlite3 on the store's schema: one transaction each with the JSON
 * document, the indexed columns and an outbox row; claim reads, parses, checks the assignee and writes back;
 * update reads and writes with a version check. No port, no AppError, no defensive copies.
 */
function rawSqlite(file: string, drafts: NewCase[]): [number, number, number] {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const counter = db.prepare(
    `INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const insert = db.prepare(
    `INSERT INTO cases (id, number, type, status, group_id, owner_group_id, assignee_id, user_id, reporter_id,
       user_email, reporter_email, case_owner_id, parent_id, category_id, created_at, next_timer_at, version, doc)
     VALUES (?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?, NULL, NULL, NULL, ?, ?, ?, 1, ?)`,
  );
  const outbox = db.prepare(
    `INSERT INTO outbox (id, key, kind, case_id, payload, state, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (key) DO NOTHING`,
  );
  const read = db.prepare('SELECT doc FROM cases WHERE id = ?');
  const claimStmt = db.prepare(
    'UPDATE cases SET assignee_id = ?, status = ?, version = ?, doc = ? WHERE id = ? AND version = ?',
  );
  const updateStmt = db.prepare('UPDATE cases SET version = ?, doc = ? WHERE id = ? AND version = ?');
  const ids: string[] = [];
  const now = () => new Date().toISOString();
  const timed = (n: number, op: (i: number) => void) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) op(i);
    return n / ((performance.now() - t) / 1000);
  };
  const create = timed(drafts.length, (i) =>
    db
      .transaction(() => {
        const d = drafts[i] as NewCase;
        const n = (counter.get(d.type) as { value: number }).value;
        const at = now();
        const c = { ...d, id: randomUUID(), number: formatCaseNumber(d.type, n), updatedAt: at, version: 1 } as Case;
        insert.run(
          c.id,
          c.number,
          c.type,
          c.status,
          c.groupId,
          c.ownerGroupId,
          c.user.id,
          c.user.email?.trim().toLowerCase() || null,
          c.categoryId,
          c.createdAt,
          c.nextTimerAt ?? null,
          JSON.stringify(c),
        );
        outbox.run(randomUUID(), `raw:${i}:card`, 'post_card', c.id, '{"kind":"post_card"}', at, at);
        ids.push(c.id);
      })
      .immediate(),
  );
  const at = now();
  const claim = timed(ids.length, (i) =>
    db
      .transaction(() => {
        const c = JSON.parse((read.get(ids[i]) as { doc: string }).doc) as Case;
        if (c.assignee) throw new Error('claimed already');
        const next = { ...claimed(c, at), version: c.version + 1, updatedAt: now() };
        claimStmt.run(STAFF.id, next.status, next.version, JSON.stringify(next), c.id, c.version);
        outbox.run(randomUUID(), `raw:${c.id}:claim`, 'update_cards', c.id, '{"kind":"update_cards"}', at, at);
      })
      .immediate(),
  );
  const update = timed(ids.length, (i) =>
    db
      .transaction(() => {
        const c = JSON.parse((read.get(ids[i]) as { doc: string }).doc) as Case;
        const note = { id: randomUUID(), at, author: STAFF, text: 'Checked the access point.', visibility: 'internal' };
        const next = { ...c, notes: [...c.notes, note], version: c.version + 1, updatedAt: now() };
        if (updateStmt.run(next.version, JSON.stringify(next), c.id, c.version).changes !== 1) throw new Error('moved');
        outbox.run(
          randomUUID(),
          `raw:${c.id}:v${next.version}`,
          'update_cards',
          c.id,
          '{"kind":"update_cards"}',
          at,
          at,
        );
      })
      .immediate(),
  );
  db.close();
  return [create, claim, update];
}

function rows(kind: string, ours: number[], raw: number[] | null, driver: string): BenchRow[] {
  const names = ['create', 'claim', 'versioned update'];
  return names.map((op, i) => ({
    name: `store ${kind}: ${op} (vs ${driver})`,
    value: ours[i] ?? 0,
    unit: 'ops/s',
    ...(raw ? { baseline: raw[i] ?? 0 } : {}),
    ...(op === 'create' ? { target: `>= ${CREATE_TARGET} /s`, pass: (ours[i] ?? 0) >= CREATE_TARGET } : {}),
  }));
}

/**
 * Store throughput, one awaited operation at a time (as one request does it): create (case + receipt outbox row),
 * claim (atomic, outbox), versioned update (a note, outbox). SQLite against raw better-sqlite3 doing the same
 * writes on the same schema in fresh files; MongoDB (MONGODB_URI) through the adapter only.
 */
export async function run(): Promise<BenchRow[]> {
  const { catalogue, calendar } = benchCatalogue();
  const at = new Date().toISOString();
  const drafts = Array.from({ length: N }, (_, i) => benchCase(i, at, catalogue, calendar));
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-store-'));
  const out: BenchRow[] = [];
  try {
    const rawFile = path.join(dir, 'raw.sqlite');
    const schema = new SqliteCaseStore({ file: rawFile });
    await schema.init();
    await schema.close();
    const raw = rawSqlite(rawFile, drafts);
    const store = new SqliteCaseStore({ file: path.join(dir, 'store.sqlite') });
    await store.init();
    const ours = await throughput(store, drafts);
    await store.close();
    out.push(...rows('SQLite', ours, raw, 'raw better-sqlite3'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    out.push({ name: 'store MongoDB: create, claim, versioned update', value: 0, unit: '', skipped: 'no MONGODB_URI' });
    return out;
  }
  const mongo = new MongoCaseStore({ uri });
  await mongo.init();
  try {
    out.push(...rows('MongoDB', await throughput(mongo, drafts.slice(0, Math.min(N, 2000))), null, 'adapter only'));
  } finally {
    await mongo.close();
  }
  return out;
}
