import { describe, expect, it } from 'vitest';
import { storeDownText } from '../../src/bot/failure-texts.js';
import {
  annaInTeams,
  annaWritesInSlack,
  annaWritesInTeams,
  boInSlack,
  claimedCase,
  userReplyOutageApps,
} from '../helpers/user-reply-case.js';

const { start, flaky } = userReplyOutageApps('user-reply-reads-down-');

describe("a user's chat message while the store answers no reads either", () => {
  it('Teams (EN) and Slack (DA): quoted back to send again, rather than the general notice alone', async () => {
    const app = await start();
    const anna = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Which room are you in?');
    const bo = await claimedCase(app, { ...boInSlack, locale: 'da' }, 'Hvilket lokale er du i?');
    flaky().down = true;
    flaky().readsToo = true;

    const answer = await annaWritesInTeams(app, 'Room 235, second floor');
    expect(answer).toContain(
      'Our case system is not answering right now, so your message was not taken and nothing was saved. Please send it again in a moment. Here is what you wrote:',
    );
    expect(answer).toContain('Room 235, second floor');
    expect(answer).not.toContain(storeDownText.en);
    expect(flaky().refused).toContain('getConversation');

    const da = await annaWritesInSlack(app, 'Lokale 236, stuen', 'Ev1', 'U0BO');
    expect(da).toContain(
      'Vores sagssystem svarer ikke lige nu, så din besked blev ikke taget imod, og intet blev gemt. Send den gerne igen om et øjeblik. Her er det, du skrev:',
    );
    expect(da).toContain('Lokale 236, stuen');
    expect(da).not.toContain(storeDownText.da);

    flaky().down = false;
    flaky().readsToo = false;
    for (const c of [anna, bo]) {
      const stored = (await app.app.services.store.getCase(c.id))!;
      expect(stored.status).toBe('awaiting_user');
      expect(stored.notes.filter((n) => n.fromUser)).toEqual([]);
    }
  }, 30_000);
});
