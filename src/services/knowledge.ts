import type { CatalogueIndex } from '../config/catalogue-index.js';
import type { Case, Locale, PersonRef } from '../models/case.js';
import { OTHER_LOCALE } from './i18n.js';
import type { Article, ArticleHit, CaseStore } from '../models/case-store.js';
import { AppError } from '../models/errors.js';

/** A category the text is probably about; higher scores are likelier (comparable within one list only). */
export interface CategoryScore {
  categoryId: string;
  score: number;
}

export interface SuggestOptions {
  locale: Locale;
  /** Articles of this category rank higher (they are not required to match it). */
  categoryId?: string;
  /** Default 3. */
  limit?: number;
}

/**
 * Words that say nothing about the problem ("virker ikke", "does not work", "since this morning", "from my
 * laptop", "AU"): left out of searches. Everyday words like these otherwise match every how-to article (they all
 * say "log in with your AU ID", "from home", "on your phone") and push unrelated suggestions into the list.
 */
const STOP_WORDS = new Set(
  [
    // Danish
    'og i på at det er en et til af med for ikke jeg min mit mine har kan der den de som fra men så om vi du han',
    'hun man sig skal vil være var bliver blev have noget nogen når hvor hvad hvorfor hvordan også kun meget mere',
    'lige nu her igen ved op ud efter over under mig os jer dem deres vores din dit dine virker virke fungerer får',
    'hjælp tak hej problem problemer',
    'få fik gør gøre gjorde kom komme kommer går gik prøvet prøver prøve stadig længere altid aldrig tit hele tiden',
    'alle andre anden andet siden morges morgen dag dags går igår eftermiddag uge længe før bare helt godt ingen',
    'intet vist måske sådan hver gang også sal etage bygning lokale kontor kolleger kollega au',
    // English
    'the a an is are was were be been to of in on at my i it its not no does doesn doesnt don dont do did can cant',
    'cannot with for and or but me we you he she they our your this that these there here have has had get got',
    'work works working broken issue issues problem problems help please hi hello thanks when what where who how',
    'from as out into up any some all other others since today yesterday morning afternoon week ago still anymore',
    'always never again just only also very really keep keeps kept come comes came go goes went nothing anything',
    'won wouldn couldn isn aren wasn didn will would could should t s m ve ll re',
    'floor building room office colleague colleagues au',
  ]
    .join(' ')
    .split(' '),
);

/** Danish and English inflection endings, longest first; stripped while a stem of at least 4 letters remains. */
const SUFFIXES = ['ernes', 'erne', 'enes', 'ene', 'ing', 'ers', 'ede', 'en', 'et', 'er', 'es', 'ne', 'ed', 'e', 's'];
const MIN_STEM = 4;

/** Lower-case words of a text (letters and digits; æ, ø, å stay letters). */
function words(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  );
}

/**
 * A light stemmer for Danish and English: strips one definite/plural/verb ending ("printeren", "printere",
 * "printerne" all become "printer"; "adgangskoden" and "adgangskode" become "adgangskod"). Full-text search
 * matches the stem as a prefix, so the stem finds every inflected form in an article.
 */
export function stem(word: string): string {
  const w = word.toLowerCase();
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= MIN_STEM) return w.slice(0, -suffix.length);
  }
  return w;
}

/**
 * The meaningful words of a text, stemmed and de-duplicated, in order. Stop words go, and so do one-letter words
 * and numbers of one or two digits ("3. sal", "floor 2"): every numbered how-to has a step 2. Longer numbers stay
 * (error codes, printer and room numbers a saved case may mention).
 */
export function searchTerms(text: string): string[] {
  const terms = words(text)
    .filter((w) => !STOP_WORDS.has(w) && (/^\d+$/.test(w) ? w.length >= 3 : w.length > 1))
    .map(stem);
  return [...new Set(terms)];
}

/** Extra weight for an article of the category the user chose. */
const CATEGORY_BOOST = 1.5;
/** A keyword in the other language still counts, a little less (people mix "printer" into Danish). */
const OTHER_LOCALE_WEIGHT = 0.7;
/** How much the knowledge base's hits add to a category, relative to one matched keyword. */
const ARTICLE_WEIGHT = 0.5;
/** A suggestion scoring below this share of the best one is left out (a weak tail only distracts). */
const RELATIVE_CUT_OFF = 0.4;
/**
 * An article of another category than the chosen one must match search words worth at least this much: one
 * shared word ("phone" in a telephony report, "new" in a password article) is a coincidence, two are a sign the
 * user's problem is really that article's. A word among the chosen category's own keywords counts half (the
 * category already explains it: "phone" in a telephony report does not point to the mail-on-phone how-to).
 */
