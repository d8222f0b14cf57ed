import type { ActionView, InputView, MessageView } from '../../cards/view-models.js';
import type { OrdersConfig } from '../../config/catalogue-schema.js';
import type { Case, Locale } from '../../models/case.js';
import { draft, threadReplyOf } from '../outbox/deliveries.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { formatDkk, fromStock, type Order } from './order.js';
import { type OrderMessages, orderMessages } from './order-messages.js';
import { lineText } from './order-views.js';

const onCase = (
  c: Case,
  verb: string,
  label: string,
  extra: Record<string, unknown> = {},
  style?: ActionView['style'],
): ActionView => ({
  action: { verb, caseId: c.id, version: c.version, ...extra },
  label,
  ...(style ? { style } : {}),
});

const input = (id: string, kind: InputView['kind'], label: string, maxLength?: number): InputView => ({
  id,
  kind,
  label,
  // Never required on the card: one form carries several verbs, the service checks what each verb needs.
  required: false,
  ...(maxLength ? { maxLength } : {}),
});

/** The order's facts: items, why a special item is needed (what its approver decides on), total, cost centre, place. */
export function orderFacts(order: Order, locale: Locale) {
  const m = orderMessages[locale];
  const why = order.lines.flatMap((l) => (l.kind === 'special' ? [l.justification] : []));
  return [
    { label: m.factItems, value: order.lines.map((l) => lineText(l, locale)).join('\n') },
    ...(why.length > 0 ? [{ label: m.factJustification, value: why.join('\n') }] : []),
    { label: m.factTotal, value: formatDkk(order.totalDkk, locale) },
    { label: m.factLocation, value: order.deliveryLocation },
    { label: m.factCostCentre, value: order.costCentre },
  ];
}

/** Why an order needs approval, in words. */
function approvalReason(order: Order, config: OrdersConfig, locale: Locale): string {
  const m = orderMessages[locale];
  const special = order.lines.some((l) => l.kind === 'special');
  const above = order.totalDkk > config.approvalThresholdDkk;
  const threshold = formatDkk(config.approvalThresholdDkk, locale);
  if (special && above) return m.whyBoth({ threshold });
  return special ? m.whySpecial : m.whyThreshold({ threshold });
}

/** The manager's card: the order, a reason input and Approve / Reject (reminders add a line on top). */
export function approvalRequestView(
  c: Case,
  order: Order,
  config: OrdersConfig,
  locale: Locale,
  reminderDays?: number,
): MessageView {
  const m = orderMessages[locale];
  const requester = c.reporter ?? c.user;
  const forWhom = c.reporter ? { forWhom: c.user.name } : {};
  const why = approvalReason(order, config, locale);
  const asked = order.approval.desk
    ? m.askedDesk({ why })
    : order.approval.fallback
      ? m.askedFallback({ ...forWhom, why })
      : m.askedManager({ ...forWhom, why });
  const text = m.approvalText({
    number: c.number,
    requester: requester.name,
    ...forWhom,
    total: formatDkk(order.totalDkk, locale),
    asked,
  });
  return {
    kind: 'message',
    locale,
    title: m.approvalTitle({ number: c.number }),
    text: reminderDays
      ? `${m.approvalReminderText({ number: c.number, requester: requester.name, days: reminderDays })}\n\n${text}`
      : text,
    facts: orderFacts(order, locale),
    form: {
      id: `order:approval:${c.id}`,
      inputs: [input('order_reject.reason', 'multiline', m.rejectReasonLabel, 2000)],
      submit: [
        onCase(c, 'order_approve', m.approve, {}, 'positive'),
        onCase(c, 'order_reject', m.reject, {}, 'destructive'),
      ],
    },
  };
}

/** Who decides on the order: its approver's name, or the purchasing desk when it decides (`Approval.desk`). */
export function approverName(order: Order, m: OrderMessages): string {
  return order.approval.desk ? m.deskApprover : (order.approval.approver?.name ?? '');
}

/**
 * The approval card for the purchasing desk, in the case thread, when the approver was erased while the order
 * waited (`Approval.desk`): the same Approve / Reject form, which `OrderService` takes from the desk now.
 */
