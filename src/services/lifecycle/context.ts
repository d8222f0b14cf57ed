import type { Logger } from 'pino';
import type { CaseCardView, MessageView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { AuditEntry, Case, Locale, Person, PersonRef } from '../../models/case.js';
import { toRef } from '../../models/case.js';
import type { CaseStore, OutboxDraft } from '../../models/case-store.js';
import type { ErrorCode } from '../../models/errors.js';
import { isAppError } from '../../models/errors.js';
import { resumeSla } from '../../models/sla.js';
import type { Role } from '../../models/status-machine.js';
import { type CaseViewDeps, onlyViewerAbove, presentCase } from '../case-view.js';
import type { Clock } from '../clock.js';
import { pickLocale } from '../i18n.js';
import { isStaff, rolesFor, samePerson } from '../roles.js';
import { draft, postCardDraft, threadReplyOf, updateCardsDraft } from '../outbox/deliveries.js';
import type { MajorPacing } from '../major/major-pacing.js';
import type { Directory } from '../ports/directory.js';
import { groupLabel, type RoleHolders, roleLabel, joinOr } from './labels.js';
import { refusals, verbPhrase } from './messages.js';
import type { CaseVerb } from './permissions.js';
import { mayView, pendingFor, VERB_ROLES } from './permissions.js';

/** What the lifecycle services need; wired once in the composition root. */
export interface LifecycleDeps {
  store: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  clock: Clock;
  directory: Directory;
  /** IANA zone for times shown to people (TIME_ZONE). */
  timeZone: string;
  /** Language for people without one and for channel threads (DEFAULT_LOCALE). */
  defaultLocale: Locale;
  /** Calendar days after resolution during which the user may reopen (REOPEN_WINDOW_DAYS). */
  reopenWindowDays: number;
  /** The bot's public base URL (PUBLIC_URL): case cards link the user's attachments under it; none without it. */
  publicUrl?: string;
  logger?: Logger;
  /** Major incidents (issue 9): how fast updates fan out to linked users; default `DEFAULT_MAJOR_PACING`. */
  majorPacing?: MajorPacing;
  /**
   * Whether it is known without waiting that no manager of the person is known outside the catalogue
   * (`ManagersAbove.knownNobodyAbove`): her card then offers no escalation to the manager where nobody in the
   * catalogue is above her either. Without it, the choice is offered as the click decides.
   */
  knownNobodyAbove?: (person: Person) => boolean;
  /**
   * Asks, before her card is rendered, whether anyone outside the catalogue is above the person, so that
   * `knownNobodyAbove` knows (`ManagersAbove.ask`: the managers file as it is now, Microsoft Graph). Without it,
   * cards go by what is known without waiting.
   */
  askAbove?: (person: Person) => Promise<void>;
}

/** The answer to a card action: the fresh card, and a message for the actor where there is something to say. */
export type ActionOutcome =
  | {
      ok: true;
      case: Case;
      card: CaseCardView;
      reply?: MessageView;
      /** Shown beside the card rather than as its notice: a list the actor asked for (similar cases). */
      aside?: MessageView;
    }
  | {
      ok: false;
      code: ErrorCode;
      reply: MessageView;
      case?: Case;
      card?: CaseCardView;
      /**
       * The click can never be taken: the question it answers is over — an earlier resolution's or close's, confirmed
       * or rated already, the reopen window passed, the case gone past it (closed, reopened) — so the same click gives
       * the same refusal for good, and a transport shows that question answered, without its buttons. Absent for a
       * refusal a later click may get past (a write that lost a race, a stale card the fresh card replaces, a role).
       */
      final?: true;
    };

/**
 * The outcomes of writes that lost a race (`LifecycleContext.commit`): the case moved between the operation's read
 * and its write. Kept out of the outcome itself, which goes to the transports as it is.
 */
const lostRaces = new WeakSet<ActionOutcome>();

/** Whether `out` is the conflict of a write that lost a race (not a refusal of a stale card or answer). */
export const lostRace = (out: ActionOutcome): boolean => lostRaces.has(out);

/** One change to a case: the next document, what to enqueue with it, and what to tell the actor. */
export interface Change {
  next: Case;
  drafts: (stored: Case) => OutboxDraft[];
  reply?: (stored: Case) => MessageView | undefined;
}

/** Helpers shared by the operation modules; one per CaseService. */
export class LifecycleContext {
  constructor(readonly deps: LifecycleDeps) {}

  now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** The language of a person (their own, else the default). */
  localeOf(p: Person | PersonRef | undefined): Locale {
    return pickLocale(p && 'locale' in p ? p.locale : undefined, this.deps.defaultLocale);
  }

  /** A staff member's language: their own, else the directory's, else the default. */
  async personLocale(p: Person | PersonRef | undefined): Promise<Locale> {
    if (!p) return this.deps.defaultLocale;
    if ('locale' in p && p.locale) return p.locale;
    const known = await this.deps.directory.lookup(p.id);
    return pickLocale(known?.locale, this.deps.defaultLocale);
  }

  /** The user's language: their own, else the one they reported in. */
  userLocale(c: Case): Locale {
    return pickLocale(c.user.locale ?? c.locale, this.deps.defaultLocale);
  }

  viewDeps(locale: Locale): CaseViewDeps {
    return {
      catalogue: this.deps.catalogue,
      timeZone: this.deps.timeZone,
      locale,
      calendar: this.deps.calendar,
      now: this.deps.clock.now(),
      ...(this.deps.publicUrl ? { publicUrl: this.deps.publicUrl } : {}),
      ...(this.deps.knownNobodyAbove ? { knownNobodyAbove: this.deps.knownNobodyAbove } : {}),
    };
  }

  /**
   * Before a card of `c` is rendered for `viewer`: when every catalogue supervisor a hierarchical escalation of it
   * would try is she (`onlyViewerAbove`), whether anyone outside the catalogue is above her is asked now
   * (`LifecycleDeps.askAbove`), so her card offers the escalation to the manager exactly when it would reach
   * someone.
   */
  async askAbove(c: Case, viewer: Person): Promise<void> {
    if (this.deps.askAbove && onlyViewerAbove(c, viewer, this.deps.catalogue)) await this.deps.askAbove(viewer);
  }

  /** The card of `c` for `viewer`; `parent`: the major incident a linked report is part of (see `presentCase`). */
  card(
    c: Case,
    viewer: Person | null,
    locale = this.localeOf(viewer ?? undefined),
    parent?: Pick<Case, 'number' | 'status'>,
  ): CaseCardView {
    return presentCase(c, viewer, this.viewDeps(locale), parent);
  }

  /**
   * Whether `viewer` may see the case: whoever `mayView` allows, and the person a hierarchical escalation still waits
   * for by name — while it does. A manager above the catalogue (the managers file: a head of IT) holds no other tie
   * to the case; without this her stale ping card could never be refreshed, so never acknowledged.
   */
  maySee(c: Case, viewer: Person): boolean {
    const catalogue = this.deps.catalogue;
    return (
      mayView(rolesFor(viewer, c, catalogue), isStaff(viewer, catalogue)) ||
      pendingFor(c, viewer).some((e) => e.toPerson !== undefined)
    );
  }

  /** The case card for `viewer` when they may see the case (`maySee`), else undefined: what a refusal carries. */
  cardIfSeen(c: Case, viewer: Person, locale: Locale): CaseCardView | undefined {
    return this.maySee(c, viewer) ? this.card(c, viewer, locale) : undefined;
  }

  group(id: string, locale: Locale): string {
    return groupLabel(this.deps.catalogue, id, locale);
  }

  /** "Anna Jensen (ARTS Support)": the actor with the group they act from (the case's group if theirs). */
  who(actor: Person | PersonRef, c: Case, locale: Locale): string {
    const email = actor.email?.toLowerCase();
    const groups = email ? this.deps.catalogue.groupsForEmail(email) : [];
    const g = groups.find((x) => x.id === c.groupId) ?? groups.find((x) => x.id === c.ownerGroupId) ?? groups[0];
    return g ? `${actor.name} (${g.name[locale]})` : actor.name;
  }

  message(locale: Locale, text: string, extra: Partial<MessageView> = {}): MessageView {
    return { kind: 'message', locale, text, ...extra };
  }

  audit(actor: Person | PersonRef, action: string, from?: string, to?: string, detail?: string): AuditEntry {
    return {
      at: this.now(),
      actor: toRef(actor),
      action,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(detail !== undefined ? { detail } : {}),
    };
  }

  /** Outbox drafts keyed by the version the change creates, so a retried operation never sends twice. */
  updateCards(c: Case): OutboxDraft {
    return updateCardsDraft(c);
  }

  /**
   * The channel card of a case going back to work (reopened by its user, returned to its technician): `before` as
   * it was, `s` as the change stores it. A quick case (registered solved, `before.quick`) never had a card, and the
   * change makes it an ordinary case that somebody must take, so its group's channel gets its card now (`post_card`,
   * ahead of the change's thread reply, which waits for it); any other case has its cards updated in place.
   */
  cardsBackToWork(before: Case, s: Case): OutboxDraft {
    return before.quick && !before.parentId && s.cards.length === 0 ? postCardDraft(s, s.groupId) : updateCardsDraft(s);
  }

  /**
   * A reply in the thread of `c`'s channel cards (or, with `threadOf`, another case's: a major incident's). Which
   * thread is decided when it goes out: a report linked to a major incident without a card of its own has its
   * replies in the major incident's thread, its number first (the outbox's `threadReply`), whatever wrote them.
   */
  threadReply(c: Case, what: string, text: string, extra: Partial<MessageView> = {}, threadOf = c.id): OutboxDraft {
    const view = this.message(this.deps.defaultLocale, text, extra);
    const reply =
      threadOf === c.id ? threadReplyOf(c, view) : { kind: 'thread_reply' as const, caseId: threadOf, view };
    return draft(`${c.id}:v${c.version}:thread:${what}`, reply);
  }

  sendPerson(c: Case, what: string, person: PersonRef, view: MessageView): OutboxDraft {
    return draft(
      `${c.id}:v${c.version}:send:${what}:${person.id}`,
      { kind: 'send_person', person: toRef(person), view },
      {
        caseId: c.id,
      },
    );
  }

  /** Resumes a paused SLA clock (leaving Awaiting user) and drops the open question. */
  leaveAwaitingUser(c: Case): Case {
    if (c.status !== 'awaiting_user' && c.sla.pausedSince === undefined) return c;
    const def = this.deps.catalogue.priorityLevel(c.priority);
    const { pendingQuestion: _answered, ...rest } = c;
    return { ...rest, sla: resumeSla(c.sla, this.now(), this.deps.calendar, def.aroundTheClock) };
  }

  /**
   * Stores a change at the version the actor saw, with its outbox drafts in the same operation. A version that
   * moved meanwhile gives the conflict outcome with the fresh card, marked as a lost race (`lostRace`).
   */
  async commit(actor: Person, before: Case, change: Change): Promise<ActionOutcome> {
    try {
      const stored = await this.deps.store.updateCase(
        change.next,
        before.version,
        change.drafts({
          ...change.next,
          version: before.version + 1,
        }),
      );
      const reply = change.reply?.(stored);
      return { ok: true, case: stored, card: this.card(stored, actor), ...(reply ? { reply } : {}) };
    } catch (err) {
      if (!isAppError(err, 'CASE.CONFLICT')) throw err;
      const fresh = await this.deps.store.getCase(before.id);
      if (!fresh) throw err;
      const out = this.conflict(actor, fresh);
      lostRaces.add(out);
      return out;
    }
  }

  /**
   * "Changed meanwhile by <last actor>" with the fresh card (for someone who may see the case, as `refuse`). When the
   * latest change is the actor's own (a double click, the same card in the other app), she is told so rather than
   * named as if someone else had changed it.
   */
  conflict(actor: Person, fresh: Case): ActionOutcome {
    const locale = this.localeOf(actor);
    const last = fresh.history.at(-1)?.actor ?? fresh.user;
    const text = samePerson(last, actor)
      ? refusals.conflictOwn[locale]({ number: fresh.number })
      : refusals.conflict[locale]({ number: fresh.number, name: last.name });
    const card = this.cardIfSeen(fresh, actor, locale);
    return {
      ok: false,
      code: 'CASE.CONFLICT',
      reply: this.message(locale, text),
      case: fresh,
      ...(card ? { card: { ...card, notice: text } } : {}),
    };
  }

  /**
   * A refusal: nothing changed, the reply says why. It carries the fresh card only when the actor may see the case
   * (`maySee`): a forwarded card clicked by someone else gets the text alone, so no transport shows them the case.
   * `final`: the click can never be taken (see the outcome's `final`).
   */
  refuse(actor: Person, c: Case, code: ErrorCode, text: string, how: { final?: boolean } = {}): ActionOutcome {
    const locale = this.localeOf(actor);
    const card = this.cardIfSeen(c, actor, locale);
    const final = how.final ? { final: true as const } : {};
    return { ok: false, code, reply: this.message(locale, text), case: c, ...(card ? { card } : {}), ...final };
  }

  /** A role refusal naming who can do it. */
  forbidden(actor: Person, c: Case, verb: Exclude<CaseVerb, 'open_form'>, allowed?: readonly Role[]): ActionOutcome {
    const locale = this.localeOf(actor);
    const group = this.deps.catalogue.group(c.groupId);
    const holders: RoleHolders = {
      groupName: this.group(c.groupId, locale),
      ownerGroupName: this.group(c.ownerGroupId, locale),
      ...(group ? { supervisorName: group.supervisor.name } : {}),
      ...(c.caseOwner ? { caseOwnerName: c.caseOwner.name } : {}),
      // Whose case it is is for staff (who may look any case up) to read, not for anyone holding a forwarded card.
      ...(isStaff(actor, this.deps.catalogue) ? { userName: c.user.name } : {}),
    };
    const roles = (allowed ?? VERB_ROLES[verb]).filter((r) => r !== 'admin');
    const who = joinOr(
      roles.map((r) => roleLabel(r, locale, holders)),
      locale,
    );
    const text = refusals.forbidden[locale]({ number: c.number, who, what: verbPhrase(verb, locale) });
    return this.refuse(actor, c, 'CASE.FORBIDDEN', text);
  }
}
