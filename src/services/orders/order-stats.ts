import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { CaseStore } from '../../models/case-store.js';
import { readOrder } from './order.js';

export interface OrderStats {
  /** Orders registered in the period. */
  orders: number;
  /** Mean minutes (elapsed) from the approval request to the decision, over decided approvals; null with none. */
  meanApprovalMinutes: number | null;
  /** Mean calendar days from registration to hand-out, over handed-out orders; null with none. */
  meanDeliveryDays: number | null;
  /** Share (0-1) of handed-out orders handed out on or before the promised date; null with none. */
  onTimeShare: number | null;
}

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Order figures for the reports (issue 8 hook): orders registered in [from, to) in the orders category, their
 * approval times and delivery times against the promised date. `calendar` gives the local date of a hand-out
 * (default: the UTC date); `categoryId` defaults to `purchase-equipment`.
 */
export async function orderStats(
  store: CaseStore,
  from: Date | string,
  to: Date | string,
  opts: { categoryId?: string; calendar?: BusinessCalendar } = {},
): Promise<OrderStats> {
  const iso = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString());
  const cases = await store.findCases({
    categoryId: opts.categoryId ?? 'purchase-equipment',
    createdFrom: iso(from),
    createdTo: iso(to),
    limit: 10_000,
  });
  const approvals: number[] = [];
  const deliveries: number[] = [];
  let onTime = 0;
  let orders = 0;
  for (const c of cases) {
    const order = readOrder(c);
    if (!order) continue;
    orders++;
    const { requestedAt, decidedAt } = order.approval;
    if (requestedAt && decidedAt) approvals.push((Date.parse(decidedAt) - Date.parse(requestedAt)) / 60_000);
    const handedOut = order.fulfilment.handedOutAt;
    if (handedOut) {
      deliveries.push((Date.parse(handedOut) - Date.parse(c.createdAt)) / 86_400_000);
      const day = opts.calendar ? opts.calendar.localDate(new Date(handedOut)) : handedOut.slice(0, 10);
      if (day <= order.promisedAt) onTime++;
    }
  }
  return {
    orders,
    meanApprovalMinutes: mean(approvals),
    meanDeliveryDays: mean(deliveries),
    onTimeShare: deliveries.length === 0 ? null : onTime / deliveries.length,
  };
}
