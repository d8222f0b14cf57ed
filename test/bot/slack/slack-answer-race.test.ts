import { describe, expect, it } from 'vitest';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case, Person } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { okCase, threadTexts, toPerson } from '../../helpers/services.js';
import { type SlackUserFixture, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { type MessageBlock, messageFormClick, recordToldInDm } from '../../helpers/slack-message-form.js';
import { beforeNextWrite } from '../../helpers/store-race.js';

const h = slackHarnessPerTest();

/** `user`'s Wi-Fi case at ARTS Support, claimed and resolved by Jonas; the "is it solved?" message they got. */
async function solvedFor(user: Person): Promise<{ c: Case; ask: MessageView }> {
  const s = h.services;
  let c = await s.reportWifi(user, { locale: user.locale ?? 'en' });
  c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
  c = okCase(
    await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New driver.' }),
  );
  const ask = toPerson(await s.outbox.take(), user.id).find((v) => v.form?.id === `solved:${c.id}`);
  expect(ask).toBeDefined();
  return { c, ask: ask! };
}

/** `user`'s click on `button` under the message in their DM. */
function clickInDm(user: SlackUserFixture, view: MessageView, button: string) {
  const blocks = renderMessageBlocks(view).blocks as MessageBlock[];
  return h.send(messageFormClick({ id: user.id, name: user.name }, 'D0USER', blocks, button, {}));
}

describe('Slack: "Yes, solved" clicked while staff write on the case', () => {
  it('is taken, not refused as "changed meanwhile by" the one who wrote', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(people.anna);
    const told = recordToldInDm(h, 'D0USER');
    const race = beforeNextWrite(h.services.store, async () => {
      const now = (await h.services.store.getCase(c.id))!;
      okCase(
        await h.services.service.act(people.jonas, {
          verb: 'note',
          caseId: c.id,
          version: now.version,
          text: 'Driver rolled out to the whole floor',
          visibility: 'internal',
        }),
      );
    });
    await clickInDm(slackUsers.anna, ask, 'confirm_solved');
    expect(race.ran).toBe(true);
    expect(told.at(-1)).toContain(`Thank you! Case ${c.number} will be closed once support has checked the solution.`);
    expect(told.join('\n')).not.toContain('meanwhile');
    const stored = (await h.services.store.getCase(c.id))!;
    expect(stored.history.slice(-2).map((e) => e.action)).toEqual(['note', 'user_confirmed']);
    expect(threadTexts(await h.services.outbox.take())).toEqual([
      'Jonas Vestergaard (ARTS Support) (internal note):\n\nDriver rolled out to the whole floor',
      'Anna Berg confirms the problem is solved. Ready to close.',
    ]);
  });
});
