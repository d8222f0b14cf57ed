import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseQuery } from '../../../src/models/case-store.js';
import { MIGRATIONS, migrate } from '../../../src/models/sqlite/migrations.js';
import { caseWhere } from '../../../src/models/sqlite/sqlite-case-store.js';
import { readOrder } from '../../../src/services/orders/order.js';
import { OrderSweeper } from '../../../src/services/orders/order-sweeper.js';
import { indexesOf, offlineStore } from '../../models/mongo/offline-store.js';
import { buildOrderServices, okCase, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { threadTexts, toPerson } from '../../helpers/services.js';

const SPECIAL = {
  'qty.headset-jabra-evolve2-65': '1',
  special: 'Ergonomic 3D mouse (3Dconnexion SpaceMouse)',
  justification: 'CAD work for the digital heritage project; repetitive strain otherwise.',
};

/** Registered Monday 3 March 10:00 Copenhagen: reminder due Wednesday, the desk told Friday (10:00 both). */
const REMINDER_AT = '2025-03-05T09:00:00Z';
const ESCALATE_AT = '2025-03-07T09:00:00Z';

describe('OrderSweeper: an approval that waits is chased whatever the order status', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  async function chased() {
    s.clock.set(REMINDER_AT);
    const first = await s.sweeper.sweep();
    const reminded = toPerson(await s.outbox.take(), orderPeople.lise.id).map((v) => v.text);
    s.clock.set(ESCALATE_AT);
    const second = await s.sweeper.sweep();
    const told = threadTexts(await s.outbox.take());
    return { first, second, reminded, told };
  }

  it('reminds the approver and tells the desk when a desk member claimed the order while it waits', async () => {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    const claimed = okCase(
      await s.cases.act(orderPeople.anders, { verb: 'claim', caseId: placed.id, version: placed.version }),
    );
    expect(claimed.status).not.toBe('registered');
    await s.outbox.take();

    const { first, second, reminded, told } = await chased();
    expect(first).toEqual({ reminders: 1, escalations: 0 });
    expect(second).toEqual({ reminders: 0, escalations: 1 });
    expect(reminded).toHaveLength(1);
    expect(reminded[0]).toContain(`Påmindelse: Anna Bergs bestilling ${placed.number} har ventet 2 arbejdsdage`);
    expect(told).toEqual([
      'Lise Damgaard har ikke svaret på godkendelsen i 4 arbejdsdage. Følg op med lederen eller bestilleren.',
    ]);
    expect(readOrder((await s.store.getCase(placed.id))!)?.approval).toMatchObject({
      state: 'pending',
      remindedAt: '2025-03-05T09:00:00.000Z',
      escalatedAt: '2025-03-07T09:00:00.000Z',
    });
  });

  it('still chases while the desk waits for an answer from the user', async () => {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    const waiting = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'set_status',
        caseId: placed.id,
        version: placed.version,
        status: 'awaiting_user',
        question: 'Which room should it be delivered to?',
      }),
    );
    expect(waiting.status).toBe('awaiting_user');
    await s.outbox.take();

    const { first, second } = await chased();
    expect({ first, second }).toEqual({
      first: { reminders: 1, escalations: 0 },
      second: { reminders: 0, escalations: 1 },
    });
  });

  it('chases an order moved by hand to a group outside the routing groups of orders', async () => {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    const moved = okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'escalate_group',
        caseId: placed.id,
        version: placed.version,
        groupId: 'ops-network',
        reason: 'The 3D mouse needs a network licence server',
      }),
    );
    // Not a group the orders category routes to or escalates to.
    const routing = s.catalogue.category('purchase-equipment')!.routing;
    expect([...Object.values(routing.directTo ?? {}), routing.escalateTo]).not.toContain(moved.groupId);
    await s.outbox.take();

    const { first, second, reminded, told } = await chased();
    expect({ first, second }).toEqual({
      first: { reminders: 1, escalations: 0 },
      second: { reminders: 0, escalations: 1 },
    });
    expect(reminded).toHaveLength(1);
    expect(told).toEqual([
      'Lise Damgaard har ikke svaret på godkendelsen i 4 arbejdsdage. Følg op med lederen eller bestilleren.',
    ]);
  });

  it('leaves an order resolved by the desk while it waited alone', async () => {
    const { case: placed } = await placeOrder(s, people.anna, SPECIAL);
    okCase(
      await s.cases.act(orderPeople.anders, {
        verb: 'resolve',
        caseId: placed.id,
        version: placed.version,
        solution: 'Cancelled at the requester’s wish.',
      }),
    );
    await s.outbox.take();

    const { first, second, reminded, told } = await chased();
    expect({ first, second, reminded, told }).toEqual({
      first: { reminders: 0, escalations: 0 },
      second: { reminders: 0, escalations: 0 },
      reminded: [],
      told: [],
    });
  });

  it('asks the store for the open orders waiting for approval, on an index', async () => {
    const queries: CaseQuery[] = [];
    const recording = new Proxy(s.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'findCases' || typeof value !== 'function') return value;
        return (q: CaseQuery) => {
          queries.push(q);
          return (value as (q: CaseQuery) => Promise<unknown>).call(target, q);
        };
      },
    });
    const deps = { ...s, store: recording, defaultLocale: 'da' as const };
    await new OrderSweeper(deps).sweep();
    expect(queries).toHaveLength(1);
    const [q] = queries;
    // Wherever the order is: no groups, its approval state.
    expect(q).toMatchObject({ categoryId: 'purchase-equipment', answer: { id: 'approval', value: 'pending' } });
    expect(q?.groupIds).toBeUndefined();

    // SQLite: on an index, never a walk over every case.
    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS);
      const { sql, params } = caseWhere(q!);
      const plan = (
        db
          .prepare(`EXPLAIN QUERY PLAN SELECT doc FROM cases ${sql} ORDER BY created_at DESC, seq DESC LIMIT 10000`)
          .all(...params) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join('; ');
      // The partial index of the orders waiting for approval, by status: not every order ever placed.
      expect(plan).toContain('USING INDEX cases_approval_pending (status=?)');
      expect(plan).not.toMatch(/\bSCAN cases\b/);
    } finally {
      db.close();
    }

    // MongoDB: the filter names every key of an index from its first (`answers_approval_status`: the approval
    // answer, status); the category alone has no index, and the sort's index (`created_number`) would walk every case.
    const mongo = await offlineStore();
    try {
      await new OrderSweeper({ ...deps, store: mongo.store }).sweep();
      const find = mongo.sent.find((c) => c.model === 'cases' && c.method === 'find');
      const fields = new Set(Object.keys(find?.filter ?? {}));
      const served = indexesOf(mongo.models, 'cases')
        .filter(([keys]) => Object.keys(keys).every((k) => fields.has(k)))
        .map(([, o]) => o.name);
      expect(served).toContain('answers_approval_status');
    } finally {
      await mongo.store.close();
    }
  });
});
