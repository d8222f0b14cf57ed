import { describe, expect, it } from 'vitest';
import { renderCaseCardBlocks } from '../../../src/cards/slack/render-case-card-blocks.js';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case, Person } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { okCase, threadTexts, toPerson } from '../../helpers/services.js';
import { type SlackUserFixture, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { type MessageBlock, messageFormClick, recordToldInDm } from '../../helpers/slack-message-form.js';

const h = slackHarnessPerTest();

/** What the bot said to people in the DM, as the JSON of each call. */
const recordTold = (): string[] => recordToldInDm(h, 'D0USER');

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

/** The message as Block Kit, and `user`'s click on `button` under it in their DM, having typed `typed`. */
function clickInDm(user: SlackUserFixture, view: MessageView, button: string, typed: Record<string, string>) {
  const blocks = renderMessageBlocks(view).blocks as MessageBlock[];
  return h.send(messageFormClick({ id: user.id, name: user.name }, 'D0USER', blocks, button, typed));
}

/** The message's input blocks: block id, the element's type and action id, optional or not, and its label. */
function inputBlocks(view: MessageView) {
  return (renderMessageBlocks(view).blocks as unknown as Record<string, unknown>[])
    .filter((b) => b['type'] === 'input')
    .map((b) => {
      const element = b['element'] as Record<string, unknown>;
      return {
        element: element['type'],
        actionId: element['action_id'],
        optional: b['optional'],
        label: (b['label'] as { text: string }).text,
        dispatch: b['dispatch_action'] ?? false,
      };
    });
}

describe('Slack: "No, still a problem" with what is still wrong (the solved message in the DM)', () => {
  it('has an optional text input for what is still wrong, in a message Slack takes', async () => {
    const { ask } = await solvedFor(people.anna);
    expect(inputBlocks(ask)).toEqual([
      {
        element: 'plain_text_input',
        actionId: 'still_a_problem.comment',
        optional: true,
        label: 'What is still wrong? (optional)',
        dispatch: false,
      },
    ]);
    // The buttons come after it, in one actions block.
    const blocks = renderMessageBlocks(ask).blocks as unknown as Record<string, unknown>[];
    const last = blocks.at(-1) as { type: string; elements: { action_id: string }[] };
    expect(last.type).toBe('actions');
    expect(last.elements.map((e) => e.action_id)).toEqual(['confirm_solved', 'still_a_problem']);
  });

  it('reopens with the comment: the group thread, the people told and the history have it (English)', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(people.anna);
    const told = recordTold();
    const comment = 'Still drops in room 112 <!channel>';
    const res = await clickInDm(slackUsers.anna, ask, 'still_a_problem', { 'still_a_problem.comment': comment });
    expect(res.status).toBe(200);
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.at(-1)).toMatchObject({ action: 'reopen', detail: comment });
    expect(stored?.notes[0]).toMatchObject({ text: comment, fromUser: true, visibility: 'public' });
    const sent = await h.services.outbox.take();
    expect(threadTexts(sent).join('\n')).toContain(comment);
    expect(
      toPerson(sent, people.jonas.id)
        .map((v) => v.text)
        .join('\n'),
    ).toContain(`Comment: ${comment}`);
    expect(told.join('\n')).toContain(`Case ${c.number} is reopened`);
  });

  it('takes a Danish comment from a Danish user, whose input is labelled in Danish', async () => {
    h.knowUsers(slackUsers.bo);
    const { c, ask } = await solvedFor(people.bo);
    expect(inputBlocks(ask).map((b) => b.label)).toEqual(['Hvad er stadig galt? (valgfrit)']);
    const told = recordTold();
    const comment = 'Nettet falder stadig ud, også på kablet forbindelse.';
    await clickInDm(slackUsers.bo, ask, 'still_a_problem', { 'still_a_problem.comment': comment });
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.history.at(-1)).toMatchObject({ action: 'reopen', detail: comment });
    const sent = await h.services.outbox.take();
    expect(threadTexts(sent).join('\n')).toContain(comment);
    expect(told.join('\n')).toContain(`Sag ${c.number} er genåbnet`);
  });

  it('reopens with no comment when the input is left empty', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(people.anna);
    recordTold();
    await clickInDm(slackUsers.anna, ask, 'still_a_problem', {});
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.at(-1)?.action).toBe('reopen');
    expect(stored?.history.at(-1)?.detail).toBeUndefined();
    expect(stored?.notes.filter((n) => n.fromUser)).toEqual([]);
  });

  it('"Yes, solved" does not take what was typed in the input', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(people.anna);
    recordTold();
    await clickInDm(slackUsers.anna, ask, 'confirm_solved', { 'still_a_problem.comment': 'Never mind.' });
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.status).toBe('resolved');
    expect(JSON.stringify(stored)).not.toContain('Never mind.');
    expect(JSON.stringify(await h.services.outbox.take())).not.toContain('Never mind.');
  });

  it('refuses a 100 000-character comment with a friendly answer, the case unchanged', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(people.anna);
    const told = recordTold();
    await clickInDm(slackUsers.anna, ask, 'still_a_problem', { 'still_a_problem.comment': 'x'.repeat(100_000) });
    const said = told.join('\n');
    expect(said).toContain(
      'I could not use that: “What is still wrong?” is 100,000 characters; at most 2,000 fit. Nothing was saved: ' +
        'please shorten it and send it again.',
    );
    expect(said).not.toContain('xxxxxxxxxx');
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.status).toBe('resolved');
    expect(stored?.version).toBe(c.version);
  });

  it("refuses an oversized comment on the user's own case card naming the input by its label, in Danish", async () => {
    h.knowUsers(slackUsers.bo);
    const { c } = await solvedFor(people.bo);
    const seen = await h.services.service.act(people.bo, { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    const blocks = renderCaseCardBlocks(seen.card).blocks as unknown as MessageBlock[];
    const told = recordTold();
    await h.send(
      messageFormClick({ id: slackUsers.bo.id, name: slackUsers.bo.name }, 'D0USER', blocks, 'still_a_problem', {
        'still_a_problem.comment': 'x'.repeat(100_000),
      }),
    );
    expect(told.join('\n')).toContain(
      'Det kunne jeg ikke bruge: «Hvad er stadig galt?» er 100.000 tegn; der er højst plads til 2.000. Intet blev ' +
        'gemt: gør teksten kortere, og send den igen.',
    );
    expect((await h.services.store.getCase(c.id))?.version).toBe(c.version);
  });

  it("takes the comment typed on the user's own case card (after Refresh), and only No, still a problem does", async () => {
    h.knowUsers(slackUsers.anna);
    const { c } = await solvedFor(people.anna);
    const seen = await h.services.service.act(people.anna, { verb: 'refresh', caseId: c.id });
    expect(seen.ok).toBe(true);
    const card = seen.ok ? seen.card : undefined;
    const blocks = renderCaseCardBlocks(card!).blocks as unknown as MessageBlock[];
    const input = blocks.find((b) => b.type === 'input') as unknown as { element: { type: string; action_id: string } };
    expect(input.element).toMatchObject({ type: 'plain_text_input', action_id: 'still_a_problem.comment' });
    recordTold();
    const comment = 'The driver is gone after the update.';
    const click = (verb: string) =>
      h.send(
        messageFormClick({ id: slackUsers.anna.id, name: slackUsers.anna.name }, 'D0USER', blocks, verb, {
          'still_a_problem.comment': comment,
        }),
      );
    await click('confirm_solved');
    expect(JSON.stringify(await h.services.store.getCase(c.id))).not.toContain(comment);
    await click('still_a_problem');
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.at(-1)).toMatchObject({ action: 'reopen', detail: comment });
    expect(threadTexts(await h.services.outbox.take()).join('\n')).toContain(comment);
  });
});