export function deskApprovalView(c: Case, order: Order, config: OrdersConfig, locale: Locale): MessageView {
  const view = approvalRequestView(c, order, config, locale);
  return {
    ...view,
    text: `${orderMessages[locale].approvalToDesk({ number: c.number })}

${view.text}`,
  };
}

/** The purchasing desk's panel for the order's next step (in the case thread), or null when nothing is left. */
export function deskPanelView(c: Case, order: Order, locale: Locale): MessageView | null {
  const m = orderMessages[locale];
  const f = order.fulfilment;
  const base = {
    kind: 'message' as const,
    locale,
    title: m.panelTitle({ number: c.number }),
    facts: orderFacts(order, locale),
  };
  if (order.approval.state === 'rejected' || f.handedOutAt) return null;
  if (order.approval.state === 'pending')
    return { ...base, text: m.pendingThread({ approver: approverName(order, m), stock: fromStock(order.lines) }) };
  const slots = [1, 2, 3].map((n) => input(`order_ready.slot${n}`, 'text', m.slotLabel({ n }), 200));
  const place = input('order_ready.place', 'text', m.placeLabel, 200);
  if (!f.orderedAt && !f.readyAt) {
    const vendor = [
      input('order_ordered.vendor', 'text', m.vendorLabel, 500),
      input('order_ordered.reference', 'text', m.referenceLabel, 500),
      input('order_ordered.expectedAt', 'date', m.expectedLabel),
    ];
    // Only in-stock items: ready for hand-out is the step (first, with its times); ordering from the vendor stays
    // for a stock that has run out. An order with a lead-time or special item is placed with the vendor first.
    if (fromStock(order.lines)) {
      return {
        ...base,
        text: m.panelStock,
        form: {
          id: `order:panel:${c.id}`,
          inputs: [...slots, place, ...vendor],
          submit: [onCase(c, 'order_ready', m.markReady, {}, 'positive'), onCase(c, 'order_ordered', m.markOrdered)],
        },
      };
    }
    return {
      ...base,
      text: m.panelOrder,
      form: {
        id: `order:panel:${c.id}`,
        inputs: [...vendor, ...slots, place],
        submit: [onCase(c, 'order_ordered', m.markOrdered, {}, 'positive'), onCase(c, 'order_ready', m.markReady)],
      },
    };
  }
  if (f.orderedAt && !f.receivedAt) {
    return {
      ...base,
      text: m.panelReceived,
      form: {
        id: `order:panel:${c.id}`,
        inputs: [
          input('order_slipped.expectedAt', 'date', m.newExpectedLabel),
          input('order_slipped.reason', 'multiline', m.slipReasonLabel, 1000),
        ],
        submit: [
          onCase(c, 'order_received', m.markReceived, {}, 'positive'),
          onCase(c, 'order_slipped', m.markSlipped),
        ],
      },
    };
  }
  if (!f.readyAt) {
    return {
      ...base,
      text: m.panelReady,
      form: {
        id: `order:panel:${c.id}`,
        inputs: [...slots, place],
        submit: [onCase(c, 'order_ready', m.markReady, {}, 'positive')],
      },
    };
  }
  return { ...base, text: m.panelHandout, actions: [onCase(c, 'order_handout', m.markHandout, {}, 'positive')] };
}

/** The requester's set-up offer after hand-out: one button per offered time, and "I'll manage". */
export function setupOfferView(c: Case, order: Order, locale: Locale, who: string): MessageView {
  const m = orderMessages[locale];
  return {
    kind: 'message',
    locale,
    title: m.setupTitle({ number: c.number }),
    text: m.setupText({ number: c.number, who }),
    actions: [
      ...(order.fulfilment.slots ?? []).map((slot) =>
        onCase(c, 'order_setup_help', m.setupAt({ slot }), { slot }, 'positive'),
      ),
      onCase(c, 'order_self_setup', m.selfSetup),
    ],
  };
}

/** A thread reply (the desk's channel) about the order, keyed by version and `what` so a retry sends once. */
export function orderThreadDraft(c: Case, what: string, view: MessageView): OutboxDraft {
  return draft(`${c.id}:v${c.version}:thread:order:${what}`, threadReplyOf(c, view));
}
