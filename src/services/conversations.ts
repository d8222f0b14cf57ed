import type { CardAction } from '../cards/card-actions.js';
import type { MessageView } from '../cards/view-models.js';
import { attachmentTexts } from './attachments.js';
import type { ConversationPeek } from '../models/case-store.js';
import type { IntakeAction, IntakeEngine, IntakeInput, IntakeReply } from './intake/intake-engine.js';
import type { OrderConversationAction, OrderEngine, OrderReply } from './orders/order-engine.js';

/** The conversation verbs of the order engine (issue 11); every other conversation verb is `intake_*`. */
export const ORDER_CONVERSATION_VERBS = [
  'order_start',
  'order_items',
  'order_details',
  'order_confirm',
  'order_cancel',
  'order_back',
] as const satisfies readonly OrderConversationAction['verb'][];

/** A card action that belongs to a chat conversation (intake or order) rather than to a case. */
export type ConversationAction = IntakeAction | OrderConversationAction;

/** One turn as the transports hand it over: the intake's input, with order actions allowed too. */
export type ConversationInput = Omit<IntakeInput, 'action'> & { action?: ConversationAction };

/** What to show next: the intake's reply, or the order engine's (a subset of the same shape). */
export type ConversationReply = IntakeReply | OrderReply;

/** Whole-message texts that start an equipment order ("order", "bestil"; a leading slash is allowed). */
const ORDER_WORDS = new Set(['order', 'bestil', 'bestilling']);

/**
 * Whether a verb is a conversation verb (goes to `ConversationRouter.handle`); the transports use it instead of
 * `startsWith('intake_')`, so order forms are not mistaken for case actions.
 */
export function isConversationVerb(verb: string): boolean {
  return verb.startsWith('intake_') || (ORDER_CONVERSATION_VERBS as readonly string[]).includes(verb);
}

/** `isConversationVerb` as a type guard on parsed actions. */
export function isConversationAction(action: CardAction): action is ConversationAction {
  return isConversationVerb(action.verb);
}

/** Whether a chat message is the command that starts an order. */
export function isOrderCommand(text: string): boolean {
  return ORDER_WORDS.has(
    text
      .trim()
      .toLowerCase()
      .replace(/^\//, '')
      .replace(/[.!]+$/, ''),
  );
}

const isOrderAction = (a: ConversationAction): a is OrderConversationAction =>
  (ORDER_CONVERSATION_VERBS as readonly string[]).includes(a.verb);

export interface ConversationRouterDeps {
  intake: Pick<IntakeEngine, 'handle' | 'isActive' | 'peek'>;
  orders: Pick<OrderEngine, 'handle' | 'isActive' | 'peek'>;
}

/**
 * What `look` read of one chat at the start of a turn: both engines' drafts and when the open conversation last
 * took a turn. Handed back to `handle` in the same turn, so a chat message reads each draft once.
 */
export interface ConversationLook {
  readonly conversationKey: string;
  /** When the chat's open conversation (the later of an order and an intake) last took a turn; null when none. */
  readonly since: string | null;
  readonly intake: ConversationPeek;
  readonly order: ConversationPeek;
}

/**
 * The one conversation entry point of both transports (the shape they use for `intake`): `intake_*` actions go
 * to the intake engine, order actions to the order engine; text goes to the order engine while an order is open
 * in that chat, and "order"/"bestil" starts one; everything else is the intake's. An intake turn that hands over to
 * the order form (a case template in the orders' category, `IntakeReply.order`) starts the order in the same turn. The two engines keep separate
 * state under the same conversation key (`order:` prefix), so an order never disturbs an intake draft.
 */
export class ConversationRouter {
  constructor(private readonly deps: ConversationRouterDeps) {}

  /** Whether either conversation is open in the chat (transports route chat text here then). */
  async isActive(conversationKey: string): Promise<boolean> {
    return (await this.deps.orders.isActive(conversationKey)) || (await this.deps.intake.isActive(conversationKey));
  }

  /**
   * Reads the chat's drafts once: `since` is when the open conversation (the later of an order and an intake)
   * last took a turn, null when none is open. The transports let a question asked after that time take the user's
   * reply (`userReply`'s `askedAfter`) and otherwise pass the look on to `handle`.
   */
  async look(conversationKey: string): Promise<ConversationLook> {
    const order = await this.deps.orders.peek(conversationKey);
    const intake = await this.deps.intake.peek(conversationKey);
    const times = [order.since, intake.since].filter((t): t is string => t !== null);
    return { conversationKey, since: times.sort().at(-1) ?? null, intake, order };
  }

  /**
   * Takes the turn; `look` (of the same chat, from earlier in the turn) saves reading the drafts again. Files go
   * with an intake; an order takes none (the person is told, and the stored files are purged with other unlinked
   * ones).
   */
  async handle(input: ConversationInput, look?: ConversationLook): Promise<ConversationReply> {
    const { reply, toOrder } = await this.route(input, look);
    if (!toOrder || !input.files?.length) return reply;
    const locale = reply.views[0]?.locale ?? input.person.locale ?? 'en';
    const note: MessageView = { kind: 'message', locale, text: attachmentTexts.notWithOrder[locale] };
    return { ...reply, views: [note, ...reply.views] };
  }

  private async route(
    input: ConversationInput,
    look?: ConversationLook,
  ): Promise<{ reply: ConversationReply; toOrder: boolean }> {
    const { action, ...rest } = input;
    const { files: _files, ...forOrder } = rest;
    const seen = look?.conversationKey === input.conversationKey ? look : undefined;
    const order = async (p: Promise<OrderReply>) => ({ reply: await p, toOrder: true });
    const intake = async (p: Promise<IntakeReply>) => {
      const reply = await p;
      if (!reply.order) return { reply, toOrder: false };
      // A case template in the orders' category: the order form, pre-filled, in the same turn (after the intake's
      // notes, e.g. that the draft in progress was replaced).
      const { text: _text, ...withoutText } = forOrder;
      const started = await this.deps.orders.handle(
        { ...withoutText, action: { verb: 'order_start' }, prefill: reply.order },
        seen?.order,
      );
      return { reply: { ...started, views: [...reply.views, ...started.views] }, toOrder: true };
    };
    if (action && isOrderAction(action)) return order(this.deps.orders.handle({ ...forOrder, action }, seen?.order));
    if (action) return intake(this.deps.intake.handle({ ...rest, action }, seen?.intake));
    if (rest.text !== undefined && isOrderCommand(rest.text)) {
      const { text: _text, ...withoutText } = forOrder;
      return order(this.deps.orders.handle({ ...withoutText, action: { verb: 'order_start' } }, seen?.order));
    }
    const orderOpen = seen ? seen.order.since !== null : await this.deps.orders.isActive(input.conversationKey);
    if (orderOpen) return order(this.deps.orders.handle(forOrder, seen?.order));
    return intake(this.deps.intake.handle(rest, seen?.intake));
  }
}
