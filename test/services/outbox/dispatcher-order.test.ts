import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { DeliveryError } from '../../../src/services/ports/chat-gateway.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import { createHarness, type Harness, message } from './dispatcher-harness.js';

const anna = buildPerson('anna');
const bo = buildPerson('bo');

/** README: "the messages of one case always go out one by one, in the order they were written". */
describe('OutboxDispatcher: the order of a case messages', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
  });

  afterEach(async () => {
    await h.store.close();
  });

  /** Personal messages to `person` about case `caseId` (none: no case), keyed `<prefix><n>`, written together. */
  const enqueue = async (caseId: string | undefined, texts: string[], prefix = 'k', person = anna) =>
    h.store.enqueueOutbox(
      texts.map((text, i) =>
        draft(`${prefix}${i}`, { kind: 'send_person', person, view: message(text) }, caseId ? { caseId } : {}),
      ),
    );
  const delivered = () => h.teams.deliveredOf('sendToPerson').map((call) => call.message.text);
  const byKey = async (key: string) => (await h.store.listOutbox({ limit: 1000 })).find((m) => m.key === key)!;

  it("keeps a case's messages in the order they were written when the first one has to be retried", async () => {
    const c = await h.store.createCase(buildNewCase());
    await enqueue(c.id, ['1 claimed by Jonas', '2 question: which room?', '3 resolved']);
    // One passing failure (a 5xx) on the first message only.
    h.teams.failNext(1, new DeliveryError('503 from Teams'));
    const d = h.dispatcher();

    expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
    expect(delivered()).toEqual([]);
    // The retry is not due yet: the later two wait for it.
    expect(await d.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
    h.clock.advance(60_000);
    expect(await d.runOnce()).toEqual({ sent: 3, retried: 0, dead: 0 });

    expect(delivered()).toEqual(['1 claimed by Jonas', '2 question: which room?', '3 resolved']);
  });

  it('hands the rest of the case back unsent, its attempts untouched, when a message of it fails', async () => {
    const c = await h.store.createCase(buildNewCase());
    await enqueue(c.id, ['1', '2', '3']);
    h.teams.failNext(1, new DeliveryError('503 from Teams'));

    await h.dispatcher().runOnce();

    expect(await byKey('k0')).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'DeliveryError: 503 from Teams',
    });
    for (const key of ['k1', 'k2']) {
      const m = await byKey(key);
      expect(m).toMatchObject({ state: 'pending', attempts: 0 });
      expect(m.leaseOwner).toBeUndefined();
      expect(m.leaseUntil).toBeUndefined();
    }
    expect(h.teams.callsOf('sendToPerson')).toHaveLength(1);
  });

  it('delivers the later messages in the same batch when the earlier one is refused for good', async () => {
    const c = await h.store.createCase(buildNewCase());
    await enqueue(c.id, ['gone', 'after gone']);
    h.teams.failNext(1, new DeliveryError('403 forbidden', { permanent: true }), 'sendToPerson');

    expect(await h.dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, dead: 1 });
    expect(delivered()).toEqual(['after gone']);
  });

  it('delivers the later messages once the earlier one has run out of attempts and died', async () => {
    const c = await h.store.createCase(buildNewCase());
    await enqueue(c.id, ['doomed', 'after doomed']);
    h.teams.failNext(3, new DeliveryError('503'), 'sendToPerson');
    const d = h.dispatcher({ maxAttempts: 3 });

    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(await d.runOnce());
      h.clock.advance(600_000);
    }

    expect(outcomes).toEqual([
      { sent: 0, retried: 1, dead: 0 },
      { sent: 0, retried: 1, dead: 0 },
      { sent: 1, retried: 0, dead: 1 },
    ]);
    expect((await byKey('k0')).state).toBe('dead');
    expect(await byKey('k1')).toMatchObject({ state: 'sent', attempts: 1 });
    expect(delivered()).toEqual(['after doomed']);
  });

  it("delivers other cases' messages while one case waits for a retry", async () => {
    const waiting = await h.store.createCase(buildNewCase());
    const other = await h.store.createCase(buildNewCase());
    await enqueue(waiting.id, ['w1', 'w2'], 'w');
    await enqueue(other.id, ['o1', 'o2'], 'o', bo);
    h.teams.failNext(1, new DeliveryError('503 from Teams'));
    const d = h.dispatcher({ concurrency: 1 });

    expect(await d.runOnce()).toEqual({ sent: 2, retried: 1, dead: 0 });
    expect(delivered()).toEqual(['o1', 'o2']);
    await enqueue(other.id, ['o3'], 'o3-', bo);
    expect(await d.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
    h.clock.advance(60_000);
    expect(await d.runOnce()).toEqual({ sent: 2, retried: 0, dead: 0 });
    expect(delivered()).toEqual(['o1', 'o2', 'o3', 'w1', 'w2']);
  });

  it("holds a case's later messages back from a second dispatcher while the first one is delivering an earlier one", async () => {
    const c = await h.store.createCase(buildNewCase());
    await enqueue(c.id, ['first']);
    const a = h.dispatcher({ owner: 'a' });
    const b = h.dispatcher({ owner: 'b' });
    const held = h.teams.hold();
    const runA = a.runOnce();
    await held.arrived;
    await enqueue(c.id, ['second'], 's');

    expect(await b.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
    held.release();
    expect(await runA).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(await b.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(delivered()).toEqual(['first', 'second']);
  });

  it('goes on with the messages that belong to no case when one of them fails', async () => {
    await enqueue(undefined, ['n1', 'n2', 'n3']);
    h.teams.failNext(1, new DeliveryError('503 from Teams'));

    expect(await h.dispatcher().runOnce()).toEqual({ sent: 2, retried: 1, dead: 0 });
    expect(delivered()).toEqual(['n2', 'n3']);
  });

  it('posts the card first and then replies in its thread when the card post had to be retried', async () => {
    const c = await h.store.createCase(buildNewCase({ groupId: 'servicedesk' }));
    await h.store.enqueueOutbox([
      draft(`${c.id}:post`, { kind: 'post_card', caseId: c.id, groupId: 'servicedesk' }),
      draft(`${c.id}:r1`, { kind: 'thread_reply', caseId: c.id, view: message('claimed') }),
      draft(`${c.id}:r2`, { kind: 'thread_reply', caseId: c.id, view: message('resolved') }),
    ]);
    h.teams.failNext(1, new DeliveryError('503 from Teams'), 'postCaseCard');
    const d = h.dispatcher();

    // Slack got its card; Teams' post is retried as a message of its own, and the replies wait for it.
    await d.runOnce();
    h.clock.advance(60_000);
    await d.runOnce();
    h.clock.advance(60_000);
    await d.runOnce();

    const teams = h.teams.calls.filter((call) => call.method === 'postCaseCard' || call.method === 'replyInThread');
    expect(teams.map((call) => call.method)).toEqual([
      'postCaseCard',
      'postCaseCard',
      'replyInThread',
      'replyInThread',
    ]);
    expect(h.teams.deliveredOf('replyInThread').map((call) => call.message.text)).toEqual(['claimed', 'resolved']);
    expect(h.slack.deliveredOf('replyInThread').map((call) => call.message.text)).toEqual(['claimed', 'resolved']);
  });
});
