import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { readOrder } from '../../../src/services/orders/order.js';
import { buildOrderServices, okCase, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';

/**
 * Unassign puts a case back in its group's pile. An equipment order there shows what its order record says, as an
 * escalated one does (`escalatedOrder`): one with its vendor stays Awaiting vendor (staff and the requester see the
 * same status); one the desk has received is Registered.
 */
describe('CaseService unassign of an equipment order', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices({ defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });

  /** Anna's 27" screen (no approval), ordered from Atea by Anders (ARTS Purchasing), who has it. */
  async function ordered(): Promise<Case> {
    const { case: placed } = await placeOrder(s, people.anna, { 'qty.screen-dell-p2725q': '1' });
    const c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ordered',
        caseId: placed.id,
        version: placed.version,
        vendor: 'Atea',
        reference: 'PO-4711',
        expectedAt: '2025-03-12',
      }),
    );
    expect(c.status).toBe('awaiting_vendor');
    expect(c.assignee?.id).toBe(orderPeople.anders.id);
    return c;
  }
  const unassign = async (c: Case) =>
    okCase(await s.cases.act(orderPeople.anders, { verb: 'unassign', caseId: c.id, version: c.version }));

  it('stays Awaiting vendor in the pile while its vendor has it', async () => {
    const back = await unassign(await ordered());
    expect(back.assignee).toBeUndefined();
    expect(readOrder(back)?.fulfilment.orderedAt).toBeDefined();
    expect(back.status).toBe('awaiting_vendor');
    expect(back.vendor).toEqual({ name: 'Atea', reference: 'PO-4711', expectedAt: '2025-03-12' });
    expect(back.history.at(-1)).toMatchObject({ action: 'unassign', from: 'awaiting_vendor', to: 'awaiting_vendor' });
  });

  it('is Awaiting vendor again when the desk had set it In progress by hand while the vendor still has it', async () => {
    const c = await ordered();
    const working = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'in_progress',
      }),
    );
    const back = await unassign(working);
    expect(back.status).toBe('awaiting_vendor');
    expect(back.vendor).toEqual({ name: 'Atea', reference: 'PO-4711', expectedAt: '2025-03-12' });
  });

  it('is Registered once the desk has received it', async () => {
    const c = await ordered();
    const received = okCase(
      await s.orders.act(orderPeople.anders, { verb: 'order_received', caseId: c.id, version: c.version }),
    );
    expect(received.status).toBe('in_progress');
    const back = await unassign(received);
    expect(back.assignee).toBeUndefined();
    expect(back.status).toBe('registered');
  });
});
