import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import type { BenchRow } from './run.js';
import { timeRuns } from './support/load.js';

/** Delivered rows kept: 30 days (the default retention) of a desk sending ~5 000 messages a day. */
const ROWS = Number(process.env.BENCH_OUTBOX_ROWS ?? 150_000);
/** One row in this many is still pending, one in 30 000 dead. */
const PENDING_EVERY = 3_000;
/** Messages per case (cards, thread replies, personal messages over its life). */
const PER_CASE = 10;
const RUNS = 20;

/**
 * The outbox keeps its delivered rows — cards of several KB included — for the retention period, so its table
 * grows with a desk's traffic while the work it holds stays small. Timed on SQLite with `ROWS` kept rows: what a
 * `/metrics` scrape asks (`outboxStats`, three times a scrape), the pending messages a major incident's fan-out
 * paces after, and one case's messages (read per linked case when a major incident is resolved). No target in
 * issue 10; each must stay far from reading the whole table.
 */
export async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-outbox-'));
  const file = path.join(dir, 'outbox.sqlite');
  try {
    const schema = new SqliteCaseStore({ file });
    await schema.init();
    await schema.close();
    const t = performance.now();
    fill(file);
    const rows: BenchRow[] = [
      { name: `outbox: fill ${ROWS} kept rows (1 transaction, set-up)`, value: performance.now() - t, unit: 'ms' },
    ];
    const store = new SqliteCaseStore({ file });
    await store.init();
    try {
      const label = (what: string) => `outbox (${ROWS} delivered rows kept): ${what}`;
      const series: [string, () => Promise<unknown>][] = [
        ['counts for /metrics (outboxStats)', () => store.outboxStats()],
        [
          `pending messages (${Math.ceil(ROWS / PENDING_EVERY)}), as a fan-out paces`,
          () => store.listOutbox({ state: 'pending', limit: 10_000 }),
        ],
        [`one case's messages (${PER_CASE})`, () => store.listOutbox({ caseId: 'case-777', limit: 10_000 })],
      ];
      for (const [what, call] of series) {
        const { median } = await timeRuns(call, RUNS, 1);
        rows.push({ name: label(`${what}, median of ${RUNS}`), value: median, unit: 'ms' });
      }
      return rows;
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Set-up only: `ROWS` outbox rows with ~2 KB payloads (a message; cards are larger), through SQL into the file. */
function fill(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const insert = db.prepare(
      `INSERT INTO outbox (id, key, kind, case_id, payload, state, next_attempt_at, created_at, sent_at)
       VALUES (?, ?, 'teams.card', ?, ?, ?, ?, ?, ?)`,
    );
    const payload = JSON.stringify({ card: { type: 'AdaptiveCard', body: 'x'.repeat(2_000) } });
    const start = Date.now() - ROWS * 17_000;
    db.transaction(() => {
      for (let i = 0; i < ROWS; i++) {
        const state = i % PENDING_EVERY === 0 ? 'pending' : i % 30_000 === 1 ? 'dead' : 'sent';
        const at = new Date(start + i * 17_000).toISOString();
        const caseId = `case-${Math.floor(i / PER_CASE)}`;
        insert.run(`msg-${i}`, `key-${i}`, caseId, payload, state, at, at, state === 'sent' ? at : null);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
