import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { buildOrderServices, okCase, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { toPerson } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';

const SPECIAL = {
  'qty.headset-jabra-evolve2-65': '1',
  special: 'Ergonomic 3D mouse (3Dconnexion SpaceMouse)',
  justification: 'CAD work for the digital heritage project; repetitive strain otherwise.',
};
const DOCK = { 'qty.dock-thinkpad-usb-c': '1' };

/** Registered Monday 3 March 10:00 Copenhagen; the desk asks at 11:00 and goes on at 13:00 the same day. */
const ASKED = '2025-03-03T10:00:00.000Z';
const ON = '2025-03-03T12:00:00.000Z';

/**
 * An order the desk goes on with, or the approver decides, while it waits for the user's answer: the case leaves
 * Awaiting user as it does when resolved or moved on by hand — the resolution clock runs again (the wait recorded
 * as a pause) and the open question is dropped.
 */
describe('OrderService: an order leaving Awaiting user', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  /** The desk (Anders) asks the user which room, at `ASKED`; the clock then moves to `ON`. */
  async function askUser(c: Case): Promise<Case> {
    s.clock.set(ASKED);
    const current = await fresh(c);
    const waiting = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'set_status',
        caseId: c.id,
        version: current.version,
        status: 'awaiting_user',
        question: 'Which room should it go to?',
      }),
    );
    expect(waiting.sla.pausedSince).toBe(ASKED);
    await s.outbox.take();
    s.clock.set(ON);
    return waiting;
  }

  function expectLeftAwaitingUser(c: Case): void {
    expect(c.sla.pausedSince).toBeUndefined();
    expect(c.sla.pausedIntervals).toEqual([{ from: ASKED, to: ON }]);
    expect(c.pendingQuestion).toBeUndefined();
  }

  it('resumes the clock and drops the question when the order is handed out', async () => {
    const { case: placed } = await placeOrder(s, people.anna, DOCK);
    okCase(
      await s.orders.act(orderPeople.anders, { verb: 'order_ready', caseId: placed.id, version: 0, slot1: 'now' }),
    );
    const waiting = await askUser(placed);
    const handed = okCase(
      await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: placed.id, version: waiting.version }),
    );
    expect(handed.status).toBe('resolved');
    expectLeftAwaitingUser(handed);
  });

  it('resumes the clock and drops the question when the approver rejects the order', async () => {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    const waiting = await askUser(placed);
    const rejected = okCase(
      await s.orders.act(orderPeople.lise, {
        verb: 'order_reject',
        caseId: placed.id,
        version: waiting.version,
        reason: 'Not in this year’s budget.',
      }),
    );
    expect(rejected.status).toBe('resolved');
    expectLeftAwaitingUser(rejected);
  });

  it('runs the clock again when the desk orders from the vendor, so a late delivery is still reported', async () => {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    okCase(await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: placed.id, version: 0 }));
    const waiting = await askUser(placed);
    const ordered = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ordered',
        caseId: placed.id,
        version: waiting.version,
        vendor: '3Dconnexion',
        expectedAt: '2025-03-31',
      }),
    );
    expect(ordered.status).toBe('awaiting_vendor');
    expectLeftAwaitingUser(ordered);
    await s.outbox.take();

    // Past the vendor's date: the requester hears it is late.
    s.clock.set('2025-03-31T14:00:01Z');
    await buildSweeper(s).sweepOnce();
    const toAnna = toPerson(await s.outbox.take(), people.anna.id).map((v) => v.text);
    expect(toAnna.filter((t) => t.includes('taking longer than we aimed for'))).toHaveLength(1);
  });

  it("tells the user, in the step's own message, that they need not answer the question any more", async () => {
    const { case: placed } = await placeOrder(s, people.anna, DOCK);
    const waiting = await askUser(placed);
    const ordered = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ordered',
        caseId: placed.id,
        version: waiting.version,
        vendor: 'Atea',
        expectedAt: '2025-03-12',
      }),
    );
    expectLeftAwaitingUser(ordered);
    const toAnna = toPerson(await s.outbox.take(), people.anna.id).map((v) => v.text);
    expect(toAnna).toEqual([
      `Anders Lykke (ARTS Purchasing) has ordered your equipment (${placed.number}) from Atea. Expected delivery: Wed, 12 Mar 2025.\n\nYou need not answer the question from Anders Lykke (ARTS Purchasing) any more ("Which room should it go to?").`,
    ]);
  });

  it('keeps waiting for the user when the desk only moves the date', async () => {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    okCase(await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: placed.id, version: 0 }));
    let c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ordered',
        caseId: placed.id,
        version: 1,
        vendor: '3Dconnexion',
        expectedAt: '2025-03-31',
      }),
    );
    c = await askUser(c);
    const slipped = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_slipped',
        caseId: c.id,
        version: c.version,
        expectedAt: '2025-04-07',
      }),
    );
    expect(slipped.status).toBe('awaiting_user');
    expect(slipped.sla.pausedSince).toBe(ASKED);
    expect(slipped.pendingQuestion?.text).toBe('Which room should it go to?');
  });
});
