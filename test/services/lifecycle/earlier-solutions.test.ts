import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { privacyFor } from '../../helpers/privacy.js';
import { buildServices, okCase, type Services } from '../../helpers/services.js';

/**
 * PROCESS.md step 8 (the seed): "the solution is documented in the note/solution field, newest comment on top".
 * A solution that did not hold (the user said it is still a problem) stays on the case, under the newest.
 */
describe('CaseService: the solution field, newest on top', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices({ now: '2025-03-03T09:00:00Z', defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });

  const FIRST = 'Reinstalled the Wi-Fi driver; Anna Berg tested it.';
  const SECOND = 'Replaced the access point in 1481.';

  /** Anna's Wi-Fi case resolved by Jonas, and Anna says it is still a problem. */
  async function reopened(): Promise<Case> {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: FIRST }),
    );
    s.clock.advance(60 * 60_000);
    return okCase(
      await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version, comment: 'Drops' }),
    );
  }

  /** `reopened`, then resolved again by Jonas an hour later. */
  async function resolvedAgain(): Promise<Case> {
    const c = await reopened();
    s.clock.advance(60 * 60_000);
    return okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: SECOND }),
    );
  }

  async function cardFor(c: Case) {
    const out = await s.service.act(people.karen, { verb: 'refresh', caseId: c.id, version: c.version });
    if (!out.ok) throw new Error(out.reply.text);
    return out.card;
  }

  it('keeps the earlier solution whole under the new one when a reopened case is resolved again', async () => {
    const c = await resolvedAgain();
    expect(c.solution).toMatchObject({ text: SECOND, by: { id: people.jonas.id } });
    expect(c.earlierSolutions).toEqual([
      { text: FIRST, by: expect.objectContaining({ id: people.jonas.id }), at: '2025-03-03T09:00:00.000Z' },
    ]);
    const stored = await s.store.getCase(c.id);
    expect(stored?.earlierSolutions?.map((e) => e.text)).toEqual([FIRST]);
    // What 1st level (Karen, in Danish) reads on the card for the quality check: the current solution, and under it
    // the earlier one.
    const card = await cardFor(c);
    expect(card.solution).toBe(SECOND);
    expect(card.earlierSolutions).toEqual([
      { heading: expect.stringMatching(/^Tidligere løsning, holdt ikke \(.+, Jonas Vestergaard\)$/), text: FIRST },
    ]);
  });

  it('puts the newest earlier solution first when the case is reopened and resolved a third time', async () => {
    let c = await resolvedAgain();
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'New AP firmware.',
      }),
    );
    expect(c.solution?.text).toBe('New AP firmware.');
    expect(c.earlierSolutions?.map((e) => e.text)).toEqual([SECOND, FIRST]);
    expect((await cardFor(c)).earlierSolutions?.map((e) => e.text)).toEqual([SECOND, FIRST]);
  });

  it('shows the solution of a reopened case as the earlier one that did not hold, not as its solution', async () => {
    const c = await reopened();
    expect(c.status).toBe('in_progress');
    const card = await cardFor(c);
    expect(card.solution).toBeUndefined();
    expect(card.earlierSolutions).toEqual([
      { heading: expect.stringContaining('Tidligere løsning, holdt ikke'), text: FIRST },
    ]);
  });

  it('shows no earlier solution on a case resolved once', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: FIRST }),
    );
    expect(c.earlierSolutions).toBeUndefined();
    const card = await cardFor(c);
    expect(card.solution).toBe(FIRST);
    expect(card.earlierSolutions).toBeUndefined();
  });

  it('saves the current solution, not the earlier one, as the known solution', async () => {
    const c = await resolvedAgain();
    expect(c.earlierSolutions?.map((e) => e.text)).toEqual([FIRST]);
    okCase(await s.service.act(people.emma, { verb: 'save_article', caseId: c.id, version: c.version }));
    const article = await s.store.getArticle(`case-${c.number.toLowerCase()}`);
    expect(article?.body).toContain(SECOND);
    expect(article?.body).not.toContain('Reinstalled');
  });

  it('exports the earlier solutions whole and erases the person from them', async () => {
    const c = await resolvedAgain();
    const privacy = privacyFor(s);
    const exported = await privacy.exportPerson(people.birgitte, people.anna.email ?? '');
    if (!exported.ok) throw new Error('export refused');
    expect(exported.data.cases.find((e) => e.number === c.number)?.case.earlierSolutions?.[0]?.text).toBe(FIRST);
    // Jonas, who wrote the earlier solution, is erased: a placeholder in his place. Anna is named in its text.
    expect((await privacy.erasePerson(people.birgitte, people.jonas.email ?? '')).ok).toBe(true);
    expect((await privacy.erasePerson(people.birgitte, people.anna.email ?? '')).ok).toBe(true);
    const after = (await s.store.getCase(c.id)) as Case;
    const earlier = after.earlierSolutions?.[0];
    expect(earlier?.by.id).toMatch(/^anonymous:/);
    expect(earlier?.text).not.toContain('Anna Berg');
    expect(earlier?.text).toContain('Reinstalled the Wi-Fi driver');
  });
});
