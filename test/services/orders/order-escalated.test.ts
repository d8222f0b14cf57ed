import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case, Person } from '../../../src/models/case.js';
import { readOrder } from '../../../src/services/orders/order.js';
import {
  buildOrderServices,
  ORDER_VENDOR,
  okCase,
  orderedFromVendor,
  orderPeople,
  type OrderServices,
  placeOrder,
} from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { threadTexts, toPerson } from '../../helpers/services.js';

/** A member of Operations: Staff (operations purchasing), where the orders category escalates to. */
const hans: Person = { id: 'teams:hans', name: 'Hans Flink', email: 'hans.flink@au.dk', locale: 'en' };

/**
 * An order placed with its vendor and then escalated to another group is still with the vendor: its status stays
 * Awaiting vendor (as its order record says), for staff and the orderer alike, and the group it arrives at gets
 * the order's panel in its own thread to mark it received from.
 */
describe('OrderService: an order escalated while it is with its vendor', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices({ defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });

  /** `orderedFromVendor`, its messages taken. */
  async function ordered(): Promise<Case> {
    const c = await orderedFromVendor(s);
    expect(c.status).toBe('awaiting_vendor');
    await s.outbox.take();
    return c;
  }

  /** Anders (ARTS Purchasing) escalates the case, as `c` stands, to Operations: Staff. */
  const toOpsStaff = async (c: Case, reason: string) =>
    okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        groupId: 'ops-staff',
        reason,
      }),
    );

  it('stays Awaiting vendor for staff and the orderer, and the new group can mark it received', async () => {
    const c = await ordered();
    const moved = await toOpsStaff(c, 'The vendor contract is for operations purchasing');
    expect(moved.groupId).toBe('ops-staff');
    expect(moved.assignee).toBeUndefined();
    expect(readOrder(moved)?.fulfilment.orderedAt).toBeDefined();
    expect(moved.status).toBe('awaiting_vendor');
    expect(moved.vendor).toEqual(ORDER_VENDOR);

    const staff = await s.cases.act(hans, { verb: 'refresh', caseId: c.id });
    const orderer = await s.cases.act(people.anna, { verb: 'refresh', caseId: c.id });
    expect(staff.card?.statusLabel).toBe('Awaiting vendor');
    expect(orderer.card?.statusLabel).toBe('Awaiting vendor');

    const sent = await s.outbox.take();
    const post = sent.findIndex((m) => m.kind === 'post_card' && m.groupId === 'ops-staff');
    expect(post).toBeGreaterThanOrEqual(0);
    expect(threadTexts(sent)[0]).toBe(
      'Anders Lykke (ARTS Purchasing) escalated the case from ARTS Purchasing to this group. Reason: The vendor contract is for operations purchasing\nOrdered from Atea (PO-4711): it stays Awaiting vendor. Mark it received from the order panel below when it comes.',
    );
    // The order's panel, in the new group's thread (after its card), with "Received" for this version.
    const panel = sent.findIndex(
      (m) =>
        m.kind === 'thread_reply' &&
        m.view.form?.submit.some((a) => a.action.verb === 'order_received' && a.action['version'] === moved.version),
    );
    expect(panel).toBeGreaterThan(post);

    const received = okCase(await s.orders.act(hans, { verb: 'order_received', caseId: c.id, version: moved.version }));
    expect(received.status).toBe('in_progress');
    expect(received.assignee?.id).toBe(hans.id);
  });

  it('is claimed by whoever marks its next step from the pile, the orderer told once who has it', async () => {
    const moved = await toOpsStaff(await ordered(), 'The vendor contract is for operations purchasing');
    expect(moved.assignee).toBeUndefined();
    await s.outbox.take();

    const received = okCase(
      await s.orders.act(hans, { verb: 'order_received', caseId: moved.id, version: moved.version }),
    );
    expect(received.assignee?.id).toBe(hans.id);
    // A claim, as a status set on a case in the pile is: in the history, the thread and to the orderer by name …
    expect(received.history.map((h) => h.action).slice(-2)).toEqual(['claim', 'order_received']);
    const sent = await s.outbox.take();
    expect(threadTexts(sent)).toContain('Hans Flink (Operations: Operations staff) claimed the case.');
    // She hears it once: the step's own message names who has it.
    expect(toPerson(sent, people.anna.id).map((v) => v.text)).toEqual([
      `Your equipment for ${moved.number} has arrived. Hans Flink (Operations: Operations staff) is preparing it and tells you when you can collect it.`,
    ]);
  });

  it('stays Awaiting vendor when the desk had asked the orderer something meanwhile: the question is withdrawn', async () => {
    const c = await ordered();
    const asked = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_user',
        question: 'Is room 235 still right?',
      }),
    );
    expect(asked.status).toBe('awaiting_user');
    await s.outbox.take();
    const moved = await toOpsStaff(asked, 'The vendor contract is for operations purchasing');
    // As its order record says: with the vendor, not in the pile as new work.
    expect(moved.status).toBe('awaiting_vendor');
    expect(moved.assignee).toBeUndefined();
    expect(moved.pendingQuestion).toBeUndefined();
    expect(moved.sla.pausedSince).toBeUndefined();
    expect(moved.vendor).toEqual(ORDER_VENDOR);
    expect((await s.cases.act(people.anna, { verb: 'refresh', caseId: c.id })).card?.statusLabel).toBe(
      'Awaiting vendor',
    );
    expect((await s.cases.act(hans, { verb: 'refresh', caseId: c.id })).card?.statusLabel).toBe('Awaiting vendor');

    const sent = await s.outbox.take();
    expect(threadTexts(sent)[0]).toBe(
      'Anders Lykke (ARTS Purchasing) escalated the case from ARTS Purchasing to this group. Reason: The vendor contract is for operations purchasing\nWas awaiting the user (the question "Is room 235 still right?" is withdrawn). Ordered from Atea (PO-4711): it stays Awaiting vendor. Mark it received from the order panel below when it comes.',
    );
    // The orderer need not answer any more.
    expect(
      toPerson(sent, people.anna.id)
        .map((v) => v.text)
        .join('\n'),
    ).toContain('Is room 235 still right?');
    const received = okCase(await s.orders.act(hans, { verb: 'order_received', caseId: c.id, version: moved.version }));
    expect(received.status).toBe('in_progress');
  });

  it('stays Awaiting vendor when the desk had set it In progress by hand while the vendor still has it', async () => {
    const c = await ordered();
    const working = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'in_progress',
      }),
    );
    await s.outbox.take();
    const moved = await toOpsStaff(working, 'Operations purchasing follows up on Atea');
    expect(moved.status).toBe('awaiting_vendor');
    expect(moved.vendor).toEqual(ORDER_VENDOR);
    expect(threadTexts(await s.outbox.take())[0]).toContain('Ordered from Atea (PO-4711): it stays Awaiting vendor.');
  });

  it('arrives Registered, nobody named, with the panel for its next step, once the desk has it (received or ready)', async () => {
    const c = await ordered();
    const received = okCase(
      await s.orders.act(orderPeople.anders, { verb: 'order_received', caseId: c.id, version: c.version }),
    );
    expect(received.status).toBe('in_progress');
    await s.outbox.take();
    const moved = await toOpsStaff(received, 'Operations staff sets these screens up');
    // In progress names who works on it: nobody at the new group yet, so it is in their pile.
    expect(moved.status).toBe('registered');
    expect(moved.assignee).toBeUndefined();
    expect(readOrder(moved)?.fulfilment.receivedAt).toBeDefined();
    const sent = await s.outbox.take();
    expect(threadTexts(sent)[0]).toBe(
      'Anders Lykke (ARTS Purchasing) escalated the case from ARTS Purchasing to this group. Reason: Operations staff sets these screens up\nReceived from the vendor: it starts here as Registered. Mark it ready for hand-out from the order panel below.',
    );
    expect(
      sent.some((m) => m.kind === 'thread_reply' && m.view.form?.submit.some((a) => a.action.verb === 'order_ready')),
    ).toBe(true);
    const ready = okCase(
      await s.orders.act(hans, {
        verb: 'order_ready',
        caseId: c.id,
        version: moved.version,
        slot1: 'Monday 10:00',
        place: 'Bartholins Allé 2',
      }),
    );
    expect(ready.status).toBe('in_progress');
    expect(ready.assignee?.id).toBe(hans.id);
    await s.outbox.take();

    // Ready for hand-out and escalated back: Registered again, the hand-out from the panel.
    const back = okCase(
      await s.cases.act(hans, {
        verb: 'escalate_group',
        caseId: c.id,
        version: ready.version,
        groupId: 'arts-indkoeb',
        reason: 'Handed out at the Arts desk',
      }),
    );
    expect(back.status).toBe('registered');
    const again = await s.outbox.take();
    expect(threadTexts(again)[0]).toContain(
      'Ready for hand-out at Bartholins Allé 2: it starts here as Registered. Mark it handed out from the order panel below when the requester has it.',
    );
    expect(
      again.some((m) => m.kind === 'thread_reply' && m.view.actions?.some((a) => a.action.verb === 'order_handout')),
    ).toBe(true);
  });

  it('arrives Registered when it was not ordered from a vendor yet', async () => {
    const { case: placed } = await placeOrder(s, people.anna, { 'qty.screen-dell-p2725q': '1' });
    await s.outbox.take();
    const moved = await toOpsStaff(placed, 'Operations purchasing buys screens this month');
    expect(moved.status).toBe('registered');
    const sent = await s.outbox.take();
    // The panel to order it from, in the new group's thread (the old group's panel is not theirs to see).
    const post = sent.findIndex((m) => m.kind === 'post_card' && m.groupId === 'ops-staff');
    const panel = sent.findIndex(
      (m) => m.kind === 'thread_reply' && m.view.form?.submit.some((a) => a.action.verb === 'order_ordered'),
    );
    expect(post).toBeGreaterThanOrEqual(0);
    expect(panel).toBeGreaterThan(post);
  });
});
