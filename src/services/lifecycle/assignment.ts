import type { Case, Locale, Person, PersonRef } from '../../models/case.js';
import { namesNobody, reachable, toRef } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { AppError, isAppError } from '../../models/errors.js';
import { readOrder } from '../orders/order.js';
import { escalatedOrder } from '../orders/order-escalation.js';
import { samePerson } from '../roles.js';
import { handedOverOutside } from '../sla/handover-clock.js';
import type { ActionOutcome, LifecycleContext } from './context.js';
import { groupPeople, type Handler, isIn, personByEmail } from './handler.js';
import { refusals, staffMessages, threadMessages, userMessages } from './messages.js';

/**
 * Takes the case (registered → assigned) and makes the new assignee known: the channel thread hears it, the user
 * hears from the named person handling it (PROCESS.md, principle 3), and an assignee who was assigned by someone
 * else gets a personal note. A 1st-level person taking a case of their own group becomes its case owner when it
 * has none. The first claim or assignment is the first response.
 */
export function applyAssignee(ctx: LifecycleContext, actor: Person, c: Case, assignee: PersonRef): Case {
  const now = ctx.now();
  const status = c.status === 'registered' ? 'assigned' : c.status;
  const ownerPeople = groupPeople(ctx, c.ownerGroupId);
  const caseOwner = c.caseOwner ?? (isIn(ownerPeople, assignee) ? toRef(assignee) : undefined);
  // The same person by e-mail too: assigning oneself from the other app (another platform id) is a claim.
  const self = samePerson(assignee, actor);
  return {
    ...c,
    assignee: toRef(assignee),
    status,
    ...(caseOwner ? { caseOwner } : {}),
    firstResponseAt: c.firstResponseAt ?? now,
    history: [...c.history, ctx.audit(actor, self ? 'claim' : 'assign', c.status, status, assignee.name)],
  };
}

function assigneeDrafts(ctx: LifecycleContext, actor: Person, assignee: PersonRef, c: Case): OutboxDraft[] {
  return [ctx.updateCards(c), ...assigneeNews(ctx, actor, assignee, c)];
}

/**
 * What a new assignee's arrival tells (`applyAssignee`), besides the card update: the thread (claimed / assigned to),
 * the user (the named person handling it) and an assignee assigned by someone else.
 */
export function assigneeNews(ctx: LifecycleContext, actor: Person, assignee: PersonRef, c: Case): OutboxDraft[] {
  const thread = ctx.deps.defaultLocale;
  const ul = ctx.userLocale(c);
  const self = samePerson(assignee, actor);
  // Staff who reported a case themselves and take it (or are given it) are not told "X is now working on your case"
  // about themselves: the thread and, when given it, "assigned to you" say it.
  const ownCase = samePerson(c.user, assignee);
  const drafts = [
    ctx.threadReply(
      c,
      self ? 'claim' : 'assign',
      self
        ? threadMessages.claimed[thread]({ who: ctx.who(actor, c, thread) })
        : threadMessages.assigned[thread]({ who: ctx.who(actor, c, thread), to: assignee.name }),
    ),
    ...(ownCase
      ? []
      : [
          ctx.sendPerson(
            c,
            'assignee',
            c.user,
            ctx.message(
              ul,
              userMessages.claimed[ul]({
                number: c.number,
                title: c.title,
                who: ctx.who(assignee, c, ul),
                name: assignee.name,
              }),
            ),
          ),
        ]),
  ];
  if (!self) {
    const al = ctx.localeOf(assignee);
    drafts.push(
      ctx.sendPerson(
        c,
        'assigned',
        assignee,
        ctx.message(al, staffMessages.assignedToYou[al]({ number: c.number, title: c.title, by: actor.name }), {
          caseCard: ctx.card(c, assignee, al),
        }),
      ),
    );
  }
  return drafts;
}

/**
 * `p` when a change `actor` made is theirs to hear personally: not the actor themselves (by id or e-mail, either
 * app), nor nobody or an erased person's placeholder (`reachable`). The rule for whoever a change takes the case
 * off or away from (`previousToTell`, the escalation's `movedAwayFrom`) and for the user told of an Unassign.
 */
export function toTellBesides<P extends PersonRef>(actor: Person, p: P | undefined): P | undefined {
  const person = reachable(p);
  return person && !samePerson(person, actor) ? person : undefined;
}

