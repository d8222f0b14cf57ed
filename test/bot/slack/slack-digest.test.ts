import { describe, expect, it } from 'vitest';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case } from '../../../src/models/case.js';
import { DailyDigest } from '../../../src/services/sla/daily-digest.js';
import { people } from '../../helpers/people.js';
import { okCase, toPerson } from '../../helpers/services.js';
import { silentLogger } from '../../helpers/sla.js';
import {
  formOf,
  jsonField,
  type SlackUserFixture,
  slackHarnessPerTest,
  slackUsers,
} from '../../helpers/slack-harness.js';
import { type MessageBlock, messageFormClick } from '../../helpers/slack-message-form.js';

const h = slackHarnessPerTest();

/** Emma's DM with the bot, where her digest was posted, and the digest message's ts (`messageFormClick`'s). */
const DM = 'D0EMMA';
const DIGEST_TS = '1700000000.000100';

/** Web API calls the bot made for answers: new messages (postMessage/postEphemeral) and updates (chat.update). */
interface Calls {
  posted: Record<string, string>[];
  updated: Record<string, string>[];
}

function recordCalls(): Calls {
  const calls: Calls = { posted: [], updated: [] };
  h.api()
    .post(/\/api\/chat\.(postMessage|postEphemeral)/, (b) => {
      calls.posted.push(formOf(b));
      return true;
    })
    .reply(200, { ok: true, ts: '1700000000.000200', channel: DM })
    .persist();
  h.api()
    .post('/api/chat.update', (b) => {
      calls.updated.push(formOf(b));
      return true;
    })
    .reply(200, { ok: true, ts: DIGEST_TS, channel: DM })
    .persist();
  h.api()
    .post('/api/conversations.open')
    .reply(200, { ok: true, channel: { id: DM } })
    .persist();
  return calls;
}

/** Jonas claims and resolves a case (the digest lists it ready to close). */
async function resolved(title: string): Promise<Case> {
  const s = h.services;
  let c = await s.reportWifi(people.anna, { title, locale: 'en' });
  c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
  c = okCase(
    await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New driver.' }),
  );
  return c;
}

/**
 * Wednesday 26 February 2025: a case nobody touches from then on; Monday 3 March two cases resolved; Tuesday 4 March
 * at 09:00 (Copenhagen) the daily digest goes to ARTS Support. Returns the cases and Emma's digest.
 */
async function digestDay(): Promise<{ quiet: Case; a: Case; b: Case; digest: MessageView }> {
  const s = h.services;
  s.clock.set('2025-02-26T09:00:00Z');
  const quiet = await s.reportWifi(people.anna, { title: 'Eduroam drops at home', locale: 'en' });
  s.clock.set('2025-03-03T09:00:00Z');
  const a = await resolved('Eduroam profile broken');
  const b = await resolved('Eduroam certificate expired');
  await s.outbox.take();
  s.clock.set('2025-03-04T08:00:00Z');
  const digests = new DailyDigest({
    store: s.store,
    catalogue: s.catalogue,
    calendar: s.calendar,
    clock: s.clock,
    directory: s.directory,
    logger: silentLogger,
    timeZone: 'Europe/Copenhagen',
    defaultLocale: 'en',
  });
  expect((await digests.runOnce()).groups).toBe(1);
  const [digest] = toPerson(await s.outbox.take(), people.emma.id);
  expect(digest).toBeDefined();
  return { quiet, a, b, digest: digest! };
}

type Button = { action_id: string; value: string };

/** The buttons of a message's blocks (as posted, or as a rendered view). */
function buttonsOf(blocks: readonly MessageBlock[]): Button[] {
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []) as Button[])
    .filter((e) => typeof e.value === 'string');
}

/** The button acting with `verb` on `caseId`, if the blocks have one. */
function button(blocks: readonly MessageBlock[], verb: string, caseId: string): Button | undefined {
  return buttonsOf(blocks).find((e) => {
    const v = JSON.parse(e.value) as Record<string, unknown>;
    return v['verb'] === verb && v['caseId'] === caseId;
  });
}

/** `user`'s click on the button acting with `verb` on `caseId` in a message (blocks) in Emma's DM. */
async function click(user: SlackUserFixture, blocks: readonly MessageBlock[], verb: string, caseId: string) {
  const found = button(blocks, verb, caseId);
  if (!found) throw new Error(`no ${verb} button for ${caseId}`);
  const res = await h.send(messageFormClick({ id: user.id, name: user.name }, DM, blocks, found.action_id, {}));
  expect(res.status).toBe(200);
}

const blocksOfView = (view: MessageView) => renderMessageBlocks(view).blocks as unknown as MessageBlock[];

