import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { readOrder, withOrder } from '../../../src/services/orders/order.js';
import { orderMessages } from '../../../src/services/orders/order-messages.js';
import { deskPanelView } from '../../../src/services/orders/order-notices.js';
import { approvalTimers } from '../../../src/services/orders/order-sweeper.js';
import {
  artsDetails,
  buildOrderServices,
  okCase,
  orderPeople,
  type OrderServices,
  placeOrder,
} from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { kinds, threadTexts, toPerson } from '../../helpers/services.js';

const SPECIAL = {
  'qty.headset-jabra-evolve2-65': '1',
  special: 'Ergonomic 3D mouse (3Dconnexion SpaceMouse)',
  justification: 'CAD work for the digital heritage project; repetitive strain otherwise.',
};

describe('OrderService: approval', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  async function fresh(c: Case): Promise<Case> {
    const found = await s.store.getCase(c.id);
    if (!found) throw new Error('case vanished');
    return found;
  }

  it('asks the manager and tells the requester when a special item is approved', async () => {
    const { case: c, summary } = await placeOrder(s, people.anna, SPECIAL);
    expect(summary?.facts?.find((f) => f.label === 'Approval by')?.value).toBe('Lise Damgaard');
    expect(c.answers['approval']).toBe('pending');
    expect(readOrder(c)?.approval).toMatchObject({ state: 'pending', approver: { id: orderPeople.lise.id } });

    let sent = await s.outbox.take();
    // The manager's approval card; the requester's registered view stays in the chat (no receipt besides).
    expect(kinds(sent)).toEqual(['post_card', 'send_person', 'thread_reply']);
    const [card] = toPerson(sent, orderPeople.lise.id);
    // Lise reads Danish.
    expect(card?.title).toBe(`Godkend bestilling ${c.number}?`);
    expect(card?.text).toContain('Anna Berg har bestilt udstyr');
    expect(card?.text).toContain('den indeholder specialudstyr');
    expect(card?.form?.submit.map((a) => a.action)).toEqual([
      { verb: 'order_approve', caseId: c.id, version: c.version },
      { verb: 'order_reject', caseId: c.id, version: c.version },
    ]);
    expect(threadTexts(sent)).toEqual(['Venter på godkendelse fra Lise Damgaard; afgiv ikke bestillingen endnu.']);

    // Nobody else may answer; the desk may not start before the approval.
    const stranger = await s.orders.act(people.carl, { verb: 'order_approve', caseId: c.id, version: c.version });
    expect(stranger.ok).toBe(false);
    expect(!stranger.ok && stranger.code).toBe('CASE.FORBIDDEN');
    expect(stranger.reply?.text).toBe(
      `Thanks for wanting to help, but only Lise Damgaard can approve or reject order ${c.number}.`,
    );
    const early = await s.orders.act(orderPeople.anders, {
      verb: 'order_ready',
      caseId: c.id,
      version: c.version,
      slot1: 'Mon 10:00',
    });
    expect(early.reply?.text).toBe(`Order ${c.number} still waits for approval by Lise Damgaard.`);

    s.clock.advance(90 * 60_000);
    const approved = okCase(
      await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: c.id, version: c.version }),
    );
    expect(approved.answers['approval']).toBe('approved');
    expect(readOrder(approved)?.approval.decidedAt).toBe('2025-03-03T10:30:00.000Z');
    sent = await s.outbox.take();
    expect(toPerson(sent, people.anna.id).map((v) => v.text)).toEqual([
      // Special items are estimated at 20 business days from the approval.
      `Lise Damgaard has approved your order ${c.number}. The purchasing desk places it now; expected ready Mon, 31 Mar 2025.`,
    ]);
    expect(threadTexts(sent)[0]).toBe('Godkendt af Lise Damgaard. Bestillingen kan afgives.');
    const panel = sent.find((m) => m.kind === 'thread_reply' && m.view.form);
    expect(panel?.kind === 'thread_reply' && panel.view.form?.submit.map((a) => a.action.verb)).toEqual([
      'order_ordered',
      'order_ready',
    ]);

    const again = await s.orders.act(orderPeople.lise, { verb: 'order_reject', caseId: c.id, version: 0, reason: 'x' });
    expect(again.reply?.text).toBe(`Bestilling ${c.number} er allerede godkendt.`);
  });

  it('falls back to the Indkøb supervisor and resolves the order with the reason when it is rejected', async () => {
    // Carl has no manager in the directory; two MacBook Pros are above the threshold.
    const { case: c } = await placeOrder(s, people.carl, { 'qty.laptop-macbook-pro-14-m4': '2' });
    expect(readOrder(c)?.totalDkk).toBe(35_300);
    expect(readOrder(c)?.approval).toMatchObject({ approver: { id: orderPeople.mette.id }, fallback: true });
    const sent = await s.outbox.take();
    expect(toPerson(sent, orderPeople.mette.id)[0]?.text).toContain('over 10.000 kr.');

    const noReason = await s.orders.act(orderPeople.anders, {
      verb: 'order_reject',
      caseId: c.id,
      version: c.version,
      reason: 'No',
    });
    expect(!noReason.ok && noReason.code).toBe('CASE.FORBIDDEN');

    const rejected = okCase(
      await s.orders.act(orderPeople.mette, {
        verb: 'order_reject',
        caseId: c.id,
        version: c.version,
        reason: 'Standard laptops cover the need; talk to your head of department.',
      }),
    );
    expect(rejected.status).toBe('resolved');
    expect(rejected.answers['approval']).toBe('rejected');
    expect(rejected.solution?.text).toBe(
      'Order rejected by Mette Kirkegaard: Standard laptops cover the need; talk to your head of department.',
    );
    const told = toPerson(await s.outbox.take(), people.carl.id);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain(`Mette Kirkegaard has rejected your order ${c.number}:`);
    expect(told[0]?.text).toContain('Standard laptops cover the need');

    const late = await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: c.id, version: 0 });
    expect(late.reply?.text).toBe(`Order ${c.number} was rejected; there is nothing to deliver.`);
  });

  it('tells both the colleague and the user when an on-behalf order is approved', async () => {
    const { case: c } = await placeOrder(
      s,
      people.bo,
      { 'qty.laptop-macbook-air-13-m3': '1' },
      artsDetails({ forWhom: 'on_behalf', onBehalfOf: 'anna.berg@cas.au.dk' }),
    );
    expect(c.user.id).toBe(people.anna.id);
    // The MacBook Air is in stock: the desk is told to hand nothing out yet, not to hold back a vendor order.
    expect(threadTexts(await s.outbox.take())).toEqual([
      'Venter på godkendelse fra Lise Damgaard; udlever ikke noget fra lager endnu.',
    ]);
    okCase(await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: c.id, version: 0 }));
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.anna.id)[0]?.text).toContain('Lise Damgaard has approved your order');
    expect(toPerson(sent, people.anna.id)[0]?.text).toContain('The purchasing desk takes it from stock');
    expect(toPerson(sent, people.bo.id)[0]?.text).toContain('Lise Damgaard har godkendt din bestilling');
    expect(toPerson(sent, people.bo.id)[0]?.text).toContain('Indkøb tager udstyret fra lager');
    expect(threadTexts(sent)[0]).toBe(
      'Godkendt af Lise Damgaard. Udstyret kan tages fra lager og klargøres til udlevering.',
    );
  });

  it("offers the desk 'Ready for hand-out' first on an approved in-stock order's panel, not 'Ordered from vendor'", async () => {
    // A MacBook Air (in stock, above the threshold): after the approval the desk takes it from stock.
    const { case: c } = await placeOrder(s, people.anna, { 'qty.laptop-macbook-air-13-m3': '1' });
    await s.outbox.take();
    const approved = okCase(
      await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: c.id, version: c.version }),
    );
    const sent = await s.outbox.take();
    const panel = sent.find((m) => m.kind === 'thread_reply' && m.view.form);
    const view = panel?.kind === 'thread_reply' ? panel.view : undefined;
    expect(view?.text).toBe(orderMessages.da.panelStock);
    expect(view?.form?.submit.map((a) => [a.action.verb, a.style])).toEqual([
      ['order_ready', 'positive'],
      ['order_ordered', undefined],
    ]);
    // Its times come first; the vendor's fields stay for a stock that has run out.
    expect(view?.form?.inputs.map((i) => i.id)).toEqual([
      'order_ready.slot1',
      'order_ready.slot2',
      'order_ready.slot3',
      'order_ready.place',
      'order_ordered.vendor',
      'order_ordered.reference',
      'order_ordered.expectedAt',
    ]);
    // In English too.
    expect(deskPanelView(approved, readOrder(approved)!, 'en')?.text).toBe(orderMessages.en.panelStock);

    // Ready straight away, without an order placed with a vendor.
    const ready = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ready',
        caseId: c.id,
        version: approved.version,
        slot1: 'Wed 5 Mar 10:00',
      }),
    );
    expect(readOrder(ready)?.fulfilment).toMatchObject({ slots: ['Wed 5 Mar 10:00'] });
    expect(readOrder(ready)?.fulfilment.orderedAt).toBeUndefined();
  });

  it('reminds the manager after 2 and tells the desk after 4 business days when nobody answers', async () => {
    // Registered Monday 3 March, 10:00 Copenhagen.
    const { case: c } = await placeOrder(s, people.anna, SPECIAL);
    await s.outbox.take();
    const timers = approvalTimers(c, s.clock.now(), s);
    expect(timers).toEqual({
      reminderAt: '2025-03-05T09:00:00.000Z',
      escalateAt: '2025-03-07T09:00:00.000Z',
      due: [],
    });

    s.clock.set('2025-03-05T08:59:00Z');
    expect(await s.sweeper.sweep()).toEqual({ reminders: 0, escalations: 0 });
    s.clock.set('2025-03-05T09:00:00Z');
    expect(await s.sweeper.sweep()).toEqual({ reminders: 1, escalations: 0 });
    let sent = await s.outbox.take();
    const reminder = toPerson(sent, orderPeople.lise.id)[0];
    expect(reminder?.text).toContain(`Påmindelse: Anna Bergs bestilling ${c.number} har ventet 2 arbejdsdage`);
    expect(reminder?.form?.submit.map((a) => a.action.verb)).toEqual(['order_approve', 'order_reject']);
    expect(await s.sweeper.sweep()).toEqual({ reminders: 0, escalations: 0 });

    // Saturday and Sunday do not count: Friday 10:00 is the fourth business day.
    s.clock.set('2025-03-07T08:00:00Z');
    expect(await s.sweeper.sweep()).toEqual({ reminders: 0, escalations: 0 });
    s.clock.set('2025-03-07T09:00:00Z');
    expect(await s.sweeper.sweep()).toEqual({ reminders: 0, escalations: 1 });
    sent = await s.outbox.take();
    expect(threadTexts(sent)).toEqual([
      'Lise Damgaard har ikke svaret på godkendelsen i 4 arbejdsdage. Følg op med lederen eller bestilleren.',
    ]);
    expect(readOrder(await fresh(c))?.approval).toMatchObject({
      remindedAt: '2025-03-05T09:00:00.000Z',
      escalatedAt: '2025-03-07T09:00:00.000Z',
    });

    okCase(await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: c.id, version: 0 }));
    expect(approvalTimers(await fresh(c), s.clock.now(), s)).toBeNull();
    s.clock.set('2025-03-20T09:00:00Z');
    expect(await s.sweeper.sweep()).toEqual({ reminders: 0, escalations: 0 });
  });
});

