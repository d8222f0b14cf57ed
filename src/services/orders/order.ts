import { z } from 'zod';
import type { CatalogueItem, OrdersConfig } from '../../config/catalogue-schema.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { AnswerValue, Case, PersonRef } from '../../models/case.js';

/** The answer key the order is stored under on its case (a JSON string, see `readOrder`). */
export const ORDER_ANSWER = 'order';
/** A flat copy of the approval state, so a glance at the answers (or a query) needs no JSON. */
export const APPROVAL_ANSWER = 'approval';

/** The fewest of one item an order line asks for (none is a blank quantity, not 0). */
export const MIN_QUANTITY = 1;
/** The most of one item a single order may ask for. */
export const MAX_QUANTITY = 50;

export type ApprovalState = 'not_needed' | 'pending' | 'approved' | 'rejected';

/** One line: a catalogue item (name and price frozen at order time), or a special item described in free text. */
export type OrderLine =
  | {
      kind: 'standard';
      itemId: string;
      name: string;
      quantity: number;
      unitPriceDkk: number;
      inStock: boolean;
      leadTimeBusinessDays?: number;
    }
  | { kind: 'special'; description: string; justification: string; quantity: number };

export interface Approval {
  state: ApprovalState;
  approver?: PersonRef;
  /** Whether the approver is the faculty purchasing desk's supervisor (no manager in the directory). */
  fallback?: boolean;
  /**
   * The purchasing desk holding the case decides (no `approver`): the approver was erased on request while the
   * approval was pending, and an erased person can approve nothing.
   */
  desk?: boolean;
  requestedAt?: string;
  decidedAt?: string;
  reason?: string;
  remindedAt?: string;
  escalatedAt?: string;
}

export interface Fulfilment {
  orderedAt?: string;
  vendor?: string;
  reference?: string;
  /** The date promised when the vendor order was placed (YYYY-MM-DD, local). */
  firstExpectedAt?: string;
  /** The date expected now (after slips). */
  expectedAt?: string;
  slips: { at: string; from: string; to: string; reason?: string }[];
  receivedAt?: string;
  readyAt?: string;
  slots?: string[];
  place?: string;
  handedOutAt?: string;
  setup?: { choice: 'help'; slot: string; at: string } | { choice: 'self'; at: string };
}

/**
 * An equipment order as stored on its service request: in `answers.order` as JSON (so both store adapters and
 * every reader of `Case` stay untouched), with `answers.approval` mirroring the approval state.
 */
export interface Order {
  v: 1;
  lines: OrderLine[];
  totalDkk: number;
  /** The date promised at registration (YYYY-MM-DD, local). */
  promisedAt: string;
  deliveryLocation: string;
  costCentre: string;
  approval: Approval;
  fulfilment: Fulfilment;
}

const personRef = z.object({ id: z.string(), name: z.string(), email: z.string().optional() });
const orderSchema = z
  .object({
    v: z.literal(1),
    lines: z.array(z.object({ kind: z.enum(['standard', 'special']), quantity: z.number() }).passthrough()),
    totalDkk: z.number(),
    promisedAt: z.string(),
    deliveryLocation: z.string(),
    costCentre: z.string(),
    approval: z
      .object({ state: z.enum(['not_needed', 'pending', 'approved', 'rejected']), approver: personRef.optional() })
      .passthrough(),
    fulfilment: z.object({ slips: z.array(z.unknown()) }).passthrough(),
  })
  .passthrough();

/** The order of a case, or null when the case carries none (not an order, or an unreadable answer). */
export function readOrder(c: Pick<Case, 'answers'>): Order | null {
  const raw = c.answers[ORDER_ANSWER];
  if (typeof raw !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return orderSchema.safeParse(parsed).success ? (parsed as Order) : null;
  } catch {
    return null;
  }
}

/** The answers that store `order` (and its approval state). */
export function orderAnswers(order: Order): Record<string, AnswerValue> {
  return { [ORDER_ANSWER]: JSON.stringify(order), [APPROVAL_ANSWER]: order.approval.state };
}

/** The case with `order` written back into its answers. */
export function withOrder(c: Case, order: Order): Case {
  return { ...c, answers: { ...c.answers, ...orderAnswers(order) } };
}

/** A standard line for `quantity` of a catalogue item, its name in the order's language. */
export function standardLine(item: CatalogueItem, quantity: number, locale: 'da' | 'en'): OrderLine {
  return {
    kind: 'standard',
    itemId: item.id,
    name: item.name[locale],
    quantity,
    unitPriceDkk: item.priceDkk,
    inStock: item.inStock === true,
    ...(item.leadTimeBusinessDays !== undefined ? { leadTimeBusinessDays: item.leadTimeBusinessDays } : {}),
  };
}

/** Sum of the standard lines (special items have no price until purchasing quotes them). */
export function orderTotal(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, l) => (l.kind === 'standard' ? sum + l.quantity * l.unitPriceDkk : sum), 0);
}

/** Orders above the threshold, and every order with a special item, need the manager's approval. */
export function needsApproval(lines: readonly OrderLine[], config: OrdersConfig): boolean {
  return lines.some((l) => l.kind === 'special') || orderTotal(lines) > config.approvalThresholdDkk;
}

/**
 * Whether every line is a catalogue item in stock: the desk takes it all from stock and hands it out, nothing is
 * ordered from a vendor (so no text may say it is placed or ordered). A special item, or any item with a lead time,
 * makes it an order placed with the vendor.
 */
export function fromStock(lines: readonly OrderLine[]): boolean {
  return lines.length > 0 && lines.every((l) => l.kind === 'standard' && l.inStock);
}

/** Business days until the slowest line can be handed out: stock days, an item's lead time, or the special estimate. */
export function deliveryBusinessDays(lines: readonly OrderLine[], config: OrdersConfig): number {
  const days = lines.map((l) => {
    if (l.kind === 'special') return config.specialLeadTimeBusinessDays;
    return l.inStock
      ? config.stockDeliveryBusinessDays
      : (l.leadTimeBusinessDays ?? config.specialLeadTimeBusinessDays);
  });
  return Math.max(0, ...days);
}

/**
 * The local date (YYYY-MM-DD) the order is expected ready: `deliveryBusinessDays` business days after `from`
 * (approval time is not included: an order waiting for approval gets its date moved when it is approved).
 */
export function expectedDate(
  lines: readonly OrderLine[],
  config: OrdersConfig,
  calendar: BusinessCalendar,
  from: Date,
): string {
  return calendar.localDate(calendar.addBusinessDays(from, deliveryBusinessDays(lines, config)));
}

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** "12.345 kr." / "DKK 12,345". */
export function formatDkk(amount: number, locale: 'da' | 'en'): string {
  const n = new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 2 }).format(amount);
  return locale === 'da' ? `${n} kr.` : `DKK ${n}`;
}

/** "fre. 14. mar. 2025" / "Fri, 14 Mar 2025" for a YYYY-MM-DD date. */
export function formatDay(day: string, locale: 'da' | 'en'): string {
  return new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${day}T12:00:00Z`));
}
