import type { CardAction, CardActionOf } from '../../cards/card-actions.js';
import type { MessageView } from '../../cards/view-models.js';
import type { Case, Person } from '../../models/case.js';
import { isOpen, ORDER_REJECTED, toRef } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { samePerson, rolesFor } from '../roles.js';
import { type ActionOutcome, LifecycleContext, type LifecycleDeps } from '../lifecycle/context.js';
import { applyAssignee, assigneeNews } from '../lifecycle/assignment.js';
import { statusLabel } from '../lifecycle/labels.js';
import { listMessages, userMessages } from '../lifecycle/messages.js';
import { ownerCardDrafts } from '../lifecycle/owner-card.js';
import { backWithOwnerNotice, solvedQuestionForm } from '../lifecycle/resolution.js';
import { draft, toDelivery } from '../outbox/deliveries.js';
import { withTimerStamps } from '../sla/timed-store.js';
import { expectedDate, formatDay, fromStock, isCalendarDate, type Order, readOrder, withOrder } from './order.js';
import { type OrderMessages, orderMessages } from './order-messages.js';
import { approverName, deskPanelView, orderThreadDraft, setupOfferView } from './order-notices.js';
import { lineText } from './order-views.js';

export const ORDER_CASE_VERBS = [
  'order_approve',
  'order_reject',
  'order_ordered',
  'order_received',
  'order_ready',
  'order_slipped',
  'order_handout',
  'order_setup_help',
  'order_self_setup',
] as const;
export type OrderCaseVerb = (typeof ORDER_CASE_VERBS)[number];
export type OrderCaseAction = CardActionOf<OrderCaseVerb>;

export const isOrderCaseAction = (a: CardAction): a is OrderCaseAction =>
  (ORDER_CASE_VERBS as readonly string[]).includes(a.verb);

type Who = 'approver' | 'desk' | 'requester';
interface Step<V extends OrderCaseVerb> {
  who: Who;
  /** Null when the verb fits the order's state; else the refusal text. */
  refuse: (c: Case, o: Order, m: OrderMessages) => string | null;
  run: (s: OrderService['ctx'], actor: Person, c: Case, o: Order, a: CardActionOf<V>) => Promise<ActionOutcome>;
}

/**
 * Approval and fulfilment of equipment orders (issue 11), on the order's own case. Who may answer: the approver
 * (approve/reject), the members and supervisor of the group holding the case, usually the purchasing desk (ordered,
 * received, ready, slipped, handed out; not the case owner outside it), the requester (set-up help or self set-up). The
 * actions carry a version, but the order's state decides, not the version: the approver's card and the desk panel are
 * messages that stay on screen while the case moves on (posting the channel card alone bumps the version), so a
 * repeated or late click is refused by state ("already approved", "not now"), never applied twice. Every change is
 * stored with its messages in one operation.
 */
export class OrderService {
  readonly ctx: LifecycleContext;

  constructor(deps: LifecycleDeps) {
    this.ctx = new LifecycleContext({ ...deps, store: withTimerStamps(deps.store, deps) });
  }

  async act(actor: Person, action: OrderCaseAction): Promise<ActionOutcome> {
    const ctx = this.ctx;
    const locale = ctx.localeOf(actor);
    const m = orderMessages[locale];
    const c = await ctx.deps.store.getCase(action.caseId);
    if (!c) return { ok: false, code: 'CASE.NOT_FOUND', reply: ctx.message(locale, m.notFound) };
    const order = readOrder(c);
    if (!order) return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', m.notAnOrder({ number: c.number }));
    const step = STEPS[action.verb] as Step<OrderCaseVerb>;
    const who = this.mayAnswer(step.who, actor, c, order, m);
    if (who) return ctx.refuse(actor, c, 'CASE.FORBIDDEN', who);
    const refused = step.refuse(c, order, m);
    if (refused) return ctx.refuse(actor, c, 'CASE.INVALID_TRANSITION', refused);
    return step.run(ctx, actor, c, order, action);
  }

