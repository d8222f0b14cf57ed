import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { createLogger } from '../../../src/logger.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import {
  aPersonalMessage,
  anActionInvoke,
  BOT_ID,
  personalConversation,
  SERVICE_URL,
  TENANT_ID,
  type TestUser,
} from '../../helpers/teams-activities.js';
import { CONNECTOR, type ConnectorCall, cardJson, recordConnector, type TeamsApp } from '../../helpers/teams-app.js';
import { type Json, walk } from '../../helpers/card-walk.js';

const apps = teamsAppPerTest('teams-app-');
/** The central dispatch group of config/catalogue.yaml and its Teams channel. */
const GROUP = 'it-support';
const CHANNEL = '19:it-support@thread.tacv2';
const TEAM = '19:au-it@thread.tacv2';

const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
/** A member of it-support in the catalogue (matched by the e-mail the member lookup gives). */
const PETER: TestUser = { id: '29:peter', aadObjectId: 'aad-peter', name: 'Peter Aagaard' };
/** A student: no role on anyone else's case. */
const BO: TestUser = { id: '29:bo', aadObjectId: 'aad-bo', name: 'Bo Student' };
/** The it-support group's supervisor (1st level): dead-letter alerts go to her. */
const LONE: TestUser = { id: '29:lone', aadObjectId: 'aad-lone', name: 'Lone Bech Hansen' };
const EMAILS = {
  '29:anna': 'anna.employee@au.dk',
  '29:peter': 'peter.aagaard@au.dk',
  '29:bo': 'bo.student@post.au.dk',
  '29:lone': 'lone.bech@au.dk',
};

let t: TeamsApp;

beforeEach(async () => {
  t = await apps.start({ emails: EMAILS, record: false });
});

/** A case of Anna's in the central dispatch pile, with its channel card queued (as registration does). */
async function annasCase(postKey = 'post-card'): Promise<Case> {
  const { store } = t.app.services;
  return store.createCase(
    buildNewCase({
      title: 'The VPN client says the certificate has expired',
      categoryId: 'vpn',
      groupId: GROUP,
      ownerGroupId: GROUP,
      locale: 'en',
      user: { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk', locale: 'en' },
    }),
    [draft(postKey, { kind: 'post_card', caseId: '', groupId: GROUP })],
  );
}

/** An Action.Execute click on the case card in the it-support channel thread `thread`. */
function aClickInChannel(user: TestUser, thread: string, data: Record<string, unknown>) {
  const invoke = anActionInvoke(user, data, 'channel');
  return {
    ...invoke,
    conversation: { id: thread, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    replyToId: thread.split(';messageid=')[1],
    channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM }, channel: { id: CHANNEL } },
  };
}

