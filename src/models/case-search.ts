import type { Case } from './case.js';
import { ftsWords } from './sqlite/fts-query.js';

/** At most this many distinct words of a staff search are used (the rest are ignored). */
export const MAX_SEARCH_WORDS = 32;
/** `CaseSearchQuery.limit`: default and maximum. */
export const DEFAULT_CASE_SEARCH_LIMIT = 20;
export const MAX_CASE_SEARCH_LIMIT = 200;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * What `CaseStore.searchCases` searches in a case, as the stored strings: `text` holds the number (and its digits
 * without leading zeros, so `1485` finds INC-001485), title, description, solution, every note (internal ones
 * too), the user's and the reporter's name and e-mail, and the vendor's name; `assignee` the assignee's name, apart
 * because a claim changes it and nothing else (the SQLite store keeps it out of its full-text index, so a claim
 * never rewrites that index). The single definition of the searchable fields: both stores derive from it.
 */
export function caseSearchFields(c: Case): { text: string[]; assignee: string } {
  const number = str(c.number);
  const digits = /(\d+)$/.exec(number)?.[1]?.replace(/^0+(?=\d)/, '') ?? '';
  const text = [
    number,
    digits,
    c.title,
    c.description,
    c.solution?.text,
    ...(c.notes ?? []).map((n) => n?.text),
    c.user?.name,
    c.user?.email,
    c.reporter?.name,
    c.reporter?.email,
    c.vendor?.name,
  ].map(str);
  return { text, assignee: str(c.assignee?.name) };
}

/**
 * The searchable words of some strings, as both stores match them: `ftsWords` (NFC, lower case, runs of letters,
 * digits and combining marks, so æ, ø and å stay inside words) joined by single spaces.
 */
export function searchWordsOf(strings: readonly string[]): string {
  return ftsWords(strings.join('\n')).join(' ');
}

/**
 * The searchable text of a case (`caseSearchFields`, the assignee's name included) as its words: what the MongoDB
 * store keeps in `searchText`. A search word matches the beginning of one of these words in either store.
 */
export function caseSearchText(c: Case): string {
  const { text, assignee } = caseSearchFields(c);
  return searchWordsOf([...text, assignee]);
}

/**
 * The words of a staff search as the stores match them: each given word cut as `searchWordsOf` cuts the text (so
 * `INC-001485` becomes `inc` and `001485`, and quotes, `*`, `-`, `:`, `(`, `$` and the like vanish), duplicates
 * dropped, at most `MAX_SEARCH_WORDS`. Empty when nothing searchable is left.
 */
export function caseSearchWords(words: readonly unknown[] | undefined): string[] {
  const out = new Set<string>();
  for (const w of Array.isArray(words) ? words : []) {
    for (const t of ftsWords(str(w))) {
      out.add(t);
      if (out.size >= MAX_SEARCH_WORDS) return [...out];
    }
  }
  return [...out];
}

/** `CaseSearchQuery.limit` within 1..200 (default 20 when absent or not a number). */
export function caseSearchLimit(limit: unknown): number {
  const n = Math.trunc(Number(limit ?? DEFAULT_CASE_SEARCH_LIMIT));
  if (Number.isNaN(n)) return DEFAULT_CASE_SEARCH_LIMIT;
  return Math.min(Math.max(n, 1), MAX_CASE_SEARCH_LIMIT);
}
