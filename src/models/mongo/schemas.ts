import { Schema, type Connection, type Model } from 'mongoose';
import type { Case } from '../case.js';
import type { Article, OutboxMessage, StoredFile } from '../case-store.js';

/**
 * How a case is stored: the whole `Case` with `_id` = case id (no `id` field), plus the timer lease of the
 * sweeper. Only the paths that queries filter on are declared; the rest of the document passes through as is
 * (`strict: false`), so the domain type stays the single definition of a case.
 */
export type CaseDocument = Omit<Case, 'id'> & {
  _id: string;
  timerLeaseOwner?: string;
  timerLeaseUntil?: string;
  /** Lower-case e-mails of the user and reporter (see `personEmailsOf`). */
  personEmails?: string[];
  /** Lower-case e-mail of the assignee and of the case owner, when they have one (see `staffEmailsOf`). */
  assigneeEmail?: string;
  caseOwnerEmail?: string;
  /** The case's searchable words, lower case (see `caseSearchText`), for `searchCases`. */
  searchText?: string;
};

/**
 * `seq` (store-only) orders the messages written in one millisecond: it grows with every message a store writes,
 * so drafts written together are claimed in the order they were written (as SQLite's `seq`). Messages stored before
 * it existed lack it and sort first among those of their millisecond.
 */
export type OutboxDocument = Omit<OutboxMessage, 'id'> & { _id: string; seq?: number };

/** `expiresAtDate` mirrors the ISO `expiresAt` as a BSON date: TTL indexes only act on dates. */
export interface ConversationDocument {
  _id: string;
  state: Record<string, unknown>;
  updatedAt: string;
  expiresAt: string;
  expiresAtDate: Date;
}

export interface ProcessedEventDocument {
  _id: string;
  expiresAt: string;
  expiresAtDate: Date;
}

export interface RefDocument {
  kind: string;
  key: string;
  value: Record<string, unknown>;
  updatedAt: string;
}

export interface CounterDocument {
  _id: string;
  seq: number;
}

/** `prefixes`: store-only, the searched fields' words and word prefixes (`articlePrefixes`), text-indexed. */
export type ArticleDocument = Omit<Article, 'id'> & {
  _id: string;
  prefixes: { title: string; keywords: string; body: string };
};

/**
 * An attachment's bytes and description; `caseId` is absent while the file belongs to an unregistered report
 * draft, and `by.email` is stored lower case (erasure matches it). `data` is BSON binary: the driver hands it back
 * as a `Binary`, which `fileFromDocument` turns into a Buffer.
 */
export type FileDocument = Omit<StoredFile, 'id'> & { _id: string };

/** The models of one store, bound to its own connection (never to the global mongoose instance). */
export interface MongoModels {
  cases: Model<CaseDocument>;
  counters: Model<CounterDocument>;
  outbox: Model<OutboxDocument>;
  conversations: Model<ConversationDocument>;
  processedEvents: Model<ProcessedEventDocument>;
  refs: Model<RefDocument>;
  articles: Model<ArticleDocument>;
  files: Model<FileDocument>;
}

/** Options shared by every schema: no `__v`, no mongoose-side reshaping of the stored documents. */
const BASE = {
  versionKey: false,
  strict: false,
  strictQuery: false,
  minimize: false,
  autoIndex: false,
  autoCreate: false,
} as const;

/** Text weights: a hit in the title counts most, then the keywords, then the body. */
export const ARTICLE_TEXT_WEIGHTS = { title: 10, keywords: 5, body: 1 } as const;

/**
 * Indexes an older version made that later ones replace, per collection, dropped at start-up before the indexes
 * are made (an index whose options change needs a new name: `createIndexes` refuses to change an existing one):
 * the single-field indexes of `cases` a compound one covers, those whose keys did not serve the sort of their
 * query (`created`, `next_timer`, `state_created`) or the case's pending messages (`case`), the conversations'
 * TTL index that deleted expired drafts at once (`ttl`), and the articles' first text index (a collection has at
 * most one).
 */
export const SUPERSEDED_INDEXES = {
  cases: ['assignee', 'case_owner', 'created', 'next_timer'],
  outbox: ['state_created', 'case'],
  conversations: ['ttl'],
  articles: ['article_text'],
} as const;

