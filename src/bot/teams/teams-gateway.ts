import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import type { CloudAdapter, ConnectorClient, TurnContext } from '@microsoft/agents-hosting';
import type { CaseCardView, MessageView } from '../../cards/view-models.js';
import { type CardRef, normEmail, type PersonRef } from '../../models/case.js';
import type { Clock } from '../../services/clock.js';
import { type ChannelTarget, type ChatGateway, DeliveryError } from '../../services/ports/chat-gateway.js';
import { TEAMS_PREFIX } from './teams-activity.js';
import { toDeliveryError } from './teams-delivery-error.js';
import { type CardActivity, caseCardActivity, messageActivity } from './teams-messages.js';
import { asConversationReference, type TeamsRefs } from './teams-refs.js';
import { BOT_CONNECTOR_AUDIENCE, TEAMS_CHANNEL } from './teams-transport.js';

/** The public Teams service URL, used for a channel nobody has written from yet. */
export const DEFAULT_TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

export interface TeamsGatewayDeps {
  adapter: CloudAdapter;
  refs: TeamsRefs;
  clock: Clock;
  /** The bot's app id (client id, or the anonymous placeholder: see `botAppId`). */
  appId: string;
  /** TEAMS_TENANT_ID: the tenant of conversations the bot starts when no stored reference names one. */
  tenantId?: string;
  /** Service URL when none was captured for the tenant; default `DEFAULT_TEAMS_SERVICE_URL`. */
  serviceUrl?: string;
}

/** `19:abc@thread.tacv2;messageid=1700000000000` → `1700000000000`. */
export function threadRootId(conversationId: string): string | undefined {
  return /;messageid=([^;]+)$/.exec(conversationId)?.[1];
}

/** The conversation id of a channel thread. */
export function threadConversationId(channelId: string, rootMessageId: string): string {
  return `${channelId.split(';')[0]};messageid=${rootMessageId}`;
}

/** Where a new channel post landed: the thread's conversation id and its root message (activity) id. */
export interface ChannelPost {
  conversationId: string;
  messageId: string;
}

/**
 * The thread of a new channel post from the connector's `createConversation` answer. The root message id is the
 * answer's `activityId` when given, else the `;messageid=` suffix of its `id`; an `id` without that suffix (the
 * bare channel id, as some connectors answer) gets it added. Undefined when neither names the message.
 */
export function channelPostOf(
  channelId: string,
  created: { id?: string | null; activityId?: string | null } | undefined,
): ChannelPost | undefined {
  const id = created?.id || undefined;
  const messageId = created?.activityId || (id ? threadRootId(id) : undefined);
  if (!messageId) return undefined;
  const conversationId = id && threadRootId(id) === messageId ? id : threadConversationId(id ?? channelId, messageId);
  return { conversationId, messageId };
}

/**
 * The `ChatGateway` for Microsoft Teams, on the SDK's proactive APIs: `continueConversation` with a stored
 * conversation reference for 1:1 messages, thread replies, card updates and new channel posts (the connector's
 * `createConversation`, whose `activityId` names the card), and `createConversationAsync` for first-contact 1:1
 * chats (by AAD object id + tenant, personal scope, app installed).
 * Every connector failure becomes a `DeliveryError` (429 → `retryAfterMs`; 400/403/404 → permanent).
 */
export class TeamsGateway implements ChatGateway {
  readonly platform = 'teams' as const;

  constructor(private readonly deps: TeamsGatewayDeps) {}

  canReach(personId: string): boolean {
    return personId.startsWith(TEAMS_PREFIX) && personId.length > TEAMS_PREFIX.length;
  }

