import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { Case, Person } from '../../../src/models/case.js';
import { type Order, readOrder } from '../../../src/services/orders/order.js';
import { appPerTest } from '../../helpers/app-per-test.js';
import type { HardenedApp } from '../../helpers/hardening-app.js';
import { type MessageBlock, messageFormClick } from '../../helpers/slack-message-form.js';
import type { SlackUserFixture } from '../../helpers/slack-harness.js';

const apps = appPerTest('slack-order-forms-');
const ANNA = { id: 'U0ANNA', name: 'Anna Berg', email: 'anna.berg@cas.au.dk', locale: 'en-US' };
/** ARTS Indkøb's supervisor (config/catalogue.yaml): the approver when the requester has no manager. */
const METTE = { id: 'U0METTE', name: 'Mette Kirkegaard', email: 'mette.kirkegaard@au.dk', locale: 'da-DK' };
/** An ARTS Indkøb member. */
const ANDERS = { id: 'U0ANDERS', name: 'Anders Lykke', email: 'anders.lykke@au.dk', locale: 'en-GB' };
/** ARTS Indkøb's Slack channel (config/catalogue.yaml): the desk panel goes into the case's thread there. */
const DESK_CHANNEL = 'C0ARTSIND';
const RESPONSE_URL = 'https://hooks.slack.test/actions/T0AU/1/abc';

/** A special item: the order needs approval. */
const SPECIAL = {
  'qty.headset-jabra-evolve2-65': '1',
  special: 'Ergonomic 3D mouse (3Dconnexion SpaceMouse)',
  justification: 'CAD work for the digital heritage project.',
};
/** A screen in stock: no approval, straight to the desk. */
const SCREEN = { 'qty.screen-dell-p2725q': '1' };

/**
 * The whole app on Slack; `users.lookupByEmail` finds Mette (the approval card's addressee, known by e-mail only),
 * answered before the app's catch-all fake of the Web API.
 */
async function start(): Promise<HardenedApp> {
  nock('https://slack.test')
    .persist()
    .post('/api/users.lookupByEmail', (b) => new URLSearchParams(b as string).get('email') === METTE.email)
    .reply(200, {
      ok: true,
      user: { id: METTE.id, name: 'mette', real_name: METTE.name, profile: { email: METTE.email } },
    });
  return apps.start(() => ({ rateLimit: false, slackUsers: [ANNA, METTE, ANDERS] }));
}

/** Anna orders in her Slack DM (the order conversation itself is not under test here); the registered case. */
async function annaOrders(app: HardenedApp, items: Record<string, string>): Promise<Case> {
  const anna: Person = { id: `slack:${ANNA.id}`, name: ANNA.name, email: ANNA.email, locale: 'en' };
  const turn = (rest: object) =>
    app.app.services.orders.handle({
      conversationKey: `slack:dm:${ANNA.id}`,
      person: anna,
      platform: 'slack',
      ...rest,
    });
  await turn({ action: { verb: 'order_start' } });
  expect((await turn({ action: { verb: 'order_items' }, values: items })).errors).toBeUndefined();
  const details = { forWhom: 'self', faculty: 'arts', deliveryLocation: '1481-235', costCentre: '12345678' };
  expect((await turn({ action: { verb: 'order_details' }, values: details })).errors).toBeUndefined();
  const done = await turn({ action: { verb: 'order_confirm' } });
  return done.case!;
}

/** The blocks of the last message the bot posted (Slack Web API `chat.postMessage`) with a button `button`. */
async function postedWith(
  app: HardenedApp,
  button: string,
  channel?: string,
): Promise<{ channel: string; blocks: MessageBlock[] }> {
  const find = () =>
    app.slackCalls
      .filter((c) => c.method === 'chat.postMessage' && (!channel || c.body['channel'] === channel))
      .map((c) => ({
        channel: c.body['channel'] ?? '',
        blocks: JSON.parse(c.body['blocks'] ?? '[]') as MessageBlock[],
      }))
      .filter((m) => m.blocks.some((b) => b.elements?.some((e) => e.action_id === button)))
      .at(-1);
  await expect.poll(() => find() !== undefined, { timeout: 5_000 }).toBe(true);
  return find()!;
}

async function orderOf(app: HardenedApp, c: Case): Promise<Order> {
  return readOrder((await app.app.services.store.getCase(c.id))!)!;
}

/** `user` clicks `button` under the message's form, having typed `typed`; the answers to the click's response URL. */
async function click(
  app: HardenedApp,
  user: SlackUserFixture,
  message: { channel: string; blocks: MessageBlock[] },
  button: string,
  typed: Record<string, string>,
): Promise<void> {
  const res = await app.slack(
    messageFormClick({ id: user.id, name: user.name }, message.channel, message.blocks, button, typed, {
      responseUrl: RESPONSE_URL,
    }),
  );
  expect(res.status).toBe(200);
}

/** Everything said to the click's response URL, and in the Web API messages to `channel`, since `from`. */
function saidSince(app: HardenedApp, from: { responses: number; calls: number }, channel: string): string {
  return [
    ...app.responses.slice(from.responses).map((r) => JSON.stringify(r.body)),
    ...app.slackCalls
      .slice(from.calls)
      .filter((c) => c.body['channel'] === channel)
      .map((c) => JSON.stringify(c.body)),
  ].join('\n');
}

const mark = (app: HardenedApp) => ({ responses: app.responses.length, calls: app.slackCalls.length });