/**
 * Days an expired conversation (an abandoned intake or order draft) is kept before MongoDB's TTL monitor deletes
 * it: the retention job's `EXPIRED_DRAFT_DAYS` (src/services/privacy/retention-job.ts; a test keeps the two
 * equal), during which someone coming back is offered their earlier answers. The retention job deletes them at
 * the same age; the TTL index is the backstop.
 */
export const EXPIRED_CONVERSATION_KEEP_DAYS = 7;

function caseSchema(): Schema<CaseDocument> {
  const s = new Schema<CaseDocument>({ _id: { type: String, required: true } }, { ...BASE, collection: 'cases' });
  s.index({ number: 1 }, { unique: true, name: 'number_unique' });
  s.index({ groupId: 1, status: 1 }, { name: 'group_status' });
  s.index({ ownerGroupId: 1, status: 1 }, { name: 'owner_group_status' });
  // A staff member's cases by status (`mine`): only the asked statuses are read, not their whole history.
  s.index({ 'assignee.id': 1, status: 1, createdAt: -1 }, { name: 'assignee_status' });
  s.index({ 'user.id': 1 }, { name: 'user' });
  s.index({ 'reporter.id': 1 }, { name: 'reporter' });
  s.index({ personEmails: 1 }, { name: 'person_emails' });
  s.index({ 'caseOwner.id': 1, status: 1, createdAt: -1 }, { name: 'case_owner_status' });
  // The same staff member by e-mail (another platform's id, or `email:` before the directory knew them): only
  // cases whose assignee or owner has an e-mail are in these.
  s.index(
    { assigneeEmail: 1, status: 1, createdAt: -1 },
    { name: 'assignee_email_status', partialFilterExpression: { assigneeEmail: { $exists: true } } },
  );
  s.index(
    { caseOwnerEmail: 1, status: 1, createdAt: -1 },
    { name: 'case_owner_email_status', partialFilterExpression: { caseOwnerEmail: { $exists: true } } },
  );
  s.index({ parentId: 1 }, { name: 'parent', sparse: true });
  // `claimDueTimers` sorts the due cases by time, then id; only cases with a timer are in it (a comparison on
  // `nextTimerAt` implies that it exists, so the partial index serves the claim).
  s.index(
    { nextTimerAt: 1, _id: 1 },
    { name: 'next_timer_id', partialFilterExpression: { nextTimerAt: { $exists: true } } },
  );
  // `findCases` and `searchCases` sort newest first, then by number: the index gives that order as it is.
  s.index({ createdAt: -1, number: -1 }, { name: 'created_number' });
  // Equipment orders by approval state and status (`CaseQuery.answer`: the order sweeper's open orders waiting for
  // approval, in whatever group): only cases with an `approval` answer are in it.
  s.index(
    { 'answers.approval': 1, status: 1 },
    { name: 'answers_approval_status', partialFilterExpression: { 'answers.approval': { $exists: true } } },
  );
  // The major incidents by status (every intake step asks for the open ones): only cases with `major` are in it.
  s.index(
    { status: 1, createdAt: -1 },
    { name: 'major_status', partialFilterExpression: { major: { $exists: true } } },
  );
  return s;
}

function counterSchema(): Schema<CounterDocument> {
  return new Schema<CounterDocument>(
    { _id: { type: String, required: true }, seq: { type: Number, required: true } },
    { ...BASE, collection: 'counters' },
  );
}

function outboxSchema(): Schema<OutboxDocument> {
  const s = new Schema<OutboxDocument>(
    { _id: { type: String, required: true }, key: { type: String, required: true } },
    { ...BASE, collection: 'outbox' },
  );
  s.index({ key: 1 }, { unique: true, name: 'key_unique' });
  s.index({ state: 1, nextAttemptAt: 1 }, { name: 'due' });
  // `claimOutbox` takes the pending messages in the order they were written (time, then `seq`).
  s.index({ state: 1, createdAt: 1, seq: 1 }, { name: 'state_created_seq' });
  // A case's messages (`listOutbox`), and its pending ones: what `claimOutbox` checks for an earlier message still
  // waiting. Only messages of a case are in it.
  s.index(
    { caseId: 1, state: 1, createdAt: 1, seq: 1 },
    { name: 'case_state_created_seq', partialFilterExpression: { caseId: { $exists: true } } },
  );
  return s;
}

