import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { readOrder } from '../../../src/services/orders/order.js';
import { buildOrderServices, okCase, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { toPerson } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';

/** A special item: 20 business days' lead time, and the manager's approval. */
const SPECIAL = {
  'qty.headset-jabra-evolve2-65': '1',
  special: 'Ergonomic 3D mouse (3Dconnexion SpaceMouse)',
  justification: 'CAD work for the digital heritage project; repetitive strain otherwise.',
};

const LATE = 'taking longer than we aimed for';

/**
 * Orders are registered Monday 3 March 2025, 10:00 Copenhagen. The P4 resolution target (4 800 business minutes,
 * 08-16) ends Monday 17 March, 10:00; a special item's 20 business days end Monday 31 March (summer time from 30
 * March: the desk closes at 16:00 = 14:00 UTC).
 */
const P4_DUE = '2025-03-17T09:00:00.000Z';
const PROMISED = '2025-03-31';
const PROMISED_DUE = '2025-03-31T14:00:00.000Z';

describe('OrderService: the resolution target of an order is its delivery date', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  /** Places the special order, has Lise approve it and the desk order it for `expectedAt` (default: as promised). */
  async function orderedSpecial(expectedAt = PROMISED): Promise<Case> {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    let c = okCase(await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: placed.id, version: 0 }));
    expect(readOrder(c)?.promisedAt).toBe(PROMISED);
    c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ordered',
        caseId: c.id,
        version: c.version,
        vendor: '3Dconnexion',
        expectedAt,
      }),
    );
    await s.outbox.take();
    return c;
  }

  /** One SLA sweep at `at`: what Anna and Mette (the ARTS Indkøb supervisor) were sent. */
  async function sweepAt(at: string) {
    s.clock.set(at);
    await buildSweeper(s).sweepOnce();
    const sent = await s.outbox.take();
    return {
      anna: toPerson(sent, people.anna.id).map((v) => v.text),
      mette: toPerson(sent, orderPeople.mette.id).map((v) => v.text),
    };
  }

  it('is due at the close of the promised day from registration on, not at the priority target', async () => {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    expect(placed.priority).toBe('P4');
    expect(readOrder(placed)?.promisedAt).toBe(PROMISED);
    expect(placed.sla.resolutionDueAt).toBe(PROMISED_DUE);
  });

  it('tells nobody the order is late before the promised date, and the requester and the supervisor after it', async () => {
    const c = await orderedSpecial();
    expect((await fresh(c)).sla.resolutionDueAt).toBe(PROMISED_DUE);

    // The priority's target passes: nothing.
    expect(await sweepAt('2025-03-17T09:01:00Z')).toEqual({ anna: [], mette: [] });
    // The promised day itself, until the desk closes: nothing.
    const onTheDay = await sweepAt(PROMISED_DUE);
    expect(onTheDay.anna.filter((t) => t.includes(LATE))).toEqual([]);
    expect(onTheDay.mette).toEqual([]);

    // After it: the requester hears it is late, naming the promised day; the supervisor gets the breach.
    const after = await sweepAt('2025-03-31T14:00:01Z');
    expect(after.anna.filter((t) => t.includes(LATE))).toHaveLength(1);
    expect(after.anna[0]).toContain(`${LATE} (Mon 31 Mar, 16:00)`);
    expect(after.mette).toHaveLength(1);
    expect(after.mette[0]).toContain('blev overskredet (man. 31. mar., 16.00)');
    expect((await fresh(c)).sla.breaches.map((b) => b.kind)).toEqual(['resolution']);
  });

  it("moves the target with the vendor's date and with every slip", async () => {
    // The vendor promises a week later than the requester was told at approval.
    const c = await orderedSpecial('2025-04-07');
    expect((await fresh(c)).sla.resolutionDueAt).toBe('2025-04-07T14:00:00.000Z');
    expect(await sweepAt('2025-04-01T09:00:00Z')).toEqual({ anna: [], mette: [] });

    const current = await fresh(c);
    okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_slipped',
        caseId: c.id,
        version: current.version,
        expectedAt: '2025-04-14',
        reason: 'Out of stock at the vendor.',
      }),
    );
    await s.outbox.take();
    expect((await fresh(c)).sla.resolutionDueAt).toBe('2025-04-14T14:00:00.000Z');
    expect(await sweepAt('2025-04-08T09:00:00Z')).toEqual({ anna: [], mette: [] });
    const after = await sweepAt('2025-04-14T14:00:01Z');
    expect(after.anna.filter((t) => t.includes(LATE))).toEqual([`${after.anna[0]}`]);
    expect(after.anna[0]).toContain(`${LATE} (Mon 14 Apr, 16:00)`);
    expect(after.mette).toHaveLength(1);
  });

  it('is late again when a date slipped after a breach passes too', async () => {
    const c = await orderedSpecial();
    expect((await sweepAt('2025-03-31T14:00:01Z')).mette).toHaveLength(1);
    const current = await fresh(c);
    okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_slipped',
        caseId: c.id,
        version: current.version,
        expectedAt: '2025-04-04',
      }),
    );
    await s.outbox.take();
    const slipped = await fresh(c);
    expect(slipped.sla.resolutionDueAt).toBe('2025-04-04T14:00:00.000Z');
    // The breach stays on record; its rung fires again at the new date.
    expect(slipped.sla.breaches.map((b) => b.kind)).toEqual(['resolution']);
    expect(slipped.sla.fired).not.toContain('resolution:breach');
    expect(await sweepAt('2025-04-03T09:00:00Z')).toEqual({ anna: [], mette: [] });
    const after = await sweepAt('2025-04-04T14:00:01Z');
    expect(after.anna[0]).toContain(`${LATE} (Fri 4 Apr, 16:00)`);
    expect(after.mette).toHaveLength(1);
  });

  it('keeps the priority target when the delivery date comes before it, and a date on a weekend counts to Monday', async () => {
    // A dock in stock: ready 2 business days after the order, well before the P4 target.
    const { case: stock } = await placeOrder(s, people.bo, { 'qty.dock-thinkpad-usb-c': '1' });
    expect(readOrder(stock)?.promisedAt).toBe('2025-03-05');
    expect(stock.sla.resolutionDueAt).toBe(P4_DUE);

    // The vendor's date is a Saturday: late only once Monday's opening hours have passed.
    const c = await orderedSpecial('2025-04-05');
    expect((await fresh(c)).sla.resolutionDueAt).toBe('2025-04-07T14:00:00.000Z');
  });
});

