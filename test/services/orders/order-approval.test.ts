import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { readOrder } from '../../../src/services/orders/order.js';
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
    await s.outbox.take();
    okCase(await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: c.id, version: 0 }));
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.anna.id)[0]?.text).toContain('Lise Damgaard has approved your order');
    expect(toPerson(sent, people.bo.id)[0]?.text).toContain('Lise Damgaard har godkendt din bestilling');
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
