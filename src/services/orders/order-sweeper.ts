import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import { type Case, isOpen, type Locale, OPEN_STATUSES } from '../../models/case.js';
import type { CaseStore, OutboxDraft } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import type { Clock } from '../clock.js';
import { pickLocale } from '../i18n.js';
import { draft, threadReplyOf } from '../outbox/deliveries.js';
import type { Directory } from '../ports/directory.js';
import { APPROVAL_ANSWER, type Order, readOrder, withOrder } from './order.js';
import { orderMessages } from './order-messages.js';
import { approvalRequestView } from './order-notices.js';

export interface ApprovalTimers {
  /** When the approver is reminded (N business days after the request). */
  reminderAt: string;
  /** When the purchasing desk is told the approval is stuck. */
  escalateAt: string;
  /** What is due at `now` and has not been done yet. */
  due: ('reminder' | 'escalate')[];
}

/**
 * The approval timers of an order case: null when nothing waits for approval. Exported for whoever sweeps (the
 * `OrderSweeper` below, or the SLA sweeper should it take orders over).
 */
export function approvalTimers(
  c: Case,
  now: Date,
  deps: { catalogue: CatalogueIndex; calendar: BusinessCalendar },
): ApprovalTimers | null {
  const order = readOrder(c);
  const approval = order?.approval;
  // The desk deciding (the approver was erased) is reminded of nothing: the decision is the desk's own. An open
  // order is chased whatever its status (the desk may claim it, or ask the user something, while it waits); a
  // resolved or closed one no longer waits for anybody.
  if (approval?.state !== 'pending' || !approval.requestedAt || approval.desk || !isOpen(c.status)) return null;
  const config = deps.catalogue.catalogue.orders;
  const from = new Date(approval.requestedAt);
  const reminderAt = deps.calendar.addBusinessDays(from, config.approvalReminderBusinessDays).toISOString();
  const escalateAt = deps.calendar.addBusinessDays(from, config.approvalEscalateBusinessDays).toISOString();
  const at = now.toISOString();
  const due: ApprovalTimers['due'] = [];
  if (at >= reminderAt && !approval.remindedAt) due.push('reminder');
  if (at >= escalateAt && !approval.escalatedAt) due.push('escalate');
  return { reminderAt, escalateAt, due };
}

export interface OrderSweeperDeps {
  store: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  clock: Clock;
  directory: Directory;
  defaultLocale: Locale;
}

/**
 * Reminds approvers and tells the purchasing desk about stuck approvals. Orders waiting for approval are few, so
 * one query per sweep (`findCases`: the orders category, open, approval pending — the `approval` answer) is enough
 * and the SLA ladder's timer index stays the SLA's own. Neither the order's status nor its group matters: a desk
 * member who claims the order (or asks the user something) while it waits does not stop the chasing, nor does
 * moving it by hand to a group that orders are not routed to. Run it every few minutes; a sweep is idempotent (what
 * was sent is recorded on the order), and two instances racing lose nothing: the loser's write conflicts and is
 * skipped.
 */
export class OrderSweeper {
  constructor(private readonly deps: OrderSweeperDeps) {}

  /** One pass; returns how many reminders and escalations were sent. */
  async sweep(): Promise<{ reminders: number; escalations: number }> {
    const { deps } = this;
    const now = deps.clock.now();
    const cases = await deps.store.findCases({
      categoryId: deps.catalogue.catalogue.orders.categoryId,
      answer: { id: APPROVAL_ANSWER, value: 'pending' },
      statuses: [...OPEN_STATUSES],
      limit: 10_000,
    });
    let reminders = 0;
    let escalations = 0;
    for (const c of cases) {
      const timers = approvalTimers(c, now, deps);
      const order = readOrder(c);
      if (!timers || timers.due.length === 0 || !order) continue;
      const approval = { ...order.approval };
      const drafts: OutboxDraft[] = [];
      const config = deps.catalogue.catalogue.orders;
      if (timers.due.includes('reminder') && approval.approver) {
        approval.remindedAt = now.toISOString();
        const known = await deps.directory.lookup(approval.approver.id);
        const locale = pickLocale(known?.locale, deps.defaultLocale);
        const view = approvalRequestView(c, order, config, locale, config.approvalReminderBusinessDays);
        drafts.push(
          draft(
            `${c.id}:order:approval:reminder`,
            { kind: 'send_person', person: approval.approver, view },
            { caseId: c.id },
          ),
        );
        reminders++;
      }
      if (timers.due.includes('escalate')) {
        approval.escalatedAt = now.toISOString();
        const m = orderMessages[deps.defaultLocale];
        const text = m.escalatedThread({
          approver: approval.approver?.name ?? '',
          days: config.approvalEscalateBusinessDays,
        });
        const view = {
          kind: 'message' as const,
          locale: deps.defaultLocale,
          title: m.panelTitle({ number: c.number }),
          text,
        };
        drafts.push(draft(`${c.id}:order:approval:escalate`, threadReplyOf(c, view)));
        escalations++;
      }
      const next: Order = { ...order, approval };
      const history = [
        ...c.history,
        {
          at: now.toISOString(),
          actor: { id: 'system:orders', name: deps.catalogue.catalogue.sla.botName },
          action: 'order_approval_timer',
          detail: timers.due.join(', '),
        },
      ];
      try {
        await deps.store.updateCase(withOrder({ ...c, history }, next), c.version, drafts);
      } catch (err) {
        if (!isAppError(err, 'CASE.CONFLICT')) throw err;
        // Changed meanwhile (approved, or another sweeper): the next sweep looks again.
        if (timers.due.includes('reminder')) reminders--;
        if (timers.due.includes('escalate')) escalations--;
      }
    }
    return { reminders, escalations };
  }
}
