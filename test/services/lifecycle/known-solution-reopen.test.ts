import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { KnowledgeService } from '../../../src/services/knowledge.js';
import { AVAILABLE } from '../../../src/services/lifecycle/permissions.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, resolvedAtNetworkDesk, type Services } from '../../helpers/services.js';

/**
 * A known solution saved from a case whose solution then fails: resolved at the network desk, saved as a known
 * solution, closed, and the user says it is still a problem. The solution that did not work is no longer offered
 * to users, and the solution that did work replaces it once the case is resolved again.
 */
describe('CaseService: a known solution saved from a case that is reopened', () => {
  let s: Services;
  let knowledge: KnowledgeService;
  beforeEach(async () => {
    s = await buildServices();
    knowledge = new KnowledgeService(s.store, s.catalogue);
  });
  afterEach(async () => {
    await s.close();
  });

  const articleId = (c: Case) => `case-${c.number.toLowerCase()}`;
  /** What a user reporting the same problem at intake is offered (the knowledge step's search). */
  const offered = async (c: Case) =>
    (await knowledge.suggest('eduroam drops in building 1481', { locale: c.locale, categoryId: c.categoryId })).map(
      (h) => h.article.id,
    );

  /** Resolved with a solution that does not work, saved as a known solution and closed. */
  async function savedAndClosed(): Promise<Case> {
    let c = await resolvedAtNetworkDesk(s, { solution: 'Restart the laptop' });
    c = okCase(await s.service.act(people.emma, { verb: 'save_article', caseId: c.id, version: c.version }));
    return okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
  }

  const stillAProblem = async (c: Case) =>
    okCase(
      await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version, comment: 'No' }),
    );

  const resolveAgain = async (c: Case) =>
    okCase(
      await s.service.act(people.thor, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Replaced the faulty access point in 1481',
      }),
    );

  it('lets the new solution replace the saved one when the case is resolved again', async () => {
    let c = await stillAProblem(await savedAndClosed());
    c = await resolveAgain(c);
    expect(AVAILABLE.save_article(c)).toBe(true);
    const again = await s.service.act(people.emma, { verb: 'save_article', caseId: c.id, version: c.version });
    const article = await s.store.getArticle(articleId(c));
    expect({ saved: again.ok, body: article?.body }).toEqual({
      saved: true,
      body: 'Replaced the faulty access point in 1481',
    });
    expect(await offered(c)).toEqual([articleId(c)]);
    // Once per resolution still: the same solution is not saved twice.
    const twice = await s.service.act(people.emma, {
      verb: 'save_article',
      caseId: c.id,
      version: okCase(again).version,
    });
    expect(twice).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
  });

  it('stops offering the solution that failed once the user says it is still a problem', async () => {
    let c = await savedAndClosed();
    expect(await offered(c)).toEqual([articleId(c)]);
    c = await stillAProblem(c);
    expect(await offered(c)).toEqual([]);
    expect(await s.store.getArticle(articleId(c))).toBeNull();
    expect(c.history.at(-1)).toMatchObject({ action: 'article_withdrawn', detail: articleId(c) });
    // Resolved again but not saved: still nothing offered.
    c = await resolveAgain(c);
    expect(await offered(c)).toEqual([]);
  });

  it('stops offering the saved solution when 1st level returns the case to its technician', async () => {
    let c = await resolvedAtNetworkDesk(s, { solution: 'Restart the laptop' });
    c = okCase(await s.service.act(people.emma, { verb: 'save_article', caseId: c.id, version: c.version }));
    expect(await offered(c)).toEqual([articleId(c)]);
    c = okCase(
      await s.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'The user still drops off',
      }),
    );
    expect(await offered(c)).toEqual([]);
    expect(await s.store.getArticle(articleId(c))).toBeNull();
  });

  it('keeps the saved solution of a case reopened after its reopen window is refused', async () => {
    const c = await savedAndClosed();
    s.clock.advance(15 * 86_400_000);
    const out = await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version });
    expect(out).toMatchObject({ ok: false, code: 'CASE.REOPEN_WINDOW_PASSED' });
    expect(await offered(c)).toEqual([articleId(c)]);
  });

  /** The user says it is still a problem from wherever the case is now (another instance, another click). */
  const reopenMeanwhile = async (c: Case) => stillAProblem((await s.store.getCase(c.id))!);

  it('writes no known solution when the case is reopened between the save reading it and its write', async () => {
    const c = await resolvedAtNetworkDesk(s, { solution: 'Restart the laptop' });
    const update = s.store.updateCase.bind(s.store);
    let raced = false;
    s.store.updateCase = async (next, expectedVersion, outbox) => {
      if (!raced && next.history.at(-1)?.action === 'article_saved') {
        raced = true;
        await reopenMeanwhile(c);
      }
      return update(next, expectedVersion, outbox);
    };
    const out = await s.service.act(people.emma, { verb: 'save_article', caseId: c.id, version: c.version });
    expect(raced).toBe(true);
    expect(out.ok).toBe(false); // changed meanwhile
    const after = (await s.store.getCase(c.id))!;
    expect(after.status).toBe('in_progress');
    expect(await s.store.getArticle(articleId(c))).toBeNull();
    expect(await offered(c)).toEqual([]);
  });

  it("withdraws the known solution when the case is reopened between the save's case write and its article", async () => {
    const c = await resolvedAtNetworkDesk(s, { solution: 'Restart the laptop' });
    const save = s.store.saveArticle.bind(s.store);
    let raced = false;
    s.store.saveArticle = async (article) => {
      if (!raced) {
        raced = true;
        // The case says article_saved already; the reopen's withdrawal finds no article yet.
        await reopenMeanwhile(c);
      }
      return save(article);
    };
    const out = await s.service.act(people.emma, { verb: 'save_article', caseId: c.id, version: c.version });
    expect(raced).toBe(true);
    expect(out).toMatchObject({ ok: false, code: 'CASE.CONFLICT' }); // saved, then withdrawn meanwhile
    const after = (await s.store.getCase(c.id))!;
    expect(after.status).toBe('in_progress');
    expect(after.history.map((e) => e.action)).toContain('article_withdrawn');
    expect(await s.store.getArticle(articleId(c))).toBeNull();
    expect(await offered(c)).toEqual([]);
  });

  it("keeps the later resolution's known solution when an earlier save's article write lands after it", async () => {
    const c = await resolvedAtNetworkDesk(s, { solution: 'Restart the laptop' });
    const save = s.store.saveArticle.bind(s.store) as (...a: unknown[]) => ReturnType<typeof s.store.saveArticle>;
    let raced = false;
    // The first save has stored its article_saved; before its article is written, the case is reopened, resolved
    // with the solution that works and saved again, article and all.
    s.store.saveArticle = (async (...args: unknown[]) => {
      if (!raced) {
        raced = true;
        const again = await resolveAgain(await reopenMeanwhile(c));
        okCase(await s.service.act(people.emma, { verb: 'save_article', caseId: c.id, version: again.version }));
        expect((await s.store.getArticle(articleId(c)))?.body).toBe('Replaced the faulty access point in 1481');
      }
      return save(...args);
    }) as typeof s.store.saveArticle;
    await s.service.act(people.emma, { verb: 'save_article', caseId: c.id, version: c.version });
    expect(raced).toBe(true);
    expect((await s.store.getArticle(articleId(c)))?.body).toBe('Replaced the faulty access point in 1481');
    expect(await offered(c)).toEqual([articleId(c)]);
  });

  it('never leaves a known solution without its article_saved on the case when the save conflicts', async () => {
    const c = await resolvedAtNetworkDesk(s, { solution: 'Restart the laptop' });
    const save = s.store.saveArticle.bind(s.store);
    let raced = false;
    s.store.saveArticle = async (article) => {
      const saved = await save(article);
      if (!raced) {
        raced = true;
        await reopenMeanwhile(c);
      }
      return saved;
    };
    await s.service.act(people.emma, { verb: 'save_article', caseId: c.id, version: c.version });
    const after = (await s.store.getCase(c.id))!;
    expect(after.status).toBe('in_progress');
    expect(await s.store.getArticle(articleId(c))).toBeNull();
  });
});