  private mayAnswer(who: Who, actor: Person, c: Case, o: Order, m: OrderMessages): string | null {
    if (who === 'approver') {
      // Nobody decides on their own order, whoever the order names (orders registered before the approver was
      // chosen among other people than the requesters may name the user or the colleague who ordered).
      if (samePerson(actor, c.user) || samePerson(actor, c.reporter)) return m.ownOrder({ number: c.number });
      // The approver was erased while the order waited: the purchasing desk holding it decides instead.
      if (o.approval.desk) return this.mayAnswer('desk', actor, c, o, m);
      const approver = o.approval.approver;
      return approver && samePerson(actor, approver)
        ? null
        : m.notApprover({ number: c.number, approver: approver?.name ?? '' });
    }
    if (who === 'requester') {
      return samePerson(actor, c.user) || samePerson(actor, c.reporter) ? null : m.requesterOnly({ number: c.number });
    }
    // The desk's steps are the desk's (its members and supervisor): the case owner, usually at the helpdesk, follows
    // the order but does not mark its delivery, nor become its assignee by a step on an order in the pile.
    const roles = rolesFor(actor, c, this.ctx.deps.catalogue);
    if (roles.includes('group_member') || roles.includes('supervisor')) return null;
    return m.deskOnly({ number: c.number, group: this.ctx.group(c.groupId, this.ctx.localeOf(actor)) });
  }
}

// ---- guards ----

const pendingOrRejected = (c: Case, o: Order, m: OrderMessages): string | null => {
  if (o.approval.state === 'pending') return m.awaitingApproval({ number: c.number, approver: approverName(o, m) });
  if (o.approval.state === 'rejected') return m.wasRejected({ number: c.number });
  return null;
};
const notNow = (c: Case, what: string, m: OrderMessages) => m.notNow({ number: c.number, what });
/**
 * Approve / Reject, also from an old approval card: only while the decision is pending and the order is open. An
 * order the desk resolved or closed meanwhile (cancelled at the requester's wish, say) is neither placed nor
 * reopened by a late decision.
 */
const decisionGuard = (c: Case, o: Order, m: OrderMessages): string | null => {
  if (o.approval.state !== 'pending')
    return m.alreadyDecided({ number: c.number, state: m.stateWords[o.approval.state] });
  return isOpen(c.status)
    ? null
    : m.finishedUndecided({ number: c.number, status: statusLabel(c.status, localeOfMessages(m)).toLocaleLowerCase() });
};
const deskGuard =
  (fits: (o: Order, c: Case) => boolean, what: (m: OrderMessages) => string) =>
  (c: Case, o: Order, m: OrderMessages): string | null =>
    pendingOrRejected(c, o, m) ?? (isOpen(c.status) && fits(o, c) ? null : notNow(c, what(m), m));

// ---- helpers shared by the steps ----

type Ctx = LifecycleContext;

/** The requester(s) to tell: the user, and the colleague who ordered on their behalf. */
function requesters(c: Case) {
  return c.reporter ? [c.user, c.reporter] : [c.user];
}

function tellRequesters(
  ctx: Ctx,
  s: Case,
  what: string,
  text: (m: OrderMessages) => string,
  extra: Partial<MessageView> = {},
): OutboxDraft[] {
  return requesters(s).map((p) => {
    const locale = p === s.user ? ctx.userLocale(s) : ctx.localeOf(p);
    return ctx.sendPerson(s, `order:${what}`, p, ctx.message(locale, text(orderMessages[locale]), extra));
  });
}

function threadText(ctx: Ctx, s: Case, what: string, text: (m: OrderMessages) => string): OutboxDraft {
  return ctx.threadReply(s, `order:${what}`, text(orderMessages[ctx.deps.defaultLocale]));
}

function panel(ctx: Ctx, s: Case, o: Order): OutboxDraft[] {
  const view = deskPanelView(s, o, ctx.deps.defaultLocale);
  return view ? [orderThreadDraft(s, 'panel', view)] : [];
}

