import { type CardAction, type CardActionOf, type CaseForm, isMajorForm } from '../../cards/card-actions.js';
import { FORM_OF_OPEN_FORM, type FormVerb } from '../../cards/case-forms.js';
import type { CaseCardView, MessageView } from '../../cards/view-models.js';
import type { AttachmentRef, Case, Person } from '../../models/case.js';
import { isOpen, isRejectedOrder, namesNobody } from '../../models/case.js';
import type { Role } from '../../models/status-machine.js';
import { MANAGER_TARGET, nobodyAboveViewer } from '../case-view.js';
import {
  afterMajorChange,
  declareMajor,
  linkMajor,
  majorStateRefusal,
  majorUpdate,
  unlinkMajor,
} from '../major/major-handlers.js';
import { withMajorFollowUp } from '../major/major-follow-up.js';
import { presentMajorForm } from '../major/major-forms.js';
import { onlyRecountedSince } from '../major/major-links.js';
import { ANONYMOUS_QUICK, standsInForUser } from '../registration.js';
import { isStaff, rolesFor } from '../roles.js';
import { withTimerStamps } from '../sla/timed-store.js';
import { acknowledgeEscalation, escalateGroup, escalateManager } from './escalation.js';
import { alreadyClaimed, assign, claim, unassign } from './assignment.js';
import { presentCaseForm } from './case-forms.js';
import { classify } from './classify.js';
import { type ActionOutcome, LifecycleContext, type LifecycleDeps, lostRace } from './context.js';
import type { Handler } from './handler.js';
import { statusLabel } from './labels.js';
import { refusals, staffMessages, verbPhrase } from './messages.js';
import { AVAILABLE, type CaseVerb, isCaseVerb, mayDo, withAcknowledgeRight } from './permissions.js';
import { note, setStatus, userComment, userReply } from './progress.js';
import {
  type CaseSearchTerms,
  type LookupOptions,
  lookup,
  mine,
  parentOf,
  queue,
  search,
  similar,
  similarTo,
} from './queries.js';
import { receiptDraft } from './register-case.js';
import { close, resolve, returnToTechnician, saveArticle } from './resolution.js';
import { confirmSolved, evaluate, stillAProblem } from './user-answers.js';

export type { ActionOutcome, LifecycleDeps } from './context.js';

type ActingVerb = Exclude<CaseVerb, 'open_form' | 'refresh' | 'similar'>;

/** Every case verb has its operation; a verb without one does not compile. */
const HANDLERS: { [V in ActingVerb]: Handler<V> } = {
  claim,
  assign,
  unassign,
  set_status: setStatus,
  classify,
  note,
  escalate_group: escalateGroup,
  escalate_manager: escalateManager,
  acknowledge_escalation: acknowledgeEscalation,
  resolve,
  close,
  return_to_technician: returnToTechnician,
  save_article: saveArticle,
  confirm_solved: confirmSolved,
  still_a_problem: stillAProblem,
  evaluate,
  declare_major: declareMajor,
  link_major: linkMajor,
  unlink_major: unlinkMajor,
  major_update: majorUpdate,
};

/**
 * The user's own answers stay valid while the case is in a state they apply to, whatever changed meanwhile
 * (a note by staff must not void "Yes, solved"); their guards decide instead of the version. So does an
 * acknowledgement: taking note of an escalation does not depend on the work done since the ping, and it is refused
 * when none waits for the clicker any more.
 */
const VERSION_FREE: readonly CaseVerb[] = [
  'confirm_solved',
  'still_a_problem',
  'evaluate',
  'refresh',
  'similar',
  'acknowledge_escalation',
];

/** The user's answers to a message's own question ("Yes, solved", "No, still a problem", the rating). */
const USER_ANSWERS: ReadonlySet<string> = new Set(['confirm_solved', 'still_a_problem', 'evaluate']);

/**
 * A refusal of a user's answer that no later click gets past (`ActionOutcome.final`): the question it answers is
 * over — an earlier resolution's or close's, rated already, the case gone past it, an order not approved
 * (confirmed already and the reopen window passed are decided in user-answers).
 */
const FINAL = { final: true } as const;

/**
 * How many times a version-free click is applied when another write to the case lands between its read and its
 * write each time (a double click, a staff member's note at the same moment): read again and applied to the case as
 * it is now, its own checks (confirmed already, rated already, resolved again since) give the answer.
 */
const VERSION_FREE_ATTEMPTS = 3;

/**
 * The case lifecycle (issue 3) behind every channel card, personal message and command. Channel-agnostic: it
 * takes the acting person and a parsed `CardAction`, checks role, version and state, stores the change with its
 * outbox messages in one store operation, and returns the fresh card plus a message for the actor.
 */
