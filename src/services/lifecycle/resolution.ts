import { messageParts, partKey } from '../../cards/message-parts.js';
import type { FormView, MessageView } from '../../cards/view-models.js';
import type { AuditEntry, Case, Locale, Person } from '../../models/case.js';
import { namesNobody, toRef, withNewSolution } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { pauseSla, resumeSla } from '../../models/sla.js';
import { checkTransition } from '../../models/status-machine.js';
import { isBackWithOwner, stillWrongInput } from '../case-view.js';
import {
  type FinishedParent,
  finishedParent,
  leaveDrafts,
  recountParent,
  withoutParent,
} from '../major/leave-major.js';
import { majorStaffMessages } from '../major/major-messages.js';
import { samePerson } from '../roles.js';
import type { ActionOutcome, LifecycleContext } from './context.js';
import type { Handler } from './handler.js';
import { listMessages, refusals, staffMessages, threadMessages, userMessages } from './messages.js';
import { ownerCardDrafts } from './owner-card.js';
import { threadParts } from './progress.js';
import { ratingForm } from './rating-form.js';
import { pileArrivalPing } from './register-case.js';
import { readOrder } from '../orders/order.js';
import { escalatedOrder } from '../orders/order-escalation.js';
import { standsInForUser, withNamedUser } from '../registration.js';
import { hasDocumentedSolution, savedArticleId } from './permissions.js';

/**
 * The "Yes, solved" / "No, still a problem" question a user gets with every resolved case (also orders handed out
 * and reports resolved with their major incident), bound to the case version it was sent with: the two buttons and
 * an optional text input "What is still wrong?" that only "No, still a problem" takes (its id is namespaced by that
 * verb, so neither "Yes, solved" nor any other button reads it). The comment reaches the owner group's thread, the
 * people told personally and the case history (`stillAProblem`); left empty it is no comment.
 */
export function solvedQuestionForm(c: Pick<Case, 'id' | 'version'>, locale: Locale): FormView {
  return {
    id: `solved:${c.id}`,
    inputs: [stillWrongInput(locale)],
    submit: [
      {
        action: { verb: 'confirm_solved', caseId: c.id, version: c.version },
        label: listMessages.solved[locale](),
        style: 'positive',
      },
      {
        action: { verb: 'still_a_problem', caseId: c.id, version: c.version },
        label: listMessages.stillAProblem[locale](),
        style: 'destructive',
      },
    ],
  };
}

/**
 * Resolve with a documented solution: the case returns to its owner for the quality check, and the user gets a
 * personal message naming who solved it, with "Yes, solved" / "No, still a problem". Whoever resolves an
 * unassigned case becomes its technician. A case resolved by a desk it was routed to straight away gets its first
 * card in the owner group's channel (`ownerCardDrafts`). Back with its owner from another group (PROCESS.md step
 * 8: "stilles tilbage sagsejeren"), its named case owner is told personally, with the card to close it from; the
 * owner group's channel hears it in the thread of its card, which works again.
 */
export const resolve: Handler<'resolve'> = async (ctx, actor, c, roles, action) => {
  const locale = ctx.localeOf(actor);
  const solution = action.solution.trim();
  if (!solution)
    return ctx.refuse(actor, c, 'CASE.SOLUTION_REQUIRED', refusals.solutionRequired[locale]({ number: c.number }));
  const now = ctx.now();
  const check = checkTransition({
    from: c.status,
    to: 'resolved',
    actorRoles: roles,
    hasSolution: true,
    now,
    reopenWindowDays: ctx.deps.reopenWindowDays,
  });
  if (!check.ok) return ctx.forbidden(actor, c, 'resolve', check.allowedRoles);
  const tellOwner = await backWithOwnerNotice(ctx, actor, c);
  const { closedAt: _closed, ...open } = ctx.leaveAwaitingUser(c);
  const next: Case = {
    ...open,
    status: 'resolved',
    ...withNewSolution(c, { text: solution, by: toRef(actor), at: now }),
    resolvedAt: now,
    // The version this change stores, which the question below carries: an earlier question no longer answers.
    resolvedVersion: c.version + 1,
    // The solution reaches the user personally from the resolver: a case solved straight from the pile has had its
    // first response (else its response target, never met, was breached the moment the user reopened it).
    firstResponseAt: c.firstResponseAt ?? now,
    assignee: c.assignee ?? toRef(actor),
    history: [...c.history, ctx.audit(actor, 'resolve', c.status, 'resolved', solution)],
  };
  const thread = ctx.deps.defaultLocale;
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const who = ctx.who(actor, s, thread);
      return [
        ctx.updateCards(s),
        // Before the thread reply, so that the reply lands under the owner's new card too.
        ...ownerCardDrafts(s),
        // The group reads the whole solution in the thread, a long one in parts as the user gets it.
        ...threadParts(ctx, s, 'resolve', solution, ({ text, ...part }) =>
          threadMessages.resolved[thread]({ who, solution: text, ...part }),
        ),
        ...solvedMessages(ctx, actor, s, solution),
        ...tellOwner(s),
      ];
    },
  });
};

