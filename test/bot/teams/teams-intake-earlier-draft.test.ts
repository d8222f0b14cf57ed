import { beforeEach, describe, expect, it } from 'vitest';
import { intakeMessages } from '../../../src/services/intake/intake-messages.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { type Json, walk } from '../../helpers/card-walk.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, type TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-earlier-draft-');
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const KEY = `teams:a:personal-29:anna:${ANNA.aadObjectId}`;

let t: TeamsApp;
beforeEach(async () => {
  t = await apps.start({ emails: { '29:anna': 'anna.employee@au.dk' } });
});

/** The cards sent into Anna's personal chat, oldest first. */
const toAnna = () => t.calls.filter((c) => c.method === 'POST' && /\/a:personal-29:anna\/activities/.test(c.path));
const stored = async () =>
  (await t.app.services.store.getConversation(KEY))?.state as Record<string, unknown> | undefined;

/** The data of the card's `Action.Execute` with `verb` (what Teams sends back when it is clicked). */
function buttonData(body: Record<string, unknown> | undefined, verb: string): Json {
  const action = walk(JSON.parse(cardJson(body))).find((n) => n['type'] === 'Action.Execute' && n['verb'] === verb);
  if (!action) throw new Error(`no ${verb} button on the card`);
  return action['data'] as Json;
}

/** Anna's report written in the chat and answered by text up to its summary; the summary card's Confirm data. */
async function reportToSummary(description: string): Promise<Json> {
  await t.post(aPersonalMessage(ANNA, description));
  for (let turn = 0; turn < 30 && (await stored())?.['step'] !== 'summary'; turn++) {
    const step = (await stored())?.['step'];
    const card = cardJson(toAnna().at(-1)?.body);
    // "ok" keeps the description as the answer to "what is the problem".
    const text =
      step === 'knowledge'
        ? 'no'
        : step === 'q:what'
          ? 'ok'
          : card.includes('Input.ChoiceSet')
            ? '1'
            : card.includes('Input.Toggle')
              ? 'yes'
              : card.includes('Input.Date')
                ? '2025-03-01'
                : 'Building 1482';
    await t.post(aPersonalMessage(ANNA, text));
  }
  expect((await stored())?.['step']).toBe('summary');
  return buttonData(toAnna().at(-1)?.body, 'intake_confirm');
}

describe('Teams intake: a button of an earlier report', () => {
  it("refuses the cancelled report's Confirm while a new report waits at its summary, and registers the new one from its own Confirm", async () => {
    const { store } = t.app.services;
    const oldConfirm = await reportToSummary('The printer on floor 2 does not print');
    await t.post(aPersonalMessage(ANNA, 'cancel'));
    expect(await stored()).toBeUndefined();
    t.clock.advance(60_000);
    const newConfirm = await reportToSummary('Outlook cannot find the server since this morning');
    const before = await store.getConversation(KEY);

    const res = await t.post(anActionInvoke(ANNA, oldConfirm));

    expect(res.status).toBe(200);
    const answer = cardJson((await res.json()) as Record<string, unknown>);
    expect(answer).toContain(intakeMessages.en.earlierDraft);
    expect(answer).not.toContain('intake_confirm');
    // Nothing registered, and the new report is as it was: at its summary, its answers kept.
    expect(await store.findCases({ personId: 'teams:aad-anna' })).toEqual([]);
    expect(await store.getConversation(KEY)).toEqual(before);

    await t.post(anActionInvoke(ANNA, newConfirm));

    const [c, ...more] = await store.findCases({ personId: 'teams:aad-anna' });
    expect(more).toEqual([]);
    expect(c?.title).toBe('Outlook cannot find the server since this morning');
    expect(await stored()).toBeUndefined();
  });

  it('registers a report stored before drafts had an id from its Confirm, which names no draft (an upgrade mid-report)', async () => {
    const { store } = t.app.services;
    const confirm = await reportToSummary('The printer on floor 2 does not print');
    // The draft and its summary card as the version before this one stored and rendered them.
    const record = (await store.getConversation(KEY))!;
    const { draftId, ...before } = record.state;
    expect(draftId).toEqual(expect.any(String));
    await store.saveConversation({ ...record, state: before });
    const { draft, ...unmarked } = confirm;
    expect(draft).toBe(draftId);

    await t.post(anActionInvoke(ANNA, unmarked));

    const [c] = await store.findCases({ personId: 'teams:aad-anna' });
    expect(c?.title).toBe('The printer on floor 2 does not print');
    expect(await stored()).toBeUndefined();
  });

  it("answers the registered report's Confirm, when no report is open, that the conversation has ended, in Danish for a Danish chat, and starts nothing", async () => {
    const { store } = t.app.services;
    const oldConfirm = await reportToSummary('The printer on floor 2 does not print');
    await t.post(anActionInvoke(ANNA, oldConfirm));
    const [registered] = await store.findCases({ personId: 'teams:aad-anna' });
    expect(registered).toBeDefined();

    const res = await t.post({ ...anActionInvoke(ANNA, oldConfirm), locale: 'da-DK' });

    expect(res.status).toBe(200);
    expect(cardJson((await res.json()) as Record<string, unknown>)).toContain(intakeMessages.da.endedText);
    expect(await store.findCases({ personId: 'teams:aad-anna' })).toHaveLength(1);
    expect(await stored()).toBeUndefined();
  });
});

describe('Teams intake: a Back of an earlier step', () => {
  it('refuses the Back of a question answered by typing, once a later question is shown, and stays there', async () => {
    await t.post(aPersonalMessage(ANNA, 'The printer on floor 2 does not print'));
    for (let turn = 0; turn < 10 && (await stored())?.['step'] !== 'q:where'; turn++) {
      const step = (await stored())?.['step'];
      await t.post(aPersonalMessage(ANNA, step === 'q:what' ? 'ok' : '1'));
    }
    const backOfWhere = buttonData(toAnna().at(-1)?.body, 'intake_back');
    await t.post(aPersonalMessage(ANNA, 'Building 1482, room 210'));
    await t.post(aPersonalMessage(ANNA, '1'));
    expect((await stored())?.['step']).toBe('q:who');
    const before = await t.app.services.store.getConversation(KEY);

    const res = await t.post(anActionInvoke(ANNA, backOfWhere));

    const answer = cardJson((await res.json()) as Record<string, unknown>);
    expect(answer).toContain(intakeMessages.en.staleForm);
    expect(answer).toContain('Who has the problem?');
    expect((await stored())?.['step']).toBe('q:who');
    expect((await stored())?.['history']).toEqual(before?.state['history']);
  });
});
