import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import type { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, resolvedAtNetworkDesk, type Services } from '../../helpers/services.js';
import { privacyFor } from '../../helpers/privacy.js';
import { beforeCall } from '../../helpers/store-race.js';

const { anna, emma, birgitte } = people;

/**
 * An erase rewrites the known solution saved from the person's case (it quotes them) after it read it; a reopen of
 * the case withdraws (deletes) that article meanwhile. The erase must not bring the withdrawn solution back.
 */
describe('PrivacyService: a known solution withdrawn while an erase runs', () => {
  let s: Services;
  let privacy: PrivacyService;
  beforeEach(async () => {
    s = await buildServices({ defaultLocale: 'en' });
    privacy = privacyFor(s);
  });
  afterEach(async () => {
    await s.close();
  });

  const articleId = (c: Case) => `case-${c.number.toLowerCase()}`;

  /** Anna's case resolved with a solution naming her, saved as a known solution by Emma (1st level). */
  async function annasSavedSolution(): Promise<Case> {
    let c = await resolvedAtNetworkDesk(s, { solution: 'Restarted the access point; Anna Berg confirmed it works' });
    c = okCase(await s.service.act(emma, { verb: 'save_article', caseId: c.id, version: c.version }));
    expect((await s.store.getArticle(articleId(c)))?.body).toContain('Anna Berg');
    return c;
  }

  it('does not bring back a known solution withdrawn between the erase reading it and its rewrite', async () => {
    const c = await annasSavedSolution();
    // 1st level returns the case to its technician (the solution did not work) just before the erase writes the
    // article it read: the return withdraws the article.
    const race = beforeCall(s.store, 'saveArticle', async () => {
      const fresh = (await s.store.getCase(c.id))!;
      okCase(
        await s.service.act(emma, {
          verb: 'return_to_technician',
          caseId: c.id,
          version: fresh.version,
          reason: 'Still drops off',
        }),
      );
      expect(await s.store.getArticle(articleId(c))).toBeNull();
    });

    const erased = await privacy.erasePerson(birgitte, anna.email);
    expect(erased.ok).toBe(true);
    expect(race.ran).toBe(true);
    expect(await s.store.getArticle(articleId(c))).toBeNull();
    expect(await s.store.searchArticles('access point')).toEqual([]);
  });

  it('rewrites a known solution saved again between the erase reading it and its rewrite', async () => {
    const c = await annasSavedSolution();
    // Saved again meanwhile (by hand, another instance): the erase's copy of the old text is refused, and the
    // article as it is now loses Anna.
    const race = beforeCall(s.store, 'saveArticle', async () => {
      const now = (await s.store.getArticle(articleId(c)))!;
      await s.store.saveArticle({ ...now, body: `${now.body}. Anna Berg may call 20304050.` });
    });

    await privacy.erasePerson(birgitte, anna.email);
    expect(race.ran).toBe(true);
    const after = await s.store.getArticle(articleId(c));
    expect(after?.body).toBe('Restarted the access point; [removed] confirmed it works. [removed] may call 20304050.');
  });

  describe('a known solution being saved while an erase runs', () => {
    /** Anna's case resolved by Operations: Network with a solution naming her, not saved yet. */
    const resolved = () =>
      resolvedAtNetworkDesk(s, { solution: 'Restarted the access point; Anna Berg confirmed it works' });
    const save = (c: Case) => s.service.act(emma, { verb: 'save_article', caseId: c.id, version: c.version });

    it('does not leave the old text naming her when the save writes its article after the erase', async () => {
      const c = await resolved();
      // The save has recorded article_saved on the case; the whole erase runs before its article write lands.
      const race = beforeCall(s.store, 'saveArticle', async () => {
        const erased = await privacy.erasePerson(birgitte, anna.email);
        expect(erased.ok).toBe(true);
        expect((await s.store.getCase(c.id))?.solution?.text).not.toContain('Anna Berg');
      });

      okCase(await save(c));
      expect(race.ran).toBe(true);
      const article = await s.store.getArticle(articleId(c));
      // The solution stays a known solution, without her.
      expect(article?.body).toBe('Restarted the access point; [removed] confirmed it works');
      expect(JSON.stringify(article)).not.toMatch(/anna|berg/i);
      expect(await s.store.searchArticles('berg')).toEqual([]);
      expect((await s.store.searchArticles('access point')).map((h) => h.article.id)).toEqual([articleId(c)]);
    });

    it('does not leave the old text naming her when the save ends between the erase reading and rewriting the case', async () => {
      const c = await resolved();
      // The erase has read everything (no article yet); the whole save runs just before it writes the case.
      const race = beforeCall(s.store, 'updateCase', async () => {
        okCase(await save((await s.store.getCase(c.id))!));
        expect((await s.store.getArticle(articleId(c)))?.body).toContain('Anna Berg');
      });

      const erased = await privacy.erasePerson(birgitte, anna.email);
      expect(erased.ok).toBe(true);
      expect(race.ran).toBe(true);
      const article = await s.store.getArticle(articleId(c));
      expect(article?.body).toBe('Restarted the access point; [removed] confirmed it works');
      expect(JSON.stringify(article)).not.toMatch(/anna|berg/i);
      expect(await s.store.searchArticles('berg')).toEqual([]);
    });
  });

  it('does not leave the old text naming her when a save ends while retention anonymises the old cases', async () => {
    // Two of Anna's cases, resolved with a solution naming her and closed long ago; neither saved as a known
    // solution yet.
    const closed: Case[] = [];
    for (let i = 0; i < 2; i++) {
      const c = await resolvedAtNetworkDesk(s, {
        solution: 'Restarted the access point; Anna Berg confirmed it works',
      });
      closed.push(
        await s.store.updateCase({ ...c, status: 'closed', closedAt: '2025-03-11T09:00:00.000Z' }, c.version),
      );
    }
    s.clock.set('2027-06-01T09:00:00Z');
    let saved: Case | undefined;
    // Retention has anonymised the first case (and read the articles then); the whole save of the second case runs
    // just before retention writes that case.
    beforeCall(
      s.store,
      'updateCase',
      async (args) => {
        const target = (await s.store.getCase((args[0] as Case).id))!;
        saved = okCase(await s.service.act(emma, { verb: 'save_article', caseId: target.id, version: target.version }));
      },
      2,
    );

    expect(await privacy.anonymiseExpired(24)).toBe(2);
    if (!saved) throw new Error('no save ran');
    const article = await s.store.getArticle(articleId(saved));
    expect(article?.body).toBe('Restarted the access point; [removed] confirmed it works');
    expect(await s.store.searchArticles('berg')).toEqual([]);
  });
});
