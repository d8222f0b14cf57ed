import { type Case, normEmail, type PersonRef } from '../case.js';
import { caseSearchText } from '../case-search.js';
import type {
  Article,
  ConversationRecord,
  NewArticle,
  OutboxDraft,
  OutboxMessage,
  StoredFile,
  FileInfo,
} from '../case-store.js';
import { articlePrefixes } from '../article-search.js';
import type { ArticleDocument, CaseDocument, ConversationDocument, FileDocument, OutboxDocument } from './schemas.js';

/**
 * Keys that only the store uses: never part of a port shape. `personEmails` holds the user's and reporter's
 * e-mails in lower case, indexed, so a person's cases are found by e-mail too (`CaseQuery.personEmail`);
 * `searchText` holds the case's searchable words (`caseSearchText`) for `searchCases`; an article's `prefixes` the
 * words and word prefixes its text index covers (`articlePrefixes`); an outbox message's `seq` its place among the
 * messages written in the same millisecond.
 */
const STORE_ONLY_KEYS = new Set([
  '_id',
  '__v',
  'timerLeaseOwner',
  'timerLeaseUntil',
  'personEmails',
  'assigneeEmail',
  'caseOwnerEmail',
  'searchText',
  'prefixes',
  'seq',
]);

/** The lower-case e-mails of a case's user and reporter (the indexed `personEmails`). */
export function personEmailsOf(c: Pick<Case, 'user' | 'reporter'>): string[] {
  return [...new Set([normEmail(c.user.email), normEmail(c.reporter?.email)].filter((e): e is string => !!e))];
}

/**
 * The lower-case e-mails of a case's assignee and case owner (the indexed store-only `assigneeEmail` and
 * `caseOwnerEmail`, `CaseQuery.assigneeEmail`), each only when there is one.
 */
export function staffEmailsOf(c: Pick<Case, 'assignee' | 'caseOwner'>): {
  assigneeEmail?: string;
  caseOwnerEmail?: string;
} {
  const assigneeEmail = normEmail(c.assignee?.email);
  const caseOwnerEmail = normEmail(c.caseOwner?.email);
  return { ...(assigneeEmail ? { assigneeEmail } : {}), ...(caseOwnerEmail ? { caseOwnerEmail } : {}) };
}

/** The optional keys of `T` (those that may be absent). */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/**
 * Every optional top-level key of `Case`. An update `$unset`s those missing from the new case, so a field the
 * domain removed (an unassigned assignee, an answered question) is removed in the store as well. Typed as a
 * complete record: adding an optional field to `Case` without listing it here does not compile.
 */
const CASE_OPTIONAL: Record<OptionalKeys<Case>, true> = {
  impact: true,
  urgency: true,
  reporter: true,
  caseOwner: true,
  assignee: true,
  solution: true,
  earlierSolutions: true,
  vendor: true,
  pendingQuestion: true,
  firstResponseAt: true,
  resolvedAt: true,
  resolvedVersion: true,
  closedAt: true,
  closedVersion: true,
  evaluation: true,
  parentId: true,
  attachments: true,
  major: true,
  nextTimerAt: true,
};
const CASE_OPTIONAL_KEYS = Object.keys(CASE_OPTIONAL) as OptionalKeys<Case>[];

/** Copies `doc` without store-only keys and without top-level `null`/`undefined` values; `_id` becomes `id`. */
function withId<T>(doc: Record<string, unknown>): T {
  const out: Record<string, unknown> = { id: String(doc['_id']) };
  for (const [k, v] of Object.entries(doc)) {
    if (STORE_ONLY_KEYS.has(k) || k === 'id' || v === null || v === undefined) continue;
    out[k] = v;
  }
  return out as T;
}

/** Copies `value` without `id` and without top-level `undefined` values; `id` becomes `_id`. */
function withUnderscoreId<T>(value: object, id: string): T {
  const out: Record<string, unknown> = { _id: id };
  for (const [k, v] of Object.entries(value)) {
    if (k === 'id' || k === '_id' || v === undefined) continue;
    out[k] = v;
  }
  return out as T;
}

/** A stored case document (lean) as the port's `Case`: `id` instead of `_id`, no lease or `__v` fields. */
export function caseFromDocument(doc: Record<string, unknown>): Case {
  return withId<Case>(doc);
}

/** A `Case` as the document to insert. */
export function caseToDocument(c: Case): CaseDocument {
  return {
    ...withUnderscoreId<CaseDocument>(c, c.id),
    personEmails: personEmailsOf(c),
    ...staffEmailsOf(c),
    searchText: caseSearchText(c),
  };
}

/**
 * The update that turns the stored case into `next` at `version`: `$set` every present field, `$unset` every
 * optional field `next` lacks. The timer lease fields are left alone (the sweeper frees them itself).
 */