export class CaseService {
  private readonly ctx: LifecycleContext;

  constructor(deps: LifecycleDeps) {
    // Every case this service writes carries its next SLA timer (issue 7): the store stamps `nextTimerAt`.
    this.ctx = new LifecycleContext({ ...deps, store: withTimerStamps(deps.store, deps) });
  }

  /**
   * Runs a card action for `actor`. Refusals (role, state, stale version, claimed already) change nothing and
   * come back as `ok: false` with a friendly reply in the actor's language, and the fresh card when the actor may
   * see the case (`LifecycleContext.refuse`). The card of a report linked to a major incident names the major
   * incident's number and status (one read of it, for such a report only).
   */
  async act(actor: Person, action: CardAction): Promise<ActionOutcome> {
    let out = await this.actOn(actor, action);
    if (!VERSION_FREE.includes(action.verb as CaseVerb)) return this.withParent(actor, out);
    // A version-free click checks no version, so a write that landed between its read and its write is no reason to
    // refuse it ("changed meanwhile by" the user herself, after a double click): it is applied again to the case as
    // it is now, whose state decides (`VERSION_FREE_ATTEMPTS`).
    for (let attempt = 1; attempt < VERSION_FREE_ATTEMPTS && lostRace(out); attempt++) {
      out = await this.actOn(actor, action);
    }
    return this.withParent(actor, lostRace(out) ? this.stillRaced(actor, out) : out);
  }

  /** A version-free click that lost every race: nothing changed, please click again; nobody is named. */
  private stillRaced(actor: Person, out: ActionOutcome): ActionOutcome {
    if (out.ok || !out.case) return out;
    const locale = this.ctx.localeOf(actor);
    const text = refusals.answerRaced[locale]({ number: out.case.number });
    return {
      ...out,
      reply: this.ctx.message(locale, text),
      ...(out.card ? { card: { ...out.card, notice: text } } : {}),
    };
  }

  /** The outcome with its card's facts rendered with the major incident its case is linked to, if any. */
  private async withParent(actor: Person, out: ActionOutcome): Promise<ActionOutcome> {
    const c = out.case;
    if (!c?.parentId || !out.card || out.card.caseId !== c.id || out.card.version !== c.version) return out;
    const parent = await parentOf(this.ctx, c);
    if (!parent) return out;
    const facts = this.ctx.card(c, actor, out.card.locale, parent).facts;
    return { ...out, card: { ...out.card, facts } };
  }

  private async actOn(actor: Person, action: CardAction): Promise<ActionOutcome> {
    const ctx = this.ctx;
    const locale = ctx.localeOf(actor);
    if (!isCaseVerb(action.verb) || !('caseId' in action)) {
      return { ok: false, code: 'INPUT.INVALID', reply: ctx.message(locale, refusals.notACaseAction[locale]()) };
    }
    const c = await ctx.deps.store.getCase(action.caseId);
    if (!c) {
      return {
        ok: false,
        code: 'CASE.NOT_FOUND',
        reply: ctx.message(
          locale,
          refusals.clickedCaseGone[locale]({
            ref: action.caseId.slice(0, 40),
            staff: isStaff(actor, ctx.deps.catalogue),
          }),
        ),
      };
    }
    // Her card (and her escalation form) offers the escalation to the manager exactly when it would reach someone.
    await ctx.askAbove(c, actor);
    const roles = this.rolesOn(actor, c, action.verb);
    // A major incident whose linked reports were only recounted since the card was rendered has not changed for
    // its actor: the action goes ahead at the current version.
    const recounted = action.version !== undefined && onlyRecountedSince(c, action.version);
    const typed = (recounted ? { ...action, version: c.version } : action) as CardActionOf<CaseVerb>;

    if (typed.verb === 'refresh') {
      if (!ctx.maySee(c, actor)) return ctx.forbidden(actor, c, 'refresh');
      return { ok: true, case: c, card: ctx.card(c, actor, locale) };
    }
    if (typed.verb === 'similar') {
      const refused = this.guard(actor, c, roles, 'similar', c.version);
      if (refused) return refused;
      return { ok: true, case: c, card: ctx.card(c, actor, locale), aside: await similarTo(ctx, c, locale) };
    }
    if (typed.verb === 'open_form') {
      const verb = isMajorForm(typed.form) ? typed.form : this.formVerb(c, roles, typed.form);
      const refused = this.guard(actor, c, roles, verb, typed.version);
      if (refused) return await this.stateReason(refused, actor, c, verb);
      const form = isMajorForm(typed.form)
        ? presentMajorForm(c, typed.form, locale)
        : presentCaseForm(c, typed.form, ctx.deps.catalogue, locale, nobodyAboveViewer(c, actor, ctx.viewDeps(locale)));
      const reply = ctx.message(locale, staffMessages.formFor[locale]({ number: c.number }), { form });
      return { ok: true, case: c, card: ctx.card(c, actor, locale), reply };
    }
    let acting = typed as CardActionOf<ActingVerb>;
    if (acting.verb === 'escalate_group' && acting.groupId === MANAGER_TARGET) {
      acting = {
        verb: 'escalate_manager',
        caseId: acting.caseId,
        version: acting.version,
        reasonCode: 'other',
        reason: acting.reason,
      };
    }
    // Who has an open case, before the version; a resolved or closed one cannot be claimed at all (`guard`).
    if (acting.verb === 'claim' && c.assignee && !namesNobody(c.assignee) && isOpen(c.status) && mayDo('claim', roles))
      return alreadyClaimed(ctx, actor, c, c.assignee);
    const refused = this.guard(actor, c, roles, acting.verb, acting.version);
    if (refused) {
      const parentNumber = acting.verb === 'link_major' ? acting.parentNumber : undefined;
      return await this.stateReason(refused, actor, c, acting.verb, parentNumber);
    }
    const handler = HANDLERS[acting.verb] as Handler<ActingVerb>;
    // A parent's write also carries the durable follow-up of its fan-out (issue 9: nothing lost in a crash).
    const outcome = await handler(c.major ? withMajorFollowUp(ctx, actor, c) : ctx, actor, c, roles, acting);
    // Major incidents (issue 9): changes to a parent reach every linked user.
    return c.major ? afterMajorChange(ctx, actor, c, outcome) : outcome;
  }

