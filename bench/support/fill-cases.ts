import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Case, NewCase } from '../../src/models/case.js';
import { formatCaseNumber } from '../../src/models/case.js';
import { caseSearchFields } from '../../src/models/case-search.js';
import { caseFtsText, INSERT_CASE_SEARCH_SQL } from '../../src/models/sqlite/case-search-index.js';
import { caseParams, INSERT_CASE_SQL } from '../../src/models/sqlite/sqlite-case-store.js';

/**
 * Set-up only: writes `count` cases straight into an SQLite file that `SqliteCaseStore.init()` has already
 * migrated, in ONE transaction through the store's schema (JSON document + the indexed columns it derives + the
 * case's row in the `cases_search` index, as `createCase` writes them), and moves the case counter on. `make(i)`
 * builds the i-th draft (with its `nextTimerAt` already stamped). Closing the connection leaves the file ready for
 * the store, which must not have cached a case read yet.
 */
export function fillCases(file: string, count: number, make: (i: number) => NewCase): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const insert = db.prepare(INSERT_CASE_SQL);
    const insertSearch = db.prepare(INSERT_CASE_SEARCH_SQL);
    const counter = db.prepare(
      `INSERT INTO counters (name, value) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET value = value + excluded.value`,
    );
    db.transaction(() => {
      const perType = new Map<string, number>();
      for (let i = 0; i < count; i++) {
        const draft = make(i);
        const n = (perType.get(draft.type) ?? 0) + 1;
        perType.set(draft.type, n);
        const createdAt = draft.createdAt ?? new Date().toISOString();
        const c: Case = {
          ...draft,
          id: randomUUID(),
          number: formatCaseNumber(draft.type, n),
          createdAt,
          updatedAt: createdAt,
          version: 1,
        };
        const search = caseSearchFields(c);
        const { lastInsertRowid } = insert.run(caseParams(c, JSON.stringify(c), search, true));
        insertSearch.run(lastInsertRowid, caseFtsText(search.text));
      }
      for (const [type, n] of perType) counter.run(type, n);
    }).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
