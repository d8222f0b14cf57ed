import { describe, expect, it } from 'vitest';
import { ATTACHMENTS_PER_CASE, type AttachmentRef, type Case, toRef } from '../../src/models/case.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import {
  annaInTeams,
  annaWritesInTeams,
  boInSlack,
  claimedCase,
  teamsPicture,
  userReplyOutageApps,
  writesWithScreenshotInSlack,
} from '../helpers/user-reply-case.js';

const { start, flaky } = userReplyOutageApps('user-reply-files-full-outage-');

/** `user`'s case (asked `question` when given) holding `count` attachments already. */
async function holding(app: HardenedApp, user: typeof annaInTeams, count: number, question?: string): Promise<Case> {
  const store = app.app.services.store;
  const c = await claimedCase(app, user, question);
  const files: AttachmentRef[] = Array.from({ length: count }, (_, i) => ({
    id: `earlier-${i}`,
    name: `earlier-${i}.png`,
    contentType: 'image/png',
    size: 10,
    at: c.createdAt,
    by: toRef(user),
  }));
  await store.updateCase({ ...c, attachments: files }, c.version, []);
  return (await store.getCase(c.id))!;
}

describe('files the store could not keep, sent to a case that is full or nearly: the refused ones not asked for again', () => {
  it('Teams: the file that fits to send again, the one the case refuses named as refused (EN); a picture alone to a full case (DA)', async () => {
    const app = await start();
    const c = await holding(app, { ...annaInTeams, locale: 'en' }, ATTACHMENTS_PER_CASE - 1, 'A screenshot, please?');
    flaky().down = true;

    const two = [teamsPicture('full1'), teamsPicture('full2')];
    const answer = await annaWritesInTeams(app, 'Here it is', 'en-US', two);
    expect(answer).toContain(
      `Your answer could not be added to case ${c.number} right now: our case system is not answering`,
    );
    expect(answer).toContain('Here it is');
    expect(answer).toContain('📎 Please send the files again too: picture.png.');
    expect(answer).toContain(`A case holds ${ATTACHMENTS_PER_CASE} attachments; not kept: picture-2.png.`);
    expect(answer).not.toContain('send the files again too: picture.png, picture-2.png');
    expect(flaky().refused).toContain('saveFile');

    // The last place taken meanwhile (the store back for a moment): a picture alone is refused, nothing to resend.
    flaky().down = false;
    const now = (await app.app.services.store.getCase(c.id))!;
    const full = [
      ...(now.attachments ?? []),
      { ...now.attachments![0]!, id: 'earlier-last', name: 'earlier-last.png' },
    ];
    await app.app.services.store.updateCase({ ...now, attachments: full }, now.version, []);
    flaky().down = true;
    const da = await annaWritesInTeams(app, '', 'da-DK', [teamsPicture('full3')]);
    expect(da).toContain(`En sag kan have ${ATTACHMENTS_PER_CASE} vedhæftede filer; ikke gemt: picture.png.`);
    expect(da).not.toContain('Send gerne filerne igen');
    expect(da).not.toContain('send det gerne igen');

    flaky().down = false;
    const stored = (await app.app.services.store.getCase(c.id))!;
    expect(stored.notes.filter((n) => n.fromUser)).toEqual([]);
    expect(stored.attachments).toHaveLength(ATTACHMENTS_PER_CASE);
  }, 30_000);

  it('Slack: `tilføj` with a screenshot to a full case (DA): the text to send again, the screenshot named as refused', async () => {
    const app = await start();
    const c = await holding(app, { ...boInSlack, locale: 'da' }, ATTACHMENTS_PER_CASE);
    flaky().down = true;

    const da = await writesWithScreenshotInSlack(app, 'U0BO', `tilføj ${c.number} Det sker også i lokale 236`, 'Ev1');
    expect(da).toContain(`Det kunne ikke tilføjes til sag ${c.number} lige nu: vores sagssystem svarer ikke`);
    expect(da).toContain('Det sker også i lokale 236');
    expect(da).toContain(`En sag kan have ${ATTACHMENTS_PER_CASE} vedhæftede filer; ikke gemt: screenshot.png.`);
    expect(da).not.toContain('Send også filerne igen');
  }, 30_000);
});
