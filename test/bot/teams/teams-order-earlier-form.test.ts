import { describe, expect, it } from 'vitest';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-order-earlier-form-');

/** An employee at Arts. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const EMAILS = { '29:anna': 'anna.employee@au.dk' };
const DETAILS = { forWhom: 'self', faculty: 'arts', deliveryLocation: '1481-235', costCentre: '12345678' };

type Card = Record<string, unknown>;

/** Anna's Action.Execute click in her chat with the bot; the card it answers with. */
async function click(app: TeamsApp, data: Record<string, unknown>): Promise<Card> {
  const res = await app.post(anActionInvoke(ANNA, data));
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: Card }).value;
}

/** The data of the card's button `verb` (wherever on the card), as Teams sends it back when it is clicked. */
function button(card: Card, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  JSON.stringify(card, (_key, value: unknown) => {
    const a = value as { type?: unknown; verb?: unknown; data?: Record<string, unknown> } | null;
    if (!found && a && a.type === 'Action.Execute' && a.verb === verb) found = a.data;
    return value;
  });
  expect(found).toBeDefined();
  return found!;
}

describe("Teams: an earlier order's form left in the chat", () => {
  it('neither sends nor cancels the order open now', async () => {
    const t = await apps.start({ emails: EMAILS });
    // A dock, up to its summary, then left: Anna starts over with "order" and orders two headsets instead.
    await click(t, { verb: 'order_start' });
    await click(t, { verb: 'order_items', 'qty.dock-thinkpad-usb-c': '1' });
    const dockSummary = await click(t, { verb: 'order_details', ...DETAILS });
    expect(JSON.stringify(dockSummary)).toContain('Lenovo ThinkPad Universal USB-C Dock');
    expect((await t.post(aPersonalMessage(ANNA, 'order'))).status).toBe(200);
    const headsets = await click(t, { verb: 'order_items', 'qty.headset-jabra-evolve2-65': '2' });
    const headsetSummary = await click(t, { ...button(headsets, 'order_details'), ...DETAILS });
    expect(JSON.stringify(headsetSummary)).toContain('2 × Jabra Evolve2 65 headset');

    // "Send order" on the dock's summary, still higher up in the chat: nothing is registered.
    const stale = await click(t, button(dockSummary, 'order_confirm'));
    expect(JSON.stringify(stale)).toContain(
      'That form belongs to an earlier order that is no longer open, so nothing was done with it.',
    );
    expect(JSON.stringify(stale)).toContain('2 × Jabra Evolve2 65 headset');
    expect(await t.app.services.store.findCases({})).toHaveLength(0);
    // Nor does its Cancel end the headset order.
    await click(t, button(dockSummary, 'order_cancel'));

    const sent = await click(t, button(headsetSummary, 'order_confirm'));
    expect(JSON.stringify(sent)).toContain('Order SR-000001 is registered');
    const cases = await t.app.services.store.findCases({});
    expect(cases.map((c) => c.title)).toEqual(['Order: 2 × Jabra Evolve2 65 headset']);
  });
});
