import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildOrderServices, okCase, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';

/**
 * An order its approver rejects is resolved with the decision as its solution, nobody at the purchasing desk having
 * it. 1st level's quality check returns it to the technician: there is none, so it goes to the desk's pile as
 * Registered (a case is never In progress with nobody named), for someone there to claim.
 */
describe('CaseService: Return to technician on a rejected order nobody has', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices({ defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });

  it('puts the order in the purchasing desk pile as Registered, with nobody on it', async () => {
    // Two laptops need Lise's approval (Anna's manager); she rejects them.
    const { case: placed } = await placeOrder(s, people.anna, { 'qty.laptop-macbook-pro-14-m4': '2' });
    expect(placed.answers['approval']).toBe('pending');
    let c = okCase(
      await s.orders.act(orderPeople.lise, {
        verb: 'order_reject',
        caseId: placed.id,
        version: placed.version,
        reason: 'Standard laptops cover the need.',
      }),
    );
    expect(c.status).toBe('resolved');
    expect(c.assignee).toBeUndefined();
    c = okCase(
      await s.cases.act(people.emma, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'Ask Anna whether one standard laptop will do',
      }),
    );
    expect(c).toMatchObject({ status: 'registered', groupId: placed.groupId });
    expect(c.assignee).toBeUndefined();
    const queue = (await s.cases.queue(orderPeople.anders, placed.groupId)).text;
    expect(queue).toContain('Registered (1)');
    expect(queue).not.toContain('In progress');
    // Anders takes it from the pile: Assigned to him.
    c = okCase(await s.cases.act(orderPeople.anders, { verb: 'claim', caseId: c.id, version: c.version }));
    expect(c).toMatchObject({ status: 'assigned', assignee: { id: orderPeople.anders.id } });
  });
});