describe('Slack: "Yes, solved" clicked again on the solved message', () => {
  it('takes the first click alone: the second is thanked as already confirmed and changes nothing', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, ask } = await solvedFor(people.anna);
    const told = recordTold();
    await clickInDm(slackUsers.anna, ask, 'confirm_solved', {});
    const confirmed = (await h.services.store.getCase(c.id))!;
    expect(threadTexts(await h.services.outbox.take())).toHaveLength(1);
    await clickInDm(slackUsers.anna, ask, 'confirm_solved', {});
    expect(told.at(-1)).toContain(`You have already confirmed that ${c.number} is solved. Thank you!`);
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.version).toBe(confirmed.version);
    expect(stored?.history.filter((e) => e.action === 'user_confirmed')).toHaveLength(1);
    expect(await h.services.outbox.take()).toEqual([]);
  });

  it('says so in Danish to a Danish reader', async () => {
    const annaDa = { ...slackUsers.anna, locale: 'da-DK' };
    h.knowUsers(annaDa);
    const { c, ask } = await solvedFor(people.anna);
    const told = recordTold();
    await clickInDm(annaDa, ask, 'confirm_solved', {});
    await clickInDm(annaDa, ask, 'confirm_solved', {});
    expect(told.at(-1)).toContain(`Du har allerede bekræftet, at ${c.number} er løst. Tak!`);
  });
});
