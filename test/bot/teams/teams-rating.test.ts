import { describe, expect, it } from 'vitest';
import type { Case, Locale } from '../../../src/models/case.js';
import {
  ANNA,
  actAsJonas as act,
  annasCase,
  type CardNode as Node,
  cardElements as elements,
  deliveredToAnna,
  startAnnaApp,
} from '../../helpers/teams-anna-case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { anActionInvoke } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-rating-');

/** Anna's ARTS Support case (in `locale`), resolved by Jonas and closed; the rating card she got with the close. */
async function closedCase(locale: Locale): Promise<{ app: TeamsApp; c: Case; invite: unknown }> {
  const app = apps.stopAfterTest(await startAnnaApp(await apps.dirs.make()));
  let c = await annasCase(app, locale);
  c = await act(app, { verb: 'claim', caseId: c.id, version: c.version });
  c = await act(app, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New VPN profile installed.' });
  c = await act(app, { verb: 'close', caseId: c.id, version: c.version });
  return { app, c, invite: await deliveredToAnna(app, 'evaluate') };
}

/** Anna says it is still a problem (from the closed case), Jonas resolves and closes it again: the new rating card. */
async function closedAgain(app: TeamsApp, c: Case): Promise<{ c: Case; invite: unknown }> {
  const again = await app.post(anActionInvoke(ANNA, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
  expect(again.status).toBe(200);
  let s = (await app.app.services.store.getCase(c.id))!;
  expect(s.status).toBe('in_progress');
  s = await act(app, { verb: 'resolve', caseId: c.id, version: s.version, solution: 'VPN client updated.' });
  s = await act(app, { verb: 'close', caseId: c.id, version: s.version });
  return { c: s, invite: await deliveredToAnna(app, 'evaluate') };
}

/**
 * Anna's rating sent from `card`, as Teams sends the button's data with the inputs merged in, her Teams in `locale`.
 */
async function rate(app: TeamsApp, card: unknown, typed: Record<string, unknown>, locale = 'en-US'): Promise<string> {
  const button = elements(card, 'Action.Execute').find((b) => b['verb'] === 'evaluate');
  expect(button).toBeDefined();
  const res = await app.post({ ...anActionInvoke(ANNA, { ...(button!['data'] as Node), ...typed }), locale });
  expect(res.status).toBe(200);
  return res.text();
}

describe('Teams: the rating card of an earlier close', () => {
  it('does not rate the case closed again since: refused in English, nothing changes; the new card rates it', async () => {
    const { app, c: first, invite: firstInvite } = await closedCase('en');
    const { c, invite } = await closedAgain(app, first);
    const answer = await rate(app, firstInvite, { score: '5', comment: 'Great' });
    expect(answer).toContain(
      `That rating is about an earlier close of ${c.number}; please rate it from the latest message about the case.`,
    );
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored).toMatchObject({ status: 'closed', version: c.version });
    expect(stored?.evaluation).toBeUndefined();
    await app.app.services.dispatcher.runOnce();
    expect(app.calls.map((k) => JSON.stringify(k.body)).join('\n')).not.toContain('5/5');
    // The card of the latest close rates it.
    expect(await rate(app, invite, { score: '4', comment: 'Works now' })).toContain(
      `Thank you for rating case ${c.number}`,
    );
    expect((await app.app.services.store.getCase(c.id))?.evaluation).toMatchObject({ score: 4, comment: 'Works now' });
    // And the earlier card still does not, now that the latest close is rated.
    expect(await rate(app, firstInvite, { score: '1' })).toContain('earlier close');
    expect((await app.app.services.store.getCase(c.id))?.evaluation).toMatchObject({ score: 4 });
  });

  it('does not replace the rating of the first close set aside, in Danish', async () => {
    const { app, c: first, invite: firstInvite } = await closedCase('da');
    expect(await rate(app, firstInvite, { score: '2', comment: 'Langsomt' })).toContain(first.number);
    const rated = (await app.app.services.store.getCase(first.id))!;
    const { c } = await closedAgain(app, rated);
    const answer = await rate(app, firstInvite, { score: '5' }, 'da-DK');
    expect(answer).toContain(
      `Bedømmelsen gælder en tidligere lukning af ${c.number}; bedøm den venligst fra den nyeste besked om sagen.`,
    );
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.evaluation).toBeUndefined();
    expect(stored?.version).toBe(c.version);
  });

  it('rates from the card of the latest close though staff added a note to the closed case since', async () => {
    const { app, c: closed, invite } = await closedCase('en');
    const c = await act(app, {
      verb: 'note',
      caseId: closed.id,
      version: closed.version,
      text: 'Asset tag noted',
      visibility: 'internal',
    });
    expect(c.version).toBeGreaterThan(closed.version);
    expect(await rate(app, invite, { score: '5' })).toContain(`Thank you for rating case ${c.number} (5/5)!`);
    expect((await app.app.services.store.getCase(c.id))?.evaluation).toMatchObject({ score: 5 });
  });

  it('rates a case closed before the invitation carried its close (no closedVersion): works as before', async () => {
    const { app, c, invite } = await closedCase('en');
    const s = app.app.services;
    const { closedVersion: _v, ...old } = (await s.store.getCase(c.id))!;
    await s.store.updateCase(old, old.version, []);
    const stored = (await s.store.getCase(c.id))!;
    expect(stored.closedVersion).toBeUndefined();
    // The card's version is older than the case's now (the upgrade's write): still the rating of its close.
    expect(await rate(app, invite, { score: '3' })).toContain(`Thank you for rating case ${c.number}`);
    expect((await s.store.getCase(c.id))?.evaluation).toMatchObject({ score: 3 });
  });
});

describe('Teams: a rating comment the form does not take', () => {
  it('says the comment, named as the form labels it, is too long, its limit (the form’s 2000) and that nothing was saved; 2000 fit', async () => {
    const { app, c, invite } = await closedCase('en');
    // The card's comment input stops at the limit the server holds it to; the refusal names it by its label.
    const comment = elements(invite, 'Input.Text').find((i) => i['id'] === 'comment');
    expect(comment?.['maxLength']).toBe(2000);
    expect(comment?.['label']).toBe('Comment (optional)');
    const answer = await rate(app, invite, { score: '4', comment: 'x'.repeat(25_000) });
    expect(answer).toContain(
      'I could not use that: “Comment (optional)” is 25,000 characters; at most 2,000 fit. Nothing was saved: ' +
        'please shorten it and send it again.',
    );
    expect(answer).not.toContain('xxxxxxxxxx');
    // One over the form's limit: refused too (the server took up to 20 000 before).
    expect(await rate(app, invite, { score: '4', comment: 'x'.repeat(2001) })).toContain(
      '“Comment (optional)” is 2,001 characters; at most 2,000 fit.',
    );
    let stored = await app.app.services.store.getCase(c.id);
    expect(stored?.evaluation).toBeUndefined();
    expect(stored?.version).toBe(c.version);
    expect(await rate(app, invite, { score: '4', comment: 'y'.repeat(2000) })).toContain(
      `Thank you for rating case ${c.number}`,
    );
    stored = await app.app.services.store.getCase(c.id);
    expect(stored?.evaluation).toMatchObject({ score: 4, comment: 'y'.repeat(2000) });
  });

  it('answers in Danish for a Danish reader, and says what came where text belongs', async () => {
    const { app, c, invite } = await closedCase('da');
    expect(await rate(app, invite, { score: '2', comment: 'z'.repeat(25_000) }, 'da-DK')).toContain(
      'Det kunne jeg ikke bruge: «Kommentar (valgfri)» er 25.000 tegn; der er højst plads til 2.000. Intet blev gemt: ' +
        'gør teksten kortere, og send den igen.',
    );
    expect(await rate(app, invite, { score: '2', comment: 42 }, 'da-DK')).toContain(
      'Det kunne jeg ikke bruge: «Kommentar (valgfri)» skal være tekst, men kortet sendte et tal. Intet blev gemt. ' +
        'Prøv igen.',
    );
    expect(await rate(app, invite, { score: '2', comment: ['slow'] })).toContain(
      'I could not use that: “Comment (optional)” takes text, but the card sent a list. Nothing was saved. Please ' +
        'try again.',
    );
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.evaluation).toBeUndefined();
    expect(stored?.version).toBe(c.version);
  });
});