function conversationSchema(): Schema<ConversationDocument> {
  const s = new Schema<ConversationDocument>(
    { _id: { type: String, required: true }, expiresAtDate: { type: Date, required: true } },
    { ...BASE, collection: 'conversations' },
  );
  // Expired drafts are kept `EXPIRED_CONVERSATION_KEEP_DAYS`, so the intake can still offer their answers.
  s.index(
    { expiresAtDate: 1 },
    { expireAfterSeconds: EXPIRED_CONVERSATION_KEEP_DAYS * 86_400, name: 'ttl_expired_kept' },
  );
  s.index({ expiresAt: 1 }, { name: 'expires' });
  return s;
}

function processedEventSchema(): Schema<ProcessedEventDocument> {
  const s = new Schema<ProcessedEventDocument>(
    { _id: { type: String, required: true }, expiresAtDate: { type: Date, required: true } },
    { ...BASE, collection: 'processed_events' },
  );
  s.index({ expiresAtDate: 1 }, { expireAfterSeconds: 0, name: 'ttl' });
  return s;
}

function refSchema(): Schema<RefDocument> {
  const s = new Schema<RefDocument>(
    { kind: { type: String, required: true }, key: { type: String, required: true } },
    { ...BASE, collection: 'refs' },
  );
  s.index({ kind: 1, key: 1 }, { unique: true, name: 'kind_key_unique' });
  // `listRefs` with `changedSince`: the records of a kind written since a time.
  s.index({ kind: 1, updatedAt: 1 }, { name: 'kind_updated' });
  return s;
}

function articleSchema(): Schema<ArticleDocument> {
  const s = new Schema<ArticleDocument>({ _id: { type: String, required: true } }, { ...BASE, collection: 'articles' });
  // The text index covers the words and word prefixes in `prefixes` (see `prefixTokens`), so a search word
  // matches as a prefix, as on SQLite; MongoDB's own stemming would not agree with the knowledge service's stems.
  // `default_language: 'none'` switches stemming and stop words off, so Danish text is indexed word for word
  // instead of being mangled by the English stemmer; `language_override` points at a field that never exists
  // (a stored `language` field would otherwise choose the analyser per document).
  s.index(
    { 'prefixes.title': 'text', 'prefixes.keywords': 'text', 'prefixes.body': 'text' },
    {
      name: 'article_prefix_text',
      weights: {
        'prefixes.title': ARTICLE_TEXT_WEIGHTS.title,
        'prefixes.keywords': ARTICLE_TEXT_WEIGHTS.keywords,
        'prefixes.body': ARTICLE_TEXT_WEIGHTS.body,
      },
      default_language: 'none',
      language_override: 'textLanguageOverride',
    },
  );
  s.index({ locale: 1, categoryId: 1 }, { name: 'locale_category' });
  s.index({ createdAt: 1 }, { name: 'created' });
  return s;
}

function fileSchema(): Schema<FileDocument> {
  const s = new Schema<FileDocument>({ _id: { type: String, required: true } }, { ...BASE, collection: 'files' });
  // One index serves both "the files of these cases" (its prefix) and "unlinked and older than" (`caseId: null`,
  // then the range on `at`): a partial index cannot select the documents that lack a field (`$exists: false` is
  // not allowed in a partial filter), and this one costs no more than a plain index on `caseId` would.
  s.index({ caseId: 1, at: 1 }, { name: 'case_at' });
  s.index({ 'by.id': 1 }, { name: 'by_id' });
  s.index({ 'by.email': 1 }, { name: 'by_email', sparse: true });
  return s;
}

/** Registers the store's models on `conn` (model names are local to the connection). */
export function registerModels(conn: Connection): MongoModels {
  return {
    cases: conn.model<CaseDocument>('Case', caseSchema()),
    counters: conn.model<CounterDocument>('Counter', counterSchema()),
    outbox: conn.model<OutboxDocument>('OutboxMessage', outboxSchema()),
    conversations: conn.model<ConversationDocument>('Conversation', conversationSchema()),
    processedEvents: conn.model<ProcessedEventDocument>('ProcessedEvent', processedEventSchema()),
    refs: conn.model<RefDocument>('Ref', refSchema()),
    articles: conn.model<ArticleDocument>('Article', articleSchema()),
    files: conn.model<FileDocument>('StoredFile', fileSchema()),
  };
}
