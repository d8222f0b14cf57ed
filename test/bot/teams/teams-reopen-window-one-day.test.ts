import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../src/models/case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { actAsJonas, annasCase, clickAsAnna, deliveredToAnna } from '../../helpers/teams-anna-case.js';

const apps = teamsAppPerTest('teams-reopen-window-one-day-');
const DAY = 24 * 60 * 60 * 1000;

/**
 * Anna's case (in `locale`) resolved and closed by Jonas with REOPEN_WINDOW_DAYS=1; two days later she presses
 * "No, still a problem" on the solution's card: what the bot answered her click.
 */
async function stillAProblemTooLate(locale: Locale): Promise<{ number: string; answer: string }> {
  const app = await apps.start({
    emails: { '29:anna': 'anna.employee@au.dk' },
    env: { REOPEN_WINDOW_DAYS: '1' },
  });
  let c = await annasCase(app, locale);
  c = await actAsJonas(app, { verb: 'claim', caseId: c.id, version: c.version });
  c = await actAsJonas(app, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New VPN profile.' });
  app.calls.length = 0;
  const card = await deliveredToAnna(app, 'still_a_problem');
  c = await actAsJonas(app, { verb: 'close', caseId: c.id, version: c.version });
  app.clock.advance(2 * DAY);
  const answer = await clickAsAnna(app, card, 'still_a_problem', { 'still_a_problem.comment': 'It drops again' });
  expect((await app.app.services.store.getCase(c.id))?.version).toBe(c.version);
  return { number: c.number, answer };
}

describe('Teams: "No, still a problem" past a one-day reopen window says one day', () => {
  it('English: "more than 1 day ago"', async () => {
    const { number, answer } = await stillAProblemTooLate('en');
    expect(answer).toContain(`${number} was resolved more than 1 day ago and cannot be reopened.`);
  });

  it('Danish: "for mere end 1 dag siden"', async () => {
    const { number, answer } = await stillAProblemTooLate('da');
    expect(answer).toContain(`${number} blev løst for mere end 1 dag siden og kan ikke genåbnes.`);
  });
});