const MIN_OTHER_CATEGORY_EVIDENCE = 2;
/** What a matched word of the chosen category's own keywords counts towards `MIN_OTHER_CATEGORY_EVIDENCE`. */
const CLAIMED_WORD_WEIGHT = 0.5;

/**
 * The knowledge base (known solutions): seed articles from the catalogue, search for the intake's "known
 * solutions first" step, category proposals from free text, and "save as known solution" from a solved case.
 * The store does the ranked full-text search (SQLite FTS5 / MongoDB text index); this service only shapes the
 * query (stop words out, light Danish/English stemming) and re-ranks.
 */
export class KnowledgeService {
  /** The catalogue's category keywords, stemmed once (built on first use; the catalogue never changes). */
  private keywords: readonly CategoryKeywords[] | undefined;
  private order: ReadonlyMap<string, number> | undefined;

  constructor(
    private readonly store: CaseStore,
    private readonly catalogue: CatalogueIndex,
  ) {}

  private keywordIndex(): readonly CategoryKeywords[] {
    this.keywords ??= this.catalogue.catalogue.categories.map((category) => ({
      id: category.id,
      keywords: {
        da: category.keywords.da.map(stemmedKeyword),
        en: category.keywords.en.map(stemmedKeyword),
      },
    }));
    return this.keywords;
  }

  private categoryOrder(): ReadonlyMap<string, number> {
    this.order ??= new Map(this.catalogue.catalogue.categories.map((c, i) => [c.id, i]));
    return this.order;
  }

  /**
   * Loads the catalogue's seed articles. Idempotent by article id: a missing article is created, one whose
   * catalogue text changed is updated (keeping its creation time), an unchanged one is left alone. Returns how
   * many were written.
   */
  async seed(): Promise<number> {
    let written = 0;
    for (const seed of this.catalogue.catalogue.articles) {
      const existing = await this.store.getArticle(seed.id);
      const same =
        existing !== null &&
        existing.title === seed.title &&
        existing.body === seed.body &&
        existing.locale === seed.locale &&
        existing.categoryId === seed.categoryId &&
        existing.keywords.join('\n') === seed.keywords.join('\n');
      if (same) continue;
      await this.store.saveArticle({
        id: seed.id,
        title: seed.title,
        body: seed.body,
        keywords: seed.keywords,
        locale: seed.locale,
        ...(seed.categoryId ? { categoryId: seed.categoryId } : {}),
        ...(existing ? { createdAt: existing.createdAt } : {}),
      });
      written += 1;
    }
    return written;
  }

  /**
   * The best matching articles in the user's language (default at most 3), best first; empty text gives no
   * suggestions. The store ranks by full-text score; this re-ranks and keeps only relevant hits, the same for
   * every store. With `categoryId`, its articles get a boost and are kept whenever they match; an article of
   * another category is kept only when it matches two search words (see `MIN_OTHER_CATEGORY_EVIDENCE`) and
   * scores at least 40 % of the best hit. Without `categoryId`, only the 40 % cut-off applies. The chosen
   * category's articles are exempt from the cut-off because bm25 on a small knowledge base rates a rare word far
   * above a common one ("eduroam" in the eduroam how-to scored a sixth of "forgot" in the password article).
   */
  async suggest(text: string, opts: SuggestOptions): Promise<ArticleHit[]> {
    const limit = opts.limit ?? 3;
    const terms = searchTerms(text);
    if (terms.length === 0 || limit <= 0) return [];
    const hits = await this.store.searchArticles(terms.join(' '), {
      locale: opts.locale,
      limit: Math.max(limit * 4, 12),
    });
    const chosen = opts.categoryId;
    const isChosen = (a: Article): boolean => chosen !== undefined && a.categoryId === chosen;
    const claimed = chosen ? this.categoryStems(chosen) : [];
    const isClaimed = (t: string): boolean => claimed.some((k) => t === k || (k.length >= MIN_STEM && t.startsWith(k)));
    const evidence = (a: Article): number =>
      matchedTerms(a, terms).reduce((sum, t) => sum + (isClaimed(t) ? CLAIMED_WORD_WEIGHT : 1), 0);
    const ranked = hits
      .filter((h) => !chosen || isChosen(h.article) || evidence(h.article) >= MIN_OTHER_CATEGORY_EVIDENCE)
      .map((h) => ({ article: h.article, score: isChosen(h.article) ? h.score * CATEGORY_BOOST : h.score }))
      .sort((a, b) => b.score - a.score);
    const best = ranked[0]?.score ?? 0;
    return ranked.filter((h) => isChosen(h.article) || h.score >= best * RELATIVE_CUT_OFF).slice(0, limit);
  }

  /** The stemmed words of a category's keywords in both languages (empty for an unknown category). */
  private categoryStems(categoryId: string): readonly string[] {
    const category = this.keywordIndex().find((c) => c.id === categoryId);
    if (!category) return [];
    return [...new Set([...category.keywords.da, ...category.keywords.en].flatMap((k) => k.parts))];
  }

