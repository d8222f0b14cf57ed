import { describe, expect, it } from 'vitest';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { type Json, walk } from '../../helpers/card-walk.js';
import { anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';
import { teamsClick } from '../../helpers/teams-client-click.js';

const apps = teamsAppPerTest('teams-order-details-typed-');

/** An employee at Arts. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const EMAILS = { '29:anna': 'anna.employee@au.dk' };
const DOCK = 'qty.dock-thinkpad-usb-c';

/** Anna's Action.Execute click in her chat with the bot; the card it answers with. */
async function click(app: TeamsApp, data: Json | undefined): Promise<Json> {
  expect(data, 'a click Teams sends').toBeDefined();
  const res = await app.post(anActionInvoke(ANNA, data ?? {}));
  expect(res.status).toBe(200);
  return ((await res.json()) as { value?: Json }).value ?? {};
}

/** The value the card's input `id` shows. */
const shown = (card: Json, id: string): unknown => walk(card).find((n) => n['id'] === id)?.['value'];

describe('Teams order form: after a refused Next, Back and Next show the details as last typed', () => {
  it('shows the refused cost centre as refused, not the cost centre taken before', async () => {
    const t = await apps.start({ emails: EMAILS });
    const items = await click(t, { verb: 'order_start' });
    const details = await click(t, teamsClick(items, 'Next', { [DOCK]: '1' }).sent);
    const typed = {
      forWhom: 'self',
      faculty: 'arts',
      deliveryLocation: 'Nobelparken 1481-235',
      costCentre: '12345678',
    };
    const summary = await click(t, teamsClick(details, 'Next', typed).sent);
    expect(JSON.stringify(summary)).toContain('Your order');

    // Back to the details; Anna changes the cost centre to one the order does not take: refused, shown as typed.
    const again = await click(t, teamsClick(summary, 'Back').sent);
    expect(shown(again, 'costCentre')).toBe('12345678');
    const refused = await click(t, teamsClick(again, 'Next', { ...typed, costCentre: '12-ab' }).sent);
    expect(JSON.stringify(refused)).toContain('A cost centre is 4 to 10 digits');
    expect(shown(refused, 'costCentre')).toBe('12ab');

    // Back (Teams sends none of the inputs with it) to the items, Next: the cost centre as she left it.
    const itemsAgain = await click(t, teamsClick(refused, 'Back').sent);
    const forward = await click(t, teamsClick(itemsAgain, 'Next').sent);
    expect(shown(forward, 'costCentre')).toBe('12ab');
    expect(shown(forward, 'deliveryLocation')).toBe('Nobelparken 1481-235');

    // Corrected, the summary has the new cost centre.
    const done = await click(t, teamsClick(forward, 'Next', { costCentre: '87654321' }).sent);
    expect(JSON.stringify(done)).toContain('87654321');
    expect(JSON.stringify(done)).not.toContain('12345678');
  });
});
