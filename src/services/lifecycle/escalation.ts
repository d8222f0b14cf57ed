import { OUTSIDE_AU_IT } from '../../cards/card-actions.js';
import type { Case, Escalation, Locale, Person, PersonRef } from '../../models/case.js';
import { toRef } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { readOrder } from '../orders/order.js';
import { escalatedOrder } from '../orders/order-escalation.js';
import { deskPanelView, orderThreadDraft } from '../orders/order-notices.js';
import { postCardDraft } from '../outbox/deliveries.js';
import { samePerson } from '../roles.js';
import { handedOverOutside } from '../sla/handover-clock.js';
import { toTellBesides } from './assignment.js';
import type { LifecycleContext } from './context.js';
import { managerChain } from './case-forms.js';
import { type Handler, personByEmail } from './handler.js';
import { EXTERNAL_PREFIX, reasonLabel } from './labels.js';
import { refusals, staffMessages, threadMessages, userMessages } from './messages.js';
import { pendingFor, pendingHierarchical } from './permissions.js';
import { urgentPingDraft, urgentSupervisor } from './register-case.js';

/** "Karen Møller (ARTS Support)", or "ARTS Support" when the case has no named owner. */
function ownerText(ctx: LifecycleContext, c: Case, locale: 'da' | 'en'): string {
  const group = ctx.group(c.ownerGroupId, locale);
  return c.caseOwner ? `${c.caseOwner.name} (${group})` : group;
}

/**
 * Functional escalation: the case moves to another group of the matrix, its old cards turn inactive ("Moved to
 * …"), a new card goes to the target group's channel with the reason in its thread, and the user is told who
 * has it now. Ownership stays with 1st level (PROCESS.md, principle 4). `external:<name>` records a hand-over
 * to another directorate: the case stays with the group, the user is told who is responsible now. The forms
 * send it as `external:` (their "Outside AU IT" choice) with the name in `unit`; without a name it is refused.
 *
 * Nobody at the new group has the case yet, so it arrives Registered (in their pile), whatever it was: Assigned
 * and In progress were the previous handler's work. So were Awaiting user and Awaiting vendor: the question was
 * the previous handler's (it is withdrawn, the SLA clock runs again, and the user is told they need not answer;
 * the new group asks what they need) and so was the vendor contact (the vendor stays on the case and is named in
 * the new group's thread, for them to follow up or not). Left waiting, the case would sit with nobody on it, its
 * clock paused, outside the new group's pile.
 *
 * An equipment order arrives as its order record says (`escalatedOrder`): one placed with its vendor and not
 * received yet stays Awaiting vendor (in the new group's pile all the same, unassigned), whatever the case showed,
 * for staff and the orderer alike; one received or ready for hand-out arrives Registered, the thread saying so. An
 * order of any stage gets its panel (`deskPanelView`: order, received, ready, hand out) in the new group's thread,
 * below the card; the old panel is in the old group's.
 *
 * To the group holding the case: refused, unless the case is handed over outside AU IT (`takeBack`); so is a
 * hand-over to the unit outside AU IT that has the case already.
 */