/**
 * The clock pauses while an order waits for its requester (Awaiting user) and while it sits resolved; the delivery
 * due time is pushed by those pauses as the priority's is, counted from when the date was given, so the stamp does
 * not undo the push (a reopened order was breached the moment it was reopened).
 */
describe('OrderService: the delivery due time and the pauses of the clock', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  async function orderedSpecial(): Promise<Case> {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    const c = okCase(await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: placed.id, version: 0 }));
    const ordered = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ordered',
        caseId: c.id,
        version: c.version,
        vendor: '3Dconnexion',
        expectedAt: PROMISED,
      }),
    );
    expect(ordered.sla.resolutionDueAt).toBe(PROMISED_DUE);
    await s.outbox.take();
    return ordered;
  }

  async function supervisorPingsAt(at: string): Promise<unknown[]> {
    s.clock.set(at);
    await buildSweeper(s).sweepOnce();
    return toPerson(await s.outbox.take(), orderPeople.mette.id);
  }

  it('goes on from where the clock stood at the hand-out when an order delivered early is reopened after its date', async () => {
    let c = await orderedSpecial();
    // Delivered early: received, ready and handed out Thursday 20 March.
    s.clock.set('2025-03-20T09:00:00Z');
    c = okCase(await s.orders.act(orderPeople.anders, { verb: 'order_received', caseId: c.id, version: c.version }));
    c = okCase(
      await s.orders.act(orderPeople.anders, { verb: 'order_ready', caseId: c.id, version: c.version, slot1: 'now' }),
    );
    c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_handout',
        caseId: c.id,
        version: (await fresh(c)).version,
      }),
    );
    expect(c.status).toBe('resolved');
    await s.outbox.take();

    // Wednesday 2 April, after the date, the requester says it is still a problem.
    s.clock.set('2025-04-02T08:00:00Z');
    const reopened = okCase(
      await s.cases.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: (await fresh(c)).version }),
    );
    expect(reopened.status).toBe('in_progress');
    expect(reopened.sla.pausedIntervals.at(-1)).toEqual({
      from: '2025-03-20T09:00:00.000Z',
      to: '2025-04-02T08:00:00.000Z',
    });
    // 62 business hours were left at the hand-out (Thursday 10:00 to Monday 31 March 16:00): due Friday 11 April,
    // 16:00 Copenhagen.
    expect(reopened.sla.resolutionDueAt).toBe('2025-04-11T14:00:00.000Z');
    await s.outbox.take();

    expect(await supervisorPingsAt('2025-04-02T08:05:00Z')).toEqual([]);
    expect(await supervisorPingsAt('2025-04-11T14:00:01Z')).toHaveLength(1);
  });

  it('is pushed by a wait in Awaiting user after the date was given', async () => {
    const ordered = await orderedSpecial();
    // Monday 10 March 10:00 the desk asks Anna; she answers Wednesday 12 March 10:00: two business days.
    s.clock.set('2025-03-10T09:00:00Z');
    const asked = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'set_status',
        caseId: ordered.id,
        version: ordered.version,
        status: 'awaiting_user',
        question: 'Which room should it go to?',
      }),
    );
    s.clock.set('2025-03-12T09:00:00Z');
    const going = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'set_status',
        caseId: asked.id,
        version: asked.version,
        status: 'in_progress',
      }),
    );
    expect(going.sla.pausedIntervals).toEqual([{ from: '2025-03-10T09:00:00.000Z', to: '2025-03-12T09:00:00.000Z' }]);
    expect(going.sla.resolutionDueAt).toBe('2025-04-02T14:00:00.000Z');
    await s.outbox.take();

    expect(await supervisorPingsAt('2025-03-31T14:00:01Z')).toEqual([]);
    expect(await supervisorPingsAt('2025-04-02T14:00:01Z')).toHaveLength(1);
  });
});
