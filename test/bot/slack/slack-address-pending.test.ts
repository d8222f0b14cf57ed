import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import { USER_CACHE_REF } from '../../../src/bot/slack/slack-directory.js';
import type { Case } from '../../../src/models/case.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { holdMovesTo } from '../../helpers/held-address-moves.js';
import { people } from '../../helpers/people.js';
import { okCase, toPerson } from '../../helpers/services.js';
import { slackHarnessPerTest, slackUsers, usersInfoBody } from '../../helpers/slack-harness.js';
import { type MessageBlock, messageFormClick, recordToldInDm } from '../../helpers/slack-message-form.js';
import { slackDm, slackEvent } from '../../helpers/slack-requests.js';

const anna = slackUsers.anna;
const OLD = anna.email;
const NEW = 'anna.holm@cas.au.dk';
const DM = `D${anna.id}`;

const h = slackHarnessPerTest({}, anna);
/** Lets the held move of Anna's cases to her new address go on (`holdMovesTo`). */
let release: () => void = () => {};
afterEach(() => {
  release();
  vi.restoreAllMocks();
});

/** A case registered for Anna by her e-mail alone (before the bot knew her in Slack), taken on by Jonas. */
async function caseByOld(title: string, actions: Record<string, string>[]): Promise<Case> {
  const user = { id: `email:${OLD}`, name: anna.name, email: OLD };
  let c = await h.services.store.createCase(
    buildNewCase({ title, categoryId: 'vpn', groupId: 'arts-support', ownerGroupId: 'arts-support', user }),
  );
  for (const action of [{ verb: 'claim' }, ...actions])
    c = okCase(await h.services.service.act(people.jonas, { ...action, caseId: c.id, version: c.version } as never));
  return c;
}

/** Slack tells of Anna's new address (`user_change`); the move of her cases is held. */
async function annaMoving(): Promise<void> {
  await h.person(anna);
  release = holdMovesTo(NEW);
  const changed = usersInfoBody({ ...anna, email: NEW }) as { user: object };
  expect((await h.send(slackEvent('EvChange', { type: 'user_change', user: changed.user }))).status).toBe(200);
  expect(await h.services.store.getRef(USER_CACHE_REF, anna.id)).toMatchObject({ movingFrom: OLD });
}

describe('Slack: a person whose address changed, while their cases are still being moved', () => {
  it('lists the cases still on the former address in mine, and takes their "Yes, solved" on one', async () => {
    const c = await caseByOld('VPN drops at home', [{ verb: 'resolve', solution: 'New VPN profile.' }]);
    const ask = toPerson(await h.services.outbox.take(), `email:${OLD}`).find((v) => v.form?.id === `solved:${c.id}`);
    expect(ask).toBeDefined();
    await annaMoving();
    const told = recordToldInDm(h, DM);

    expect((await h.send(slackDm('EvMine', anna, 'mine'))).status).toBe(200);
    expect((await h.services.store.getCase(c.id))?.user.id).toBe(`email:${OLD}`);
    expect(told.join('\n')).toContain(c.number);

    const blocks = renderMessageBlocks(ask!).blocks as MessageBlock[];
    const res = await h.send(messageFormClick({ id: anna.id, name: anna.name }, DM, blocks, 'confirm_solved', {}));
    expect(res.status).toBe(200);
    const answered = await h.services.store.getCase(c.id);
    expect(answered?.history.at(-1)).toMatchObject({ action: 'user_confirmed', actor: { id: `slack:${anna.id}` } });
    // Nothing of her former address is stored with her on the case (she is named as she is now).
    expect(JSON.stringify(answered?.history.at(-1))).not.toContain(OLD);

    release();
    await h.directory.settled();
    expect((await h.services.store.getCase(c.id))?.user.id).toBe(`email:${NEW}`);
  });

  it('takes her answer to a question on such a case (her DM message) as the answer', async () => {
    const question = { verb: 'set_status', status: 'awaiting_user', question: 'Which printer?' };
    const c = await caseByOld('Printer jams', [question]);
    expect(c.status).toBe('awaiting_user');
    await annaMoving();
    recordToldInDm(h, DM);

    expect((await h.send(slackDm('EvAnswer', anna, 'The one in room 112'))).status).toBe(200);
    const answered = await h.services.store.getCase(c.id);
    expect(answered?.status).toBe('in_progress');
    expect(answered?.notes.at(-1)).toMatchObject({ text: 'The one in room 112', fromUser: true });
  });
});
