import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { Case, Locale, NewCase, PersonRef } from '../case.js';
import { CASE_STATUSES, formatCaseNumber, normEmail } from '../case.js';
import {
  caseSearchExcludeIds,
  caseSearchFields,
  caseSearchLimit,
  caseSearchMatch,
  caseSearchWordCap,
  caseSearchWords,
  countWordHits,
  rankingCandidates,
  rankWordHits,
} from '../case-search.js';
import type {
  Article,
  ArticleCondition,
  ArticleHit,
  CaseQuery,
  CaseSearchQuery,
  CaseStore,
  CaseWrite,
  CaseWriteResult,
  ClaimResult,
  ConversationRecord,
  FileFilter,
  FileInfo,
  ListRefsOptions,
  NewArticle,
  OutboxDraft,
  OutboxMessage,
  OutboxState,
  OutboxStats,
  RefRecord,
  StoredFile,
} from '../case-store.js';
import { ANSWER_ID, refField } from '../case-store.js';
import { AppError } from '../errors.js';
import { CASE_STORE_METHODS, translateStoreFaults } from '../store-faults.js';
import { APPROVAL_PENDING_SQL } from './migrations.js';
import { BUSY_WAIT_MS, DEFAULT_BUSY_PATIENCE_MS, retryWhileBusy } from './busy-retry.js';
import {
  AGE_LOOKUPS_MAX,
  ASSIGNEE_CASES_SQL,
  assigneeNamesSql,
  assigneeWords,
  CASE_AGES_SQL,
  CASE_DOCS_BY_SEQ_SQL,
  CASE_SEQS_OF_IDS_SQL,
  caseFtsText,
  casesOfPersonSql,
  caseSearchParams,
  caseSearchSql,
  caseWordSeqsSql,
  DELETE_CASE_SEARCH_SQL,
  ftsPrefixTerm,
  INSERT_CASE_SEARCH_SQL,
  likeWordPrefix,
  NEWEST_OF_SQL,
  newestSeqs,
  personAssigneeWordsSql,
  searchHash,
} from './case-search-index.js';
import { buildFtsQuery, ftsWords } from './fts-query.js';
import {
  type Checkpointer,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  startCheckpointer,
  startTimerCheckpointer,
} from './checkpointer.js';
import { openSqliteDatabase, resolveSqliteFile, type SqliteLocation, WAL_BACKSTOP_PAGES } from './open-database.js';

/** Tuning of the embedded store beside its location. */
export interface SqliteStoreOptions {
  /**
   * Interval of the background WAL checkpoint worker (ms; default 1 s). 0 turns the worker off: the main
   * connection then checkpoints inside its commits every `WAL_AUTOCHECKPOINT_PAGES`. A ':memory:' store has none.
   */
  checkpointIntervalMs?: number;
  /** Told when a background checkpoint fails or its worker dies (default: ignored; the backstop remains). */
  onCheckpointError?: (err: unknown) => void;
  /**
   * Who runs the periodic checkpoints (when `checkpointIntervalMs` > 0): `thread` (default) a worker thread of this
   * store; `timer` a timer on this connection, for a store that lives in a worker thread already (the outbox
   * delivery worker's); `elsewhere` another connection of the process does (that worker), so this one only keeps
   * the backstop — until `checkpointInBackground()` is called.
   */
  checkpoints?: 'thread' | 'timer' | 'elsewhere';
  /**
   * The clock of the stamps the store writes itself (`updatedAt`, outbox `created_at`/`next_attempt_at`, reference
   * and article times, processed-event expiry); default the system clock. The app passes its own clock, so these
   * agree with the times the services write.
   */
  now?: () => Date;
  /**
   * How long a store call keeps trying while another connection holds the database's write lock (ms; default
   * `DEFAULT_BUSY_PATIENCE_MS`, 5 s) before it fails with `STORE.UNAVAILABLE`. The thread is free between tries.
   */
  busyPatienceMs?: number;
  /** `searchCases` with `match: 'any'`: the newest matches considered per word (default `CASE_SEARCH_WORD_CAP`). */
  caseSearchWordCap?: number;
  /**
   * How often pending cases are written to the search index (`indexPendingSearch`), by the connection that does
   * the periodic checkpoints (`checkpoints` 'thread' or 'timer'; not 'elsewhere'); 0 turns it off (a search still
   * indexes what is pending first). Default `DEFAULT_SEARCH_INDEX_INTERVAL_MS`.
   */
  searchIndexIntervalMs?: number;
}

const DEFAULT_LIMIT = 50;
/**
 * Pending cases indexed per transaction by `indexPendingSearch` (~50 µs each: a batch holds the write lock, and its
 * thread, ~2.5 ms); the thread is yielded between batches.
 */
export const SEARCH_INDEX_BATCH = 50;
/** Pending cases indexed at most per periodic round (the rest wait for the next round or search). */
const SEARCH_INDEX_ROUND = 1_000;
/**
 * The periodic round's batches are smaller, with a pause between them: it runs beside the request path's writes
 * (on the delivery worker's connection), and a request that wants the write lock while a batch holds it waits for
 * that batch. 10 cases hold it ~0.3 ms (at ~25 % more cost per case than 50, in a background round), and the
 * 1 ms pause lets the waiting writer in before the next.
 */
const ROUND_BATCH = { size: 10, pauseMs: 1 };
/** How often the connection that does the periodic work indexes pending cases (`searchIndexIntervalMs`). */
export const DEFAULT_SEARCH_INDEX_INTERVAL_MS = 5_000;
const MAX_LIMIT = 10_000;
const DEFAULT_SEARCH_LIMIT = 10;
/** Delivered outbox rows deleted per statement by `purgeOutbox`. */
const PURGE_CHUNK = 1000;
const MAX_SEARCH_LIMIT = 100;
/** Expired processed-event rows are swept on every this-many `markProcessed` calls. */
const PROCESSED_SWEEP_EVERY = 500;
/** bm25 column weights: title, body, keywords. */
const BM25_WEIGHTS = '10.0, 1.0, 5.0';

interface OutboxRow {
  id: string;
  key: string;
  kind: string;
  case_id: string | null;
  payload: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  result: string | null;
}

/**
 * A random UUID whose first 48 bits are the current time in ms (the layout of UUID version 7), for outbox rows:
 * ids written together sort together, so a batch of inserts lands on the last page or two of the `id` index
 * instead of dirtying one random page per row (a sweep's 300 outbox rows wrote ~300 more pages per commit).
 */
