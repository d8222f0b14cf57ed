import { describe, expect, it } from 'vitest';
import { teamsTexts } from '../../../src/bot/teams/teams-texts.js';
import { IN_MESSAGE } from '../../../src/cards/adaptive/render-message-adaptive.js';
import type { Case, Locale } from '../../../src/models/case.js';
import { AppError } from '../../../src/models/errors.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { type FlakyStore, flakyStore, switchOnAfterEach } from '../../helpers/flaky-store.js';
import { anActionInvoke } from '../../helpers/teams-activities.js';
import {
  ANNA,
  actAsJonas as act,
  annasCase,
  annasSolvedCard,
  type CardNode,
  cardElements as elements,
  cardText as textOf,
  deliveredToAnna,
  inOrder,
  startAnnaApp,
} from '../../helpers/teams-anna-case.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-answer-refused-');
const DAY = 24 * 60 * 60 * 1000;
let flaky: FlakyStore | undefined;
switchOnAfterEach(() => flaky);

/** The data of the card's `verb` button. */
const buttonData = (card: unknown, verb: string): CardNode | undefined =>
  elements(card, 'Action.Execute').find((b) => b['verb'] === verb)?.['data'] as CardNode | undefined;

/**
 * Anna's click on the card's `verb` button, as Teams sends it (her Teams in `locale`): the card Teams shows in place
 * of the clicked one.
 */
async function click(
  app: TeamsApp,
  card: unknown,
  verb: string,
  typed: Record<string, string> = {},
  locale = 'en-US',
): Promise<unknown> {
  const data = buttonData(card, verb);
  expect(data, verb).toBeDefined();
  const res = await app.post({ ...anActionInvoke(ANNA, { ...data, ...typed }), locale });
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: unknown }).value;
}

/** The card still asks what it asked, its buttons naming the message they are in (as delivered). */
function stillAsks(shown: unknown, delivered: unknown, ...verbs: string[]): void {
  for (const verb of verbs) {
    expect(buttonData(shown, verb), verb).toEqual(buttonData(delivered, verb));
    expect(buttonData(shown, verb)?.[IN_MESSAGE], verb).toEqual(expect.any(String));
  }
}

/** The answer card has nothing to click or fill in: the question is answered. */
function answered(card: unknown): void {
  expect(elements(card, 'Action.Execute')).toEqual([]);
  expect(elements(card, 'Input.Text')).toEqual([]);
  expect(elements(card, 'Input.ChoiceSet')).toEqual([]);
}

/** The value the card's input `id` shows. */
const inputValue = (card: unknown, id: string): unknown =>
  [...elements(card, 'Input.Text'), ...elements(card, 'Input.ChoiceSet')].find((i) => i['id'] === id)?.['value'];

