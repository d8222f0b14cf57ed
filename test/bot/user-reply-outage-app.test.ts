import { describe, expect, it } from 'vitest';
import { storeDownText } from '../../src/bot/failure-texts.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import {
  annaInSlack,
  annaInTeams,
  annaWritesInSlack,
  annaWritesInTeams,
  boInSlack,
  claimedCase,
  userReplyOutageApps,
} from '../helpers/user-reply-case.js';

const { start, flaky } = userReplyOutageApps('user-reply-outage-');

/** What the case's user wrote, as stored on the case. */
async function usersNotes(app: HardenedApp, id: string): Promise<string[]> {
  return (await app.app.services.store.getCase(id))!.notes.filter((n) => n.fromUser).map((n) => n.text);
}

describe("a user's reply to staff while the store takes no writes", () => {
  it('Teams: quotes her answer (EN) and her `tilføj` (DA) back, nothing saved; the same answer is taken once it is back', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Which room are you in?');
    flaky().down = true;

    const answer = await annaWritesInTeams(app, 'Room 235, second floor');
    expect(answer).toContain(
      `Your answer could not be added to case ${c.number} right now: our case system is not answering, so nothing was saved.`,
    );
    expect(answer).toContain('Nothing you wrote is lost: please send it again in a moment. Here is what you wrote:');
    expect(answer).toContain('Room 235, second floor');
    expect(answer).not.toContain(storeDownText.en);
    expect(flaky().refused).toContain('updateCase');

    const da = await annaWritesInTeams(app, `tilføj ${c.number} Det sker også i lokale 236`, 'da-DK');
    expect(da).toContain(
      `Dit svar kunne ikke lægges på sag ${c.number} lige nu: vores sagssystem svarer ikke, så intet blev gemt.`,
    );
    expect(da).toContain('Her er det, du skrev:');
    expect(da).toContain('Det sker også i lokale 236');
    expect(da).not.toContain(storeDownText.da);
    expect((await app.app.services.store.getCase(c.id))!.status).toBe('awaiting_user');
    expect(await usersNotes(app, c.id)).toEqual([]);

    flaky().down = false;
    const again = await annaWritesInTeams(app, 'Room 235, second floor');
    expect(again).toContain(`Your answer is added to case ${c.number}`);
    expect(await usersNotes(app, c.id)).toEqual(['Room 235, second floor']);
  }, 30_000);

  it('Slack: quotes her answer and her `add` back in the DM, nothing saved; taken once the store is back', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInSlack, locale: 'en' }, 'Which room are you in?');
    flaky().down = true;

    const answer = await annaWritesInSlack(app, 'Room 235, second floor', 'Ev1');
    expect(answer).toContain(
      `Your answer could not be added to case ${c.number} right now: our case system is not answering, so nothing was saved.`,
    );
    expect(answer).toContain('Here is what you wrote:');
    expect(answer).toContain('Room 235, second floor');
    expect(answer).not.toContain(storeDownText.en);

    const added = await annaWritesInSlack(app, `add ${c.number} It drops in room 237 too`, 'Ev2');
    expect(added).toContain(`could not be added to case ${c.number} right now: our case system is not answering`);
    expect(added).toContain('It drops in room 237 too');
    expect(added).not.toContain(storeDownText.en);
    expect(await usersNotes(app, c.id)).toEqual([]);

    flaky().down = false;
    const again = await annaWritesInSlack(app, 'Room 235, second floor', 'Ev3');
    expect(again).toContain(`Your answer is added to case ${c.number}`);
    expect(await usersNotes(app, c.id)).toEqual(['Room 235, second floor']);
  }, 30_000);

  it('Slack: an addition in Danish, to a case not waiting for him, is quoted back with how to send it again', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...boInSlack, locale: 'da' });
    flaky().down = true;
    const added = await annaWritesInSlack(app, `tilføj ${c.number} Det sker også i lokale 236`, 'Ev1', 'U0BO');
    expect(added).toContain(
      `Det kunne ikke tilføjes til sag ${c.number} lige nu: vores sagssystem svarer ikke, så intet blev gemt.`,
    );
    expect(added).toContain(`send det gerne igen om et øjeblik med \\"tilføj ${c.number} …\\". Her er det, du skrev:`);
    expect(added).toContain('Det sker også i lokale 236');
    expect(added).not.toContain(storeDownText.da);
    expect((await app.app.services.store.getCase(c.id))!.version).toBe(c.version);
  }, 30_000);

  it('Teams and Slack: an `add` while the store answers nothing at all (reads too) is quoted back (EN, DA)', async () => {
    const app = await start();
    const mine = await claimedCase(app, { ...annaInTeams, locale: 'en' });
    const bos = await claimedCase(app, { ...boInSlack, locale: 'da' });
    flaky().down = true;
    flaky().readsToo = true;

    const added = await annaWritesInTeams(app, `add ${mine.number} It drops in room 237 too`);
    expect(added).toContain(
      `This could not be added to case ${mine.number} right now: our case system is not answering, so nothing was saved.`,
    );
    expect(added).toContain(
      `please send it again in a moment with \\"add ${mine.number} …\\". Here is what you wrote:`,
    );
    expect(added).toContain('It drops in room 237 too');
    expect(added).not.toContain(storeDownText.en);
    expect(flaky().refused).toContain('getCaseByNumber');

    const da = await annaWritesInSlack(app, `tilføj ${bos.number} Det sker også i lokale 236`, 'Ev1', 'U0BO');
    expect(da).toContain(
      `Det kunne ikke tilføjes til sag ${bos.number} lige nu: vores sagssystem svarer ikke, så intet blev gemt.`,
    );
    expect(da).toContain('Det sker også i lokale 236');
    expect(da).not.toContain(storeDownText.da);

    flaky().down = false;
    flaky().readsToo = false;
    expect(await usersNotes(app, mine.id)).toEqual([]);
    expect(await usersNotes(app, bos.id)).toEqual([]);
  }, 30_000);
});