  /**
   * A user's chat message while a case of theirs awaits them; null when none does (then it is a new intake).
   * With `askedAfter`, only a question asked after that time takes it; `unstored` names files the store could not
   * keep (see `userReply`).
   */
  userReply(
    person: Person,
    text: string,
    askedAfter?: string,
    files?: readonly AttachmentRef[],
    unstored?: readonly string[],
  ): Promise<MessageView | null> {
    return userReply(this.ctx, person, text, askedAfter, files, unstored);
  }

  /**
   * A user's `add <number> <text>` (with any files sent with it; `unstored` names those the store could not keep):
   * see `userComment`.
   */
  userComment(
    person: Person,
    numberOrId: string,
    text: string,
    files?: readonly AttachmentRef[],
    unstored?: readonly string[],
  ): Promise<MessageView> {
    return userComment(this.ctx, person, numberOrId, text, files, unstored);
  }

  /**
   * Sends the user the receipt of a case they registered in a chat whose registered view could not be shown (the
   * platform refused the reply past its retries): through the outbox, so it is retried until it arrives. Sent once
   * per case, and not when registration sent one already. A user's own quick case ("This solved it" on a known
   * solution) gets it too: the refused "Glad it helped" answer was the only place its number was given. Nothing for
   * a quick case that names nobody (a `kviksag`: there is no one to send it to) or a case that is gone.
   */
  async receipt(caseId: string): Promise<void> {
    const c = await this.ctx.deps.store.getCase(caseId);
    if (!c || c.user.id === ANONYMOUS_QUICK.id) return;
    const parent = await parentOf(this.ctx, c);
    await this.ctx.deps.store.enqueueOutbox([receiptDraft(this.ctx.deps, c, undefined, parent)]);
  }

  lookup(
    viewer: Person,
    numberOrId: string,
    opts: LookupOptions = {},
  ): Promise<{ ok: true; card: CaseCardView } | { ok: false; reply: MessageView }> {
    return lookup(this.ctx, viewer, numberOrId, opts);
  }

  mine(viewer: Person): Promise<MessageView> {
    return mine(this.ctx, viewer);
  }

  queue(viewer: Person, groupId?: string): Promise<MessageView> {
    return queue(this.ctx, viewer, groupId);
  }

  /** Staff search over all cases by words and/or a person's e-mail (see `search` in queries.ts). */
  search(viewer: Person, terms: CaseSearchTerms): Promise<MessageView> {
    return search(this.ctx, viewer, terms);
  }

  /** Staff: earlier cases like this one, with their solutions (see `similar` in queries.ts). */
  similar(viewer: Person, numberOrId: string): Promise<MessageView> {
    return similar(this.ctx, viewer, numberOrId);
  }

