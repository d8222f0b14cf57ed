import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { DeliveryError } from '../../../src/services/ports/chat-gateway.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { createHarness, type Harness, message } from './dispatcher-harness.js';

describe('thread replies of a case whose card could not be posted', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.store.close();
  });

  it('are skipped once the card post was refused for good: one dead letter and one alert, not one per reply', async () => {
    const c = await h.store.createCase(buildNewCase());
    await h.store.enqueueOutbox([
      draft(`${c.id}:post`, { kind: 'post_card', caseId: c.id, groupId: 'servicedesk' }),
      draft(`${c.id}:r1`, { kind: 'thread_reply', caseId: c.id, view: message('claimed') }),
      draft(`${c.id}:r2`, { kind: 'thread_reply', caseId: c.id, view: message('resolved') }),
    ]);
    // The bot was removed from the channel: Teams and Slack refuse the card for good.
    h.teams.failNext(1, new DeliveryError('403 forbidden', { permanent: true }), 'postCaseCard');
    h.slack.failNext(1, new DeliveryError('not_in_channel', { permanent: true }), 'postCaseCard');
    const d = h.dispatcher();
    for (let i = 0; i < 12; i++) {
      await d.runOnce();
      h.clock.advance(11 * 60_000);
    }
    const rows = await h.store.listOutbox({ limit: 1000 });
    expect(rows.filter((m) => m.state === 'dead').map((m) => m.key)).toEqual([`${c.id}:post`]);
    expect(rows.filter((m) => m.key.startsWith('dead:')).map((m) => m.state)).toEqual(['sent']);
    const replies = rows.filter((m) => m.kind === 'thread_reply');
    expect(replies.map((m) => [m.state, m.result])).toEqual([
      ['sent', { skipped: 'the case card could not be posted' }],
      ['sent', { skipped: 'the case card could not be posted' }],
    ]);
  });

  it('wait while the card post is still being retried', async () => {
    const c = await h.store.createCase(buildNewCase());
    await h.store.enqueueOutbox([
      draft(`${c.id}:post`, { kind: 'post_card', caseId: c.id, groupId: 'servicedesk' }),
      draft(`${c.id}:r1`, { kind: 'thread_reply', caseId: c.id, view: message('claimed') }),
    ]);
    h.teams.failNext(1, new DeliveryError('503 from Teams'), 'postCaseCard');
    h.slack.failNext(1, new DeliveryError('503 from Slack'), 'postCaseCard');
    const d = h.dispatcher();
    await d.runOnce();
    for (let i = 0; i < 5; i++) {
      h.clock.advance(11 * 60_000);
      await d.runOnce();
    }
    expect(h.teams.deliveredOf('replyInThread').map((r) => r.message.text)).toEqual(['claimed']);
    expect(h.slack.deliveredOf('replyInThread').map((r) => r.message.text)).toEqual(['claimed']);
  });
});
