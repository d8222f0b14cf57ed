import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { readOrder } from '../../../src/services/orders/order.js';
import {
  buildOrderServices,
  ORDER_VENDOR,
  okCase,
  orderedFromVendor,
  orderPeople,
  type OrderServices,
} from '../../helpers/orders.js';

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

  /** `orderedFromVendor`: Anders (ARTS Purchasing) has it. */
  async function ordered(): Promise<Case> {
    const c = await orderedFromVendor(s);
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
    expect(back.vendor).toEqual(ORDER_VENDOR);
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
    expect(back.vendor).toEqual(ORDER_VENDOR);
  });

  it('leaves the pile at the first desk step, a slipped date too: whoever takes it has it, still Awaiting vendor', async () => {
    const back = await unassign(await ordered());
    const slipped = okCase(
      await s.orders.act(orderPeople.nanna, {
        verb: 'order_slipped',
        caseId: back.id,
        version: back.version,
        expectedAt: '2025-03-19',
        reason: 'Out of stock at Atea',
      }),
    );
    expect(slipped).toMatchObject({ status: 'awaiting_vendor', assignee: { id: orderPeople.nanna.id } });
    expect(slipped.history.map((h) => h.action).slice(-2)).toEqual(['claim', 'order_slipped']);
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
