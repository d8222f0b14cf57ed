import { randomUUID } from 'node:crypto';
import type { Case, Note, Person, PersonRef } from '../../models/case.js';
import { namesNobody, toRef } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { checkTransition } from '../../models/status-machine.js';
import { finishedParent, leaveDrafts, withoutParent } from '../major/leave-major.js';
import { majorStaffMessages } from '../major/major-messages.js';
import { draft } from '../outbox/deliveries.js';
import { withNamedUser } from '../registration.js';
import { type Lead, leadAbove } from '../lead-above.js';
import { samePerson } from '../roles.js';
import { autoCloseAt, userConfirmedAt } from '../sla/ladder.js';
import type { LifecycleContext } from './context.js';
import { type Handler, personByEmail } from './handler.js';
import { EXTERNAL_PREFIX } from './labels.js';
import { refusals, staffMessages, threadMessages, userMessages } from './messages.js';
import { hasDocumentedSolution } from './permissions.js';
import { afterBackToWork, articleWithdrawal, backInPilePing, backToWork, slaBackFromResolved } from './resolution.js';

/**
 * The user confirms the solution; the case stays resolved for the 1st-level quality check and close. A case nobody
 * checks (`checkedBeforeClose`: a quick case, a report resolved with its major incident) is closed by the ladder at
 * the next sweep instead (`autoCloseAt`): the user and the thread are told that, not that support checks it. Once
 * per resolution (`userConfirmedAt`): confirmed already, the clicker is told so (who did, when it was the other of
 * user and reporter) and nothing changes.
 */
export const confirmSolved: Handler<'confirm_solved'> = async (ctx, actor, c) => {
  // Once per resolution: a second click (the message keeps its buttons, so does the case card) changes nothing.
  // The user or the reporter may answer: whoever confirmed is named to the other, not told it was them.
  const confirmedAt = userConfirmedAt(c);
  if (confirmedAt !== undefined) {
    const by = c.history.findLast((h) => h.action === 'user_confirmed' && h.at === confirmedAt)?.actor;
    const l = ctx.localeOf(actor);
    const text =
      !by || samePerson(by, actor)
        ? refusals.alreadyConfirmed[l]({ number: c.number })
        : refusals.alreadyConfirmedBy[l]({ number: c.number, ...(namesNobody(by) ? {} : { name: by.name }) });
    // Final: this resolution's question is answered; the same click is refused so for good.
    return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', text, { final: true });
  }
  const locale = ctx.userLocale(c);
  const next: Case = { ...c, history: [...c.history, ctx.audit(actor, 'user_confirmed')] };
  const thread = ctx.deps.defaultLocale;
  const closesNow = autoCloseAt(next, ctx.deps) !== undefined;
  const [toUser, inThread] = closesNow
    ? [userMessages.confirmedClosesNow, threadMessages.confirmedClosesNow]
    : [userMessages.confirmed, threadMessages.confirmed];
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => [ctx.updateCards(s), ctx.threadReply(s, 'confirmed', inThread[thread]({ user: actor.name }))],
    reply: (s) => ctx.message(locale, toUser[locale]({ number: s.number })),
  });
};

/**
 * "No, still a problem": within the reopen window the case goes back to In progress (to the group's pile as
 * Registered when nobody has it; an equipment order its vendor still has, Awaiting vendor: `backToWork`; urgent, its
 * supervisor is pinged), the reopen count goes up, and the assignee and the case owner are told personally (the
 * group in the thread). 1st level owns the case
 * (PROCESS.md, principle 4): without a named case owner, the owner group's channel is told when the case is with
 * another group (its card there is the moved card again, and no thread reply reaches it). A rating of the closed case
 * is set aside (`evaluation_set_aside` in the history, with score and comment): the next close invites a rating
 * of the new resolution, which `evaluate` takes. A known solution saved from the case is withdrawn
 * (`articleWithdrawal`): it did not work. After the window the user is asked to report a new case.
 *
 * A report linked to a major incident that is still open stays linked (the major incident's thread hears it). One
 * whose major incident is over (resolved, closed, gone) leaves it: the major incident is over, this user's problem
 * is not (`finishedParent`): as an unlink, `parentId` goes, its group's channel gets its card, its own ladder
 * applies again (the linked period not counted), the major incident's thread hears it and the parent's linked
 * count is recounted — as when 1st level returns it to its technician.
 */