/**
 * The user's "your case is solved" message with the solution, the "Yes, solved" / "No, still a problem" question
 * under it. A solution longer than one message carries whole (up to 20 000 characters) comes in parts, one message
 * after the other (a case's messages keep their order), rather than cut by the platform's limits: the first titled
 * and saying how many follow, the last asking the question with the buttons, where the user has read all of it. The
 * first keeps the key `resolved`, the others are `resolved-2`, `resolved-3` …, so a retried change sends none twice.
 */
function solvedMessages(ctx: LifecycleContext, actor: Person, s: Case, solution: string): OutboxDraft[] {
  const ul = ctx.userLocale(s);
  const who = ctx.who(actor, s, ul);
  const parts = messageParts(solution);
  return parts.map(({ text, ...part }, i) => {
    const said = userMessages.resolved[ul]({ number: s.number, title: s.title, who, solution: text, ...part });
    const ask: MessageView = ctx.message(ul, said, {
      ...(i === 0 ? { title: listMessages.solvedTitle[ul]({ number: s.number }) } : {}),
      ...(i === parts.length - 1 ? { form: solvedQuestionForm(s, ul) } : {}),
    });
    return ctx.sendPerson(s, partKey('resolved', i), s.user, ask);
  });
}

/**
 * The named case owner's personal message when another group resolves the case and it is back with its owner
 * (PROCESS.md step 8: "stilles tilbage sagsejeren"): who resolved it, back with you, with the case card to close
 * it from. Not the user's text, and nothing when the case owner did it themselves or the case has no named case
 * owner. Call it before the change with the case as it was (it looks up the owner's language); the function it
 * returns makes the draft from the case as the change stores it (`resolve`, and an order handed out or rejected).
 */
export async function backWithOwnerNotice(
  ctx: LifecycleContext,
  actor: Person,
  c: Case,
): Promise<(s: Case) => OutboxDraft[]> {
  const owner = c.groupId !== c.ownerGroupId && !samePerson(c.caseOwner, actor) ? c.caseOwner : undefined;
  if (!owner) return () => [];
  const ol = await ctx.personLocale(owner);
  return (s) =>
    isBackWithOwner(s)
      ? [
          ctx.sendPerson(
            s,
            'back_with_owner',
            owner,
            ctx.message(
              ol,
              staffMessages.backWithOwner[ol]({ number: s.number, title: s.title, who: ctx.who(actor, s, ol) }),
              { caseCard: ctx.card(s, owner, ol) },
            ),
          ),
        ]
      : [];
}

/**
 * The SLA clock of a resolved case going back to work (its user reopens it, 1st level returns it to its
 * technician): the time it sat resolved was the user's and 1st level's to check the solution, not the desk's, so
 * the resolution clock goes on from where it stood at the resolution (without this a case returned a week later
 * was overdue at once). A report leaving its major incident (`withoutParent`) skips the whole linked period
 * instead, which covers that time.
 */
export function slaBackFromResolved(ctx: LifecycleContext, c: Case): Case['sla'] {
  if (!c.resolvedAt) return c.sla;
  const def = ctx.deps.catalogue.priorityLevel(c.priority);
  return resumeSla(pauseSla(c.sla, c.resolvedAt), ctx.now(), ctx.deps.calendar, def.aroundTheClock);
}

/**
 * A resolved or closed case going back to work (its user says it is still a problem, 1st level returns it to its
 * technician) withdraws the known solution saved from its solution: it did not work, so users reporting the same
 * problem are no longer offered it. `history` goes into the change (`article_withdrawn`, with the article id);
 * `run` deletes the article once the change is stored. Its failure is logged, not thrown: the case did go back to
 * work, and the case's next saved solution overwrites the article anyway.
 */