describe('OrderService: nobody approves their own order', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('asks the Arts helpdesk supervisor when the Indkøb supervisor without a manager orders for herself', async () => {
    // Mette supervises ARTS Indkøb and has no manager in the directory: the desk's fallback approver is herself.
    const { case: c, summary } = await placeOrder(s, orderPeople.mette, SPECIAL);
    expect(summary?.facts?.find((f) => f.label === 'Godkendes af')?.value).toBe('Karen Møller');
    expect(readOrder(c)?.approval).toMatchObject({
      state: 'pending',
      approver: { id: people.karen.id },
      fallback: true,
    });
    expect(toPerson(await s.outbox.take(), people.karen.id)).toHaveLength(1);

    const own = await s.orders.act(orderPeople.mette, { verb: 'order_approve', caseId: c.id, version: c.version });
    expect(!own.ok && own.code).toBe('CASE.FORBIDDEN');
    expect(own.reply?.text).toBe(
      `Du kan ikke godkende eller afvise bestilling ${c.number}: det er din egen bestilling, eller en du har afgivet for en anden. Spørg godkenderen på bestillingen eller Indkøb.`,
    );
    okCase(await s.orders.act(people.karen, { verb: 'order_approve', caseId: c.id, version: c.version }));
  });

  it('skips the manager who orders on behalf of her employee for the desk supervisor', async () => {
    const { case: c } = await placeOrder(
      s,
      orderPeople.lise,
      SPECIAL,
      artsDetails({ forWhom: 'on_behalf', onBehalfOf: people.anna.email }),
    );
    expect(c.user.id).toBe(people.anna.id);
    expect(c.reporter?.id).toBe(orderPeople.lise.id);
    expect(readOrder(c)?.approval).toMatchObject({ approver: { id: orderPeople.mette.id }, fallback: true });

    const lise = await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: c.id, version: c.version });
    expect(!lise.ok && lise.code).toBe('CASE.FORBIDDEN');
    expect(lise.reply?.text).toContain('det er din egen bestilling, eller en du har afgivet for en anden');
    okCase(await s.orders.act(orderPeople.mette, { verb: 'order_approve', caseId: c.id, version: c.version }));
  });

  it("asks the manager's own manager when the user's manager placed the order", async () => {
    const managerOf = s.directory.managerOf;
    s.directory.managerOf = async (id) => (id === orderPeople.lise.id ? people.birgitte : (managerOf?.(id) ?? null));
    const { case: c } = await placeOrder(
      s,
      orderPeople.lise,
      SPECIAL,
      artsDetails({ forWhom: 'on_behalf', onBehalfOf: people.anna.email }),
    );
    expect(readOrder(c)?.approval.approver?.id).toBe(people.birgitte.id);
    expect(readOrder(c)?.approval.fallback).toBeUndefined();
  });

  it('refuses approve and reject to the requesters of an order that names one of them as approver', async () => {
    // An order registered before approvers were chosen among other people: it names the colleague who ordered.
    const { case: placed } = await placeOrder(
      s,
      orderPeople.lise,
      SPECIAL,
      artsDetails({ forWhom: 'on_behalf', onBehalfOf: people.anna.email }),
    );
    const order = readOrder(placed);
    if (!order) throw new Error('no order');
    const legacy = await s.store.updateCase(
      withOrder(placed, { ...order, approval: { ...order.approval, approver: { ...orderPeople.lise } } }),
      placed.version,
    );
    const approve = await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: legacy.id, version: 0 });
    expect(!approve.ok && approve.code).toBe('CASE.FORBIDDEN');
    const reject = await s.orders.act(people.anna, {
      verb: 'order_reject',
      caseId: legacy.id,
      version: 0,
      reason: 'Not needed after all.',
    });
    expect(!reject.ok && reject.code).toBe('CASE.FORBIDDEN');
    expect(reject.reply?.text).toBe(
      `You cannot approve or reject order ${legacy.number}: it is your own order, or one you placed for someone else. Ask the approver named on the order, or the purchasing desk.`,
    );
    expect(readOrder((await s.store.getCase(legacy.id)) ?? legacy)?.approval.state).toBe('pending');
  });

  it('asks the central dispatch supervisor when the helpdesk supervisor orders for the Indkøb supervisor', async () => {
    const { case: c } = await placeOrder(
      s,
      people.karen,
      SPECIAL,
      artsDetails({ forWhom: 'on_behalf', onBehalfOf: orderPeople.mette.email }),
    );
    expect(readOrder(c)?.approval.approver).toMatchObject({ email: 'lone.bech@au.dk', name: 'Lone Bech Hansen' });
  });

  it('does not send an order when the only one who could approve it is the requester', async () => {
    // Without a faculty the order goes to the central dispatch, whose supervisor Lone orders for herself.
    const lone = { id: 'teams:lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk', locale: 'en' } as const;
    await s.turn(lone, { action: { verb: 'order_start' } });
    await s.turn(lone, { action: { verb: 'order_items' }, values: SPECIAL });
    const summary = await s.turn(lone, {
      action: { verb: 'order_details' },
      values: artsDetails({ faculty: 'unknown' }),
    });
    expect(summary.views[0]?.facts?.find((f) => f.label === 'Approval by')).toBeUndefined();
    const refused = await s.turn(lone, { action: { verb: 'order_confirm' } });
    expect(refused.state).toBe('active');
    expect(refused.views[0]?.text).toContain(
      'Nobody but you (or the person the order is for) could approve this order, so it cannot be sent here.',
    );
    expect(await s.store.findCases({ personId: lone.id })).toHaveLength(0);
  });
});
