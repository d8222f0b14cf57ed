import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { readOrder } from '../../../src/services/orders/order.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, type TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-order-stock-');

/** An employee at Arts who writes English. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
/** An employee at Arts whose Teams is in Danish. */
const BO: TestUser = { id: '29:bo', aadObjectId: 'aad-bo', name: 'Bo Ansat' };
/** Anna's and Bo's manager in the managers file: she approves their orders above the threshold. */
const LISE: TestUser = { id: '29:lise', aadObjectId: 'aad-lise', name: 'Lise Damgaard' };
const EMAILS = {
  '29:anna': 'anna.employee@au.dk',
  '29:bo': 'bo.ansat@au.dk',
  '29:lise': 'lise.damgaard@cas.au.dk',
};
const MANAGERS = [
  'email;manager',
  'anna.employee@au.dk;lise.damgaard@cas.au.dk',
  'bo.ansat@au.dk;lise.damgaard@cas.au.dk',
  '',
].join('\n');
const LOCALE: Record<string, string> = { '29:anna': 'en-US', '29:bo': 'da-DK', '29:lise': 'en-US' };

async function start(): Promise<TeamsApp> {
  const dataDir = await apps.dirs.make();
  const file = path.join(dataDir, 'managers.csv');
  await writeFile(file, MANAGERS);
  return apps.start({ dataDir, emails: EMAILS, env: { MANAGERS_FILE: file } });
}

/** `user`'s Action.Execute click in their chat with the bot (in their Teams language); the invoke's answer. */
async function click(app: TeamsApp, user: TestUser, data: Record<string, unknown>): Promise<string> {
  const res = await app.post({ ...anActionInvoke(user, data), locale: LOCALE[user.id] });
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
}

/** What went to `user`'s personal chat with the bot since the calls were last cleared. */
function toChat(app: TeamsApp, user: TestUser): string {
  return app.calls
    .filter((c) => c.method === 'POST' && c.path.includes(`/a:personal-${user.id}/activities`))
    .map((c) => cardJson(c.body) + JSON.stringify(c.body['text'] ?? ''))
    .join('\n');
}

/** `user` orders `items` for themself at Arts through the order form's clicks; the answers and the case. */
async function order(
  app: TeamsApp,
  user: TestUser,
  items: Record<string, string>,
): Promise<{ summary: string; done: string; c: Case }> {
  await click(app, user, { verb: 'order_start' });
  await click(app, user, { verb: 'order_items', ...items });
  const summary = await click(app, user, {
    verb: 'order_details',
    forWhom: 'self',
    faculty: 'arts',
    deliveryLocation: '1481-235',
    costCentre: '12345678',
  });
  const done = await click(app, user, { verb: 'order_confirm' });
  const [c] = await app.app.services.store.findCases({ personId: `teams:${user.aadObjectId}` });
  expect(c).toBeDefined();
  return { summary, done, c: c! };
}

/** Lise approves `c` from her card; what then reaches `user`'s chat. */
async function approve(app: TeamsApp, c: Case, user: TestUser): Promise<string> {
  await app.app.services.dispatcher.runOnce();
  app.calls.length = 0;
  await click(app, LISE, { verb: 'order_approve', caseId: c.id, version: c.version });
  expect((await app.app.services.store.getCase(c.id))?.answers['approval']).toBe('approved');
  await app.app.services.dispatcher.runOnce();
  return toChat(app, user);
}

describe('Teams: an approved order of items in stock is not said to be ordered from a vendor', () => {
  it('tells an English requester of an in-stock MacBook Air that it is taken from stock and handed out', async () => {
    const app = await start();
    // Lise has talked to the bot once, so Teams can reach her.
    expect((await app.post(aPersonalMessage(LISE, 'help'))).status).toBe(200);

    // The MacBook Air is in stock (config/catalogue.yaml) and above the 10 000 DKK threshold: Lise approves.
    const { summary, done, c } = await order(app, ANNA, { 'qty.laptop-macbook-air-13-m3': '1' });
    expect(readOrder(c)?.approval).toMatchObject({ state: 'pending', approver: { name: 'Lise Damgaard' } });
    expect(summary).toContain('before it is taken from stock and handed out');
    expect(summary).not.toContain('before it is placed');
    expect(done).toContain(
      `When it is approved, ARTS Purchasing takes it from stock and prepares it; expected ready for hand-out around`,
    );
    expect(done).not.toContain('places it');

    const told = await approve(app, c, ANNA);
    expect(told).toContain(
      `Lise Damgaard has approved your order ${c.number}. The purchasing desk takes it from stock`,
    );
    expect(told).toContain('You will hear from a named person when and where you can collect it.');
    expect(told).not.toContain('places it now');
  });

  it('tells a Danish requester the same in Danish, and keeps the ordering text for an item with a lead time', async () => {
    const app = await start();
    expect((await app.post(aPersonalMessage(LISE, 'help'))).status).toBe(200);

    const stock = await order(app, BO, { 'qty.laptop-macbook-air-13-m3': '1' });
    expect(stock.summary).toContain('før udstyret tages fra lager og udleveres');
    expect(stock.done).toContain('tager ARTS Indkøb udstyret fra lager og klargør det');
    const toldStock = await approve(app, stock.c, BO);
    expect(toldStock).toContain(
      `Lise Damgaard har godkendt din bestilling ${stock.c.number}. Indkøb tager udstyret fra lager og klargør det; forventet klar til udlevering`,
    );
    expect(toldStock).not.toContain('afgiver den nu');

    // A MacBook Pro has a lead time of 10 business days: it is ordered from the vendor, as before.
    const vendor = await order(app, ANNA, { 'qty.laptop-macbook-pro-14-m4': '1' });
    expect(vendor.summary).toContain('before it is placed');
    expect(vendor.done).toContain('When it is approved, ARTS Purchasing places it; expected ready around');
    const toldVendor = await approve(app, vendor.c, ANNA);
    expect(toldVendor).toContain(
      `Lise Damgaard has approved your order ${vendor.c.number}. The purchasing desk places it now; expected ready`,
    );
  });
});