/** The desk actor's reply: done, plus the next panel (fresh version) so they can go on from there. */
function deskReply(ctx: Ctx, actor: Person, s: Case, o: Order): MessageView {
  const locale = ctx.localeOf(actor);
  const next = deskPanelView(s, o, locale);
  const text = orderMessages[locale].stepDone({ number: s.number });
  return next ? { ...next, text: `${text}\n\n${next.text}` } : ctx.message(locale, text);
}

/**
 * A desk step: staff work has started (assignee, first response), the order updated, messages as given; a step
 * that moves the case on from Awaiting user leaves it (`leaveAwaitingUser`). On an order in the pile (nobody has
 * it: new, escalated or unassigned) the step is a claim by the one taking it, as a status set on any case in the
 * pile is (`setStatus`): the claim in the history and the thread (`applyAssignee`, `assigneeNews`). The user hears
 * it once: when the step tells them something (each desk step does, naming who handles it), that message is all
 * they get, not "X is working on your case" and then the step's news; else the claim's own message.
 */
function deskChange(
  ctx: Ctx,
  actor: Person,
  c: Case,
  order: Order,
  status: Case['status'],
  action: string,
  detail: string | undefined,
  messages: (s: Case) => OutboxDraft[],
  extra: Partial<Case> = {},
) {
  const now = ctx.now();
  const claims = !c.assignee;
  const taken = claims ? applyAssignee(ctx, actor, c, actor) : c;
  // Going on while the user was asked something (the desk orders, receives, readies) leaves Awaiting user as any
  // status change does: the clock runs again and the question is dropped. A slip keeps the status, and the wait.
  const base = status === c.status ? taken : ctx.leaveAwaitingUser(taken);
  // The user is told, in the step's own message, that they need not answer the question any more.
  const withdrawn = c.status === 'awaiting_user' && status !== c.status ? c.pendingQuestion : undefined;
  const next: Case = withOrder(
    {
      ...base,
      ...extra,
      status,
      firstResponseAt: base.firstResponseAt ?? now,
      history: [...base.history, ctx.audit(actor, action, c.status, status, detail)],
    },
    order,
  );
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const own = messages(s).map((d) => (withdrawn && toUser(s, d) ? withWithdrawn(ctx, c, d, withdrawn) : d));
      const userTold = own.some((d) => toUser(s, d));
      const claim = claims ? assigneeNews(ctx, actor, actor, s).filter((d) => !(userTold && toUser(s, d))) : [];
      return [ctx.updateCards(s), ...claim, ...own, ...panel(ctx, s, order)];
    },
    reply: (s) => deskReply(ctx, actor, s, order),
  });
}

/** The step's message to the user with the line that the question they were asked is withdrawn. */
function withWithdrawn(ctx: Ctx, c: Case, d: OutboxDraft, question: NonNullable<Case['pendingQuestion']>): OutboxDraft {
  const delivery = toDelivery(d.kind, d.payload);
  if (delivery.kind !== 'send_person') return d;
  const locale = delivery.view.locale;
  const line = orderMessages[locale].questionDropped({ by: ctx.who(question.by, c, locale), question: question.text });
  const view = { ...delivery.view, text: `${delivery.view.text}\n\n${line}` };
  return draft(d.key, { ...delivery, view }, { ...(d.caseId ? { caseId: d.caseId } : {}) });
}

/** Whether an outbox draft is a message to the case's user. */
function toUser(s: Case, d: OutboxDraft): boolean {
  const delivery = toDelivery(d.kind, d.payload);
  return delivery.kind === 'send_person' && delivery.person.id === s.user.id;
}

function dateProblem(date: string, today: string, m: OrderMessages): string | null {
  if (!isCalendarDate(date)) return m.badDate({ date });
  return date < today ? m.pastDate({ date }) : null;
}

// ---- the steps ----

