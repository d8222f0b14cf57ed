import type { Case, Locale } from '../../models/case.js';
import type { Order } from './order.js';
import { orderMessages } from './order-messages.js';

/** What an equipment order's record makes of its case when it is escalated to another group (`escalatedOrder`). */
export interface EscalatedOrder {
  /** The status it arrives in: Awaiting vendor while the vendor has it, else Registered (the new group's pile). */
  status: 'awaiting_vendor' | 'registered';
  /** The vendor that has it (the case's, else the order record's), while it is Awaiting vendor. */
  vendor?: NonNullable<Case['vendor']>;
  /**
   * The line for the new group's thread below "escalated to this group": where the order is and what the panel
   * below is for; `question` is the question to the user the escalation withdrew, if any.
   */
  line(locale: Locale, question?: string): string;
}

/**
 * The status of an escalated order follows its order record, whatever the case showed when it was escalated: nobody
 * at the new group has it yet, so it arrives unassigned, and a status that needs a named person (Assigned, In
 * progress) or a question of the previous handler's (Awaiting user: withdrawn) is not kept.
 * - Ordered from its vendor and not received: Awaiting vendor, as its order says (also when the desk had asked the
 *   requester something meanwhile, or set it In progress by hand): the new group marks it received or slipped.
 * - Received, or ready for hand-out: Registered, in the new group's pile; the goods are at the desk, and the new
 *   group marks it ready or handed out (which claims it, In progress with them).
 * Null for an order that is not past its approval or not ordered yet (it arrives Registered as any case: the panel
 * says what is next), or that is decided or done (rejected, handed out).
 */
export function escalatedOrder(c: Pick<Case, 'vendor'>, order: Order): EscalatedOrder | null {
  const f = order.fulfilment;
  if (order.approval.state === 'rejected' || order.approval.state === 'pending' || f.handedOutAt) return null;
  const withdrawn = (locale: Locale, question?: string) =>
    question ? `${orderMessages[locale].escalatedQuestion({ question })} ` : '';
  if (f.readyAt) {
    return {
      status: 'registered',
      line: (locale, question) =>
        withdrawn(locale, question) + orderMessages[locale].escalatedReady(f.place ? { place: f.place } : {}),
    };
  }
  if (f.receivedAt) {
    return {
      status: 'registered',
      line: (locale, question) => withdrawn(locale, question) + orderMessages[locale].escalatedReceived,
    };
  }
  if (!f.orderedAt) return null;
  const vendor: NonNullable<Case['vendor']> = c.vendor ?? {
    name: f.vendor ?? '',
    ...(f.reference ? { reference: f.reference } : {}),
    ...(f.expectedAt ? { expectedAt: f.expectedAt } : {}),
  };
  const named = vendor.reference ? `${vendor.name} (${vendor.reference})` : vendor.name;
  return {
    status: 'awaiting_vendor',
    vendor,
    line: (locale, question) =>
      withdrawn(locale, question) + orderMessages[locale].escalatedWithVendor({ vendor: named }),
  };
}