export const stillAProblem: Handler<'still_a_problem'> = async (ctx, actor, c, roles, action) => {
  const locale = ctx.userLocale(c);
  const now = ctx.now();
  const check = checkTransition({
    from: c.status,
    to: 'in_progress',
    actorRoles: roles,
    hasSolution: hasDocumentedSolution(c),
    resolvedAt: c.resolvedAt,
    now,
    reopenWindowDays: ctx.deps.reopenWindowDays,
  });
  if (!check.ok && check.code === 'CASE.REOPEN_WINDOW_PASSED') {
    const text = refusals.reopenWindowPassed[locale]({ number: c.number, days: ctx.deps.reopenWindowDays });
    return ctx.refuse(actor, c, check.code, text, { final: true });
  }
  if (!check.ok) return ctx.forbidden(actor, c, 'still_a_problem', check.allowedRoles);
  const left = await finishedParent(ctx, c);
  const comment = action.comment;
  const notes: Note[] = comment
    ? [
        { id: randomUUID(), at: now, author: toRef(actor), text: comment, visibility: 'public', fromUser: true },
        ...c.notes,
      ]
    : c.notes;
  // A rating given to the solution that did not work is set aside (kept in the history, score and comment), so the
  // user may rate the new resolution when the case is closed again.
  const withdrawal = articleWithdrawal(ctx, actor, c);
  const { closedAt: _c, resolvedAt: _r, evaluation: rated, ...rest } = c;
  // With nobody on it, to the group's pile as Registered; an order its vendor has, Awaiting vendor (`backToWork`).
  const { status, vendor } = backToWork(c);
  const reopened: Case = {
    ...rest,
    ...(vendor ? { vendor } : {}),
    sla: slaBackFromResolved(ctx, c),
    status,
    // A quick case that came back was not solved on the spot: an ordinary case from now on (its card, the digest's
    // "Ready to close", the auto-close notice, the report figures).
    quick: false,
    reopenCount: c.reopenCount + 1,
    notes,
    history: [
      ...c.history,
      ctx.audit(actor, 'reopen', c.status, status, comment),
      ...(rated ? [ctx.audit(actor, 'evaluation_set_aside', `${rated.score}/5`, undefined, rated.comment)] : []),
      ...withdrawal.history,
    ],
  };
  // A quick case that names nobody: the staff member who registered it hears what would go to the user.
  const next = withNamedUser(left ? withoutParent(ctx, actor, c, reopened, left.number) : reopened, actor, ctx.now());
  const thread = ctx.deps.defaultLocale;
  const told: PersonRef[] = [];
  if (c.assignee) told.push(c.assignee);
  if (c.caseOwner && !told.some((p) => samePerson(p, c.caseOwner))) told.push(c.caseOwner);
  const locales = await Promise.all(told.map((p) => ctx.personLocale(p)));
  const said = threadMessages.reopened[thread]({ user: actor.name, ...(comment ? { comment } : {}) });
  const urgent = await backInPilePing(ctx, actor, next, false);
  const outcome = await ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const drafts: OutboxDraft[] = left
        ? leaveDrafts(
            ctx,
            s,
            left,
            'reopen',
            said,
            majorStaffMessages.reopenedAfterParent[thread]({
              number: left.number,
              child: s.number,
              user: actor.name,
              group: ctx.group(s.groupId, thread),
            }),
          )
        : [ctx.cardsBackToWork(c, s), ctx.threadReply(s, 'reopen', said)];
      if (!c.caseOwner && s.groupId !== s.ownerGroupId && !s.groupId.startsWith(EXTERNAL_PREFIX)) {
        const text = staffMessages.reopenedToOwnerGroup[thread]({
          number: s.number,
          title: s.title,
          user: actor.name,
          count: s.reopenCount,
          ...reopenedStatus(s),
          group: ctx.group(s.groupId, thread),
          ...(s.assignee ? { name: s.assignee.name } : {}),
          ...(comment ? { comment } : {}),
        });
        drafts.push(
          draft(
            `${s.id}:v${s.version}:reopen:owner-group:${s.ownerGroupId}`,
            { kind: 'post_group_message', groupId: s.ownerGroupId, view: ctx.message(thread, text) },
            { caseId: s.id },
          ),
        );
      }
      for (const [i, person] of told.entries()) {
        const pl = locales[i] ?? ctx.deps.defaultLocale;
        const text = staffMessages.reopenedToStaff[pl]({
          number: s.number,
          title: s.title,
          user: actor.name,
          count: s.reopenCount,
          ...reopenedStatus(s),
          ...(comment ? { comment } : {}),
        });
        drafts.push(
          ctx.sendPerson(s, 'reopened', person, ctx.message(pl, text, { caseCard: ctx.card(s, person, pl) })),
        );
      }
      drafts.push(...urgent(s));
      return drafts;
    },
    reply: (s) =>
      ctx.message(
        locale,
        userMessages.reopened[locale]({ number: s.number, name: told[0]?.name ?? ctx.group(s.groupId, locale) }),
      ),
  });
  return afterBackToWork(ctx, outcome, withdrawal, left);
};