  async sendToPerson(person: PersonRef, message: MessageView): Promise<{ messageId?: string }> {
    if (!this.canReach(person.id)) throw new DeliveryError(`${person.id} is not a Teams user`, { permanent: true });
    const activity = messageActivity(this.mentionable(message, person));
    const stored = await this.deps.refs.person(person.id);
    try {
      if (stored?.reference) {
        const id = await this.send(asConversationReference(stored.reference), activity);
        return id ? { messageId: id } : {};
      }
      const memberId = stored?.aadObjectId ?? stored?.userId ?? person.id.slice(TEAMS_PREFIX.length);
      const tenantId = stored?.tenantId ?? this.deps.tenantId;
      const serviceUrl = stored?.serviceUrl ?? (await this.serviceUrlFor(tenantId));
      let messageId: string | undefined;
      const failure = await captureFailure(
        (logic) =>
          this.deps.adapter.createConversationAsync(
            this.deps.appId,
            TEAMS_CHANNEL,
            serviceUrl,
            BOT_CONNECTOR_AUDIENCE,
            {
              isGroup: false,
              members: [{ id: memberId }],
              ...this.botAccount(),
              ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : { channelData: {} }),
              activity: undefined as unknown as Activity,
            },
            logic,
          ),
        async (context) => {
          const reference = context.activity.getConversationReference();
          await this.deps.refs.savePerson(
            person.id,
            {
              userId: stored?.userId ?? memberId,
              name: stored?.name ?? person.name,
              ...(tenantId ? { tenantId } : {}),
              reference: { ...reference, activityId: undefined } as never,
              serviceUrl,
            },
            this.deps.clock.now(),
          );
          const conversationId = reference.conversation.id;
          messageId = (await this.connector(context).sendToConversation(conversationId, toActivity(activity))).id;
        },
      );
      if (failure) throw failure.error;
      return messageId ? { messageId } : {};
    } catch (err) {
      throw toDeliveryError(err, `send a message to ${person.id}`, this.deps.clock.now());
    }
  }

  /**
   * A message into the person's personal chat with the bot through the conversation reference stored from it (their
   * last message there, or the chat the bot started), never starting a chat: false when the bot has none with them.
   * For answers that must reach that person alone now (a case list asked for where others read along), not for
   * deliveries that may wait (those go through the outbox, `sendToPerson`). A connector failure is thrown as a
   * `DeliveryError`.
   */
  async sendInPersonalChat(personId: string, message: MessageView): Promise<boolean> {
    const stored = await this.deps.refs.person(personId);
    if (!stored?.reference) return false;
    try {
      await this.send(asConversationReference(stored.reference), messageActivity(message));
      return true;
    } catch (err) {
      throw toDeliveryError(err, `send a message to the personal chat of ${personId}`, this.deps.clock.now());
    }
  }

  /**
   * The message with a mention Teams accepts: Teams refuses a whole message whose mention names no Teams user
   * ("Invalid mention entity", a 400 that dead-letters it). A supervisor not yet known when the ping was written is
   * mentioned by e-mail (`email:…`) and reached by that e-mail at delivery: the mention names the Teams user
   * `person` then is. A mention of anyone else Teams does not know is left out (the message's text stays as written).
   */
  private mentionable(message: MessageView, person: PersonRef): MessageView {
    const mention = message.mention;
    if (!mention || this.canReach(mention.id)) return message;
    const email = mention.id.startsWith('email:') ? normEmail(mention.id.slice('email:'.length)) : undefined;
    if (email !== undefined && email === normEmail(person.email))
      return { ...message, mention: { ...mention, id: person.id } };
    const { mention: _dropped, ...rest } = message;
    return rest;
  }

  async postCaseCard(
    target: ChannelTarget,
    card: CaseCardView,
  ): Promise<{ messageId: string; conversationId: string }> {
    const post = await this.startChannelConversation(
      target,
      caseCardActivity(card),
      `post ${card.number} to channel ${target.channelId}`,
    );
    if (!post) throw new DeliveryError(`Teams did not say where ${card.number} was posted`, { permanent: false });
    return { messageId: post.messageId, conversationId: post.conversationId };
  }

  /** A new top-level message in the channel (a new conversation, as for a case card): reports, major notices. */
  async postMessage(target: ChannelTarget, message: MessageView): Promise<{ messageId?: string }> {
    const post = await this.startChannelConversation(
      target,
      messageActivity(message),
      `post a message to channel ${target.channelId}`,
    );
    return post ? { messageId: post.messageId } : {};
  }

  /**
   * A new conversation in the channel with `activity` as its first message, through the connector's
   * `createConversation` inside a proactive turn: `createConversationAsync` would drop the answer's `activityId`,
   * and a connector that answers with the bare channel id (no `;messageid=`) would leave the card unaddressable.
   */
  private async startChannelConversation(
    target: ChannelTarget,
    activity: CardActivity,
    what: string,
  ): Promise<ChannelPost | undefined> {
    const channel = await this.deps.refs.channel(target.groupId);
    const matches = channel?.channelId === target.channelId;
    const tenantId = (matches ? channel?.tenantId : undefined) ?? this.deps.tenantId;
    const serviceUrl = (matches ? channel?.serviceUrl : undefined) ?? (await this.serviceUrlFor(tenantId));
    const teamId = target.teamId ?? (matches ? channel?.teamId : undefined);
    const reference = {
      channelId: TEAMS_CHANNEL,
      serviceUrl,
      conversation: { id: target.channelId, isGroup: true, ...(tenantId ? { tenantId } : {}) },
      agent: { id: this.deps.appId },
    } as ConversationReference;
    let created: { id?: string; activityId?: string } | undefined;
    try {
      await this.continueWith(reference, async (context) => {
        created = await this.connector(context).createConversation({
          isGroup: true,
          ...this.botAccount(),
          ...(tenantId ? { tenantId } : {}),
          channelData: {
            channel: { id: target.channelId },
            ...(teamId ? { team: { id: teamId } } : {}),
            ...(tenantId ? { tenant: { id: tenantId } } : {}),
          },
          activity: toActivity(activity),
        });
      });
    } catch (err) {
      throw toDeliveryError(err, what, this.deps.clock.now());
    }
    return channelPostOf(target.channelId, created);
  }

  async updateCaseCard(ref: CardRef, card: CaseCardView): Promise<void> {
    const reference = await this.threadReference(ref);
    if (!reference) return;
    try {
      await this.continueWith(reference, async (context) => {
        await this.connector(context).updateActivity(
          reference.conversation.id,
          ref.messageId,
          toActivity({ ...caseCardActivity(card), id: ref.messageId } as CardActivity),
        );
      });
    } catch (err) {
      throw toDeliveryError(err, `update the card of ${card.number}`, this.deps.clock.now());
    }
  }

  async replyInThread(ref: CardRef, message: MessageView): Promise<void> {
    const reference = await this.threadReference(ref);
    if (!reference) return;
    try {
      await this.continueWith(reference, async (context) => {
        await this.connector(context).replyToActivity(
          reference.conversation.id,
          ref.messageId,
          toActivity(messageActivity(message)),
        );
      });
    } catch (err) {
      throw toDeliveryError(err, `reply in the thread of ${ref.messageId}`, this.deps.clock.now());
    }
  }

  /** A 1:1 send within a continued conversation; returns the new activity id. */
  private async send(reference: ConversationReference, activity: CardActivity): Promise<string | undefined> {
    let id: string | undefined;
    await this.continueWith({ ...reference, activityId: undefined }, async (context) => {
      id = (await this.connector(context).sendToConversation(reference.conversation.id, toActivity(activity))).id;
    });
    return id || undefined;
  }

  /**
   * `continueConversation`, but a failure inside `logic` is thrown to the caller: the SDK would hand it to
   * `onTurnError` and resolve, and the outbox must know the delivery failed.
   */
  private async continueWith(reference: ConversationReference, logic: (context: TurnContext) => Promise<void>) {
    const failure = await captureFailure(
      (wrapped) => this.deps.adapter.continueConversation(this.deps.appId, reference, wrapped),
      logic,
    );
    if (failure) throw failure.error;
  }

  /**
   * The conversation of a posted card's thread; undefined when the app was removed from the card's team (its
   * group's binding is `removed` for that channel): Teams refuses every call there, so a card update or thread reply
   * goes nowhere instead of into a dead letter, as for a group without a channel. Once the app is added again the
   * card is reachable again.
   */
  private async threadReference(ref: CardRef): Promise<ConversationReference | undefined> {
    const { channel, removed } = await this.deps.refs.channelState(ref.groupId);
    if (removed && removed.channelId === ref.channelId) return undefined;
    const serviceUrl = channel?.serviceUrl ?? (await this.serviceUrlFor(channel?.tenantId ?? this.deps.tenantId));
    const conversationId = ref.conversationId ?? threadConversationId(ref.channelId, ref.messageId);
    return {
      channelId: TEAMS_CHANNEL,
      serviceUrl,
      conversation: { id: conversationId, isGroup: true, ...(channel?.tenantId ? { tenantId: channel.tenantId } : {}) },
      agent: { id: this.deps.appId },
    } as ConversationReference;
  }

  private async serviceUrlFor(tenantId: string | undefined): Promise<string> {
    return (await this.deps.refs.serviceUrl(tenantId)) ?? this.deps.serviceUrl ?? DEFAULT_TEAMS_SERVICE_URL;
  }

  /** The bot's account in conversation parameters (`agent` for the SDK, `bot` on the wire). */
  private botAccount(): { agent: { id: string } } {
    return { agent: { id: this.deps.appId }, bot: { id: this.deps.appId } } as { agent: { id: string } };
  }

  private connector(context: TurnContext): ConnectorClient {
    return context.turnState.get<ConnectorClient>(this.deps.adapter.ConnectorClientKey);
  }
}

/** Runs `run` with a wrapped `logic` that records instead of throws; returns what `logic` threw, if anything. */
async function captureFailure(
  run: (logic: (context: TurnContext) => Promise<void>) => Promise<void>,
  logic: (context: TurnContext) => Promise<void>,
): Promise<{ error: unknown } | undefined> {
  let failure: { error: unknown } | undefined;
  await run(async (context) => {
    try {
      await logic(context);
    } catch (error) {
      failure = { error };
    }
  });
  return failure;
}

function toActivity(a: object): Activity {
  return Activity.fromObject(a);
}