export function caseUpdate(
  next: Case,
  version: number,
  updatedAt: string,
): { $set: Record<string, unknown>; $unset?: Record<string, ''> } {
  const $set: Record<string, unknown> = withUnderscoreId<Record<string, unknown>>(next, next.id);
  delete $set['_id'];
  $set['personEmails'] = personEmailsOf(next);
  const staff = staffEmailsOf(next);
  Object.assign($set, staff);
  $set['searchText'] = caseSearchText(next);
  $set['version'] = version;
  $set['updatedAt'] = updatedAt;
  const missing: string[] = CASE_OPTIONAL_KEYS.filter((k) => next[k] === undefined);
  for (const k of ['assigneeEmail', 'caseOwnerEmail'] as const) if (staff[k] === undefined) missing.push(k);
  if (missing.length === 0) return { $set };
  return { $set, $unset: Object.fromEntries(missing.map((k) => [k, ''])) };
}

/** A stored outbox document as the port's `OutboxMessage`. */
export function outboxFromDocument(doc: Record<string, unknown>): OutboxMessage {
  return withId<OutboxMessage>(doc);
}

/**
 * A new pending outbox message from a draft; it is due at `notBefore`, or at once. `seq` orders it after the
 * messages written before it in the same millisecond (see `OutboxDocument`).
 */
export function outboxDocumentFromDraft(draft: OutboxDraft, id: string, now: string, seq: number): OutboxDocument {
  const doc: OutboxDocument = {
    _id: id,
    key: String(draft.key),
    kind: String(draft.kind),
    payload: draft.payload,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: draft.notBefore ?? now,
    createdAt: now,
    seq,
  };
  if (draft.caseId !== undefined) doc.caseId = String(draft.caseId);
  return doc;
}

/** A stored article document as the port's `Article`. */
export function articleFromDocument(doc: Record<string, unknown>): Article {
  return withId<Article>(doc);
}

/**
 * An article as its document, with the id and creation time it gets when the caller gave none, and the words and
 * word prefixes its text index covers (`prefixes`, store-only).
 */
export function articleToDocument(article: NewArticle, id: string, createdAt: string): ArticleDocument {
  return withUnderscoreId<ArticleDocument>(
    { ...article, createdAt: article.createdAt ?? createdAt, prefixes: articlePrefixes(article) },
    id,
  );
}

/** A stored conversation as the port's `ConversationRecord` (the TTL date mirror is dropped). */
export function conversationFromDocument(doc: Record<string, unknown>): ConversationRecord {
  return {
    key: String(doc['_id']),
    state: (doc['state'] ?? {}) as Record<string, unknown>,
    updatedAt: String(doc['updatedAt']),
    expiresAt: String(doc['expiresAt']),
  };
}

/** A conversation record as its document, with the BSON date the TTL index needs. */
export function conversationToDocument(record: ConversationRecord): ConversationDocument {
  return {
    _id: String(record.key),
    state: record.state,
    updatedAt: String(record.updatedAt),
    expiresAt: String(record.expiresAt),
    expiresAtDate: new Date(record.expiresAt),
  };
}

/** A file as its document: `id` becomes `_id`, the sender's e-mail is stored lower case. */
export function fileToDocument(file: StoredFile): FileDocument {
  const email = normEmail(file.by.email);
  const by: PersonRef = { id: String(file.by.id), name: String(file.by.name), ...(email ? { email } : {}) };
  const doc: FileDocument = {
    _id: String(file.id),
    name: String(file.name),
    contentType: String(file.contentType),
    size: Number(file.size),
    at: String(file.at),
    by,
    data: Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data),
  };
  if (file.caseId !== undefined) doc.caseId = String(file.caseId);
  return doc;
}

/**
 * The bytes of a stored `data` field as a Node Buffer: the driver reads BSON binary as a `Binary` (compared by its
 * BSON type, as mongoose may carry its own copy of the bson package); a Buffer or Uint8Array is taken as it is.
 */
export function bytesOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const binary = value as { _bsontype?: unknown; value?: () => Uint8Array } | null;
  if (binary?._bsontype === 'Binary' && typeof binary.value === 'function') {
    const bytes = binary.value();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  throw new TypeError(`A stored file's data is not binary (${typeof value})`);
}

/** A file document read without its bytes (`listFiles`) as the description it holds. */
export function fileInfoFromDocument(doc: Record<string, unknown>): FileInfo {
  const { data: _none, ...info } = doc;
  return withId<FileInfo>(info);
}

/** A stored file document (lean) as the port's `StoredFile`, its bytes as a Buffer. */
export function fileFromDocument(doc: Record<string, unknown>): StoredFile {
  const file = withId<StoredFile>(doc);
  file.data = bytesOf(doc['data']);
  return file;
}
