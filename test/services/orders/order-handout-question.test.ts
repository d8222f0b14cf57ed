import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { buildOrderServices, okCase, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';

/** A special item: the manager's approval, then the desk orders it. */
const SPECIAL = {
  'qty.headset-jabra-evolve2-65': '1',
  special: 'Ergonomic 3D mouse (3Dconnexion SpaceMouse)',
  justification: 'CAD work for the digital heritage project; repetitive strain otherwise.',
};

describe('OrderService: the hand-out asks its own "is it solved?" question', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  it('does not take an answer to an earlier resolution as the answer to the hand-out', async () => {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    let c = okCase(await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: placed.id, version: 0 }));
    c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ordered',
        caseId: c.id,
        version: c.version,
        vendor: '3Dconnexion',
        expectedAt: '2025-03-31',
      }),
    );
    // Resolved the ordinary way first (too early), and Anna says it is still a problem.
    c = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Ordered; it will come.',
      }),
    );
    const first = c.version;
    c = okCase(await s.cases.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: first }));
    // Its vendor still has it: back to Awaiting vendor, the status its order gives it.
    expect(c.status).toBe('awaiting_vendor');
    // Then received, ready and handed out: the hand-out asks again.
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
    const handedOut = await fresh(c);
    await s.outbox.take();

    // A click on the first resolution's question answers nothing.
    for (const verb of ['confirm_solved', 'still_a_problem'] as const) {
      const old = await s.cases.act(people.anna, { verb, caseId: c.id, version: first });
      expect(old).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
    }
    expect(await fresh(c)).toMatchObject({ status: 'resolved', version: handedOut.version });
    expect(await s.outbox.take()).toEqual([]);
    // The hand-out's own question does.
    const answered = okCase(
      await s.cases.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: handedOut.version }),
    );
    expect(answered.history.at(-1)?.action).toBe('user_confirmed');
  });
});