export const escalateGroup: Handler<'escalate_group'> = async (ctx, actor, c, _roles, action) => {
  const locale = ctx.localeOf(actor);
  const chosen = action.groupId.trim();
  // The forms' "Outside AU IT" choice with the unit's name beside it (`OUTSIDE_AU_IT`): that unit.
  if (chosen === OUTSIDE_AU_IT && !action.unit) {
    return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', refusals.noOutsideUnit[locale]({ number: c.number }));
  }
  const target = chosen === OUTSIDE_AU_IT ? `${OUTSIDE_AU_IT}${action.unit}` : chosen;
  if (target.startsWith(EXTERNAL_PREFIX)) {
    // A functional escalation names its group (PROCESS.md step 6): a hand-over to nobody is refused, not recorded.
    if (target.slice(EXTERNAL_PREFIX.length).trim() === '') {
      return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', refusals.noTargetGroup[locale]({ number: c.number }));
    }
    // To the unit that has it already (its name however written): refused, as the group holding the case is.
    const unit = (id: string) => ctx.group(id, locale).toLowerCase();
    const handed = handedOverOutside(c)?.toGroupId;
    if (handed && unit(handed) === unit(target)) {
      const group = ctx.group(handed, locale);
      return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', refusals.sameGroup[locale]({ number: c.number, group }));
    }
    return handOver(ctx, actor, c, target, action.reason);
  }
  if (!ctx.deps.catalogue.group(target)) {
    return ctx.refuse(actor, c, 'GROUP.NOT_FOUND', refusals.unknownGroup[locale]({ group: target }));
  }
  if (target === c.groupId) {
    const handed = handedOverOutside(c);
    if (handed?.toGroupId) return takeBack(ctx, actor, c, handed.toGroupId, action.reason);
    return ctx.refuse(
      actor,
      c,
      'CASE.INVALID_INPUT',
      refusals.sameGroup[locale]({ number: c.number, group: ctx.group(target, locale) }),
    );
  }
  const escalation = functional(ctx, actor, c.groupId, target, action.reason);
  const { assignee: _left, ...rest } = ctx.leaveAwaitingUser(c);
  const question = c.status === 'awaiting_user' ? c.pendingQuestion : undefined;
  const vendor = c.status === 'awaiting_vendor' ? c.vendor : undefined;
  const order = readOrder(c);
  // An equipment order arrives as its order record says (`escalatedOrder`), whatever the case showed.
  const stage = order ? escalatedOrder(c, order) : null;
  const next: Case = {
    ...rest,
    ...(stage?.vendor ? { vendor: stage.vendor } : {}),
    groupId: target,
    status: stage?.status ?? 'registered',
    escalations: [...c.escalations, escalation],
    // Back to a group that had the case: its card in the channel works again (updated, not posted a second time).
    cards: c.cards.map((r) => ({ ...r, active: r.groupId === target })),
    history: [...c.history, ctx.audit(actor, 'escalate_group', c.groupId, target, action.reason)],
  };
  // An urgent case reaches the new group's team lead directly (PROCESS.md step 4), as at registration.
  const supervisor = await urgentSupervisor(ctx.deps, { ...next, solved: false }, actor);
  const staffTold = await movedAwayFrom(ctx, actor, c);
  const thread = ctx.deps.defaultLocale;
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const ul = ctx.userLocale(s);
      const who = ctx.who(actor, c, ul);
      const escalatedBy = (l: Locale) => ctx.who(actor, c, l);
      const urgent = supervisor
        ? [urgentPingDraft(ctx.deps, s, supervisor, { escalatedBy, fromGroupId: c.groupId })]
        : [];
      const was = stage
        ? stage.line(thread, question?.text)
        : question
          ? threadMessages.wasAwaitingUser[thread]({ question: question.text })
          : vendor
            ? threadMessages.wasAwaitingVendor[thread]({
                vendor: vendor.reference ? `${vendor.name} (${vendor.reference})` : vendor.name,
              })
            : undefined;
      const panel = order ? deskPanelView(s, order, thread) : null;
      return [
        ctx.updateCards(s),
        postCardDraft(s, target),
        ctx.threadReply(
          s,
          'escalated',
          threadMessages.escalatedHere[thread]({
            who: ctx.who(actor, c, thread),
            from: ctx.group(c.groupId, thread),
            reason: action.reason,
            ...(was ? { was } : {}),
          }),
        ),
        ...(panel ? [orderThreadDraft(s, 'panel', panel)] : []),
        // Staff whose own report the case is hear it once, and not about themselves: nothing when they passed it
        // on, the staff message when they had or own it (`movedAwayFrom`).
        ...(samePerson(s.user, actor) || staffTold.some((t) => t.ownReport)
          ? []
          : [
              ctx.sendPerson(
                s,
                'moved',
                s.user,
                ctx.message(
                  ul,
                  userMessages.movedGroup[ul]({
                    number: s.number,
                    title: s.title,
                    who,
                    group: ctx.group(target, ul),
                    owner: ownerText(ctx, s, ul),
                    ...(question ? { withdrawn: { by: ctx.who(question.by, c, ul), question: question.text } } : {}),
                  }),
                ),
              ),
            ]),
        ...staffTold.map(({ person, locale: l, had, owns, ownReport }) =>
          ctx.sendPerson(
            s,
            'moved_away',
            person,
            ctx.message(
              l,
              staffMessages.escalatedAway[l]({
                number: s.number,
                title: s.title,
                who: ctx.who(actor, c, l),
                group: ctx.group(target, l),
                had,
                owns,
                ownReport,
              }),
            ),
          ),
        ),
        ...urgent,
      ];
    },
  });
};

