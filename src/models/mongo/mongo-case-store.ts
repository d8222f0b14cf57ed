import { randomUUID } from 'node:crypto';
import mongoose, { type ClientSession, type Connection } from 'mongoose';
import { articlePrefixes, articleSearchWords } from '../article-search.js';
import type { Case, CaseType, Locale, NewCase, PersonRef } from '../case.js';
import { CASE_STATUSES, formatCaseNumber, normEmail } from '../case.js';
import {
  caseSearchExcludeIds,
  caseSearchLimit,
  caseSearchMatch,
  caseSearchText,
  caseSearchWordCap,
  countWordHits,
  rankWordHits,
} from '../case-search.js';
import type {
  Article,
  ArticleCondition,
  ArticleHit,
  CaseQuery,
  CaseSearchQuery,
  CaseStore,
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
import { translateStoreFaults } from '../store-faults.js';
import { caseSearchFilter, caseSearchWordFilters } from './case-search-filter.js';
import {
  articleFromDocument,
  articleToDocument,
  caseFromDocument,
  caseToDocument,
  caseUpdate,
  conversationFromDocument,
  conversationToDocument,
  fileFromDocument,
  fileInfoFromDocument,
  fileToDocument,
  outboxDocumentFromDraft,
  outboxFromDocument,
  personEmailsOf,
  staffEmailsOf,
} from './documents.js';
import { redactMongoUri, scrubSecrets } from './redact-uri.js';
import { type MongoModels, registerModels, SUPERSEDED_INDEXES } from './schemas.js';
import { sanitizeSearchText } from './search-text.js';

/** Operators the adapter writes itself; user values are never put where an operator could be read from them. */
const { trusted } = mongoose;

type Doc = Record<string, unknown>;
type Filter = Record<string, unknown>;

export interface MongoCaseStoreOptions {
  /** `mongodb://` or `mongodb+srv://` connection string. */
  uri: string;
  /** Database name; default: the one in the URI (or `test`, the driver's default). */
  dbName?: string;
  /** How long `init()` waits for a server before giving up; default 5000 ms. */
  serverSelectionTimeoutMS?: number;
  /** Time source for `createdAt`/`updatedAt`; default the system clock. */
  now?: () => Date;
  /** `searchCases` with `match: 'any'`: the newest matches considered per word (default `CASE_SEARCH_WORD_CAP`). */
  caseSearchWordCap?: number;
  /**
   * Where start-up warnings go (a server without transactions); default `process.emitWarning`, which Node prints on
   * stderr. The composition root may pass its logger's `warn`.
   */
  warn?: (message: string) => void;
}

/** The start-up warning of a server without transactions (a standalone `mongod`). */
export const NO_TRANSACTIONS_WARNING =
  'MongoDB: the server has no transactions (a standalone mongod, not a replica set): a case change and its outbox ' +
  'messages are written one after the other, so a failure between the two loses those messages (a retried ' +
  'registration writes them again; a case update or claim does not). Run a replica set (a single node is enough) ' +
  'or Atlas in production.';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 10_000;
const DEFAULT_SEARCH_LIMIT = 10;
const MAX_SEARCH_LIMIT = 100;
const DUPLICATE_KEY = 11000;
/**
 * A `$regex` for a text with a character that is not white space as JavaScript's `trim` (and so `normEmail`) sees
 * it. A pattern string holding the white space as the characters themselves (the template literal makes them so):
 * the server's regular expressions take `\s` as ASCII white space only and know no `\u` escapes, and a `RegExp`
 * would send its `source`, in which the line separators are `\u` escapes again.
 */
const NOT_BLANK = `[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]`;

/** A unique-index violation, as a plain server error or as the first write error of a bulk write. */
function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; writeErrors?: { code?: unknown }[] };
  return e.code === DUPLICATE_KEY || e.writeErrors?.[0]?.code === DUPLICATE_KEY;
}

/** The filter an article must match for a conditional write (`ArticleCondition`). */
function articleFilter(condition: ArticleCondition): Record<string, unknown> {
  if ('revision' in condition) return { revision: condition.revision === null ? null : String(condition.revision) };
  return { $or: [{ sourceVersion: null }, { sourceVersion: trusted({ $lte: Number(condition.sourceVersion) }) }] };
}

/** `limit` within 0..max (`fallback` when absent or not a number). Callers return [] for 0: Mongo reads 0 as "no limit". */
function clampLimit(limit: number | undefined, fallback: number, max = MAX_LIMIT): number {
  const n = Math.trunc(Number(limit ?? fallback));
  if (Number.isNaN(n)) return fallback;
  return Math.min(Math.max(n, 0), max);
}

function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/** Excludes what one claim call has leased already (a lease so short it has expired must not repeat a row). */
const notIn = (claimed: { id: string }[]): Filter =>
  claimed.length === 0 ? {} : { _id: trusted({ $nin: claimed.map((c) => c.id) }) };

/** Drafts of a case's change, each tied to the case unless it names one itself. */
const forCase = (drafts: OutboxDraft[], caseId: string): OutboxDraft[] =>
  drafts.map((d) => (d.caseId === undefined ? { ...d, caseId } : d));

/** An outbox document's place in the claim order: creation time, then `seq` (missing on older messages: first). */
interface OutboxPlace {
  createdAt: string;
  seq: number;
}
const placeOf = (doc: Doc): OutboxPlace => ({
  createdAt: String(doc['createdAt']),
  seq: typeof doc['seq'] === 'number' ? doc['seq'] : -1,
});
const before = (a: OutboxPlace, b: OutboxPlace): boolean =>
  a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.seq < b.seq);

/** `{ session }` inside a transaction, nothing outside one. */
const withSession = (session: ClientSession | undefined): { session?: ClientSession } => (session ? { session } : {});

const strings = (values: readonly unknown[]): string[] => values.map((v) => String(v));

/** The files a `FileFilter` selects; null when it selects none (no case ids, or a sender with neither key). */
function fileFilter(filter: FileFilter): Filter | null {
  if ('caseIds' in filter) {
    if (filter.caseIds.length === 0) return null;
    return { caseId: trusted({ $in: strings(filter.caseIds) }) };
  }
  if ('by' in filter) {
    const either: Filter[] = [];
    if (filter.by.id !== undefined) either.push({ 'by.id': String(filter.by.id) });
    const email = normEmail(filter.by.email);
    if (email !== undefined) either.push({ 'by.email': email });
    return either.length === 0 ? null : { $or: either };
  }
  // `caseId: null` matches the files that have none (never linked), on the `case_at` index.
  return { caseId: null, at: trusted({ $lt: String(filter.unlinkedBefore) }) };
}

