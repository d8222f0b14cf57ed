import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { readOrder, withOrder } from '../../../src/services/orders/order.js';
import { approvalRequestView, deskApprovalView, deskPanelView } from '../../../src/services/orders/order-notices.js';
import { buildOrderServices, okCase, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { toPerson } from '../../helpers/services.js';

const JUSTIFICATION = 'CAD work for the digital heritage project; repetitive strain otherwise.';
const SPECIAL = {
  'qty.headset-jabra-evolve2-65': '1',
  special: 'Ergonomic 3D mouse (3Dconnexion SpaceMouse)',
  justification: JUSTIFICATION,
};

describe('OrderService: what the approver reads', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('shows why a special item is needed on the approval card and its reminder, and on the desk panel', async () => {
    const { case: c } = await placeOrder(s, people.anna, SPECIAL);
    const [card] = toPerson(await s.outbox.take(), orderPeople.lise.id);
    expect(card?.title).toBe(`Godkend bestilling ${c.number}?`);
    expect(card?.facts?.find((f) => f.label === 'Hvorfor specialudstyret er nødvendigt')?.value).toBe(JUSTIFICATION);
    const order = readOrder(c);
    if (!order) throw new Error('not an order');
    const config = s.catalogue.catalogue.orders;
    const reminder = approvalRequestView(c, order, config, 'en', 3);
    expect(reminder.facts?.find((f) => f.label === 'Why the special item is needed')?.value).toBe(JUSTIFICATION);
    const panel = deskPanelView(c, order, 'en');
    expect(panel?.facts?.find((f) => f.label === 'Why the special item is needed')?.value).toBe(JUSTIFICATION);
  });

  it('shows no justification for an order of catalogue items only', async () => {
    const { case: c } = await placeOrder(s, people.anna, { 'qty.laptop-macbook-pro-14-m4': '2' });
    const [card] = toPerson(await s.outbox.take(), orderPeople.lise.id);
    expect(card?.title).toBe(`Godkend bestilling ${c.number}?`);
    expect(card?.facts?.map((f) => f.label)).not.toContain('Hvorfor specialudstyret er nødvendigt');
  });

  it("asks the user's manager as their manager", async () => {
    await placeOrder(s, people.anna, { 'qty.laptop-macbook-pro-14-m4': '2' });
    const [card] = toPerson(await s.outbox.take(), orderPeople.lise.id);
    expect(card?.text).toContain('Som leder bliver du bedt om at godkende den');
  });

  it('asks a fallback approver (the desk supervisor, for someone without a manager) in their place, not as manager', async () => {
    // Carl has no manager: Mette, ARTS Indkøb's supervisor, decides instead.
    const { case: c } = await placeOrder(s, people.carl, { 'qty.laptop-macbook-pro-14-m4': '2' });
    expect(readOrder(c)?.approval).toMatchObject({ approver: { id: orderPeople.mette.id }, fallback: true });
    const [card] = toPerson(await s.outbox.take(), orderPeople.mette.id);
    expect(card?.text).not.toContain('Som leder');
    expect(card?.text).toContain('Der kan ikke spørges en leder');
    expect(card?.text).toContain('så du bliver bedt om at godkende den i stedet');
  });

  it('tells the purchasing desk deciding for an erased approver that it needs approval, not that it is the manager', async () => {
    const { case: c } = await placeOrder(s, people.anna, SPECIAL);
    const order = readOrder(c);
    if (!order) throw new Error('not an order');
    const desk = withOrder(c, { ...order, approval: { ...order.approval, desk: true } });
    const view = deskApprovalView(desk, readOrder(desk) ?? order, s.catalogue.catalogue.orders, 'en');
    expect(view.text).toContain('the purchasing desk decides now');
    expect(view.text).toContain('It needs approval (it has a special item)');
    expect(view.text).not.toMatch(/manager you are asked|in their place/);
  });
});

describe('OrderService: a decision from an old approval card on an order the desk finished', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  /** Anna's special order, waiting for Lise's approval, resolved by the desk (cancelled at Anna's wish). */
  async function resolvedWhileWaiting(): Promise<Case> {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    const resolved = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'resolve',
        caseId: placed.id,
        version: placed.version,
        solution: 'Cancelled at the requester’s wish.',
      }),
    );
    await s.outbox.take();
    return resolved;
  }

  it('refuses an approval, saying why, and tells the requester nothing', async () => {
    const c = await resolvedWhileWaiting();
    const out = await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: c.id, version: c.version });
    expect(out.ok).toBe(false);
    expect(out.reply?.text).toBe(
      `Bestilling ${c.number} er allerede løst: indkøb afsluttede den, før der blev taget stilling, så der skal ikke tages stilling nu.`,
    );
    expect(toPerson(await s.outbox.take(), people.anna.id)).toEqual([]);
    const after = await s.store.getCase(c.id);
    expect(after?.status).toBe('resolved');
    expect(readOrder(after as Case)?.approval.state).toBe('pending');
  });

  it('refuses a rejection of a closed order, which stays closed', async () => {
    const c = await resolvedWhileWaiting();
    okCase(await s.cases.act(people.jonas, { verb: 'close', caseId: c.id, version: c.version }));
    const closed = await s.store.getCase(c.id);
    expect(closed?.status).toBe('closed');
    await s.outbox.take();
    const out = await s.orders.act(orderPeople.lise, {
      verb: 'order_reject',
      caseId: c.id,
      version: closed?.version ?? 0,
      reason: 'Not needed',
    });
    expect(out.ok).toBe(false);
    expect(out.reply?.text).toContain('er allerede lukket');
    expect((await s.store.getCase(c.id))?.status).toBe('closed');
    expect(toPerson(await s.outbox.take(), people.anna.id)).toEqual([]);
  });
});