  /**
   * The likeliest categories for a free-text description, best first (default at most 3); only categories with
   * some evidence are returned. Evidence: catalogue keywords found in the text (stemmed; a keyword also matches
   * inside a Danish compound such as "farveprinteren"; the user's language counts fully, the other a little
   * less) plus the categories of the knowledge articles the text finds.
   */
  async suggestCategories(text: string, locale: Locale, limit = 3): Promise<CategoryScore[]> {
    const textWords = words(text).map(stem);
    if (textWords.length === 0) return [];
    const scores = new Map<string, number>();
    const add = (id: string, score: number): void => {
      scores.set(id, (scores.get(id) ?? 0) + score);
    };
    const other = OTHER_LOCALE[locale];
    for (const category of this.keywordIndex()) {
      const seen = new Set<string>();
      for (const [lang, weight] of [
        [locale, 1],
        [other, OTHER_LOCALE_WEIGHT],
      ] as const) {
        for (const keyword of category.keywords[lang]) {
          if (seen.has(keyword.key)) continue;
          if (keywordMatches(keyword.parts, textWords)) {
            seen.add(keyword.key);
            add(category.id, weight);
          }
        }
      }
    }
    const hits = await this.suggest(text, { locale, limit: 5 });
    const best = hits[0]?.score ?? 0;
    for (const hit of hits) {
      const id = hit.article.categoryId;
      if (id && this.catalogue.category(id) && best > 0) add(id, (ARTICLE_WEIGHT * hit.score) / best);
    }
    const order = this.categoryOrder();
    return [...scores.entries()]
      .filter(([, score]) => score > 0)
      .map(([categoryId, score]) => ({ categoryId, score: Math.round(score * 1000) / 1000 }))
      .sort((a, b) => b.score - a.score || (order.get(a.categoryId) ?? 0) - (order.get(b.categoryId) ?? 0))
      .slice(0, limit);
  }

  /**
   * "Save as known solution": turns a case's documented solution into an article in the case's language. The
   * article id is derived from the case number, so saving the same case again updates its article. Throws
   * `CASE.SOLUTION_REQUIRED` when the case has no solution written down.
   */
  async saveFromCase(c: Case, by: PersonRef): Promise<Article> {
    if (!c.solution || c.solution.text.trim() === '') {
      throw new AppError('CASE.SOLUTION_REQUIRED', `Case ${c.number} has no documented solution to save`, {
        caseId: c.id,
      });
    }
    const labels =
      c.locale === 'da' ? { problem: 'Problem', solution: 'Løsning' } : { problem: 'Problem', solution: 'Solution' };
    const body = `${labels.problem}: ${c.description.trim()}\n\n${labels.solution}: ${c.solution.text.trim()}`;
    const keywords = [
      ...new Set([...words(c.title), ...(this.catalogue.category(c.categoryId)?.keywords[c.locale] ?? [])]),
    ]
      .filter((w) => !STOP_WORDS.has(w.toLowerCase()) && w.length > 2)
      .slice(0, 12);
    return this.store.saveArticle({
      id: `case-${c.number.toLowerCase()}`,
      title: c.title,
      body,
      keywords,
      categoryId: c.categoryId,
      locale: c.locale,
      sourceCase: c.number,
      createdBy: by,
    });
  }
}

/** A catalogue keyword as matched: lower-cased (for "counted once per category") and its stemmed words. */
interface StemmedKeyword {
  key: string;
  parts: readonly string[];
}

interface CategoryKeywords {
  id: string;
  keywords: Record<Locale, readonly StemmedKeyword[]>;
}

function stemmedKeyword(keyword: string): StemmedKeyword {
  return { key: keyword.toLowerCase(), parts: words(keyword).map(stem) };
}

/**
 * The search terms an article contains (title, keywords or body), matched as the SQLite store does: a term of
 * three or more letters also matches as a word prefix ("connect" finds "connection").
 */
function matchedTerms(article: Article, terms: readonly string[]): string[] {
  const articleWords = new Set(words(`${article.title} ${article.keywords.join(' ')} ${article.body}`));
  return terms.filter((t) => {
    for (const w of articleWords) if (w === t || (t.length >= 3 && w.startsWith(t))) return true;
    return false;
  });
}

/** A keyword (possibly several words) matches when each of its stemmed words is found in the text's words. */
function keywordMatches(parts: readonly string[], textStems: readonly string[]): boolean {
  if (parts.length === 0) return false;
  return parts.every((part) =>
    textStems.some((w) => w === part || (part.length >= MIN_STEM && (w.startsWith(part) || w.includes(part)))),
  );
}
