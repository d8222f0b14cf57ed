import { describe, expect, it } from 'vitest';
import type { Case, Person } from '../../src/models/case.js';
import type { CaseStore } from '../../src/models/case-store.js';
import { appPerTest } from '../helpers/app-per-test.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { ANNA } from '../helpers/teams-activities.js';
import {
  ANNA_TEAMS_EMAIL,
  alwaysConflicting,
  annaInSlack as annaInSlackAnyLocale,
  annaInTeams as annaInTeamsAnyLocale,
  annaWritesInSlack,
  annaWritesInTeams,
  claimedCase as caseOf,
} from '../helpers/user-reply-case.js';

const apps = appPerTest('user-reply-conflict-');

async function start(): Promise<HardenedApp> {
  return apps.start(() => ({
    rateLimit: false,
    teamsEmails: { [ANNA.id]: ANNA_TEAMS_EMAIL },
    slackUsers: [slackUsers.anna],
  }));
}

/**
 * Every write of the user's text to case `c` meets another write landing just before it (`alwaysConflicting`). The
 * store's own method is its class's: shadowed here.
 */
function conflicting(store: CaseStore, c: Case): { tries: number; on: boolean } {
  expect(Object.hasOwn(store, 'updateCase')).toBe(false);
  return alwaysConflicting(store, c);
}

const annaInTeams: Person = { ...annaInTeamsAnyLocale, locale: 'en' };
const annaInSlack: Person = { ...annaInSlackAnyLocale, locale: 'en' };

describe("a user's answer or addition meeting another write of the case every time", () => {
  it('Teams: says it could not be added right now and quotes what she wrote back (EN, DA); written once it can be', async () => {
    const app = await start();
    const c = await caseOf(app, annaInTeams, 'Which room are you in?');
    const race = conflicting(app.app.services.store, c);

    const answer = await annaWritesInTeams(app, 'Room 235, second floor');
    expect(race.tries).toBe(3);
    expect(answer).toContain(`Your answer could not be added to case ${c.number} right now`);
    expect(answer).toContain('Nothing you wrote is lost');
    expect(answer).toContain('Room 235, second floor');
    expect(answer).not.toContain('Something went wrong');
    let stored = (await app.app.services.store.getCase(c.id))!;
    expect(stored.status).toBe('awaiting_user');
    expect(stored.notes.filter((n) => n.fromUser)).toEqual([]);

    // Her `tilføj` while the case awaits her is that answer too; in Danish.
    const da = await annaWritesInTeams(app, `tilføj ${c.number} Det sker også i lokale 236`, 'da-DK');
    expect(da).toContain(`Dit svar kunne ikke lægges på sag ${c.number} lige nu`);
    expect(da).toContain('Intet af det, du skrev, er gået tabt');
    expect(da).toContain('Det sker også i lokale 236');
    expect(da).not.toContain('Noget gik galt');

    // The writes go through again: the same answer is taken.
    race.on = false;
    const again = await annaWritesInTeams(app, 'Room 235, second floor');
    expect(again).toContain(`Your answer is added to case ${c.number}`);
    stored = (await app.app.services.store.getCase(c.id))!;
    expect(stored.status).toBe('in_progress');
    expect(stored.notes.filter((n) => n.fromUser).map((n) => n.text)).toEqual(['Room 235, second floor']);

    // An addition (the case no longer waits for her), in Danish, meeting the other writes again.
    race.on = true;
    const added = await annaWritesInTeams(app, `tilføj ${c.number} Det sker også i lokale 237`, 'da-DK');
    expect(added).toContain(`Det kunne ikke tilføjes til sag ${c.number} lige nu`);
    expect(added).toContain(`send det gerne igen om et øjeblik med \\"tilføj ${c.number} …\\". Her er det, du skrev:`);
    expect(added).toContain('Det sker også i lokale 237');
    expect((await app.app.services.store.getCase(c.id))!.notes.filter((n) => n.fromUser)).toHaveLength(1);
  }, 30_000);

  it('Slack: an addition in the DM is answered with what she wrote, not "something went wrong"', async () => {
    const app = await start();
    const c = await caseOf(app, annaInSlack);
    const race = conflicting(app.app.services.store, c);

    const answer = await annaWritesInSlack(app, `add ${c.number} It drops in room 235 too`, 'Ev1');
    expect(race.tries).toBe(3);
    expect(answer).toContain(`This could not be added to case ${c.number} right now`);
    expect(answer).toContain('Nothing you wrote is lost');
    expect(answer).toContain(`add ${c.number}`);
    expect(answer).toContain('It drops in room 235 too');
    expect(answer).not.toContain('Something went wrong');
    expect((await app.app.services.store.getCase(c.id))!.notes.filter((n) => n.fromUser)).toEqual([]);

    // A text too long to quote back in one message is not cut into a quote: it is in her own message above.
    const long = `add ${c.number} ${'The access point in room 235 blinks red and then drops everyone. '.repeat(60)}`;
    const told = await annaWritesInSlack(app, long, 'Ev2');
    expect(told).toContain(`This could not be added to case ${c.number} right now`);
    expect(told).toContain(`with \\"add ${c.number} …\\" (it is in your message above).`);
    expect(told).not.toContain('blinks red');
    expect(race.tries).toBe(6);
  }, 30_000);
});
