import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { readOrder } from '../../../src/services/orders/order.js';
import { orderStats } from '../../../src/services/orders/order-stats.js';
import {
  artsDetails,
  buildOrderServices,
  okCase,
  orderPeople,
  type OrderServices,
  placeOrder,
} from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { threadTexts, toPerson } from '../../helpers/services.js';

describe('OrderService: fulfilment and hand-out', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  /** A 27" screen: 7 business days' lead time, below the threshold (no approval). Promised Wed 12 March. */
  async function screenOrder(): Promise<Case> {
    const { case: c } = await placeOrder(s, people.anna, { 'qty.screen-dell-p2725q': '1' });
    await s.outbox.take();
    return c;
  }

  it('tells the requester at each step and when the delivery slips', async () => {
    let c = await screenOrder();
    expect(readOrder(c)?.promisedAt).toBe('2025-03-12');

    const past = await s.orders.act(orderPeople.anders, {
      verb: 'order_ordered',
      caseId: c.id,
      version: c.version,
      vendor: 'Atea',
      expectedAt: '2025-02-28',
    });
    expect(past.reply?.text).toBe('2025-02-28 is in the past.');

    c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ordered',
        caseId: c.id,
        version: c.version,
        vendor: 'Atea',
        reference: 'PO-4711',
        expectedAt: '2025-03-12',
      }),
    );
    expect(c.status).toBe('awaiting_vendor');
    expect(c.vendor).toEqual({ name: 'Atea', reference: 'PO-4711', expectedAt: '2025-03-12' });
    let sent = await s.outbox.take();
    // Ordering it from the pile claims it for Anders: the thread hears of the claim, Anna only the step's message,
    // which names him.
    expect(toPerson(sent, people.anna.id).map((v) => v.text)).toEqual([
      `Anders Lykke (ARTS Purchasing) has ordered your equipment (${c.number}) from Atea. Expected delivery: Wed, 12 Mar 2025.`,
    ]);
    expect(threadTexts(sent).slice(0, 2)).toEqual([
      'Anders Lykke (ARTS Indkøb) har taget sagen.',
      'Anders Lykke bestilte hos Atea (PO-4711); forventet 2025-03-12.',
    ]);

    // A second "ordered" click (an old panel) changes nothing.
    const twice = await s.orders.act(orderPeople.nanna, {
      verb: 'order_ordered',
      caseId: c.id,
      version: 0,
      vendor: 'Atea',
      expectedAt: '2025-03-12',
    });
    expect(twice.ok).toBe(false);

    s.clock.set('2025-03-11T09:00:00Z');
    c = okCase(
      await s.orders.act(orderPeople.nanna, {
        verb: 'order_slipped',
        caseId: c.id,
        version: c.version,
        expectedAt: '2025-03-19',
        reason: 'The vendor is out of stock until next week.',
      }),
    );
    expect(c.vendor?.expectedAt).toBe('2025-03-19');
    expect(readOrder(c)?.fulfilment.slips).toEqual([
      {
        at: '2025-03-11T09:00:00.000Z',
        from: '2025-03-12',
        to: '2025-03-19',
        reason: 'The vendor is out of stock until next week.',
      },
    ]);
    sent = await s.outbox.take();
    expect(toPerson(sent, people.anna.id)[0]?.text).toBe(
      `Nanna Ravn (ARTS Purchasing): the delivery of your order ${c.number} is late. It was expected Wed, 12 Mar 2025, now Wed, 19 Mar 2025.\n\nThe vendor is out of stock until next week.`,
    );
    const same = await s.orders.act(orderPeople.nanna, {
      verb: 'order_slipped',
      caseId: c.id,
      version: c.version,
      expectedAt: '2025-03-19',
    });
    expect(same.reply?.text).toBe('Bestillingen er allerede ventet 2025-03-19.');

    s.clock.set('2025-03-19T08:00:00Z');
    c = okCase(await s.orders.act(orderPeople.nanna, { verb: 'order_received', caseId: c.id, version: c.version }));
    expect(c.status).toBe('in_progress');
    expect(toPerson(await s.outbox.take(), people.anna.id)[0]?.text).toContain('has arrived');
  });

  it('tells the requester a new date earlier than expected as good news, not as late', async () => {
    let c = await screenOrder();
    c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ordered',
        caseId: c.id,
        version: c.version,
        vendor: 'Atea',
        expectedAt: '2025-03-12',
      }),
    );
    await s.outbox.take();
    c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_slipped',
        caseId: c.id,
        version: c.version,
        expectedAt: '2025-03-07',
        reason: 'Atea ships from the Danish warehouse after all.',
      }),
    );
    expect(readOrder(c)?.fulfilment.expectedAt).toBe('2025-03-07');
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.anna.id).map((v) => v.text)).toEqual([
      `Anders Lykke (ARTS Purchasing): good news, your order ${c.number} comes sooner. It was expected Wed, 12 Mar 2025, now Fri, 7 Mar 2025.\n\nAtea ships from the Danish warehouse after all.`,
    ]);
    expect(threadTexts(sent)[0]).toBe(
      'Anders Lykke: leveringen er rykket frem til 2025-03-07; bestilleren har fået besked.',
    );
  });

  it('takes no set-up answer once the order is closed', async () => {
    let c = await screenOrder();
    c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ready',
        caseId: c.id,
        version: c.version,
        slot1: 'Thu 6 Mar 09:00',
      }),
    );
    c = okCase(await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: c.id, version: c.version }));
    expect(c.status).toBe('resolved');
    c = okCase(await s.cases.act(people.jonas, { verb: 'close', caseId: c.id, version: c.version }));
    await s.outbox.take();
    const late = await s.orders.act(people.anna, {
      verb: 'order_setup_help',
      caseId: c.id,
      version: c.version,
      slot: 'Thu 6 Mar 09:00',
    });
    expect(late.ok).toBe(false);
    expect(readOrder((await s.store.getCase(c.id)) as Case)?.fulfilment.setup).toBeUndefined();
    expect(await s.outbox.take()).toEqual([]);
  });

  it('tells the colleague who ordered on the user’s behalf of the hand-out too, once', async () => {
    // Bo (who reads Danish) orders a dock for Anna; below the threshold, no approval.
    const { case: placed } = await placeOrder(
      s,
      people.bo,
      { 'qty.dock-thinkpad-usb-c': '1' },
      artsDetails({ forWhom: 'on_behalf', onBehalfOf: people.anna.email }),
    );
    expect(placed.reporter?.id).toBe(people.bo.id);
    let c = okCase(
      await s.orders.act(orderPeople.anders, { verb: 'order_ready', caseId: placed.id, version: 0, slot1: 'now' }),
    );
    await s.outbox.take();
    c = okCase(await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: c.id, version: c.version }));
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.bo.id).map((v) => v.text)).toEqual([
      `Anders Lykke (ARTS Indkøb) har udleveret udstyret, du bestilte til Anna Berg (${c.number}). Anna Berg får tilbudt hjælp til opsætning og bliver spurgt, om det virker.`,
    ]);
    // Anna gets the set-up offer and the question whether it is solved, as before.
    expect(toPerson(sent, people.anna.id)).toHaveLength(2);
  });

  it('books set-up help at the chosen time when the requester asks for it at hand-out', async () => {
    let c = await screenOrder();
    c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ready',
        caseId: c.id,
        version: c.version,
        slot1: 'Thu 6 Mar 09:00',
        slot3: 'Fri 7 Mar 13:00',
      }),
    );
    expect(readOrder(c)?.fulfilment.slots).toEqual(['Thu 6 Mar 09:00', 'Fri 7 Mar 13:00']);
    const early = await s.orders.act(people.anna, {
      verb: 'order_setup_help',
      caseId: c.id,
      version: c.version,
      slot: 'Thu 6 Mar 09:00',
    });
    expect(early.ok).toBe(false);

    c = okCase(await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: c.id, version: c.version }));
    await s.outbox.take();

    const wrong = await s.orders.act(people.anna, {
      verb: 'order_setup_help',
      caseId: c.id,
      version: c.version,
      slot: 'Sat 8 Mar 23:00',
    });
    expect(wrong.reply?.text).toBe('Choose one of the offered times: Thu 6 Mar 09:00; Fri 7 Mar 13:00.');
    const other = await s.orders.act(people.carl, {
      verb: 'order_setup_help',
      caseId: c.id,
      version: c.version,
      slot: 'Thu 6 Mar 09:00',
    });
    expect(other.reply?.text).toBe(`Only the person the order ${c.number} is for can answer this.`);

    const booked = await s.orders.act(people.anna, {
      verb: 'order_setup_help',
      caseId: c.id,
      version: c.version,
      slot: 'Fri 7 Mar 13:00',
    });
    expect(booked.ok && booked.reply?.text).toBe(
      `Booked: ARTS Purchasing helps you set up your equipment (${c.number}) at Fri 7 Mar 13:00.`,
    );
    const sent = await s.outbox.take();
    expect(threadTexts(sent)).toEqual(['Anna Berg vil gerne have hjælp til opsætning Fri 7 Mar 13:00.']);
    expect(toPerson(sent, orderPeople.anders.id)[0]?.text).toBe(
      `${c.number}: Anna Berg would like set-up help at Fri 7 Mar 13:00.`,
    );
    const again = await s.orders.act(people.anna, { verb: 'order_self_setup', caseId: c.id, version: 0 });
    expect(again.reply?.text).toBe(`You have already answered the set-up offer for ${c.number}.`);
  });

  it('refuses fulfilment steps by people outside the purchasing desk and out of order', async () => {
    const c = await screenOrder();
    const outsider = await s.orders.act(people.jonas, { verb: 'order_handout', caseId: c.id, version: c.version });
    expect(!outsider.ok && outsider.code).toBe('CASE.FORBIDDEN');
    expect(outsider.reply?.text).toBe(`Only ARTS Purchasing can update the delivery of order ${c.number}.`);
    const tooSoon = await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: c.id, version: c.version });
    expect(tooSoon.reply?.text).toBe(`Order ${c.number}: "Handed out" does not fit where the order is now.`);
    const notOrdered = await s.orders.act(orderPeople.anders, { verb: 'order_received', caseId: c.id, version: 0 });
    expect(!notOrdered.ok && notOrdered.code).toBe('CASE.INVALID_TRANSITION');
  });

  it('counts orders, approval minutes, delivery days and on-time share for the reports', async () => {
    // On time: from stock, handed out the same day.
    const { case: a } = await placeOrder(s, people.carl, { 'qty.headset-jabra-evolve2-65': '1' });
    okCase(await s.orders.act(orderPeople.anders, { verb: 'order_ready', caseId: a.id, version: 0, slot1: 'now' }));
    okCase(await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: a.id, version: 0 }));
    // Late: approved after 90 minutes, promised Wed 5 March, handed out Tue 11 March.
    const { case: b } = await placeOrder(s, people.anna, {
      'qty.laptop-thinkpad-t14-g5': '1',
      'qty.dock-thinkpad-usb-c': '1',
    });
    s.clock.advance(90 * 60_000);
    okCase(await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: b.id, version: 0 }));
    okCase(await s.orders.act(orderPeople.anders, { verb: 'order_ready', caseId: b.id, version: 0, slot1: 'later' }));
    s.clock.set('2025-03-11T09:00:00Z');
    okCase(await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: b.id, version: 0 }));
    // A third order, still open, counts as an order only.
    await placeOrder(s, people.bo, { 'qty.licence-nvivo': '1' });

    const stats = await orderStats(s.store, '2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z', { calendar: s.calendar });
    expect(stats.orders).toBe(3);
    expect(stats.meanApprovalMinutes).toBe(90);
    // a: 0 days; b: created 3 March 09:00Z, handed out 11 March 09:00Z = 8 days.
    expect(stats.meanDeliveryDays).toBeCloseTo(4, 5);
    expect(stats.onTimeShare).toBe(0.5);

    const none = await orderStats(s.store, '2025-04-01T00:00:00Z', '2025-05-01T00:00:00Z');
    expect(none).toEqual({ orders: 0, meanApprovalMinutes: null, meanDeliveryDays: null, onTimeShare: null });
  });
});

