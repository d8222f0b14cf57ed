import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import type { ChannelTarget } from '../../../src/services/ports/chat-gateway.js';
import type { RegistrationInput } from '../../../src/services/registration.js';
import { type ChannelCardOutbox, channelCardOutbox, verbsOf } from '../../helpers/channel-card-outbox.js';
import {
  buildOrderServices,
  headsetInput,
  okCase,
  orderPeople,
  type OrderServices,
  placeOrder,
} from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';

/** Teams channels of ARTS Support (1st level, the owner) and ARTS Indkøb (the desk purchases go to directly). */
const CHANNELS: Record<string, ChannelTarget[]> = {
  'arts-support': [{ platform: 'teams', groupId: 'arts-support', teamId: 't', channelId: '19:arts' }],
  'arts-indkoeb': [{ platform: 'teams', groupId: 'arts-indkoeb', teamId: 't', channelId: '19:indkoeb' }],
};

describe("ownerCardDrafts with the outbox: a case routed straight to a desk gets a card in its owner's channel", () => {
  let s: OrderServices;
  let outbox: ChannelCardOutbox;

  beforeEach(async () => {
    s = await buildOrderServices({ defaultLocale: 'en' });
    outbox = channelCardOutbox(s.store, s.catalogue, CHANNELS);
  });
  afterEach(async () => {
    await s.close();
  });

  const settle = () => outbox.settle();
  const postsTo = (channelId: string) => outbox.postsTo(channelId);
  const lastCard = (channelId: string) => outbox.lastCard(channelId);

  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id)) ?? c;

  /** Registered and delivered: only the desk's channel has a card. */
  async function registered(extra: Partial<RegistrationInput> = {}): Promise<Case> {
    const c = await s.register(headsetInput(extra), people.anna);
    await settle();
    expect(postsTo('19:indkoeb')).toHaveLength(1);
    expect(postsTo('19:arts')).toHaveLength(0);
    return fresh(c);
  }

  async function resolveAsAnders(c: Case, solution = 'Handed out a Jabra headset'): Promise<Case> {
    return okCase(
      await s.service.act(orderPeople.anders, { verb: 'resolve', caseId: c.id, version: c.version, solution }),
    );
  }

  /** Claimed and resolved at ARTS Indkøb, the outbox not yet delivered. */
  async function resolvedAtDesk(): Promise<Case> {
    let c = await registered();
    expect(c.groupId).toBe('arts-indkoeb');
    expect(c.ownerGroupId).toBe('arts-support');
    c = okCase(await s.service.act(orderPeople.anders, { verb: 'claim', caseId: c.id, version: c.version }));
    return resolveAsAnders(c);
  }

  it("posts one working card with Close to the owner's channel when the desk resolves the case", async () => {
    let c = await resolvedAtDesk();
    await settle();
    c = await fresh(c);

    const posts = postsTo('19:arts');
    expect(posts).toHaveLength(1);
    const owner = lastCard('19:arts');
    expect(owner?.status).toBe('resolved');
    expect(verbsOf(owner)).toEqual(expect.arrayContaining(['close', 'return_to_technician']));
    expect(owner?.banner).toBe(
      'Solved by ARTS Purchasing and back with ARTS Support: check the solution, then close the case or return it to the technician',
    );
    // The card carries the version its first click is checked against.
    expect(owner?.version).toBe(c.version);
    // Stored as the owner's card (not the desk's working card), as an escalated case's old card is.
    expect(c.cards.filter((r) => r.groupId === 'arts-support')).toEqual([
      expect.objectContaining({ channelId: '19:arts', active: false, messageId: posts[0]?.messageId }),
    ]);
    // The resolution is told in the new card's thread as well as in the desk's.
    const threads = (channelId: string) =>
      outbox.teams
        .deliveredOf('replyInThread')
        .filter((r) => r.ref.channelId === channelId)
        .map((r) => r.message.text);
    expect(threads('19:arts').join('\n')).toContain('Handed out a Jabra headset');
    expect(threads('19:indkoeb').join('\n')).toContain('Handed out a Jabra headset');
    expect(verbsOf(lastCard('19:indkoeb'))).not.toContain('close');

    // Jonas (ARTS Support) closes from that card; the card follows.
    const closed = okCase(await s.service.act(people.jonas, { verb: 'close', caseId: c.id, version: c.version }));
    expect(closed.status).toBe('closed');
    await settle();
    expect(lastCard('19:arts')?.status).toBe('closed');
    expect(verbsOf(lastCard('19:arts'))).not.toContain('close');
    expect(postsTo('19:arts')).toHaveLength(1);
  });

  it("reuses the owner's card when the case is returned to the technician and resolved again", async () => {
    let c = await resolvedAtDesk();
    await settle();
    c = await fresh(c);
    okCase(
      await s.service.act(people.jonas, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'Which model was handed out?',
      }),
    );
    await settle();
    expect(lastCard('19:arts')?.banner).toBe('With ARTS Purchasing, working on the case');
    expect(lastCard('19:arts')?.actions).toEqual([]);
    expect(lastCard('19:indkoeb')?.status).toBe('in_progress');

    c = await resolveAsAnders(await fresh(c), 'Handed out a Jabra Evolve2 65');
    await settle();
    expect(postsTo('19:arts')).toHaveLength(1);
    expect(lastCard('19:arts')?.status).toBe('resolved');
    expect(verbsOf(lastCard('19:arts'))).toContain('close');
    const ownerKeys = (await s.outbox.all()).filter((m) => m.kind === 'post_card' && m.key.includes(':owner:'));
    expect(ownerKeys).toHaveLength(1);

    // The user reopens it: the owner's card says where it went again.
    c = await fresh(c);
    okCase(
      await s.service.act(people.anna, {
        verb: 'still_a_problem',
        caseId: c.id,
        version: c.version,
        comment: 'Broken',
      }),
    );
    await settle();
    expect(lastCard('19:arts')?.banner).toBe('With ARTS Purchasing, working on the case');
    expect(postsTo('19:arts')).toHaveLength(1);
  });

  it("posts no second card when the owner's card is asked for again after it got out", async () => {
    const c = await resolvedAtDesk();
    await settle();
    expect(postsTo('19:arts')).toHaveLength(1);
    await s.store.enqueueOutbox([
      {
        key: `${c.id}:again`,
        kind: 'post_card',
        caseId: c.id,
        payload: { caseId: c.id, groupId: 'arts-support' },
        notBefore: new Date().toISOString(),
      },
    ]);
    await settle();
    expect(postsTo('19:arts')).toHaveLength(1);
  });

  it('posts no owner card when the case went back to the technician before the card got out', async () => {
    let c = await resolvedAtDesk();
    okCase(
      await s.service.act(people.jonas, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'Which model?',
      }),
    );
    await settle();
    expect(postsTo('19:arts')).toHaveLength(0);
    expect(verbsOf(lastCard('19:indkoeb'))).toContain('open_form');

    // Resolved again, the owner gets its card now, once.
    c = await resolveAsAnders(await fresh(c));
    await settle();
    expect(postsTo('19:arts')).toHaveLength(1);
    expect(verbsOf(lastCard('19:arts'))).toContain('close');
  });

  it('posts the owner card at registration when the case is registered solved at a desk, but not for a quick case', async () => {
    await s.register(
      headsetInput({ resolvedWith: { solution: 'Headsets are in the cupboard', quick: false } }),
      people.anna,
    );
    await settle();
    expect(postsTo('19:indkoeb')).toHaveLength(1);
    expect(postsTo('19:arts')).toHaveLength(1);
    expect(verbsOf(lastCard('19:arts'))).toContain('close');

    outbox.teams.calls.length = 0;
    await s.register(headsetInput({ resolvedWith: { solution: 'Took one', quick: true } }), people.anna);
    await settle();
    expect(outbox.teams.deliveredOf('postCaseCard')).toHaveLength(0);
  });

  it('posts the owner card with Close when ARTS Indkøb hands an equipment order out', async () => {
    let { case: c } = await placeOrder(s, people.anna, { 'qty.screen-dell-p2725q': '1' });
    await settle();
    c = await fresh(c);
    expect(c.groupId).toBe('arts-indkoeb');
    expect(postsTo('19:arts')).toHaveLength(0);
    c = okCase(
      await s.orders.act(orderPeople.anders, { verb: 'order_ready', caseId: c.id, version: c.version, slot1: 'now' }),
    );
    c = okCase(await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: c.id, version: c.version }));
    await settle();
    expect(postsTo('19:arts')).toHaveLength(1);
    const owner = lastCard('19:arts');
    expect(owner?.status).toBe('resolved');
    expect(verbsOf(owner)).toContain('close');

    c = await fresh(c);
    const closed = okCase(await s.service.act(people.jonas, { verb: 'close', caseId: c.id, version: c.version }));
    expect(closed.status).toBe('closed');
  });
});
