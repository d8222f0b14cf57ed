import { describe, expect, it } from 'vitest';
import { teamsTexts } from '../../../src/bot/teams/teams-texts.js';
import type { Case, Person } from '../../../src/models/case.js';
import { AppError } from '../../../src/models/errors.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, type TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-message-card-');

/** Karen, ARTS Support's supervisor in config/catalogue.yaml: hierarchical escalations of its cases ping her. */
const KAREN: TestUser = { id: '29:karen', aadObjectId: 'aad-karen', name: 'Karen Møller' };
/** Jonas, a member of ARTS Support, who escalates. */
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const JONAS_PERSON: Person = { id: 'teams:aad-jonas', name: 'Jonas Vestergaard', email: 'jonas.vestergaard@au.dk' };
const EMAILS = { '29:karen': 'karen.moeller@au.dk', '29:jonas': 'jonas.vestergaard@au.dk' };
/** What Jonas writes about the escalation: it is in the ping to Karen, and only there. */
const DETAIL = 'The user has complained twice about the VPN';

interface Button {
  verb: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute in an Adaptive Card (top-level actions, action sets, show-cards), in order. */
function buttons(card: unknown): Button[] {
  const found: Button[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o['type'] === 'Action.Execute' && typeof o['verb'] === 'string' && o !== (card as object)) {
        found.push({ verb: o['verb'], data: (o['data'] ?? {}) as Record<string, unknown> });
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return found;
}

/** `user`'s click; the card the invoke answers with (Teams shows it in place of the clicked card). */
async function click(app: TeamsApp, user: TestUser, data: Record<string, unknown>): Promise<unknown> {
  const res = await app.post(anActionInvoke(user, data));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { type: string; value: unknown };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value;
}

/**
 * Jonas escalates an ARTS Support case to Karen, who has talked to the bot; the ping is delivered to her chat.
 * Returns the case and the ping's card.
 */
async function pinged(): Promise<{ app: TeamsApp; c: Case; ping: unknown }> {
  const app = await apps.start({ emails: EMAILS });
  expect((await app.post(aPersonalMessage(KAREN, 'help'))).status).toBe(200);
  expect((await app.post(aPersonalMessage(JONAS, 'help'))).status).toBe(200);
  const s = app.app.services;
  const c = await s.store.createCase(
    buildNewCase({
      title: 'VPN drops every ten minutes',
      categoryId: 'vpn',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      locale: 'en',
      user: { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk', locale: 'en' },
    }),
  );
  const escalated = await s.actions.act(JONAS_PERSON, {
    verb: 'escalate_manager',
    caseId: c.id,
    version: c.version,
    reasonCode: 'complaint',
    reason: DETAIL,
  });
  if (!escalated.ok) throw new Error(escalated.reply.text);
  app.calls.length = 0;
  await s.dispatcher.runOnce();
  const toKaren = app.calls.filter((x) => x.method === 'POST' && x.path.includes(`/a:personal-${KAREN.id}/activities`));
  expect(toKaren).toHaveLength(1);
  const ping = JSON.parse(cardJson(toKaren[0]!.body))[0];
  expect(JSON.stringify(ping)).toContain(`escalates case ${c.number}`);
  expect(JSON.stringify(ping)).toContain(DETAIL);
  app.calls.length = 0;
  return { app, c: escalated.case, ping };
}

const acknowledge = (card: unknown) => buttons(card).find((b) => b.verb === 'acknowledge_escalation');

describe('Teams: a personal message with a case card in it', () => {
  it("keeps its text when a button of its case card is clicked: the supervisor's Acknowledge on the escalation ping", async () => {
    const { app, c, ping } = await pinged();
    const ack = acknowledge(ping);
    expect(ack).toBeDefined();
    // The button names the message by an id only: nothing of what was written about the case.
    expect(JSON.stringify(ack!.data)).not.toContain('complained');

    const answer = await click(app, KAREN, ack!.data);
    expect((await app.app.services.store.getCase(c.id))?.escalations.at(-1)?.acknowledgedAt).toBeDefined();
    const text = JSON.stringify(answer);
    // The ping as it was, its reason and what Jonas wrote ...
    expect(text).toContain(`escalates case ${c.number}`);
    expect(text).toContain('Reason: ');
    expect(text).toContain(DETAIL);
    // ... around the case card as it is now: acknowledged, nothing more to acknowledge.
    expect(text).toContain('VPN drops every ten minutes');
    expect(acknowledge(answer)).toBeUndefined();
    // The refreshed card's buttons still name the message: a second click keeps the text as well.
    const next = buttons(answer).find((b) => b.data['caseId'] === c.id);
    expect(next).toBeDefined();
    const again = JSON.stringify(await click(app, KAREN, { ...next!.data, verb: 'refresh' }));
    expect(again).toContain(`escalates case ${c.number}`);
    expect(again).toContain(DETAIL);
  });

  it("brings the message back with a form's Back: Classify opened from the ping's case card", async () => {
    const { app, c, ping } = await pinged();
    const classify = buttons(ping).find((b) => b.verb === 'open_form' && b.data['form'] === 'classify');
    expect(classify).toBeDefined();
    const form = await click(app, KAREN, classify!.data);
    expect(JSON.stringify(form)).not.toContain(DETAIL);
    const back = buttons(form).find((b) => b.verb === 'refresh' && b.data['caseId'] === c.id);
    expect(back).toBeDefined();
    const text = JSON.stringify(await click(app, KAREN, back!.data));
    expect(text).toContain(`escalates case ${c.number}`);
    expect(text).toContain(DETAIL);
    expect(text).toContain('VPN drops every ten minutes');
  });

  it("keeps the message when the form opened from the ping's case card is submitted (Classify)", async () => {
    const { app, c, ping } = await pinged();
    const classify = buttons(ping).find((b) => b.verb === 'open_form' && b.data['form'] === 'classify');
    const form = await click(app, KAREN, classify!.data);
    const submit = buttons(form).find((b) => b.verb === 'classify');
    expect(submit).toBeDefined();
    const answer = await click(app, KAREN, {
      ...submit!.data,
      categoryId: 'vpn',
      type: 'incident',
      priority: 'P1',
      reason: 'The whole department is cut off',
    });
    expect((await app.app.services.store.getCase(c.id))?.priority).toBe('P1');
    const text = JSON.stringify(answer);
    expect(text).toContain('VPN drops every ten minutes');
    expect(text).toContain(`escalates case ${c.number}`);
    expect(text).toContain(DETAIL);
  });

  it('answers with the bare case card, as before, once the message is gone (retention, erasure)', async () => {
    const { app, c, ping } = await pinged();
    const s = app.app.services;
    const sent = await s.store.listOutbox({ caseId: c.id, kind: 'send_person', state: 'sent' });
    expect(await s.store.deleteOutbox(sent.map((m) => m.id))).toBeGreaterThan(0);

    const answer = await click(app, KAREN, acknowledge(ping)!.data);
    expect((await s.store.getCase(c.id))?.escalations.at(-1)?.acknowledgedAt).toBeDefined();
    const text = JSON.stringify(answer);
    expect(text).toContain(c.number);
    expect(text).toContain('VPN drops every ten minutes');
    expect(text).not.toContain(DETAIL);
    expect(text).not.toContain('escalates case');
  });

  it('keeps the message and its case card, buttons and all, when the store does not answer the click (Acknowledge, Classify)', async () => {
    const { app, c, ping } = await pinged();
    const store = app.app.services.store;
    const down = () => Promise.reject(new AppError('STORE.UNAVAILABLE', 'store down (test)'));
    // The store's own method is its class's: shadowed here, and the shadow removed afterwards.
    expect(Object.hasOwn(store, 'updateCase')).toBe(false);
    store.updateCase = down;
    try {
      const answer = await click(app, KAREN, acknowledge(ping)!.data);
      const text = JSON.stringify(answer);
      expect(text).toContain(teamsTexts.en.storeDown);
      expect(text).toContain(`escalates case ${c.number}`);
      expect(text).toContain(DETAIL);
      // Still to acknowledge, with the button naming the message: the same click again once the store answers.
      expect(acknowledge(answer)?.data).toEqual(acknowledge(ping)?.data);

      // A form opened from the ping's card comes back with the choices made, and its Back still leads to the message.
      const classify = buttons(ping).find((b) => b.verb === 'open_form' && b.data['form'] === 'classify');
      const form = await click(app, KAREN, classify!.data);
      const submit = buttons(form).find((b) => b.verb === 'classify');
      const refused = await click(app, KAREN, { ...submit!.data, categoryId: 'vpn', type: 'incident', priority: 'P1' });
      expect(JSON.stringify(refused)).toContain(teamsTexts.en.storeDown);
      expect(JSON.stringify(refused)).toContain('"value":"P1"');
      const back = buttons(refused).find((b) => b.verb === 'refresh');
      expect(JSON.stringify(await click(app, KAREN, back!.data))).toContain(DETAIL);
    } finally {
      delete (store as Partial<typeof store>).updateCase;
    }
    expect((await store.getCase(c.id))?.escalations.at(-1)?.acknowledgedAt).toBeUndefined();
    expect((await store.getCase(c.id))?.priority).toBe('P3');
    expect(acknowledge(await click(app, KAREN, acknowledge(ping)!.data))).toBeUndefined();
    expect((await store.getCase(c.id))?.escalations.at(-1)?.acknowledgedAt).toBeDefined();
  });

  it("shows nobody else the message: another person's click with its buttons' data gets the case card alone", async () => {
    const { app, c, ping } = await pinged();
    const data = { ...acknowledge(ping)!.data, verb: 'refresh' };
    const text = JSON.stringify(await click(app, JONAS, data));
    expect(text).toContain(c.number);
    expect(text).not.toContain(DETAIL);
    expect(text).not.toContain('escalates case');
  });
});
