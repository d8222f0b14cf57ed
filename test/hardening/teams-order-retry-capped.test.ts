import { describe, expect, it } from 'vitest';
import { jsonBytes } from '../../src/cards/card-budget.js';
import { MAX_ACTION_TEXT } from '../../src/cards/card-actions.js';
import { CARD_BYTE_BUDGET } from '../../src/cards/adaptive/render-case-card-adaptive.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { orderMessages } from '../../src/services/orders/order-messages.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { type Json, walk } from '../helpers/card-walk.js';
import { type FlakyStore, flakyStore } from '../helpers/flaky-store.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { ANNA, anActionInvoke } from '../helpers/teams-activities.js';

const apps = appPerTest('teams-order-retry-capped-');
const DOCK = 'qty.dock-thinkpad-usb-c';
/**
 * What a forged click pastes into every field: as much as a button's value may carry (`MAX_ACTION_TEXT`), far more
 * than any of the order form's inputs takes.
 */
const HUGE = 'Ergonomic vertical mouse, wireless, grey. '.repeat(500).slice(0, MAX_ACTION_TEXT);
/** Keys no input of the order form has, each with a long value: what a forged "Try again" may add. */
const JUNK = Object.fromEntries(
  Array.from({ length: 300 }, (_, i) => [`junk-${i}-${'k'.repeat(150)}`, 'v'.repeat(500)]),
);

let flaky: FlakyStore;

/** The whole app on a store that can be switched off (`flaky`); Anna's address known. */
const start = (): Promise<HardenedApp> =>
  apps.start((dataDir) => {
    flaky = flakyStore(new SqliteCaseStore({ dataDir }));
    return { store: flaky.store, rateLimit: false, teamsEmails: { [ANNA.id]: 'anna.jensen@au.dk' } };
  });

/** Anna's Action.Execute click in her chat with the bot; the card it answers with. */
async function click(app: HardenedApp, data: Json): Promise<Json> {
  const res = await app.teams(anActionInvoke(ANNA, data));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { type?: string; value?: Json };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value ?? {};
}

/** The data of the card's `Action.Execute` with the verb `verb`. */
function button(card: Json, verb: string): Json {
  const found = walk(card).find((n) => n['type'] === 'Action.Execute' && n['verb'] === verb);
  expect(found, `a ${verb} button`).toBeDefined();
  return found!['data'] as Json;
}

/** The value the card's input `id` holds. */
const inputValue = (card: Json, id: string): unknown =>
  walk(card).find((n) => typeof n['type'] === 'string' && n['type'].startsWith('Input.') && n['id'] === id)?.['value'];

describe('Teams: typed values given back while the store is down are capped', () => {
  it('caps a forged "Try again" of the items: the card within budget, each value just over its field, no other keys', async () => {
    const app = await start();
    const items = await click(app, { verb: 'order_start' });
    const draft = button(items, 'order_items')['draft'];
    flaky.down = true;
    flaky.readsToo = true;
    const forged = {
      verb: 'order_items',
      draft,
      values: { [DOCK]: '1', special: HUGE, justification: HUGE, specialQuantity: '1', ...JUNK },
    };
    const told = await click(app, forged);
    expect(JSON.stringify(told)).toContain(orderMessages.en.storeDownAgain);
    expect(jsonBytes(told)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    const retry = button(told, 'order_items')['values'] as Record<string, string>;
    expect(Object.keys(retry).sort()).toEqual([DOCK, 'justification', 'special', 'specialQuantity'].sort());
    // Cut to one character over the field's 1 000, so the form still refuses it as too long, not takes it cut.
    expect(retry['special']).toHaveLength(1_001);
    expect(retry['special']?.endsWith('…')).toBe(true);
    expect(retry['justification']).toHaveLength(1_001);

    // Clicked once the store answers: refused as too long, nothing taken.
    flaky.down = false;
    flaky.readsToo = false;
    const refused = await click(app, button(told, 'order_items'));
    expect(JSON.stringify(refused)).toContain(orderMessages.en.tooLong({ max: 1_000 }));
    expect(JSON.stringify(refused)).toContain(orderMessages.en.itemsTitle);
    expect(jsonBytes(refused)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
  }, 60_000);

  it('caps the details put back into the form when the store takes no writes: within budget, the place refused once back', async () => {
    const app = await start();
    await click(app, { verb: 'order_start' });
    const details = await click(app, { verb: 'order_items', [DOCK]: '1' });
    flaky.down = true;
    const next = button(details, 'order_details');
    const kept = await click(app, {
      ...next,
      forWhom: 'self',
      faculty: 'arts',
      deliveryLocation: HUGE,
      costCentre: HUGE,
      ...JUNK,
    });
    expect(JSON.stringify(kept)).toContain(orderMessages.en.storeDownStep.slice(0, 60));
    expect(jsonBytes(kept)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(String(inputValue(kept, 'deliveryLocation'))).toHaveLength(201);
    expect(String(inputValue(kept, 'costCentre'))).toHaveLength(201);

    // Next with the form as shown once the store answers: the place refused as too long and shown empty.
    flaky.down = false;
    const refused = await click(app, {
      ...button(kept, 'order_details'),
      forWhom: 'self',
      faculty: 'arts',
      deliveryLocation: String(inputValue(kept, 'deliveryLocation')),
      costCentre: '12345678',
    });
    expect(JSON.stringify(refused)).toContain(orderMessages.en.tooLong({ max: 200 }));
    expect(inputValue(refused, 'deliveryLocation')).toBe('');
  }, 60_000);
});