/** Anna's case resolved and closed by Jonas (in `locale`); the invitation to rate it she got. */
async function closedCase(app: TeamsApp, locale: Locale): Promise<{ c: Case; invite: unknown }> {
  let c = await annasCase(app, locale);
  c = await act(app, { verb: 'claim', caseId: c.id, version: c.version });
  c = await act(app, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New VPN profile installed.' });
  c = await act(app, { verb: 'close', caseId: c.id, version: c.version });
  return { c, invite: await deliveredToAnna(app, 'evaluate') };
}

/** The Teams app for Anna on a store that can be switched off (`flaky`). */
async function flakyAnnaApp(): Promise<TeamsApp> {
  const dataDir = await apps.dirs.make();
  flaky = flakyStore(new SqliteCaseStore({ dataDir }));
  return apps.stopAfterTest(await startAnnaApp(dataDir, flaky.store));
}

describe("Teams: an answer refused for good ends the message's question, its text kept", () => {
  it('"Yes, solved" on an earlier solution\'s question: the solution stays, the reason under it, no buttons (English)', async () => {
    const { app, c: first, card: firstCard } = await annasSolvedCard(await apps.dirs.make(), 'en', apps.stopAfterTest);
    const reopened = await click(app, firstCard, 'still_a_problem');
    expect(textOf(reopened)).toContain(`Case ${first.number} is reopened`);
    let c = (await app.app.services.store.getCase(first.id))!;
    c = await act(app, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'VPN client updated.' });
    // The first question, as a copy of it on another device still shows it.
    const shown = await click(app, firstCard, 'confirm_solved');
    inOrder(
      textOf(shown),
      `Case ${c.number} is solved`,
      'New VPN profile installed.',
      'Is the problem solved?',
      `That answer is about an earlier solution of ${c.number}; please answer the latest message about the case.`,
    );
    answered(shown);
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored).toMatchObject({ status: 'resolved', version: c.version });
    expect(stored?.history.some((h) => h.action === 'user_confirmed')).toBe(false);
  });

  it('"Yes, solved" clicked again on a copy of the answered question: the solution stays, "already confirmed" under it, no buttons (Danish)', async () => {
    const { app, c, card } = await annasSolvedCard(await apps.dirs.make(), 'da', apps.stopAfterTest);
    answered(await click(app, card, 'confirm_solved', {}, 'da-DK'));
    const confirmed = (await app.app.services.store.getCase(c.id))!;
    const shown = await click(app, card, 'confirm_solved', {}, 'da-DK');
    inOrder(
      textOf(shown),
      `Sag ${c.number} er løst`,
      'New VPN profile installed.',
      `Du har allerede bekræftet, at ${c.number} er løst. Tak!`,
    );
    answered(shown);
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.version).toBe(confirmed.version);
    expect(stored?.history.filter((h) => h.action === 'user_confirmed')).toHaveLength(1);
  });

  it('a rating sent again: the "case closed" text stays, "already rated" under it, no form, the first rating kept (English)', async () => {
    const app = apps.stopAfterTest(await startAnnaApp(await apps.dirs.make()));
    const { c, invite } = await closedCase(app, 'en');
    answered(await click(app, invite, 'evaluate', { score: '4', comment: 'Quick help' }));
    const shown = await click(app, invite, 'evaluate', { score: '1', comment: 'Changed my mind' });
    inOrder(textOf(shown), `Case ${c.number} is closed`, `You have already rated ${c.number}. Thank you!`);
    answered(shown);
    expect((await app.app.services.store.getCase(c.id))?.evaluation).toMatchObject({ score: 4, comment: 'Quick help' });
  });

  it('"No, still a problem" once the closed case\'s reopen window has passed: the solution stays, "cannot be reopened" under it, no buttons (English)', async () => {
    const { app, c: solved, card } = await annasSolvedCard(await apps.dirs.make(), 'en', apps.stopAfterTest);
    const c = await act(app, { verb: 'close', caseId: solved.id, version: solved.version });
    app.clock.advance(15 * DAY);
    const shown = await click(app, card, 'still_a_problem', { 'still_a_problem.comment': 'It drops again' });
    inOrder(
      textOf(shown),
      `Case ${c.number} is solved`,
      'New VPN profile installed.',
      `${c.number} was resolved more than 14 days ago and cannot be reopened.`,
    );
    answered(shown);
    expect((await app.app.services.store.getCase(c.id))?.version).toBe(c.version);
  });

  it('"Yes, solved" on a case closed meanwhile: the solution stays, "cannot … while closed" under it, no buttons (Danish)', async () => {
    const { app, c: solved, card } = await annasSolvedCard(await apps.dirs.make(), 'da', apps.stopAfterTest);
    const c = await act(app, { verb: 'close', caseId: solved.id, version: solved.version });
    const shown = await click(app, card, 'confirm_solved', {}, 'da-DK');
    inOrder(
      textOf(shown),
      `Sag ${c.number} er løst`,
      'New VPN profile installed.',
      `mens ${c.number} har status Lukket.`,
    );
    answered(shown);
    expect((await app.app.services.store.getCase(c.id))?.version).toBe(c.version);
  });
});