/**
 * Who hears personally that someone else passed the case to another group: whoever had it (the thread they follow
 * stays behind with the old group) and its named case owner, whom the user is told keeps them informed. Each once,
 * never the actor, nor an erased person's placeholder (`toTellBesides`); their language looked up before the
 * change. `ownReport`: the case is their own report (then this is the one message they get about it).
 */
async function movedAwayFrom(
  ctx: LifecycleContext,
  actor: Person,
  c: Case,
): Promise<{ person: PersonRef; locale: Locale; had: boolean; owns: boolean; ownReport: boolean }[]> {
  const owner = toTellBesides(actor, c.caseOwner);
  const had = toTellBesides(actor, c.assignee);
  const people = had ? [had] : [];
  if (owner && !people.some((p) => samePerson(p, owner))) people.push(owner);
  return Promise.all(
    people.map(async (person) => ({
      person,
      locale: await ctx.personLocale(person),
      had: samePerson(person, c.assignee),
      owns: samePerson(person, owner),
      ownReport: samePerson(person, c.user),
    })),
  );
}

async function handOver(ctx: LifecycleContext, actor: Person, c: Case, target: string, reason: string) {
  return escalateInPlace(ctx, actor, c, {
    escalation: functional(ctx, actor, c.groupId, target, reason),
    audit: 'handover_external',
    what: 'handover',
    thread: (s, l) => threadMessages.handedOver[l]({ who: ctx.who(actor, s, l), to: ctx.group(target, l), reason }),
    user: (s, l) =>
      userMessages.movedExternal[l]({
        number: s.number,
        title: s.title,
        who: ctx.who(actor, s, l),
        to: ctx.group(target, l),
        owner: ownerText(ctx, s, l),
      }),
  });
}

/**
 * The group holding a case it handed over outside AU IT takes it back (the other unit answered, or failed): a
 * functional escalation from the other unit (`external:<name>`) to the group, which ends the hand-over
 * (`handedOverOutside`), so AU IT's clock runs on from where it stood (`withHandOverClock`). The group had the case
 * all along: its card, assignee and status stay (an unassigned case is in its pile again from now, the history's
 * `escalate_group`); the thread and the user are told who is responsible again.
 */
async function takeBack(ctx: LifecycleContext, actor: Person, c: Case, from: string, reason: string) {
  return escalateInPlace(ctx, actor, c, {
    escalation: functional(ctx, actor, from, c.groupId, reason),
    audit: 'escalate_group',
    what: 'taken_back',
    thread: (s, l) => threadMessages.takenBack[l]({ who: ctx.who(actor, s, l), from: ctx.group(from, l), reason }),
    user: (s, l) =>
      userMessages.takenBack[l]({
        number: s.number,
        title: s.title,
        who: ctx.who(actor, s, l),
        from: ctx.group(from, l),
        group: ctx.group(s.groupId, l),
      }),
  });
}

/** A functional escalation by `actor`, now, from one group (or other unit) to another. */
function functional(ctx: LifecycleContext, actor: Person, from: string, to: string, reason: string): Escalation {
  return { kind: 'functional', at: ctx.now(), by: toRef(actor), fromGroupId: from, toGroupId: to, reason };
}

/**
 * A functional escalation after which the group holding the case still holds it (`handOver`, `takeBack`): the
 * escalation and its history entry (`audit`, from and to its groups) are recorded, the card is updated, and the
 * thread (in the default locale) and the user (in theirs) are told, both drafts keyed by `what`.
 */
