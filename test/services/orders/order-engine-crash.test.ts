import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/models/case.js';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import { createRegisterCase } from '../../../src/services/lifecycle/register-case.js';
import { OrderEngine, type OrderInput, type OrderReply } from '../../../src/services/orders/order-engine.js';
import { orderMessages } from '../../../src/services/orders/order-messages.js';
import { flakyStore } from '../../helpers/flaky-store.js';
import { artsDetails, buildOrderServices, orderPeople, type OrderServices } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { kinds, threadTexts, toPerson } from '../../helpers/services.js';

const SPECIAL = {
  'qty.headset-jabra-evolve2-65': '1',
  special: 'Ergonomic 3D mouse (3Dconnexion SpaceMouse)',
  justification: 'CAD work for the digital heritage project; repetitive strain otherwise.',
};

/**
 * The order engine over a store that "dies" the moment the case is created: every write after `createCase`
 * fails, as if the process had stopped right after the case write.
 */
function engineDyingAfterCreate(s: OrderServices) {
  const flaky = flakyStore(s.store);
  const dying: CaseStore = new Proxy(flaky.store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'createCase' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const created = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        flaky.down = true;
        return created;
      };
    },
  });
  const lifecycle = {
    store: dying,
    catalogue: s.catalogue,
    calendar: s.calendar,
    clock: s.clock,
    directory: s.directory,
    defaultLocale: 'da' as const,
  };
  const engine = new OrderEngine({ ...lifecycle, register: createRegisterCase(lifecycle) });
  const turn = (person: Person, rest: Omit<OrderInput, 'conversationKey' | 'person' | 'platform'>) =>
    engine.handle({ conversationKey: `chat:${person.id}`, person, platform: 'teams', ...rest });
  return { flaky, turn };
}

/** The answer to a "Send order" that met the store down: the summary again, "Send order" on it, saying so. */
function expectSendAgain(reply: OrderReply): void {
  expect(reply.state).toBe('active');
  const view = reply.views[0]!;
  expect(view.text).toContain(orderMessages[view.locale].storeDownSend);
  expect(view.actions?.map((a) => a.action.verb)).toContain('order_confirm');
}

describe('OrderEngine: registration durability', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('has the approval card and desk panel in the outbox with the case when the process dies right after the write', async () => {
    const { flaky, turn } = engineDyingAfterCreate(s);
    await turn(people.anna, { action: { verb: 'order_start' } });
    expect((await turn(people.anna, { action: { verb: 'order_items' }, values: SPECIAL })).errors).toBeUndefined();
    expect(
      (await turn(people.anna, { action: { verb: 'order_details' }, values: artsDetails() })).errors,
    ).toBeUndefined();
    await s.outbox.take();

    // The confirm registers the case, then the next write (clearing the chat) fails: the turn does not finish, and
    // Anna is asked to send it again.
    expectSendAgain(await turn(people.anna, { action: { verb: 'order_confirm' } }));
    expect(flaky.refused.length).toBeGreaterThan(0);
    expect(flaky.refused).not.toContain('enqueueOutbox');

    const [c] = await s.store.findCases({ personId: people.anna.id });
    expect(c?.answers['approval']).toBe('pending');
    const sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['post_card', 'send_person', 'thread_reply']);
    const [card] = toPerson(sent, orderPeople.lise.id);
    expect(card?.title).toBe(`Godkend bestilling ${c?.number}?`);
    expect(card?.form?.submit.map((a) => a.action)).toEqual([
      { verb: 'order_approve', caseId: c?.id, version: c?.version },
      { verb: 'order_reject', caseId: c?.id, version: c?.version },
    ]);
    expect(sent.every((m) => m.caseId === c?.id)).toBe(true);
    expect(threadTexts(sent)).toEqual(['Venter på godkendelse fra Lise Damgaard; afgiv ikke bestillingen endnu.']);
  });

  it('registers one order, with one approval card, when the requester confirms again after the store came back', async () => {
    const { flaky, turn } = engineDyingAfterCreate(s);
    await turn(people.anna, { action: { verb: 'order_start' } });
    await turn(people.anna, { action: { verb: 'order_items' }, values: SPECIAL });
    await turn(people.anna, { action: { verb: 'order_details' }, values: artsDetails() });
    expectSendAgain(await turn(people.anna, { action: { verb: 'order_confirm' } }));
    const [first] = await s.store.findCases({ personId: people.anna.id });
    flaky.down = false;
    await s.outbox.take();

    // The engine said the store was not answering; the draft still shows the summary, so Anna confirms again
    // (through an engine whose store stays up).
    const again = await s.turn(people.anna, { action: { verb: 'order_confirm' } });
    expect(again.state).toBe('done');
    expect(again.case?.id).toBe(first?.id);
    expect(again.views[0]?.title).toBe(`Order ${first?.number} sent`);
    expect(await s.store.findCases({ personId: people.anna.id })).toHaveLength(1);
    // The approval card went out with the first write only.
    expect(await s.outbox.take()).toEqual([]);
    // The draft is gone now: a third confirm registers nothing either.
    expect((await s.turn(people.anna, { action: { verb: 'order_confirm' } })).state).toBe('idle');
    expect(await s.store.findCases({ personId: people.anna.id })).toHaveLength(1);
  });

  it('registers one order, with one approval card, when "Send order" is clicked twice at once', async () => {
    await s.turn(people.anna, { action: { verb: 'order_start' } });
    await s.turn(people.anna, { action: { verb: 'order_items' }, values: SPECIAL });
    await s.turn(people.anna, { action: { verb: 'order_details' }, values: artsDetails() });
    const [a, b] = await Promise.all([
      s.turn(people.anna, { action: { verb: 'order_confirm' } }),
      s.turn(people.anna, { action: { verb: 'order_confirm' } }),
    ]);
    expect([a.state, b.state]).toContain('done');
    expect(await s.store.findCases({ personId: people.anna.id })).toHaveLength(1);
    expect(toPerson(await s.outbox.take(), orderPeople.lise.id)).toHaveLength(1);
  });

  it('registers a second order when the requester starts a new one after the first, even in the same millisecond', async () => {
    const start = async () => {
      await s.turn(people.anna, { action: { verb: 'order_start' } });
      await s.turn(people.anna, { action: { verb: 'order_items' }, values: SPECIAL });
      await s.turn(people.anna, { action: { verb: 'order_details' }, values: artsDetails() });
      return s.turn(people.anna, { action: { verb: 'order_confirm' } });
    };
    // The manual clock stands still: both drafts start at the same time.
    const first = await start();
    const second = await start();
    expect(second.case?.id).not.toBe(first.case?.id);
    expect(await s.store.findCases({ personId: people.anna.id })).toHaveLength(2);
  });
});

