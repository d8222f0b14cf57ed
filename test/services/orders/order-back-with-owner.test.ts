import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { readOrder } from '../../../src/services/orders/order.js';
import { verbsOf } from '../../helpers/channel-card-outbox.js';
import {
  artsDetails,
  buildOrderServices,
  okCase,
  orderPeople,
  type OrderServices,
  placeOrder,
} from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { toPerson } from '../../helpers/services.js';

/** Jonas (ARTS Support, 1st level) orders for Anna: he is the order's named case owner; ARTS Purchasing has it. */
const forAnna = artsDetails({ forWhom: 'on_behalf', onBehalfOf: 'anna.berg@cas.au.dk' });

describe('OrderService: an order back with its owner tells the named case owner personally', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices({ defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });

  async function order(items: Record<string, unknown>): Promise<Case> {
    const { case: c } = await placeOrder(s, people.jonas, items, forAnna);
    expect(c.caseOwner?.id).toBe(people.jonas.id);
    expect(c.groupId).not.toBe(c.ownerGroupId);
    await s.outbox.take();
    return c;
  }

  it('tells the case owner when the purchasing desk hands the equipment out, with the card to close it from', async () => {
    const c = await order({ 'qty.screen-dell-p2725q': '1' });
    okCase(await s.orders.act(orderPeople.anders, { verb: 'order_ready', caseId: c.id, version: 0, slot1: 'now' }));
    await s.outbox.take();
    const done = okCase(await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: c.id, version: 0 }));
    const told = toPerson(await s.outbox.take(), people.jonas.id);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toBe(
      `Case ${done.number} ("${done.title}") is resolved by Anders Lykke (ARTS Purchasing) and back with you: check the solution, then close it or return it to the technician.`,
    );
    expect(told[0]?.actions).toBeUndefined();
    expect(told[0]?.caseCard?.caseId).toBe(c.id);
    expect(verbsOf(told[0]?.caseCard)).toContain('close');
  });

  it('tells the case owner who placed the order once when the approver rejects it: the reason, with the card', async () => {
    const c = await order({ 'qty.laptop-macbook-pro-14-m4': '2' });
    expect(c.answers['approval']).toBe('pending');
    okCase(
      await s.orders.act(orderPeople.lise, {
        verb: 'order_reject',
        caseId: c.id,
        version: 0,
        reason: 'Standard laptops cover the need.',
      }),
    );
    const sent = await s.outbox.take();
    const told = toPerson(sent, people.jonas.id);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toBe(
      `Lise Damgaard has rejected your order ${c.number}:\n\nStandard laptops cover the need.\n\nNothing will be bought. Talk to Lise Damgaard if you disagree, or place a new order.\n\nThe case is back with you: close it from its card.`,
    );
    expect(told[0]?.caseCard?.caseId).toBe(c.id);
    expect(verbsOf(told[0]?.caseCard)).toContain('close');
    // Anna, for whom it was ordered, gets the decision alone (no case card: the case is not hers to close).
    const anna = toPerson(sent, people.anna.id);
    expect(anna).toHaveLength(1);
    expect(anna[0]?.text).toContain('Standard laptops cover the need.');
    expect(anna[0]?.caseCard).toBeUndefined();
  });

  it('tells a case owner who did not place the order apart from the requesters when the order is rejected', async () => {
    const { case: c } = await placeOrder(s, people.anna, { 'qty.laptop-macbook-pro-14-m4': '2' }, artsDetails());
    const owned = await s.store.updateCase(
      { ...c, caseOwner: { id: people.jonas.id, name: people.jonas.name, email: people.jonas.email } },
      c.version,
      [],
    );
    await s.outbox.take();
    okCase(
      await s.orders.act(orderPeople.lise, {
        verb: 'order_reject',
        caseId: owned.id,
        version: 0,
        reason: 'No budget.',
      }),
    );
    const sent = await s.outbox.take();
    const texts = toPerson(sent, people.jonas.id).map((v) => v.text);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/^Case .* is resolved by Lise Damgaard and back with you: check the solution/);
    expect(toPerson(sent, people.anna.id).map((v) => v.text)).toEqual([expect.stringContaining('No budget.')]);
  });

  it('does not tell the case owner what he did himself', async () => {
    // Anders of the purchasing desk is the case owner this time (he placed it for Anna).
    const { case: placed } = await placeOrder(s, people.anna, { 'qty.screen-dell-p2725q': '1' }, artsDetails());
    const anders = { id: orderPeople.anders.id, name: orderPeople.anders.name, email: orderPeople.anders.email };
    const c = await s.store.updateCase({ ...placed, caseOwner: anders }, placed.version, []);
    await s.outbox.take();
    okCase(await s.orders.act(orderPeople.anders, { verb: 'order_ready', caseId: c.id, version: 0, slot1: 'now' }));
    await s.outbox.take();
    okCase(await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: c.id, version: 0 }));
    const sent = await s.outbox.take();
    expect(toPerson(sent, orderPeople.anders.id)).toEqual([]);
    expect(toPerson(sent, people.anna.id).length).toBeGreaterThan(0);
  });

  it('refuses the desk steps to the case owner outside the purchasing desk: nobody there is made to have it', async () => {
    const c = await order({ 'qty.screen-dell-p2725q': '1' });
    const only = `Only ARTS Purchasing can update the delivery of order ${c.number}.`;
    // In the desk's pile: taking the step would make Jonas (ARTS Support) its assignee, outside the desk.
    const ready = await s.orders.act(people.jonas, { verb: 'order_ready', caseId: c.id, version: 0, slot1: 'now' });
    expect(!ready.ok && ready.code).toBe('CASE.FORBIDDEN');
    expect(ready.reply?.text).toBe(only);
    const fresh = await s.store.getCase(c.id);
    expect(fresh?.assignee).toBeUndefined();
    expect(readOrder(fresh!)?.fulfilment.readyAt).toBeUndefined();
    // Nor once the desk has it: the desk marks its own steps.
    okCase(await s.orders.act(orderPeople.anders, { verb: 'order_ready', caseId: c.id, version: 0, slot1: 'now' }));
    await s.outbox.take();
    const handout = await s.orders.act(people.jonas, { verb: 'order_handout', caseId: c.id, version: 0 });
    expect(handout.reply?.text).toBe(only);
    expect((await s.store.getCase(c.id))?.status).toBe('in_progress');
    expect(await s.outbox.take()).toEqual([]);
  });
});