function timeOrderedId(ms: number): string {
  const ts = ms.toString(16).padStart(12, '0').slice(-12);
  const r = randomUUID();
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${r.slice(15)}`;
}
const plusMs = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();
const clampLimit = (limit: number | undefined, def: number, max: number): number =>
  Math.min(Math.max(Math.trunc(limit ?? def), 0), max);

function toOutboxMessage(r: OutboxRow): OutboxMessage {
  const m: OutboxMessage = {
    id: r.id,
    key: r.key,
    kind: r.kind,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
  };
  if (r.case_id !== null) m.caseId = r.case_id;
  if (r.lease_owner !== null) m.leaseOwner = r.lease_owner;
  if (r.lease_until !== null) m.leaseUntil = r.lease_until;
  if (r.last_error !== null) m.lastError = r.last_error;
  if (r.sent_at !== null) m.sentAt = r.sent_at;
  if (r.result !== null) m.result = JSON.parse(r.result) as Record<string, unknown>;
  return m;
}

interface FileRow {
  id: string;
  case_id: string | null;
  by_id: string;
  by_name: string;
  by_email: string | null;
  name: string;
  content_type: string;
  size: number;
  at: string;
  data: Buffer;
}

/**
 * The rows of `files` a `FileFilter` selects, each criterion on its own index; null when it selects none (no case
 * ids, or a sender with neither id nor e-mail).
 */
function fileWhere(filter: FileFilter): { sql: string; params: unknown[] } | null {
  if ('caseIds' in filter) {
    if (filter.caseIds.length === 0) return null;
    return { sql: 'case_id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(filter.caseIds)] };
  }
  if ('by' in filter) {
    const id = filter.by.id ?? null;
    const email = normEmail(filter.by.email) ?? null;
    if (id === null && email === null) return null;
    // `= NULL` is never true, so an absent criterion matches nothing; each side of the OR has its own index.
    return { sql: 'by_id = ? OR by_email = ?', params: [id, email] };
  }
  return { sql: 'case_id IS NULL AND at < ?', params: [filter.unlinkedBefore] };
}

/** A `files` row's description, as `listFiles` returns it (its bytes not read). */
function toFileInfo(r: Omit<FileRow, 'data'>): FileInfo {
  const by: PersonRef = { id: r.by_id, name: r.by_name };
  if (r.by_email !== null) by.email = r.by_email;
  const f: FileInfo = { id: r.id, name: r.name, contentType: r.content_type, size: r.size, at: r.at, by };
  if (r.case_id !== null) f.caseId = r.case_id;
  return f;
}

function toStoredFile(r: FileRow): StoredFile {
  return { ...toFileInfo(r), data: r.data };
}

/**
 * The indexed columns of a case row, derived from its document (also used by the benchmark's bulk fill), with the
 * search columns from its searchable fields (`search`, default `caseSearchFields(c)`): the assignee's words, and
 * `search_hash`, the fingerprint of the text in the case's `cases_search` row — NULL ("pending": to be indexed by
 * `indexPendingSearch`) unless the caller writes that row itself (`indexed`, the bulk fill).
 */
export function caseParams(
  c: Case,
  doc: string,
  search: { text: string[]; assignee: string } = caseSearchFields(c),
  indexed = false,
): Record<string, string | number | null> {
  return {
    id: c.id,
    number: c.number,
    type: c.type,
    status: c.status,
    group_id: c.groupId,
    owner_group_id: c.ownerGroupId,
    assignee_id: c.assignee?.id ?? null,
    user_id: c.user.id,
    reporter_id: c.reporter?.id ?? null,
    user_email: normEmail(c.user.email) ?? null,
    reporter_email: normEmail(c.reporter?.email) ?? null,
    case_owner_id: c.caseOwner?.id ?? null,
    assignee_email: normEmail(c.assignee?.email) ?? null,
    case_owner_email: normEmail(c.caseOwner?.email) ?? null,
    parent_id: c.parentId ?? null,
    category_id: c.categoryId,
    created_at: c.createdAt,
    next_timer_at: c.nextTimerAt ?? null,
    major_at: c.major ? c.major.declaredAt || c.createdAt : null,
    search_hash: indexed ? searchHash(search.text) : null,
    assignee_words: assigneeWords(search.assignee),
    version: c.version,
    doc,
  };
}

/** Inserts a case row from `caseParams` (also the benchmark's bulk fill). */
export const INSERT_CASE_SQL = `INSERT INTO cases (id, number, type, status, group_id, owner_group_id, assignee_id,
    user_id, reporter_id, user_email, reporter_email, case_owner_id, parent_id, category_id, created_at,
    next_timer_at, major_at, search_hash, assignee_words, assignee_email, case_owner_email, version, doc)
  VALUES (@id, @number, @type, @status, @group_id, @owner_group_id, @assignee_id, @user_id, @reporter_id,
    @user_email, @reporter_email, @case_owner_id, @parent_id, @category_id, @created_at, @next_timer_at,
    @major_at, @search_hash, @assignee_words, @assignee_email, @case_owner_email, @version, @doc)`;

/**
 * The derived columns a case update may change (`id` never does; `version` and `doc` always do). `search_hash` is
 * not indexed: it tells whether the case's `cases_search` row must be rewritten. `assignee_words` is in the
 * `cases_assignee` index, and changes with `assignee_id` (a claim rewrites that entry anyway).
 */
const UPDATABLE_COLUMNS = [
  'number',
  'type',
  'status',
  'group_id',
  'owner_group_id',
  'assignee_id',
  'user_id',
  'reporter_id',
  'user_email',
  'reporter_email',
  'case_owner_id',
  'assignee_email',
  'case_owner_email',
  'parent_id',
  'category_id',
  'created_at',
  'next_timer_at',
  'major_at',
  'search_hash',
  'assignee_words',
] as const;

/**
 * What a case write compares against, as a raw row (an array, cheaper to build than an object): the values of
 * `UPDATABLE_COLUMNS` in that order, then `version` at `VERSION_AT` and `seq` at `SEQ_AT`.
 */
type CurrentRow = unknown[];
const CURRENT_COLUMNS = `${UPDATABLE_COLUMNS.join(', ')}, version, seq`;
const VERSION_AT = UPDATABLE_COLUMNS.length;
const SEARCH_HASH_AT = UPDATABLE_COLUMNS.indexOf('search_hash');
const SEQ_AT = VERSION_AT + 1;

/**
 * The due-timer query of `claimDueTimers` (parameters: now, now, limit): cases whose timer is due, on the partial
 * index `cases_next_timer`, without a live lease (one primary-key probe of the small `timer_leases` table each),
 * earliest timer first. Exported so the SLA benchmark times the very query the store runs.
 */
export const DUE_TIMERS_SQL = `SELECT c.seq AS seq, c.doc AS doc FROM cases c
  WHERE c.next_timer_at IS NOT NULL AND c.next_timer_at <= ?
    AND NOT EXISTS (SELECT 1 FROM timer_leases l WHERE l.case_seq = c.seq AND l.until > ?)
  ORDER BY c.next_timer_at, c.seq LIMIT +?`;

/**
 * The due messages `claimOutbox` leases (parameters `@now`, `@owner`, `@limit`): pending, due, lease free or run
 * out, oldest first (created_at, then seq: the order they were written), on `outbox_due`. A message of a case is
 * held back while an earlier pending message of the same case is leased by another owner (being delivered there)
 * or waits for its retry (tried before, due later), so a case's messages go out in the order they were written; the
 * earlier ones that are due come first in the same claim. A message written to go out later (`notBefore`) and not
 * tried yet holds nothing back, nor do dead and delivered ones. The check reads only the case's pending messages,
 * on `outbox_case_state`.
 */
export const CLAIM_OUTBOX_SQL = `SELECT o.seq AS seq FROM outbox o
  WHERE o.state = 'pending' AND o.next_attempt_at <= @now AND (o.lease_until IS NULL OR o.lease_until <= @now)
    AND NOT EXISTS (SELECT 1 FROM outbox e
      WHERE e.case_id = o.case_id AND e.state = 'pending' AND (e.created_at, e.seq) < (o.created_at, o.seq)
        AND ((e.lease_until > @now AND e.lease_owner <> @owner) OR (e.attempts > 0 AND e.next_attempt_at > @now)))
  ORDER BY o.created_at, o.seq LIMIT +@limit`;

/**
 * Builds the WHERE clause of a case query; lists are bound as one JSON array so the SQL text stays fixed. Given ids,
 * or a person (user or reporter, by id and e-mail, who has few cases), the other filters are checked on those rows
 * and kept off their indexes (SQLite's unary `+`): without statistics the planner otherwise walks a whole status
 * (every case awaiting a reply, for each chat message's `userReply`) or a whole group.
 */
export function caseWhere(q: Omit<CaseQuery, 'limit' | 'offset'>): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  const email = q.personId !== undefined ? normEmail(q.personEmail) : undefined;
  if (email !== undefined)
    add(
      '(user_id = ? OR reporter_id = ? OR user_email = ? OR reporter_email = ?)',
      q.personId,
      q.personId,
      email,
      email,
    );
  else if (q.personId !== undefined) add('(user_id = ? OR reporter_id = ?)', q.personId, q.personId);
  // A list of one (a person's waiting cases, one desk's queue) is a plain equality: about a third cheaper to run
  // than the JSON list, and the SQL text still only depends on which filters are set and whether a list has one.
  const inList = (column: string, values: readonly string[], by = '') =>
    values.length === 1
      ? add(`${by}${column} = ?`, values[0])
      : add(`${by}${column} IN (SELECT value FROM json_each(?))`, JSON.stringify(values));
  if (q.ids !== undefined) inList('id', q.ids.map(String));
  // Given ids or a person, the other filters are checked on those few rows (see above); so they are for the major
  // incidents and the orders waiting for approval, which are read on their own index by status.
  const few = q.personId !== undefined || q.ids !== undefined;
  const approvalPending = q.answer?.id === 'approval' && q.answer.value === 'pending';
  const by = few || q.major === true || approvalPending ? '+' : '';
  const listOf = (column: string, values: readonly string[]) => inList(column, values, by);
  if (q.groupIds !== undefined) listOf('group_id', q.groupIds);
  if (q.ownerGroupIds !== undefined) listOf('owner_group_id', q.ownerGroupIds);
  // The major incidents are read by status on their index even when every status is wanted (without a status the
  // planner would walk every case in creation order instead).
  const statuses = q.statuses ?? (q.major === true && !few ? CASE_STATUSES : undefined);
  // A staff member by id, by e-mail (`assigneeEmail`, `caseOwnerEmail`), or by either: then each side of the OR
  // carries the status, so each is read on its (person, status) index (SQLite's OR over two indexes cannot use a
  // status outside it), and the status is not repeated outside.
  const assigneeEmail = q.assigneeEmail === undefined ? undefined : (normEmail(q.assigneeEmail) ?? '');
  const caseOwnerEmail = q.caseOwnerEmail === undefined ? undefined : (normEmail(q.caseOwnerEmail) ?? '');
  const either = (q.assigneeId !== undefined && !!assigneeEmail) || (q.caseOwnerId !== undefined && !!caseOwnerEmail);
  const staff = (idColumn: string, emailColumn: string, id: string | undefined, email: string | undefined) => {
    if (id === undefined) {
      // No stored e-mail is empty: a blank one matches nothing (never every case).
      if (email !== undefined) add(`${emailColumn} = ?`, email);
      return;
    }
    if (!email) return add(`${idColumn} = ?`, id);
    if (statuses === undefined || few) return add(`(${idColumn} = ? OR ${emailColumn} = ?)`, id, email);
    const one = statuses.length === 1;
    const status = one ? 'status = ?' : 'status IN (SELECT value FROM json_each(?))';
    const value = one ? statuses[0] : JSON.stringify(statuses);
    add(`((${idColumn} = ? AND ${status}) OR (${emailColumn} = ? AND ${status}))`, id, value, email, value);
  };
  if (statuses !== undefined && (few || !either)) inList('status', statuses, few ? '+' : '');
  staff('assignee_id', 'assignee_email', q.assigneeId, assigneeEmail);
  staff('case_owner_id', 'case_owner_email', q.caseOwnerId, caseOwnerEmail);
  if (q.parentId !== undefined) add('parent_id = ?', q.parentId);
  // With a status (the linked reports awaiting their user), on `cases_status_created`, `parent_id` read in the row.
  else if (q.linked === true) add('parent_id IS NOT NULL');
  if (q.type !== undefined) add(`${by}type = ?`, q.type);
  if (q.categoryId !== undefined) add(`${by}category_id = ?`, q.categoryId);
  if (q.createdFrom !== undefined) add(`${by}created_at >= ?`, q.createdFrom);
  if (q.createdTo !== undefined) add(`${by}created_at < ?`, q.createdTo);
  // On the partial index `cases_major` (status, created_at), which holds the major incidents only.
  if (q.major === true) add('major_at IS NOT NULL');
  // An order waiting for approval (the order sweeper): the condition of the partial index `cases_approval_pending`
  // as it is written there, so that index (status, created_at) is read. Any other answer is read from the document
  // (the path is a parameter, its id a plain one) on the rows the other filters' indexes find.
  if (approvalPending) add(APPROVAL_PENDING_SQL);
  else if (q.answer !== undefined) {
    if (ANSWER_ID.test(q.answer.id))
      add('json_extract(doc, ?) = ?', `$.answers."${q.answer.id}"`, String(q.answer.value));
    else add('0');
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * The embedded `CaseStore`: one SQLite file (better-sqlite3, WAL) for a single machine, zero set-up. Every
 * multi-step write runs in one synchronous SQLite transaction, so within a process there is no interleaving at
 * all and across processes SQLite's write lock serialises them. Methods are async only to match the port.
 * Outbox drafts written with a case change get that case's id when they carry none (the caller of `createCase`
 * cannot know it yet).
 */
export class SqliteCaseStore implements CaseStore {
  readonly kind = 'sqlite' as const;
  private readonly location: SqliteLocation;
  private readonly options: SqliteStoreOptions;
  private database: Database | null = null;
  private checkpointer: Checkpointer | null = null;
  private searchIndexer: NodeJS.Timeout | null = null;
  private readonly statements = new Map<string, Statement>();
  private markCalls = 0;
  private readonly now: () => Date;

  /** See `SqliteStoreOptions.busyPatienceMs`. */
  readonly busyPatienceMs: number;

  /**
   * `{ dataDir }` puts `incident-bot.sqlite` in that directory; `{ file: ':memory:' }` is for tests. A file store
   * checkpoints its WAL in a worker thread (see `SqliteStoreOptions.checkpointIntervalMs`).
   */
  constructor(opts: SqliteLocation & SqliteStoreOptions) {
    this.location = 'file' in opts ? { file: opts.file } : { dataDir: opts.dataDir };
    this.options = opts;
    this.now = opts.now ?? (() => new Date());
    this.busyPatienceMs = opts.busyPatienceMs ?? DEFAULT_BUSY_PATIENCE_MS;
  }

  private nowIso(): string {
    return this.now().toISOString();
  }

  private get db(): Database {
    if (!this.database) throw new AppError('STORE.UNAVAILABLE', 'The SQLite store is not open: call init() first.');
    return this.database;
  }

  /**
   * Prepared statements are cached per SQL text. A bound LIMIT is written `LIMIT +?`, a bound LIKE pattern
   * `LIKE +@x`: SQLite (3.53) reads a bare `LIMIT ?` or `LIKE ?` while planning and then prepares the statement
   * again at every run, as the value might change the plan (~20 µs warm, ~200 µs in a chat turn for the
   * waiting-cases query); with `+` the value is not read and the plan stays.
   */
  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  async init(): Promise<void> {
    if (this.database) return;
    const file = resolveSqliteFile(this.location);
    const interval = this.options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    const background = file !== ':memory:' && interval > 0;
    // With checkpoints in the background, the commit-time auto-checkpoint is only a backstop; without them, the
    // usual mark applies.
    this.database = openSqliteDatabase(this.location, background ? { walAutocheckpointPages: WAL_BACKSTOP_PAGES } : {});
    if (!background) return;
    const mode = this.options.checkpoints ?? 'thread';
    if (mode === 'timer') {
      this.checkpointer = startTimerCheckpointer(this.database, this.checkpointerOptions());
      this.indexSearchInBackground();
    }
    if (mode === 'thread') this.checkpointInBackground();
  }

  /**
   * Indexes pending cases every `searchIndexIntervalMs` (a batch at a time) on this connection, so the backlog a
   * search must index first stays small. A failure (the database busy) is left to the next round or search.
   */
  private indexSearchInBackground(): void {
    const interval = this.options.searchIndexIntervalMs ?? DEFAULT_SEARCH_INDEX_INTERVAL_MS;
    if (this.searchIndexer || interval <= 0) return;
    this.searchIndexer = setInterval(() => {
      this.indexPendingSearch(SEARCH_INDEX_ROUND, ROUND_BATCH).catch(() => undefined);
    }, interval);
    this.searchIndexer.unref();
  }

  private checkpointerOptions() {
    return {
      intervalMs: this.options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
      ...(this.options.onCheckpointError ? { onError: this.options.onCheckpointError } : {}),
    };
  }

  /**
   * Starts this store's checkpoint worker thread unless checkpoints already run here: for a store opened with
   * `checkpoints: 'elsewhere'` whose other connection is not coming (the delivery worker could not start).
   */
  checkpointInBackground(): void {
    if (this.checkpointer || !this.database) return;
    const file = resolveSqliteFile(this.location);
    if (file === ':memory:' || (this.options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS) <= 0) return;
    this.checkpointer = startCheckpointer(file, this.checkpointerOptions());
    this.indexSearchInBackground();
  }

  async ping(): Promise<boolean> {
    if (!this.database?.open) return false;
    try {
      return this.database.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  /**
   * Stops the search indexing and the checkpoints (a checkpoint worker closes its connection first), then closes
   * the database.
   */
  async close(): Promise<void> {
    if (this.searchIndexer) clearInterval(this.searchIndexer);
    this.searchIndexer = null;
    const checkpointer = this.checkpointer;
    this.checkpointer = null;
    await checkpointer?.stop();
    this.statements.clear();
    this.database?.close();
    this.database = null;
  }

  // ---- cases ----

  private readCase(id: string): Case | null {
    const row = this.stmt('SELECT doc FROM cases WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Case) : null;
  }

  /** Writes `c` over the row at `expectedVersion`; returns the stored document or null when the version moved. */
  private writeCase(c: Case, expectedVersion: number): Case | null {
    const doc = this.updateRow(c, expectedVersion);
    return doc === null ? null : (JSON.parse(doc) as Case);
  }

  /**
   * The UPDATE of `writeCase` (see `writeRow`) after reading the row it writes; returns the stored JSON, or null
   * when the version moved. Callers run it inside their transaction, so the read and the write see the same row.
   */
  private updateRow(c: Case, expectedVersion: number): string | null {
    const current = this.stmt(`SELECT ${CURRENT_COLUMNS} FROM cases WHERE id = ?`).raw().get(c.id) as
      | CurrentRow
      | undefined;
    return current ? this.writeRow(c, expectedVersion, current) : null;
  }

  /**
   * Writes `c` over the row as read in the same transaction (`current`: its indexed columns, version and `seq`);
   * returns the stored JSON, or null when the version moved. Only the indexed columns whose value changed are SET:
   * SQLite rewrites the entry of every index whose column is named in SET, changed or not, and with eleven indexes
   * that was most of the cost of a write (about 0.3–1 ms per case on 100 000 rows against 0.02 ms). The row is
   * addressed by `seq` (the rowid), which skips a probe of the `id` index; `current` takes the new values, so a
   * later write of the same case in the same transaction compares against them. `releaseTimerOwner` (the
   * sweeper's write) frees that owner's timer lease in the same transaction, and only when the write went in.
   * When the hash of its searchable text differs from the stored `search_hash` (read with the row), the case
   * becomes pending for the search index (`search_hash` NULL, see `indexPendingSearch`); a status change, a sweep
   * and a claim (the assignee's name is the column `assignee_words`, not FTS text) leave it as it is.
   */
  private writeRow(c: Case, expectedVersion: number, current: CurrentRow, releaseTimerOwner?: string): string | null {
    if (current[VERSION_AT] !== expectedVersion) return null;
    const doc = JSON.stringify(c);
    const search = caseSearchFields(c);
    const params = caseParams(c, doc, search);
    // Indexed and unchanged: stays indexed; changed, or still pending: pending (NULL).
    const indexedHash = current[SEARCH_HASH_AT];
    if (indexedHash !== null && indexedHash === searchHash(search.text)) params['search_hash'] = indexedHash;
    const values: Record<string, unknown> = {
      seq: current[SEQ_AT],
      version: c.version,
      doc,
      expected: expectedVersion,
    };
    const sets: string[] = [];
    UPDATABLE_COLUMNS.forEach((k, i) => {
      const value = params[k] ?? null;
      if (current[i] === value) return;
      sets.push(`${k} = @${k}`);
      values[k] = value;
      current[i] = value;
    });
    sets.push('version = @version', 'doc = @doc');
    const res = this.stmt(`UPDATE cases SET ${sets.join(', ')} WHERE seq = @seq AND version = @expected`).run(values);
    if (res.changes !== 1) return null;
    current[VERSION_AT] = c.version;
    if (releaseTimerOwner !== undefined) {
      this.stmt('DELETE FROM timer_leases WHERE case_seq = ? AND owner = ?').run(current[SEQ_AT], releaseTimerOwner);
    }
    return doc;
  }

  private insertOutbox(drafts: readonly OutboxDraft[], caseId?: string): void {
    const now = this.nowIso();
    const insert = this.stmt(
      `INSERT INTO outbox (id, key, kind, case_id, payload, state, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)
       ON CONFLICT (key) DO NOTHING`,
    );
    const ms = Date.now();
    for (const d of drafts) {
      insert.run(
        timeOrderedId(ms),
        d.key,
        d.kind,
        d.caseId ?? caseId ?? null,
        JSON.stringify(d.payload),
        d.notBefore ?? now,
        now,
      );
    }
  }

  async createCase(draft: NewCase, outbox: OutboxDraft[] | ((created: Case) => OutboxDraft[]) = []): Promise<Case> {
    const drafts = (c: Case): OutboxDraft[] => (typeof outbox === 'function' ? outbox(c) : outbox);
    const tx = this.db.transaction((): Case => {
      if (draft.id !== undefined) {
        const existing = this.stmt('SELECT doc FROM cases WHERE id = ?').get(String(draft.id)) as
          | { doc: string }
          | undefined;
        if (existing) {
          // A retried registration: its drafts only while the case is as it was created (see the port).
          const stored = JSON.parse(existing.doc) as Case;
          if (stored.version === 1) this.insertOutbox(drafts(stored), stored.id);
          return stored;
        }
      }
      const counter = this.stmt(
        `INSERT INTO counters (name, value) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1
         RETURNING value`,
      ).get(draft.type) as { value: number };
      const createdAt = draft.createdAt ?? this.nowIso();
      const c: Case = {
        ...draft,
        id: draft.id === undefined ? randomUUID() : String(draft.id),
        number: formatCaseNumber(draft.type, counter.value),
        createdAt,
        updatedAt: createdAt,
        version: 1,
      };
      const doc = JSON.stringify(c);
      this.stmt(INSERT_CASE_SQL).run(caseParams(c, doc));
      const created = JSON.parse(doc) as Case;
      this.insertOutbox(drafts(created), c.id);
      return created;
    });
    return tx.immediate();
  }

  async getCase(id: string): Promise<Case | null> {
    return this.readCase(id);
  }

  async getCaseByNumber(number: string): Promise<Case | null> {
    const row = this.stmt('SELECT doc FROM cases WHERE number = ?').get(number) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Case) : null;
  }

  async updateCase(next: Case, expectedVersion: number, outbox: OutboxDraft[] = []): Promise<Case> {
    const tx = this.db.transaction((): Case => {
      const candidate: Case = { ...next, version: expectedVersion + 1, updatedAt: this.nowIso() };
      const stored = this.writeCase(candidate, expectedVersion);
      if (!stored) {
        const row = this.stmt('SELECT version FROM cases WHERE id = ?').get(next.id) as { version: number } | undefined;
        if (!row) throw new AppError('CASE.NOT_FOUND', `Case ${next.id} does not exist.`, { caseId: next.id });
        throw new AppError(
          'CASE.CONFLICT',
          `Case ${next.number} changed meanwhile (expected version ${expectedVersion}, stored ${row.version}).`,
          { caseId: next.id, expectedVersion, actualVersion: row.version },
        );
      }
      this.insertOutbox(outbox, stored.id);
      return stored;
    });
    return tx.immediate();
  }

  /**
   * All writes in one immediate transaction. The rows they write are read with one query up front (instead of one
   * read per case), each write still checks its own expected version and is refused alone.
   */
  async updateCases(writes: readonly CaseWrite[]): Promise<CaseWriteResult[]> {
    const tx = this.db.transaction((): CaseWriteResult[] => {
      const updatedAt = this.nowIso();
      const rows = this.stmt(`SELECT ${CURRENT_COLUMNS}, id FROM cases WHERE id IN (SELECT value FROM json_each(?))`)
        .raw()
        .all(JSON.stringify(writes.map((w) => w.next.id))) as CurrentRow[];
      const byId = new Map(rows.map((r) => [r[SEQ_AT + 1] as string, r]));
      return writes.map(({ next, expectedVersion, outbox, releaseTimerOwner }): CaseWriteResult => {
        const current = byId.get(next.id);
        if (!current) return { ok: false, id: next.id, code: 'CASE.NOT_FOUND' };
        const version = expectedVersion + 1;
        const candidate: Case = { ...next, version, updatedAt };
        if (!this.writeRow(candidate, expectedVersion, current, releaseTimerOwner)) {
          return { ok: false, id: next.id, code: 'CASE.CONFLICT' };
        }
        if (outbox && outbox.length > 0) this.insertOutbox(outbox, next.id);
        return { ok: true, id: next.id, version };
      });
    });
    return tx.immediate();
  }

  async claimCase(
    id: string,
    claimant: PersonRef,
    apply: (current: Case) => Case,
    outbox?: (claimed: Case) => OutboxDraft[],
  ): Promise<ClaimResult> {
    const tx = this.db.transaction((): ClaimResult => {
      const current = this.readCase(id);
      if (!current) throw new AppError('CASE.NOT_FOUND', `Case ${id} does not exist.`, { caseId: id, claimant });
      if (current.assignee) return { ok: false, case: current, holder: current.assignee };
      // `current` was parsed from the row just now and nothing else holds it, so `apply` may have it as it is.
      const { id: currentId, version: currentVersion } = current;
      const applied = apply(current);
      const candidate: Case = { ...applied, id: currentId, version: currentVersion + 1, updatedAt: this.nowIso() };
      const stored = this.writeCase(candidate, currentVersion);
      if (!stored) throw new AppError('INTERNAL', `Case ${id} changed inside its own claim transaction.`);
      if (outbox) this.insertOutbox(outbox(stored), stored.id);
      return { ok: true, case: stored };
    });
    return tx.immediate();
  }

  async findCases(query: CaseQuery): Promise<Case[]> {
    const { sql, params } = caseWhere(query);
    const limit = clampLimit(query.limit, DEFAULT_LIMIT, MAX_LIMIT);
    const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
    const rows = this.stmt(`SELECT doc FROM cases ${sql} ORDER BY created_at DESC, seq DESC LIMIT +? OFFSET ?`).all(
      ...params,
      limit,
      offset,
    ) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as Case);
  }

  async countCases(query: Omit<CaseQuery, 'limit' | 'offset'>): Promise<number> {
    const { sql, params } = caseWhere(query);
    const row = this.stmt(`SELECT COUNT(*) AS n FROM cases ${sql}`).get(...params) as { n: number };
    return row.n;
  }

  /**
   * Staff search (see `caseSearchSql`; `match: 'any'`: `searchAnyWord`): the words as quoted FTS5 prefix terms and
   * escaped LIKE patterns, so user text is never FTS or LIKE syntax; the e-mail on the partial indexes of
   * `user_email`/`reporter_email`; the excluded ids as one JSON parameter.
   */
  async searchCases(query: CaseSearchQuery): Promise<Case[]> {
    await this.indexPendingSearch();
    const words = caseSearchWords(query.words);
    const email = typeof query.personEmail === 'string' ? normEmail(query.personEmail) : undefined;
    const limit = caseSearchLimit(query.limit);
    const exclude = caseSearchExcludeIds(query.excludeIds);
    if (words.length > 0 && caseSearchMatch(query.match) === 'any') {
      return this.db.transaction(() => this.searchAnyWord(words, email, exclude, limit))();
    }
    let rows: { doc: string }[];
    if (words.length > 0) {
      rows = this.stmt(caseSearchSql(words.length, email !== undefined, exclude.length > 0)).all(
        caseSearchParams(words, email, limit, exclude),
      ) as { doc: string }[];
    } else if (email !== undefined) {
      const params: Record<string, string | number> = { email, limit };
      if (exclude.length > 0) params['exclude'] = JSON.stringify(exclude);
      rows = this.stmt(casesOfPersonSql(exclude.length > 0)).all(params) as { doc: string }[];
    } else {
      return [];
    }
    return rows.map((r) => JSON.parse(r.doc) as Case);
  }

  /**
   * Writes the search index of the pending cases (`search_hash` NULL: created, or their searchable text changed
   * since; at most `max`, oldest first), `SEARCH_INDEX_BATCH` per transaction: each one's `cases_search` row
   * replaced by its words, its `search_hash` set. FTS5 writes a segment per transaction, so a batch costs a
   * fraction of writing each row with its case. Runs before every search (so a search sees every case as it is
   * now) and every `searchIndexIntervalMs` on the connection that does the periodic work (in smaller batches,
   * `ROUND_BATCH`). Returns how many.
   */
  async indexPendingSearch(
    max = Number.POSITIVE_INFINITY,
    batching: { size: number; pauseMs?: number } = { size: SEARCH_INDEX_BATCH },
  ): Promise<number> {
    let done = 0;
    while (done < max) {
      const batch = this.db.transaction((take: number): number => {
        const rows = this.stmt('SELECT seq, doc FROM cases WHERE search_hash IS NULL ORDER BY seq LIMIT +?').all(
          take,
        ) as { seq: number; doc: string }[];
        for (const { seq, doc } of rows) {
          const { text } = caseSearchFields(JSON.parse(doc) as Case);
          // Delete, then insert: right for a case indexed before (changed text) and for a new one alike.
          this.stmt(DELETE_CASE_SEARCH_SQL).run(seq);
          this.stmt(INSERT_CASE_SEARCH_SQL).run(seq, caseFtsText(text));
          this.stmt('UPDATE cases SET search_hash = ? WHERE seq = ?').run(searchHash(text), seq);
        }
        return rows.length;
      });
      const n = batch.immediate(Math.min(batching.size, max - done));
      done += n;
      if (n < batching.size) break;
      // Other work (requests, deliveries) and other connections' writes go on between batches.
      await new Promise((resolve) =>
        batching.pauseMs === undefined ? setImmediate(resolve) : setTimeout(resolve, batching.pauseMs),
      );
    }
    return done;
  }

  /**
   * `searchCases` with `match: 'any'` (see case-search-index.ts), in one read transaction so every step sees the
   * same cases: per word its newest `cap` matches in the FTS index and in the assignees' names, counted per case;
   * the ages of the cases that can make the top `limit`; the documents of the top `limit`.
   */
  private searchAnyWord(words: string[], email: string | undefined, exclude: string[], limit: number): Case[] {
    const cap = caseSearchWordCap(this.options.caseSearchWordCap);
    const person = email === undefined ? {} : { email };
    const inText = words.map((w) =>
      (
        this.stmt(caseWordSeqsSql(email !== undefined)).all({ term: ftsPrefixTerm(w), cap, ...person }) as {
          seq: number;
        }[]
      ).map((r) => r.seq),
    );
    const inAssignee = this.assigneeSeqs(words, email, cap);
    const counts = countWordHits(words.map((_, i) => newestSeqs([inText[i]!, inAssignee[i]!], cap)));
    if (exclude.length > 0) {
      const seqs = this.stmt(CASE_SEQS_OF_IDS_SQL).all(JSON.stringify(exclude)) as { seq: number }[];
      for (const { seq } of seqs) counts.delete(seq);
    }
    const { whole, partial } = rankingCandidates(counts, limit);
    const walk = partial !== undefined && partial.keys.length > AGE_LOOKUPS_MAX;
    const lookUp = walk || partial === undefined ? whole : [...whole, ...partial.keys];
    type Age = { seq: number; createdAt: string };
    const ages = lookUp.length > 0 ? (this.stmt(CASE_AGES_SQL).all(JSON.stringify(lookUp)) as Age[]) : [];
    if (walk) ages.push(...(this.stmt(NEWEST_OF_SQL).all(JSON.stringify(partial.keys), partial.take) as Age[]));
    const ranked = rankWordHits(
      ages.map((r) => ({ seq: r.seq, count: counts.get(r.seq) ?? 0, createdAt: r.createdAt, order: r.seq })),
      limit,
    );
    if (ranked.length === 0) return [];
    const docs = new Map(
      (
        this.stmt(CASE_DOCS_BY_SEQ_SQL).all(JSON.stringify(ranked.map((h) => h.seq))) as { seq: number; doc: string }[]
      ).map((r) => [r.seq, r.doc]),
    );
    return ranked.flatMap((h) => {
      const doc = docs.get(h.seq);
      return doc === undefined ? [] : [JSON.parse(doc) as Case];
    });
  }

  /**
   * Per word, the seqs of cases whose assignee's name has it: of each matching name its newest `cap` cases (the
   * caller keeps the newest `cap` per word); with an e-mail, the person's assigned cases.
   */
  private assigneeSeqs(words: string[], email: string | undefined, cap: number): number[][] {
    const perWord: number[][] = words.map(() => []);
    const likes = Object.fromEntries(words.map((w, i) => [`l${i}`, likeWordPrefix(w)]));
    /** Adds `seqs` to the words whose flag `m<i>` is set in `row`. */
    const flagged = (row: Record<string, unknown>, seqs: readonly number[]) =>
      words.forEach((_, i) => {
        if (row[`m${i}`]) perWord[i]!.push(...seqs);
      });
    if (email !== undefined) {
      const rows = this.stmt(personAssigneeWordsSql(words.length)).all({ ...likes, email }) as Record<string, number>[];
      for (const row of rows) flagged(row, [row['seq']!]);
      return perWord;
    }
    const names = this.stmt(assigneeNamesSql(words.length)).all(likes) as Record<string, unknown>[];
    for (const name of names) {
      const seqs = (
        this.stmt(ASSIGNEE_CASES_SQL).all({ id: name['id'], words: name['words'], cap }) as { seq: number }[]
      ).map((r) => r.seq);
      flagged(name, seqs);
    }
    return perWord;
  }

  // ---- timers ----

  /**
   * Leases the due timers in one immediate transaction (so two sweepers, in this process or another, never lease
   * the same case): the indexed due-timer query skips cases with a live lease in `timer_leases` and returns the
   * documents in timer order, then one lease row per case is written (taking over an expired one). The leases sit
   * in their own small table, so a batch of 100 writes a few dense pages instead of 100 case pages. Expired leases
   * are pruned first, so leases abandoned on cases that are no longer due do not pile up.
   */
  async claimDueTimers(now: string, owner: string, leaseMs: number, limit: number): Promise<Case[]> {
    const tx = this.db.transaction((): Case[] => {
      this.stmt('DELETE FROM timer_leases WHERE until <= ?').run(now);
      const rows = this.stmt(DUE_TIMERS_SQL).all(now, now, clampLimit(limit, DEFAULT_LIMIT, MAX_LIMIT)) as {
        seq: number;
        doc: string;
      }[];
      const lease = this.stmt(
        `INSERT INTO timer_leases (case_seq, owner, until) VALUES (?, ?, ?)
         ON CONFLICT (case_seq) DO UPDATE SET owner = excluded.owner, until = excluded.until`,
      );
      const until = plusMs(now, leaseMs);
      return rows.map((r) => {
        lease.run(r.seq, owner, until);
        return JSON.parse(r.doc) as Case;
      });
    });
    return tx.immediate();
  }

  async releaseTimer(caseId: string, owner: string): Promise<void> {
    this.stmt('DELETE FROM timer_leases WHERE case_seq = (SELECT seq FROM cases WHERE id = ?) AND owner = ?').run(
      caseId,
      owner,
    );
  }

  // ---- outbox ----

  async enqueueOutbox(drafts: OutboxDraft[]): Promise<void> {
    this.db.transaction(() => this.insertOutbox(drafts)).immediate();
  }

  /**
   * The due messages on `outbox_due`, oldest first, without those held back behind an earlier pending message of
   * their case (see `CLAIM_OUTBOX_SQL`).
   */
  async claimOutbox(now: string, owner: string, leaseMs: number, limit: number): Promise<OutboxMessage[]> {
    const tx = this.db.transaction((): OutboxMessage[] => {
      const rows = this.stmt(CLAIM_OUTBOX_SQL).all({
        now,
        owner: String(owner),
        limit: clampLimit(limit, DEFAULT_LIMIT, MAX_LIMIT),
      }) as { seq: number }[];
      const lease = this.stmt(
        `UPDATE outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE seq = ?
         RETURNING *`,
      );
      const until = plusMs(now, leaseMs);
      return rows.map(({ seq }) => toOutboxMessage(lease.get(owner, until, seq) as OutboxRow));
    });
    return tx.immediate();
  }

  async releaseOutbox(ids: readonly string[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    const release = this.stmt(
      `UPDATE outbox SET lease_owner = NULL, lease_until = NULL, attempts = max(attempts - 1, 0)
       WHERE id = ? AND lease_owner = ? AND state = 'pending'`,
    );
    this.db
      .transaction(() => {
        for (const id of ids) release.run(String(id), String(owner));
      })
      .immediate();
  }

  async renewOutboxLease(id: string, owner: string, now: string, leaseMs: number): Promise<boolean> {
    const { changes } = this.stmt(
      `UPDATE outbox SET lease_until = max(coalesce(lease_until, ''), ?)
       WHERE id = ? AND lease_owner = ? AND state = 'pending'`,
    ).run(plusMs(String(now), Number(leaseMs)), String(id), String(owner));
    return changes > 0;
  }

  async ackOutbox(id: string, owner: string, sentAt: string, result?: Record<string, unknown>): Promise<void> {
    this.stmt(
      `UPDATE outbox SET state = 'sent', sent_at = ?, result = ?, lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND lease_owner = ? AND state = 'pending'`,
    ).run(sentAt, result === undefined ? null : JSON.stringify(result), id, owner);
  }

  async retryOutbox(
    id: string,
    owner: string,
    nextAttemptAt: string,
    error: string,
    progress?: Record<string, unknown>,
  ): Promise<void> {
    this.stmt(
      `UPDATE outbox SET next_attempt_at = ?, last_error = ?, result = coalesce(?, result), lease_owner = NULL,
         lease_until = NULL
       WHERE id = ? AND lease_owner = ? AND state = 'pending'`,
    ).run(nextAttemptAt, error, progress === undefined ? null : JSON.stringify(progress), id, owner);
  }

  async deadOutbox(id: string, owner: string, error: string, progress?: Record<string, unknown>): Promise<void> {
    this.stmt(
      `UPDATE outbox SET state = 'dead', last_error = ?, result = coalesce(?, result), lease_owner = NULL,
         lease_until = NULL
       WHERE id = ? AND lease_owner = ? AND state = 'pending'`,
    ).run(error, progress === undefined ? null : JSON.stringify(progress), id, owner);
  }

  async getOutbox(id: string): Promise<OutboxMessage | null> {
    const row = this.stmt('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    return row ? toOutboxMessage(row) : null;
  }

  /**
   * The outbox rows matching the filters that are set, oldest first. The WHERE clause names only those, so the
   * state and case indexes serve them: an outbox keeps its delivered rows (cards and all) for the retention period,
   * which a scan would read whole.
   */
  async listOutbox(filter: {
    state?: OutboxState;
    caseId?: string;
    kind?: string;
    limit?: number;
    offset?: number;
  }): Promise<OutboxMessage[]> {
    const where: string[] = [];
    const params: Record<string, string | number> = {
      limit: clampLimit(filter.limit, 100, MAX_LIMIT),
      offset: Math.max(Math.trunc(Number(filter.offset ?? 0)) || 0, 0),
    };
    for (const [column, name, value] of [
      ['state', 'state', filter.state],
      ['case_id', 'caseId', filter.caseId],
      ['kind', 'kind', filter.kind],
    ] as const) {
      if (value === undefined || value === null) continue;
      where.push(`${column} = @${name}`);
      params[name] = String(value);
    }
    const rows = this.stmt(
      `SELECT * FROM outbox ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at, seq LIMIT +@limit OFFSET @offset`,
    ).all(params) as OutboxRow[];
    return rows.map(toOutboxMessage);
  }

  async purgeOutbox(sentBefore: string): Promise<number> {
    // In chunks, so a first purge of a long-grown outbox never holds the write lock for long.
    const chunk = this.stmt(
      `DELETE FROM outbox WHERE seq IN (
         SELECT seq FROM outbox WHERE state = 'sent' AND sent_at < ? LIMIT ${PURGE_CHUNK})`,
    );
    let purged = 0;
    for (;;) {
      const { changes } = chunk.run(sentBefore);
      purged += changes;
      if (changes < PURGE_CHUNK) return purged;
    }
  }

  /** Counted on the state index (`outbox_due`): the delivered rows kept for the retention period are not read. */
  async outboxStats(): Promise<OutboxStats> {
    const row = this.stmt(
      `SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending') AS pending,
         (SELECT COUNT(*) FROM outbox WHERE state = 'dead') AS dead,
         (SELECT MIN(created_at) FROM outbox WHERE state = 'pending') AS oldest`,
    ).get() as { pending: number; dead: number; oldest: string | null };
    const stats: OutboxStats = { pending: row.pending, dead: row.dead };
    if (row.oldest !== null) stats.oldestPendingAt = row.oldest;
    return stats;
  }

  async deleteOutbox(ids: string[]): Promise<number> {
    const del = this.stmt('DELETE FROM outbox WHERE id = ?');
    return this.db
      .transaction(() => {
        let deleted = 0;
        for (const id of ids) deleted += del.run(id).changes;
        return deleted;
      })
      .immediate();
  }

  async rewriteOutboxPayload(id: string, payload: Record<string, unknown>): Promise<boolean> {
    const res = this.stmt("UPDATE outbox SET payload = ? WHERE id = ? AND state = 'pending'").run(
      JSON.stringify(payload),
      id,
    );
    return res.changes > 0;
  }

  // ---- conversations, processed events, refs ----

  async listConversations(limit?: number, offset?: number): Promise<ConversationRecord[]> {
    const rows = this.stmt(
      'SELECT key, state, updated_at, expires_at FROM conversations ORDER BY updated_at, key LIMIT +? OFFSET ?',
    ).all(clampLimit(limit, 1000, MAX_LIMIT), Math.max(Math.trunc(Number(offset ?? 0)) || 0, 0)) as {
      key: string;
      state: string;
      updated_at: string;
      expires_at: string;
    }[];
    return rows.map((row) => ({
      key: row.key,
      state: JSON.parse(row.state) as Record<string, unknown>,
      updatedAt: row.updated_at,
      expiresAt: row.expires_at,
    }));
  }

  async getConversation(key: string): Promise<ConversationRecord | null> {
    const row = this.stmt('SELECT key, state, updated_at, expires_at FROM conversations WHERE key = ?').get(key) as
      | { key: string; state: string; updated_at: string; expires_at: string }
      | undefined;
    if (!row) return null;
    return {
      key: row.key,
      state: JSON.parse(row.state) as Record<string, unknown>,
      updatedAt: row.updated_at,
      expiresAt: row.expires_at,
    };
  }

  async saveConversation(record: ConversationRecord): Promise<void> {
    this.stmt(
      `INSERT INTO conversations (key, state, updated_at, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at,
         expires_at = excluded.expires_at`,
    ).run(record.key, JSON.stringify(record.state), record.updatedAt, record.expiresAt);
  }

  async deleteConversation(key: string): Promise<void> {
    this.stmt('DELETE FROM conversations WHERE key = ?').run(key);
  }

  async purgeConversations(now: string): Promise<number> {
    return this.stmt('DELETE FROM conversations WHERE expires_at < ?').run(now).changes;
  }

  async markProcessed(eventId: string, expiresAt: string): Promise<boolean> {
    const now = this.nowIso();
    this.markCalls += 1;
    if (this.markCalls % PROCESSED_SWEEP_EVERY === 0) {
      this.stmt('DELETE FROM processed_events WHERE expires_at <= ?').run(now);
    }
    const res = this.stmt(
      `INSERT INTO processed_events (event_id, expires_at) VALUES (?, ?)
       ON CONFLICT (event_id) DO UPDATE SET expires_at = excluded.expires_at
       WHERE processed_events.expires_at <= ?`,
    ).run(eventId, expiresAt, now);
    return res.changes === 1;
  }

  async isProcessed(eventId: string): Promise<boolean> {
    const row = this.stmt('SELECT 1 AS seen FROM processed_events WHERE event_id = ? AND expires_at > ?').get(
      eventId,
      this.nowIso(),
    );
    return row !== undefined;
  }

  async putRef(kind: string, key: string, value: Record<string, unknown>): Promise<void> {
    this.stmt(
      `INSERT INTO refs (kind, key, value, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(kind, key, JSON.stringify(value), this.nowIso());
  }

  async putRefIfAbsent(kind: string, key: string, value: Record<string, unknown>): Promise<boolean> {
    const inserted = this.stmt(
      `INSERT INTO refs (kind, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, key) DO NOTHING`,
    ).run(kind, key, JSON.stringify(value), this.nowIso());
    return inserted.changes === 1;
  }

  async putRefIfOlder(
    kind: string,
    key: string,
    value: Record<string, unknown>,
    field: string,
    before: string,
  ): Promise<boolean> {
    // One statement: the stored record's time is read and replaced without a gap another writer could use. The
    // update's condition is false only for a string at or after `before` (a missing field compares as NULL).
    const path = `$.${refField(field)}`;
    const stored = this.stmt(
      `INSERT INTO refs (kind, key, value, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
       WHERE NOT ifnull(json_type(refs.value, ?) = 'text' AND json_extract(refs.value, ?) >= ?, 0)`,
    ).run(kind, key, JSON.stringify(value), this.nowIso(), path, path, String(before));
    return stored.changes === 1;
  }

  async getRef(kind: string, key: string): Promise<Record<string, unknown> | null> {
    const row = this.stmt('SELECT value FROM refs WHERE kind = ? AND key = ?').get(kind, key) as
      | { value: string }
      | undefined;
    return row ? (JSON.parse(row.value) as Record<string, unknown>) : null;
  }

  async listRefs(kind: string, fields?: readonly string[], options: ListRefsOptions = {}): Promise<RefRecord[]> {
    // With `fields`, SQLite builds the smaller objects: `value -> '$.f'` keeps a field's JSON (objects stay objects),
    // and `json_patch` onto `{}` drops the fields a record does not have (null).
    const picked =
      fields === undefined ? 'value' : `json_patch('{}', json_object(${fields.map(() => '?, value -> ?').join(', ')}))`;
    const params: unknown[] = (fields ?? []).flatMap((f) => [f, `$.${refField(f)}`]);
    params.push(kind);
    // `changedSince` reads through the index on (kind, updated_at): only the records written since.
    const since = options.changedSince === undefined ? '' : ' AND updated_at >= ?';
    if (options.changedSince !== undefined) params.push(options.changedSince);
    const rows = this.stmt(
      `SELECT key, ${picked} AS value, updated_at FROM refs WHERE kind = ?${since} ORDER BY key`,
    ).all(...params) as { key: string; value: string; updated_at: string }[];
    return rows.map((r) => ({
      key: r.key,
      value: JSON.parse(r.value) as Record<string, unknown>,
      updatedAt: r.updated_at,
    }));
  }

  async countRefs(kind: string): Promise<number> {
    return (this.stmt('SELECT count(*) AS n FROM refs WHERE kind = ?').get(kind) as { n: number }).n;
  }

  async deleteRef(kind: string, key: string): Promise<void> {
    this.stmt('DELETE FROM refs WHERE kind = ? AND key = ?').run(kind, key);
  }

  // ---- attachment files ----

  async saveFile(file: StoredFile): Promise<void> {
    // ON CONFLICT (id) rather than INSERT OR IGNORE: only an id stored already is skipped, while a row breaking
    // NOT NULL still fails loudly instead of vanishing.
    this.stmt(
      `INSERT INTO files (id, case_id, by_id, by_name, by_email, name, content_type, size, at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ).run(
      file.id,
      file.caseId ?? null,
      file.by.id,
      file.by.name,
      normEmail(file.by.email) ?? null,
      file.name,
      file.contentType,
      file.size,
      file.at,
      Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data),
    );
  }

  async getFile(id: string): Promise<StoredFile | null> {
    const row = this.stmt('SELECT * FROM files WHERE id = ?').get(id) as FileRow | undefined;
    return row ? toStoredFile(row) : null;
  }

  async linkFiles(ids: readonly string[], caseId: string): Promise<void> {
    if (ids.length === 0) return;
    this.stmt('UPDATE files SET case_id = ? WHERE case_id IS NULL AND id IN (SELECT value FROM json_each(?))').run(
      caseId,
      JSON.stringify(ids),
    );
  }

  async unlinkFiles(ids: readonly string[], caseId: string): Promise<void> {
    if (ids.length === 0) return;
    this.stmt('UPDATE files SET case_id = NULL WHERE case_id = ? AND id IN (SELECT value FROM json_each(?))').run(
      caseId,
      JSON.stringify(ids),
    );
  }

  async renameFile(id: string, name: string): Promise<void> {
    this.stmt('UPDATE files SET name = ? WHERE id = ?').run(name, id);
  }

  async deleteFiles(filter: FileFilter): Promise<number> {
    const where = fileWhere(filter);
    return where ? this.stmt(`DELETE FROM files WHERE ${where.sql}`).run(...where.params).changes : 0;
  }

  async scrubFreedSpace(): Promise<boolean> {
    // The rewritten cases' search entries are replaced first (a write only marks them pending): the old words go.
    await this.indexPendingSearch();
    // FTS5 `optimize` merges every segment into one: the entries a deletion only marked are dropped, and the pages
    // they were on freed (and zeroed). ~60 ms on 100 000 cases here.
    this.db.exec("INSERT INTO cases_search(cases_search) VALUES('optimize')");
    // The known-solution articles' index likewise: an erase or retention run saves articles again without the
    // person, and the replaced entries' words (a phone number, an e-mail's parts) stay in it until merged.
    this.db.exec("INSERT INTO articles_fts(articles_fts) VALUES('optimize')");
    // A truncating checkpoint waits for the readers of other connections: SQLite's own waiting, here only.
    this.db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
    try {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return result?.busy === 0;
    } finally {
      this.db.pragma('busy_timeout = 0');
    }
  }

  async listFiles(filter: FileFilter): Promise<FileInfo[]> {
    const where = fileWhere(filter);
    if (!where) return [];
    const rows = this.stmt(
      `SELECT id, case_id, by_id, by_name, by_email, name, content_type, size, at FROM files WHERE ${where.sql}
       ORDER BY at, id`,
    ).all(...where.params) as Omit<FileRow, 'data'>[];
    return rows.map(toFileInfo);
  }

  // ---- articles ----

  saveArticle(input: NewArticle): Promise<Article>;
  saveArticle(input: NewArticle, condition: ArticleCondition): Promise<Article | null>;
  async saveArticle(input: NewArticle, condition?: ArticleCondition): Promise<Article | null> {
    const sourceVersion = condition && 'sourceVersion' in condition ? condition.sourceVersion : input.sourceVersion;
    const article: Article = {
      ...input,
      id: input.id ?? randomUUID(),
      createdAt: input.createdAt ?? this.nowIso(),
      ...(sourceVersion !== undefined ? { sourceVersion } : {}),
      revision: randomUUID(),
    };
    const doc = JSON.stringify(article);
    const tx = this.db.transaction((): Article | null => {
      if (condition && !this.articleHolds(article.id, condition)) return null;
      const row = this.stmt(
        `INSERT INTO articles (id, locale, category_id, created_at, doc) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET locale = excluded.locale, category_id = excluded.category_id,
           created_at = excluded.created_at, doc = excluded.doc
         RETURNING seq`,
      ).get(article.id, article.locale, article.categoryId ?? null, article.createdAt, doc) as { seq: number };
      this.stmt('DELETE FROM articles_fts WHERE rowid = ?').run(row.seq);
      this.stmt('INSERT INTO articles_fts (rowid, title, body, keywords) VALUES (?, ?, ?, ?)').run(
        row.seq,
        article.title.normalize('NFC'),
        article.body.normalize('NFC'),
        ftsWords(article.keywords.join(' ')).join(' '),
      );
      return JSON.parse(doc) as Article;
    });
    return tx.immediate();
  }

  async getArticle(id: string): Promise<Article | null> {
    const row = this.stmt('SELECT doc FROM articles WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Article) : null;
  }

  /** Whether the stored article of that id meets `condition` (`ArticleCondition`); in the caller's transaction. */
  private articleHolds(id: string, condition: ArticleCondition): boolean {
    const row = this.stmt('SELECT doc FROM articles WHERE id = ?').get(id) as { doc: string } | undefined;
    const stored = row ? (JSON.parse(row.doc) as Article) : undefined;
    if ('revision' in condition) return stored !== undefined && (stored.revision ?? null) === condition.revision;
    return stored?.sourceVersion === undefined || stored.sourceVersion <= condition.sourceVersion;
  }

  async deleteArticle(id: string, condition?: ArticleCondition): Promise<boolean> {
    const tx = this.db.transaction((): boolean => {
      if (condition && !this.articleHolds(id, condition)) return false;
      const row = this.stmt('DELETE FROM articles WHERE id = ? RETURNING seq').get(id) as { seq: number } | undefined;
      if (row) this.stmt('DELETE FROM articles_fts WHERE rowid = ?').run(row.seq);
      return row !== undefined;
    });
    return tx.immediate();
  }

  async searchArticles(
    text: string,
    filter: { locale?: Locale; categoryId?: string; limit?: number } = {},
  ): Promise<ArticleHit[]> {
    const match = buildFtsQuery(text);
    if (match === null) return [];
    const rows = this.stmt(
      `SELECT a.doc AS doc, bm25(articles_fts, ${BM25_WEIGHTS}) AS rank
       FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
       WHERE articles_fts MATCH @match AND (@locale IS NULL OR a.locale = @locale)
         AND (@categoryId IS NULL OR a.category_id = @categoryId)
       ORDER BY rank, a.seq LIMIT +@limit`,
    ).all({
      match,
      locale: filter.locale ?? null,
      categoryId: filter.categoryId ?? null,
      limit: clampLimit(filter.limit, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT),
    }) as { doc: string; rank: number }[];
    return rows.map((r) => ({ article: JSON.parse(r.doc) as Article, score: -r.rank }));
  }

  async listArticles(): Promise<Article[]> {
    const rows = this.stmt('SELECT doc FROM articles ORDER BY created_at DESC, seq DESC').all() as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as Article);
  }
}

/**
 * SQLite result codes (better-sqlite3 `SqliteError.code`, extended codes included) that mean the database cannot
 * be used right now — locked past the busy timeout, disk full or failing, read-only, gone — rather than a bug.
 */
const SQLITE_OUTAGES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL|NOMEM|CORRUPT|NOTADB)(_|$)/;

/** The outage behind a better-sqlite3 error, or undefined for anything else (see `translateStoreFaults`). */
export function sqliteOutage(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : '';
  if (typeof code === 'string' && SQLITE_OUTAGES.test(code)) return `${code}: ${message}`;
  if (err instanceof TypeError && /database connection is not open/.test(message)) return message;
  return undefined;
}

retryWhileBusy(
  SqliteCaseStore.prototype,
  [...CASE_STORE_METHODS.filter((m) => m !== 'init' && m !== 'close' && m !== 'ping'), 'indexPendingSearch'],
  (store) => store.busyPatienceMs,
);
translateStoreFaults(SqliteCaseStore.prototype, 'SQLite', sqliteOutage);
