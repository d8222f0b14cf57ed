import mongoose from 'mongoose';
import { normEmail } from '../case.js';
import { caseSearchExcludeIds, caseSearchWords } from '../case-search.js';
import type { CaseSearchQuery } from '../case-store.js';

/** Operators the adapter writes itself; user values are never put where an operator could be read from them. */
const { trusted } = mongoose;

/** `text` with every character that means something in a (PCRE or JavaScript) regular expression escaped. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * The pattern that finds `word` at the beginning of a word of a case's `searchText`. That field holds only words
 * (letters, digits, marks) separated by single spaces (`caseSearchText`), so "the beginning of a word" is the
 * beginning of the field or right after a space: no Unicode classes are needed, which every MongoDB version's
 * PCRE reads alike. `word` is escaped besides (it is letters and digits already when it comes from
 * `caseSearchWords`).
 */
export function wordPrefixPattern(word: string): string {
  return `(?:^| )${escapeRegex(word)}`;
}

/**
 * The MongoDB filter of `searchCases` with `match: 'all'`: one case-insensitive prefix regex per word on
 * `searchText`, all required, the lower-case e-mail on the indexed `personEmails`, and the excluded ids; null when
 * neither words nor an e-mail are left (no words survive cleaning and no e-mail), which means "no cases". The
 * regexes and `$nin` are operator objects the adapter builds itself (`trusted`), from escaped words and strings;
 * the e-mail is compared as a plain string.
 */
export function caseSearchFilter(query: CaseSearchQuery): Record<string, unknown> | null {
  const words = caseSearchWords(query.words);
  const email = typeof query.personEmail === 'string' ? normEmail(query.personEmail) : undefined;
  if (words.length === 0 && email === undefined) return null;
  const filter: Record<string, unknown> = {};
  if (words.length > 0) filter['$and'] = words.map(wordCondition);
  if (email !== undefined) filter['personEmails'] = email;
  const exclude = caseSearchExcludeIds(query.excludeIds);
  if (exclude.length > 0) filter['_id'] = trusted({ $nin: exclude });
  return filter;
}

/** The condition that `word` begins a word of the case's `searchText` (a trusted, escaped, case-insensitive regex). */
function wordCondition(word: string): Record<string, unknown> {
  return { searchText: trusted({ $regex: wordPrefixPattern(word), $options: 'i' }) };
}

/**
 * The filters of `searchCases` with `match: 'any'`: one per cleaned word (the word's `wordCondition`, and the
 * e-mail when given, as in `caseSearchFilter`), each to be read newest first up to the per-word cap. Empty when no
 * word survives cleaning. The excluded ids are left to the caller, which drops them when counting.
 */
export function caseSearchWordFilters(query: CaseSearchQuery): Record<string, unknown>[] {
  const email = typeof query.personEmail === 'string' ? normEmail(query.personEmail) : undefined;
  return caseSearchWords(query.words).map((w) => ({
    ...wordCondition(w),
    ...(email === undefined ? {} : { personEmails: email }),
  }));
}