  /**
   * The supervisor a hierarchical escalation pinged may acknowledge it even after the case moved group, or when it
   * went above the group's supervisor to the owner group's — that and nothing more: the other supervisor rights on
   * a case are for the supervisor of the group holding it.
   */
  private rolesOn(actor: Person, c: Case, verb: string): Role[] {
    const roles = rolesFor(actor, c, this.ctx.deps.catalogue);
    return verb === 'acknowledge_escalation' ? withAcknowledgeRight(c, actor, roles) : roles;
  }

  /**
   * The verb whose rights and state an `open_form` is checked as (`FORM_OF_OPEN_FORM`). The escalation form serves
   * both kinds: escalating to a group where that is possible, else to the manager where that is (a resolved case,
   * until it is closed: a complaint after "solved"; `presentCaseForm` then offers the manager alone).
   */
  private formVerb(c: Case, roles: Role[], form: CaseForm): FormVerb {
    const verb = FORM_OF_OPEN_FORM[form];
    if (form !== 'escalate' || (mayDo(verb, roles) && AVAILABLE[verb](c))) return verb;
    return mayDo('escalate_manager', roles) && AVAILABLE.escalate_manager(c) ? 'escalate_manager' : verb;
  }

  /**
   * A state refusal of `guard` with its real reason where the status is not it (`majorStateRefusal`): declaring or
   * linking a case that is linked to a major incident or is one, and unlinking a case that is not linked, whatever
   * its status. Any other refusal as it is.
   */
  private async stateReason(
    refused: ActionOutcome,
    actor: Person,
    c: Case,
    verb: ActingVerb,
    parentNumber?: string,
  ): Promise<ActionOutcome> {
    if (refused.ok || refused.code !== 'CASE.INVALID_TRANSITION') return refused;
    return (await majorStateRefusal(this.ctx, actor, c, verb, parentNumber)) ?? refused;
  }

  /** Role, then version, then state: the first refusal, or null when the operation may go ahead. */
  private guard(
    actor: Person,
    c: Case,
    roles: Role[],
    verb: ActingVerb | 'similar',
    version: number,
  ): ActionOutcome | null {
    const ctx = this.ctx;
    const locale = ctx.localeOf(actor);
    // Any staff member may look a case up and search, so they may ask for similar ones (as with the command).
    const anyStaff = verb === 'similar' && isStaff(actor, ctx.deps.catalogue);
    if (!mayDo(verb, roles) && !anyStaff) return ctx.forbidden(actor, c, verb);
    if (!VERSION_FREE.includes(verb) && version !== c.version) return ctx.conflict(actor, c);
    // An answer to the question of an earlier resolution (reopened and resolved again since) is not this one's.
    const answer = verb === 'confirm_solved' || verb === 'still_a_problem';
    if (answer && c.resolvedVersion !== undefined && version < c.resolvedVersion && AVAILABLE[verb](c)) {
      return ctx.refuse(actor, c, 'CASE.CONFLICT', refusals.earlierResolution[locale]({ number: c.number }), FINAL);
    }
    // A rating from the invitation of an earlier close (reopened and closed again since) does not rate this close,
    // whether or not it is rated yet.
    if (verb === 'evaluate' && c.status === 'closed' && c.closedVersion !== undefined && version < c.closedVersion) {
      return ctx.refuse(actor, c, 'CASE.CONFLICT', refusals.earlierClose[locale]({ number: c.number }), FINAL);
    }
    if (AVAILABLE[verb](c)) return null;
    if (verb === 'evaluate' && c.evaluation) {
      return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', refusals.alreadyEvaluated[locale]({ number: c.number }), FINAL);
    }
    if (verb === 'evaluate' && c.status === 'closed' && standsInForUser(c)) {
      const text = refusals.notRatedInStudentsPlace[locale]({ number: c.number });
      return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', text, FINAL);
    }
    if ((verb === 'confirm_solved' || verb === 'still_a_problem') && isRejectedOrder(c)) {
      const text = refusals.orderNotApproved[locale]({ number: c.number });
      return ctx.refuse(actor, c, 'CASE.INVALID_TRANSITION', text, FINAL);
    }
    if (verb === 'acknowledge_escalation') {
      return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', refusals.nothingToAcknowledge[locale]({ number: c.number }));
    }
    const text = refusals.notAvailable[locale]({
      number: c.number,
      what: verbPhrase(verb, locale),
      status: statusLabel(c.status, locale),
    });
    // A user's answer the case has gone past (closed; reopened, so the next resolution or close asks again).
    return ctx.refuse(actor, c, 'CASE.INVALID_TRANSITION', text, USER_ANSWERS.has(verb) ? FINAL : {});
  }
}