/**
 * The `CaseStore` on MongoDB (mongoose 9), for production: several bot instances share one replica set or
 * Atlas cluster. Each store opens its own connection (`mongoose.createConnection`), so two stores never share
 * models or state. Filters are built only from typed parameters, strings are cast with `String()`, and the
 * connection runs with `sanitizeFilter`, so text a person typed can never act as a query operator.
 *
 * Atomicity: a case change and the outbox messages it causes are written in one transaction when the server
 * supports transactions (replica set or sharded cluster, which includes Atlas). A standalone `mongod` has no
 * transactions: there the case is written first and its outbox messages right after, so a crash or an error between
 * the two writes can lose those messages (the case itself is never half-written). A retried registration writes
 * them again (`createCase` with the same id, see the port); an update or claim cannot, as its retry finds the case
 * moved on. `init()` warns about it (`NO_TRANSACTIONS_WARNING`). Run a replica set (a single-node one is enough) in
 * production.
 *
 * Article search uses a text index without stemming (`default_language: 'none'`, so Danish is indexed word for
 * word): it matches whole words only, where the SQLite adapter also matches prefixes of three letters or more.
 * Case search (`searchCases`) matches word prefixes in the store-only `searchText`, as the SQLite adapter does.
 */
export class MongoCaseStore implements CaseStore {
  readonly kind = 'mongo' as const;
  private readonly conn: Connection;
  private readonly m: MongoModels;
  private readonly uri: string;
  private readonly dbName: string | undefined;
  private readonly selectionTimeoutMs: number;
  private readonly clock: () => Date;
  private readonly wordCap: number;
  private transactions = false;
  private opened = false;
  private readonly warn: (message: string) => void;
  /** The last outbox `seq` written (see `nextOutboxSeq`). */
  private outboxSeq = 0;

  constructor(opts: MongoCaseStoreOptions) {
    this.uri = String(opts.uri);
    this.dbName = opts.dbName;
    this.selectionTimeoutMs = opts.serverSelectionTimeoutMS ?? 5000;
    this.clock = opts.now ?? (() => new Date());
    this.wordCap = caseSearchWordCap(opts.caseSearchWordCap);
    this.warn =
      opts.warn ?? ((message) => process.emitWarning(message, { code: 'INCIDENT_BOT_MONGO_NO_TRANSACTIONS' }));
    // Not connected yet: init() opens it, so constructing a store never touches the network.
    this.conn = mongoose.createConnection();
    this.m = registerModels(this.conn);
  }

  /** Whether case changes and their outbox messages are written in one transaction (known after init). */
  get usesTransactions(): boolean {
    return this.transactions;
  }

  private nowIso(): string {
    return this.clock().toISOString();
  }

  async init(): Promise<void> {
    let phase: 'connect' | 'setup' = 'connect';
    try {
      await this.conn.openUri(this.uri, {
        ...(this.dbName ? { dbName: this.dbName } : {}),
        serverSelectionTimeoutMS: this.selectionTimeoutMs,
        sanitizeFilter: true,
        autoIndex: false,
        autoCreate: false,
        bufferCommands: false,
        ignoreUndefined: true,
      });
      const hello = await this.db().admin().command({ hello: 1 });
      this.transactions = typeof hello['setName'] === 'string' || hello['msg'] === 'isdbgrid';
      if (!this.transactions) this.warn(NO_TRANSACTIONS_WARNING);
      phase = 'setup';
      for (const model of Object.values(this.m)) {
        await model.createCollection().catch((err: unknown) => {
          // 48 NamespaceExists: another instance created it first.
          if ((err as { code?: unknown }).code !== 48) throw err;
        });
      }
      await this.dropSupersededIndexes();
      for (const model of Object.values(this.m)) await model.createIndexes();
      await this.backfillPersonEmails();
      await this.backfillStaffEmails();
      await this.backfillSearchText();
      await this.backfillArticlePrefixes();
      this.opened = true;
    } catch (err) {
      await this.conn.close(true).catch(() => undefined);
      this.opened = false;
      const reason = scrubSecrets(err instanceof Error ? err.message : String(err), this.uri);
      const where = redactMongoUri(this.uri);
      const what = phase === 'connect' ? 'is not reachable' : 'could not be set up (collections, indexes)';
      throw new AppError(
        'STORE.UNAVAILABLE',
        `MongoDB at ${where} ${what}: ${reason}`,
        { uri: where, reason },
        { cause: err },
      );
    }
  }

  /** Drops the indexes later ones replace (`SUPERSEDED_INDEXES`); gone already is fine. */
  private async dropSupersededIndexes(): Promise<void> {
    for (const [model, names] of Object.entries(SUPERSEDED_INDEXES) as [keyof MongoModels, readonly string[]][]) {
      for (const name of names) {
        await this.m[model].collection.dropIndex(name).catch((err: unknown) => {
          // 27 IndexNotFound: never made here, or another instance dropped it first.
          if ((err as { code?: unknown }).code !== 27) throw err;
        });
      }
    }
  }

