import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case, CardRef } from '../../../src/models/case.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { draft, type Delivery } from '../../../src/services/outbox/deliveries.js';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { RecordingGateway } from '../../helpers/recording-gateway.js';
import { ALERT_PERSON, CHANNELS, message, renderTestCard } from './dispatcher-harness.js';

/**
 * The claim orders a case's messages by (createdAt, write sequence), and an earlier pending message holds the later
 * ones back. A thread reply that waited for a card post written after it in the same millisecond (its createdAt
 * equal) held that post back behind itself until the reply died after 8 attempts.
 */
describe('a thread reply and a card post written after it in the same millisecond', () => {
  let store: SqliteCaseStore;
  const written = new Date('2030-01-01T10:00:00.000Z');
  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:', now: () => written });
    await store.init();
  });
  afterEach(async () => {
    await store.close();
  });

  it('neither waits for the other: the reply is skipped at once and the card posted next', async () => {
    const clock = new ManualClock(new Date(written.getTime() + 60_000));
    const teams = new RecordingGateway('teams');
    const slack = new RecordingGateway('slack');
    const d = new OutboxDispatcher({
      store,
      gateways: [teams, slack],
      clock,
      logger: pino({ level: 'silent' }),
      renderCard: (c, platform) => renderTestCard(c, platform),
      renderMovedCard: (c: Case, ref: CardRef, platform) => renderTestCard(c, platform, `moved ${ref.groupId}`),
      channelTargets: async (groupId) => CHANNELS[groupId] ?? [],
      alert: (view): Delivery[] => [{ kind: 'send_person', person: ALERT_PERSON, view }],
      owner: 'o1',
      random: () => 0.5,
    });
    // The case was in servicedesk (whose card post was refused for good: no card) and is in network now.
    const c = await store.createCase(buildNewCase({ groupId: 'network' }));
    // 1) the user's answer in servicedesk's thread; 2) a moment later (same ms) the escalation's card post.
    await store.enqueueOutbox([
      draft(`${c.id}:reply`, { kind: 'thread_reply', caseId: c.id, view: message('answer'), groupId: 'servicedesk' }),
    ]);
    await store.enqueueOutbox([draft(`${c.id}:post`, { kind: 'post_card', caseId: c.id, groupId: 'network' })]);

    for (let i = 0; i < 12; i++) {
      await d.runOnce();
      clock.advance(11 * 60_000);
    }
    const rows = await store.listOutbox({ caseId: c.id, limit: 100 });
    const reply = rows.find((m) => m.key === `${c.id}:reply`)!;
    // No card of servicedesk to reply under and none coming for it: the reply is done with at its first attempt …
    expect([reply.state, reply.attempts]).toEqual(['sent', 1]);
    expect(rows.some((m) => m.key.startsWith('dead:'))).toBe(false);
    // … and the card post behind it went out in the same run.
    expect(teams.deliveredOf('postCaseCard')).toHaveLength(1);
    expect(rows.find((m) => m.key === `${c.id}:post`)?.attempts).toBe(1);
  });
});
