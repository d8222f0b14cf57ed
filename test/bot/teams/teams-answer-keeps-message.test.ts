import { describe, expect, it } from 'vitest';
import { CARD_BYTE_BUDGET } from '../../../src/cards/adaptive/render-case-card-adaptive.js';
import { jsonBytes } from '../../../src/cards/card-budget.js';
import type { Case, Locale } from '../../../src/models/case.js';
import {
  ANNA,
  actAsJonas as act,
  annasCase,
  annasSolvedCard,
  type CardNode,
  cardElements as elements,
  cardText as textOf,
  clickAsAnna,
  deliveredToAnna,
  inOrder,
  JONAS,
  startAnnaApp,
} from '../../helpers/teams-anna-case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { anActionInvoke } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-answer-kept-');

/** Anna's resolved case and its "is it solved?" card in her personal chat (the app stopped after each test). */
const solvedCard = async (locale: Locale): Promise<{ app: TeamsApp; c: Case; card: unknown }> =>
  annasSolvedCard(await apps.dirs.make(), locale, apps.stopAfterTest);

/** Anna's click on the card's `verb` button, as Teams sends it: the card Teams shows in place of the clicked one. */
async function click(app: TeamsApp, card: unknown, verb: string, typed: Record<string, string> = {}): Promise<unknown> {
  const text = await clickAsAnna(app, card, verb, typed);
  return (JSON.parse(text) as { value: unknown }).value;
}

/** The answer card has nothing to click or fill in: the question is answered. */
function answered(card: unknown): void {
  expect(elements(card, 'Action.Execute')).toEqual([]);
  expect(elements(card, 'Action.Submit')).toEqual([]);
  expect(elements(card, 'Input.Text')).toEqual([]);
  expect(elements(card, 'Input.ChoiceSet')).toEqual([]);
  expect((card as CardNode)['refresh']).toBeUndefined();
}

