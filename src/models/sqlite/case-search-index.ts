import { hash } from 'node:crypto';
import { searchWordsOf } from '../case-search.js';

/*
 * The SQLite side of `CaseStore.searchCases` (schema: migrations 6 and 7). Of a case's searchable fields
 * (`caseSearchFields`), the `text` ones go into the contentless FTS5 table `cases_search` at rowid = `cases.seq`,
 * and `cases.search_hash` fingerprints what was written there (NULL: pending, not written yet or changed since;
 * `SqliteCaseStore.indexPendingSearch` writes the pending ones in batches, before every search and every few
 * seconds, as an FTS5 write costs several times a whole case write when done per case). The assignee's name goes
 * into the column `cases.assignee_words`, covered by the `cases_assignee` index, so a claim (which only changes the
 * assignee among the searchable fields) never makes a case pending. When `caseSearchFields` changes, add a
 * migration that sets `search_hash` to NULL for every case: a changed fingerprint alone is only noticed when a
 * case is next written. A bound LIMIT or LIKE pattern is `+@x` (see `SqliteCaseStore.stmt`).
 */

/** Writes a case's searchable words (parameters: `cases.seq`, `caseFtsText`). */
export const INSERT_CASE_SEARCH_SQL = 'INSERT INTO cases_search (rowid, text) VALUES (?, ?)';
/** Removes a case's searchable words (parameter: `cases.seq`); harmless when there are none. */
export const DELETE_CASE_SEARCH_SQL = 'DELETE FROM cases_search WHERE rowid = ?';

/**
 * A short digest of the searchable text fields (as stored, before they are cut into words: hashing is several
 * times cheaper than cutting, and runs on every write), kept in `cases.search_hash` so a write can tell from the
 * row it reads anyway whether the FTS row is out of date (the case becomes pending). Not a security boundary: SHA-1 is only a fast, stable
 * fingerprint here.
 */
export function searchHash(text: readonly string[]): string {
  return hash('sha1', text.join('\u0000'), 'base64');
}

/** What goes into `cases_search` for these text fields. */
export function caseFtsText(text: readonly string[]): string {
  return searchWordsOf(text);
}

/** `cases.assignee_words` for an assignee's name: its words, or null when it has none. */
export function assigneeWords(name: string): string | null {
  return searchWordsOf([name]) || null;
}

/** A word (from `caseSearchWords`) as an FTS5 prefix term: quoted, so no character of it is FTS syntax. */
export const ftsPrefixTerm = (word: string): string => `"${word.replaceAll('"', '""')}"*`;

/** A word as a LIKE pattern finding it at the beginning of a word of `' ' || assignee_words` (ESCAPE '\'). */
export const likeWordPrefix = (word: string): string => `% ${word.replace(/[\\%_]/g, '\\$&')}%`;

/** The condition leaving out the cases of `@exclude` (a JSON array of case ids), on the alias `c`. */
const NOT_EXCLUDED = ' AND c.id NOT IN (SELECT value FROM json_each(@exclude))';
/** The condition keeping the cases of the person `@email` (user or reporter), on the alias `c`. */
const OF_PERSON = '(c.user_email = @email OR c.reporter_email = @email)';

/**
 * The query of `searchCases` for `count` (>= 1) words, with or without the e-mail filter and the excluded ids.
 * Parameters: `@all`, the words' prefix terms AND-ed; `@w0..` each word's term; `@l0..` each word's
 * `likeWordPrefix`; `@email`; `@exclude`; `@limit`. A case matches when each word is in its FTS row or its
 * assignee's name. Candidates: the FTS rows holding every word (one MATCH; these match outright), plus the
 * assigned cases whose assignee's name has one of the words (the distinct names read off the covering
 * `cases_assignee` index, the words looked for in those, then their cases off the same index); the latter are
 * checked word by word. Newest first.
 */
