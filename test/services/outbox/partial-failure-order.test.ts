import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { CardRef } from '../../../src/models/case.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { type ChannelTarget, DeliveryError } from '../../../src/services/ports/chat-gateway.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { RecordingGateway } from '../../helpers/recording-gateway.js';
import { CHANNELS, createHarness, type Harness, message } from './dispatcher-harness.js';

/** A recording gateway that also posts channel messages (`post_group_message`), failing the next `failPosts`. */
class PostingGateway extends RecordingGateway {
  readonly posts: { channelId: string; text: string; ok: boolean }[] = [];
  failPosts = 0;

  async postMessage(target: ChannelTarget, view: MessageView): Promise<{ messageId?: string }> {
    const text = view.text ?? '';
    if (this.failPosts > 0) {
      this.failPosts--;
      this.posts.push({ channelId: target.channelId, text, ok: false });
      throw new DeliveryError(`503 from ${this.platform}`);
    }
    this.posts.push({ channelId: target.channelId, text, ok: true });
    return { messageId: `${this.platform}-post-${this.posts.length}` };
  }

  get posted(): string[] {
    return this.posts.filter((p) => p.ok).map((p) => p.text);
  }
}

/**
 * README: "the messages of one case always go out one by one, in the order they were written — also when one of
 * them fails". A message for several threads or channels that reached some of them but not the others is a
 * failure too: what it still owes goes out before the case's later messages, and nowhere twice.
 */
describe('OutboxDispatcher: a message that reached some of its threads or channels', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
  });

  afterEach(async () => {
    await h.store.close();
  });

  const bothCards: CardRef[] = [
    { platform: 'teams', groupId: 'servicedesk', channelId: 'sd', messageId: 'card-t', active: true },
    { platform: 'slack', groupId: 'servicedesk', channelId: 'C0SERVICE', messageId: 'card-s', active: true },
  ];
  const replies = (gateway: RecordingGateway) =>
    gateway.deliveredOf('replyInThread').map((call) => `${call.ref.messageId}: ${call.message.text}`);

  it("replies in the thread it still owes before the case's later replies there", async () => {
    const c = await h.store.createCase(buildNewCase({ cards: bothCards }));
    await h.store.enqueueOutbox([
      draft(`${c.id}:r1`, { kind: 'thread_reply', caseId: c.id, view: message('1 claimed by Jonas') }),
      draft(`${c.id}:r2`, { kind: 'thread_reply', caseId: c.id, view: message('2 resolved') }),
    ]);
    h.slack.failNext(1, new DeliveryError('503 from Slack'), 'replyInThread');
    const d = h.dispatcher();

    const outcomes = [await d.runOnce(), await d.runOnce()];
    h.clock.advance(60_000);
    outcomes.push(await d.runOnce());

    expect(replies(h.slack)).toEqual(['card-s: 1 claimed by Jonas', 'card-s: 2 resolved']);
    // Teams got the first reply once, not again with the retry.
    expect(replies(h.teams)).toEqual(['card-t: 1 claimed by Jonas', 'card-t: 2 resolved']);
    // Teams had the first reply and Slack not: the first is retried and the second waits for it.
    expect(outcomes).toEqual([
      { sent: 0, retried: 1, dead: 0 },
      { sent: 0, retried: 0, dead: 0 },
      { sent: 2, retried: 0, dead: 0 },
    ]);
    // No message was added for the retry: the case's outbox holds the two it was written with.
    const rows = await h.store.listOutbox({ caseId: c.id });
    expect(rows.map((m) => [m.key, m.state])).toEqual([
      [`${c.id}:r1`, 'sent'],
      [`${c.id}:r2`, 'sent'],
    ]);
  });

  it('keeps the threads it reached across several failed attempts and replies in each once', async () => {
    const cards: CardRef[] = [
      ...bothCards,
      { platform: 'teams', groupId: 'servicedesk', channelId: 'sd2', messageId: 'card-t2', active: true },
    ];
    const c = await h.store.createCase(buildNewCase({ cards }));
    await h.store.enqueueOutbox([draft(`${c.id}:r1`, { kind: 'thread_reply', caseId: c.id, view: message('note') })]);
    // Attempt 1 reaches the second Teams thread only, attempt 2 the first one too, attempt 3 Slack.
    h.teams.failNext(1, new DeliveryError('503 from Teams'), 'replyInThread');
    h.slack.failNext(2, new DeliveryError('503 from Slack'), 'replyInThread');
    const d = h.dispatcher();

    for (let i = 0; i < 3; i++) {
      await d.runOnce();
      h.clock.advance(600_000);
    }

    expect(replies(h.teams)).toEqual(['card-t2: note', 'card-t: note']);
    expect(replies(h.slack)).toEqual(['card-s: note']);
    const [row] = await h.store.listOutbox({ caseId: c.id });
    expect(row).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it("posts a case's channel message into the channel it still owes before the case's later messages there", async () => {
    const teams = new PostingGateway('teams');
    const slack = new PostingGateway('slack');
    const c = await h.store.createCase(buildNewCase());
    const announce = (n: number, text: string) =>
      draft(
        `${c.id}:announce${n}`,
        { kind: 'post_group_message', groupId: 'servicedesk', view: message(text) },
        { caseId: c.id },
      );
    await h.store.enqueueOutbox([announce(1, '1 major incident declared'), announce(2, '2 major incident resolved')]);
    slack.failPosts = 1;
    const d = h.dispatcher({ gateways: [teams, slack] });

    const outcomes = [await d.runOnce()];
    h.clock.advance(60_000);
    outcomes.push(await d.runOnce());

    expect(slack.posted).toEqual(['1 major incident declared', '2 major incident resolved']);
    expect(teams.posted).toEqual(['1 major incident declared', '2 major incident resolved']);
    expect(outcomes).toEqual([
      { sent: 0, retried: 1, dead: 0 },
      { sent: 2, retried: 0, dead: 0 },
    ]);
    const first = (await h.store.listOutbox({ caseId: c.id }))[0]!;
    expect(first.result).toEqual({
      posted: [
        { platform: 'teams', channelId: CHANNELS['servicedesk']![0]!.channelId, messageId: 'teams-post-1' },
        { platform: 'slack', channelId: 'C0SERVICE', messageId: 'slack-post-2' },
      ],
    });
  });
});
