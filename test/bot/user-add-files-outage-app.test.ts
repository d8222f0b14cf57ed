import { describe, expect, it } from 'vitest';
import { storeDownText } from '../../src/bot/failure-texts.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import {
  annaInTeams,
  annaWritesInTeams,
  boInSlack,
  claimedCase,
  teamsPicture,
  writesWithScreenshotInSlack,
  userReplyOutageApps,
} from '../helpers/user-reply-case.js';

const { start, flaky } = userReplyOutageApps('user-add-files-outage-');

/** What the case's user added to it, as stored on the case, and the files it lists. */
async function added(app: HardenedApp, id: string): Promise<{ notes: string[]; files: string[] }> {
  const c = (await app.app.services.store.getCase(id))!;
  return {
    notes: c.notes.filter((n) => n.fromUser).map((n) => n.text),
    files: (c.attachments ?? []).map((f) => f.name),
  };
}

describe('`add <number>` with files while the store takes no writes', () => {
  it('Teams: told it was not added, quoted back with the files to send again (EN); files alone (DA)', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' });
    flaky().down = true;

    const answer = await annaWritesInTeams(app, `add ${c.number} It also happens in room 235`, 'en-US', [
      teamsPicture('add1'),
    ]);
    expect(answer).toContain(
      `This could not be added to case ${c.number} right now: our case system is not answering, so nothing was saved.`,
    );
    expect(answer).toContain(`send it again in a moment with \\"add ${c.number} …\\". Here is what you wrote:`);
    expect(answer).toContain('It also happens in room 235');
    expect(answer).toContain('📎 Please send the files again too: picture.png.');
    expect(answer).not.toContain(storeDownText.en);
    expect(flaky().refused).toContain('saveFile');

    const da = await annaWritesInTeams(app, `tilføj ${c.number}`, 'da-DK', [teamsPicture('add2')]);
    expect(da).toContain(
      `Det kunne ikke tilføjes til sag ${c.number} lige nu: vores sagssystem svarer ikke, så intet blev gemt.`,
    );
    expect(da).toContain('📎 Send gerne filerne igen om et øjeblik: picture.png.');
    expect(da).not.toContain(storeDownText.da);

    flaky().down = false;
    expect(await added(app, c.id)).toEqual({ notes: [], files: [] });
  }, 30_000);

  it('Slack: told it was not added, with the file to send again (DA)', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...boInSlack, locale: 'da' });
    flaky().down = true;

    const answer = await writesWithScreenshotInSlack(
      app,
      'U0BO',
      `tilføj ${c.number} Det sker også i lokale 236`,
      'Ev1',
    );
    expect(answer).toContain(
      `Det kunne ikke tilføjes til sag ${c.number} lige nu: vores sagssystem svarer ikke, så intet blev gemt.`,
    );
    expect(answer).toContain('Det sker også i lokale 236');
    expect(answer).toContain('📎 Send også filerne igen: screenshot.png.');
    expect(answer).not.toContain(storeDownText.da);
    expect(flaky().refused).toContain('saveFile');

    flaky().down = false;
    expect(await added(app, c.id)).toEqual({ notes: [], files: [] });
  }, 30_000);
});
