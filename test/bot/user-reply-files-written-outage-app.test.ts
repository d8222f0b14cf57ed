import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/models/case.js';
import type { CaseStore } from '../../src/models/case-store.js';
import { AppError } from '../../src/models/errors.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { ANNA } from '../helpers/teams-activities.js';
import {
  ANNA_TEAMS_EMAIL,
  annaInTeams,
  annaWritesInTeams,
  claimedCase,
  teamsPicture,
} from '../helpers/user-reply-case.js';

const apps = appPerTest('user-reply-files-written-outage-');
/** After every file the test stores, so `unlinkedBefore` takes them all. */
const LATER = '9999-01-01T00:00:00.000Z';

/**
 * The store answers the write of the user's answer to case `c` with an outage; `landed`: the write landed all the same,
 * as with MongoDB without transactions when the outbox write after the case's fails (or a commit whose answer was
 * lost).
 */
function downAtAnswer(store: CaseStore, c: Case, landed: boolean): void {
  expect(Object.hasOwn(store, 'updateCase')).toBe(false);
  const own = (Object.getPrototypeOf(store) as CaseStore).updateCase;
  store.updateCase = async (next, expectedVersion, outbox) => {
    if (next.id !== c.id || next.history.at(-1)?.action !== 'user_replied') {
      return own.call(store, next, expectedVersion, outbox);
    }
    if (landed) await own.call(store, next, expectedVersion, outbox);
    throw new AppError('STORE.UNAVAILABLE', 'The MongoDB store is not answering: the connection was lost');
  };
}

describe('files sent with an answer whose write landed although the store then did not answer', () => {
  it('stay on the case that lists them: never purged as files no case took', async () => {
    const app = await apps.start(() => ({ rateLimit: false, teamsEmails: { [ANNA.id]: ANNA_TEAMS_EMAIL } }));
    const store = app.app.services.store;
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Can you send a screenshot?');
    downAtAnswer(store, c, true);

    await annaWritesInTeams(app, 'Here is the error', 'en-US', [teamsPicture('shot1')]);

    const listed = (await store.getCase(c.id))!.attachments ?? [];
    expect(listed.map((f) => f.name)).toEqual(['picture.png']);
    expect((await store.listFiles({ caseIds: [c.id] })).map((f) => f.id)).toEqual(listed.map((f) => f.id));
    expect(await store.deleteFiles({ unlinkedBefore: LATER })).toBe(0);
    expect((await store.getFile(listed[0]!.id))?.caseId).toBe(c.id);
  }, 30_000);

  it('a write that did not land: taken off the case again, to be purged', async () => {
    const app = await apps.start(() => ({ rateLimit: false, teamsEmails: { [ANNA.id]: ANNA_TEAMS_EMAIL } }));
    const store = app.app.services.store;
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Can you send a screenshot?');
    downAtAnswer(store, c, false);

    const answer = await annaWritesInTeams(app, 'Here is the error', 'en-US', [teamsPicture('shot1')]);
    expect(answer).toContain('📎 Please send the files again too: picture.png.');
    expect((await store.getCase(c.id))!.attachments ?? []).toEqual([]);
    expect(await store.listFiles({ caseIds: [c.id] })).toEqual([]);
    expect(await store.deleteFiles({ unlinkedBefore: LATER })).toBe(1);
  }, 30_000);
});
