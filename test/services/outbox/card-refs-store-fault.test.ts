import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import { postCardDraft } from '../../../src/services/outbox/deliveries.js';
import { DeliveryError } from '../../../src/services/ports/chat-gateway.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { createHarness, type Harness } from './dispatcher-harness.js';

/**
 * A card post whose cards went out but whose card refs could not be stored on the case (the store did not answer
 * for a moment: a MongoDB election, a locked disk). The retry must not post the cards a second time.
 */
describe('a card post when the store fails after the cards went out', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.store.close();
  });

  /** The harness store, whose next `failing` case updates fail as an outage. */
  function faultyStore(failing: number): CaseStore {
    let left = failing;
    return new Proxy(h.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === 'updateCase') {
          return (...args: Parameters<CaseStore['updateCase']>) => {
            if (left-- > 0) return Promise.reject(new AppError('STORE.UNAVAILABLE', 'the case store is not answering'));
            return target.updateCase(...args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  it('posts each card once and stores both refs on the retry', async () => {
    const c = await h.store.createCase(buildNewCase(), (n) => [postCardDraft(n, 'servicedesk')]);
    const d = h.dispatcher({ store: faultyStore(1) });
    expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
    for (let i = 0; i < 5; i++) {
      h.clock.advance(60_000);
      await d.runOnce();
    }

    expect(h.teams.deliveredOf('postCaseCard')).toHaveLength(1);
    expect(h.slack.deliveredOf('postCaseCard')).toHaveLength(1);
    const stored = (await h.store.getCase(c.id))!;
    expect(stored.cards.map((r) => [r.platform, r.messageId, r.active])).toEqual([
      ['teams', h.teams.deliveredOf('postCaseCard')[0]!.messageId, true],
      ['slack', h.slack.deliveredOf('postCaseCard')[0]!.messageId, true],
    ]);
    const [post] = await h.store.listOutbox({ caseId: c.id, kind: 'post_card' });
    expect(post!.state).toBe('sent');
  });

  it('posts only the card of the platform that failed on the retry, keeping the one the store missed', async () => {
    const c = await h.store.createCase(buildNewCase(), (n) => [postCardDraft(n, 'servicedesk')]);
    h.slack.failNext(1, new DeliveryError('503 from Slack'), 'postCaseCard');
    const d = h.dispatcher({ store: faultyStore(1) });
    await d.runOnce();
    for (let i = 0; i < 5; i++) {
      h.clock.advance(60_000);
      await d.runOnce();
    }

    expect(h.teams.deliveredOf('postCaseCard')).toHaveLength(1);
    expect(h.slack.deliveredOf('postCaseCard')).toHaveLength(1);
    const stored = (await h.store.getCase(c.id))!;
    expect(stored.cards.map((r) => r.platform).sort()).toEqual(['slack', 'teams']);
    // The Teams card, rendered before the refs were stored, is brought up to the case's version.
    const updated = h.teams.deliveredOf('updateCaseCard').map((u) => u.card.version);
    expect(updated.at(-1)).toBe(stored.version);
  });

  it.each([
    ['to another desk', 'network', 'servicedesk'],
    ['away from its owner group', 'servicedesk', 'network'],
  ])('keeps the cards inactive when the case moved %s before the retry', async (_, from, to) => {
    const c = await h.store.createCase(buildNewCase({ groupId: from, ownerGroupId: 'servicedesk' }), (n) => [
      postCardDraft(n, from),
    ]);
    const d = h.dispatcher({ store: faultyStore(1) });
    await d.runOnce();
    // Passed on before the retry (the new group's own card post is not what this is about).
    const fresh = (await h.store.getCase(c.id))!;
    await h.store.updateCase({ ...fresh, groupId: to }, fresh.version);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(60_000);
      await d.runOnce();
    }

    expect(h.teams.deliveredOf('postCaseCard')).toHaveLength(1);
    const stored = (await h.store.getCase(c.id))!;
    expect(stored.cards.map((r) => [r.platform, r.groupId, r.active]).sort()).toEqual([
      ['slack', from, false],
      ['teams', from, false],
    ]);
    // Brought up to date: they say where the case went.
    expect(h.teams.deliveredOf('updateCaseCard').at(-1)?.card.banner).toBe(`moved from ${from}`);
  });
});
