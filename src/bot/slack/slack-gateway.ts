import { renderCaseCardBlocks } from '../../cards/slack/render-case-card-blocks.js';
import { renderMessageBlocks } from '../../cards/slack/render-message-blocks.js';
import type { CaseCardView, MessageView } from '../../cards/view-models.js';
import type { CardRef, PersonRef } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import { type ChannelTarget, type ChatGateway, DeliveryError } from '../../services/ports/chat-gateway.js';
import type { SlackWebClient } from './slack-client.js';
import { toDeliveryError } from './slack-errors.js';
import { SLACK_PREFIX, slackUserIdOf } from './slack-ids.js';

/** Store ref kind of a person's DM channel id (`conversations.open` once per person, then reused). */
export const DM_CHANNEL_REF = 'slack_dm_channel';

export interface SlackGatewayDeps {
  client: SlackWebClient;
  store: CaseStore;
}

/**
 * The ChatGateway port for Slack; only the outbox dispatcher calls it. Personal messages go to the person's DM
 * (`conversations.open`, cached in the store, then `chat.postMessage`); case cards are posted to the group's
 * channel and updated in place with `chat.update`; thread replies use `thread_ts` and carry `<@U…>` when the view
 * names a Slack person to mention (the renderer puts it in the blocks and the notification text). Every failure is a `DeliveryError`: 429 with `retryAfterMs`, a gone channel or
 * user permanent, the rest transient, so the outbox decides about retrying.
 */
export class SlackGateway implements ChatGateway {
  readonly platform = 'slack' as const;

  constructor(private readonly deps: SlackGatewayDeps) {}

  canReach(personId: string): boolean {
    return personId.startsWith(SLACK_PREFIX) && slackUserIdOf(personId) !== undefined;
  }

  async sendToPerson(person: PersonRef, message: MessageView): Promise<{ messageId?: string }> {
    const userId = slackUserIdOf(person.id);
    if (!userId) throw new DeliveryError(`Slack cannot reach ${person.id}`, { permanent: true });
    const channel = await this.dmChannel(userId);
    const res = await this.call('chat.postMessage', () =>
      this.deps.client.chat.postMessage({ channel, ...renderMessageBlocks(message), unfurl_links: false }),
    );
    return res.ts ? { messageId: res.ts } : {};
  }

  async postCaseCard(
    target: ChannelTarget,
    card: CaseCardView,
  ): Promise<{ messageId: string; conversationId: string }> {
    const res = await this.call('chat.postMessage', () =>
      this.deps.client.chat.postMessage({
        channel: target.channelId,
        ...renderCaseCardBlocks(card),
        unfurl_links: false,
      }),
    );
    if (!res.ts) throw new DeliveryError('Slack chat.postMessage returned no ts');
    return { messageId: res.ts, conversationId: res.channel ?? target.channelId };
  }

  /** A new top-level message in the group's channel (reports, a major incident's announcement). */
  async postMessage(target: ChannelTarget, message: MessageView): Promise<{ messageId?: string }> {
    const res = await this.call('chat.postMessage', () =>
      this.deps.client.chat.postMessage({
        channel: target.channelId,
        ...renderMessageBlocks(message),
        unfurl_links: false,
      }),
    );
    return res.ts ? { messageId: res.ts } : {};
  }

  async updateCaseCard(ref: CardRef, card: CaseCardView): Promise<void> {
    await this.call('chat.update', () =>
      this.deps.client.chat.update({ channel: channelOf(ref), ts: ref.messageId, ...renderCaseCardBlocks(card) }),
    );
  }

  async replyInThread(ref: CardRef, message: MessageView): Promise<void> {
    await this.call('chat.postMessage', () =>
      this.deps.client.chat.postMessage({
        channel: channelOf(ref),
        thread_ts: ref.messageId,
        ...renderMessageBlocks(message),
        unfurl_links: false,
      }),
    );
  }

  /** The DM channel with a user: from the store, else `conversations.open` (then remembered). */
  private async dmChannel(userId: string): Promise<string> {
    const cached = await this.deps.store.getRef(DM_CHANNEL_REF, userId);
    if (typeof cached?.['channelId'] === 'string') return cached['channelId'];
    const res = await this.call('conversations.open', () => this.deps.client.conversations.open({ users: userId }));
    const channelId = res.channel?.id;
    if (!channelId) throw new DeliveryError('Slack conversations.open returned no channel');
    await this.deps.store.putRef(DM_CHANNEL_REF, userId, { channelId });
    return channelId;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toDeliveryError(err, what);
    }
  }
}

function channelOf(ref: CardRef): string {
  return ref.conversationId ?? ref.channelId;
}
