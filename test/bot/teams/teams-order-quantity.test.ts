import { describe, expect, it } from 'vitest';
import { MAX_QUANTITY, MIN_QUANTITY } from '../../../src/services/orders/order.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';
import { teamsClick } from '../../helpers/teams-client-click.js';

const apps = teamsAppPerTest('teams-order-quantity-');

/** An employee at Arts. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const EMAILS = { '29:anna': 'anna.employee@au.dk' };
const SCREEN = 'qty.screen-dell-p2725q';

type Node = Record<string, unknown>;

/** Anna's Action.Execute click in her chat with the bot (a Danish client when `da`); the card it answers with. */
async function click(app: TeamsApp, data: Record<string, unknown>, da = false): Promise<Node> {
  const res = await app.post({ ...anActionInvoke(ANNA, data), ...(da ? { locale: 'da-DK' } : {}) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { type?: string; value?: Node };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value ?? {};
}

/** Every element of the card (containers' items walked). */
function elements(card: Node): Node[] {
  const walk = (n: Node): Node[] => [n, ...((n['items'] as Node[] | undefined) ?? []).flatMap(walk)];
  return ((card['body'] as Node[] | undefined) ?? []).flatMap(walk);
}

describe('Teams order form: quantities are limited to what the order takes in the card itself', () => {
  it('renders every quantity as an Input.Number from 1 to the maximum, saying so when outside; 0 sent anyway is refused', async () => {
    const t = await apps.start({ emails: EMAILS });
    const form = await click(t, { verb: 'order_start' });
    const quantities = elements(form).filter(
      (e) => typeof e['id'] === 'string' && (e['id'].startsWith('qty.') || e['id'] === 'specialQuantity'),
    );
    expect(quantities.length).toBeGreaterThan(1);
    expect([MIN_QUANTITY, MAX_QUANTITY]).toEqual([1, 50]);
    for (const q of quantities) {
      expect(q).toMatchObject({
        type: 'Input.Number',
        min: 1,
        max: 50,
        isRequired: false,
        errorMessage: 'Enter a whole number from 1 to 50.',
      });
    }
    expect(quantities.some((q) => q['id'] === SCREEN)).toBe(true);

    // An older card (no limits) or a forged click: 0 screens is still refused by the server, under the input.
    const refused = await click(t, { verb: 'order_items', [SCREEN]: '0' });
    const screen = elements(refused).find((e) => e['id'] === SCREEN);
    expect(screen).toMatchObject({ type: 'Input.Number', min: 1, max: 50 });
    expect(screen?.['errorMessage']).toContain('the quantity must be a whole number from 1 to 50');
    expect(JSON.stringify(refused)).not.toContain('Who is it for');
  });

  it('lets Cancel and Back through while a quantity is out of range or a required detail is empty', async () => {
    const t = await apps.start({ emails: EMAILS });
    const form = await click(t, { verb: 'order_start' });
    // 0 screens typed: Teams holds Next back in the card …
    expect(teamsClick(form, 'Next', { [SCREEN]: '0' }).held).toEqual([SCREEN]);
    // … but Cancel takes none of the inputs, so it is sent, and the order is cancelled.
    const cancel = teamsClick(form, 'Cancel', { [SCREEN]: '0' });
    expect(cancel.held).toBeUndefined();
    expect(cancel.sent).toMatchObject({ verb: 'order_cancel' });
    expect(cancel.sent?.[SCREEN]).toBeUndefined();
    const cancelled = await click(t, cancel.sent ?? {});
    expect(JSON.stringify(cancelled)).toContain('Order cancelled');
    // The draft is gone: its form's Next now ends nowhere.
    const stale = await click(t, teamsClick(form, 'Next', { [SCREEN]: '1' }).sent ?? {});
    expect(JSON.stringify(stale)).toContain('That order form is no longer active');

    // The details ask for the place, the cost centre and the faculty (required): Back and Cancel go without them.
    const items = await click(t, { verb: 'order_start' });
    const next = teamsClick(items, 'Next', { [SCREEN]: '2' });
    expect(next.held).toBeUndefined();
    const details = await click(t, next.sent ?? {});
    expect(JSON.stringify(details)).toContain('Who is it for');
    expect(teamsClick(details, 'Next').held).toEqual(expect.arrayContaining(['deliveryLocation', 'costCentre']));
    const back = teamsClick(details, 'Back');
    expect(back.sent).toMatchObject({ verb: 'order_back' });
    const itemsAgain = await click(t, back.sent ?? {});
    expect(elements(itemsAgain).find((e) => e['id'] === SCREEN)).toMatchObject({ value: 2 });
    // Out of range again on the items: Cancel still goes.
    const again = teamsClick(itemsAgain, 'Cancel', { [SCREEN]: '999' });
    expect(again.sent).toMatchObject({ verb: 'order_cancel' });
    expect(JSON.stringify(await click(t, again.sent ?? {}))).toContain('Order cancelled');
  });

  it('says the limits in Danish on a Danish client', async () => {
    const t = await apps.start({ emails: EMAILS });
    const form = await click(t, { verb: 'order_start' }, true);
    const screen = elements(form).find((e) => e['id'] === SCREEN);
    expect(screen).toMatchObject({
      type: 'Input.Number',
      min: 1,
      max: 50,
      errorMessage: 'Skriv et helt tal fra 1 til 50.',
    });
  });
});
