import { describe, expect, it } from 'vitest';
import { answerLost } from '../helpers/flaky-store.js';
import { people } from '../helpers/people.js';
import {
  annaInSlack,
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

const { start, flaky } = userReplyOutageApps('user-reply-answer-lost-');

describe("a user's reply whose write landed although the store then stopped answering", () => {
  it('Teams: the answer is on the case with its messages to staff, so she is told it is added (not to send it again)', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Can you send a screenshot?');
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(c) });

    const answer = await annaWritesInTeams(app, 'Here is the error', 'en-US', [teamsPicture('lost1')]);
    expect(flaky().down).toBe(true);
    expect(answer).toContain(`Your answer is added to case ${c.number}, and ${people.jonas.name} has been told.`);
    expect(answer).toContain('picture.png');
    expect(answer).not.toContain('send it again');
    expect(answer).not.toContain('nothing was saved');
    expect(await usersNotes(app, c.id)).toEqual(['Here is the error\n📎 picture.png']);
    expect(await toJonas(app, c.id)).toHaveLength(1);
    expect((await app.app.services.store.getCase(c.id))!.attachments?.map((f) => f.name)).toEqual(['picture.png']);
  }, 30_000);

  it('Slack: the case only (its messages to staff lost) gets them written when the store takes writes again', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInSlack, locale: 'en' }, 'Which room are you in?');
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(c), withoutOutbox: true });
    // The store is back by the time the bot looks for the case's messages: only the answer to its write was lost.
    const list = flaky().store.listOutbox.bind(flaky().store);
    flaky().store.listOutbox = async (filter) => {
      flaky().down = false;
      return list(filter);
    };

    const answer = await annaWritesInSlack(app, 'Room 235, second floor', 'Ev1');
    expect(answer).toContain(`Your answer is added to case ${c.number}, and ${people.jonas.name} has been told.`);
    expect(await usersNotes(app, c.id)).toEqual(['Room 235, second floor']);
    expect(await toJonas(app, c.id)).toHaveLength(1);
  }, 30_000);

  it('Slack: the case only, and the store takes no writes: saved, staff not told, not to be sent again (EN, DA)', async () => {
    const app = await start();
    const mine = await claimedCase(app, { ...annaInSlack, locale: 'en' }, 'Which room are you in?');
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(mine), withoutOutbox: true });
    const answer = await annaWritesInSlack(app, 'Room 235, second floor', 'Ev1');
    expect(answer).toContain(
      `Your answer is saved on case ${mine.number}, but our case system stopped answering before ${people.jonas.name} could be told.`,
    );
    expect(answer).toContain('Please do not send it again (it would be on the case twice)');
    expect(answer).not.toContain('has been told');
    expect(await usersNotes(app, mine.id)).toEqual(['Room 235, second floor']);
    expect(await toJonas(app, mine.id)).toEqual([]);

    flaky().down = false;
    const bos = await claimedCase(app, { ...boInSlack, locale: 'da' });
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(bos), withoutOutbox: true });
    const da = await annaWritesInSlack(app, `tilføj ${bos.number} Det sker også i lokale 236`, 'Ev2', 'U0BO');
    expect(da).toContain(
      `Det er gemt på sag ${bos.number}, men vores sagssystem holdt op med at svare, før ${people.jonas.name} kunne få besked.`,
    );
    expect(da).toContain('Send det ikke igen (så står det der to gange)');
    expect(await usersNotes(app, bos.id)).toEqual(['Det sker også i lokale 236']);
  }, 30_000);

  it('Teams: the store answers neither the write nor the read after it: quoted back, to look before sending again (EN, DA)', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Which room are you in?');
    answerLost(flaky(), { method: 'updateCase', match: usersWriteTo(c), readsToo: true });

    const answer = await annaWritesInTeams(app, 'Room 235, second floor');
    expect(answer).toContain(
      `We cannot tell whether your answer was added to case ${c.number}: our case system stopped answering while it was being saved.`,
    );
    expect(answer).toContain(
      `Please look in a moment with \\"status ${c.number}\\", and send it again only if it is not there. Here is what you wrote:`,
    );
    expect(answer).toContain('Room 235, second floor');
    expect(answer).not.toContain('nothing was saved');

    flaky().down = false;
    flaky().readsToo = false;
    expect(await usersNotes(app, c.id)).toEqual(['Room 235, second floor']);
    // Her `status` shows it: she need not send it again.
    expect(await annaWritesInTeams(app, `status ${c.number}`)).toContain('Room 235, second floor');

    answerLost(flaky(), {
      method: 'updateCase',
      match: usersWriteTo(c),
      readsToo: true,
      landed: false,
    });
    const da = await annaWritesInTeams(app, `tilføj ${c.number} Det sker også i lokale 236`, 'da-DK');
    expect(da).toContain(
      `Vi kan ikke se, om det kom på sag ${c.number}: vores sagssystem holdt op med at svare, mens det blev gemt.`,
    );
    expect(da).toContain(
      `og send det kun igen med \\"tilføj ${c.number} …\\", hvis det ikke står der. Her er det, du skrev:`,
    );
    expect(da).toContain('Det sker også i lokale 236');
  }, 30_000);
});
