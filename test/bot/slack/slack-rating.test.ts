import { describe, expect, it } from 'vitest';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { okCase, resolvedAtNetworkDesk, toPerson } from '../../helpers/services.js';
import { type SlackUserFixture, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { type MessageBlock, messageFormClick, recordToldInDm } from '../../helpers/slack-message-form.js';

const h = slackHarnessPerTest();

/** The rating invite the case's user (Anna unless said) got in her DM with the latest close. */
async function invite(c: Case, user = people.anna.id): Promise<MessageView> {
  const view = toPerson(await h.services.outbox.take(), user).at(-1)!;
  expect(view.form?.id).toBe(`evaluate:${c.id}`);
  return view;
}

/** Anna's Wi-Fi case, resolved and closed by 1st level; the rating invite she got with it. */
async function closedWithInvite(): Promise<{ c: Case; invite: MessageView }> {
  const s = h.services;
  let c = await resolvedAtNetworkDesk(s);
  c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
  return { c, invite: await invite(c) };
}

/** Karen Møller, ARTS Support's supervisor (config/catalogue.yaml), on Slack. */
const karenOnSlack: SlackUserFixture = {
  id: 'U0KAREN',
  name: 'Karen Møller',
  email: 'karen.moeller@au.dk',
  locale: 'da-DK',
};

/** Anna says the closed case is still a problem; Thor resolves it again and Emma closes it: the new invite. */
async function closedAgain(c: Case): Promise<{ c: Case; invite: MessageView }> {
  const s = h.services;
  c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
  c = okCase(await s.service.act(people.thor, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'AP2' }));
  c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
  return { c, invite: await invite(c) };
}

/** `user` clicks `button` under the form of the message `view` in their DM with the bot, having typed `typed`. */
function sendInDm(user: SlackUserFixture, view: MessageView, button: string, typed: Record<string, string>) {
  const blocks = renderMessageBlocks(view).blocks as MessageBlock[];
  return h.send(messageFormClick({ id: user.id, name: user.name }, 'D0ANNA', blocks, button, typed));
}

describe('Slack: the rating form of an earlier close', () => {
  it('does not rate the case closed again since: refused, nothing changes; the latest form rates it', async () => {
    h.knowUsers(slackUsers.anna);
    const { c: first, invite: firstInvite } = await closedWithInvite();
    const { c, invite: latest } = await closedAgain(first);
    const told = recordToldInDm(h, 'D0ANNA');
    const res = await sendInDm(slackUsers.anna, firstInvite, 'evaluate', { score: '5', comment: 'Great' });
    expect(res.status).toBe(200);
    expect(told.join('\n')).toContain(
      `That rating is about an earlier close of ${c.number}; please rate it from the latest message about the case.`,
    );
    const stored = await h.services.store.getCase(c.id);
    expect(stored).toMatchObject({ status: 'closed', version: c.version });
    expect(stored?.evaluation).toBeUndefined();
    expect(await h.services.outbox.take()).toEqual([]);
    await sendInDm(slackUsers.anna, latest, 'evaluate', { score: '4' });
    expect((await h.services.store.getCase(c.id))?.evaluation).toMatchObject({ score: 4 });
  });

  it('refuses in Danish for a Danish reader, also when the first close had been rated', async () => {
    const annaDa = { ...slackUsers.anna, locale: 'da-DK' };
    h.knowUsers(annaDa);
    const { c: first, invite: firstInvite } = await closedWithInvite();
    await sendInDm(annaDa, firstInvite, 'evaluate', { score: '2' });
    const rated = (await h.services.store.getCase(first.id))!;
    expect(rated.evaluation?.score).toBe(2);
    await h.services.outbox.take();
    const { c } = await closedAgain(rated);
    const told = recordToldInDm(h, 'D0ANNA');
    await sendInDm(annaDa, firstInvite, 'evaluate', { score: '1' });
    expect(told.join('\n')).toContain(
      `Bedømmelsen gælder en tidligere lukning af ${c.number}; bedøm den venligst fra den nyeste besked om sagen.`,
    );
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.evaluation).toBeUndefined();
    expect(stored?.version).toBe(c.version);
  });
});

describe('Slack: a low rating by the supervisor it would reach', () => {
  it("does not tell ARTS Support's supervisor of her own low rating of her own case; the thread hears it", async () => {
    h.knowUsers(karenOnSlack);
    const s = h.services;
    let c = await s.reportWifi(people.karen);
    expect(c.ownerGroupId).toBe('arts-support');
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'X' }));
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    const form = await invite(c, people.karen.id);
    const told = recordToldInDm(h, 'D0ANNA');
    await sendInDm(karenOnSlack, form, 'evaluate', { score: '1', comment: 'Too slow' });
    expect(told.join('\n')).toContain(`Tak for din evaluering (1/5) af sag ${c.number}!`);
    expect((await s.store.getCase(c.id))?.evaluation).toMatchObject({ score: 1, comment: 'Too slow' });
    const sent = await s.outbox.take();
    expect(sent.filter((m) => m.kind === 'send_person')).toEqual([]);
    expect(sent.filter((m) => m.kind === 'thread_reply').map((m) => JSON.stringify(m))).toEqual([
      expect.stringContaining('Too slow'),
    ]);
  });
});

describe('Slack: a rating comment the form does not take', () => {
  it('says the comment is too long, its limit (the form’s 2000) and that nothing was saved; 2000 fit', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, invite: form } = await closedWithInvite();
    // The form's comment input stops where the server would refuse.
    const blocks = renderMessageBlocks(form).blocks as unknown as { element?: Record<string, unknown> }[];
    const comment = blocks.find((b) => b.element?.['action_id'] === 'comment');
    expect(comment?.element?.['max_length']).toBe(2000);
    const told = recordToldInDm(h, 'D0ANNA');
    await sendInDm(slackUsers.anna, form, 'evaluate', { score: '4', comment: 'x'.repeat(25_000) });
    await sendInDm(slackUsers.anna, form, 'evaluate', { score: '4', comment: 'x'.repeat(2001) });
    const said = told.join('\n');
    expect(said).toContain(
      'I could not use that: “Comment (optional)” is 25,000 characters; at most 2,000 fit. Nothing was saved: ' +
        'please shorten it and send it again.',
    );
    expect(said).toContain('“Comment (optional)” is 2,001 characters; at most 2,000 fit.');
    expect(said).not.toContain('xxxxxxxxxx');
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.evaluation).toBeUndefined();
    expect(stored?.version).toBe(c.version);
    await sendInDm(slackUsers.anna, form, 'evaluate', { score: '4', comment: 'y'.repeat(2000) });
    expect((await h.services.store.getCase(c.id))?.evaluation).toMatchObject({ score: 4, comment: 'y'.repeat(2000) });
  });

  it('answers in Danish for a Danish reader', async () => {
    const annaDa = { ...slackUsers.anna, locale: 'da-DK' };
    h.knowUsers(annaDa);
    const { c, invite: form } = await closedWithInvite();
    const told = recordToldInDm(h, 'D0ANNA');
    await sendInDm(annaDa, form, 'evaluate', { score: '2', comment: 'z'.repeat(25_000) });
    const said = told.join('\n');
    expect(said).toContain(
      'Det kunne jeg ikke bruge: «Kommentar (valgfri)» er 25.000 tegn; der er højst plads til 2.000. Intet blev gemt: ' +
        'gør teksten kortere, og send den igen.',
    );
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.evaluation).toBeUndefined();
    expect(stored?.version).toBe(c.version);
  });
});
