import type { Database } from 'better-sqlite3';
import { type Case, normEmail } from '../case.js';
import { caseSearchFields } from '../case-search.js';
import { assigneeWords, caseFtsText, INSERT_CASE_SEARCH_SQL, searchHash } from './case-search-index.js';

/**
 * One numbered schema step. Versions only grow; a released migration is never edited, a new one is added. `up`
 * runs after `sql`, in the same transaction, for a step SQL alone cannot do (filling a column from the documents
 * with the application's own rules).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  up?: (db: Database) => void;
}

/** Cases read per page by a migration that walks every case document. */
const BACKFILL_PAGE = 500;

/**
 * Fills `cases_search`, `search_hash` and `assignee_words` from the stored documents, as a case write does, page by
 * page in `seq` order.
 */
function backfillCaseSearch(db: Database): void {
  const page = db.prepare('SELECT seq, doc FROM cases WHERE seq > ? ORDER BY seq LIMIT +?');
  const insert = db.prepare(INSERT_CASE_SEARCH_SQL);
  const setColumns = db.prepare('UPDATE cases SET search_hash = ?, assignee_words = ? WHERE seq = ?');
  for (let after = 0; ; ) {
    const rows = page.all(after, BACKFILL_PAGE) as { seq: number; doc: string }[];
    for (const { seq, doc } of rows) {
      const { text, assignee } = caseSearchFields(JSON.parse(doc) as Case);
      insert.run(seq, caseFtsText(text));
      setColumns.run(searchHash(text), assigneeWords(assignee), seq);
      after = seq;
    }
    if (rows.length < BACKFILL_PAGE) return;
  }
}

/**
 * The condition of the partial index `cases_approval_pending` (migration 13): an equipment order whose approval
 * answer is the text `pending`. `caseWhere` writes exactly this term for `CaseQuery.answer` approval = pending, as
 * SQLite uses a partial index only for a query that repeats its condition. Part of a released migration: never edit.
 */
export const APPROVAL_PENDING_SQL = `json_extract(doc, '$.answers."approval"') = 'pending'`;

