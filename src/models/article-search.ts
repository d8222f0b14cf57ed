import type { Article } from './case-store.js';
import { ftsWords, MAX_TERMS } from './sqlite/fts-query.js';

/** Words this long or longer match as prefixes of an article's words; shorter ones only whole. */
export const ARTICLE_PREFIX_MIN = 3;

/**
 * The tokens a store without prefix search (MongoDB's `$text`, no stemming) indexes for a text so that it matches
 * as SQLite's FTS5 prefix query does (`"print"*` finds "printeren"): every distinct word, and each of its prefixes
 * of `ARTICLE_PREFIX_MIN` letters or more. A search word (the knowledge service's stems, or what a person typed)
 * is then one whole token. Articles are short and few, so the extra tokens cost little.
 */
export function prefixTokens(text: string): string {
  const out = new Set<string>();
  for (const word of ftsWords(text)) {
    out.add(word);
    const letters = [...word];
    for (let n = ARTICLE_PREFIX_MIN; n < letters.length; n++) out.add(letters.slice(0, n).join(''));
  }
  return [...out].join(' ');
}

/** The prefix tokens of an article's three searched fields (see `prefixTokens`). */
export function articlePrefixes(article: Pick<Article, 'title' | 'keywords' | 'body'>): {
  title: string;
  keywords: string;
  body: string;
} {
  // Defensive about documents written by hand or by an older version: a missing field indexes nothing.
  const keywords: unknown = article.keywords;
  return {
    title: prefixTokens(String(article.title ?? '')),
    keywords: prefixTokens(Array.isArray(keywords) ? keywords.map(String).join(' ') : ''),
    body: prefixTokens(String(article.body ?? '')),
  };
}

/** The distinct words of a search, as both stores search them: lower case, at most SQLite's `MAX_TERMS`. */
export function articleSearchWords(text: string): string[] {
  return [...new Set(ftsWords(text))].slice(0, MAX_TERMS);
}
