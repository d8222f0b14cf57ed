import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/models/case.js';
import { buildOrderServices, okCase, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';

let s: OrderServices;
beforeEach(async () => {
  s = await buildOrderServices({ defaultLocale: 'en' });
});
afterEach(async () => {
  await s.close();
});

/** Carl's order of two MacBooks (approval needed: Mette decides), rejected. */
async function rejected(requester: Person = people.carl) {
  const { case: c } = await placeOrder(s, requester, { 'qty.laptop-macbook-pro-14-m4': '2' });
  return okCase(
    await s.orders.act(orderPeople.mette, {
      verb: 'order_reject',
      caseId: c.id,
      version: c.version,
      reason: 'Standard laptops cover the need.',
    }),
  );
}

const verbsOf = (outcome: Awaited<ReturnType<OrderServices['cases']['act']>>) =>
  (outcome.card?.actions ?? []).map((a) => a.action.verb);

describe('CaseService: the requester of a rejected order', () => {
  it('is offered neither "Yes, solved" nor "No, still a problem" on the card Refresh brings', async () => {
    const c = await rejected();
    const outcome = await s.cases.act(people.carl, { verb: 'refresh', caseId: c.id, version: c.version });
    expect(outcome.ok).toBe(true);
    expect(verbsOf(outcome)).toContain('refresh');
    expect(verbsOf(outcome)).not.toContain('confirm_solved');
    expect(verbsOf(outcome)).not.toContain('still_a_problem');
    expect(outcome.card?.inputs ?? []).toEqual([]);
  });

  it('is refused "No, still a problem" from an old button, told the order was not approved, and nothing changes', async () => {
    const c = await rejected();
    const outcome = await s.cases.act(people.carl, { verb: 'still_a_problem', caseId: c.id, version: c.version });
    expect(outcome.ok).toBe(false);
    expect(outcome.reply?.text).toContain(`Order ${c.number} was not approved`);
    expect(outcome.reply?.text).toContain('place a new order');
    const after = (await s.store.getCase(c.id))!;
    expect(after).toMatchObject({ status: 'resolved', reopenCount: 0, version: c.version });
  });

  it('is refused "Yes, solved" from an old button as well', async () => {
    const c = await rejected();
    const outcome = await s.cases.act(people.carl, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(outcome.ok).toBe(false);
    expect(outcome.reply?.text).toContain(`Order ${c.number} was not approved`);
    expect((await s.store.getCase(c.id))!.history.map((h) => h.action)).not.toContain('user_confirmed');
  });

  it('is refused "No, still a problem" also once the rejected order is closed', async () => {
    const c = await rejected();
    const closed = okCase(await s.cases.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    expect(closed.status).toBe('closed');
    const outcome = await s.cases.act(people.carl, {
      verb: 'still_a_problem',
      caseId: c.id,
      version: closed.version,
    });
    expect(outcome.ok).toBe(false);
    expect((await s.store.getCase(c.id))!.status).toBe('closed');
    expect(verbsOf(outcome)).not.toContain('still_a_problem');
  });
});