/**
 * What staff told of a reopen read about where the case stands (`staffMessages.reopenedToStaff`): in the pile with
 * nobody on it, and, for an equipment order back at Awaiting vendor, its vendor (with the reference).
 */
function reopenedStatus(s: Case): { pile: boolean; vendor?: string } {
  if (s.status !== 'awaiting_vendor') return { pile: !s.assignee };
  const v = s.vendor;
  return { pile: !s.assignee, vendor: v?.reference ? `${v.name} (${v.reference})` : (v?.name ?? '') };
}

/** Ratings at or below this are a dissatisfied user: the owning group's supervisor hears of them. */
const LOW_RATING = 2;

/**
 * The user's rating (1-5 and a comment) of a closed case; once per resolution (a reopen sets the rating aside). A
 * low rating (`LOW_RATING`) may be a complaint (PROCESS.md: complaints go to the manager): the owning group's
 * supervisor is told personally, with the comment and the case card. A complaint about a case she worked herself
 * goes above her, to her manager, as a breach of its agreement does (`leadAbove`); with nobody known above her, to
 * her. Never to the user who rated: a supervisor's low rating of her own case pings nobody.
 */
export const evaluate: Handler<'evaluate'> = async (ctx, actor, c, _roles, action) => {
  const locale = ctx.userLocale(c);
  const score = action.score as 1 | 2 | 3 | 4 | 5;
  const comment = action.comment;
  const owner = ctx.deps.catalogue.group(c.ownerGroupId) ?? ctx.deps.catalogue.group(c.groupId);
  const supervisor =
    score <= LOW_RATING && owner ? await personByEmail(ctx, owner.supervisor.email, owner.supervisor.name) : undefined;
  const lead = supervisor ? await leadAbove(ctx.deps.directory, supervisor, c.assignee) : undefined;
  // A supervisor rating her own case low is not told of her own rating (the thread still hears it).
  const told = lead && !samePerson(lead.lead, actor) ? lead : undefined;
  const next: Case = {
    ...c,
    evaluation: { score, ...(comment ? { comment } : {}), at: ctx.now() },
    history: [...c.history, ctx.audit(actor, 'evaluate', undefined, undefined, String(score))],
  };
  const thread = ctx.deps.defaultLocale;
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => [
      ctx.updateCards(s),
      ctx.threadReply(
        s,
        'evaluate',
        threadMessages.evaluated[thread]({ user: actor.name, score, ...(comment ? { comment } : {}) }),
      ),
      ...(told && supervisor && owner
        ? [lowRatingPing(ctx, s, told, { supervisor, groupId: owner.id }, actor.name, score, comment)]
        : []),
    ],
    reply: (s) => ctx.message(locale, userMessages.evaluated[locale]({ number: s.number, score })),
  });
};

/**
 * The low rating to the lead: the supervisor, or her manager when she worked the case herself (then naming her, and
 * with the case card only when the manager may see the case: one from the managers file may not).
 */
function lowRatingPing(
  ctx: LifecycleContext,
  c: Case,
  { lead, managed }: Lead,
  above: { supervisor: Person; groupId: string },
  user: string,
  score: number,
  comment: string | undefined,
): OutboxDraft {
  const sl = ctx.localeOf(lead);
  const rated = { name: lead.name, user, number: c.number, title: c.title, score, ...(comment ? { comment } : {}) };
  const text = managed
    ? staffMessages.lowRatingAboveSupervisor[sl]({
        ...rated,
        supervisor: above.supervisor.name,
        group: ctx.group(above.groupId, sl),
      })
    : staffMessages.lowRating[sl](rated);
  const caseCard = ctx.cardIfSeen(c, lead, sl);
  return ctx.sendPerson(
    c,
    'low_rating',
    lead,
    ctx.message(sl, text, { mention: { id: lead.id, name: lead.name }, ...(caseCard ? { caseCard } : {}) }),
  );
}
