import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { recordConnector, startTeamsApp, type TeamsApp } from '../../helpers/teams-app.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs('teams-order-details-limits-');

/** An employee at Arts. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const EMAILS = { '29:anna': 'anna.employee@au.dk' };
/** Teams shows no Adaptive Card bigger than about 28 KB: the form answered with one larger is lost. */
const TEAMS_CARD_BYTES = 28_000;

let t: TeamsApp | undefined;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(async () => {
  await t?.stop();
  t = undefined;
  nock.cleanAll();
});
afterAll(async () => {
  nock.enableNetConnect();
  await dirs.cleanup();
});

/** Anna's Action.Execute click in her chat with the bot; the invoke's answer as sent. */
async function click(app: TeamsApp, data: Record<string, unknown>): Promise<string> {
  const res = await app.post(anActionInvoke(ANNA, data));
  expect(res.status).toBe(200);
  return res.text();
}

describe('Teams: the order form refuses an over-long detail without echoing it', () => {
  it('answers a pasted 20 000-character person, place and cost centre with the form and "At most 200 characters"', async () => {
    t = await startTeamsApp({ dataDir: await dirs.make(), emails: EMAILS });
    recordConnector(t.calls);
    await click(t, { verb: 'order_start' });
    await click(t, { verb: 'order_items', 'qty.dock-thinkpad-usb-c': '1' });

    const pasted = 'Building 1481, room 235, '.repeat(800);
    expect(pasted.length).toBe(20_000);
    const answer = await click(t, {
      verb: 'order_details',
      forWhom: 'on_behalf',
      onBehalfOf: pasted,
      faculty: 'arts',
      deliveryLocation: pasted,
      costCentre: pasted,
    });
    // The details form again, small enough for Teams to show, each over-long field said to be too long.
    expect(Buffer.byteLength(answer)).toBeLessThan(TEAMS_CARD_BYTES);
    expect(answer).toContain('Who is it for, and where should it go?');
    expect(answer.match(/"errorMessage":"At most 200 characters\."/g)).toHaveLength(2);
    expect(answer).toContain('A cost centre is 4 to 10 digits');
    expect(answer).not.toContain('Nobody in the directory matches');

    // Nothing of it was kept: corrected, the order goes on to the summary with what was typed then.
    const summary = await click(t, {
      verb: 'order_details',
      forWhom: 'self',
      faculty: 'arts',
      deliveryLocation: '1481-235',
      costCentre: '12345678',
    });
    expect(summary).toContain('Your order');
    expect(summary).toContain('1481-235');
    expect(summary).not.toContain('room 235');
  });
});
