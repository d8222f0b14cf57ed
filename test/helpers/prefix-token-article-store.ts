import { articlePrefixes, articleSearchWords } from '../../src/models/article-search.js';
import type { Locale } from '../../src/models/case.js';
import type { Article, ArticleHit } from '../../src/models/case-store.js';
import { ARTICLE_TEXT_WEIGHTS } from '../../src/models/mongo/schemas.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';

const tokensOf = (text: string): string[] => (text === '' ? [] : text.split(' '));

/**
 * An in-memory store whose article search behaves like the MongoDB adapter's `$text` search, for services tests
 * without a `mongod`: each search word (`articleSearchWords`) is one whole token of the article's word prefixes
 * (`articlePrefixes`, what the adapter's text index covers; no stemming), OR-ed, scored like textScore (per field
 * the matched tokens over the field's tokens, times the field weight; no rarity weighting as in bm25). An
 * approximation of MongoDB's scoring, close enough to check that ranking rules above the store do not depend on
 * bm25.
 */
export class PrefixTokenArticleStore extends SqliteCaseStore {
  constructor() {
    super({ file: ':memory:' });
  }

  override async searchArticles(
    text: string,
    filter: { locale?: Locale; categoryId?: string; limit?: number } = {},
  ): Promise<ArticleHit[]> {
    const terms = new Set(articleSearchWords(text));
    const fieldScore = (field: string, weight: number): number => {
      const ts = tokensOf(field);
      return ts.length === 0 ? 0 : (weight * ts.filter((t) => terms.has(t)).length) / ts.length;
    };
    const score = (a: Article): number => {
      const p = articlePrefixes(a);
      return (
        fieldScore(p.title, ARTICLE_TEXT_WEIGHTS.title) +
        fieldScore(p.keywords, ARTICLE_TEXT_WEIGHTS.keywords) +
        fieldScore(p.body, ARTICLE_TEXT_WEIGHTS.body)
      );
    };
    return (await this.listArticles())
      .filter((a) => filter.locale === undefined || a.locale === filter.locale)
      .filter((a) => filter.categoryId === undefined || a.categoryId === filter.categoryId)
      .map((article) => ({ article, score: score(article) }))
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score || a.article.id.localeCompare(b.article.id))
      .slice(0, filter.limit ?? 10);
  }
}
