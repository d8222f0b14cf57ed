import type { AttachmentRef, Case, CaseStatus, CaseType, Locale, NewCase, PersonRef } from './case.js';

/**
 * The durable outbox: every outbound chat message is written here in the same store operation as the case
 * change that causes it, then delivered by the dispatcher (at least once; `key` makes a retry idempotent).
 */
export interface OutboxDraft {
  /** Idempotency key: enqueueing a key that exists already is a no-op. */
  key: string;
  /** The kind of delivery, e.g. `notify_user`, `post_card`, `update_card`, `thread_reply`, `ping`. */
  kind: string;
  caseId?: string;
  payload: Record<string, unknown>;
  /** Earliest delivery time (default: now). */
  notBefore?: string;
}

export type OutboxState = 'pending' | 'sent' | 'dead';

export interface OutboxMessage extends Required<Omit<OutboxDraft, 'caseId' | 'notBefore'>> {
  id: string;
  caseId?: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  leaseOwner?: string;
  leaseUntil?: string;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
  /**
   * Whatever the gateway returned on success (e.g. the posted message id), for later steps. On a message not
   * delivered yet (pending, or dead): what an attempt that got only part of the way did get out (the threads or
   * channels it reached; `retryOutbox`/`deadOutbox` with `progress`), which the next attempt skips.
   */
  result?: Record<string, unknown>;
}

export interface OutboxStats {
  pending: number;
  dead: number;
  /** Creation time of the oldest pending message. */
  oldestPendingAt?: string;
}

/** Intake conversation state (or any per-conversation state), with an expiry. */
export interface ConversationRecord {
  key: string;
  state: Record<string, unknown>;
  updatedAt: string;
  expiresAt: string;
}

/**
 * A chat's draft as one conversation engine read it at the start of a turn, and when it last took a turn (null
 * when none is open). Handed back to the engine's `handle` so the turn reads the draft once.
 */
export interface ConversationPeek {
  readonly record: ConversationRecord | null;
  readonly since: string | null;
}

/** An answer id `CaseQuery.answer` may name: a plain id, never a path or an operator. */
export const ANSWER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface CaseQuery {
  /** Only these cases (by id; unknown ids are no error). */
  ids?: string[];
  /** Cases whose user or reporter is this person id. */
  personId?: string;
  /**
   * Also cases whose user or reporter has this e-mail (case-insensitive): the same person on the other platform
   * (a case reported in Teams, looked up in Slack). Only together with `personId`.
   */
  personEmail?: string;
  groupIds?: string[];
  ownerGroupIds?: string[];
  statuses?: CaseStatus[];
  assigneeId?: string;
  /**
   * Cases whose assignee has this e-mail (case-insensitive): the same person under another id (claimed in Teams,
   * asked in Slack; assigned by e-mail before the directory knew them, `email:<address>`). Given with
   * `assigneeId`, the cases of either. A blank e-mail alone matches nothing.
   */
  assigneeEmail?: string;
  caseOwnerId?: string;
  /** Cases whose case owner has this e-mail; with `caseOwnerId`, of either (as `assigneeEmail`). */
  caseOwnerEmail?: string;
  parentId?: string;
  /**
   * Only reports linked to a major incident (`parentId` set). With a status, read on an index (SQLite: the status
   * one, `parent_id` checked in the row; MongoDB: the sparse `parent`), never every case: the SLA sweeper's start-up
   * pass over the linked reports awaiting their user (`catchUpLinkedAwaiting`) reads those few.
   */
  linked?: true;
  type?: CaseType;
  categoryId?: string;
  /**
   * Only cases declared a major incident (`major` set), on an index of their own: an intake step asks for the open
   * ones, so the cost follows the open major incidents, not every one ever declared nor every open case.
   */
  major?: true;
  /**
   * Cases whose answer `id` is the text `value`: an equipment order's approval state, which its case keeps as the
   * text answer `approval` (the order sweeper asks for `approval: 'pending'` wherever the order is). `id` is a plain
   * answer id (`ANSWER_ID`: letters, digits, `_`, `-`); any other matches nothing. A number or yes/no answer is not
   * text and never matches. Only orders have an `approval` answer, and both adapters hold the pending ones on an
   * index of their own (SQLite: `cases_approval_pending`, see `caseWhere`; MongoDB: `answers_approval_status`).
   */
  answer?: { id: string; value: string };
  /** createdAt >= createdFrom and < createdTo. */
  createdFrom?: string;
  createdTo?: string;
  /** Newest first; default 50, max 10 000. */
  limit?: number;
  offset?: number;
}

