import { describe, expect, it } from 'vitest';
import { ATTACHMENTS_PER_CASE, type AttachmentRef, type Case, toRef } from '../../src/models/case.js';
import { AppError } from '../../src/models/errors.js';
import { answerLost, type FlakyStore } from '../helpers/flaky-store.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { people } from '../helpers/people.js';
import {
  alwaysConflicting,
  annaInTeams,
  annaWritesInSlack,
  annaWritesInTeams,
  boInSlack,
  claimedCase,
  teamsPicture,
  toJonas,
  userReplyOutageApps,
  usersNotes,
  usersWriteTo,
} from '../helpers/user-reply-case.js';

const { start, flaky } = userReplyOutageApps('user-reply-staff-told-');
const JONAS = people.jonas.name;

/**
 * While `on`, the store answers no look at the outbox (`listOutbox`) and everything else as `flaky` says: the case
 * read again after a lost answer is answered, the look for its messages to staff right after it is not.
 */
function outboxUnanswered(flaky: FlakyStore): { on: boolean } {
  const state = { on: true };
  const list = flaky.store.listOutbox.bind(flaky.store);
  flaky.store.listOutbox = async (filter) => {
    if (state.on) throw new AppError('STORE.UNAVAILABLE', 'store down (test): listOutbox');
    return list(filter);
  };
  return state;
}

describe("a user's text saved although the store then stopped answering: what she is told of staff", () => {
  it('Teams: the store answers the case again but not the look at its messages: saved, not "could not be told"', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Which room are you in?');
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(c) });
    const look = outboxUnanswered(flaky());

    const answer = await annaWritesInTeams(app, 'Room 235, second floor');
    expect(answer).toContain(
      `Your answer is saved on case ${c.number}, but our case system stopped answering, so we cannot tell whether ${JONAS} has been told.`,
    );
    expect(answer).toContain('Please do not send it again (it would be on the case twice): it is on the case');
    expect(answer).not.toContain('could not be told');
    expect(answer).not.toContain(`and ${JONAS} has been told`);
    look.on = false;
    expect(await usersNotes(app, c.id)).toEqual(['Room 235, second floor']);
    // The write that landed had its messages to Jonas: he is told, which "could not be told" denied.
    expect(await toJonas(app, c.id)).toHaveLength(1);
  }, 30_000);

  it('Slack: a Danish `tilføj` whose messages to staff were lost, the outbox not answering: saved, unknown whether told', async () => {
    const app = await start();
    const bos = await claimedCase(app, { ...boInSlack, locale: 'da' });
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(bos), withoutOutbox: true });
    outboxUnanswered(flaky());

    const da = await annaWritesInSlack(app, `tilføj ${bos.number} Det sker også i lokale 236`, 'Ev1', 'U0BO');
    expect(da).toContain(
      `Det er gemt på sag ${bos.number}, men vores sagssystem holdt op med at svare, så vi kan ikke se, om ${JONAS} har fået besked.`,
    );
    expect(da).toContain('Send det ikke igen (så står det der to gange)');
    expect(da).not.toContain(`før ${JONAS} kunne få besked`);
    expect(await usersNotes(app, bos.id)).toEqual(['Det sker også i lokale 236']);
  }, 30_000);

  it('Teams: the lost messages to staff written again although the store answered that write with an outage: told', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Which room are you in?');
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(c), withoutOutbox: true });
    // The store takes the lost messages when they are written again, and loses that answer too.
    const list = flaky().store.listOutbox.bind(flaky().store);
    let looks = 0;
    flaky().store.listOutbox = async (filter) => {
      if (++looks === 1) {
        flaky().down = false;
        answerLost(flaky(), { method: 'enqueueOutbox' });
      }
      return list(filter);
    };

    const answer = await annaWritesInTeams(app, 'Room 235, second floor');
    // The messages' write was taken and its answer lost (not refused).
    expect(flaky().lost).toBeUndefined();
    expect(flaky().refused).not.toContain('enqueueOutbox');
    expect(answer).toContain(`Your answer is added to case ${c.number}, and ${JONAS} has been told.`);
    expect(answer).not.toContain('could not be told');
    expect(await toJonas(app, c.id)).toHaveLength(1);
  }, 30_000);
});

