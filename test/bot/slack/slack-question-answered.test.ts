import { describe, expect, it } from 'vitest';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case, Person } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { okCase, toPerson } from '../../helpers/services.js';
import { type SlackUserFixture, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { slackDm } from '../../helpers/slack-requests.js';
import {
  type MessageBlock,
  messageFormClick,
  recordToldInDm,
  recordUpdates,
  updateBlocks,
} from '../../helpers/slack-message-form.js';

const h = slackHarnessPerTest();
const DM = 'D0USER';
const annaDa = { ...slackUsers.anna, locale: 'da-DK' };
const annaPerson = (locale: 'en' | 'da'): Person => ({ ...people.anna, locale });

/** `user`'s click on `button` under `view` in their DM with the bot, the request carrying the message as Slack's does. */
function clickInDm(user: SlackUserFixture, view: MessageView, button: string, typed: Record<string, string> = {}) {
  const blocks = renderMessageBlocks(view).blocks as MessageBlock[];
  return h.send(messageFormClick({ id: user.id, name: user.name }, DM, blocks, button, typed, { withMessage: true }));
}

/** The one update's blocks: no inputs or buttons left, and its texts joined. */
function ended(updates: Record<string, unknown>[]): string {
  expect(updates).toHaveLength(1);
  expect(updates[0]).toMatchObject({ channel: DM, ts: '1700000000.000100' });
  const blocks = updateBlocks(updates[0]);
  expect(blocks.map((b) => b.type)).not.toContain('actions');
  expect(blocks.map((b) => b.type)).not.toContain('input');
  return blocks.map((b) => b.json).join('\n');
}

/** `user`'s Wi-Fi case, claimed and resolved by Jonas ("New driver."); the "is it solved?" message they got. */
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

describe('Slack: a case question answered in the DM ends in its message, as on Teams', () => {
  it('"Yes, solved": the solution stays with "Answered: Yes, solved" under it and no buttons; the thanks is told as before (English)', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(annaPerson('en'));
    const told = recordToldInDm(h, DM);
    const updates = recordUpdates(h);
    await clickInDm(slackUsers.anna, ask, 'confirm_solved');
    const texts = ended(updates);
    expect(texts).toContain('New driver.');
    expect(texts.indexOf('Answered: Yes, solved')).toBeGreaterThan(texts.indexOf('New driver.'));
    expect(told.at(-1)).toContain(`Thank you! Case ${c.number} will be closed once support has checked the solution.`);
    const history = (await h.services.store.getCase(c.id))?.history ?? [];
    expect(history.filter((e) => e.action === 'user_confirmed')).toHaveLength(1);
  });

  it('"Nej, stadig et problem" with a comment: "Besvaret: …" names the button and the comment (Danish)', async () => {
    h.knowUsers(annaDa);
    const { c, ask } = await solvedFor(annaPerson('da'));
    recordToldInDm(h, DM);
    const updates = recordUpdates(h);
    await clickInDm(annaDa, ask, 'still_a_problem', { 'still_a_problem.comment': 'Nettet falder stadig ud' });
    const texts = ended(updates);
    expect(texts).toContain(
      'Besvaret: Nej, stadig et problem · Hvad er stadig galt? (valgfrit): Nettet falder stadig ud',
    );
    expect((await h.services.store.getCase(c.id))?.status).not.toBe('resolved');
  });

  it.each([
    ['en', slackUsers.anna, 'Answered: Score (1 = poor, 5 = excellent): 4 · Comment (optional): Quick help'],
    ['da', annaDa, 'Besvaret: Karakter (1 = dårligt, 5 = fremragende): 4 · Kommentar (valgfri): Quick help'],
  ] as const)(
    'the rating (%s): the invitation ends with the score and comment given, its form gone',
    async (locale, user, said) => {
      h.knowUsers(user);
      const { c: solved } = await solvedFor(annaPerson(locale));
      const c = okCase(
        await h.services.service.act(people.jonas, { verb: 'close', caseId: solved.id, version: solved.version }),
      );
      const invite = toPerson(await h.services.outbox.take(), people.anna.id).find(
        (v) => v.form?.id === `evaluate:${c.id}`,
      );
      expect(invite).toBeDefined();
      recordToldInDm(h, DM);
      const updates = recordUpdates(h);
      await clickInDm(user, invite!, 'evaluate', { score: '4', comment: 'Quick help' });
      expect(ended(updates)).toContain(said);
      expect((await h.services.store.getCase(c.id))?.evaluation?.score).toBe(4);
    },
  );

  it.each([
    ['refused (message too old)', { error: 'cant_update_message' }],
    ['failing (Slack down)', { status: 500 }],
  ])('Slack %s the update: the answer still counts and the thanks is told', async (_how, refusal) => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(annaPerson('en'));
    const told = recordToldInDm(h, DM);
    const updates = recordUpdates(h, refusal);
    const res = await clickInDm(slackUsers.anna, ask, 'confirm_solved');
    expect(res.status).toBe(200);
    expect(updates.length).toBeGreaterThan(0);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`Thank you! Case ${c.number} will be closed`);
    const history = (await h.services.store.getCase(c.id))?.history ?? [];
    expect(history.filter((e) => e.action === 'user_confirmed')).toHaveLength(1);
  });
});