export function caseSearchSql(count: number, withEmail: boolean, withExclude = false): string {
  const words = Array.from({ length: count }, (_, i) => i);
  const assigneeHas = (i: number, col: string) => `(' ' || ${col}) LIKE +@l${i} ESCAPE '\\'`;
  const anyInAssignee = words.map((i) => assigneeHas(i, 'assignee_words')).join(' OR ');
  const each = words
    .map(
      (i) =>
        `(c.seq IN (SELECT rowid FROM cases_search WHERE cases_search MATCH @w${i}) OR ${assigneeHas(i, 'c.assignee_words')})`,
    )
    .join(' AND ');
  // The newest `limit` are picked first and only their documents read: sorting the documents of every match (a
  // word in one case of ten is 10 000 of 100 000) made the sort carry them all.
  // With 90 000 assigned cases of 60 people, a LIKE per index entry took ~12 ms of a two-word search; the LIKEs on
  // the distinct names take a fraction of that.
  return `WITH names AS MATERIALIZED (
      SELECT DISTINCT assignee_id, assignee_words FROM cases WHERE assignee_id IS NOT NULL
    ), hit AS MATERIALIZED (
      SELECT assignee_id, assignee_words FROM names WHERE ${anyInAssignee}
    )
    SELECT doc FROM cases WHERE seq IN (
      SELECT c.seq FROM (
        SELECT seq, MAX(whole) AS whole FROM (
          SELECT rowid AS seq, 1 AS whole FROM cases_search WHERE cases_search MATCH @all
          UNION ALL
          SELECT a.seq, 0 AS whole FROM hit JOIN cases a
            ON a.assignee_id = hit.assignee_id AND a.assignee_words = hit.assignee_words
        ) GROUP BY seq
      ) h JOIN cases c ON c.seq = h.seq
      WHERE (h.whole = 1 OR (${each}))${withEmail ? ` AND ${OF_PERSON}` : ''}${withExclude ? NOT_EXCLUDED : ''}
      ORDER BY c.created_at DESC, c.seq DESC LIMIT +@limit
    ) ORDER BY created_at DESC, seq DESC`;
}

/**
 * The parameters of `caseSearchSql` for these words (from `caseSearchWords`, at least one); `exclude` only when
 * the query was built with it (non-empty).
 */
export function caseSearchParams(
  words: readonly string[],
  email: string | undefined,
  limit: number,
  exclude: readonly string[] = [],
) {
  const params: Record<string, string | number> = { all: words.map(ftsPrefixTerm).join(' AND '), limit };
  words.forEach((w, i) => {
    params[`w${i}`] = ftsPrefixTerm(w);
    params[`l${i}`] = likeWordPrefix(w);
  });
  if (email !== undefined) params['email'] = email;
  if (exclude.length > 0) params['exclude'] = JSON.stringify(exclude);
  return params;
}

/** The e-mail-only search (no words): the person's cases, newest first. Parameters `@email`, `@exclude`, `@limit`. */
export function casesOfPersonSql(withExclude: boolean): string {
  return `SELECT c.doc AS doc FROM cases c WHERE ${OF_PERSON}${withExclude ? NOT_EXCLUDED : ''}
    ORDER BY c.created_at DESC, c.seq DESC LIMIT +@limit`;
}

/*
 * `match: 'any'` (similar cases) reads a bounded number of entries per word and ranks in JavaScript:
 * 1. per word, the seqs of its newest `@cap` FTS rows (`caseWordSeqsSql`); FTS5 returns a MATCH in rowid order
 *    (rowid = seq, increasing with insertion), so `ORDER BY rowid DESC LIMIT` needs no sort;
 * 2. the assignees: the distinct names in the `cases_assignee` index that have a word (`ASSIGNEE_NAMES_SQL`, one
 *    pass over the index, the LIKEs run once per name), then per such name its newest `@cap` cases
 *    (`ASSIGNEE_CASES_SQL`: that index holds them in seq order); with an e-mail, the person's assigned cases
 *    (`personAssigneeWordsSql`);
 * 3. per word the newest `cap` of both (`newestSeqs`), counted per case (`countWordHits`);
 * 4. `created_at` of the cases that can make the top `limit` (`rankingCandidates`: `CASE_AGES_SQL` for them, or,
 *    for a large group of cases with the same count, its newest on the `cases_created` index, `NEWEST_OF_SQL`),
 *    ranked (`rankWordHits`), and the documents of the top `limit` only (`CASE_DOCS_BY_SEQ_SQL`).
 */

