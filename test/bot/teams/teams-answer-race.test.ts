import { describe, expect, it } from 'vitest';
import type { Case, Locale } from '../../../src/models/case.js';
import {
  annasSolvedCard,
  ARTS_CHANNEL,
  clickAsAnna as click,
  deliveredAnywhere as delivered,
  JONAS,
} from '../../helpers/teams-anna-case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { beforeNextWrite } from '../../helpers/store-race.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-answer-race-');

/** Anna's resolved case and its "is it solved?" card in her personal chat (the app stopped after each test). */
const solvedCard = async (locale: Locale): Promise<{ app: TeamsApp; c: Case; card: unknown }> =>
  annasSolvedCard(await apps.dirs.make(), locale, apps.stopAfterTest);

/**
 * Anna's "Yes, solved" and "No, still a problem" on Teams meeting another write between their read and their write:
 * her own double click, Jonas's note at the same moment. The answer is applied to the case as it is now.
 */
describe('Teams: an answer to "is it solved?" racing another write', () => {
  it('answers a double-clicked "Yes, solved" with "already confirmed", not "changed meanwhile by Anna"', async () => {
    const { app, c, card } = await solvedCard('en');
    // The second click's request arrives while the first is between reading the case and writing it.
    let first = '';
    const race = beforeNextWrite(app.app.services.store, async () => {
      first = await click(app, card, 'confirm_solved', {});
    });
    const second = await click(app, card, 'confirm_solved', {});
    expect(race.ran).toBe(true);
    expect(first).toContain(`Thank you! Case ${c.number} will be closed once support has checked the solution.`);
    expect(second).toContain(`You have already confirmed that ${c.number} is solved. Thank you!`);
    expect(second).not.toContain('meanwhile');
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.history.filter((h) => h.action === 'user_confirmed')).toHaveLength(1);
    await delivered(app);
    // One confirmation in the group's thread (in the deployment's language).
    const thread = app.calls.filter((k) => k.method === 'POST' && k.path.includes(ARTS_CHANNEL));
    expect(thread.filter((k) => JSON.stringify(k.body).includes('Anna Employee bekræfter'))).toHaveLength(1);
  });

  it('reopens on "No, still a problem" when Jonas writes a note at the same moment (Danish)', async () => {
    const { app, c, card } = await solvedCard('da');
    const race = beforeNextWrite(app.app.services.store, async () => {
      const now = (await app.app.services.store.getCase(c.id))!;
      const noted = await app.app.services.actions.act(JONAS, {
        verb: 'note',
        caseId: c.id,
        version: now.version,
        text: 'Checked the VPN logs',
        visibility: 'internal',
      });
      expect(noted.ok).toBe(true);
    });
    const answer = await click(app, card, 'still_a_problem', { 'still_a_problem.comment': 'Den falder stadig ud.' });
    expect(race.ran).toBe(true);
    expect(answer).toContain(`Sag ${c.number} er genåbnet`);
    expect(answer).not.toContain('i mellemtiden');
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.slice(-2).map((h) => h.action)).toEqual(['note', 'reopen']);
  });
});
