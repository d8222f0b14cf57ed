import type { Person } from '../../../src/models/case.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildOrderServices, okCase, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { threadTexts, toPerson } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';

let s: OrderServices;
beforeEach(async () => {
  s = await buildOrderServices(); // Monday 3 March 2025, 10:00 in Copenhagen
});
afterEach(async () => {
  await s.close();
});

/**
 * An order of two MacBooks (over the threshold: approval) by `requester`, rejected by `approver`: Carl has no manager
 * (Mette, the fallback approver at Arts, decides), Bo's manager is Lise.
 */
async function rejected(requester: Person = people.carl, approver: Person = orderPeople.mette) {
  const { case: c } = await placeOrder(s, requester, { 'qty.laptop-macbook-pro-14-m4': '2' });
  const done = okCase(
    await s.orders.act(approver, {
      verb: 'order_reject',
      caseId: c.id,
      version: c.version,
      reason: 'Standard laptops cover the need.',
    }),
  );
  expect(done.status).toBe('resolved');
  return done;
}

describe('SlaSweeper and an order its approver rejected', () => {
  it('closes it after the business days telling the requester it was not approved, not that it was solved and he did not answer', async () => {
    const c = await rejected();
    // Carl got the decision only: no "Is the problem solved?" to answer.
    const told = toPerson(await s.outbox.take(), people.carl.id);
    expect(told).toHaveLength(1);
    expect(told[0]?.actions ?? []).toEqual([]);

    s.clock.set('2025-03-17T09:00:00Z');
    expect((await buildSweeper(s).sweepOnce()).fired).toBe(1);
    const closed = (await s.store.getCase(c.id))!;
    expect(closed.status).toBe('closed');
    const sent = await s.outbox.take();
    const toCarl = toPerson(sent, people.carl.id);
    expect(toCarl).toHaveLength(1);
    const text = toCarl[0]?.text ?? '';
    expect(text).toContain(`Your order ${c.number} ("${c.title}") is now closed`);
    expect(text).toContain('Mette Kirkegaard did not approve it: Standard laptops cover the need.');
    expect(text).not.toMatch(/solved it|not heard from you/);
    // Invited to rate it, as after any close.
    expect(toCarl[0]?.form?.submit[0]?.action).toEqual({ verb: 'evaluate', caseId: c.id, version: closed.version });
    // The thread says why it closed: the rejection, not a silence of the requester's.
    const thread = threadTexts(sent);
    expect(thread).toHaveLength(1);
    expect(thread[0]).toContain('Lukket automatisk: bestillingen blev afvist');
    expect(thread[0]).not.toContain('uden svar fra');
  });

  it('tells a Danish requester in Danish', async () => {
    const c = await rejected(people.bo, orderPeople.lise);
    await s.outbox.take();
    s.clock.set('2025-03-17T09:00:00Z');
    expect((await buildSweeper(s).sweepOnce()).fired).toBe(1);
    const toBo = toPerson(await s.outbox.take(), people.bo.id);
    expect(toBo).toHaveLength(1);
    const text = toBo[0]?.text ?? '';
    expect(text).toContain(`Din bestilling ${c.number} ("${c.title}") er nu lukket`);
    expect(text).toContain('Lise Damgaard godkendte den ikke: Standard laptops cover the need.');
    expect(text).not.toMatch(/løste den|ikke hørt fra dig/);
  });
});