describe('Teams: an answer refused for now keeps the message it was given on', () => {
  it('"Yes, solved" that lost every race to other writes: the buttons stay, "please click again" under the solution; the next click is taken', async () => {
    const { app, c, card } = await annasSolvedCard(await apps.dirs.make(), 'en', apps.stopAfterTest);
    const store = app.app.services.store;
    const own = Object.getPrototypeOf(store).updateCase as typeof store.updateCase;
    let conflicts = 3;
    store.updateCase = (...args) =>
      conflicts-- > 0 ? Promise.reject(new AppError('CASE.CONFLICT', 'moved (test)')) : own.apply(store, args);
    const shown = await click(app, card, 'confirm_solved');
    inOrder(
      textOf(shown),
      'New VPN profile installed.',
      `${c.number} was being updated at the same moment as your click, so it did not go through.`,
    );
    stillAsks(shown, card, 'confirm_solved', 'still_a_problem');
    const done = await click(app, shown, 'confirm_solved');
    answered(done);
    inOrder(textOf(done), 'New VPN profile installed.', `Thank you! Case ${c.number} will be closed`);
  });

  it('a comment the form does not take: the solution stays, the reason under it, the comment kept to shorten; then it reopens', async () => {
    const { app, c, card } = await annasSolvedCard(await apps.dirs.make(), 'en', apps.stopAfterTest);
    const comment = 'x'.repeat(2001);
    const shown = await click(app, card, 'still_a_problem', { 'still_a_problem.comment': comment });
    inOrder(textOf(shown), 'New VPN profile installed.', '“What is still wrong?', 'is 2,001 characters');
    stillAsks(shown, card, 'confirm_solved', 'still_a_problem');
    expect(inputValue(shown, 'still_a_problem.comment')).toBe(comment);
    expect((await app.app.services.store.getCase(c.id))?.version).toBe(c.version);
    // Shortened and sent again from the answer: reopened, the solution still above.
    const done = await click(app, shown, 'still_a_problem', { 'still_a_problem.comment': 'x'.repeat(2000) });
    answered(done);
    inOrder(textOf(done), 'New VPN profile installed.', `Case ${c.number} is reopened`);
  });
});

describe('Teams: an answer not done while the store is down keeps the message it was given on', () => {
  it('"Yes, solved": the solution stays with "not answering" under it; its button works once the store is back', async () => {
    const app = await flakyAnnaApp();
    let c = await annasCase(app, 'en');
    c = await act(app, { verb: 'claim', caseId: c.id, version: c.version });
    c = await act(app, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New VPN profile installed.' });
    const card = await deliveredToAnna(app, 'confirm_solved');
    flaky!.down = true;
    const shown = await click(app, card, 'confirm_solved');
    inOrder(textOf(shown), `Case ${c.number} is solved`, 'New VPN profile installed.', teamsTexts.en.storeDown);
    stillAsks(shown, card, 'confirm_solved', 'still_a_problem');
    flaky!.down = false;
    const done = await click(app, shown, 'confirm_solved');
    answered(done);
    inOrder(textOf(done), 'New VPN profile installed.', `Thank you! Case ${c.number} will be closed`);
    expect(textOf(done)).not.toContain(teamsTexts.en.storeDown);
  });

  it('the rating: the form given back names the invitation, so the thanks keeps its text (Danish)', async () => {
    const app = await flakyAnnaApp();
    const { c, invite } = await closedCase(app, 'da');
    flaky!.down = true;
    const again = await click(app, invite, 'evaluate', { score: '4', comment: 'Fint' }, 'da-DK');
    // The invitation's title and text above the notice, as on the invitation.
    inOrder(textOf(again), `Sag ${c.number} er lukket`, `har lukket din sag ${c.number}`, teamsTexts.da.storeDown);
    expect(inputValue(again, 'score')).toBe('4');
    expect(inputValue(again, 'comment')).toBe('Fint');
    expect(buttonData(again, 'evaluate')?.[IN_MESSAGE]).toBe(buttonData(invite, 'evaluate')?.[IN_MESSAGE]);
    flaky!.down = false;
    const done = await click(app, again, 'evaluate', { score: '4', comment: 'Fint' }, 'da-DK');
    answered(done);
    inOrder(textOf(done), `Sag ${c.number} er lukket`, `Tak for din evaluering (4/5) af sag ${c.number}!`);
    expect((await app.app.services.store.getCase(c.id))?.evaluation).toMatchObject({ score: 4, comment: 'Fint' });
  });
});
