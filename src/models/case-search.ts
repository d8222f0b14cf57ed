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
 * without leading zeros, so `1485` finds INC-001485), title, description, solution, every note (internal ones too),
 * the earlier solutions that did not hold (`Case.earlierSolutions`), the user's and the reporter's name and e-mail,
 * and the vendor's name; `assignee` the assignee's name, apart because a claim changes it and nothing else (the
 * SQLite store keeps it out of its full-text index, so a claim never rewrites that index). The single definition of
 * the searchable fields: both stores derive from it.
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
    // None for most cases, whose fields (and SQLite fingerprint) stay as before they were searched (migration 14).
    ...(c.earlierSolutions ?? []).map((s) => s?.text),
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

/**
 * `CaseSearchQuery.match: 'any'`: of each word, only its this-many newest matching cases are considered (the
 * person's, when `personEmail` is given), so a common word costs no more than a rare one. A case beyond the 1000
 * newest matches of every one of its words is not found. The stores take another cap as an option (tests).
 */
export const CASE_SEARCH_WORD_CAP = 1000;

/** `CaseSearchQuery.match`: `'any'` only when asked for, else `'all'`. */
export function caseSearchMatch(match: unknown): 'all' | 'any' {
  return match === 'any' ? 'any' : 'all';
}

/** `CaseSearchQuery.excludeIds` as the distinct strings among them (anything else is ignored). */
export function caseSearchExcludeIds(ids: unknown): string[] {
  return Array.isArray(ids) ? [...new Set(ids.filter((id): id is string => typeof id === 'string'))] : [];
}

/** A store's per-word cap (`CASE_SEARCH_WORD_CAP` unless a positive whole number is given). */
export function caseSearchWordCap(cap: unknown): number {
  return typeof cap === 'number' && Number.isInteger(cap) && cap >= 1 ? cap : CASE_SEARCH_WORD_CAP;
}

/**
 * How many of the hit lists (one per search word, of case keys) each case is in: the number of distinct words it
 * contains. A key repeated within one list counts once.
 */
export function countWordHits<K>(perWord: Iterable<Iterable<K>>): Map<K, number> {
  const counts = new Map<K, number>();
  for (const hits of perWord) {
    for (const key of new Set(hits)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The cases that can be among the best `limit` by count, grouped by count, most first: `whole` the groups that
 * fit entirely (ranked among themselves by age), then `partial` the group that does not, of which only the newest
 * `take` are wanted. Only these need their age read.
 */
export function rankingCandidates<K>(
  counts: ReadonlyMap<K, number>,
  limit: number,
): { whole: K[]; partial?: { keys: K[]; take: number } } {
  const groups = new Map<number, K[]>();
  for (const [key, n] of counts) {
    const group = groups.get(n);
    if (group) group.push(key);
    else groups.set(n, [key]);
  }
  const whole: K[] = [];
  for (const n of [...groups.keys()].sort((a, b) => b - a)) {
    const keys = groups.get(n)!;
    const room = limit - whole.length;
    if (room <= 0) break;
    if (keys.length > room) return { whole, partial: { keys, take: room } };
    whole.push(...keys);
  }
  return { whole };
}

/** A case found by `match: 'any'`: how many words it contains, its `createdAt`, and its insertion order. */
export interface CaseWordHit {
  count: number;
  createdAt: string;
  /** Later insertions higher (the SQLite `seq`, the MongoDB case number): the last tie-break, newest first. */
  order: number | string;
}

const desc = <T extends number | string>(a: T, b: T): number => (a < b ? 1 : a > b ? -1 : 0);

/** The best `limit` hits: most words first, then newest (`createdAt` descending, then `order` descending). */
export function rankWordHits<T extends CaseWordHit>(hits: readonly T[], limit: number): T[] {
  return [...hits]
    .sort((a, b) => b.count - a.count || desc(a.createdAt, b.createdAt) || desc(a.order, b.order))
    .slice(0, Math.max(limit, 0));
}