/**
 * A staff search over cases (`search printer 1485`, `search anna@au.dk`, `similar INC-000123`). At least one of
 * `words` and `personEmail` is given; both narrow the result.
 */
export interface CaseSearchQuery {
  /**
   * Words to find, case-insensitively, each as the beginning of a word (`print` finds "Printeren", `rint` does
   * not), in the case's searchable text: number, title, description, solution, every note's text (internal ones
   * too), the user's and the reporter's name and e-mail, the assignee's name and the vendor. The words are plain
   * text: no operators, quotes or wildcards are read from them. At most `MAX_SEARCH_WORDS` distinct words are used.
   */
  words?: string[];
  /**
   * `'all'` (default): only cases containing every word, newest first (`createdAt` descending, then the later
   * created). `'any'` (similar cases): cases containing at least one word, those containing the most distinct
   * words first, then newest first. For `'any'`, each word contributes only its `CASE_SEARCH_WORD_CAP` (1000)
   * newest matching cases (the person's, with `personEmail`; newest by creation order in SQLite, by `createdAt` in
   * MongoDB, the same unless cases are stored out of time order): a case beyond the 1000 newest matches of every
   * one of its words is not found, so a common word cannot make the search slow. Without words it makes no
   * difference.
   */
  match?: 'all' | 'any';
  /** Cases never returned, by id (the case whose similar cases are wanted). */
  excludeIds?: string[];
  /** Only cases whose user or reporter has this e-mail (case-insensitive). */
  personEmail?: string;
  /** Default 20, max 200. */
  limit?: number;
}

/** A knowledge article (known solution). */
export interface Article {
  id: string;
  title: string;
  body: string;
  keywords: string[];
  categoryId?: string;
  locale: Locale;
  /** Case number the article was made from, if any. */
  sourceCase?: string;
  /**
   * The version of the source case whose change recorded the save (`article_saved`), when saved with
   * `{ sourceVersion }`: a save from an earlier version of the case never replaces it (see `saveArticle`).
   */
  sourceVersion?: number;
  createdAt: string;
  createdBy?: PersonRef;
  /**
   * Set by the store on every save, a new value each time (what is passed in is ignored): a conditional save
   * (`{ revision }`) replaces exactly the article that was read. Absent on articles saved before revisions.
   */
  revision?: string;
}

/**
 * When a conditional `saveArticle`/`deleteArticle` writes (checked with the write, atomically): `revision` — the
 * stored article of that id is still the one read (its `revision`; null: one saved before revisions), so an
 * article deleted since is never re-created and a later save never overwritten; `sourceVersion` — no stored
 * article of that id was saved from a later version of its source case (a save of an earlier resolution that lands
 * late loses; one saved without a version, by hand or before versions, is replaced).
 */
export type ArticleCondition = { revision: string | null } | { sourceVersion: number };

export type NewArticle = Omit<Article, 'id' | 'createdAt'> & { id?: string; createdAt?: string };

export interface ArticleHit {
  article: Article;
  /** Higher is better; comparable only within one result list. */
  score: number;
}

/**
 * An attachment's bytes with its description. `caseId` is absent while the file belongs to a report draft that is
 * not registered yet (`linkFiles` sets it on registration).
 */
export interface StoredFile extends AttachmentRef {
  caseId?: string;
  data: Buffer;
}

/** A stored file's description, without its bytes (what `listFiles` returns). */
export type FileInfo = Omit<StoredFile, 'data'>;

/**
 * Which files `deleteFiles` removes and `listFiles` lists (one criterion per call): those of these cases
 * (anonymised or erased cases); those sent by a person, matched by platform id or e-mail (`admin erase`, `admin
 * export`); or those never linked to a case and saved before a time (abandoned report drafts).
 */
export type FileFilter =
  | { caseIds: readonly string[] }
  | { by: { id?: string; email?: string } }
  | { unlinkedBefore: string };

/** One versioned case write of `CaseStore.updateCases`; `releaseTimerOwner` frees that owner's timer lease too. */
export interface CaseWrite {
  next: Case;
  expectedVersion: number;
  outbox?: OutboxDraft[];
  releaseTimerOwner?: string;
}

/** What became of one `CaseWrite`: stored at `version`, or refused because the case moved on or is gone. */
export type CaseWriteResult =
  | { ok: true; id: string; version: number }
  | { ok: false; id: string; code: 'CASE.CONFLICT' | 'CASE.NOT_FOUND' };