/** Anna's case awaiting her answer, with one attachment short of the most a case holds. */
async function nearlyFull(app: HardenedApp, locale: 'en' | 'da'): Promise<Case> {
  const store = app.app.services.store;
  const c = await claimedCase(app, { ...annaInTeams, locale }, 'Can you send a screenshot?');
  const files: AttachmentRef[] = Array.from({ length: ATTACHMENTS_PER_CASE - 1 }, (_, i) => ({
    id: `earlier-${i}`,
    name: `earlier-${i}.png`,
    contentType: 'image/png',
    size: 10,
    at: c.createdAt,
    by: toRef(annaInTeams),
  }));
  await store.updateCase({ ...c, attachments: files }, c.version, []);
  return (await store.getCase(c.id))!;
}

/** Anna's answer with two pictures (picture.png and picture-2.png), of which the case takes the first only. */
function twoPictures(app: HardenedApp, locale: string, tag: string): Promise<string> {
  return annaWritesInTeams(app, 'Here it is', locale, [teamsPicture(`${tag}1`), teamsPicture(`${tag}2`)]);
}

const refused = {
  en: `A case holds ${ATTACHMENTS_PER_CASE} attachments; not kept: picture-2.png.`,
  da: `En sag kan have ${ATTACHMENTS_PER_CASE} vedhæftede filer; ikke gemt: picture-2.png.`,
};

describe('files a full case refused are named in every answer to a user, not only when all went well', () => {
  it('Teams: saved, staff not told (EN)', async () => {
    const app = await start();
    const c = await nearlyFull(app, 'en');
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(c), withoutOutbox: true });
    const answer = await twoPictures(app, 'en-US', 'nt');
    expect(answer).toContain(`before ${JONAS} could be told`);
    expect(answer).toContain(`📎 Added to ${c.number}: picture.png.`);
    expect(answer).toContain(refused.en);
  }, 30_000);

  it('Teams: saved, whether staff were told unknown (DA)', async () => {
    const app = await start();
    const c = await nearlyFull(app, 'da');
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(c) });
    outboxUnanswered(flaky());
    const answer = await twoPictures(app, 'da-DK', 'uk');
    expect(answer).toContain(`så vi kan ikke se, om ${JONAS} har fået besked`);
    expect(answer).toContain(`📎 Lagt på ${c.number}: picture.png.`);
    expect(answer).toContain(refused.da);
  }, 30_000);

  it('Teams: not known whether it was added (EN): the taken file to look for, the refused one named as refused', async () => {
    const app = await start();
    const c = await nearlyFull(app, 'en');
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(c), readsToo: true });
    const answer = await twoPictures(app, 'en-US', 'pa');
    expect(answer).toContain(`We cannot tell whether your answer was added to case ${c.number}`);
    expect(answer).toContain('📎 And the files, if the case does not list them: picture.png.');
    expect(answer).toContain(refused.en);
  }, 30_000);

  it('Teams: not added, the store down (DA): the taken file to send again, the refused one named as refused', async () => {
    const app = await start();
    const c = await nearlyFull(app, 'da');
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(c), landed: false });
    const answer = await twoPictures(app, 'da-DK', 'nd');
    expect(answer).toContain(`Dit svar kunne ikke lægges på sag ${c.number} lige nu: vores sagssystem svarer ikke`);
    expect(answer).toContain('📎 Send også filerne igen: picture.png.');
    expect(answer).toContain(refused.da);
    expect(await usersNotes(app, c.id)).toEqual([]);
  }, 30_000);

  it('Teams: not added, the case changed by others at each try (EN)', async () => {
    const app = await start();
    const c = await nearlyFull(app, 'en');
    alwaysConflicting(app.app.services.store, c);
    const answer = await twoPictures(app, 'en-US', 'bz');
    expect(answer).toContain('the case was being changed by others at the same moment, so nothing was saved.');
    expect(answer).toContain('📎 Please send the files again too: picture.png.');
    expect(answer).toContain(refused.en);
  }, 30_000);
});