describe('Teams: a rating score the form does not offer (a forged or stale card)', () => {
  it('says the score, named as the form labels it, must be a whole number from 1 to 5 and that nothing was saved, EN and DA; 5 is taken', async () => {
    const { app, c, invite } = await closedCase('en');
    // The form's own label, which the refusal names, so she finds the field.
    expect(JSON.stringify(invite)).toContain('"label":"Score (1 = poor, 5 = excellent)"');
    for (const score of ['9', '0', '-1', '3.5', 'abc']) {
      const answer = await rate(app, invite, { score, comment: 'Fine' });
      expect(answer).toContain(
        'I could not use that: “Score (1 = poor, 5 = excellent)” must be a whole number from 1 to 5. Nothing was ' +
          'saved. Please choose one and try again.',
      );
      expect(answer).not.toContain('could not be used');
    }
    expect(await rate(app, invite, { score: '9' }, 'da-DK')).toContain(
      'Det kunne jeg ikke bruge: «Karakter (1 = dårligt, 5 = fremragende)» skal være et helt tal fra 1 til 5. Intet ' +
        'blev gemt. Vælg et, og prøv igen.',
    );
    let stored = await app.app.services.store.getCase(c.id);
    expect(stored?.evaluation).toBeUndefined();
    expect(stored?.version).toBe(c.version);
    expect(await rate(app, invite, { score: '5' })).toContain(`Thank you for rating case ${c.number} (5/5)!`);
    stored = await app.app.services.store.getCase(c.id);
    expect(stored?.evaluation).toMatchObject({ score: 5 });
  });
});