describe('OrderEngine: a confirm retried after the approver changed in the directory', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('sends the lost approval card to the approver the registered order names, who may answer it', async () => {
    // The first write registers the case but loses its messages (a store without transactions), and the turn fails.
    let first = true;
    const store: CaseStore = new Proxy(s.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'createCase' || typeof value !== 'function') return value;
        return async (c: unknown, outbox: unknown) => {
          if (!first) return (value as (...a: unknown[]) => Promise<unknown>).call(target, c, outbox);
          first = false;
          await (value as (...a: unknown[]) => Promise<unknown>).call(target, c, []);
          throw new AppError('STORE.UNAVAILABLE', 'store went away');
        };
      },
    });
    // Between the tries Anna's manager changes from Lise to Mette.
    let manager: Person = orderPeople.lise;
    const directory = { ...s.directory, managerOf: async (id: string) => (id === people.anna.id ? manager : null) };
    const lifecycle = {
      store,
      catalogue: s.catalogue,
      calendar: s.calendar,
      clock: s.clock,
      directory,
      defaultLocale: 'da' as const,
    };
    const engine = new OrderEngine({ ...lifecycle, register: createRegisterCase(lifecycle) });
    const turn = (rest: Omit<OrderInput, 'conversationKey' | 'person' | 'platform'>) =>
      engine.handle({ conversationKey: `chat:${people.anna.id}`, person: people.anna, platform: 'teams', ...rest });
    await turn({ action: { verb: 'order_start' } });
    await turn({ action: { verb: 'order_items' }, values: SPECIAL });
    await turn({ action: { verb: 'order_details' }, values: artsDetails() });
    expectSendAgain(await turn({ action: { verb: 'order_confirm' } }));
    expect(await s.outbox.take()).toEqual([]);

    manager = orderPeople.mette;
    const again = await turn({ action: { verb: 'order_confirm' } });
    expect(again.state).toBe('done');
    const sent = await s.outbox.take();
    expect(toPerson(sent, orderPeople.mette.id)).toEqual([]);
    const [card] = toPerson(sent, orderPeople.lise.id);
    expect(card?.title).toBe(`Godkend bestilling ${again.case?.number}?`);
    const approve = await s.orders.act(orderPeople.lise, { verb: 'order_approve', caseId: again.case!.id, version: 1 });
    expect(approve.ok).toBe(true);
  });
});
