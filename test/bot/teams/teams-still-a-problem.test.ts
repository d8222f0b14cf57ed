import { describe, expect, it } from 'vitest';
import type { Case, Locale } from '../../../src/models/case.js';
import {
  annasSolvedCard,
  ANNA,
  ARTS_CHANNEL,
  cardElements as elements,
  clickAsAnna as click,
  deliveredAnywhere as delivered,
} from '../../helpers/teams-anna-case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { anActionInvoke } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-still-');

/** Anna's resolved case and its "is it solved?" card in her personal chat (the app stopped after each test). */
const solvedCard = async (locale: Locale): Promise<{ app: TeamsApp; c: Case; card: unknown }> =>
  annasSolvedCard(await apps.dirs.make(), locale, apps.stopAfterTest);

/** The ids of the card's text inputs. */
const inputIds = (card: unknown) => elements(card, 'Input.Text').map((i) => i['id']);

describe('Teams: "No, still a problem" with what is still wrong', () => {
  it('takes the comment typed on the solved card: the group hears it and the history keeps it (English)', async () => {
    const { app, c, card } = await solvedCard('en');
    const inputs = elements(card, 'Input.Text');
    expect(inputs.map((i) => [i['id'], i['label'], i['isRequired'] ?? false])).toEqual([
      ['still_a_problem.comment', 'What is still wrong? (optional)', false],
    ]);
    const answer = await click(app, card, 'still_a_problem', {
      'still_a_problem.comment': 'Still drops every hour since Monday.',
    });
    expect(answer).toContain(`Case ${c.number} is reopened`);
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.at(-1)).toMatchObject({ action: 'reopen', detail: 'Still drops every hour since Monday.' });
    expect(stored?.notes[0]).toMatchObject({ text: 'Still drops every hour since Monday.', fromUser: true });
    // In the thread of the case's card in ARTS Support's channel.
    await app.app.services.dispatcher.runOnce();
    const told = app.calls.filter((k) => JSON.stringify(k.body).includes('Still drops every hour since Monday.'));
    expect(told.map((k) => k.path).some((p) => p.includes(ARTS_CHANNEL))).toBe(true);
  });

  it('offers the input in Danish and takes a Danish comment', async () => {
    const { app, c, card } = await solvedCard('da');
    expect(elements(card, 'Input.Text').map((i) => i['label'])).toEqual(['Hvad er stadig galt? (valgfrit)']);
    const answer = await click(app, card, 'still_a_problem', {
      'still_a_problem.comment': 'Det går stadig ned, også på kablet net.',
    });
    expect(answer).toContain(`Sag ${c.number} er genåbnet`);
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.history.at(-1)).toMatchObject({
      action: 'reopen',
      detail: 'Det går stadig ned, også på kablet net.',
    });
    expect(await delivered(app)).toContain('Det går stadig ned, også på kablet net.');
  });

  it('reopens with no comment when the input is left empty or blank', async () => {
    const { app, c, card } = await solvedCard('en');
    expect(inputIds(card)).toEqual(['still_a_problem.comment']);
    await click(app, card, 'still_a_problem', { 'still_a_problem.comment': '   ' });
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.at(-1)?.action).toBe('reopen');
    expect(stored?.history.at(-1)?.detail).toBeUndefined();
    expect(stored?.notes.filter((n) => n.fromUser)).toEqual([]);
  });

  it('"Yes, solved" leaves a typed comment alone', async () => {
    const { app, c, card } = await solvedCard('en');
    expect(inputIds(card)).toEqual(['still_a_problem.comment']);
    await click(app, card, 'confirm_solved', { 'still_a_problem.comment': 'Never mind.' });
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('resolved');
    expect(JSON.stringify(stored)).not.toContain('Never mind.');
    expect(await delivered(app)).not.toContain('Never mind.');
  });

  it('refuses a 100 000-character comment with a friendly answer, and leaves the case as it was', async () => {
    const { app, c, card } = await solvedCard('en');
    expect(inputIds(card)).toEqual(['still_a_problem.comment']);
    const answer = await click(app, card, 'still_a_problem', { 'still_a_problem.comment': 'x'.repeat(100_000) });
    expect(answer).toContain('I could not use that');
    expect(answer).not.toContain('xxxxxxxxxx');
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('resolved');
    expect(stored?.version).toBe(c.version);
  });

  it('refuses an oversized comment naming the input by its label, as the card shows it, and its limit', async () => {
    const { app, c, card } = await solvedCard('en');
    const answer = await click(app, card, 'still_a_problem', { 'still_a_problem.comment': 'x'.repeat(100_000) });
    expect(answer).toContain(
      'I could not use that: “What is still wrong?” is 100,000 characters; at most 2,000 fit. Nothing was saved: ' +
        'please shorten it and send it again.',
    );
    expect((await app.app.services.store.getCase(c.id))?.version).toBe(c.version);
  });

  it("takes the comment typed on Anna's own case card (after Refresh) with its No, still a problem", async () => {
    const { app, c } = await solvedCard('en');
    const res = await app.post(anActionInvoke(ANNA, { verb: 'refresh', caseId: c.id }));
    const own = ((await res.json()) as { value: unknown }).value;
    expect(inputIds(own)).toEqual(['still_a_problem.comment']);
    expect(elements(own, 'Input.Text')[0]?.['label']).toBe('What is still wrong? (optional)');
    await click(app, own, 'still_a_problem', { 'still_a_problem.comment': 'The profile is gone again.' });
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.at(-1)).toMatchObject({ action: 'reopen', detail: 'The profile is gone again.' });
    expect(await delivered(app)).toContain('The profile is gone again.');
  });
});
