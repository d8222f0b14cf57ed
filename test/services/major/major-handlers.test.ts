import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { okCase } from '../../helpers/services.js';
import { createMajorHarness, type MajorHarness } from './major-harness.js';

let h: MajorHarness;
beforeEach(async () => {
  h = await createMajorHarness();
});
afterEach(async () => {
  await h.close();
});

/** Bo's report registered from the intake offer ("Add me to the affected"): linked, no card of its own. */
async function joinedAtIntake(parent: Case): Promise<Case> {
  const child = await h.reportWifi(people.bo, { parentId: parent.id });
  await h.majors.joined(child, 'da');
  await h.outbox.take();
  return (await h.store.getCase(child.id))!;
}

describe('unlinkMajor', () => {
  it('posts a card in its group channel for a report that joined at intake and had none', async () => {
    const parent = await h.declareEduroam();
    const child = await joinedAtIntake(parent);
    expect(child.cards).toEqual([]);
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(1);

    const unlinked = okCase(
      await h.service.act(people.jonas, { verb: 'unlink_major', caseId: child.id, version: child.version }),
    );
    expect(unlinked.parentId).toBeUndefined();
    const sent = await h.outbox.take();
    const posts = sent.filter((m) => m.kind === 'post_card');
    expect(posts).toEqual([
      expect.objectContaining({
        kind: 'post_card',
        caseId: child.id,
        groupId: child.groupId,
        key: `${child.id}:v${unlinked.version}:post_card:${child.groupId}`,
      }),
    ]);
    // The thread reply follows the post (the delivery waits for the card), so the desk reads why it is there.
    const reply = sent.findIndex((m) => m.kind === 'thread_reply' && m.caseId === child.id);
    expect(reply).toBeGreaterThan(sent.indexOf(posts[0]!));
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(0);
    // Its own SLA ladder applies again.
    expect(unlinked.nextTimerAt).toBeDefined();
  });

  it('updates the card of a report that had one when it was linked, and posts none', async () => {
    const parent = await h.declareEduroam();
    const report = await h.reportWifi(people.bo);
    const withCard = await h.store.updateCase(
      {
        ...report,
        cards: [
          {
            platform: 'teams',
            groupId: report.groupId,
            channelId: 'arts-channel',
            messageId: 'm1',
            conversationId: 'arts-channel;messageid=m1',
            active: true,
          },
        ],
      },
      report.version,
    );
    okCase(await h.majors.link(people.jonas, withCard.number, parent.number));
    await h.outbox.take();
    const linked = (await h.store.getCase(report.id))!;
    okCase(await h.service.act(people.jonas, { verb: 'unlink_major', caseId: linked.id, version: linked.version }));
    const kinds = (await h.outbox.take()).filter((m) => m.caseId === report.id).map((m) => m.kind);
    expect(kinds).toContain('update_cards');
    expect(kinds).not.toContain('post_card');
  });
});