const STEPS: { [V in OrderCaseVerb]: Step<V> } = {
  order_approve: {
    who: 'approver',
    refuse: (c, o, m) => decisionGuard(c, o, m),
    run: async (ctx, actor, c, o) => {
      const now = ctx.now();
      const config = ctx.deps.catalogue.catalogue.orders;
      const order: Order = {
        ...o,
        // Delivery starts now: the promise counts from the approval.
        promisedAt: expectedDate(o.lines, config, ctx.deps.calendar, ctx.deps.clock.now()),
        approval: { ...o.approval, state: 'approved', decidedAt: now },
      };
      const next = withOrder({ ...c, history: [...c.history, ctx.audit(actor, 'order_approved')] }, order);
      const locale = ctx.localeOf(actor);
      return ctx.commit(actor, c, {
        next,
        drafts: (s) => [
          ctx.updateCards(s),
          threadText(ctx, s, 'approved', (m) => m.approvedThread({ who: actor.name, stock: fromStock(order.lines) })),
          ...panel(ctx, s, order),
          ...tellRequesters(ctx, s, 'approved', (m) =>
            m.approvedUser({
              number: s.number,
              approver: actor.name,
              expected: formatDay(order.promisedAt, localeOfMessages(m)),
              stock: fromStock(order.lines),
            }),
          ),
        ],
        reply: (s) => ctx.message(locale, orderMessages[locale].approvedReply({ number: s.number })),
      });
    },
  },
  order_reject: {
    who: 'approver',
    refuse: (c, o, m) => decisionGuard(c, o, m),
    run: async (ctx, actor, c, o, a) => {
      const now = ctx.now();
      const order: Order = { ...o, approval: { ...o.approval, state: 'rejected', decidedAt: now, reason: a.reason } };
      // The solution is written in the language of the case, as the user reads it.
      const thread = orderMessages[ctx.userLocale(c)];
      const solution = thread.rejectedSolution({ who: actor.name, reason: a.reason });
      // A rejected order is finished: resolved with the decision as its solution, for the usual quality check and
      // close; like any resolution it leaves Awaiting user (the clock resumed, the question dropped).
      const next = withOrder(
        {
          ...ctx.leaveAwaitingUser(c),
          status: 'resolved',
          solution: { text: solution, by: toRef(actor), at: now },
          resolvedAt: now,
          resolvedVersion: c.version + 1,
          history: [...c.history, ctx.audit(actor, ORDER_REJECTED, c.status, 'resolved', a.reason)],
        },
        order,
      );
      const locale = ctx.localeOf(actor);
      // Back with its owner: the named case owner is told as for any resolution (`backWithOwnerNotice`). A case
      // owner who placed the order (on the user's behalf) is a requester too: one message, the decision with the
      // card to close the case from, not the decision and then the notice.
      const tellOwner = await backWithOwnerNotice(ctx, actor, c);
      return ctx.commit(actor, c, {
        next,
        drafts: (s) => {
          const notice = tellOwner(s);
          const owner = notice.length > 0 ? requesters(s).find((p) => samePerson(p, s.caseOwner)) : undefined;
          return [
            ctx.updateCards(s),
            ...ownerCardDrafts(s),
            threadText(ctx, s, 'rejected', (m) => m.rejectedThread({ who: actor.name, reason: a.reason })),
            ...requesters(s).map((p) => {
              const pl = p === s.user ? ctx.userLocale(s) : ctx.localeOf(p);
              const m = orderMessages[pl];
              const text = m.rejectedUser({ number: s.number, approver: actor.name, reason: a.reason });
              const view =
                p === owner
                  ? ctx.message(pl, `${text}\n\n${m.rejectedOwner}`, { caseCard: ctx.card(s, p, pl) })
                  : ctx.message(pl, text);
              return ctx.sendPerson(s, 'order:rejected', p, view);
            }),
            ...(owner ? [] : notice),
          ];
        },
        reply: (s) => ctx.message(locale, orderMessages[locale].rejectedReply({ number: s.number })),
      });
    },
  },
  order_ordered: {
    who: 'desk',
    refuse: deskGuard(
      (o) => !o.fulfilment.orderedAt && !o.fulfilment.readyAt,
      (m) => m.markOrdered,
    ),
    run: async (ctx, actor, c, o, a) => {
      const locale = ctx.localeOf(actor);
      const problem = dateProblem(
        a.expectedAt,
        ctx.deps.calendar.localDate(ctx.deps.clock.now()),
        orderMessages[locale],
      );
      if (problem) return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', problem);
      const order: Order = {
        ...o,
        fulfilment: {
          ...o.fulfilment,
          orderedAt: ctx.now(),
          vendor: a.vendor,
          ...(a.reference ? { reference: a.reference } : {}),
          firstExpectedAt: a.expectedAt,
          expectedAt: a.expectedAt,
        },
      };
      const vendor = { name: a.vendor, ...(a.reference ? { reference: a.reference } : {}), expectedAt: a.expectedAt };
      return deskChange(
        ctx,
        actor,
        c,
        order,
        'awaiting_vendor',
        'order_ordered',
        a.reference ? `${a.vendor} (${a.reference})` : a.vendor,
        (s) => [
          threadText(ctx, s, 'ordered', (m) =>
            m.orderedThread({
              who: actor.name,
              vendor: a.vendor,
              ...(a.reference ? { reference: a.reference } : {}),
              expected: a.expectedAt,
            }),
          ),
          ...tellRequesters(ctx, s, 'ordered', (m) =>
            m.orderedUser({
              number: s.number,
              who: ctx.who(actor, s, localeOfMessages(m)),
              vendor: a.vendor,
              expected: formatDay(a.expectedAt, localeOfMessages(m)),
            }),
          ),
        ],
        { vendor },
      );
    },
  },
  order_received: {
    who: 'desk',
    refuse: deskGuard(
      (o) => o.fulfilment.orderedAt !== undefined && !o.fulfilment.receivedAt,
      (m) => m.markReceived,
    ),
    run: async (ctx, actor, c, o) => {
      const order: Order = { ...o, fulfilment: { ...o.fulfilment, receivedAt: ctx.now() } };
      return deskChange(ctx, actor, c, order, 'in_progress', 'order_received', undefined, (s) => [
        threadText(ctx, s, 'received', (m) => m.receivedThread({ who: actor.name })),
        ...tellRequesters(ctx, s, 'received', (m) =>
          m.receivedUser({ number: s.number, who: ctx.who(actor, s, localeOfMessages(m)) }),
        ),
      ]);
    },
  },
  order_ready: {
    who: 'desk',
    refuse: deskGuard(
      (o) => !o.fulfilment.readyAt && (!o.fulfilment.orderedAt || o.fulfilment.receivedAt !== undefined),
      (m) => m.markReady,
    ),
    run: async (ctx, actor, c, o, a) => {
      const slots = [a.slot1, a.slot2, a.slot3].filter((x): x is string => x !== undefined);
      const order: Order = {
        ...o,
        fulfilment: { ...o.fulfilment, readyAt: ctx.now(), slots, ...(a.place ? { place: a.place } : {}) },
      };
      return deskChange(ctx, actor, c, order, 'in_progress', 'order_ready', slots.join('; '), (s) => [
        threadText(ctx, s, 'ready', (m) => m.readyThread({ who: actor.name, slots: slots.join('; ') })),
        ...tellRequesters(ctx, s, 'ready', (m) =>
          m.readyUser({
            number: s.number,
            who: ctx.who(actor, s, localeOfMessages(m)),
            ...(a.place ? { place: a.place } : {}),
          }),
        ),
      ]);
    },
  },
  order_slipped: {
    who: 'desk',
    refuse: deskGuard(
      (o) => o.fulfilment.orderedAt !== undefined && !o.fulfilment.receivedAt,
      (m) => m.markSlipped,
    ),
    run: async (ctx, actor, c, o, a) => {
      const locale = ctx.localeOf(actor);
      const m0 = orderMessages[locale];
      const from = o.fulfilment.expectedAt ?? o.promisedAt;
      const problem =
        dateProblem(a.expectedAt, ctx.deps.calendar.localDate(ctx.deps.clock.now()), m0) ??
        (a.expectedAt === from ? m0.sameDate({ date: from }) : null);
      if (problem) return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', problem);
      // The same step gives the vendor's new date either way: a later one is a slip, an earlier one good news.
      const earlier = a.expectedAt < from;
      const slip = { at: ctx.now(), from, to: a.expectedAt, ...(a.reason ? { reason: a.reason } : {}) };
      const order: Order = {
        ...o,
        fulfilment: { ...o.fulfilment, expectedAt: a.expectedAt, slips: [...o.fulfilment.slips, slip] },
      };
      const vendor = c.vendor ? { ...c.vendor, expectedAt: a.expectedAt } : undefined;
      return deskChange(
        ctx,
        actor,
        c,
        order,
        c.status,
        'order_slipped',
        `${from} → ${a.expectedAt}`,
        (s) => [
          threadText(ctx, s, `slipped:${a.expectedAt}`, (m) =>
            (earlier ? m.earlierThread : m.slippedThread)({ who: actor.name, to: a.expectedAt }),
          ),
          ...tellRequesters(ctx, s, `slipped:${a.expectedAt}`, (m) => {
            const l = localeOfMessages(m);
            return (earlier ? m.earlierUser : m.slippedUser)({
              number: s.number,
              who: ctx.who(actor, s, l),
              from: formatDay(from, l),
              to: formatDay(a.expectedAt, l),
              ...(a.reason ? { reason: a.reason } : {}),
            });
          }),
        ],
        vendor ? { vendor } : {},
      );
    },
  },
  order_handout: {
    who: 'desk',
    refuse: deskGuard(
      (o) => o.fulfilment.readyAt !== undefined && !o.fulfilment.handedOutAt,
      (m) => m.markHandout,
    ),
    run: async (ctx, actor, c, o) => {
      const now = ctx.now();
      const order: Order = { ...o, fulfilment: { ...o.fulfilment, handedOutAt: now } };
      // The solution is written in the language of the case, as the user reads it.
      const cl = ctx.userLocale(c);
      const items = o.lines.map((l) => lineText(l, cl)).join(', ');
      const solution = orderMessages[cl].handoutSolution({ items, who: actor.name });
      // On an order nobody has the hand-out is a claim, as every desk step is (`deskChange`): in the history and
      // the thread; the requester hears of it in the hand-out's own messages only.
      const claims = !c.assignee;
      const taken = claims ? applyAssignee(ctx, actor, c, actor) : c;
      // Resolved as by `resolve`: out of Awaiting user first (the clock resumed, the question dropped).
      const next = withOrder(
        {
          ...ctx.leaveAwaitingUser(taken),
          status: 'resolved',
          solution: { text: solution, by: toRef(actor), at: now },
          resolvedAt: now,
          // The version this change stores, which its question carries: an earlier resolution's question no longer
          // answers (as `resolve`).
          resolvedVersion: c.version + 1,
          firstResponseAt: taken.firstResponseAt ?? now,
          history: [...taken.history, ctx.audit(actor, 'order_handout', c.status, 'resolved', solution)],
        },
        order,
      );
      const locale = ctx.localeOf(actor);
      const tellOwner = await backWithOwnerNotice(ctx, actor, c);
      return ctx.commit(actor, c, {
        next,
        drafts: (s) => {
          const ul = ctx.userLocale(s);
          const who = ctx.who(actor, s, ul);
          // The usual resolved message with "Yes, solved" / "No, still a problem" (confirm → close → evaluate).
          const ask: MessageView = ctx.message(
            ul,
            userMessages.resolved[ul]({
              number: s.number,
              title: s.title,
              who,
              solution,
            }),
            {
              title: listMessages.solvedTitle[ul]({ number: s.number }),
              form: solvedQuestionForm(s, ul),
            },
          );
          const claim = claims ? assigneeNews(ctx, actor, actor, s).filter((d) => !toUser(s, d)) : [];
          // The colleague who ordered on the user's behalf hears of the hand-out as of every step before it (once:
          // not when they are the case owner told below, nor when they handed it out themselves).
          const owner = tellOwner(s);
          const reporter = s.reporter;
          const told =
            reporter && !samePerson(reporter, actor) && !(owner.length > 0 && samePerson(reporter, s.caseOwner))
              ? [reporter]
              : [];
          return [
            ctx.updateCards(s),
            ...claim,
            // Back with the faculty's helpdesk for the quality check: its channel gets the card with Close.
            ...ownerCardDrafts(s),
            threadText(ctx, s, 'handout', (m) => m.handoutThread({ who: actor.name })),
            ctx.sendPerson(s, 'order:setup_offer', s.user, setupOfferView(s, order, ul, who)),
            ctx.sendPerson(s, 'resolved', s.user, ask),
            ...told.map((p) => {
              const pl = ctx.localeOf(p);
              const text = orderMessages[pl].handedOutReporter({
                number: s.number,
                who: ctx.who(actor, s, pl),
                forWhom: s.user.name,
              });
              return ctx.sendPerson(s, 'order:handout', p, ctx.message(pl, text));
            }),
            // The named case owner hears it personally, with the card to close it from (not when they handed it out).
            ...owner,
          ];
        },
        reply: (s) => ctx.message(locale, orderMessages[locale].stepDone({ number: s.number })),
      });
    },
  },
  order_setup_help: {
    who: 'requester',
    refuse: (c, o, m) => setupGuard(c, o, m),
    run: async (ctx, actor, c, o, a) => {
      const locale = ctx.localeOf(actor.locale ? actor : c.user);
      const m = orderMessages[locale];
      const slots = o.fulfilment.slots ?? [];
      if (!slots.includes(a.slot))
        return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', m.unknownSlot({ slots: slots.join('; ') }));
      const order: Order = {
        ...o,
        fulfilment: { ...o.fulfilment, setup: { choice: 'help', slot: a.slot, at: ctx.now() } },
      };
      const next = withOrder(
        { ...c, history: [...c.history, ctx.audit(actor, 'order_setup_help', undefined, undefined, a.slot)] },
        order,
      );
      // The staff member who handed it out is told personally, in their language (from the directory).
      const al = await ctx.personLocale(c.assignee);
      return ctx.commit(actor, c, {
        next,
        drafts: (s) => {
          const drafts = [
            ctx.updateCards(s),
            threadText(ctx, s, 'setup', (t) => t.setupHelpThread({ user: actor.name, slot: a.slot })),
          ];
          if (s.assignee) {
            drafts.push(
              ctx.sendPerson(
                s,
                'order:setup',
                s.assignee,
                ctx.message(
                  al,
                  `${s.number}: ${orderMessages[al].setupHelpThread({ user: actor.name, slot: a.slot })}`,
                ),
              ),
            );
          }
          return drafts;
        },
        reply: (s) =>
          ctx.message(
            locale,
            m.setupHelpReply({ number: s.number, slot: a.slot, group: ctx.group(s.groupId, locale) }),
          ),
      });
    },
  },
  order_self_setup: {
    who: 'requester',
    refuse: (c, o, m) => setupGuard(c, o, m),
    run: async (ctx, actor, c, o) => {
      const locale = ctx.localeOf(actor.locale ? actor : c.user);
      const order: Order = { ...o, fulfilment: { ...o.fulfilment, setup: { choice: 'self', at: ctx.now() } } };
      const next = withOrder({ ...c, history: [...c.history, ctx.audit(actor, 'order_self_setup')] }, order);
      return ctx.commit(actor, c, {
        next,
        drafts: (s) => [
          ctx.updateCards(s),
          threadText(ctx, s, 'setup', (t) => t.selfSetupThread({ user: actor.name })),
        ],
        reply: (s) => ctx.message(locale, orderMessages[locale].selfSetupReply({ number: s.number })),
      });
    },
  },
};

function setupGuard(c: Case, o: Order, m: OrderMessages): string | null {
  // Set-up help is offered at the hand-out (which resolves the order) until the order is closed.
  if (!o.fulfilment.handedOutAt || c.status === 'closed') return notNow(c, m.selfSetup, m);
  return o.fulfilment.setup ? m.setupChosen({ number: c.number }) : null;
}

function localeOfMessages(m: OrderMessages): 'da' | 'en' {
  return m === orderMessages.da ? 'da' : 'en';
}