async function escalateInPlace(
  ctx: LifecycleContext,
  actor: Person,
  c: Case,
  move: {
    escalation: Escalation;
    audit: string;
    what: string;
    thread: (s: Case, locale: Locale) => string;
    user: (s: Case, locale: Locale) => string;
  },
) {
  const { escalation: e } = move;
  const next: Case = {
    ...c,
    escalations: [...c.escalations, e],
    history: [...c.history, ctx.audit(actor, move.audit, e.fromGroupId, e.toGroupId, e.reason)],
  };
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const ul = ctx.userLocale(s);
      return [
        ctx.updateCards(s),
        ctx.threadReply(s, move.what, move.thread(s, ctx.deps.defaultLocale)),
        // Not to staff whose own report the case is about what they did themselves.
        ...(samePerson(s.user, actor) ? [] : [ctx.sendPerson(s, move.what, s.user, ctx.message(ul, move.user(s, ul)))]),
      ];
    },
  });
}

/**
 * Hierarchical escalation goes up (PROCESS.md step 6, "to a manager"): to the supervisor of the group holding the
 * case; when that is the one escalating, to the supervisor of the 1st-level group that owns the case (support
 * owns every case: its supervisor is the head of support for it), then to the central dispatch's (the category's
 * default 1st-level group, as for order approvals). When every one of those is them, to their own manager if the
 * directory knows one (`Directory.managerOf`); else there is nobody above them here: refused, saying so (or, when
 * a source that could name the manager did not answer, saying to try again in a moment, or that an administrator
 * must allow the bot to ask it; or naming the manager the managers file or Microsoft Graph names whom the bot
 * cannot reach yet). A
 * personal ping with an @mention and the case card (with the acknowledge
 * button), and a reply in the case thread mentioning them too.
 */
export const escalateManager: Handler<'escalate_manager'> = async (ctx, actor, c, _roles, action) => {
  const groups = managerChain(c, ctx.deps.catalogue);
  let supervisor: Person | undefined;
  for (const group of groups) {
    const candidate = await personByEmail(ctx, group.supervisor.email, group.supervisor.name);
    if (!samePerson(candidate, actor)) {
      supervisor = candidate;
      break;
    }
  }
  // Above the catalogue's supervisors: the actor's own manager, when the directory knows one.
  let unanswered = false;
  let denied = false;
  let fileNamed: string | undefined;
  let graphNamed: string | undefined;
  if (!supervisor && ctx.deps.directory.managerOf) {
    const manager = await ctx.deps.directory.managerOf(actor.id, {
      unanswered: (notAllowed) => {
        unanswered = true;
        if (notAllowed) denied = true;
      },
      fileNames: (email) => {
        fileNamed = email;
      },
      graphNamesUnreachable: (who) => {
        graphNamed = who;
      },
    });
    if (manager && !samePerson(manager, actor)) supervisor = manager;
  }
  if (!supervisor) {
    const locale = ctx.localeOf(actor);
    // Microsoft Graph does not allow the bot to read managers: trying again does not help, an administrator must.
    if (denied) {
      return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', refusals.managerNotAllowed[locale]({ number: c.number }));
    }
    // A source that could name her manager (Microsoft Graph) did not answer: not "nobody above you", but try again.
    if (unanswered) {
      return ctx.refuse(actor, c, 'DIRECTORY.UNAVAILABLE', refusals.managerNotAnswered[locale]({ number: c.number }));
    }
    // Her manager in the managers file, whom no platform knows yet: named, so she knows whom to ask to write.
    if (fileNamed) {
      return ctx.refuse(
        actor,
        c,
        'CASE.INVALID_INPUT',
        refusals.managerUnreachable[locale]({ number: c.number, manager: fileNamed }),
      );
    }
    // Her manager in Microsoft Entra ID, whom no platform knows yet: named as the managers file's is.
    if (graphNamed) {
      return ctx.refuse(
        actor,
        c,
        'CASE.INVALID_INPUT',
        refusals.graphManagerUnreachable[locale]({ number: c.number, manager: graphNamed }),
      );
    }
    const group = [...new Set(groups.map((g) => g.id))].map((id) => ctx.group(id, locale)).join(', ');
    return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', refusals.nobodyAbove[locale]({ number: c.number, group }));
  }
  // The ping's card offers her the escalation on up only when it would reach someone (`askAbove`).
  await ctx.askAbove(c, supervisor);
  const escalation: Escalation = {
    kind: 'hierarchical',
    at: ctx.now(),
    by: toRef(actor),
    fromGroupId: c.groupId,
    toPerson: toRef(supervisor),
    reason: action.reason,
    reasonCode: action.reasonCode,
    caseVersion: c.version + 1,
  };
  const next: Case = {
    ...c,
    escalations: [...c.escalations, escalation],
    history: [
      ...c.history,
      ctx.audit(actor, 'escalate_manager', undefined, supervisor.name, `${action.reasonCode}: ${action.reason}`),
    ],
  };
  const thread = ctx.deps.defaultLocale;
  const mention = { id: supervisor.id, name: supervisor.name };
  return ctx.commit(actor, c, {
    next,
    drafts: (s): OutboxDraft[] => {
      const sl = ctx.localeOf(supervisor);
      const ping = staffMessages.supervisorPing[sl]({
        number: s.number,
        title: s.title,
        who: ctx.who(actor, s, sl),
        name: supervisor.name,
        reason: reasonLabel(action.reasonCode, sl),
        detail: action.reason,
      });
      const inThread = threadMessages.escalatedManager[thread]({
        who: ctx.who(actor, s, thread),
        name: supervisor.name,
        reason: reasonLabel(action.reasonCode, thread),
        detail: action.reason,
      });
      return [
        ctx.updateCards(s),
        ctx.sendPerson(
          s,
          'escalation',
          supervisor,
          ctx.message(sl, ping, { mention, caseCard: ctx.card(s, supervisor, sl) }),
        ),
        ctx.threadReply(s, 'escalation', inThread, { mention }),
      ];
    },
  });
};