/**
 * Per word: the seqs of its newest `@cap` full-text matches, newest first. Parameters `@term` (`ftsPrefixTerm`),
 * `@cap`, and `@email`: with it, only the person's cases, found first on the e-mail indexes (an FTS5 lookup per
 * rowid would re-read the word's whole prefix doclist every time).
 */
export function caseWordSeqsSql(withEmail: boolean): string {
  return withEmail
    ? `SELECT c.seq AS seq FROM cases c
        WHERE ${OF_PERSON} AND c.seq IN (SELECT rowid FROM cases_search WHERE cases_search MATCH @term)
        ORDER BY +c.seq DESC LIMIT +@cap`
    : 'SELECT rowid AS seq FROM cases_search WHERE cases_search MATCH @term ORDER BY rowid DESC LIMIT +@cap';
}

/** `m0, m1, ..`: whether word i (`@l<i>`, `likeWordPrefix`) is in `col`, and the condition that one of them is. */
function wordFlags(count: number, col: string): { flags: string; any: string } {
  const has = Array.from({ length: count }, (_, i) => `(' ' || ${col}) LIKE +@l${i} ESCAPE '\\'`);
  return { flags: has.map((h, i) => `${h} AS m${i}`).join(', '), any: has.join(' OR ') };
}

/**
 * The distinct assignees (`id`, `words`: `assignee_id`, `assignee_words`) whose name has one of `count` (>= 1)
 * words, with `m0..` (1 when word i is in the name, else 0). Parameters `@l0..`. The names are collected first
 * (MATERIALIZED: the LIKEs are not pushed down onto every index entry).
 */
export function assigneeNamesSql(count: number): string {
  const { flags, any } = wordFlags(count, 'words');
  return `WITH names AS MATERIALIZED (
      SELECT DISTINCT assignee_id AS id, assignee_words AS words FROM cases WHERE assignee_id IS NOT NULL
    )
    SELECT id, words, ${flags} FROM names WHERE ${any}`;
}

/** The seqs of an assignee's newest `@cap` cases (parameters `@id`, `@words` from `assigneeNamesSql`). */
export const ASSIGNEE_CASES_SQL =
  'SELECT seq FROM cases WHERE assignee_id = @id AND assignee_words = @words ORDER BY seq DESC LIMIT +@cap';

/**
 * The assigned cases of the person `@email` whose assignee's name has one of `count` (>= 1) words: `seq` and
 * `m0..` as in `assigneeNamesSql`. Found on the e-mail indexes: a person has few cases.
 */
export function personAssigneeWordsSql(count: number): string {
  const { flags, any } = wordFlags(count, 'c.assignee_words');
  return `SELECT c.seq AS seq, ${flags} FROM cases c WHERE ${OF_PERSON} AND c.assignee_id IS NOT NULL AND (${any})`;
}

/** The seqs of cases by id (parameter: a JSON array of ids). */
export const CASE_SEQS_OF_IDS_SQL = 'SELECT seq FROM cases WHERE id IN (SELECT value FROM json_each(?))';
/** `created_at` of cases (parameter: a JSON array of seqs), one primary-key lookup each. */
export const CASE_AGES_SQL =
  'SELECT c.seq AS seq, c.created_at AS createdAt FROM json_each(?) j JOIN cases c ON c.seq = j.value';
/**
 * The newest `?` (second parameter) of some cases (first: a JSON array of seqs), newest first, read down the
 * `cases_created` index (which holds the seq): no case row is read, however many cases there are.
 */
export const NEWEST_OF_SQL = `SELECT seq, created_at AS createdAt FROM cases INDEXED BY cases_created
  WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, seq DESC LIMIT +?`;
/** Above this many cases of one count, their newest are found with `NEWEST_OF_SQL` rather than `CASE_AGES_SQL`. */
export const AGE_LOOKUPS_MAX = 1000;
/** The documents of cases (parameter: a JSON array of seqs), in no particular order. */
export const CASE_DOCS_BY_SEQ_SQL = 'SELECT seq, doc FROM cases WHERE seq IN (SELECT value FROM json_each(?))';

/** The newest (highest) `cap` distinct seqs of some lists, newest first. */
export function newestSeqs(lists: readonly (readonly number[])[], cap: number): number[] {
  return [...new Set(lists.flat())].sort((a, b) => b - a).slice(0, Math.max(cap, 0));
}