describe('Slack: the approver answers an order from the approval card in the DM', () => {
  it('rejects with the reason typed on the card, and the requester hears the reason', async () => {
    const app = await start();
    const c = await annaOrders(app, SPECIAL);
    expect(readOrder(c)?.approval).toMatchObject({ state: 'pending', approver: { email: METTE.email } });
    const card = await postedWith(app, 'order_reject');

    // Reject without a reason: asked for it in Mette's language, by its name, nothing decided.
    let from = mark(app);
    await click(app, METTE, card, 'order_reject', {});
    await expect.poll(() => saidSince(app, from, card.channel), { timeout: 5_000 }).toContain('udfyld «');
    expect(saidSince(app, from, card.channel)).not.toContain('reason is missing');
    expect((await orderOf(app, c)).approval.state).toBe('pending');

    from = mark(app);
    await click(app, METTE, card, 'order_reject', { 'order_reject.reason': 'Take the standard mouse.' });
    await expect.poll(async () => (await orderOf(app, c)).approval.state, { timeout: 5_000 }).toBe('rejected');
    expect((await orderOf(app, c)).approval.reason).toBe('Take the standard mouse.');
    // Anna is told, with the reason (her DM, found by her Slack id).
    await expect
      .poll(
        () =>
          app.slackCalls
            .slice(from.calls)
            .filter((call) => call.method === 'chat.postMessage' && call.body['channel'] !== card.channel)
            .some((call) => (call.body['blocks'] ?? '').includes('Take the standard mouse.')),
        { timeout: 5_000 },
      )
      .toBe(true);
  });
});

describe("Slack: the purchasing desk's panel in the case thread", () => {
  it('marks the order ordered, slipped, received and ready with what the desk typed on the panel', async () => {
    const app = await start();
    const c = await annaOrders(app, SCREEN);
    const first = await postedWith(app, 'order_ordered', DESK_CHANNEL);

    // "Ordered from vendor" with no vendor: asked for the vendor by its name, in Anders' language.
    let from = mark(app);
    await click(app, ANDERS, first, 'order_ordered', { 'order_ordered.expectedAt': '2027-01-12' });
    await expect
      .poll(() => saidSince(app, from, DESK_CHANNEL), { timeout: 5_000 })
      .toContain('please fill in “Vendor”');
    expect(saidSince(app, from, DESK_CHANNEL)).not.toContain('vendor is missing');
    expect((await orderOf(app, c)).fulfilment.orderedAt).toBeUndefined();

    await click(app, ANDERS, first, 'order_ordered', {
      'order_ordered.vendor': 'Atea',
      'order_ordered.reference': 'PO-4711',
      'order_ordered.expectedAt': '2027-01-12',
      // The panel's other button's inputs are no part of this one.
      'order_ready.slot1': 'Monday 10:00',
    });
    await expect.poll(async () => (await orderOf(app, c)).fulfilment.vendor, { timeout: 5_000 }).toBe('Atea');
    expect((await orderOf(app, c)).fulfilment).toMatchObject({ reference: 'PO-4711', expectedAt: '2027-01-12' });
    expect((await orderOf(app, c)).fulfilment.slots).toBeUndefined();

    // The next panel: the delivery slips. An input of another verb never stands in for this one's own date.
    const second = await postedWith(app, 'order_slipped', DESK_CHANNEL);
    from = mark(app);
    await click(app, ANDERS, second, 'order_slipped', {
      'order_ordered.expectedAt': '2027-03-01',
      'order_slipped.reason': 'Out of stock at Atea',
    });
    await expect
      .poll(() => saidSince(app, from, DESK_CHANNEL), { timeout: 5_000 })
      .toContain('please fill in “Expected date”');
    expect((await orderOf(app, c)).fulfilment).toMatchObject({ expectedAt: '2027-01-12', slips: [] });

    // A reason longer than its input takes (1000; the server took 20 000 before): refused by the input's label and
    // the limit, nothing saved.
    from = mark(app);
    await click(app, ANDERS, second, 'order_slipped', {
      'order_slipped.expectedAt': '2027-01-26',
      'order_slipped.reason': 'r'.repeat(1001),
    });
    await expect
      .poll(() => saidSince(app, from, DESK_CHANNEL), { timeout: 5_000 })
      .toContain(
        'I could not use that: “Why (shown to the requester)” is 1,001 characters; at most 1,000 fit. Nothing was ' +
          'saved: please shorten it and send it again.',
      );
    expect((await orderOf(app, c)).fulfilment).toMatchObject({ expectedAt: '2027-01-12', slips: [] });

    await click(app, ANDERS, second, 'order_slipped', {
      'order_slipped.expectedAt': '2027-01-26',
      'order_slipped.reason': 'Out of stock at Atea',
    });
    await expect.poll(async () => (await orderOf(app, c)).fulfilment.expectedAt, { timeout: 5_000 }).toBe('2027-01-26');
    expect((await orderOf(app, c)).fulfilment.slips).toMatchObject([
      { from: '2027-01-12', to: '2027-01-26', reason: 'Out of stock at Atea' },
    ]);

    await click(app, ANDERS, await postedWith(app, 'order_received', DESK_CHANNEL), 'order_received', {});
    await expect.poll(async () => (await orderOf(app, c)).fulfilment.receivedAt, { timeout: 5_000 }).toBeDefined();

    const ready = await postedWith(app, 'order_ready', DESK_CHANNEL);
    await click(app, ANDERS, ready, 'order_ready', {
      'order_ready.slot1': 'Monday 10:00',
      'order_ready.slot2': 'Tuesday 13:00',
      'order_ready.place': 'Room 1481-235',
    });
    await expect.poll(async () => (await orderOf(app, c)).fulfilment.readyAt, { timeout: 5_000 }).toBeDefined();
    expect((await orderOf(app, c)).fulfilment).toMatchObject({
      slots: ['Monday 10:00', 'Tuesday 13:00'],
      place: 'Room 1481-235',
    });
  });
});
