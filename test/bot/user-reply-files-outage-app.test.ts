import { describe, expect, it } from 'vitest';
import { storeDownText } from '../../src/bot/failure-texts.js';
import {
  annaInSlack,
  annaInTeams,
  annaWritesInTeams,
  claimedCase,
  teamsPicture,
  writesWithScreenshotInSlack,
  userReplyOutageApps,
} from '../helpers/user-reply-case.js';

const { start, flaky } = userReplyOutageApps('user-reply-files-outage-');

describe("a user's answer with files while the store takes no writes", () => {
  it('Teams: told her answer was not added, quoted back with the files to send again (EN); a picture alone (DA)', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Can you send a screenshot?');
    flaky().down = true;

    const answer = await annaWritesInTeams(app, 'Here is the error', 'en-US', [teamsPicture('down1')]);
    expect(answer).toContain(
      `Your answer could not be added to case ${c.number} right now: our case system is not answering, so nothing was saved.`,
    );
    expect(answer).toContain('Here is what you wrote:');
    expect(answer).toContain('Here is the error');
    expect(answer).toContain('📎 Please send the files again too: picture.png.');
    expect(answer).not.toContain(storeDownText.en);
    expect(flaky().refused).toContain('saveFile');

    const da = await annaWritesInTeams(app, '', 'da-DK', [teamsPicture('down2')]);
    expect(da).toContain(
      `Dit svar kunne ikke lægges på sag ${c.number} lige nu: vores sagssystem svarer ikke, så intet blev gemt.`,
    );
    expect(da).toContain('📎 Send gerne filerne igen om et øjeblik: picture.png.');
    expect(da).not.toContain(storeDownText.da);

    flaky().down = false;
    const stored = (await app.app.services.store.getCase(c.id))!;
    expect(stored.status).toBe('awaiting_user');
    expect(stored.notes.filter((n) => n.fromUser)).toEqual([]);
    expect(stored.attachments ?? []).toEqual([]);
  }, 30_000);

  it('Slack: told her answer was not added, with the file to send again; with no question waiting, the general notice', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInSlack, locale: 'en' }, 'Can you send a screenshot?');
    flaky().down = true;

    const answer = await writesWithScreenshotInSlack(app, 'U0ANNA', 'Here is the error', 'Ev1');
    expect(answer).toContain(
      `Your answer could not be added to case ${c.number} right now: our case system is not answering, so nothing was saved.`,
    );
    expect(answer).toContain('Here is the error');
    expect(answer).toContain('📎 Please send the files again too: screenshot.png.');
    expect(answer).not.toContain(storeDownText.en);

    // Bo has no case waiting for him: his message is a report, which the store cannot take now either.
    const bo = await writesWithScreenshotInSlack(app, 'U0BO', 'Outlook cannot find the server', 'Ev2');
    expect(bo).toContain(storeDownText.da);

    flaky().down = false;
    expect((await app.app.services.store.getCase(c.id))!.notes.filter((n) => n.fromUser)).toEqual([]);
  }, 30_000);
});