export function articleWithdrawal(
  ctx: LifecycleContext,
  actor: Person,
  c: Case,
): { history: AuditEntry[]; run: () => Promise<void> } {
  const id = savedArticleId(c);
  if (id === undefined) return { history: [], run: async () => {} };
  return {
    history: [ctx.audit(actor, 'article_withdrawn', undefined, undefined, id)],
    run: async () => {
      try {
        await ctx.deps.store.deleteArticle(id);
      } catch (err) {
        ctx.deps.logger?.error(
          { err, caseId: c.id, articleId: id },
          'could not withdraw the known solution of a reopened case',
        );
      }
    },
  };
}

/**
 * What a change sending a case back to work (`returnToTechnicianChange`, `stillAProblem`) leaves for after it is
 * stored: its known solution withdrawn (`articleWithdrawal`) and the linked count of a major incident it left
 * (`finishedParent`) recounted. Nothing when the change was refused. Returns the outcome.
 */
export async function afterBackToWork(
  ctx: LifecycleContext,
  outcome: ActionOutcome,
  withdrawal: { run: () => Promise<void> },
  left: FinishedParent | null,
): Promise<ActionOutcome> {
  if (!outcome.ok) return outcome;
  await withdrawal.run();
  if (left) await recountParent(ctx, left);
  return outcome;
}

/**
 * Where a resolved case going back to work lands (its user says it is still a problem, 1st level returns it): with
 * the person who has it, In progress; with nobody (a quick case, a rejected order, a report resolved with its major
 * incident), in its group's pile as Registered, as after Unassign (work is never under way with nobody named), to
 * be claimed from there. An equipment order its vendor still has (ordered, not received: `escalatedOrder`) is
 * Awaiting vendor again, with whoever has it or in the pile, its vendor on the case: it takes the status its order
 * gives it, as when it is escalated or unassigned, not In progress or Registered.
 */
export function backToWork(c: Pick<Case, 'assignee' | 'answers' | 'vendor'>): {
  status: 'in_progress' | 'registered' | 'awaiting_vendor';
  vendor?: NonNullable<Case['vendor']>;
} {
  const order = readOrder(c);
  const stage = order ? escalatedOrder(c, order) : null;
  if (stage?.status === 'awaiting_vendor')
    return { status: 'awaiting_vendor', ...(stage.vendor ? { vendor: stage.vendor } : {}) };
  return { status: c.assignee ? 'in_progress' : 'registered' };
}

/**
 * The team lead's ping (PROCESS.md step 4) for a case going back to work (its user says it is still a problem, 1st
 * level returns it): an urgent case nobody has lands in its group's pile, and is pinged as an urgent case arriving
 * there at registration or by escalation is (a quick case never was: it was registered solved). One someone has
 * stays theirs: no ping. Call it before the change with the case as the change makes it (`next`); the function it
 * returns makes the draft from the case as stored.
 */
export function backInPilePing(
  ctx: LifecycleContext,
  actor: Person,
  next: Case,
  returned: boolean,
): Promise<(s: Case) => OutboxDraft[]> {
  return pileArrivalPing(ctx.deps, actor, next, (s) => ({ backBy: (l) => ctx.who(actor, s, l), returned }));
}

/**
 * Back to In progress with the reason (to the pile as Registered when nobody has it; an order its vendor has, to
 * Awaiting vendor: `backToWork`); the technician (assignee) is told personally, the thread too (for a report still
 * linked to its open major incident without a card of its own, the major incident's thread). A report whose major incident is over leaves it
 * (`finishedParent`), as when its user says it is still a problem: its own card, ladder and digest line again; pass
 * the outcome to `afterBackToWork` once committed.
 */
