import { describe, expect, it } from 'vitest';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case, Person } from '../../../src/models/case.js';
import { AppError } from '../../../src/models/errors.js';
import { people } from '../../helpers/people.js';
import { okCase, toPerson } from '../../helpers/services.js';
import { type SlackUserFixture, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { type MessageBlock, messageFormClick, recordToldInDm } from '../../helpers/slack-message-form.js';

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

/** `user`'s click on `button` under the message in their DM, the request carrying the message as Slack's does. */
function clickInDm(user: SlackUserFixture, view: MessageView, button: string, typed: Record<string, string> = {}) {
  const blocks = renderMessageBlocks(view).blocks as MessageBlock[];
  return h.send(
    messageFormClick({ id: user.id, name: user.name }, 'D0USER', blocks, button, typed, { withMessage: true }),
  );
}

/** The `chat.update` calls the bot makes (their bodies), answered `ok` (or with `error`). */
function recordUpdates(error?: string): Record<string, unknown>[] {
  const updates: Record<string, unknown>[] = [];
  h.api()
    .post('/api/chat.update', (b) => {
      updates.push(b as Record<string, unknown>);
      return true;
    })
    .reply(200, error ? { ok: false, error } : { ok: true, channel: 'D0USER', ts: '1700000000.000100' })
    .persist();
  return updates;
}

/** The blocks of an update with their types and text, as one string each. */
const blocksOf = (update: Record<string, unknown> | undefined): { type: string; text: string }[] => {
  const raw = update?.['blocks'];
  const blocks = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>[];
  return blocks.map((b) => ({ type: String(b['type']), text: JSON.stringify(b) }));
};

describe("Slack: a click on a message's own question that can never go through ends the question there", () => {
  it('"Yes, solved" clicked again: the message keeps the solution with "already confirmed" under it, no buttons (English)', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(people.anna);
    const told = recordToldInDm(h, 'D0USER');
    const updates = recordUpdates();
    await clickInDm(slackUsers.anna, ask, 'confirm_solved');
    expect(told.at(-1)).toContain(`Thank you! Case ${c.number} will be closed once support has checked the solution.`);
    // The answer taken ended the question in its message (slack-question-answered); this click comes from a copy.
    expect(updates).toHaveLength(1);
    const saidBefore = told.length;
    await clickInDm(slackUsers.anna, ask, 'confirm_solved');
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatchObject({ channel: 'D0USER', ts: '1700000000.000100' });
    const blocks = blocksOf(updates[1]);
    expect(blocks.map((b) => b.type)).not.toContain('actions');
    expect(blocks.map((b) => b.type)).not.toContain('input');
    const texts = blocks.map((b) => b.text).join('\n');
    expect(texts).toContain('New driver.');
    expect(texts.indexOf(`You have already confirmed that ${c.number} is solved. Thank you!`)).toBeGreaterThan(
      texts.indexOf('New driver.'),
    );
    // Said in the message, not once more as a new one.
    expect(told).toHaveLength(saidBefore);
    expect((await h.services.store.getCase(c.id))?.history.filter((e) => e.action === 'user_confirmed')).toHaveLength(
      1,
    );
  });

  it('"Yes, solved" on an earlier solution\'s question: ended with the reason in Danish', async () => {
    const annaDa = { ...slackUsers.anna, locale: 'da-DK' };
    h.knowUsers(annaDa);
    const anna = { ...people.anna, locale: 'da' as const };
    const { c: first, ask } = await solvedFor(anna);
    let c = okCase(
      await h.services.service.act(anna, { verb: 'still_a_problem', caseId: first.id, version: first.version }),
    );
    c = okCase(
      await h.services.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'AP2',
      }),
    );
    recordToldInDm(h, 'D0USER');
    const updates = recordUpdates();
    await clickInDm(annaDa, ask, 'confirm_solved');
    const blocks = blocksOf(updates[0]);
    expect(blocks.map((b) => b.type)).not.toContain('actions');
    expect(blocks.map((b) => b.text).join('\n')).toContain(`Svaret gælder en tidligere løsning af ${c.number}`);
    expect((await h.services.store.getCase(c.id))?.version).toBe(c.version);
  });

  it('a rating sent again: the invitation\'s text stays with "already rated" under it, its form gone (Danish)', async () => {
    const annaDa = { ...slackUsers.anna, locale: 'da-DK' };
    h.knowUsers(annaDa);
    const anna = { ...people.anna, locale: 'da' as const };
    const { c: solved } = await solvedFor(anna);
    const c = okCase(
      await h.services.service.act(people.jonas, { verb: 'close', caseId: solved.id, version: solved.version }),
    );
    const invite = toPerson(await h.services.outbox.take(), anna.id).find((v) => v.form?.id === `evaluate:${c.id}`);
    expect(invite).toBeDefined();
    recordToldInDm(h, 'D0USER');
    const updates = recordUpdates();
    await clickInDm(annaDa, invite!, 'evaluate', { score: '4' });
    expect(updates).toHaveLength(1);
    await clickInDm(annaDa, invite!, 'evaluate', { score: '1' });
    const blocks = blocksOf(updates[1]);
    expect(blocks.map((b) => b.type)).not.toContain('actions');
    expect(blocks.map((b) => b.type)).not.toContain('input');
    const texts = blocks.map((b) => b.text).join('\n');
    expect(texts).toContain(`har lukket din sag ${c.number}`);
    expect(texts).toContain(`Du har allerede evalueret ${c.number}`);
    expect((await h.services.store.getCase(c.id))?.evaluation?.score).toBe(4);
  });

  it('Slack refusing the update: the reason comes as a new message, as before', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(people.anna);
    const told = recordToldInDm(h, 'D0USER');
    await clickInDm(slackUsers.anna, ask, 'confirm_solved');
    const updates = recordUpdates('message_not_found');
    await clickInDm(slackUsers.anna, ask, 'confirm_solved');
    expect(updates.length).toBeGreaterThan(0);
    expect(told.at(-1)).toContain(`You have already confirmed that ${c.number} is solved. Thank you!`);
  });
});

describe("Slack: a click on a message's own question refused for now keeps the question", () => {
  it('"Yes, solved" that lost every race: "please click again" as a new message, the message not touched; the next click is taken', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(people.anna);
    const told = recordToldInDm(h, 'D0USER');
    const updates = recordUpdates();
    const store = h.services.store;
    const own = Object.getPrototypeOf(store).updateCase as typeof store.updateCase;
    let conflicts = 3;
    store.updateCase = (...args) =>
      conflicts-- > 0 ? Promise.reject(new AppError('CASE.CONFLICT', 'moved (test)')) : own.apply(store, args);
    await clickInDm(slackUsers.anna, ask, 'confirm_solved');
    expect(told.at(-1)).toContain(`${c.number} was being updated at the same moment as your click`);
    expect(updates).toEqual([]);
    await clickInDm(slackUsers.anna, ask, 'confirm_solved');
    expect(told.at(-1)).toContain(`Thank you! Case ${c.number} will be closed`);
  });
});