  /**
   * Articles saved before `prefixes` existed get them once (`articlePrefixes`), so the text index finds them; a
   * no-op once every article has them. Articles are few, so they are read whole.
   */
  private async backfillArticlePrefixes(): Promise<void> {
    const articles = this.m.articles.collection;
    const missing = await articles.find({ prefixes: { $exists: false } }).toArray();
    if (missing.length === 0) return;
    await articles.bulkWrite(
      missing.map((doc) => ({
        updateOne: {
          filter: { _id: doc['_id'], prefixes: { $exists: false } },
          update: { $set: { prefixes: articlePrefixes(articleFromDocument(doc)) } },
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Cases written before `personEmails` existed get it once, so a person's older cases are found by e-mail too. The
   * e-mails are lower-cased here with `personEmailsOf` (`normEmail`: all of Unicode, as every write does), not by
   * the server (`$toLower` lower-cases ASCII letters only, so "ØSTER@AU.DK" would not be found as "øster@au.dk"):
   * the user's and reporter's e-mails are read in batches and written back while the case still lacks the field. A
   * no-op once every case has it.
   */
  private async backfillPersonEmails(): Promise<void> {
    const email = (p: { email?: unknown } | undefined) => (typeof p?.email === 'string' ? p.email : undefined);
    await this.backfillCases({ personEmails: { $exists: false } }, { 'user.email': 1, 'reporter.email': 1 }, (doc) => {
      const persons = doc as { user?: { email?: unknown }; reporter?: { email?: unknown } };
      const personEmails = personEmailsOf({
        user: { email: email(persons.user) } as Case['user'],
        ...(persons.reporter ? { reporter: { email: email(persons.reporter) } as Case['user'] } : {}),
      });
      return { filter: { _id: doc['_id'], personEmails: { $exists: false } }, update: { $set: { personEmails } } };
    });
  }

  /**
   * Cases written before `assigneeEmail`/`caseOwnerEmail` existed get them once (`staffEmailsOf`, lower-cased by the
   * application as in `backfillPersonEmails`), so a staff member's older cases are found by e-mail too. Only cases
   * whose assignee or owner has an e-mail that is not blank (`NOT_BLANK`: what `normEmail` keeps) and lacks the
   * field are read: a no-op once every such case has it, not a read of the same cases on every start.
   */
  private async backfillStaffEmails(): Promise<void> {
    const text = { $type: 'string', $regex: NOT_BLANK };
    const missing = {
      $or: [
        { 'assignee.email': text, assigneeEmail: { $exists: false } },
        { 'caseOwner.email': text, caseOwnerEmail: { $exists: false } },
      ],
    };
    const projection = { 'assignee.email': 1, 'caseOwner.email': 1, version: 1 } as const;
    await this.backfillCases(missing, projection, (doc) => {
      const c = doc as { assignee?: { email?: unknown }; caseOwner?: { email?: unknown } };
      const ref = (p: { email?: unknown } | undefined) =>
        p && typeof p.email === 'string' ? ({ email: p.email } as PersonRef) : undefined;
      const emails = staffEmailsOf({ assignee: ref(c.assignee), caseOwner: ref(c.caseOwner) } as Case);
      return { filter: { _id: doc['_id'], version: doc['version'] }, update: { $set: emails } };
    });
  }

  /**
   * Cases written before `searchText` existed get it once (what `caseToDocument` writes: `caseSearchText`). The text
   * is cut by the application's rules, so the documents are read and written back in batches; each write only
   * goes in while the case still lacks the field at the version read, so it never overwrites a newer write. A
   * no-op once every case has the field.
   */
  private async backfillSearchText(): Promise<void> {
    const fields = [
      'number',
      'title',
      'description',
      'solution',
      'earlierSolutions',
      'notes',
      'user',
      'reporter',
      'assignee',
      'vendor',
    ];
    await this.backfillCases(
      { searchText: { $exists: false } },
      Object.fromEntries([...fields, 'version'].map((f) => [f, 1])),
      (doc) => ({
        filter: { _id: doc['_id'], version: doc['version'], searchText: { $exists: false } },
        update: { $set: { searchText: caseSearchText(caseFromDocument(doc)) } },
      }),
    );
  }

  /**
   * Reads the cases that `missing` finds (only the `projection` fields) and writes each the update `write` makes of
   * it, 500 at a time, unordered: the start-up backfills of fields older cases lack.
   */
  private async backfillCases(
    missing: Record<string, unknown>,
    projection: Record<string, 1>,
    write: (doc: Record<string, unknown>) => { filter: Record<string, unknown>; update: Record<string, unknown> },
  ): Promise<void> {
    const cases = this.db().collection('cases');
    type Write = Parameters<typeof cases.bulkWrite>[0][number];
    let batch: Write[] = [];
    const flush = async () => {
      if (batch.length > 0) await cases.bulkWrite(batch, { ordered: false });
      batch = [];
    };
    for await (const doc of cases.find(missing, { projection })) {
      batch.push({ updateOne: write(doc) } as Write);
      if (batch.length >= 500) await flush();
    }
    await flush();
  }

  private db(): NonNullable<Connection['db']> {
    const db = this.conn.db;
    if (!db) throw new AppError('STORE.UNAVAILABLE', 'The MongoDB store is not open: call init() first');
    return db;
  }

  async ping(): Promise<boolean> {
    if (!this.opened) return false;
    try {
      const res = await this.db().command({ ping: 1 });
      return res['ok'] === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.opened = false;
    await this.conn.close();
  }

  /** Runs `fn` in a transaction when the server has them, else plainly (see the class comment). */
  private async atomically<T>(fn: (session: ClientSession | undefined) => Promise<T>): Promise<T> {
    if (!this.transactions) return fn(undefined);
    return this.conn.transaction((session) => fn(session));
  }

  // ---------------------------------------------------------------- cases

  private async nextNumber(type: CaseType, session: ClientSession | undefined): Promise<string> {
    const counter = await this.m.counters
      .findOneAndUpdate(
        { _id: String(type) },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after', ...withSession(session) },
      )
      .lean<Doc>();
    return formatCaseNumber(type, Number(counter?.['seq']));
  }

  async createCase(draft: NewCase, outbox: OutboxDraft[] | ((created: Case) => OutboxDraft[]) = []): Promise<Case> {
    const now = this.nowIso();
    const createdAt = draft.createdAt ?? now;
    const id = draft.id === undefined ? randomUUID() : String(draft.id);
    const drafts = (c: Case): OutboxDraft[] => forCase(typeof outbox === 'function' ? outbox(c) : outbox, id);
    const create = () =>
      this.atomically(async (session) => {
        if (draft.id !== undefined) {
          const existing = await this.m.cases.findOne({ _id: id }, null, withSession(session)).lean<Doc>();
          if (existing) {
            // A retried registration. Without transactions its first attempt may have stored the case and lost
            // the drafts: they are written now, while the case is as it was created (keys make it idempotent).
            const stored = caseFromDocument(existing);
            if (stored.version === 1) await this.writeOutbox(drafts(stored), now, session);
            return stored;
          }
        }
        const number = await this.nextNumber(draft.type, session);
        const doc = caseToDocument({ ...draft, id, number, createdAt, updatedAt: createdAt, version: 1 });
        await this.m.cases.insertMany([doc], { ...withSession(session), lean: true });
        const created = caseFromDocument(doc);
        await this.writeOutbox(drafts(created), now, session);
        return created;
      });
    try {
      return await create();
    } catch (err) {
      // Two creates with the same given id at once: the loser takes the path of a retry (the winner's case).
      if (draft.id !== undefined && isDuplicateKey(err) && (await this.getCase(id))) return create();
      throw err;
    }
  }

  async getCase(id: string): Promise<Case | null> {
    const doc = await this.m.cases.findOne({ _id: String(id) }).lean<Doc>();
    return doc ? caseFromDocument(doc) : null;
  }

  async getCaseByNumber(number: string): Promise<Case | null> {
    const doc = await this.m.cases.findOne({ number: String(number) }).lean<Doc>();
    return doc ? caseFromDocument(doc) : null;
  }

  async updateCase(next: Case, expectedVersion: number, outbox: OutboxDraft[] = []): Promise<Case> {
    return this.writeCase(next, expectedVersion, () => outbox, {});
  }

  /**
   * The one conditional write of a case: stores `next` at `expectedVersion + 1` only while the stored version
   * is `expectedVersion` (and `extra` matches), with the outbox drafts built from the stored result.
   */
  private async writeCase(
    next: Case,
    expectedVersion: number,
    drafts: (stored: Case) => OutboxDraft[],
    extra: Filter,
  ): Promise<Case> {
    const id = String(next.id);
    const expected = Number(expectedVersion);
    const updatedAt = this.nowIso();
    const stored: Case = { ...next, id, version: expected + 1, updatedAt };
    const outbox = forCase(drafts(stored), id);
    const written = await this.atomically(async (session) => {
      const doc = await this.m.cases
        .findOneAndUpdate({ _id: id, version: expected, ...extra }, caseUpdate(next, expected + 1, updatedAt), {
          returnDocument: 'after',
          ...withSession(session),
        })
        .lean<Doc>();
      if (!doc) return null;
      await this.writeOutbox(outbox, updatedAt, session);
      return caseFromDocument(doc);
    });
    if (written) return written;
    const current = await this.m.cases.findOne({ _id: id }, { version: 1 }).lean<Doc>();
    if (!current) throw new AppError('CASE.NOT_FOUND', `Case ${id} does not exist`, { caseId: id });
    throw new AppError(
      'CASE.CONFLICT',
      `Case ${id} changed meanwhile (expected version ${expected}, found ${String(current['version'])})`,
      { caseId: id, expectedVersion: expected, actualVersion: current['version'] },
    );
  }

  async claimCase(
    id: string,
    claimant: PersonRef,
    apply: (current: Case) => Case,
    outbox?: (claimed: Case) => OutboxDraft[],
  ): Promise<ClaimResult> {
    void claimant; // `apply` puts the claimant on the case; the store only guards the race.
    for (;;) {
      const current = await this.getCase(id);
      if (!current) throw new AppError('CASE.NOT_FOUND', `Case ${String(id)} does not exist`, { caseId: String(id) });
      if (current.assignee) return { ok: false, case: current, holder: current.assignee };
      const next = apply(current);
      try {
        const claimed = await this.writeCase(next, current.version, (stored) => outbox?.(stored) ?? [], {
          assignee: null,
        });
        return { ok: true, case: claimed };
      } catch (err) {
        // Somebody changed the case between the read and the write: read again and decide anew.
        if (err instanceof AppError && err.code === 'CASE.CONFLICT') continue;
        throw err;
      }
    }
  }

  private caseFilter(q: Omit<CaseQuery, 'limit' | 'offset'>): Filter {
    const f: Filter = {};
    if (q.ids) f['_id'] = trusted({ $in: strings(q.ids) });
    // Each "any of" (a person by id or e-mail; a staff member by id or e-mail) is one `$or`; several are `$and`ed.
    const anyOf: Filter[][] = [];
    if (q.personId !== undefined) {
      const p = String(q.personId);
      const email = typeof q.personEmail === 'string' ? normEmail(q.personEmail) : undefined;
      anyOf.push([{ 'user.id': p }, { 'reporter.id': p }, ...(email ? [{ personEmails: email }] : [])]);
    }
    if (q.groupIds) f['groupId'] = trusted({ $in: strings(q.groupIds) });
    if (q.ownerGroupIds) f['ownerGroupId'] = trusted({ $in: strings(q.ownerGroupIds) });
    if (q.statuses) f['status'] = trusted({ $in: strings(q.statuses) });
    // A staff member by id, by e-mail (the store-only lower-case `assigneeEmail`/`caseOwnerEmail`; a blank one
    // matches nothing, as no stored one is empty), or by either: then each side carries the status, so each is read
    // on its (person, status, time) index.
    const staff = (idPath: string, emailPath: string, id: unknown, rawEmail: unknown) => {
      const email = rawEmail === undefined ? undefined : (normEmail(String(rawEmail)) ?? '');
      if (id === undefined) {
        if (email !== undefined) f[emailPath] = email;
        return;
      }
      if (!email) {
        f[idPath] = String(id);
        return;
      }
      const status = q.statuses ? { status: trusted({ $in: strings(q.statuses) }) } : {};
      anyOf.push([
        { [idPath]: String(id), ...status },
        { [emailPath]: email, ...status },
      ]);
    };
    staff('assignee.id', 'assigneeEmail', q.assigneeId, q.assigneeEmail);
    staff('caseOwner.id', 'caseOwnerEmail', q.caseOwnerId, q.caseOwnerEmail);
    if (anyOf.length === 1) f['$or'] = anyOf[0];
    else if (anyOf.length > 1) f['$and'] = anyOf.map(($or) => ({ $or }));
    if (q.parentId !== undefined) f['parentId'] = String(q.parentId);
    // Only a linked report has `parentId` (an unlink removes the field): what the sparse index `parent` holds.
    else if (q.linked === true) f['parentId'] = trusted({ $exists: true });
    if (q.type !== undefined) f['type'] = String(q.type);
    if (q.categoryId !== undefined) f['categoryId'] = String(q.categoryId);
    // The partial index `major_status` holds the major incidents only; this predicate is what lets it be used, and
    // a status (every one when none is asked) is what it is searched by.
    if (q.major === true) {
      f['major'] = trusted({ $exists: true });
      f['status'] ??= trusted({ $in: [...CASE_STATUSES] });
    }
    // An answer by its plain id (a path of our own making, never the caller's), as text: on `answers_approval_status`
    // for an order's approval state. Any other id matches nothing.
    if (q.answer !== undefined) {
      if (ANSWER_ID.test(q.answer.id)) f[`answers.${q.answer.id}`] = String(q.answer.value);
      else f['_id'] = trusted({ $in: [] });
    }
    if (q.createdFrom !== undefined || q.createdTo !== undefined) {
      const range: Record<string, string> = {};
      if (q.createdFrom !== undefined) range['$gte'] = String(q.createdFrom);
      if (q.createdTo !== undefined) range['$lt'] = String(q.createdTo);
      f['createdAt'] = trusted(range);
    }
    return f;
  }

  async findCases(query: CaseQuery): Promise<Case[]> {
    const limit = clampLimit(query.limit, DEFAULT_LIMIT);
    if (limit === 0) return [];
    const docs = await this.m.cases
      .find(this.caseFilter(query))
      .sort({ createdAt: -1, number: -1 })
      .skip(Math.max(0, Math.floor(Number(query.offset ?? 0)) || 0))
      .limit(limit)
      .lean<Doc[]>();
    return docs.map(caseFromDocument);
  }

  async countCases(query: Omit<CaseQuery, 'limit' | 'offset'>): Promise<number> {
    return this.m.cases.countDocuments(this.caseFilter(query));
  }

  /**
   * Staff search (see `caseSearchFilter`; `match: 'any'`: `searchAnyWord`): the regexes cannot use an index, so
   * the newest cases are scanned on the `created_number` index (which gives the sort as it is) until `limit` match
   * (or the `person_emails` index narrows them first when an e-mail is given).
   */
  async searchCases(query: CaseSearchQuery): Promise<Case[]> {
    const limit = caseSearchLimit(query.limit);
    const wordFilters = caseSearchMatch(query.match) === 'any' ? caseSearchWordFilters(query) : [];
    if (wordFilters.length > 0) return this.searchAnyWord(wordFilters, caseSearchExcludeIds(query.excludeIds), limit);
    const filter = caseSearchFilter(query);
    if (filter === null) return [];
    const docs = await this.m.cases.find(filter).sort({ createdAt: -1, number: -1 }).limit(limit).lean<Doc[]>();
    return docs.map(caseFromDocument);
  }

  /**
   * `searchCases` with `match: 'any'`: per word (`caseSearchWordFilters`) its newest `wordCap` matches, read on
   * the `created_number` index (or `person_emails` with an e-mail) as ids, `createdAt` and number only; the cases
   * are counted and ranked here and only the top `limit` documents are read. A rare word scans the cases newest
   * first, as an 'all' search does.
   */
  private async searchAnyWord(filters: Filter[], exclude: string[], limit: number): Promise<Case[]> {
    type Hit = { _id: string; createdAt: string; number: string };
    const perWord = await Promise.all(
      filters.map((f) =>
        this.m.cases
          .find(f, { _id: 1, createdAt: 1, number: 1 })
          .sort({ createdAt: -1 })
          .limit(this.wordCap)
          .lean<Hit[]>(),
      ),
    );
    const excluded = new Set(exclude);
    const counts = countWordHits(perWord.map((hits) => hits.map((h) => String(h._id))));
    const seen = new Map<string, Hit>();
    for (const h of perWord.flat()) if (!excluded.has(String(h._id))) seen.set(String(h._id), h);
    const ranked = rankWordHits(
      [...seen.values()].map((h) => ({
        id: String(h._id),
        count: counts.get(String(h._id)) ?? 0,
        createdAt: String(h.createdAt),
        order: String(h.number),
      })),
      limit,
    );
    if (ranked.length === 0) return [];
    const docs = await this.m.cases.find({ _id: trusted({ $in: ranked.map((h) => h.id) }) }).lean<Doc[]>();
    const byId = new Map(docs.map((d) => [String(d['_id']), d]));
    return ranked.flatMap((h) => {
      const doc = byId.get(h.id);
      return doc === undefined ? [] : [caseFromDocument(doc)];
    });
  }

  // ---------------------------------------------------------------- timers

  async claimDueTimers(now: string, owner: string, leaseMs: number, limit: number): Promise<Case[]> {
    const at = String(now);
    const until = addMs(at, Number(leaseMs));
    const claimed: Case[] = [];
    const max = clampLimit(limit, DEFAULT_LIMIT);
    while (claimed.length < max) {
      const doc = await this.m.cases
        .findOneAndUpdate(
          {
            ...notIn(claimed),
            nextTimerAt: trusted({ $lte: at }),
            $or: [{ timerLeaseUntil: null }, { timerLeaseUntil: trusted({ $lte: at }) }],
          },
          { $set: { timerLeaseOwner: String(owner), timerLeaseUntil: until } },
          { sort: { nextTimerAt: 1, _id: 1 }, returnDocument: 'after' },
        )
        .lean<Doc>();
      if (!doc) break;
      claimed.push(caseFromDocument(doc));
    }
    return claimed;
  }

  async releaseTimer(caseId: string, owner: string): Promise<void> {
    await this.m.cases.updateOne(
      { _id: String(caseId), timerLeaseOwner: String(owner) },
      { $unset: { timerLeaseOwner: '', timerLeaseUntil: '' } },
    );
  }

  // ---------------------------------------------------------------- outbox

  /**
   * The next outbox `seq` of this store: larger than every one it gave before, and near the wall-clock time in µs,
   * so messages two instances write in one millisecond also sort roughly in the order they were written.
   */
  private nextOutboxSeq(): number {
    this.outboxSeq = Math.max(this.outboxSeq + 1, Math.floor((performance.timeOrigin + performance.now()) * 1000));
    return this.outboxSeq;
  }

  /** Inserts each draft unless its key exists already (an upsert that only sets on insert: no error to abort on). */
  private async writeOutbox(drafts: OutboxDraft[], now: string, session: ClientSession | undefined): Promise<void> {
    for (const draft of drafts) {
      const { key, ...rest } = outboxDocumentFromDraft(draft, randomUUID(), now, this.nextOutboxSeq());
      try {
        await this.m.outbox.updateOne({ key }, { $setOnInsert: rest }, { upsert: true, ...withSession(session) });
      } catch (err) {
        // Two writers upserting the same new key at once: the loser's insert hits the unique index. Same outcome.
        if (!isDuplicateKey(err) || session) throw err;
      }
    }
  }

  async enqueueOutbox(drafts: OutboxDraft[]): Promise<void> {
    await this.writeOutbox(drafts, this.nowIso(), undefined);
  }

  /**
   * Leases the due messages one by one, oldest first (`state_created_seq`), then hands back those held behind an
   * earlier message of their case (see the port): one query over the claimed cases' pending messages
   * (`case_state_created_seq`) finds the earlier ones leased elsewhere or waiting for a retry. The places freed are
   * filled again from the other cases.
   */
  async claimOutbox(now: string, owner: string, leaseMs: number, limit: number): Promise<OutboxMessage[]> {
    const at = String(now);
    const who = String(owner);
    const until = addMs(at, Number(leaseMs));
    const max = clampLimit(limit, DEFAULT_LIMIT);
    const claimed: Doc[] = [];
    const handedBack: Doc[] = [];
    const heldCases = new Set<string>();
    while (claimed.length < max) {
      const fresh: Doc[] = [];
      while (claimed.length + fresh.length < max) {
        const doc = await this.m.outbox
          .findOneAndUpdate(
            {
              ...notIn([...claimed, ...fresh, ...handedBack].map((d) => ({ id: String(d['_id']) }))),
              state: 'pending',
              nextAttemptAt: trusted({ $lte: at }),
              $or: [{ leaseUntil: null }, { leaseUntil: trusted({ $lte: at }) }],
              ...(heldCases.size > 0 ? { caseId: trusted({ $nin: [...heldCases] }) } : {}),
            },
            { $set: { leaseOwner: who, leaseUntil: until }, $inc: { attempts: 1 } },
            { sort: { createdAt: 1, seq: 1 }, returnDocument: 'after' },
          )
          .lean<Doc>();
        if (!doc) break;
        fresh.push(doc);
      }
      if (fresh.length === 0) break;
      const held = await this.heldBack(fresh, who, at);
      claimed.push(...fresh.filter((d) => !held.includes(d)));
      if (held.length === 0) break;
      await this.releaseOutbox(
        held.map((d) => String(d['_id'])),
        who,
      );
      handedBack.push(...held);
      for (const d of held) heldCases.add(String(d['caseId']));
    }
    return claimed
      .map((doc) => ({ doc, place: placeOf(doc) }))
      .sort((a, b) => (before(a.place, b.place) ? -1 : before(b.place, a.place) ? 1 : 0))
      .map(({ doc }) => outboxFromDocument(doc));
  }

  /**
   * The messages of `fresh` held back behind an earlier pending message of their case that is leased by another
   * owner than `owner` or waits for a retry.
   */
  private async heldBack(fresh: Doc[], owner: string, at: string): Promise<Doc[]> {
    const cases = [...new Set(fresh.flatMap((d) => (typeof d['caseId'] === 'string' ? [d['caseId']] : [])))];
    if (cases.length === 0) return [];
    const waiting = await this.m.outbox
      .find(
        {
          caseId: trusted({ $in: cases }),
          state: 'pending',
          $or: [
            { leaseUntil: trusted({ $gt: at }), leaseOwner: trusted({ $ne: owner }) },
            { attempts: trusted({ $gt: 0 }), nextAttemptAt: trusted({ $gt: at }) },
          ],
        },
        { caseId: 1, createdAt: 1, seq: 1 },
      )
      .lean<Doc[]>();
    if (waiting.length === 0) return [];
    const first = new Map<string, OutboxPlace>();
    for (const w of waiting) {
      const place = placeOf(w);
      const caseId = String(w['caseId']);
      const known = first.get(caseId);
      if (!known || before(place, known)) first.set(caseId, place);
    }
    return fresh.filter((d) => {
      const blocker = first.get(String(d['caseId']));
      return blocker !== undefined && before(blocker, placeOf(d));
    });
  }

  async releaseOutbox(ids: readonly string[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    await this.m.outbox.updateMany(
      {
        _id: trusted({ $in: ids.map(String) }),
        leaseOwner: String(owner),
        state: 'pending',
        attempts: trusted({ $gt: 0 }),
      },
      { $unset: { leaseOwner: '', leaseUntil: '' }, $inc: { attempts: -1 } },
    );
  }

  /** One conditional update on the lease holder; `$max` keeps a later deadline (ISO strings compare as times). */
  async renewOutboxLease(id: string, owner: string, now: string, leaseMs: number): Promise<boolean> {
    const res = await this.m.outbox.updateOne(
      { _id: String(id), leaseOwner: String(owner), state: 'pending' },
      { $max: { leaseUntil: addMs(String(now), Number(leaseMs)) } },
    );
    return res.matchedCount > 0;
  }

  async ackOutbox(id: string, owner: string, sentAt: string, result?: Record<string, unknown>): Promise<void> {
    await this.m.outbox.updateOne(
      { _id: String(id), leaseOwner: String(owner), state: 'pending' },
      {
        $set: { state: 'sent', sentAt: String(sentAt), ...(result ? { result } : {}) },
        $unset: { leaseOwner: '', leaseUntil: '' },
      },
    );
  }

  async retryOutbox(
    id: string,
    owner: string,
    nextAttemptAt: string,
    error: string,
    progress?: Record<string, unknown>,
  ): Promise<void> {
    await this.m.outbox.updateOne(
      { _id: String(id), leaseOwner: String(owner), state: 'pending' },
      {
        $set: {
          nextAttemptAt: String(nextAttemptAt),
          lastError: String(error),
          ...(progress ? { result: progress } : {}),
        },
        $unset: { leaseOwner: '', leaseUntil: '' },
      },
    );
  }

  async deadOutbox(id: string, owner: string, error: string, progress?: Record<string, unknown>): Promise<void> {
    await this.m.outbox.updateOne(
      { _id: String(id), leaseOwner: String(owner), state: 'pending' },
      {
        $set: { state: 'dead', lastError: String(error), ...(progress ? { result: progress } : {}) },
        $unset: { leaseOwner: '', leaseUntil: '' },
      },
    );
  }

  async getOutbox(id: string): Promise<OutboxMessage | null> {
    const doc = await this.m.outbox.findOne({ _id: String(id) }).lean<Doc>();
    return doc ? outboxFromDocument(doc) : null;
  }

  async listOutbox(filter: {
    state?: OutboxState;
    caseId?: string;
    kind?: string;
    limit?: number;
    offset?: number;
  }): Promise<OutboxMessage[]> {
    const f: Filter = {};
    if (filter.state !== undefined) f['state'] = String(filter.state);
    if (filter.caseId !== undefined) f['caseId'] = String(filter.caseId);
    if (filter.kind !== undefined) f['kind'] = String(filter.kind);
    const limit = clampLimit(filter.limit, 100);
    if (limit === 0) return [];
    const offset = Math.max(Math.trunc(Number(filter.offset ?? 0)) || 0, 0);
    const docs = await this.m.outbox
      .find(f)
      .sort({ createdAt: 1, seq: 1, _id: 1 })
      .skip(offset)
      .limit(limit)
      .lean<Doc[]>();
    return docs.map(outboxFromDocument);
  }

  async purgeOutbox(sentBefore: string): Promise<number> {
    const res = await this.m.outbox.deleteMany({ state: 'sent', sentAt: trusted({ $lt: String(sentBefore) }) });
    return res.deletedCount;
  }

  async outboxStats(): Promise<OutboxStats> {
    const [pending, dead, oldest] = await Promise.all([
      this.m.outbox.countDocuments({ state: 'pending' }),
      this.m.outbox.countDocuments({ state: 'dead' }),
      this.m.outbox.findOne({ state: 'pending' }, { createdAt: 1 }).sort({ createdAt: 1 }).lean<Doc>(),
    ]);
    const stats: OutboxStats = { pending, dead };
    if (oldest) stats.oldestPendingAt = String(oldest['createdAt']);
    return stats;
  }

  async deleteOutbox(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.m.outbox.deleteMany({ _id: trusted({ $in: ids.map(String) }) });
    return res.deletedCount;
  }

  async rewriteOutboxPayload(id: string, payload: Record<string, unknown>): Promise<boolean> {
    const res = await this.m.outbox.updateOne({ _id: String(id), state: 'pending' }, { $set: { payload } });
    return res.matchedCount > 0;
  }

  // ---------------------------------------------------------------- conversations, events, refs

  async listConversations(limit?: number, offset?: number): Promise<ConversationRecord[]> {
    const n = clampLimit(limit, 1000);
    if (n === 0) return [];
    const skip = Math.max(Math.trunc(Number(offset ?? 0)) || 0, 0);
    const docs = await this.m.conversations.find({}).sort({ updatedAt: 1, _id: 1 }).skip(skip).limit(n).lean<Doc[]>();
    return docs.map(conversationFromDocument);
  }

  async getConversation(key: string): Promise<ConversationRecord | null> {
    const doc = await this.m.conversations.findOne({ _id: String(key) }).lean<Doc>();
    return doc ? conversationFromDocument(doc) : null;
  }

  async saveConversation(record: ConversationRecord): Promise<void> {
    const { _id, ...rest } = conversationToDocument(record);
    await this.m.conversations.replaceOne({ _id }, rest, { upsert: true });
  }

  async deleteConversation(key: string): Promise<void> {
    await this.m.conversations.deleteOne({ _id: String(key) });
  }

  async purgeConversations(now: string): Promise<number> {
    const res = await this.m.conversations.deleteMany({ expiresAt: trusted({ $lt: String(now) }) });
    return res.deletedCount;
  }

  async markProcessed(eventId: string, expiresAt: string): Promise<boolean> {
    const id = String(eventId);
    const until = String(expiresAt);
    const fields = { expiresAt: until, expiresAtDate: new Date(until) };
    try {
      const first = await this.m.processedEvents.updateOne({ _id: id }, { $setOnInsert: fields }, { upsert: true });
      if (first.upsertedCount === 1) return true;
    } catch (err) {
      // Two deliveries of one event racing: the other one inserted it.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    // Seen before; an expired record the TTL monitor has not removed yet counts as not seen (once). Matched, not
    // modified: renewing it with the expiry it has already changes no field, and is a renewal all the same.
    const res = await this.m.processedEvents.updateOne(
      { _id: id, expiresAt: trusted({ $lte: this.nowIso() }) },
      { $set: fields },
    );
    return res.matchedCount === 1;
  }

  async isProcessed(eventId: string): Promise<boolean> {
    const found = await this.m.processedEvents.findOne(
      { _id: String(eventId), expiresAt: trusted({ $gt: this.nowIso() }) },
      { projection: { _id: 1 } },
    );
    return found !== null;
  }

  async putRef(kind: string, key: string, value: Record<string, unknown>): Promise<void> {
    const filter = { kind: String(kind), key: String(key) };
    const update = { $set: { value, updatedAt: this.nowIso() } };
    try {
      await this.m.refs.updateOne(filter, update, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await this.m.refs.updateOne(filter, update); // lost an upsert race: the record exists now
    }
  }

  async putRefIfAbsent(kind: string, key: string, value: Record<string, unknown>): Promise<boolean> {
    const filter = { kind: String(kind), key: String(key) };
    try {
      const res = await this.m.refs.updateOne(
        filter,
        { $setOnInsert: { value, updatedAt: this.nowIso() } },
        { upsert: true },
      );
      return res.upsertedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false; // another writer's upsert won the race
      throw err;
    }
  }

  async putRefIfOlder(
    kind: string,
    key: string,
    value: Record<string, unknown>,
    field: string,
    before: string,
  ): Promise<boolean> {
    const path = `value.${refField(field)}`;
    // Matches the record only while its time is missing, not a string or earlier; an upsert that matches nothing
    // inserts, which the unique (kind, key) index refuses when a record with a later time is stored.
    const filter = {
      kind: String(kind),
      key: String(key),
      $or: [{ [path]: trusted({ $not: { $type: 'string' } }) }, { [path]: trusted({ $lt: String(before) }) }],
    };
    try {
      const res = await this.m.refs.updateOne(filter, { $set: { value, updatedAt: this.nowIso() } }, { upsert: true });
      return res.matchedCount === 1 || res.upsertedCount === 1;
    } catch (err) {
      if (isDuplicateKey(err)) return false; // a record with a later time is stored (or another claim won)
      throw err;
    }
  }

  async getRef(kind: string, key: string): Promise<Record<string, unknown> | null> {
    const doc = await this.m.refs.findOne({ kind: String(kind), key: String(key) }).lean<Doc>();
    return doc ? ((doc['value'] ?? {}) as Record<string, unknown>) : null;
  }

  async listRefs(kind: string, fields?: readonly string[], options: ListRefsOptions = {}): Promise<RefRecord[]> {
    const projection =
      fields === undefined
        ? undefined
        : { key: 1, updatedAt: 1, ...Object.fromEntries(fields.map((f) => [`value.${refField(f)}`, 1])) };
    const filter: Record<string, unknown> = { kind: String(kind) };
    // `changedSince` reads through the index on (kind, updatedAt): only the records written since.
    // The operator is the adapter's own (trusted): the connection's `sanitizeFilter` would otherwise turn it into
    // an equality with the object `{ $gte: … }`, which no record matches.
    if (options.changedSince !== undefined) filter['updatedAt'] = trusted({ $gte: String(options.changedSince) });
    const docs = await this.m.refs.find(filter, projection).sort({ key: 1 }).lean<Doc[]>();
    const recordOf = (d: Doc): Record<string, unknown> => {
      const value = (d['value'] ?? {}) as Record<string, unknown>;
      // A picked field stored as null is one the record does not have (as SQLite's listing leaves it out).
      return fields === undefined ? value : Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
    };
    return docs.map((d) => ({ key: String(d['key']), value: recordOf(d), updatedAt: String(d['updatedAt'] ?? '') }));
  }

  async countRefs(kind: string): Promise<number> {
    return this.m.refs.countDocuments({ kind: String(kind) });
  }

  async deleteRef(kind: string, key: string): Promise<void> {
    await this.m.refs.deleteOne({ kind: String(kind), key: String(key) });
  }

  // ---------------------------------------------------------------- attachment files

  async saveFile(file: StoredFile): Promise<void> {
    try {
      await this.m.files.insertMany([fileToDocument(file)], { lean: true });
    } catch (err) {
      // An id stored already (a retried save, or two at once) is left as it is.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async getFile(id: string): Promise<StoredFile | null> {
    const doc = await this.m.files.findOne({ _id: String(id) }).lean<Doc>();
    return doc ? fileFromDocument(doc) : null;
  }

  async linkFiles(ids: readonly string[], caseId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.m.files.updateMany(
      { _id: trusted({ $in: strings(ids) }), caseId: null },
      { $set: { caseId: String(caseId) } },
    );
  }

  async unlinkFiles(ids: readonly string[], caseId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.m.files.updateMany(
      { _id: trusted({ $in: strings(ids) }), caseId: String(caseId) },
      { $unset: { caseId: '' } },
    );
  }

  async renameFile(id: string, name: string): Promise<void> {
    await this.m.files.updateOne({ _id: String(id) }, { $set: { name: String(name) } });
  }

  async deleteFiles(filter: FileFilter): Promise<number> {
    const f = fileFilter(filter);
    if (!f) return 0;
    const res = await this.m.files.deleteMany(f);
    return res.deletedCount;
  }

  /** MongoDB keeps deleted documents' bytes in its data files until the space is reused (`compact` reclaims it). */
  async scrubFreedSpace(): Promise<boolean> {
    return false;
  }

  async listFiles(filter: FileFilter): Promise<FileInfo[]> {
    const f = fileFilter(filter);
    if (!f) return [];
    const docs = await this.m.files.find(f, { data: 0 }).sort({ at: 1, _id: 1 }).lean<Doc[]>();
    return docs.map(fileInfoFromDocument);
  }

  // ---------------------------------------------------------------- articles

  saveArticle(article: NewArticle): Promise<Article>;
  saveArticle(article: NewArticle, condition: ArticleCondition): Promise<Article | null>;
  async saveArticle(article: NewArticle, condition?: ArticleCondition): Promise<Article | null> {
    const id = article.id !== undefined ? String(article.id) : randomUUID();
    const sourceVersion = condition && 'sourceVersion' in condition ? condition.sourceVersion : article.sourceVersion;
    const stored: NewArticle = { ...article, ...(sourceVersion !== undefined ? { sourceVersion } : {}) };
    const { _id, ...rest } = articleToDocument({ ...stored, revision: randomUUID() }, id, this.nowIso());
    const saved = articleFromDocument({ _id, ...rest });
    if (!condition) {
      await this.m.articles.replaceOne({ _id }, rest, { upsert: true });
      return saved;
    }
    if ('revision' in condition) {
      // Only over the article read: no upsert, so one deleted meanwhile stays deleted.
      const res = await this.m.articles.replaceOne({ _id, ...articleFilter(condition) }, rest);
      return res.matchedCount > 0 ? saved : null;
    }
    try {
      // No article, or one from an earlier version: written. A later one does not match, and the upsert's insert
      // of the same id fails on the primary key: refused.
      await this.m.articles.replaceOne({ _id, ...articleFilter(condition) }, rest, { upsert: true });
      return saved;
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  async getArticle(id: string): Promise<Article | null> {
    const doc = await this.m.articles.findOne({ _id: String(id) }).lean<Doc>();
    return doc ? articleFromDocument(doc) : null;
  }

  async deleteArticle(id: string, condition?: ArticleCondition): Promise<boolean> {
    const res = await this.m.articles.deleteOne({ _id: String(id), ...(condition ? articleFilter(condition) : {}) });
    return res.deletedCount > 0;
  }

  async searchArticles(
    text: string,
    filter: { locale?: Locale; categoryId?: string; limit?: number } = {},
  ): Promise<ArticleHit[]> {
    // Each word is one whole token of the `prefixes` index: the word itself, or a prefix of an article's word.
    const search = sanitizeSearchText(articleSearchWords(String(text ?? '')).join(' '));
    const limit = clampLimit(filter.limit, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT);
    if (search === '' || limit === 0) return [];
    const f: Filter = { $text: trusted({ $search: search }) };
    if (filter.locale !== undefined) f['locale'] = String(filter.locale);
    if (filter.categoryId !== undefined) f['categoryId'] = String(filter.categoryId);
    const docs = await this.m.articles
      .find(f, { score: { $meta: 'textScore' } })
      .sort({ score: { $meta: 'textScore' }, _id: 1 })
      .limit(limit)
      .lean<Doc[]>();
    return docs.map((d) => {
      const { score, ...rest } = d;
      return { article: articleFromDocument(rest), score: Number(score) };
    });
  }

  async listArticles(): Promise<Article[]> {
    const docs = await this.m.articles.find({}).sort({ createdAt: -1, _id: -1 }).lean<Doc[]>();
    return docs.map(articleFromDocument);
  }
}

/**
 * Error names (the driver's and mongoose's; compared by name, as mongoose may carry its own copy of the driver)
 * that mean the deployment cannot be reached or answered too late: no server selectable, a connection lost or
 * timed out, a closed client or pool.
 */
const MONGO_OUTAGES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoOperationTimeoutError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
]);

/** The outage behind a MongoDB driver or mongoose error, or undefined for anything else (`translateStoreFaults`). */
export function mongoOutage(err: unknown): string | undefined {
  if (!(err instanceof Error) || !MONGO_OUTAGES.has(err.name)) return undefined;
  return `${err.name}: ${err.message}`;
}

translateStoreFaults(MongoCaseStore.prototype, 'MongoDB', mongoOutage);
