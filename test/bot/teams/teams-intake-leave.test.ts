import { beforeEach, describe, expect, it } from 'vitest';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import type { Json } from '../../helpers/card-walk.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, type TeamsApp } from '../../helpers/teams-app.js';
import { teamsClick } from '../../helpers/teams-client-click.js';

const apps = teamsAppPerTest('teams-intake-leave-');
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const KEY = `teams:a:personal-29:anna:${ANNA.aadObjectId}`;

let t: TeamsApp;
beforeEach(async () => {
  t = await apps.start({ emails: { '29:anna': 'anna.employee@au.dk' } });
});

/** The last card sent into Anna's personal chat. */
const lastCard = (): Json => {
  const sent = t.calls.filter((c) => c.method === 'POST' && /\/a:personal-29:anna\/activities/.test(c.path));
  return JSON.parse(cardJson(sent.at(-1)?.body)) as Json;
};
const step = async () => ((await t.app.services.store.getConversation(KEY))?.state as Json | undefined)?.['step'];

/** Anna's click as Teams sends it (the data of `teamsClick`); the card it answers with. */
async function click(data: Json | undefined): Promise<Json> {
  expect(data).toBeDefined();
  const res = await t.post(anActionInvoke(ANNA, data ?? {}));
  expect(res.status).toBe(200);
  return ((await res.json()) as { value?: Json }).value ?? {};
}

describe('Teams report form: Back and Cancel while a required answer is empty', () => {
  it('sends Back and Cancel without the inputs, which Teams would otherwise hold back until the answer is given', async () => {
    await t.post(aPersonalMessage(ANNA, 'The printer on floor 2 does not print'));
    // Category and type pre-chosen, the description taken as "what": on to "where", a required text.
    for (const answer of ['1', '1', 'ok']) await t.post(aPersonalMessage(ANNA, answer));
    expect(await step()).toBe('q:where');
    const where = lastCard();
    // Nothing typed: Teams holds Next back under the empty required input …
    expect(teamsClick(where, 'Next').held).toEqual(['where']);
    // … but Back takes none of the inputs: it is sent, and the question before comes back.
    const back = teamsClick(where, 'Back');
    expect(back.held).toBeUndefined();
    expect(back.sent).toMatchObject({ verb: 'intake_back', shownAt: 'q:where' });
    await click(back.sent);
    expect(await step()).toBe('q:what');

    await t.post(aPersonalMessage(ANNA, 'ok'));
    expect(await step()).toBe('q:where');
    const cancel = teamsClick(lastCard(), 'Cancel');
    expect(cancel.sent).toMatchObject({ verb: 'intake_cancel' });
    const cancelled = await click(cancel.sent);
    expect(JSON.stringify(cancelled)).toContain('Nothing was registered');
    expect(await step()).toBeUndefined();
  });
});