/**
 * The schema of the embedded store. Cases are kept as a JSON document (`doc`) next to the columns that queries
 * filter and sort on; the columns are derived from the document on every write. All times are ISO-8601 UTC text,
 * so they compare as strings.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );

      CREATE TABLE cases (
        seq               INTEGER PRIMARY KEY AUTOINCREMENT,
        id                TEXT NOT NULL UNIQUE,
        number            TEXT NOT NULL UNIQUE,
        type              TEXT NOT NULL,
        status            TEXT NOT NULL,
        group_id          TEXT NOT NULL,
        owner_group_id    TEXT NOT NULL,
        assignee_id       TEXT,
        user_id           TEXT NOT NULL,
        reporter_id       TEXT,
        case_owner_id     TEXT,
        parent_id         TEXT,
        category_id       TEXT NOT NULL,
        created_at        TEXT NOT NULL,
        next_timer_at     TEXT,
        timer_lease_owner TEXT,
        timer_lease_until TEXT,
        version           INTEGER NOT NULL,
        doc               TEXT NOT NULL
      );
      CREATE INDEX cases_status_created ON cases (status, created_at);
      CREATE INDEX cases_group_status ON cases (group_id, status);
      CREATE INDEX cases_owner_group ON cases (owner_group_id, status);
      CREATE INDEX cases_assignee ON cases (assignee_id);
      CREATE INDEX cases_user ON cases (user_id);
      CREATE INDEX cases_reporter ON cases (reporter_id);
      CREATE INDEX cases_case_owner ON cases (case_owner_id);
      CREATE INDEX cases_parent ON cases (parent_id);
      CREATE INDEX cases_category ON cases (category_id);
      CREATE INDEX cases_created ON cases (created_at);
      CREATE INDEX cases_next_timer ON cases (next_timer_at) WHERE next_timer_at IS NOT NULL;

      CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        id              TEXT NOT NULL UNIQUE,
        key             TEXT NOT NULL UNIQUE,
        kind            TEXT NOT NULL,
        case_id         TEXT,
        payload         TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        lease_owner     TEXT,
        lease_until     TEXT,
        last_error      TEXT,
        created_at      TEXT NOT NULL,
        sent_at         TEXT,
        result          TEXT
      );
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
      CREATE INDEX outbox_case ON outbox (case_id);

      CREATE TABLE conversations (
        key        TEXT PRIMARY KEY,
        state      TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX conversations_expires ON conversations (expires_at);

      CREATE TABLE processed_events (
        event_id   TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX processed_events_expires ON processed_events (expires_at);

      CREATE TABLE refs (
        kind       TEXT NOT NULL,
        key        TEXT NOT NULL,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kind, key)
      );

      CREATE TABLE articles (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        id          TEXT NOT NULL UNIQUE,
        locale      TEXT NOT NULL,
        category_id TEXT,
        created_at  TEXT NOT NULL,
        doc         TEXT NOT NULL
      );

      -- Full-text index of the articles, rowid = articles.seq. unicode61 without diacritic folding keeps the
      -- Danish letters æ, ø and å as letters of their own (case-folded), so "år" and "ar" stay different words.
      CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, body, keywords,
        tokenize = 'unicode61 remove_diacritics 0'
      );
    `,
  },
  {
    version: 2,
    name: 'partial indexes on person and parent columns',
    // A new case has no assignee, case owner or parent, and mostly no reporter: as full indexes these four got a
    // NULL entry on every insert (one more B-tree page written per index and commit). As partial indexes they
    // only hold rows that have a value; `column = ?` implies NOT NULL, so every query that filters on them
    // (mine, assigned to me, owned by me, linked reports) still uses them.
    sql: `
      DROP INDEX cases_assignee;
      DROP INDEX cases_reporter;
      DROP INDEX cases_case_owner;
      DROP INDEX cases_parent;
      CREATE INDEX cases_assignee ON cases (assignee_id) WHERE assignee_id IS NOT NULL;
      CREATE INDEX cases_reporter ON cases (reporter_id) WHERE reporter_id IS NOT NULL;
      CREATE INDEX cases_case_owner ON cases (case_owner_id) WHERE case_owner_id IS NOT NULL;
      CREATE INDEX cases_parent ON cases (parent_id) WHERE parent_id IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'timer leases in their own table',
    // A sweeper's lease on a case's timer used to be two columns of the case row: leasing a batch of 100 due cases
    // rewrote 100 scattered case pages in a commit of its own (about 100 of a sweep's ~330 WAL pages), which the
    // sweep's case writes then rewrote again to clear the lease. In a table of their own the leases of a batch fill
    // a few dense pages. `case_seq` is `cases.seq`, which AUTOINCREMENT never reuses. Leases live a minute at
    // most, so the ones held at the upgrade are simply dropped (their cases become due for the next sweep).
    sql: `
      CREATE TABLE timer_leases (
        case_seq INTEGER PRIMARY KEY,
        owner    TEXT NOT NULL,
        until    TEXT NOT NULL
      );
      ALTER TABLE cases DROP COLUMN timer_lease_owner;
      ALTER TABLE cases DROP COLUMN timer_lease_until;
    `,
  },
  {
    version: 4,
    name: 'attachment files',
    // The bytes of the pictures and files people send, apart from the case documents (which keep only their
    // description), so reading or writing a case never carries megabytes along. `case_id` is NULL while the file
    // belongs to a report draft that is not registered yet. `by_email` is stored lower case, so erasing a person
    // matches their files whatever case the platform gave the address in. The partial index on `at` holds only
    // the unlinked files: the daily purge of abandoned drafts' files reads it without touching linked ones.
    sql: `
      CREATE TABLE files (
        id           TEXT PRIMARY KEY,
        case_id      TEXT,
        by_id        TEXT NOT NULL,
        by_name      TEXT NOT NULL,
        by_email     TEXT,
        name         TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size         INTEGER NOT NULL,
        at           TEXT NOT NULL,
        data         BLOB NOT NULL
      );
      CREATE INDEX files_case ON files (case_id) WHERE case_id IS NOT NULL;
      CREATE INDEX files_by_id ON files (by_id);
      CREATE INDEX files_by_email ON files (by_email) WHERE by_email IS NOT NULL;
      CREATE INDEX files_unlinked_at ON files (at) WHERE case_id IS NULL;
    `,
  },
  {
    version: 5,
    name: "the user's and reporter's e-mail as columns",
    // A person's cases were found by platform id only, so a case reported in Teams was missing from `mine` in
    // Slack. The e-mails (lower case) are columns of their own now, partial-indexed like the ids, and filled from
    // the stored documents at the upgrade.
    sql: `
      ALTER TABLE cases ADD COLUMN user_email TEXT;
      ALTER TABLE cases ADD COLUMN reporter_email TEXT;
      UPDATE cases SET
        user_email = NULLIF(lower(trim(json_extract(doc, '$.user.email'))), ''),
        reporter_email = NULLIF(lower(trim(json_extract(doc, '$.reporter.email'))), '');
      CREATE INDEX cases_user_email ON cases (user_email) WHERE user_email IS NOT NULL;
      CREATE INDEX cases_reporter_email ON cases (reporter_email) WHERE reporter_email IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'staff search over cases',
    // `searchCases` (see case-search-index.ts). The words of each case's searchable text (`caseSearchFields`:
    // number, title, description, solution, notes, user, reporter, vendor) go into a contentless FTS5 table,
    // rowid = `cases.seq` (AUTOINCREMENT never reuses one): no second copy of the personal text is kept, and
    // `contentless_delete` lets a write replace a row without the old text. The tokenizer is `articles_fts`'s
    // (æ, ø and å stay letters of their own, so SQLite and MongoDB agree) with combining marks as word characters
    // too, as `ftsWords` cuts them: every stored and searched word is then exactly one token, so a search term is
    // never a phrase and no positions are needed (`detail = none`: a smaller index, a cheaper write).
    // `search_hash` fingerprints the text last written there: a case write compares it in the row it reads
    // anyway and rewrites the FTS row only when the text changed (an FTS5 write, flushed at commit, costs several
    // times a whole case write). The assignee's name, which a claim changes, is kept out of the FTS table: its
    // words are the column `assignee_words`, covered by the `cases_assignee` index (whose entry a claim rewrites
    // anyway), which a search scans. Filled from the stored documents.
    sql: `
      ALTER TABLE cases ADD COLUMN search_hash TEXT;
      ALTER TABLE cases ADD COLUMN assignee_words TEXT;
      CREATE VIRTUAL TABLE cases_search USING fts5 (
        text,
        content = '',
        contentless_delete = 1,
        detail = none,
        tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
      );
    `,
    // The index is made after the backfill has filled `assignee_words`, in one pass.
    up: (db) => {
      backfillCaseSearch(db);
      db.exec(`
        DROP INDEX cases_assignee;
        CREATE INDEX cases_assignee ON cases (assignee_id, assignee_words) WHERE assignee_id IS NOT NULL;
      `);
    },
  },
  {
    version: 7,
    name: 'case search written in batches',
    // A case's FTS row used to be written in the case's own transaction: an FTS5 write flushes a segment at every
    // commit, which made a case's creation (and every note) cost ~100 µs more. Now a write whose searchable text
    // changed only sets `search_hash` to NULL ("pending"), and the pending cases are indexed in batches
    // (`SqliteCaseStore.indexPendingSearch`: ~50 µs a case) before every search and every few seconds.
    sql: 'CREATE INDEX cases_search_pending ON cases (seq) WHERE search_hash IS NULL;',
  },
  {
    version: 8,
    name: "a staff member's cases by status",
    // `mine` (and Slack's App Home) lists a staff member's open and resolved cases, assigned to them or owned by
    // them. On `cases_assignee` (assignee id, then the name's words) that read every case they ever had, closed
    // ones too, to check its status: years of history for a long-serving member. With the status in the index,
    // only the cases in the asked statuses are read. The case owner's index gets the same columns (its prefix
    // still serves a look-up by owner alone).
    sql: `
      CREATE INDEX cases_assignee_status ON cases (assignee_id, status, created_at) WHERE assignee_id IS NOT NULL;
      DROP INDEX cases_case_owner;
      CREATE INDEX cases_case_owner ON cases (case_owner_id, status, created_at) WHERE case_owner_id IS NOT NULL;
    `,
  },
  {
    version: 9,
    name: 'the major incidents on an index of their own',
    // Every intake step asks for the open major incidents. They were found through the reference each keeps for
    // the reports: every major incident ever declared listed, then looked up by id to check its status — ~4 µs
    // each, 1.8 ms an intake step after 400. `major_at` (when it was declared; NULL for other cases) and a partial
    // index on it hold only the major incidents, by status, so the open ones are read directly. Filled from the
    // stored documents.
    sql: `
      ALTER TABLE cases ADD COLUMN major_at TEXT;
      UPDATE cases SET major_at = coalesce(NULLIF(json_extract(doc, '$.major.declaredAt'), ''), created_at)
        WHERE json_type(doc, '$.major') = 'object';
      CREATE INDEX cases_major ON cases (status, created_at) WHERE major_at IS NOT NULL;
    `,
  },
  {
    version: 10,
    name: 'refs by kind and time written',
    // The Teams directory's name search keeps everyone the bot has met in memory and reads, each minute, only the
    // records written since its last read (`listRefs` with `changedSince`) instead of all of them.
    sql: `CREATE INDEX refs_kind_updated ON refs (kind, updated_at);`,
  },
  {
    version: 11,
    name: "a case's outbox messages by state and time",
    // `claimOutbox` holds a case's message back while an earlier one of the same case is still pending and waits
    // for its retry or is leased: for each due message it asks for the case's earlier pending messages. On
    // `outbox_case` (case id only) that read every message the case ever had, the delivered ones kept for the
    // retention period too. With the state and creation time in the index only the case's pending ones are read
    // (the row id, `seq`, is the index's last column, so the claim order created_at, seq is the index order). It
    // replaces `outbox_case`, whose look-ups by case id (`listOutbox`) it serves as well; messages without a case
    // are left out.
    sql: `
      DROP INDEX outbox_case;
      CREATE INDEX outbox_case_state ON outbox (case_id, state, created_at) WHERE case_id IS NOT NULL;
    `,
  },
  {
    version: 12,
    name: "the assignee's and case owner's e-mail as columns",
    // A staff member's cases (`mine`) were found by the platform id of the assignee and case owner only, so a case
    // claimed in Teams was missing from `mine` in Slack, and a case assigned by e-mail to someone the directory did
    // not know yet (`email:<address>`) from theirs everywhere. The e-mails (lower case) are columns of their own
    // now, indexed with the status like the ids (migration 8), and filled from the stored documents (lower-cased
    // by `normEmail`, as every write does: SQLite's lower() knows ASCII letters only).
    sql: `
      ALTER TABLE cases ADD COLUMN assignee_email TEXT;
      ALTER TABLE cases ADD COLUMN case_owner_email TEXT;
    `,
    up: (db) => {
      const rows = db
        .prepare(
          `SELECT seq, json_extract(doc, '$.assignee.email') AS assignee, json_extract(doc, '$.caseOwner.email') AS owner
            FROM cases WHERE json_type(doc, '$.assignee.email') = 'text' OR json_type(doc, '$.caseOwner.email') = 'text'`,
        )
        .all() as { seq: number; assignee: unknown; owner: unknown }[];
      const set = db.prepare('UPDATE cases SET assignee_email = ?, case_owner_email = ? WHERE seq = ?');
      const norm = (v: unknown) => (typeof v === 'string' ? (normEmail(v) ?? null) : null);
      for (const r of rows) set.run(norm(r.assignee), norm(r.owner), r.seq);
      db.exec(`
        CREATE INDEX cases_assignee_email ON cases (assignee_email, status, created_at)
          WHERE assignee_email IS NOT NULL;
        CREATE INDEX cases_case_owner_email ON cases (case_owner_email, status, created_at)
          WHERE case_owner_email IS NOT NULL;
      `);
    },
  },
  {
    version: 13,
    name: 'the orders waiting for approval on an index of their own',
    // The order sweeper asks every few minutes for the open orders whose approval is pending, in any group
    // (`CaseQuery.answer`). On `cases_category` that read every order ever placed, decided and closed ones too, to
    // check its status and approval in the document. This partial index holds only the orders waiting for approval
    // (a handful), by status, so only the open ones among them are read.
    sql: `CREATE INDEX cases_approval_pending ON cases (status, created_at) WHERE ${APPROVAL_PENDING_SQL};`,
  },
  {
    version: 14,
    name: 'earlier solutions in the staff search',
    // `caseSearchFields` now holds a case's earlier solutions (the ones that did not hold, `Case.earlierSolutions`).
    // Only a case that has some has new searchable text: it is made pending (`search_hash` NULL), and
    // `indexPendingSearch` writes it in its batches, before the next search or in the background. Every other
    // case keeps its index entry and fingerprint (its fields are the same strings as before).
    sql: `
      UPDATE cases SET search_hash = NULL
      WHERE json_array_length(doc, '$.earlierSolutions') > 0;
    `,
  },
];

/** Reads the highest applied schema version (0 for an empty database). */
export function schemaVersion(db: Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Applies every migration newer than the database's schema version, all in one immediate transaction (so two
 * processes starting at once cannot both migrate). Returns the versions applied; running it again applies none.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now = new Date()): number[] {
  const run = db.transaction(() => {
    const current = schemaVersion(db);
    const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
    const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of pending) {
      db.exec(m.sql);
      m.up?.(db);
      record.run(m.version, m.name, now.toISOString());
    }
    return pending.map((m) => m.version);
  });
  return run.immediate();
}
