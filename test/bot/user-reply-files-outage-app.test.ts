import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { storeDownText } from '../../src/bot/failure-texts.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { type FlakyStore, flakyStore, switchOnAfterEach } from '../helpers/flaky-store.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { slackEvent } from '../helpers/slack-requests.js';
import { ANNA } from '../helpers/teams-activities.js';
import {
  ANNA_TEAMS_EMAIL,
  annaInSlack,
  annaInTeams,
  annaWritesInTeams,
  claimedCase,
  teamsPicture,
} from '../helpers/user-reply-case.js';

const apps = appPerTest('user-reply-files-outage-');
let flaky: FlakyStore | undefined;
switchOnAfterEach(() => flaky);

function start(): Promise<HardenedApp> {
  return apps.start((dataDir) => {
    flaky = flakyStore(new SqliteCaseStore({ dataDir }));
    return {
      store: flaky.store,
      rateLimit: false,
      teamsEmails: { [ANNA.id]: ANNA_TEAMS_EMAIL },
      slackUsers: [slackUsers.anna, slackUsers.bo],
    };
  });
}

/** What the bot answered in the Slack DM of `userId` to `text` with a screenshot (event `id`). */
async function writesWithScreenshotInSlack(app: HardenedApp, userId: string, text: string, id: string) {
  const channel = `D${userId.slice(1)}`;
  const posts = () => app.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);
  const since = posts().length;
  const path = `/files-pri/T1-F${id}/download/screenshot.png`;
  nock('https://files.slack.com')
    .get(path)
    .reply(200, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const file = {
    id: `F${id}`,
    name: 'screenshot.png',
    mimetype: 'image/png',
    size: 8,
    url_private_download: `https://files.slack.com${path}`,
  };
  const event = { type: 'message', subtype: 'file_share', channel, channel_type: 'im', user: userId, text };
  expect((await app.slack(slackEvent(id, { ...event, ts: `${id}.1`, files: [file] }))).status).toBe(200);
  await expect.poll(() => posts().length, { timeout: 10_000 }).toBeGreaterThan(since);
  return posts()
    .slice(since)
    .map((c) => `${c.body['text'] ?? ''}\n${c.body['blocks'] ?? ''}`)
    .join('\n');
}

describe("a user's answer with files while the store takes no writes", () => {
  it('Teams: told her answer was not added, quoted back with the files to send again (EN); a picture alone (DA)', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInTeams, locale: 'en' }, 'Can you send a screenshot?');
    flaky!.down = true;

    const answer = await annaWritesInTeams(app, 'Here is the error', 'en-US', [teamsPicture('down1')]);
    expect(answer).toContain(
      `Your answer could not be added to case ${c.number} right now: our case system is not answering, so nothing was saved.`,
    );
    expect(answer).toContain('Here is what you wrote:');
    expect(answer).toContain('Here is the error');
    expect(answer).toContain('📎 Please send the files again too: picture.png.');
    expect(answer).not.toContain(storeDownText.en);
    expect(flaky!.refused).toContain('saveFile');

    const da = await annaWritesInTeams(app, '', 'da-DK', [teamsPicture('down2')]);
    expect(da).toContain(
      `Dit svar kunne ikke lægges på sag ${c.number} lige nu: vores sagssystem svarer ikke, så intet blev gemt.`,
    );
    expect(da).toContain('📎 Send gerne filerne igen om et øjeblik: picture.png.');
    expect(da).not.toContain(storeDownText.da);

    flaky!.down = false;
    const stored = (await app.app.services.store.getCase(c.id))!;
    expect(stored.status).toBe('awaiting_user');
    expect(stored.notes.filter((n) => n.fromUser)).toEqual([]);
    expect(stored.attachments ?? []).toEqual([]);
  }, 30_000);

  it('Slack: told her answer was not added, with the file to send again; with no question waiting, the general notice', async () => {
    const app = await start();
    const c = await claimedCase(app, { ...annaInSlack, locale: 'en' }, 'Can you send a screenshot?');
    flaky!.down = true;

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

    flaky!.down = false;
    expect((await app.app.services.store.getCase(c.id))!.notes.filter((n) => n.fromUser)).toEqual([]);
  }, 30_000);
});
