import { describe, expect, it } from 'vitest';
import {
  type ConversationInput,
  ConversationRouter,
  isConversationVerb,
  isOrderCommand,
} from '../../src/services/conversations.js';
import type { IntakeInput, IntakeReply } from '../../src/services/intake/intake-engine.js';
import type { OrderInput, OrderReply } from '../../src/services/orders/order-engine.js';
import { people } from '../helpers/people.js';

/** Two fake engines that record what they were handed; `orderActive` says whether an order is open. */
function router(orderActive = false) {
  const intake: IntakeInput[] = [];
  const orders: OrderInput[] = [];
  const peeks: string[] = [];
  const handed: [string, unknown][] = [];
  const reply = (state: IntakeReply['state']) => ({ views: [], state }) as never;
  const r = new ConversationRouter({
    intake: {
      handle: async (input, peeked) => {
        intake.push(input);
        handed.push(['intake', peeked]);
        return reply('active') as IntakeReply;
      },
      isActive: async () => false,
      peek: async () => {
        peeks.push('intake');
        return { record: null, since: null };
      },
    },
    orders: {
      handle: async (input, peeked) => {
        orders.push(input);
        handed.push(['order', peeked]);
        return reply('active') as OrderReply;
      },
      isActive: async () => orderActive,
      peek: async () => {
        peeks.push('order');
        return { record: null, since: orderActive ? '2025-03-03T09:00:00.000Z' : null };
      },
    },
  });
  return { r, intake, orders, peeks, handed };
}

const base = { conversationKey: 'teams:chat-1', person: people.anna, platform: 'teams' as const };
const turn = (extra: Partial<ConversationInput>): ConversationInput => ({ ...base, ...extra });

describe('ConversationRouter', () => {
  it('sends intake verbs to the intake and order verbs to the order engine when actions arrive', async () => {
    const { r, intake, orders } = router();
    await r.handle(turn({ action: { verb: 'intake_cancel' } }));
    await r.handle(turn({ action: { verb: 'order_items', values: { 'qty.x': '2' } } }));
    expect(intake.map((i) => i.action?.verb)).toEqual(['intake_cancel']);
    expect(orders.map((o) => o.action?.verb)).toEqual(['order_items']);
  });

  it('starts an order when the text is "order" or "bestil", even while an intake is open', async () => {
    const { r, intake, orders } = router();
    await r.handle(turn({ text: 'Bestil' }));
    await r.handle(turn({ text: '/order' }));
    expect(intake).toEqual([]);
    expect(orders.map((o) => [o.action?.verb, o.text])).toEqual([
      ['order_start', undefined],
      ['order_start', undefined],
    ]);
  });

  it('gives text to the order engine while an order is open, else to the intake', async () => {
    const open = router(true);
    await open.r.handle(turn({ text: '2 x dock-thinkpad-usb-c' }));
    expect(open.orders.map((o) => o.text)).toEqual(['2 x dock-thinkpad-usb-c']);
    expect(open.intake).toEqual([]);
    expect(await open.r.isActive('teams:chat-1')).toBe(true);

    const closed = router(false);
    await closed.r.handle(turn({ text: 'the printer is broken' }));
    expect(closed.intake.map((i) => i.text)).toEqual(['the printer is broken']);
    expect(await closed.r.isActive('teams:chat-1')).toBe(false);
  });

  it('looks at both drafts once per turn and hands each engine its own, so handle reads nothing again', async () => {
    const open = router(true);
    const look = await open.r.look('teams:chat-1');
    expect(look.since).toBe('2025-03-03T09:00:00.000Z');
    expect(open.peeks).toEqual(['order', 'intake']);
    await open.r.handle(turn({ text: '2 x dock-thinkpad-usb-c' }), look);
    expect(open.peeks).toHaveLength(2);
    expect(open.handed).toEqual([['order', look.order]]);

    const closed = router(false);
    const none = await closed.r.look('teams:chat-1');
    expect(none.since).toBeNull();
    await closed.r.handle(turn({ text: 'the printer is broken' }), none);
    expect(closed.handed).toEqual([['intake', none.intake]]);
    expect(closed.peeks).toEqual(['order', 'intake']);
  });

  it("ignores a look of another chat and reads this chat's drafts itself", async () => {
    const { r, peeks, handed } = router(true);
    const other = await r.look('teams:other-chat');
    peeks.length = 0;
    await r.handle(turn({ text: '1 x dock' }), other);
    expect(handed).toEqual([['order', undefined]]);
  });
});

describe('isConversationVerb', () => {
  it('accepts intake and order conversation verbs and refuses case verbs', () => {
    expect(isConversationVerb('intake_join_major')).toBe(true);
    expect(isConversationVerb('order_confirm')).toBe(true);
    expect(isConversationVerb('order_approve')).toBe(false);
    expect(isConversationVerb('declare_major')).toBe(false);
  });

  it('reads only the bare word as the order command', () => {
    expect(isOrderCommand(' order. ')).toBe(true);
    expect(isOrderCommand('order a new laptop for me')).toBe(false);
  });
});
