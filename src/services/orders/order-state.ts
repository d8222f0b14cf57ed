import { z } from 'zod';
import { type Locale, type Person, type Platform, SURFACES, type Surface } from '../../models/case.js';

export type OrderStep = 'items' | 'details' | 'person' | 'summary';

/** The order conversation as stored in the `CaseStore` under `order:<conversationKey>`. */
export interface OrderState {
  v: 1;
  kind: 'order';
  step: OrderStep;
  /** Steps shown before the current one, for "back" (newest last). */
  history: OrderStep[];
  locale: Locale;
  platform: Platform;
  /** Where the conversation shows (default `chat`); from a `form` the user also gets a receipt. */
  surface?: Surface;
  /** The person placing the order. */
  actor: Person;
  startedAt: string;
  /**
   * Random, set when the draft starts: with `startedAt` it names the one registration this draft may make (two
   * drafts of one chat started in the same millisecond still differ). Absent in drafts stored before it existed.
   */
  draftId?: string;
  /** Catalogue item id → quantity (1-50). */
  quantities: Record<string, number>;
  special?: { description: string; justification: string; quantity: number };
  /**
   * What the person wrote at the intake before being sent to the order form (`order_start`'s `note`), or the
   * description of the case template the order was started from (`template`).
   */
  note?: string;
  /** The case template (in the orders' category) staff started the order from: its id and name. */
  template?: { id: string; name: string };
  forWhom: 'self' | 'on_behalf';
  onBehalf?: { query: string; candidates: Person[]; user?: Person };
  faculty?: string;
  deliveryLocation?: string;
  costCentre?: string;
  /**
   * The details form as last typed while it was not taken (Next refused, or Back from it with the form's fields sent,
   * as Slack sends them): input id → text as typed, blank for a field emptied. The details form shows these in place
   * of the fields above until the details are taken, so what the person last entered (an emptied place too) is what
   * they see after Back and Next, not what the draft held before.
   */
  detailsTyped?: Record<string, string>;
}

/**
 * What an order started from a case template in the orders' category comes with (`OrderInput.prefill`, handed over
 * by the intake, never from a card): the template (`note`: its description), the items it pre-selects (catalogue
 * item id → quantity), and the person staff named when the order is for someone else (the details step looks them
 * up as when typed there).
 */
export interface OrderPrefill {
  template: { id: string; name: string };
  quantities: Record<string, number>;
  note?: string;
  onBehalfOf?: string;
}

const stateSchema = z
  .object({
    v: z.literal(1),
    kind: z.literal('order'),
    step: z.enum(['items', 'details', 'person', 'summary']),
    history: z.array(z.enum(['items', 'details', 'person', 'summary'])),
    locale: z.enum(['da', 'en']),
    platform: z.enum(['teams', 'slack']),
    surface: z.enum(SURFACES).optional(),
    actor: z.object({ id: z.string(), name: z.string() }).passthrough(),
    startedAt: z.string(),
    quantities: z.record(z.string(), z.number().int()),
    forWhom: z.enum(['self', 'on_behalf']),
  })
  .passthrough();

/** Reads a stored state; null when it is not an order conversation this version wrote. */
export function parseOrderState(raw: unknown): OrderState | null {
  return stateSchema.safeParse(raw).success ? (raw as OrderState) : null;
}

/** The conversation-store key of the order conversation in a chat (kept apart from the intake's). */
export const orderConversationKey = (conversationKey: string): string => `order:${conversationKey}`;
