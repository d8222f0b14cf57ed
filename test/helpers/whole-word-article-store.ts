import type { Locale } from '../../src/models/case.js';
import type { Article, ArticleHit } from '../../src/models/case-store.js';
import { ARTICLE_TEXT_WEIGHTS } from '../../src/models/mongo/schemas.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';

const wordsOf = (text: string): string[] =>
  text
    .normalize('NFC')
    .toLowerCase()
    .match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];

/**
 * An in-memory store whose article search behaves like the MongoDB adapter's `$text` search, for services tests
 * without a `mongod`: whole words only (no prefixes, no stemming), OR-ed, scored like textScore (per field the
 * matched words over the field's length, times the field weight; no rarity weighting as in bm25). An
 * approximation of MongoDB's scoring, close enough to check that ranking rules above the store do not depend on
 * bm25.
 */
export class WholeWordArticleStore extends SqliteCaseStore {
  constructor() {
    super({ file: ':memory:' });
  }

  override async searchArticles(
    text: string,
    filter: { locale?: Locale; categoryId?: string; limit?: number } = {},
  ): Promise<ArticleHit[]> {
    const terms = new Set(wordsOf(text));
    const fieldScore = (field: string, weight: number): number => {
      const ws = wordsOf(field);
      return ws.length === 0 ? 0 : (weight * ws.filter((w) => terms.has(w)).length) / ws.length;
    };
    const score = (a: Article): number =>
      fieldScore(a.title, ARTICLE_TEXT_WEIGHTS.title) +
      fieldScore(a.keywords.join(' '), ARTICLE_TEXT_WEIGHTS.keywords) +
      fieldScore(a.body, ARTICLE_TEXT_WEIGHTS.body);
    return (await this.listArticles())
      .filter((a) => filter.locale === undefined || a.locale === filter.locale)
      .filter((a) => filter.categoryId === undefined || a.categoryId === filter.categoryId)
      .map((article) => ({ article, score: score(article) }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || a.article.id.localeCompare(b.article.id))
      .slice(0, filter.limit ?? 10);
  }
}
