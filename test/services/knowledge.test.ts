import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCatalogueIndex } from '../../src/config/catalogue-index.js';
import { loadCatalogue } from '../../src/config/load-catalogue.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { KnowledgeService, searchTerms, stem } from '../../src/services/knowledge.js';
import { buildNewCase, buildPerson } from '../helpers/case-builder.js';
import { buildTestCatalogue } from './intake/intake-fixtures.js';

let store: SqliteCaseStore;
beforeEach(async () => {
  store = new SqliteCaseStore({ file: ':memory:' });
  await store.init();
});
afterEach(async () => {
  await store.close();
});

const realCatalogue = () => createCatalogueIndex(loadCatalogue('config/catalogue.yaml'));

describe('stem', () => {
  it('strips one inflection ending when a stem of four letters remains', () => {
    expect(['printeren', 'printere'].map(stem)).toEqual(['printer', 'printer']);
    for (const form of ['printerne', 'printer', 'printers', 'printing']) expect(stem(form)).toBe('print');
    expect(stem('adgangskoden')).toBe(stem('adgangskode'));
    expect(stem('kode')).toBe('kode');
  });
});

describe('searchTerms', () => {
  it('drops words that say nothing about the problem when building a search', () => {
    expect(searchTerms('Printeren på 3. sal virker ikke!')).toEqual(['printer']);
    expect(searchTerms('It does not work')).toEqual([]);
    expect(searchTerms('Since this morning, from my laptop and my AU ID')).toEqual(['laptop', 'id']);
  });

  it('keeps numbers of three or more digits when building a search', () => {
    expect(searchTerms('Error 809 on floor 2, printer 1481-235')).toEqual(['error', '809', 'print', '1481', '235']);
  });
});