/** Result of an atomic claim: refused with the winner when somebody else holds the case. */
export type ClaimResult = { ok: true; case: Case } | { ok: false; case: Case; holder: PersonRef };

/**
 * The port every use case stores through. Adapters: embedded SQLite (default) and MongoDB. One contract test
 * suite (test/models/case-store-contract.ts) runs against both.
 */
export interface CaseStore {
  readonly kind: 'sqlite' | 'mongo';
  /** Opens, migrates and checks the store; throws `STORE.UNAVAILABLE`/`STORE.CORRUPT` with a clear message. */
  init(): Promise<void>;
  /** True while the store answers (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;

  /**
   * Creates a case with the next number of its type (atomic counter) and enqueues `outbox` in the same atomic
   * operation. Pass a function to build drafts that need the assigned id or number (receipts). When `draft.id`
   * names a case that exists already, no case is written (no number used) and that case is returned: a retried
   * registration never makes a second case. Its drafts (built from that case) are enqueued then only while the case
   * is unchanged since it was created (version 1), where a key written already is a no-op: a retry gets the
   * messages a first attempt may have lost (MongoDB without transactions writes them after the case), and a case
   * someone has changed since gets no registration messages again.
   */
  createCase(draft: NewCase, outbox?: OutboxDraft[] | ((created: Case) => OutboxDraft[])): Promise<Case>;
  getCase(id: string): Promise<Case | null>;
  getCaseByNumber(number: string): Promise<Case | null>;
  /**
   * Writes `next` if the stored version still equals `expectedVersion`; the stored version becomes
   * `expectedVersion + 1` and `updatedAt` is set. Throws `AppError('CASE.CONFLICT')` otherwise (never a lost
   * update). The outbox drafts are written in the same atomic operation.
   */
  updateCase(next: Case, expectedVersion: number, outbox?: OutboxDraft[]): Promise<Case>;
  /**
   * Atomic claim: applies `apply` and stores the result only while the case has no assignee; otherwise returns
   * the current holder. Safe under any number of simultaneous callers: exactly one wins.
   */
  claimCase(
    id: string,
    claimant: PersonRef,
    apply: (current: Case) => Case,
    outbox?: (claimed: Case) => OutboxDraft[],
  ): Promise<ClaimResult>;
  /**
   * Optional (SQLite has it): many `updateCase` writes, each with its outbox drafts and lease release, in ONE
   * transaction, for the SLA sweeper's batches. Each write keeps its own version check: a moved case is reported
   * in its result and the other writes still go in. Callers fall back to `updateCase` when it is missing.
   */
  updateCases?(writes: readonly CaseWrite[]): Promise<CaseWriteResult[]>;
  findCases(query: CaseQuery): Promise<Case[]>;
  countCases(query: Omit<CaseQuery, 'limit' | 'offset'>): Promise<number>;
  /** Staff search: cases matching every word, or ranked by how many they match (see `CaseSearchQuery`). */
  searchCases(query: CaseSearchQuery): Promise<Case[]>;

  /**
   * Leases up to `limit` cases whose `nextTimerAt <= now` and whose timer lease is free or expired, to `owner`
   * until `now + leaseMs`. Two sweepers never get the same case while a lease holds. Cost grows with the number
   * of due cases (indexed), not with the number of open cases.
   */
  claimDueTimers(now: string, owner: string, leaseMs: number, limit: number): Promise<Case[]>;
  /** Frees a timer lease early (after the sweeper has stored the case's next timer). */
  releaseTimer(caseId: string, owner: string): Promise<void>;