describe('Slack: a step of the report conversation answered by a click in the DM ends in its message', () => {
  /** The report of `user` in their DM, answered by text up to the step showing form `formId`: that step's view. */
  async function reportAt(user: SlackUserFixture, formId: string): Promise<MessageView> {
    const base = { conversationKey: `slack:dm:${user.id}`, person: await h.person(user), platform: 'slack' as const };
    let reply = await h.intake.handle({ ...base, text: 'The printer on floor 2 does not print' });
    for (let turn = 0; turn < 10; turn++) {
      const view = reply.views.at(-1)!;
      if (view.form?.id === formId) return view;
      const input = view.form?.inputs[0];
      reply = await h.intake.handle({ ...base, text: input?.kind === 'choice' ? '1' : 'Building 1482, room 210' });
    }
    throw new Error(`the report never got to ${formId}`);
  }
  const stepOf = async (user: SlackUserFixture) =>
    (await h.services.store.getConversation(`slack:dm:${user.id}`))?.state['step'];

  it.each([
    ['en', slackUsers.emma, 'intake-q:faculty', 'faculty', 'bss', 'Answered: Aarhus BSS', 'q:who'],
    ['da', slackUsers.bo, 'intake-category', 'categoryId', 'vpn', 'Besvaret: VPN og fjernadgang', 'type'],
  ] as const)(
    'a choice (%s): the question shows what was chosen, no menu or buttons; the next step is posted',
    async (_l, user, formId, input, value, said, next) => {
      h.knowUsers(user);
      const step = await reportAt(user, formId);
      const told = recordToldInDm(h, DM);
      const updates = recordUpdates(h);
      await clickInDm(user, step, 'intake_answer', { [input]: value });
      const texts = ended(updates);
      expect(texts).toContain(step.text.slice(0, 10));
      expect(texts).toContain(said);
      expect(await stepOf(user)).toBe(next);
      expect(told).toHaveLength(1);
    },
  );

  it('a typed answer sent with Next: the question shows it (English)', async () => {
    h.knowUsers(slackUsers.emma);
    const step = await reportAt(slackUsers.emma, 'intake-q:who');
    recordToldInDm(h, DM);
    const updates = recordUpdates(h);
    await clickInDm(slackUsers.emma, step, 'intake_answer', { who: 'Only me' });
    expect(ended(updates)).toContain('Answered: Only me');
  });

  it('an answer the step refuses (nothing chosen), or a Next on an earlier step, ends nothing', async () => {
    h.knowUsers(slackUsers.emma);
    const faculty = await reportAt(slackUsers.emma, 'intake-q:faculty');
    recordToldInDm(h, DM);
    const updates = recordUpdates(h);
    await clickInDm(slackUsers.emma, faculty, 'intake_answer');
    expect(await stepOf(slackUsers.emma)).toBe('q:faculty');
    expect(updates).toEqual([]);
    await reportAt(slackUsers.emma, 'intake-q:who');
    await clickInDm(slackUsers.emma, faculty, 'intake_answer', { faculty: 'bss' });
    expect(await stepOf(slackUsers.emma)).toBe('q:who');
    expect(updates).toEqual([]);
  });

  it('Slack refusing the update: the answer is taken and the next step posted all the same (Danish)', async () => {
    h.knowUsers(slackUsers.bo);
    const step = await reportAt(slackUsers.bo, 'intake-category');
    const told = recordToldInDm(h, DM);
    const updates = recordUpdates(h, { error: 'message_not_found' });
    const res = await clickInDm(slackUsers.bo, step, 'intake_answer', { categoryId: 'vpn' });
    expect(res.status).toBe(200);
    expect(updates).toHaveLength(1);
    expect(await stepOf(slackUsers.bo)).toBe('type');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Hændelse');
  });
});

describe('Slack: a step of the order conversation answered by a click in the DM ends in its message', () => {
  it.each([
    ['en', slackUsers.emma, 'order', 'Answered: '],
    ['da', slackUsers.bo, 'bestil', 'Besvaret: '],
  ] as const)(
    'the items chosen (%s): the question shows them, no inputs or buttons; the next step is posted',
    async (_l, user, word, said) => {
      h.knowUsers(user);
      const told = recordToldInDm(h, DM);
      await h.send(slackDm('EvOrder1', user, word, { channel: DM, ts: '7.0' }));
      const items = JSON.parse(JSON.parse(told.at(-1)!)['blocks']) as (MessageBlock & { label?: { text: string } })[];
      const screen = items.find((b) => b.type === 'input' && b.element?.action_id === 'qty.screen-dell-p2725q');
      expect(screen?.label?.text).toBeDefined();
      const updates = recordUpdates(h);
      const typed = { 'qty.screen-dell-p2725q': '2' };
      const user1 = { id: user.id, name: user.name };
      await h.send(messageFormClick(user1, DM, items, 'order_items', typed, { withMessage: true }));
      expect(ended(updates)).toContain(JSON.stringify(`${said}${screen!.label!.text}: 2`).slice(1, -1));
      expect(told).toHaveLength(2);
    },
  );
});