describe('OrderService: hand-out of an order nobody has', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('claims it as the other desk steps do: the claim in the history and the thread, the requester told once', async () => {
    const { case: placed } = await placeOrder(s, people.anna, { 'qty.screen-dell-p2725q': '1' });
    let c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ready',
        caseId: placed.id,
        version: placed.version,
        slot1: 'Thu 6 Mar 09:00',
      }),
    );
    c = okCase(await s.service.act(orderPeople.anders, { verb: 'unassign', caseId: c.id, version: c.version }));
    expect(c.assignee).toBeUndefined();
    await s.outbox.take();

    c = okCase(await s.orders.act(orderPeople.nanna, { verb: 'order_handout', caseId: c.id, version: c.version }));
    expect(c.assignee?.id).toBe(orderPeople.nanna.id);
    expect(c.history.slice(-2).map((h) => h.action)).toEqual(['claim', 'order_handout']);
    const sent = await s.outbox.take();
    expect(threadTexts(sent)).toContain('Nanna Ravn (ARTS Indkøb) har taget sagen.');
    // The hand-out's own messages name who handed it out: no "… is working on your case" besides.
    const toAnna = toPerson(sent, people.anna.id);
    expect(toAnna.map((m) => m.text).join('\n')).not.toMatch(/arbejder nu på din sag|is now working on your case/);
    expect(toAnna).toHaveLength(2);
  });
});