/**
 * The assignee a change takes the case off when someone else makes it (reassigns, takes it over, unassigns): they
 * hear it personally, as the thread reply reaches them only if they follow the thread (`toTellBesides`). Looked up
 * before the change (their language).
 */
async function previousToTell(
  ctx: LifecycleContext,
  actor: Person,
  c: Case,
): Promise<{ person: PersonRef; locale: Locale } | undefined> {
  const previous = toTellBesides(actor, c.assignee);
  return previous ? { person: previous, locale: await ctx.personLocale(previous) } : undefined;
}

/** The holder's name for "X already has it"; "you already have it" when the holder is the clicker. */
export function alreadyClaimed(ctx: LifecycleContext, actor: Person, c: Case, holder: PersonRef): ActionOutcome {
  const locale = ctx.localeOf(actor);
  const text = samePerson(holder, actor)
    ? refusals.alreadyYours[locale]({ number: c.number })
    : refusals.alreadyClaimed[locale]({ number: c.number, name: holder.name });
  return ctx.refuse(actor, c, 'CASE.ALREADY_CLAIMED', text);
}

/** Atomic: of any number of simultaneous claims exactly one wins; the others are told who has the case. */
export const claim: Handler<'claim'> = async (ctx, actor, c, _roles, action) => {
  // A case held by an erased person's placeholder is taken over by a versioned write (the store's atomic claim
  // takes only a case nobody holds): of two such claims the second meets the first's version, and is told who has it.
  if (c.assignee && namesNobody(c.assignee)) return takeOverErased(ctx, actor, c);
  try {
    const res = await ctx.deps.store.claimCase(
      c.id,
      toRef(actor),
      (current) => {
        if (current.version !== action.version) {
          throw new AppError('CASE.CONFLICT', `Case ${current.number} changed meanwhile.`);
        }
        return applyAssignee(ctx, actor, current, actor);
      },
      (claimed) => assigneeDrafts(ctx, actor, actor, claimed),
    );
    if (!res.ok) return alreadyClaimed(ctx, actor, res.case, res.holder);
    return { ok: true, case: res.case, card: ctx.card(res.case, actor) };
  } catch (err) {
    if (!isAppError(err, 'CASE.CONFLICT')) throw err;
    const fresh = (await ctx.deps.store.getCase(c.id)) ?? c;
    if (fresh.assignee) return alreadyClaimed(ctx, actor, fresh, fresh.assignee);
    return ctx.conflict(actor, fresh);
  }
};

/** `claim` of a case an erased person's placeholder holds; the card's version was checked already (`guard`). */
async function takeOverErased(ctx: LifecycleContext, actor: Person, c: Case): Promise<ActionOutcome> {
  try {
    const next = applyAssignee(ctx, actor, c, actor);
    return await ctx.commit(actor, c, { next, drafts: (s) => assigneeDrafts(ctx, actor, actor, s) });
  } catch (err) {
    if (!isAppError(err, 'CASE.CONFLICT')) throw err;
    const fresh = (await ctx.deps.store.getCase(c.id)) ?? c;
    if (fresh.assignee && !namesNobody(fresh.assignee)) return alreadyClaimed(ctx, actor, fresh, fresh.assignee);
    return ctx.conflict(actor, fresh);
  }
}

/** Assigns the case to a member (or the supervisor) of the group holding it, chosen by e-mail or person id. */
export const assign: Handler<'assign'> = async (ctx, actor, c, _roles, action) => {
  const locale = ctx.localeOf(actor);
  let target: Person | null = null;
  if (action.assigneeId) target = await ctx.deps.directory.lookup(action.assigneeId);
  if (!target && action.assigneeEmail) target = await personByEmail(ctx, action.assigneeEmail);
  const people = groupPeople(ctx, c.groupId);
  if (!target || !isIn(people, target)) {
    const text = refusals.notAMember[locale]({
      number: c.number,
      person: target?.name ?? action.assigneeEmail ?? action.assigneeId ?? '?',
      group: ctx.group(c.groupId, locale),
    });
    return ctx.refuse(actor, c, 'CASE.NOT_A_MEMBER', text);
  }
  if (c.assignee && (c.assignee.id === target.id || c.assignee.email?.toLowerCase() === target.email?.toLowerCase())) {
    return { ok: true, case: c, card: ctx.card(c, actor) };
  }
  const assignee = target;
  const next = applyAssignee(ctx, actor, c, assignee);
  const previous = await previousToTell(ctx, actor, c);
  const self = samePerson(assignee, actor);
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const drafts = assigneeDrafts(ctx, actor, assignee, s);
      if (previous) {
        const l = previous.locale;
        const about = { number: s.number, title: s.title, who: ctx.who(actor, s, l) };
        const text = staffMessages.reassignedAway[l](self ? about : { ...about, to: assignee.name });
        drafts.push(ctx.sendPerson(s, 'reassigned', previous.person, ctx.message(l, text)));
      }
      return drafts;
    },
  });
};

