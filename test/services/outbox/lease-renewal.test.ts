import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardRef } from '../../../src/models/case.js';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import type { GatewayMethod } from '../../helpers/recording-gateway.js';
import { createHarness, type Harness, message } from './dispatcher-harness.js';

const anna = buildPerson('anna');

/** The card threads of a case in the network group, on both platforms. */
const CARDS: CardRef[] = [
  { platform: 'teams', groupId: 'network', channelId: 'net', messageId: 'new-t', active: true },
  { platform: 'slack', groupId: 'network', channelId: 'C0NETWORK', messageId: 'new-s', active: true },
];

/**
 * A delivery whose platform calls together take longer than the outbox lease (30 s): each call may take up to
 * PLATFORM_TIMEOUT_MS (25 s), so a card posted to Teams and Slack, or a reply under both cards, can. The lease is
 * renewed while the delivery runs; another dispatcher sharing the store never sends the message a second time.
 */
describe('outbox lease while a message is being delivered', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
  });

  afterEach(async () => {
    vi.useRealTimers();
    await h.store.close();
  });

  /**
   * Dispatcher a's Teams call `method` stalls past the lease (the process paused, say): b takes the message over and
   * delivers it, then a's call returns and a sends nothing more.
   */
  async function takenOverWhile(method: GatewayMethod): Promise<void> {
    const a = h.dispatcher({ owner: 'a', leaseMs: 30_000 });
    const b = h.dispatcher({ owner: 'b', leaseMs: 30_000 });
    const held = h.teams.hold(method);

    const runA = a.runOnce();
    await held.arrived;
    h.clock.advance(31_000);
    expect(await b.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
    held.release();
    expect(await runA).toEqual({ sent: 0, retried: 0, dead: 0 });
  }

  it('is renewed between the platform calls of a card post, so a second dispatcher does not post the card again', async () => {
    const c = await h.store.createCase(buildNewCase(), [
      draft('card:slow', { kind: 'post_card', caseId: '', groupId: 'servicedesk' }),
    ]);
    const a = h.dispatcher({ owner: 'a', leaseMs: 30_000 });
    const b = h.dispatcher({ owner: 'b', leaseMs: 30_000 });
    const teams = h.teams.hold('postCaseCard');
    const slack = h.slack.hold('postCaseCard');

    const runA = a.runOnce();
    await teams.arrived;
    h.clock.advance(25_000); // Teams answers just inside PLATFORM_TIMEOUT_MS
    teams.release();
    await slack.arrived;
    h.clock.advance(25_000); // so does Slack: 50 s since the claim, 20 s past the first lease
    expect(await b.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
    slack.release();
    expect(await runA).toEqual({ sent: 1, retried: 0, dead: 0 });

    expect(h.teams.deliveredOf('postCaseCard')).toHaveLength(1);
    expect(h.slack.deliveredOf('postCaseCard')).toHaveLength(1);
    expect((await h.store.getCase(c.id))?.cards).toHaveLength(2);
    const [stored] = await h.store.listOutbox({ caseId: c.id });
    expect(stored).toMatchObject({ state: 'sent', attempts: 1 });
    expect(stored?.leaseOwner).toBeUndefined();
    // Nothing is left for anyone.
    h.clock.advance(60_000);
    expect(await b.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(h.teams.delivered).toHaveLength(1);
    expect(h.slack.delivered).toHaveLength(1);
  });

  it('is renewed while one gateway call runs long, so a second dispatcher does not send the message again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await h.store.enqueueOutbox([draft('first:1to1', { kind: 'send_person', person: anna, view: message('Hej') })]);
    const a = h.dispatcher({ owner: 'a', leaseMs: 30_000 });
    const b = h.dispatcher({ owner: 'b', leaseMs: 30_000 });
    // One gateway call, two platform calls inside it (Teams: create the 1:1 conversation, then send), 20 s each.
    const held = h.teams.hold('sendToPerson');

    const runA = a.runOnce();
    await held.arrived;
    h.clock.advance(20_000);
    await vi.advanceTimersByTimeAsync(20_000);
    h.clock.advance(20_000); // 40 s since the claim
    expect(await b.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
    held.release();
    expect(await runA).toEqual({ sent: 1, retried: 0, dead: 0 });

    expect(h.teams.deliveredOf('sendToPerson')).toHaveLength(1);
    const [stored] = await h.store.listOutbox({});
    expect(stored).toMatchObject({ state: 'sent', attempts: 1 });
    // The delivery left no timer behind.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops a delivery whose message another dispatcher took over: no further platform calls, nothing written', async () => {
    const c = await h.store.createCase(buildNewCase({ groupId: 'network', cards: CARDS }));
    await h.store.enqueueOutbox([draft('reply:lost', { kind: 'thread_reply', caseId: c.id, view: message('Hi') })]);
    await takenOverWhile('replyInThread');

    // a's Teams reply was in flight when it lost the lease; it did not go on to Slack.
    expect(h.teams.deliveredOf('replyInThread')).toHaveLength(2);
    expect(h.slack.deliveredOf('replyInThread')).toHaveLength(1);
    const [stored] = await h.store.listOutbox({ caseId: c.id });
    expect(stored).toMatchObject({ state: 'sent', attempts: 2, result: { replied: 2 } });
    expect(stored?.lastError).toBeUndefined();
  });

  it("stops updating a case's cards once another dispatcher has taken the update over", async () => {
    const cards: CardRef[] = [
      { platform: 'teams', groupId: 'servicedesk', channelId: 'sd', messageId: 'old-t', active: false },
      ...CARDS,
    ];
    const c = await h.store.createCase(buildNewCase({ groupId: 'network', cards }));
    await h.store.enqueueOutbox([draft('update:lost', { kind: 'update_cards', caseId: c.id })]);
    await takenOverWhile('updateCaseCard');

    // a updated the first card only (in flight when it lost the lease); b updated all three.
    expect(h.teams.deliveredOf('updateCaseCard').map((u) => u.ref.messageId)).toEqual(['old-t', 'new-t', 'old-t']);
    expect(h.slack.deliveredOf('updateCaseCard')).toHaveLength(1);
    expect((await h.store.listOutbox({ caseId: c.id }))[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('stops and keeps what got out when the lease cannot be renewed, and the retry goes only to the rest', async () => {
    const c = await h.store.createCase(buildNewCase({ groupId: 'network', cards: CARDS }));
    await h.store.enqueueOutbox([draft('reply:blip', { kind: 'thread_reply', caseId: c.id, view: message('Hi') })]);
    let refuse = 1;
    const store = new Proxy(h.store, {
      get(target, prop, receiver) {
        if (prop === 'renewOutboxLease' && refuse > 0) {
          return () => {
            refuse--;
            return Promise.reject(new AppError('STORE.UNAVAILABLE', 'MongoDB is electing a primary (test)'));
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as CaseStore;
    const a = h.dispatcher({ owner: 'a', leaseMs: 30_000, store });
    const held = h.teams.hold('replyInThread');

    const runA = a.runOnce();
    await held.arrived;
    h.clock.advance(25_000);
    held.release();
    expect(await runA).toEqual({ sent: 0, retried: 1, dead: 0 });

    expect(h.slack.calls).toHaveLength(0);
    const [retried] = await h.store.listOutbox({ caseId: c.id });
    expect(retried).toMatchObject({
      state: 'pending',
      result: { repliedIn: [{ platform: 'teams', messageId: 'new-t' }] },
    });
    expect(retried?.lastError).toContain('electing a primary');
    h.clock.advance(60_000);
    expect(await a.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(h.teams.deliveredOf('replyInThread')).toHaveLength(1);
    expect(h.slack.deliveredOf('replyInThread')).toHaveLength(1);
  });
});