describe('Slack: a click in the daily digest', () => {
  it('replaces the digest after a Close: refreshed, the closed case gone, what happened on top; no new message', async () => {
    const { quiet, a, b, digest } = await digestDay();
    h.knowUsers(slackUsers.emma);
    const calls = recordCalls();

    await click(slackUsers.emma, blocksOfView(digest), 'close', a.id);
    expect((await h.services.store.getCase(a.id))?.status).toBe('closed');
    expect(calls.posted).toEqual([]);
    expect(calls.updated).toHaveLength(1);
    const update = calls.updated[0]!;
    expect(update['channel']).toBe(DM);
    expect(update['ts']).toBe(DIGEST_TS);
    const blocks = jsonField<MessageBlock[]>(update, 'blocks');
    const shown = JSON.stringify(blocks);
    expect(shown).toContain('Daily follow-up for ARTS Support');
    expect(shown).toContain(`${a.number} is now: Closed.`);
    expect(button(blocks, 'close', a.id)).toBeUndefined();
    expect(button(blocks, 'close', b.id)).toBeDefined();
    expect(button(blocks, 'refresh', quiet.id)).toBeDefined();

    // The refreshed digest's buttons work as the first ones did.
    await click(slackUsers.emma, blocks, 'close', b.id);
    expect((await h.services.store.getCase(b.id))?.status).toBe('closed');
    expect(calls.posted).toEqual([]);
    const again = jsonField<MessageBlock[]>(calls.updated[1]!, 'blocks');
    expect(JSON.stringify(again)).toContain(`${b.number} is now: Closed.`);
    expect(button(again, 'close', b.id)).toBeUndefined();
    expect(button(again, 'refresh', quiet.id)).toBeDefined();
  });

  it('speaks Danish to a Danish clicker: the refreshed digest and what happened in Danish', async () => {
    const { a, digest } = await digestDay();
    const emma: SlackUserFixture = { ...slackUsers.emma, locale: 'da-DK' };
    h.knowUsers(emma);
    const calls = recordCalls();

    await click(emma, blocksOfView(digest), 'close', a.id);
    expect(calls.posted).toEqual([]);
    const shown = JSON.stringify(jsonField(calls.updated[0]!, 'blocks'));
    expect(shown).toContain(`${a.number} er nu: Lukket.`);
    expect(shown).not.toContain('Daily follow-up');
  });

  it('tells what happened as a new message when Slack refuses to update the digest (deleted meanwhile)', async () => {
    const { a, digest } = await digestDay();
    h.knowUsers(slackUsers.emma);
    h.api().post('/api/chat.update').reply(200, { ok: false, error: 'message_not_found' });
    const calls = recordCalls();

    await click(slackUsers.emma, blocksOfView(digest), 'close', a.id);
    expect((await h.services.store.getCase(a.id))?.status).toBe('closed');
    expect(calls.updated).toEqual([]);
    expect(calls.posted).toHaveLength(1);
    expect(calls.posted[0]!['channel']).toBe(DM);
    expect(calls.posted[0]!['text']).toContain(`${a.number} is now: Closed.`);
  });

  it('keeps Show as it was: the case card comes as a new message, the digest is left alone', async () => {
    const { quiet, a, digest } = await digestDay();
    h.knowUsers(slackUsers.emma);
    const calls = recordCalls();

    await click(slackUsers.emma, blocksOfView(digest), 'refresh', quiet.id);
    expect(calls.updated).toEqual([]);
    expect(calls.posted).toHaveLength(1);
    expect(calls.posted[0]!['channel']).toBe(DM);
    const card = jsonField<MessageBlock[]>(calls.posted[0]!, 'blocks');
    expect(JSON.stringify(card)).toContain(quiet.number);
    expect(JSON.stringify(card)).toContain('Eduroam drops at home');
    expect(button(card, 'claim', quiet.id)).toBeDefined();
    expect((await h.services.store.getCase(a.id))?.status).toBe('resolved');
  });

  it('after a stale Close: the current case as a new message, and the digest refreshed without its Close', async () => {
    const { a, b, digest } = await digestDay();
    // Anna says the problem is still there: the case is back at work, and the digest's Close is stale.
    okCase(await h.services.service.act(people.anna, { verb: 'still_a_problem', caseId: a.id, version: a.version }));
    h.knowUsers(slackUsers.emma);
    const calls = recordCalls();

    await click(slackUsers.emma, blocksOfView(digest), 'close', a.id);
    expect((await h.services.store.getCase(a.id))?.status).not.toBe('closed');
    expect(calls.posted).toHaveLength(1);
    expect(calls.posted[0]!['channel']).toBe(DM);
    expect(JSON.stringify(jsonField(calls.posted[0]!, 'blocks'))).toContain('changed meanwhile by Anna');
    expect(calls.updated).toHaveLength(1);
    const blocks = jsonField<MessageBlock[]>(calls.updated[0]!, 'blocks');
    expect(JSON.stringify(blocks)).toContain('Daily follow-up for ARTS Support');
    expect(button(blocks, 'close', a.id)).toBeUndefined();
    expect(button(blocks, 'close', b.id)).toBeDefined();
  });

  it("answers someone outside the group as any card's click: no digest of theirs replaces the message", async () => {
    const { quiet, digest } = await digestDay();
    const anna = slackUsers.anna;
    h.knowUsers(anna);
    const calls = recordCalls();

    await click(anna, blocksOfView(digest), 'refresh', quiet.id);
    expect(calls.updated).toEqual([]);
    expect(calls.posted.map((p) => p['text']).join('\n')).not.toContain('Daily follow-up');
  });
});