/**
 * Puts the case back in the group's pile: Registered, whatever work had started (Assigned, In progress, Awaiting
 * vendor or user), as a case nobody has is in the pile (never In progress with nobody on it) and is claimed from
 * there. An equipment order takes the status its order record gives it, as when it is escalated
 * (`escalatedOrder`): Awaiting vendor while its vendor has it, else Registered. The SLA treats it as a pile case
 * (reminders go to the group's thread). A question to the user is withdrawn (the clock runs again) and the user is
 * told they need not answer it: the case is back with the group, or, handed over outside AU IT, still the other
 * unit's to solve (the group follows it). Without a question the user is told the case is back with the group, as
 * they were told who had it (PROCESS.md, principles 3 and 4); not while the other unit outside AU IT has it (who
 * is responsible did not change for them), nor staff whose own report it is about what they did or were told. A
 * report linked to a major incident is worked through it: its user is told instead (with or without a question)
 * that it stays linked to the major incident, whose news reaches them. A vendor stays on the case. The thread
 * hears who did it.
 */
export const unassign: Handler<'unassign'> = async (ctx, actor, c) => {
  const question = c.status === 'awaiting_user' ? c.pendingQuestion : undefined;
  const handed = handedOverOutside(c);
  // A report linked to a major incident is worked through it: its user hears from there, not from whoever takes it.
  const major = c.parentId ? (await ctx.deps.store.getCase(c.parentId))?.number : undefined;
  const told = await previousToTell(ctx, actor, c);
  const { assignee: previous, ...rest } = ctx.leaveAwaitingUser(c);
  const order = readOrder(c);
  const stage = order ? escalatedOrder(c, order) : null;
  const status = stage?.status ?? 'registered';
  const next: Case = {
    ...rest,
    ...(stage?.vendor ? { vendor: stage.vendor } : {}),
    status,
    history: [...c.history, ctx.audit(actor, 'unassign', c.status, status, previous?.name)],
  };
  const thread = ctx.deps.defaultLocale;
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const drafts = [
        ctx.updateCards(s),
        ctx.threadReply(s, 'unassign', threadMessages.unassigned[thread]({ who: ctx.who(actor, s, thread) })),
      ];
      if (told) {
        const l = told.locale;
        const text = staffMessages.unassignedYou[l]({
          number: s.number,
          title: s.title,
          who: ctx.who(actor, s, l),
          group: ctx.group(s.groupId, l),
        });
        drafts.push(ctx.sendPerson(s, 'unassigned', told.person, ctx.message(l, text)));
      }
      if (question) {
        const ul = ctx.userLocale(s);
        const about = {
          number: s.number,
          title: s.title,
          who: ctx.who(question.by, c, ul),
          question: question.text,
          group: ctx.group(s.groupId, ul),
          ...(major ? { major } : {}),
        };
        // Handed over outside AU IT, the other unit still has it: not "back with" the group, which follows it.
        const text = handed?.toGroupId
          ? userMessages.questionWithdrawnHandedOver[ul]({ ...about, to: ctx.group(handed.toGroupId, ul) })
          : userMessages.questionWithdrawn[ul](about);
        drafts.push(ctx.sendPerson(s, 'withdrawn', s.user, ctx.message(ul, text)));
      } else if (!handed?.toGroupId && toTellBesides(actor, s.user) && !samePerson(s.user, told?.person)) {
        const ul = ctx.userLocale(s);
        const text = userMessages.backWithGroup[ul]({
          number: s.number,
          title: s.title,
          group: ctx.group(s.groupId, ul),
          ...(major ? { major } : {}),
        });
        drafts.push(ctx.sendPerson(s, 'back_with_group', s.user, ctx.message(ul, text)));
      }
      return drafts;
    },
  });
};
