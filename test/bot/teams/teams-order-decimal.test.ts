import { describe, expect, it } from 'vitest';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { type Json, walk } from '../../helpers/card-walk.js';
import { anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';
import { teamsClick } from '../../helpers/teams-client-click.js';

const apps = teamsAppPerTest('teams-order-decimal-');

/** An employee at Arts. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const EMAILS = { '29:anna': 'anna.employee@au.dk' };
const DOCK = 'qty.dock-thinkpad-usb-c';
const SCREEN = 'qty.screen-dell-p2725q';
/** A special item with its reason and quantity, typed with the quantities. */
const SPECIAL = {
  special: 'Ergonomic vertical mouse, left-handed',
  justification: 'Tendinitis in the right hand',
  specialQuantity: '1',
};

/** Anna's Action.Execute click in her chat with the bot (a Danish client when `da`); the card it answers with. */
async function click(app: TeamsApp, data: Json | undefined, da = false): Promise<Json> {
  expect(data, 'a click Teams sends').toBeDefined();
  const res = await app.post({ ...anActionInvoke(ANNA, data ?? {}), ...(da ? { locale: 'da-DK' } : {}) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { value?: Json }).value ?? {};
}

/** The card's input `id`. */
const input = (card: Json, id: string): Json | undefined =>
  walk(card).find((n) => typeof n['type'] === 'string' && n['type'].startsWith('Input.') && n['id'] === id);

/** The texts shown on the card (its TextBlocks). */
const texts = (card: Json): string[] =>
  walk(card)
    .filter((n) => n['type'] === 'TextBlock')
    .map((n) => String(n['text']));

/** The order draft of Anna's chat with the bot. */
const draftOf = async (t: TeamsApp) =>
  (await t.app.services.store.getConversation('order:teams:a:personal-29:anna:aad-anna'))?.state;

describe('Teams order form: a decimal quantity is refused plainly, the rest of the form kept as typed', () => {
  it('names the item and the whole numbers it takes, keeping the other quantity and the special item (English)', async () => {
    const t = await apps.start({ emails: EMAILS });
    const items = await click(t, { verb: 'order_start' });
    // Teams' Input.Number takes decimals (1.5 is within its 1 to 50), so Next sends it.
    const next = teamsClick(items, 'Next', { [DOCK]: '2', [SCREEN]: '1.5', ...SPECIAL });
    expect(next.held).toBeUndefined();
    const refused = await click(t, next.sent);
    expect(texts(refused)).toContain(
      'Dell P2725Q 27" 4K monitor: the quantity must be a whole number from 1 to 50 (leave it blank for none).',
    );
    expect(input(refused, SCREEN)?.['value']).toBe(1.5);
    expect(input(refused, DOCK)?.['value']).toBe(2);
    for (const [id, value] of Object.entries(SPECIAL)) expect(String(input(refused, id)?.['value']), id).toBe(value);

    // Corrected, Next as the form now holds it: on to the details, all of it taken.
    const details = await click(t, teamsClick(refused, 'Next', { [SCREEN]: '1' }).sent);
    expect(JSON.stringify(details)).toContain('Who is it for');
    expect(await draftOf(t)).toMatchObject({
      quantities: { 'dock-thinkpad-usb-c': 2, 'screen-dell-p2725q': 1 },
      special: { description: SPECIAL.special, justification: SPECIAL.justification, quantity: 1 },
    });
  });

  it('says it in Danish and shows a quantity emptied since empty, not as the draft had it', async () => {
    const t = await apps.start({ emails: EMAILS });
    const items = await click(t, { verb: 'order_start' }, true);
    const details = await click(t, teamsClick(items, 'Næste', { [DOCK]: '2' }).sent, true);
    const back = await click(t, teamsClick(details, 'Tilbage').sent, true);
    expect(input(back, DOCK)?.['value']).toBe(2);

    // The dock emptied, 1,5 screens typed: refused; the dock empty, not 2 again.
    const refused = await click(t, teamsClick(back, 'Næste', { [DOCK]: '', [SCREEN]: '1.5' }).sent, true);
    expect(texts(refused)).toContain(
      'Dell P2725Q 27" 4K-skærm: antallet skal være et helt tal fra 1 til 50 (lad feltet stå tomt for ingen).',
    );
    expect(input(refused, DOCK)).toBeDefined();
    expect(input(refused, DOCK)?.['value']).toBeUndefined();
    expect(input(refused, SCREEN)?.['value']).toBe(1.5);
  });
});