  enqueueOutbox(drafts: OutboxDraft[]): Promise<void>;
  /**
   * Leases due pending messages (nextAttemptAt <= now, lease free or expired), oldest first: by creation time, then
   * in the order they were written (drafts written together keep their order). A case's messages go out in the
   * order they were written: a message is held back while an earlier pending message of its case is leased by
   * another owner (being delivered there) or waits for a retry (tried before and due later); the earlier ones that
   * are due come first in the same claim. A message written to go out later (`notBefore`) and not tried yet holds
   * nothing back, nor do dead or delivered ones; messages without a case are never held back. (Nor does a message
   * still leased to `owner` itself: a dispatcher claims once its previous batch is done, so that is one whose
   * outcome could not be recorded.) The check reads only the case's pending messages (indexed), not the delivered
   * ones kept for the retention period.
   */
  claimOutbox(now: string, owner: string, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
  /**
   * Hands leased messages back undelivered (the dispatcher did not get to them: an earlier message of their case
   * failed): the lease is freed and the attempt the claim counted is given back, so they are due again at once and
   * lose none of their attempts. Only messages still pending and leased to `owner` are touched.
   */
  releaseOutbox(ids: readonly string[], owner: string): Promise<void>;
  /**
   * Extends the lease of a message `owner` still holds — pending and leased to it, even if the lease has run out
   * meanwhile (nobody else claimed it, so nobody else is sending it) — to `now + leaseMs`; a later deadline it has
   * already is kept. False when the message is no longer its owner's: claimed by another dispatcher, delivered,
   * handed back, given up or deleted. The dispatcher renews the lease while it delivers a message, so a delivery of
   * several platform calls never outlasts it, and stops delivering when this says it lost the message.
   */
  renewOutboxLease(id: string, owner: string, now: string, leaseMs: number): Promise<boolean>;
  ackOutbox(id: string, owner: string, sentAt: string, result?: Record<string, unknown>): Promise<void>;
  /**
   * Reschedules a leased message for `nextAttemptAt` with its error; it keeps its place in its case's order (the
   * case's later messages wait for it, see `claimOutbox`). `progress`, when given, replaces the message's `result`:
   * what the message got out so far when it reached some of its threads or channels but not all.
   */
  retryOutbox(
    id: string,
    owner: string,
    nextAttemptAt: string,
    error: string,
    progress?: Record<string, unknown>,
  ): Promise<void>;
  /** Gives a leased message up (dead letter) with its error; `progress` as for `retryOutbox`. */
  deadOutbox(id: string, owner: string, error: string, progress?: Record<string, unknown>): Promise<void>;
  getOutbox(id: string): Promise<OutboxMessage | null>;
  /** Messages oldest first; `offset` pages through more than `limit` (default 100, max 10 000). */
  listOutbox(filter: {
    state?: OutboxState;
    caseId?: string;
    kind?: string;
    limit?: number;
    offset?: number;
  }): Promise<OutboxMessage[]>;
  outboxStats(): Promise<OutboxStats>;
  /** Deletes outbox messages by id (data protection: erased or anonymised people); returns how many. */
  deleteOutbox(ids: string[]): Promise<number>;
  /**
   * Replaces the payload of a message that is still pending (data protection: a message to staff about an erased
   * person's case still goes, without the person in it); its state, attempts, lease and progress stay as they are.
   * False when the message is gone or no longer pending (delivered or given up meanwhile).
   */
  rewriteOutboxPayload(id: string, payload: Record<string, unknown>): Promise<boolean>;
  /**
   * Deletes delivered messages sent before `sentBefore` (retention: a delivered message's copy is no longer
   * needed); pending and dead messages stay whatever their age. Returns how many.
   */
  purgeOutbox(sentBefore: string): Promise<number>;

  getConversation(key: string): Promise<ConversationRecord | null>;
  saveConversation(record: ConversationRecord): Promise<void>;
  deleteConversation(key: string): Promise<void>;
  /**
   * Unexpired and expired conversations alike, oldest first, at most `limit` (default 1 000, max 10 000), after
   * skipping `offset` (default 0) to page through more.
   */
  listConversations(limit?: number, offset?: number): Promise<ConversationRecord[]>;
  /** Deletes conversations that expired before `now`; returns how many. */
  purgeConversations(now: string): Promise<number>;

  /** Records an inbound event id; true the first time, false for a duplicate (until it expires). */
  markProcessed(eventId: string, expiresAt: string): Promise<boolean>;
  /**
   * Whether `eventId` is recorded and not expired, without recording it: for once-a-day work that marks itself
   * done only after the work is stored (a failure in between then leaves it to the next run).
   */
  isProcessed(eventId: string): Promise<boolean>;

  /** Small durable key-value records: Teams conversation references, captured channels, caches. */
  putRef(kind: string, key: string, value: Record<string, unknown>): Promise<void>;
  /**
   * Stores the record only when none is stored under the key; true when this call stored it. Two instances making
   * the same one-off record (a signing key) at once then keep the same one.
   */
  putRefIfAbsent(kind: string, key: string, value: Record<string, unknown>): Promise<boolean>;
  /**
   * Stores the record when none is stored under the key, or when the stored one's `field` (a top-level field holding
   * an ISO time; letters, digits and `_`) is missing, not a string, or earlier than `before`; true when this call
   * stored it. A mark that allows something once a period (a group's no-channel alert, once a day) is claimed with
   * it: of several instances claiming it at once, one stores it and acts.
   */
  putRefIfOlder(
    kind: string,
    key: string,
    value: Record<string, unknown>,
    field: string,
    before: string,
  ): Promise<boolean>;
  getRef(kind: string, key: string): Promise<Record<string, unknown> | null>;
  /**
   * Every record of a kind, by key. With `fields` (top-level field names, letters, digits and `_`), each value holds
   * only those of them it has: a listing that needs a few fields of large records (the people the bot has met,
   * each with a conversation reference) does not read the rest.
   */
  listRefs(kind: string, fields?: readonly string[], options?: ListRefsOptions): Promise<RefRecord[]>;
  /** How many records of a kind are stored (a cache that reads only changes uses it to notice deletions). */
  countRefs(kind: string): Promise<number>;
  deleteRef(kind: string, key: string): Promise<void>;

  /** Stores an attachment's bytes (insert; an id already stored is left as it is). */
  saveFile(file: StoredFile): Promise<void>;
  getFile(id: string): Promise<StoredFile | null>;
  /** Attaches draft files to the case registered from the draft; ids already linked or unknown are skipped. */
  linkFiles(ids: readonly string[], caseId: string): Promise<void>;
  /**
   * Takes files back off the case they were linked to for a write that then failed (a user's reply whose case write
   * conflicted at each try, or met an outage): unlinked, they are purged as any file no case took. Ids linked to
   * another case, or unknown, are skipped.
   */
  unlinkFiles(ids: readonly string[], caseId: string): Promise<void>;
  /** Deletes files (see `FileFilter`); returns how many. */
  deleteFiles(filter: FileFilter): Promise<number>;
  /**
   * Renames a stored file (the name it is downloaded under), as its description on the case was renamed: an erase
   * takes the person's name out of the names of other people's files that stay. An unknown id is skipped.
   */
  renameFile(id: string, name: string): Promise<void>;
  /**
   * After personal data was erased or anonymised: makes what was deleted or overwritten unrecoverable from the
   * store's own files as far as the store can. SQLite zeroes deleted content as it goes (`secure_delete`); this
   * merges the case search index (the words of deleted entries stay in its segments until then) and checkpoints
   * and truncates the WAL (which holds earlier page images). True when done; false when the WAL could not be
   * truncated now (a reader held it) — the next truncation removes them — or the store cannot (MongoDB keeps a
   * deleted document's bytes in its data files until WiredTiger reuses the space).
   */
  scrubFreedSpace(): Promise<boolean>;
  /** Describes the files `deleteFiles` would delete (see `FileFilter`), without their bytes, oldest first. */
  listFiles(filter: FileFilter): Promise<FileInfo[]>;

  /** Stores the article (a new one, or in place of the one with its id) with its search entry and a new `revision`. */
  saveArticle(article: NewArticle): Promise<Article>;
  /**
   * As `saveArticle`, only when `condition` holds (`ArticleCondition`); null, and nothing written, when not. With
   * `{ sourceVersion }` the article is stored with that `sourceVersion`.
   */
  saveArticle(article: NewArticle, condition: ArticleCondition): Promise<Article | null>;
  getArticle(id: string): Promise<Article | null>;
  /**
   * Deletes an article and its search entry (a known solution withdrawn: its case was reopened); true when there
   * was one. With `condition`, only when it holds (`ArticleCondition`: a stale writer's clean-up never deletes the
   * article a later save wrote).
   */
  deleteArticle(id: string, condition?: ArticleCondition): Promise<boolean>;
  /** Ranked full-text search (SQLite FTS5, MongoDB text index); filters are optional. */
  searchArticles(
    text: string,
    filter?: { locale?: Locale; categoryId?: string; limit?: number },
  ): Promise<ArticleHit[]>;
  listArticles(): Promise<Article[]>;
}

/** A record listed by `listRefs`: its key, its value (or the fields asked for) and when it was last written. */
export interface RefRecord {
  key: string;
  value: Record<string, unknown>;
  /** ISO time of the last `putRef`, by the clock of the store (instance) that wrote it. */
  updatedAt: string;
}

export interface ListRefsOptions {
  /**
   * Only the records written at or after this ISO time (by an index on kind and time): a cache of many records
   * reads what changed since its last read instead of all of them.
   */
  changedSince?: string;
}

/**
 * A field name `listRefs` may pick (letters, digits, `_`): it goes into a JSON path (SQLite) or a projection
 * (MongoDB). Anything else is a programming error.
 */
export function refField(name: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new TypeError(`listRefs: not a plain field name: ${JSON.stringify(name)}`);
  return name;
}