/**
 * The supervisor takes note of the hierarchical escalations addressed to them (every one still open: a complaint
 * and an SLA breach alike); the thread hears it. One addressed to someone else (the supervisor of the group that
 * had the case before it moved, the head of support above the group's supervisor) waits for them. The click is
 * version-free (work done since the ping does not matter), but it takes note only of escalations its card could
 * show: one recorded after the card was rendered (`caseVersion`) still waits; when only such ones wait, the click
 * is answered with who escalated it again and the current card, to read before acknowledging.
 */
export const acknowledgeEscalation: Handler<'acknowledge_escalation'> = async (ctx, actor, c, _roles, action) => {
  const waiting = pendingFor(c, actor);
  const pending = waiting.filter((e) => e.caseVersion === undefined || e.caseVersion <= action.version);
  const newest = waiting.at(-1);
  if (pending.length === 0 && newest) {
    const locale = ctx.localeOf(actor);
    const text = refusals.newerEscalation[locale]({ number: c.number, who: ctx.who(newest.by, c, locale) });
    const card = ctx.cardIfSeen(c, actor, locale);
    return {
      ok: false,
      code: 'CASE.CONFLICT',
      reply: ctx.message(locale, text),
      case: c,
      ...(card ? { card: { ...card, notice: text } } : {}),
    };
  }
  if (pending.length === 0) {
    const locale = ctx.localeOf(actor);
    const waiting = pendingHierarchical(c)?.toPerson;
    const text = waiting
      ? refusals.notYourEscalation[locale]({ number: c.number, name: waiting.name })
      : refusals.nothingToAcknowledge[locale]({ number: c.number });
    return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', text);
  }
  const now = ctx.now();
  const next: Case = {
    ...c,
    escalations: c.escalations.map((e) => (pending.includes(e) ? { ...e, acknowledgedAt: now } : e)),
    history: [...c.history, ctx.audit(actor, 'acknowledge_escalation')],
  };
  const thread = ctx.deps.defaultLocale;
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => [
      ctx.updateCards(s),
      ctx.threadReply(s, 'ack', threadMessages.acknowledged[thread]({ who: ctx.who(actor, s, thread) })),
    ],
  });
};