async function returnToTechnicianChange(ctx: LifecycleContext, actor: Person, c: Case, reason: string, tl: Locale) {
  const left = await finishedParent(ctx, c);
  const withdrawal = articleWithdrawal(ctx, actor, c);
  const { resolvedAt: _was, ...rest } = c;
  const { status, vendor } = backToWork(c);
  const returned: Case = {
    ...rest,
    ...(vendor ? { vendor } : {}),
    sla: slaBackFromResolved(ctx, c),
    status,
    // Not solved on the spot after all: an ordinary case from now on (as on a reopen).
    quick: false,
    history: [...c.history, ctx.audit(actor, 'return_to_technician', c.status, status, reason), ...withdrawal.history],
  };
  // A quick case that names nobody: the staff member who registered it hears what would go to the user.
  const next = withNamedUser(left ? withoutParent(ctx, actor, c, returned, left.number) : returned, actor, ctx.now());
  const thread = ctx.deps.defaultLocale;
  const technician = c.assignee;
  const urgent = await backInPilePing(ctx, actor, next, true);
  return {
    left,
    withdrawal,
    next,
    drafts: (s: Case): OutboxDraft[] => {
      const said = threadMessages.returned[thread]({
        who: ctx.who(actor, s, thread),
        to: technician?.name ?? ctx.group(s.groupId, thread),
        reason,
      });
      const drafts = left
        ? leaveDrafts(
            ctx,
            s,
            left,
            'return',
            said,
            majorStaffMessages.returnedAfterParent[thread]({
              number: left.number,
              child: s.number,
              who: ctx.who(actor, s, thread),
              group: ctx.group(s.groupId, thread),
            }),
          )
        : // A report still linked to its open major incident has no card of its own: the major incident's thread.
          [ctx.cardsBackToWork(c, s), ctx.threadReply(s, 'return', said)];
      if (technician) {
        const text = staffMessages.returned[tl]({
          number: s.number,
          title: s.title,
          who: ctx.who(actor, s, tl),
          reason,
        });
        drafts.push(
          ctx.sendPerson(s, 'returned', technician, ctx.message(tl, text, { caseCard: ctx.card(s, technician, tl) })),
        );
      }
      drafts.push(...urgent(s));
      return drafts;
    },
  };
}

/**
 * 1st-level quality check and close. Without a documented solution the case is not closed but returned to the
 * technician with the reason; otherwise closed, and the user is told and invited to rate it 1-5 with a comment
 * (not a placeholder user, `namesNobody`).
 */
export const close: Handler<'close'> = async (ctx, actor, c, roles): Promise<ActionOutcome> => {
  const locale = ctx.localeOf(actor);
  const now = ctx.now();
  const check = checkTransition({
    from: c.status,
    to: 'closed',
    actorRoles: roles,
    hasSolution: hasDocumentedSolution(c),
    now,
    reopenWindowDays: ctx.deps.reopenWindowDays,
  });
  if (!check.ok && check.code === 'CASE.SOLUTION_REQUIRED') {
    const tl = await ctx.personLocale(c.assignee);
    const { left, withdrawal, ...change } = await returnToTechnicianChange(
      ctx,
      actor,
      c,
      staffMessages.noSolution[tl](),
      tl,
    );
    const name = c.assignee?.name ?? ctx.group(c.groupId, locale);
    const outcome = await ctx.commit(actor, c, {
      ...change,
      reply: (s) => ctx.message(locale, staffMessages.closedReturned[locale]({ number: s.number, name })),
    });
    return afterBackToWork(ctx, outcome, withdrawal, left);
  }
  if (!check.ok) return ctx.forbidden(actor, c, 'close', check.allowedRoles);
  const next: Case = {
    ...c,
    status: 'closed',
    closedAt: now,
    // The version this change stores, which the invitation to rate carries: an earlier invitation no longer rates.
    closedVersion: c.version + 1,
    history: [...c.history, ctx.audit(actor, 'close', c.status, 'closed')],
  };
  const thread = ctx.deps.defaultLocale;
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const ul = ctx.userLocale(s);
      const said = { number: s.number, title: s.title, who: ctx.who(actor, s, ul) };
      // A staff member standing in for a student nobody named is told, not asked to rate their desk's case.
      const invite: MessageView = standsInForUser(s)
        ? ctx.message(ul, userMessages.closedInStudentsPlace[ul](said))
        : ctx.message(ul, userMessages.closed[ul](said), {
            title: listMessages.closedTitle[ul]({ number: s.number }),
            form: ratingForm(s, ul),
          });
      return [
        ctx.updateCards(s),
        ctx.threadReply(s, 'close', threadMessages.closed[thread]({ who: ctx.who(actor, s, thread) })),
        // A quick case that names nobody (`ANONYMOUS_QUICK`), or whose user was erased: nobody to tell or ask.
        ...(namesNobody(s.user) ? [] : [ctx.sendPerson(s, 'closed', s.user, invite)]),
      ];
    },
  });
};

