import { hash } from 'node:crypto';
import { searchWordsOf } from '../case-search.js';

/*
 * The SQLite side of `CaseStore.searchCases` (schema: migration 6). Of a case's searchable fields
 * (`caseSearchFields`), the `text` ones go into the contentless FTS5 table `cases_search` at rowid = `cases.seq`,
 * and `cases.search_hash` fingerprints what was written there; the assignee's name goes into the column
 * `cases.assignee_words`, covered by the `cases_assignee` index, so a claim (which only changes the assignee among
 * the searchable fields) never writes the FTS index: an FTS5 write costs several times a whole case write.
 * When `caseSearchFields` changes, add a migration that re-runs the backfill: a changed fingerprint alone re-indexes
 * a case only when it is next written.
 */

/** Writes a case's searchable words (parameters: `cases.seq`, `caseFtsText`). */
export const INSERT_CASE_SEARCH_SQL = 'INSERT INTO cases_search (rowid, text) VALUES (?, ?)';
/** Removes a case's searchable words (parameter: `cases.seq`); harmless when there are none. */
export const DELETE_CASE_SEARCH_SQL = 'DELETE FROM cases_search WHERE rowid = ?';

/**
 * A short digest of the searchable text fields (as stored, before they are cut into words: hashing is several
 * times cheaper than cutting, and runs on every write), kept in `cases.search_hash` so a write can tell from the
 * row it reads anyway whether the FTS row must be rewritten. Not a security boundary: SHA-1 is only a fast, stable
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

/**
 * The query of `searchCases` for `count` (>= 1) words, with or without the e-mail filter. Parameters: `@all`, the
 * words' prefix terms AND-ed; `@w0..` each word's term; `@l0..` each word's `likeWordPrefix`; `@email`; `@limit`.
 * A case matches when each word is in its FTS row or its assignee's name. Candidates: the FTS rows holding every
 * word (one MATCH; these match outright), plus the assigned cases whose assignee's name has one of the words (a
 * scan of the covering `cases_assignee` index, which holds one short entry per assigned case); the latter are
 * checked word by word. Newest first.
 */
export function caseSearchSql(count: number, withEmail: boolean): string {
  const words = Array.from({ length: count }, (_, i) => i);
  const assigneeHas = (i: number, col: string) => `(' ' || ${col}) LIKE @l${i} ESCAPE '\\'`;
  const anyInAssignee = words.map((i) => assigneeHas(i, 'assignee_words')).join(' OR ');
  const each = words
    .map(
      (i) =>
        `(c.seq IN (SELECT rowid FROM cases_search WHERE cases_search MATCH @w${i}) OR ${assigneeHas(i, 'c.assignee_words')})`,
    )
    .join(' AND ');
  return `SELECT c.doc AS doc FROM (
      SELECT seq, MAX(whole) AS whole FROM (
        SELECT rowid AS seq, 1 AS whole FROM cases_search WHERE cases_search MATCH @all
        UNION ALL
        SELECT seq, 0 AS whole FROM cases WHERE assignee_id IS NOT NULL AND (${anyInAssignee})
      ) GROUP BY seq
    ) h JOIN cases c ON c.seq = h.seq
    WHERE (h.whole = 1 OR (${each}))${withEmail ? ' AND (c.user_email = @email OR c.reporter_email = @email)' : ''}
    ORDER BY c.created_at DESC, c.seq DESC LIMIT @limit`;
}

/** The parameters of `caseSearchSql` for these words (from `caseSearchWords`, at least one). */
export function caseSearchParams(words: readonly string[], email: string | undefined, limit: number) {
  const params: Record<string, string | number> = { all: words.map(ftsPrefixTerm).join(' AND '), limit };
  words.forEach((w, i) => {
    params[`w${i}`] = ftsPrefixTerm(w);
    params[`l${i}`] = likeWordPrefix(w);
  });
  if (email !== undefined) params['email'] = email;
  return params;
}