describe('Teams: the answer to the solved question keeps what the clicked message said', () => {
  it('"Yes, solved": the title and solution stay above the thanks, without the buttons (English)', async () => {
    const { app, c, card } = await solvedCard('en');
    const shown = await click(app, card, 'confirm_solved');
    answered(shown);
    inOrder(
      textOf(shown),
      `Case ${c.number} is solved`,
      'New VPN profile installed.',
      'Is the problem solved?',
      `Thank you! Case ${c.number} will be closed once support has checked the solution.`,
    );
    expect((await app.app.services.store.getCase(c.id))?.history.at(-1)?.action).toBe('user_confirmed');
  });

  it('"No, still a problem" with a comment: the solution stays above "reopened" (Danish)', async () => {
    const { app, c, card } = await solvedCard('da');
    const shown = await click(app, card, 'still_a_problem', { 'still_a_problem.comment': 'Den falder stadig ud.' });
    answered(shown);
    inOrder(textOf(shown), `Sag ${c.number} er løst`, 'New VPN profile installed.', `Sag ${c.number} er genåbnet`);
    expect((await app.app.services.store.getCase(c.id))?.status).toBe('in_progress');
  });

  it("a solution in parts: the last part's text stays above the answer, whole, within the card's size", async () => {
    const app = apps.stopAfterTest(await startAnnaApp(await apps.dirs.make()));
    let c = await annasCase(app, 'en');
    c = await act(app, { verb: 'claim', caseId: c.id, version: c.version });
    const sentences = Array.from(
      { length: 120 },
      (_, i) => `Step ${i + 1}: open the VPN settings and check profile ${i + 1} carefully æøå.`,
    );
    const solution = sentences.join(' ');
    c = await act(app, { verb: 'resolve', caseId: c.id, version: c.version, solution });
    app.calls.length = 0;
    const last = await deliveredToAnna(app, 'confirm_solved');
    const partText = textOf(last);
    expect(partText).toMatch(/part (\d+) of \1/);
    expect(partText).toContain('Step 120: open the VPN settings and check profile 120 carefully æøå.');
    const shown = await click(app, last, 'confirm_solved');
    answered(shown);
    const text = textOf(shown);
    expect(text).toMatch(/part (\d+) of \1/);
    inOrder(
      text,
      'Step 120: open the VPN settings and check profile 120 carefully æøå.',
      `Thank you! Case ${c.number} will be closed`,
    );
    // Every sentence the part showed is there, nothing cut.
    for (const s of sentences.filter((x) => partText.includes(x))) expect(text).toContain(s);
    expect(text).not.toContain('…');
    expect(jsonBytes(shown)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
  });

  it('the rating: the "case closed" text stays above the thanks, without the form (Danish)', async () => {
    const app = apps.stopAfterTest(await startAnnaApp(await apps.dirs.make()));
    let c = await annasCase(app, 'da');
    c = await act(app, { verb: 'claim', caseId: c.id, version: c.version });
    c = await act(app, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New VPN profile installed.' });
    c = await act(app, { verb: 'close', caseId: c.id, version: c.version });
    const invite = await deliveredToAnna(app, 'evaluate');
    const shown = await click(app, invite, 'evaluate', { score: '4', comment: 'Fint' });
    answered(shown);
    inOrder(textOf(shown), `Sag ${c.number} er lukket`, `Tak for din evaluering (4/5) af sag ${c.number}!`);
    expect((await app.app.services.store.getCase(c.id))?.evaluation).toMatchObject({ score: 4, comment: 'Fint' });
  });

  it('a major incident\'s "Does it work for you again?": its text stays above the thanks (English)', async () => {
    const app = apps.stopAfterTest(await startAnnaApp(await apps.dirs.make()));
    const s = app.app.services;
    const report = await annasCase(app, 'en');
    let major = await s.store.createCase(
      buildNewCase({
        title: 'VPN down for everyone',
        categoryId: 'vpn',
        groupId: 'arts-support',
        ownerGroupId: 'arts-support',
        locale: 'en',
        user: JONAS,
      }),
    );
    major = await act(app, { verb: 'claim', caseId: major.id, version: major.version });
    major = await act(app, {
      verb: 'declare_major',
      caseId: major.id,
      version: major.version,
      summaryDa: 'VPN er nede',
      summaryEn: 'VPN is down',
    });
    const linked = (await s.store.getCase(report.id))!;
    await act(app, { verb: 'link_major', caseId: linked.id, version: linked.version, parentNumber: major.number });
    major = (await s.store.getCase(major.id))!;
    await act(app, {
      verb: 'resolve',
      caseId: major.id,
      version: major.version,
      solution: 'The VPN gateway restarted.',
    });
    // The fan-out to the linked reports, then its messages.
    for (let i = 0; i < 3; i++) await s.dispatcher.runOnce();
    const card = await deliveredToAnna(app, 'confirm_solved');
    expect(textOf(card)).toContain('Does it work for you again?');
    const shown = await click(app, card, 'confirm_solved');
    answered(shown);
    inOrder(
      textOf(shown),
      major.number,
      'The VPN gateway restarted.',
      'Does it work for you again?',
      `Thank you! Case ${report.number} will be closed`,
    );
    expect((await s.store.getCase(report.id))?.history.at(-1)?.action).toBe('user_confirmed');
  });

  it('the question of an earlier solution is still refused, and changes nothing', async () => {
    const { app, c: first, card: firstCard } = await solvedCard('en');
    const again = await app.post(
      anActionInvoke(ANNA, { verb: 'still_a_problem', caseId: first.id, version: first.version }),
    );
    expect(again.status).toBe(200);
    let c = (await app.app.services.store.getCase(first.id))!;
    c = await act(app, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'VPN client updated.' });
    const shown = await click(app, firstCard, 'confirm_solved');
    expect(textOf(shown)).toContain(
      `That answer is about an earlier solution of ${c.number}; please answer the latest message about the case.`,
    );
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored).toMatchObject({ status: 'resolved', version: c.version });
    expect(stored?.history.some((h) => h.action === 'user_confirmed')).toBe(false);
  });
});