/** 1st level sends a resolved case back to its technician with a reason (the quality check failed). */
export const returnToTechnician: Handler<'return_to_technician'> = async (ctx, actor, c, _roles, action) => {
  const tl = await ctx.personLocale(c.assignee);
  const { left, withdrawal, ...change } = await returnToTechnicianChange(ctx, actor, c, action.reason, tl);
  return afterBackToWork(ctx, await ctx.commit(actor, c, change), withdrawal, left);
};

/**
 * Turns the documented solution into a knowledge article (one per case: its id is derived from the case number,
 * so saving again overwrites rather than duplicates), and notes it on the case. Once per resolution
 * (`articleSaved`): a case going back to work withdraws its article (`articleWithdrawal`), and its next solution
 * may be saved.
 *
 * The case's versioned write (`article_saved`) comes first, the article after it, so no article is ever offered
 * without the history a reopen withdraws it by: a save that conflicts writes none. A reopen stored between the
 * two writes found no article to delete, so the case is read again after the article's write and, when its
 * `article_saved` is no longer the latest (withdrawn meanwhile), the article is deleted again and the save answers
 * as a conflict. A crash between the two writes leaves `article_saved` without an article: nothing is offered
 * (the safe side), and the case's next resolution may be saved as usual. The article carries the case version of
 * its `article_saved` (`sourceVersion`): a save whose article write lands after a later save's (reopened, resolved
 * and saved again meanwhile) is refused by the store, and its clean-up deletes no later save's article.
 */
export const saveArticle: Handler<'save_article'> = async (ctx, actor, c) => {
  const locale = ctx.localeOf(actor);
  const solution = c.solution;
  if (!solution)
    return ctx.refuse(actor, c, 'CASE.SOLUTION_REQUIRED', refusals.solutionRequired[locale]({ number: c.number }));
  const store = ctx.deps.store;
  const id = `case-${c.number.toLowerCase()}`;
  const next: Case = {
    ...c,
    history: [...c.history, ctx.audit(actor, 'article_saved', undefined, undefined, id)],
  };
  const thread = ctx.deps.defaultLocale;
  const outcome = await ctx.commit(actor, c, {
    next,
    drafts: (s) => [
      ctx.updateCards(s),
      ctx.threadReply(s, 'article', threadMessages.articleSaved[thread]({ who: ctx.who(actor, s, thread) })),
    ],
    reply: (s) => ctx.message(locale, staffMessages.articleSaved[locale]({ number: s.number, title: s.title })),
  });
  if (!outcome.ok) return outcome;
  const category = ctx.deps.catalogue.category(c.categoryId);
  // Written only over none or an article of an earlier version of the case: a later save (reopened, resolved and
  // saved again) whose article landed first keeps it.
  const version = { sourceVersion: outcome.case.version };
  const written = await store.saveArticle(
    {
      id,
      title: c.title,
      body: solution.text,
      keywords: category?.keywords[c.locale] ?? [],
      categoryId: c.categoryId,
      locale: c.locale,
      sourceCase: c.number,
      createdBy: toRef(actor),
    },
    version,
  );
  const fresh = await store.getCase(c.id);
  const latest = fresh?.history.findLastIndex((h) => h.action === 'article_saved' || h.action === 'article_withdrawn');
  if (!fresh) return outcome;
  // Still ours (the entry this save appended is the case's latest article entry): the article stands. An erase or
  // retention that rewrote the case meanwhile may have read the articles before this one landed: the article is
  // written again from the case as it left it, unless it changed since (the erase rewrote it, a reopen withdrew it).
  if (latest === c.history.length) {
    const scrubbed = fresh.history
      .slice(latest + 1)
      .some((h) => h.action === 'privacy_erase' || h.action === 'privacy_anonymise');
    if (written && scrubbed && fresh.solution) {
      const { createdBy, ...rest } = written;
      const by = fresh.history[latest]?.actor.id === actor.id ? { createdBy } : {};
      await store.saveArticle(
        { ...rest, ...by, title: fresh.title, body: fresh.solution.text },
        { revision: written.revision ?? null },
      );
    }
    return outcome;
  }
  // Saved again since (reopened, resolved and saved once more): that save writes the article of its solution.
  if (savedArticleId(fresh) === id) return outcome;
  await store.deleteArticle(id, version);
  return ctx.conflict(actor, fresh);
};