describe('KnowledgeService', () => {
  it('loads every seed article of the real catalogue once when seeded twice', async () => {
    const catalogue = realCatalogue();
    const knowledge = new KnowledgeService(store, catalogue);
    expect(await knowledge.seed()).toBe(catalogue.catalogue.articles.length);
    const first = await store.getArticle('eduroam-setup-da');
    expect(await knowledge.seed()).toBe(0);
    expect(await store.listArticles()).toHaveLength(catalogue.catalogue.articles.length);
    expect((await store.getArticle('eduroam-setup-da'))?.createdAt).toBe(first?.createdAt);
  });

  it('updates a seed article whose catalogue text changed when seeded again', async () => {
    const catalogue = buildTestCatalogue();
    await new KnowledgeService(store, catalogue).seed();
    const article = catalogue.catalogue.articles[0]!;
    const changed = createCatalogueIndex({
      ...catalogue.catalogue,
      articles: [{ ...article, body: 'New advice.' }, ...catalogue.catalogue.articles.slice(1)],
    });
    expect(await new KnowledgeService(store, changed).seed()).toBe(1);
    expect((await store.getArticle(article.id))?.body).toBe('New advice.');
  });

  it('suggests the matching article in the user language first when a Danish text is inflected', async () => {
    const knowledge = new KnowledgeService(store, realCatalogue());
    await knowledge.seed();
    const da = await knowledge.suggest('Mit print kommer ikke ud af printeren', { locale: 'da' });
    expect(da[0]?.article.id).toBe('printer-queue-da');
    expect(da.every((h) => h.article.locale === 'da')).toBe(true);
    expect(da.length).toBeLessThanOrEqual(3);
    const en = await knowledge.suggest('cannot connect to eduroam on my phone', { locale: 'en', limit: 1 });
    expect(en.map((h) => h.article.id)).toEqual(['eduroam-setup-en']);
    expect(await knowledge.suggest('virker ikke', { locale: 'da' })).toEqual([]);
  });

  it('ranks an article of the chosen category above an equal match when a category is given', async () => {
    const catalogue = buildTestCatalogue();
    const knowledge = new KnowledgeService(store, catalogue);
    await store.saveArticle({
      id: 'a-print',
      title: 'Card login',
      body: 'Use your card.',
      keywords: [],
      categoryId: 'printing',
      locale: 'en',
    });
    await store.saveArticle({
      id: 'b-wifi',
      title: 'Card login',
      body: 'Use your card.',
      keywords: [],
      categoryId: 'wifi',
      locale: 'en',
    });
    const plain = await knowledge.suggest('card login', { locale: 'en' });
    expect(plain.map((h) => h.article.id)).toEqual(['a-print', 'b-wifi']);
    const boosted = await knowledge.suggest('card login', { locale: 'en', categoryId: 'wifi' });
    expect(boosted.map((h) => h.article.id)).toEqual(['b-wifi', 'a-print']);
    expect(boosted[0]!.score).toBeGreaterThan(boosted[1]!.score);
  });

  it('proposes the likeliest categories from keywords, Danish compounds and articles when given free text', async () => {
    const knowledge = new KnowledgeService(store, realCatalogue());
    await knowledge.seed();
    const printing = await knowledge.suggestCategories('Printeren på 3. sal virker ikke', 'da');
    expect(printing[0]?.categoryId).toBe('printing');
    const compound = await knowledge.suggestCategories('Farveprinteren laver papirstop', 'da');
    expect(compound[0]?.categoryId).toBe('printing');
    const english = await knowledge.suggestCategories('I cannot connect to eduroam', 'en');
    expect(english[0]?.categoryId).toBe('wifi-eduroam');
    const scores = english.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(await knowledge.suggestCategories('hello', 'en')).toEqual([]);
    expect((await knowledge.suggestCategories('printer eduroam vpn mail', 'en', 2)).length).toBe(2);
  });

  it('proposes the same categories from one service as from a fresh one when asked in both languages in turn', async () => {
    const catalogue = realCatalogue();
    const knowledge = new KnowledgeService(store, catalogue);
    await knowledge.seed();
    const texts = ['Printeren på 3. sal virker ikke', 'I cannot connect to eduroam', 'vpn og mail virker ikke'];
    for (const locale of ['da', 'en', 'da'] as const) {
      for (const text of texts) {
        const fresh = await new KnowledgeService(store, catalogue).suggestCategories(text, locale);
        expect(await knowledge.suggestCategories(text, locale)).toEqual(fresh);
      }
    }
  });

  it('turns a solved case into an article in its language when saved as a known solution', async () => {
    const knowledge = new KnowledgeService(store, buildTestCatalogue());
    const anna = buildPerson('anna');
    const c = await store.createCase(
      buildNewCase({
        title: 'Toner tom i printer 1481-235',
        description: 'Printeren siger toner tom.',
        categoryId: 'printing',
        locale: 'da',
        solution: { text: 'Tonerpatron skiftet.', by: anna, at: '2025-03-10T09:00:00.000Z' },
      }),
    );
    const article = await knowledge.saveFromCase(c, anna);
    expect(article).toMatchObject({
      id: `case-${c.number.toLowerCase()}`,
      title: 'Toner tom i printer 1481-235',
      body: 'Problem: Printeren siger toner tom.\n\nLøsning: Tonerpatron skiftet.',
      categoryId: 'printing',
      locale: 'da',
      sourceCase: c.number,
      createdBy: { id: anna.id, name: anna.name },
    });
    expect(article.keywords).toContain('toner');
    const hits = await knowledge.suggest('tonerpatron', { locale: 'da' });
    expect(hits[0]?.article.id).toBe(article.id);
    await knowledge.saveFromCase(c, anna);
    expect(await store.listArticles()).toHaveLength(1);
  });

  it('refuses to save a case without a written solution', async () => {
    const knowledge = new KnowledgeService(store, buildTestCatalogue());
    const c = await store.createCase(buildNewCase());
    await expect(knowledge.saveFromCase(c, buildPerson('anna'))).rejects.toMatchObject({
      code: 'CASE.SOLUTION_REQUIRED',
    });
  });
});
