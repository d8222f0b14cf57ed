import { describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import {
  ANNA_TEAMS_EMAIL,
  alwaysConflicting,
  annaInTeams,
  annaWritesInTeams,
  claimedCase,
  teamsPicture,
} from '../helpers/user-reply-case.js';
import { ANNA } from '../helpers/teams-activities.js';

const apps = appPerTest('user-reply-files-after-conflict-');
/** After every file the test stores, so `unlinkedBefore` takes them all. */
const LATER = '9999-01-01T00:00:00.000Z';

describe('files sent with an answer that meets another write of the case at each try', () => {
  it('are taken off the case, to be purged: sent again, the case holds them once, listed (EN)', async () => {
    const app = await apps.start(() => ({ rateLimit: false, teamsEmails: { [ANNA.id]: ANNA_TEAMS_EMAIL } }));
    const store = app.app.services.store;
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Can you send a screenshot?');
    const race = alwaysConflicting(store, c);

    const answer = await annaWritesInTeams(app, 'Here is the error', 'en-US', [teamsPicture('shot1')]);
    expect(race.tries).toBe(3);
    expect(answer).toContain(`Your answer could not be added to case ${c.number} right now`);
    expect(answer).toContain('Here is the error');
    expect(answer).toContain('📎 Please send the files again too: picture.png.');
    // Nothing of hers is on the case, listed or not: the picture is no case's, purged as such files are.
    expect((await store.getCase(c.id))!.attachments ?? []).toEqual([]);
    expect(await store.listFiles({ caseIds: [c.id] })).toEqual([]);
    expect((await store.listFiles({ unlinkedBefore: LATER })).map((f) => f.name)).toEqual(['picture.png']);

    // She sends both again, and the writes go through: the case lists the picture, and holds no other copy.
    race.on = false;
    const again = await annaWritesInTeams(app, 'Here is the error', 'en-US', [teamsPicture('shot2')]);
    expect(again).toContain(`Your answer is added to case ${c.number}`);
    const listed = (await store.getCase(c.id))!.attachments ?? [];
    expect(listed.map((f) => f.name)).toEqual(['picture.png']);
    expect((await store.listFiles({ caseIds: [c.id] })).map((f) => f.id)).toEqual(listed.map((f) => f.id));
    // The first copy goes with the files no case took.
    expect(await store.deleteFiles({ unlinkedBefore: LATER })).toBe(1);
    expect((await store.listFiles({ caseIds: [c.id] })).map((f) => f.id)).toEqual(listed.map((f) => f.id));
  }, 30_000);
});
