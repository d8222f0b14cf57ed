import { describe, expect, it } from 'vitest';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { okCase, resolvedAtNetworkDesk, toPerson } from '../../helpers/services.js';
import { type SlackUserFixture, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { type MessageBlock, messageFormClick, recordToldInDm } from '../../helpers/slack-message-form.js';

const h = slackHarnessPerTest();

/** What the bot said to people in the DM, as the JSON of each call. */
const recordTold = (): string[] => recordToldInDm(h, 'D0ANNA');

/** Anna's Wi-Fi case, resolved and closed by 1st level; the rating invite she got in her DM with it. */
async function closedWithInvite(): Promise<{ c: Case; invite: MessageView }> {
  const s = h.services;
  let c = await resolvedAtNetworkDesk(s);
  c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
  const invite = toPerson(await s.outbox.take(), people.anna.id).at(-1)!;
  expect(invite.form?.id).toBe(`evaluate:${c.id}`);
  return { c, invite };
}

/** `user` clicks `button` under the form of the message `view` in their DM with the bot, having typed `typed`. */
function sendInDm(user: SlackUserFixture, view: MessageView, button: string, typed: Record<string, string>) {
  const blocks = renderMessageBlocks(view).blocks as MessageBlock[];
  return h.send(messageFormClick({ id: user.id, name: user.name }, 'D0ANNA', blocks, button, typed));
}

describe('Slack: the rating form in the DM (a form in a message whose button is a case action)', () => {
  it('stores the score and comment Anna chose and thanks her', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, invite } = await closedWithInvite();
    const told = recordTold();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: user text that looks like markup stays text
    const comment = 'Quick fix <!channel> ${1+1}';
    const res = await sendInDm(slackUsers.anna, invite, 'evaluate', { score: '4', comment });
    expect(res.status).toBe(200);
    expect((await h.services.store.getCase(c.id))?.evaluation).toMatchObject({ score: 4, comment });
    expect(told.join('\n')).toContain(`Thank you for rating case ${c.number} (4/5)`);
    expect(told.join('\n')).not.toMatch(/score is missing|could not use/);
    // A good rating is nobody's business but the desk's thread.
    expect((await h.services.outbox.take()).filter((m) => m.key.includes('low_rating'))).toEqual([]);
  });

  it("tells the owning group's supervisor personally of a low rating, with Anna's comment", async () => {
    h.knowUsers(slackUsers.anna);
    const { c, invite } = await closedWithInvite();
    recordTold();
    const res = await sendInDm(slackUsers.anna, invite, 'evaluate', { score: '1', comment: 'Nobody came for days.' });
    expect(res.status).toBe(200);
    expect((await h.services.store.getCase(c.id))?.evaluation).toMatchObject({ score: 1 });
    const owner = h.services.catalogue.group(c.ownerGroupId ?? c.groupId)!;
    const pings = (await h.services.outbox.take()).flatMap((m) =>
      m.kind === 'send_person' && m.person.email === owner.supervisor.email ? [m.view] : [],
    );
    expect(pings).toHaveLength(1);
    expect(pings[0]?.text).toContain('Nobody came for days.');
  });

  it('asks, in her language and by the label she saw, for the rating she left out (nothing stored)', async () => {
    const annaDa = { ...slackUsers.anna, locale: 'da-DK' };
    h.knowUsers(annaDa);
    const { c, invite } = await closedWithInvite();
    const told = recordTold();
    const res = await sendInDm(annaDa, invite, 'evaluate', { comment: 'Fint' });
    expect(res.status).toBe(200);
    expect((await h.services.store.getCase(c.id))?.evaluation).toBeUndefined();
    const said = told.join('\n');
    expect(said).toContain('udfyld «Karakter (1 = dårligt, 5 = fremragende)»');
    expect(said).not.toContain('score');
  });

  it('rates the case of the button clicked: inputs naming another case, version or verb change nothing', async () => {
    h.knowUsers(slackUsers.anna);
    const { c, invite } = await closedWithInvite();
    const other = okCase(await h.services.service.act(people.emma, { verb: 'close', ...(await resolvedOther()) }));
    await h.services.outbox.take();
    recordTold();
    const res = await sendInDm(slackUsers.anna, invite, 'evaluate', {
      score: '5',
      caseId: other.id,
      'evaluate.caseId': other.id,
      version: '0',
      verb: 'still_a_problem',
    });
    expect(res.status).toBe(200);
    const rated = await h.services.store.getCase(c.id);
    expect(rated).toMatchObject({ status: 'closed', evaluation: { score: 5 } });
    expect((await h.services.store.getCase(other.id))?.evaluation).toBeUndefined();
  });
});

/** A second case of Anna's at the network desk, resolved: `caseId` and `version` for closing it. */
async function resolvedOther(): Promise<{ caseId: string; version: number }> {
  const c = await resolvedAtNetworkDesk(h.services);
  return { caseId: c.id, version: c.version };
}

describe('Slack: a message form whose button needs an input it lacks', () => {
  it('names the missing field as the form labels it, in English for an English reader', async () => {
    h.knowUsers(slackUsers.anna);
    const { invite } = await closedWithInvite();
    const told = recordTold();
    await sendInDm(slackUsers.anna, invite, 'evaluate', {});
    const said = told.join('\n');
    expect(said).toContain('please fill in “Score (1 = poor, 5 = excellent)”');
    expect(said).not.toContain('score is missing');
  });
});
