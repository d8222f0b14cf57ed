import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import {
  buildOrderServices,
  ORDER_VENDOR,
  okCase,
  orderedFromVendor,
  orderPeople,
  type OrderServices,
} from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { toPerson } from '../../helpers/services.js';

/**
 * An equipment order resolved while its vendor still has it (ordered, not received) goes back to work as its order
 * record says, as when it is escalated or unassigned: Awaiting vendor, its vendor on the case, not In progress or
 * Registered — when its user says it is still a problem and when 1st level returns it to its technician.
 */
describe('CaseService: an order its vendor still has goes back to Awaiting vendor', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices({ defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });

  /** Anna's screen, ordered from Atea by Anders (ARTS Purchasing), who then resolves it; its messages taken. */
  async function resolvedWithVendor(): Promise<Case> {
    const ordered = await orderedFromVendor(s);
    const c = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'resolve',
        caseId: ordered.id,
        version: ordered.version,
        solution: 'Ordered from Atea; it is on its way.',
      }),
    );
    expect(c).toMatchObject({ status: 'resolved', assignee: { id: orderPeople.anders.id } });
    await s.outbox.take();
    return c;
  }

  const stillAProblem = async (c: Case) =>
    okCase(await s.cases.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));

  it('is Awaiting vendor with Anders again when Anna says it is still a problem, and Anders reads so', async () => {
    const back = await stillAProblem(await resolvedWithVendor());
    expect(back).toMatchObject({ status: 'awaiting_vendor', vendor: ORDER_VENDOR, reopenCount: 1 });
    expect(back.assignee?.id).toBe(orderPeople.anders.id);
    expect(back.history.at(-1)).toMatchObject({ action: 'reopen', from: 'resolved', to: 'awaiting_vendor' });
    expect(toPerson(await s.outbox.take(), orderPeople.anders.id).map((v) => v.text)).toEqual([
      `Anna Berg says case ${back.number} ("${back.title}") is still a problem. The case is reopened (awaiting ` +
        'vendor, reopen no. 1: the order is still with Atea (PO-4711)).',
    ]);
  });

  it('is Awaiting vendor in the pile when nobody has it, and Nanna reads that in Danish', async () => {
    const resolved = await resolvedWithVendor();
    // Nobody on it any more (Anders left the desk and was taken off his cases), Nanna its named case owner.
    const { assignee: _a, ...rest } = resolved;
    const nanna = { id: orderPeople.nanna.id, name: orderPeople.nanna.name, email: orderPeople.nanna.email };
    const c = await s.store.updateCase({ ...rest, caseOwner: nanna }, resolved.version, []);
    const back = await stillAProblem(c);
    expect(back).toMatchObject({ status: 'awaiting_vendor', vendor: ORDER_VENDOR });
    expect(back.assignee).toBeUndefined();
    expect(toPerson(await s.outbox.take(), orderPeople.nanna.id).map((v) => v.text)).toEqual([
      `Anna Berg siger, at sag ${back.number} ("${back.title}") stadig er et problem. Sagen er genåbnet (afventer ` +
        'leverandør, genåbning nr. 1: ordren er stadig hos Atea (PO-4711); ingen har den, så den ligger i bunken, ' +
        'til nogen tager den).',
    ]);
  });

  it('is Awaiting vendor with Anders when 1st level returns it to him', async () => {
    const resolved = await resolvedWithVendor();
    const back = okCase(
      await s.cases.act(people.emma, {
        verb: 'return_to_technician',
        caseId: resolved.id,
        version: resolved.version,
        reason: 'Resolve it when Anna has the screen',
      }),
    );
    expect(back).toMatchObject({ status: 'awaiting_vendor', vendor: ORDER_VENDOR });
    expect(back.assignee?.id).toBe(orderPeople.anders.id);
  });

  it('is In progress as before once the desk has received it', async () => {
    const ordered = await orderedFromVendor(s);
    const received = okCase(
      await s.orders.act(orderPeople.anders, { verb: 'order_received', caseId: ordered.id, version: ordered.version }),
    );
    const resolved = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'resolve',
        caseId: received.id,
        version: received.version,
        solution: 'Received; collect it at the desk.',
      }),
    );
    const back = await stillAProblem(resolved);
    expect(back.status).toBe('in_progress');
    expect(back.assignee?.id).toBe(orderPeople.anders.id);
  });
});