describe('Teams outbox with the real dispatcher', () => {
  it('posts the channel card exactly once, after the Retry-After, when the connector throttles once', async () => {
    const bodies: unknown[] = [];
    const scope = nock(CONNECTOR)
      .post('/teams/v3/conversations')
      .reply(429, { error: { code: 'Throttled' } }, { 'Retry-After': '7' })
      .post('/teams/v3/conversations', (b) => {
        bodies.push(b);
        return true;
      })
      .reply(201, { id: `${CHANNEL};messageid=1700000000042`, activityId: '1700000000042' });
    const created = await annasCase();
    const { dispatcher, store } = t.app.services;
    const started = t.clock.now().getTime();

    expect(await dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
    const [message] = await store.listOutbox({ caseId: created.id, kind: 'post_card' });
    expect(message?.state).toBe('pending');
    expect(Date.parse(message?.nextAttemptAt ?? '')).toBe(started + 7_000);

    t.clock.advance(6_999);
    expect(await dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(scope.isDone()).toBe(false);

    t.clock.advance(1);
    expect(await dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
    scope.done();
    expect(bodies).toHaveLength(1);
    expect(JSON.stringify(bodies[0])).toContain('The VPN client says the certificate has expired');
    const after = await store.getCase(created.id);
    expect(after?.cards).toEqual([
      expect.objectContaining({
        platform: 'teams',
        groupId: GROUP,
        channelId: CHANNEL,
        messageId: '1700000000042',
        conversationId: `${CHANNEL};messageid=1700000000042`,
        active: true,
      }),
    ]);
    expect(await dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
  });
});

describe('Teams through the real app', () => {
  it('answers "new" in personal chat with the first intake card through the connector', async () => {
    recordConnector(t.calls);
    const res = await t.post(aPersonalMessage(ANNA, 'new'));
    expect(res.status).toBe(200);
    const reply = t.calls.find((c) => c.method === 'POST' && /\/a:personal-29:anna\/activities/.test(c.path));
    expect(reply, JSON.stringify(t.calls.map((c) => c.path))).toBeDefined();
    expect(cardJson(reply?.body)).toContain('Short description');
    expect(cardJson(reply?.body)).toContain('intake_');
  });

  it('keeps the text of "new <text>" as the description (the area is proposed), and "new for <person>" from staff registers on their behalf', async () => {
    recordConnector(t.calls);
    const { store } = t.app.services;
    await t.post(aPersonalMessage(ANNA, 'new The printer on the third floor jams every page'));
    const annas = await store.getConversation('teams:a:personal-29:anna:aad-anna');
    expect(annas?.state).toMatchObject({
      mode: 'self',
      step: 'category',
      text: 'new The printer on the third floor jams every page',
    });
    expect(cardJson(t.calls.at(-1)?.body)).toContain('Printing and scanning');

    await t.post(aPersonalMessage(PETER, 'ny for anna.employee@au.dk'));
    const peters = await store.getConversation('teams:a:personal-29:peter:aad-peter');
    expect(peters?.state).toMatchObject({ mode: 'on_behalf', step: 'channel' });
    expect(JSON.stringify(peters?.state)).toContain('anna.employee@au.dk');
    expect(cardJson(t.calls.at(-1)?.body)).toContain('How did Anna Employee contact us?');
  });

  it('registers on behalf of the person @mentioned when staff write "ny for @Anna"', async () => {
    recordConnector(t.calls);
    const { store } = t.app.services;
    await t.post(aPersonalMessage(ANNA, 'hello')); // the bot has met Anna
    const mention = { type: 'mention', mentioned: { id: ANNA.id, name: ANNA.name }, text: `<at>${ANNA.name}</at>` };
    await t.post(aPersonalMessage(PETER, `ny for <at>${ANNA.name}</at>`, { entities: [mention] }));
    const peters = await store.getConversation('teams:a:personal-29:peter:aad-peter');
    expect(peters?.state).toMatchObject({ mode: 'on_behalf', step: 'channel' });
    expect(cardJson(t.calls.at(-1)?.body)).toContain('How did Anna Employee contact us?');
  });

  it('claims a case from its channel card: the clicker gets the fresh card and the posted card is updated', async () => {
    recordConnector(t.calls);
    await t.post(aPersonalMessage(ANNA, 'hello'));
    const created = await annasCase();
    const { dispatcher, store } = t.app.services;
    await dispatcher.runOnce();
    const shown = await store.getCase(created.id);
    const posted = shown?.cards[0];
    expect(posted?.conversationId).toMatch(/;messageid=\d+$/);
    const thread = posted?.conversationId ?? '';
    const messageId = posted?.messageId ?? '';
    t.calls.length = 0;

    const res = await t.post(
      aClickInChannel(PETER, thread, { verb: 'claim', caseId: created.id, version: shown?.version }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const fresh = JSON.stringify(body.value);
    expect(fresh).toContain('Peter Aagaard');
    expect(fresh).toContain('Assigned');
    const claimed = await store.getCase(created.id);
    expect(claimed?.assignee?.email).toBe('peter.aagaard@au.dk');
    expect(t.calls.filter((c) => c.method === 'PUT')).toEqual([]);

    await dispatcher.runOnce();
    const updates = t.calls.filter((c) => c.method === 'PUT');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.path).toBe(`/teams/v3/conversations/${thread}/activities/${messageId}`);
    expect(cardJson(updates[0]?.body)).toContain('Peter Aagaard');
    expect(cardJson(updates[0]?.body)).toContain(`"version":${claimed?.version}`);
    const toAnna = t.calls.filter((c) => c.method === 'POST' && /\/a:personal-29:anna\/activities/.test(c.path));
    expect(cardJson(toAnna.at(-1)?.body)).toContain('Peter Aagaard');
  });
});

describe('Teams: "This solved it" in the personal chat', () => {
  it('answers in the chat with the case number, registered solved, and sends nothing more: no receipt, no channel card', async () => {
    recordConnector(t.calls);
    const { dispatcher, store } = t.app.services;
    const toAnna = () => t.calls.filter((c) => c.method === 'POST' && /\/a:personal-29:anna\/activities/.test(c.path));
    const key = `teams:a:personal-29:anna:${ANNA.aadObjectId}`;
    const step = async () =>
      (await store.getConversation(key))?.state as { step?: string; knowledge?: { articleIds: string[] } } | undefined;
    // Anna's printer report, answered in the chat up to the known solutions.
    await t.post(aPersonalMessage(ANNA, 'The printer on floor 2 does not print'));
    for (let turn = 0; turn < 30 && (await step())?.step !== 'knowledge'; turn++) {
      const card = cardJson(toAnna().at(-1)?.body);
      const text = card.includes('Input.ChoiceSet') ? '1' : card.includes('Input.Toggle') ? 'yes' : 'Building 1482';
      await t.post(aPersonalMessage(ANNA, text));
    }
    const articleId = (await step())?.knowledge?.articleIds[0];
    expect(cardJson(toAnna().at(-1)?.body)).toContain('intake_solved');
    await dispatcher.runOnce();
    t.calls.length = 0;

    const res = await t.post(anActionInvoke(ANNA, { verb: 'intake_solved', articleId }));

    expect(res.status).toBe(200);
    const [c] = await store.findCases({ personId: 'teams:aad-anna' });
    expect(c).toMatchObject({ status: 'resolved', quick: true });
    // The chat says it, in place of the clicked card …
    const shown = JSON.stringify([(await res.json()) as unknown, ...toAnna().map((call) => call.body)]);
    expect(shown).toContain('Glad it helped');
    expect(shown).toContain(`I registered it as ${c!.number}, already solved`);
    // … and nothing else goes out for it: no receipt to Anna, no card in a channel.
    t.calls.length = 0;
    expect(await dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(t.calls).toEqual([]);
    expect((await store.getCase(c!.id))?.cards).toEqual([]);
  });
});

describe('Teams: the Classify form comes on demand', () => {
  type Invoked = { statusCode: number; type: string; value: Json };
  const invoked = async (res: Response): Promise<Invoked> => {
    expect(res.status).toBe(200);
    const body = (await res.json()) as Invoked;
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    return body;
  };
  const executes = (card: unknown) => walk(card).filter((n) => n['type'] === 'Action.Execute');
  const inputs = (card: unknown) => walk(card).filter((n) => String(n['type']).startsWith('Input.'));

  /** Anna's case with its card posted to the it-support channel: the case, the posted card and its thread. */
  async function posted(): Promise<{ c: Case; card: Json; thread: string }> {
    recordConnector(t.calls);
    const created = await annasCase();
    const { dispatcher, store } = t.app.services;
    await dispatcher.runOnce();
    const c = (await store.getCase(created.id))!;
    const post = t.calls.find((k) => k.method === 'POST' && cardJson(k.body).includes('certificate has expired'));
    const [card] = JSON.parse(cardJson(post?.body)) as Json[];
    return { c, card: card!, thread: c.cards[0]?.conversationId ?? '' };
  }

  it('posts the channel card with a Classify button and none of the form: no inputs, no categories', async () => {
    const { c, card } = await posted();
    const open = executes(card).filter((n) => n['verb'] === 'open_form' && (n['data'] as Json)['form'] === 'classify');
    expect(open).toEqual([
      expect.objectContaining({
        // The channel's card speaks the desk's language.
        title: 'Klassificér',
        data: { verb: 'open_form', form: 'classify', caseId: c.id, version: c.version },
      }),
    ]);
    expect(executes(card).some((n) => n['verb'] === 'classify')).toBe(false);
    expect(inputs(card).some((n) => ['classify.categoryId', 'categoryId'].includes(String(n['id'])))).toBe(false);
    // Not one of the catalogue's other categories is on the card (its own is, as a fact).
    expect(JSON.stringify(card)).not.toContain('Eduroam');
  });

  it('answers the Classify click with the form pre-set to the case, a Back button and no refresh; its submit classifies and answers with the fresh card', async () => {
    const { c, card, thread } = await posted();
    const click = executes(card).find((n) => n['verb'] === 'open_form' && (n['data'] as Json)['form'] === 'classify');
    const calls = t.calls.length;
    const form = await invoked(await t.post(aClickInChannel(PETER, thread, click?.['data'] as Json)));
    // The form replaces the card for Peter alone: nothing is sent to the channel, nothing changes.
    expect(t.calls.length).toBe(calls);
    expect((await t.app.services.store.getCase(c.id))?.version).toBe(c.version);
    // No refresh: Teams would fetch the case card at once and take the form away from Peter.
    expect(form.value['refresh']).toBeUndefined();
    expect(inputs(form.value).map((i) => [i['id'], i['value']])).toEqual([
      ['categoryId', 'vpn'],
      ['type', 'incident'],
      ['priority', c.priority],
      ['reason', ''],
    ]);
    const categories = inputs(form.value).find((i) => i['id'] === 'categoryId')?.['choices'] as Json[];
    expect(categories.length).toBeGreaterThan(10);
    const [submit, back, ...others] = executes(form.value);
    expect(others).toEqual([]);
    expect(submit).toMatchObject({ title: 'Classify', data: { verb: 'classify', caseId: c.id, version: c.version } });
    // Back takes none of the form's inputs (Teams would check them first) and asks for the case card.
    expect(back).toMatchObject({
      title: 'Back to the case',
      verb: 'refresh',
      data: { verb: 'refresh', caseId: c.id },
      associatedInputs: 'none',
    });

    const res = await t.post(
      aClickInChannel(PETER, thread, {
        ...(submit?.['data'] as Json),
        categoryId: 'vpn',
        type: 'incident',
        priority: 'P1',
        reason: 'The whole department is cut off',
      }),
    );
    const fresh = await invoked(res);
    const stored = await t.app.services.store.getCase(c.id);
    expect(stored).toMatchObject({ priority: 'P1', version: c.version + 1 });
    expect(stored?.history.at(-1)).toMatchObject({ action: 'set_priority', to: 'P1' });
    // The fresh case card, with its Classify button again and the refresh that keeps Peter's view current.
    expect(JSON.stringify(fresh.value)).toContain('certificate has expired');
    expect(fresh.value['refresh']).toMatchObject({ userIds: ['29:peter'] });
    expect(
      executes(fresh.value).find((n) => n['verb'] === 'open_form' && (n['data'] as Json)['form'] === 'classify')?.[
        'data'
      ],
    ).toEqual({
      verb: 'open_form',
      form: 'classify',
      caseId: c.id,
      version: c.version + 1,
    });
  });

  it('answers Back on the form with the case card, unchanged', async () => {
    const { c, card, thread } = await posted();
    const click = executes(card).find((n) => n['verb'] === 'open_form' && (n['data'] as Json)['form'] === 'classify');
    const form = await invoked(await t.post(aClickInChannel(PETER, thread, click?.['data'] as Json)));
    const back = executes(form.value).find((n) => n['verb'] === 'refresh');
    const answer = await invoked(await t.post(aClickInChannel(PETER, thread, back?.['data'] as Json)));
    expect(JSON.stringify(answer.value)).toContain('certificate has expired');
    expect(answer.value['refresh']).toMatchObject({ userIds: ['29:peter'] });
    expect(inputs(answer.value).some((i) => i['id'] === 'categoryId')).toBe(false);
    expect((await t.app.services.store.getCase(c.id))?.version).toBe(c.version);
  });

  it('answers the click of someone who may not classify with the refusal, not the form', async () => {
    const { c } = await posted();
    const res = await t.post(
      anActionInvoke(BO, { verb: 'open_form', form: 'classify', caseId: c.id, version: c.version }),
    );
    const shown = await invoked(res);
    expect(JSON.stringify(shown.value)).toMatch(/Only|Kun/);
    expect(inputs(shown.value)).toEqual([]);
    expect(JSON.stringify(shown.value)).not.toContain('certificate has expired');
  });

  it('answers a click on a stale card with the fresh card and a changed-meanwhile notice, not the form', async () => {
    const { c, thread } = await posted();
    await invoked(await t.post(aClickInChannel(PETER, thread, { verb: 'claim', caseId: c.id, version: c.version })));
    const res = await t.post(
      aClickInChannel(LONE, thread, { verb: 'open_form', form: 'classify', caseId: c.id, version: c.version }),
    );
    const shown = await invoked(res);
    expect(inputs(shown.value).some((i) => i['id'] === 'categoryId')).toBe(false);
    expect(JSON.stringify(shown.value)).toContain('Peter Aagaard');
    expect(JSON.stringify(shown.value)).toMatch(/meanwhile|imens/i);
  });
});

describe('Teams card actions of someone without a role on the case', () => {
  for (const verb of ['claim', 'refresh'] as const) {
    it(`answers "${verb}" with the refusal alone, not the case card, when the clicker has no role on the case`, async () => {
      const c = await annasCase();
      const res = await t.post(anActionInvoke(BO, { verb, caseId: c.id, version: c.version }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { statusCode: number; type: string; value: Record<string, unknown> };
      expect(body.statusCode).toBe(200);
      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
      const shown = JSON.stringify(body.value);
      expect(shown).toMatch(/Only|Kun/);
      expect(shown).not.toContain('certificate has expired');
      expect(shown).not.toContain('anna.employee@au.dk');
      // A message card: no refresh that would keep fetching the case for Bo.
      expect(body.value['refresh']).toBeUndefined();
    });
  }

  it('shows no case card with a refusal that comes before the role check (an order step on a case that is no order)', async () => {
    const c = await annasCase();
    const res = await t.post(anActionInvoke(BO, { verb: 'order_received', caseId: c.id, version: c.version }));
    const shown = JSON.stringify(await res.json());
    expect(shown).not.toContain('certificate has expired');
    expect(shown).not.toContain('anna.employee@au.dk');
  });

  it('still shows the fresh card with the refusal to staff of the case whose click was refused', async () => {
    const c = await annasCase();
    await t.post(anActionInvoke(PETER, { verb: 'claim', caseId: c.id, version: c.version }));
    const res = await t.post(anActionInvoke(PETER, { verb: 'order_received', caseId: c.id, version: c.version + 1 }));
    const body = (await res.json()) as { value: Record<string, unknown> };
    expect(JSON.stringify(body.value)).toContain('certificate has expired');
    expect(body.value['refresh']).toMatchObject({ userIds: ['29:peter'] });
  });
});

describe("Teams: the case services' combined escalation form", () => {
  /** Peter opens the services' escalation form (`open_form`): one form for a group and for the manager. */
  async function openEscalationForm(c: Case): Promise<{ groupRequired: unknown; buttons: string[] }> {
    const res = await t.post(
      anActionInvoke(PETER, { verb: 'open_form', form: 'escalate', caseId: c.id, version: c.version }),
    );
    const shown = JSON.stringify(await res.json());
    const group = /"id":"groupId"[^}]*?"isRequired":(true|false)/.exec(shown);
    const verbs = [...shown.matchAll(/"verb":"(escalate_[a-z]+)"/g)].map((m) => m[1]!);
    return { groupRequired: group?.[1], buttons: [...new Set(verbs)] };
  }

  for (const [what, groupId, missing] of [
    ['no group at all', undefined, 'the group'],
    ['an empty group', '', 'the group'],
    // The form's "Outside AU IT" choice (`external:`) without the unit's name beside it.
    ['a hand-over to another directorate without its name', 'external:', 'the unit'],
    ['a hand-over whose name is blank', 'external:   ', 'the unit'],
  ] as const) {
    it(`answers ${what} with a notice saying ${missing} is missing, and changes nothing`, async () => {
      const c = await annasCase();
      // The form offers both escalations with the group optional (the manager needs none), so Teams lets
      // "Escalate to group" go without one.
      expect(await openEscalationForm(c)).toEqual({
        groupRequired: 'false',
        buttons: ['escalate_group', 'escalate_manager'],
      });
      const submitted = {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        reasonCode: 'other',
        reason: 'The VPN gateway needs the network team',
        ...(groupId === undefined ? {} : { groupId }),
      };
      const res = await t.post(anActionInvoke(PETER, submitted));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { statusCode: number; value: Record<string, unknown> };
      expect(body.statusCode).toBe(200);
      const shown = JSON.stringify(body.value);
      if (missing === 'the group') {
        expect(shown).toMatch(/group/i);
        expect(shown).toMatch(/I could not use that|Choose the group/);
      } else expect(shown).toContain('Name the unit outside AU IT that takes the case over');
      // Peter may see the case: the notice sits on the fresh card.
      expect(shown).toContain('certificate has expired');
      const after = await t.app.services.store.getCase(c.id);
      expect(after?.version).toBe(c.version);
      expect(after?.groupId).toBe(GROUP);
      expect(after?.escalations).toEqual([]);
    });
  }
});

describe('Teams: a bad escalation names the group field by the label of the form it came from', () => {
  /** The label of the group input of the form the click answers with, and the notice of a submission. */
  const labelOf = (shown: string, id: string) =>
    new RegExp(`"id":"${id.replace('.', '\\.')}"[^}]*?"label":"([^"]+)"`).exec(shown)?.[1];
  const noticeOf = async (res: Response) => JSON.stringify(((await res.json()) as { value: unknown }).value);

  it("names it “Group” on the services' combined form", async () => {
    const c = await annasCase();
    const form = await t.post(
      anActionInvoke(PETER, { verb: 'open_form', form: 'escalate', caseId: c.id, version: c.version }),
    );
    const label = labelOf(JSON.stringify(await form.json()), 'groupId');
    expect(label).toBe('Group');
    const res = await t.post(
      anActionInvoke(PETER, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        reasonCode: 'other',
        reason: 'The VPN gateway needs the network team',
      }),
    );
    const shown = await noticeOf(res);
    expect(shown).toContain(`please fill in “${label}” and try again`);
  });

  it("names it “Escalate to group” on the card's own escalation form", async () => {
    const c = await annasCase();
    const card = await t.post(anActionInvoke(PETER, { verb: 'refresh', caseId: c.id }));
    const label = labelOf(JSON.stringify(await card.json()), 'escalate_group.groupId');
    expect(label).toBe('Escalate to group');
    const res = await t.post(
      anActionInvoke(PETER, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        'escalate_group.reason': 'The VPN gateway needs the network team',
      }),
    );
    expect(await noticeOf(res)).toContain(`please fill in “${label}” and try again`);
  });
});

describe('Teams: the app removed from a team', () => {
  /** A Teams activity in the it-support team's channel (the app's install, its removal). */
  function inTheTeam(extra: Record<string, unknown>) {
    return {
      id: `team-${Math.random()}`,
      channelId: 'msteams',
      serviceUrl: SERVICE_URL,
      from: { ...PETER },
      recipient: { id: BOT_ID, name: 'Incident bot' },
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM, name: 'AU IT' }, channel: { id: CHANNEL } },
      ...extra,
    };
  }
  const install = () => inTheTeam({ type: 'conversationUpdate', membersAdded: [{ id: BOT_ID }] });
  const removals = {
    'installationUpdate remove': () => inTheTeam({ type: 'installationUpdate', action: 'remove' }),
    'conversationUpdate removing the bot': () =>
      inTheTeam({
        type: 'conversationUpdate',
        membersRemoved: [{ id: BOT_ID }],
        channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM }, eventType: 'teamMemberRemoved' },
      }),
  };

  /**
   * The connector as Teams answers once the bot is out of the team: every call into its channel is refused (and
   * recorded in `refused`); anything else (personal chats) goes through.
   */
  function refusingChannel(): ConnectorCall[] {
    const refused: ConnectorCall[] = [];
    let n = 0;
    const answer = (method: string) => (path: string, body: unknown) => {
      const call = { method, path: decodeURIComponent(path), body: body as Record<string, unknown> };
      if (!JSON.stringify(call).includes(CHANNEL)) return [201, { id: `a:chat-${++n}` }];
      refused.push(call);
      return [403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not in the roster.' } }];
    };
    nock(CONNECTOR)
      .persist()
      .post(/\/teams\/v3\/conversations.*/)
      .reply(answer('POST') as never)
      .put(/\/teams\/v3\/conversations\/.+/)
      .reply(answer('PUT') as never);
    return refused;
  }

  for (const [how, removal] of Object.entries(removals)) {
    it(`forgets the channel binding with a warning naming the group, and posts no card there (${how})`, async () => {
      const lines: string[] = [];
      await t.stop();
      t = await apps.start({
        emails: EMAILS,
        logger: createLogger('warn', { write: (line: string) => void lines.push(line) }),
      });
      await t.post(install());
      const { store, dispatcher } = t.app.services;
      expect(await store.getRef('teams.channel', GROUP)).toMatchObject({ channelId: CHANNEL, serviceUrl: SERVICE_URL });
      // A case whose card went out while the app was in the team.
      const before = await annasCase();
      await dispatcher.runOnce();
      const posted = (await store.getCase(before.id))?.cards[0];
      expect(posted?.channelId).toBe(CHANNEL);

      expect((await t.post(removal())).status).toBe(200);
      expect(await store.getRef('teams.channel', GROUP)).toMatchObject({ removedAt: expect.any(String) });
      const warning = lines
        .map((l) => JSON.parse(l) as { level: number; msg: string; groupId?: string })
        .find((l) => l.groupId === GROUP);
      expect(warning?.level).toBe(40);
      expect(warning?.msg).toContain(GROUP);
      expect(warning?.msg).toContain('added to that team again');

      nock.cleanAll();
      const refused = refusingChannel();
      // A new case of the group, and a change to the one whose card is in the channel.
      const after = await annasCase('post-card-after');
      const claimed = await t.post(
        anActionInvoke(PETER, { verb: 'claim', caseId: before.id, version: (await store.getCase(before.id))?.version }),
      );
      expect(claimed.status).toBe(200);
      let dead = 0;
      for (let i = 0; i < 4; i++) dead += (await dispatcher.runOnce()).dead;
      expect(dead).toBe(0);
      expect(refused.filter((c) => c.path.includes(CHANNEL))).toEqual([]);
      expect((await store.getCase(after.id))?.cards).toEqual([]);
      // Delivered as for a group without a Teams channel: nothing posted, nothing left to retry.
      expect(await store.listOutbox({ caseId: after.id, kind: 'post_card' })).toEqual([
        expect.objectContaining({ state: 'sent' }),
      ]);
      expect(await store.listOutbox({ kind: 'update_cards' })).not.toContainEqual(
        expect.objectContaining({ state: 'pending' }),
      );
    });
  }

  it('binds the channel again and posts the cards there when the app is added to the team again', async () => {
    recordConnector(t.calls);
    await t.post(install());
    await t.post(removals['installationUpdate remove']());
    await t.post(install());
    const { store, dispatcher } = t.app.services;
    expect(await store.getRef('teams.channel', GROUP)).toMatchObject({ channelId: CHANNEL, serviceUrl: SERVICE_URL });
    expect(await store.getRef('teams.channel', GROUP)).not.toHaveProperty('removedAt');
    const c = await annasCase();
    await dispatcher.runOnce();
    expect((await store.getCase(c.id))?.cards).toEqual([expect.objectContaining({ channelId: CHANNEL })]);
  });
});

describe('Teams dead letters', () => {
  it('delivers the alert about a message Teams refused to the 1st-level supervisor, addressed by e-mail', async () => {
    const sentToLone: unknown[] = [];
    const lone = (_p: string, body: unknown) => {
      sentToLone.push(body);
      return { id: `l-${sentToLone.length}` };
    };
    nock(CONNECTOR)
      .persist()
      .post(`/teams/v3/conversations/${personalConversation(LONE).id}/activities`)
      .reply(201, lone)
      .post(`/teams/v3/conversations/${personalConversation(ANNA).id}/activities`)
      .reply(201, { id: 'a-1' });
    // Lone has written to the bot: her Teams record (and e-mail) is known.
    await t.post(aPersonalMessage(LONE, 'hello'));
    await t.post(aPersonalMessage(ANNA, 'hello'));
    nock.cleanAll();
    sentToLone.length = 0;
    // Anna's chat now refuses the bot (403); Lone's works.
    nock(CONNECTOR)
      .persist()
      .get(/\/members\//)
      .reply(404, {})
      .post(`/teams/v3/conversations/${personalConversation(ANNA).id}/activities`)
      .reply(403, { error: { code: 'BotNotInConversationRoster' } })
      .post(`/teams/v3/conversations/${personalConversation(LONE).id}/activities`)
      .reply(201, lone);
    const { store, dispatcher } = t.app.services;
    await store.enqueueOutbox([
      draft('to-anna', {
        kind: 'send_person',
        person: { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk' },
        view: { kind: 'message', locale: 'en', text: 'Your case INC-000001 was claimed by Peter.' },
      }),
    ]);
    expect((await dispatcher.runOnce()).dead).toBe(1);
    for (let i = 0; i < 3; i++) await dispatcher.runOnce();
    expect(sentToLone.length).toBeGreaterThan(0);
  });
});
