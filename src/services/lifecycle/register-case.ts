import { createHash, randomUUID } from 'node:crypto';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { Case, Locale, NewCase, Person, Priority } from '../../models/case.js';
import { ATTACHMENTS_PER_CASE, PRIORITIES, toRef } from '../../models/case.js';
import type { CaseStore, OutboxDraft } from '../../models/case-store.js';
import { AppError } from '../../models/errors.js';
import { startSla } from '../../models/sla.js';
import type { Clock } from '../clock.js';
import { pickLocale } from '../i18n.js';
import { draft, postCardDraft } from '../outbox/deliveries.js';
import { personByEmailIn } from '../people-directory.js';
import type { Directory } from '../ports/directory.js';
import { ANONYMOUS_QUICK, type RegisterCase, type RegistrationInput } from '../registration.js';
import { samePerson } from '../roles.js';
import { stampCase } from '../sla/timed-store.js';
import { majorStaffMessages, majorUserMessages } from '../major/major-messages.js';
import { groupLabel, priorityLabel } from './labels.js';
import { staffMessages, userMessages } from './messages.js';
import { ownerCardDrafts } from './owner-card.js';

/** What registering needs (a subset of `LifecycleDeps`). */
export interface RegisterCaseDeps {
  store: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  clock: Clock;
  defaultLocale: Locale;
  /**
   * Finds the supervisor an urgent case pings (their chat id and language); without it, or when it does not know
   * them, the ping is addressed by e-mail (`email:` id, looked up again at delivery).
   */
  directory?: Directory;
}

/** A directory that knows nobody: every catalogue person is reached by e-mail. */
const NO_DIRECTORY: Directory = { lookup: async () => null, search: async () => [] };

/**
 * Whether a case of this priority is urgent (PROCESS.md step 4: followed by a direct ping to the team lead): the
 * catalogue's `pingSupervisor` flag on the priority level; when no level sets the flag, the top priority (P1).
 */
export function pingsSupervisor(catalogue: CatalogueIndex, priority: Priority): boolean {
  const levels = catalogue.catalogue.priorities.levels;
  const flagged = PRIORITIES.some((p) => levels[p].pingSupervisor !== undefined);
  return flagged ? levels[priority].pingSupervisor === true : priority === PRIORITIES[0];
}

/** Whether a change of priority makes a case urgent (`pingsSupervisor`) that was not: the moment to ping again. */
export function raisedToUrgent(catalogue: CatalogueIndex, from: Priority, to: Priority): boolean {
  return pingsSupervisor(catalogue, to) && !pingsSupervisor(catalogue, from);
}

/**
 * The supervisor (team lead) an urgent case pings (`urgentPingDraft`): the supervisor of the group that has it.
 * Nobody when the priority is not urgent, the case is solved (a quick case, a known solution), it is a report
 * linked to a major incident (whose own case is what gets handled), or the supervisor is the one acting.
 */
export async function urgentSupervisor(
  deps: Pick<RegisterCaseDeps, 'catalogue' | 'directory'>,
  c: { priority: Priority; groupId: string; solved: boolean; parentId?: string },
  actor: Person,
): Promise<Person | undefined> {
  const group = deps.catalogue.group(c.groupId);
  if (!group || c.solved || c.parentId !== undefined || !pingsSupervisor(deps.catalogue, c.priority)) return undefined;
  const supervisor = await personByEmailIn(
    deps.directory ?? NO_DIRECTORY,
    group.supervisor.email,
    group.supervisor.name,
  );
  return samePerson(supervisor, actor) ? undefined : supervisor;
}

/**
 * Registers a case (PROCESS.md: every case is registered). Routes it (`groupId` from a template, else the
 * catalogue's routing with the `faculty` answer), sets the owner to the 1st-level group it was routed to (the
 * faculty's helpdesk when routed straight to a back desk), priority from the impact x urgency matrix unless a
 * template fixes it, starts the SLA clock, and writes the history. `resolvedWith` registers it already resolved
 * (quick case or known solution); a known solution the user applied themselves ("This solved it" at intake) is
 * also their confirmation (`user_confirmed`, as "Yes, solved"), so the ladder closes it at the next sweep. Then the group's card is posted (not for quick cases, nor for a report linked
 * to a major incident with `parentId`: the parent's card counts it) and the user gets a
 * personal receipt naming who registered it on their behalf (for a quick case only then: one a named user solved
 * with staff on the phone or at the desk, PROCESS.md step 6; a `kviksag` names nobody to send it to). A staff member of the owning helpdesk who registers
 * a case for someone else becomes its case owner. An urgent case (`pingsSupervisor`) also pings the supervisor of the
 * group that has it directly (`urgentPingDraft`), unless it is registered solved, is a report linked to a major
 * incident (whose own case is being handled) or the supervisor registered it themselves.
 * The card and the receipt are written in the same store operation as the case (a draft builder, since they
 * need the id and number the store assigns). Files sent while reporting (`attachments`) are linked to the case id
 * first (the id is fixed beforehand then), so a registration retried after a failure finds them linked.
 */
export function createRegisterCase(deps: RegisterCaseDeps): RegisterCase {
  const { catalogue } = deps;
  return async (
    input: RegistrationInput,
    actor: Person,
    moreDrafts?: (created: Case) => OutboxDraft[],
  ): Promise<Case> => {
    const category = catalogue.category(input.categoryId);
    if (!category) {
      throw new AppError('CATEGORY.NOT_FOUND', `No category "${input.categoryId}" in the catalogue`, {
        categoryId: input.categoryId,
      });
    }
    const facultyAnswer = input.answers['faculty'];
    const faculty = typeof facultyAnswer === 'string' ? facultyAnswer : undefined;
    const group = catalogue.requireGroup(input.groupId ?? catalogue.routeNewCase(category.id, faculty));
    const firstLevel = category.routing.firstLevel;
    const byFaculty = faculty && faculty in firstLevel ? firstLevel[faculty as keyof typeof firstLevel] : undefined;
    const ownerGroupId = group.level === 1 ? group.id : (byFaculty ?? firstLevel.default);

    const priority = input.priority ?? catalogue.priorityFor(input.impact, input.urgency);
    const now = deps.clock.now().toISOString();
    const onBehalf = input.reporter !== undefined && !samePerson(input.reporter, input.user);
    const ownerEmails = new Set(
      [...(catalogue.group(ownerGroupId)?.members ?? []), catalogue.group(ownerGroupId)?.supervisor.email ?? ''].map(
        (e) => e.toLowerCase(),
      ),
    );
    const actorOwns = onBehalf && actor.email !== undefined && ownerEmails.has(actor.email.toLowerCase());
    const resolved = input.resolvedWith;
    const status = resolved ? 'resolved' : 'registered';
    const ownKnownSolution = resolved?.articleId !== undefined && !onBehalf && samePerson(actor, input.user);
    const detail = [
      onBehalf ? `on behalf of ${input.user.name}` : undefined,
      resolved?.quick ? 'quick case' : undefined,
      resolved?.articleId ? `known solution ${resolved.articleId}` : undefined,
    ]
      .filter(Boolean)
      .join('; ');

    const supervisor = await urgentSupervisor(
      deps,
      {
        priority,
        groupId: group.id,
        solved: resolved !== undefined,
        ...(input.parentId ? { parentId: input.parentId } : {}),
      },
      actor,
    );

    const attachments = (input.attachments ?? []).slice(0, ATTACHMENTS_PER_CASE);
    const id = input.idempotencyKey
      ? caseIdFor(input.idempotencyKey)
      : attachments.length > 0
        ? randomUUID()
        : undefined;
    if (id !== undefined && attachments.length > 0) {
      await deps.store.linkFiles(
        attachments.map((f) => f.id),
        id,
      );
    }
    const newCase: NewCase = {
      ...(id !== undefined ? { id } : {}),
      type: input.type,
      title: input.title,
      description: input.description,
      categoryId: category.id,
      answers: input.answers,
      priority,
      impact: input.impact,
      urgency: input.urgency,
      status,
      user: input.user,
      ...(input.reporter && onBehalf ? { reporter: input.reporter } : {}),
      ownerGroupId,
      ...(actorOwns ? { caseOwner: toRef(actor) } : {}),
      groupId: group.id,
      notes: [],
      // Registered solved (a quick case, a known solution): the user has the solution, a first response.
      ...(resolved
        ? { solution: { text: resolved.solution, by: toRef(actor), at: now }, resolvedAt: now, firstResponseAt: now }
        : {}),
      escalations: [],
      sla: startSla(catalogue.priorityLevel(priority), now, deps.calendar),
      createdAt: now,
      reopenCount: 0,
      cards: [],
      intakeChannel: input.intakeChannel,
      locale: input.locale,
      quick: resolved?.quick ?? false,
      ...(input.parentId ? { parentId: input.parentId } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      history: [
        { at: now, actor: toRef(actor), action: 'register', to: status, ...(detail ? { detail } : {}) },
        // The user's own "This solved it" (a known solution they applied at intake) is their word that the problem
        // is solved: recorded as a "Yes, solved" is, so the case follows the confirmed-case rules (`autoCloseAt`).
        ...(ownKnownSolution ? [{ at: now, actor: toRef(actor), action: 'user_confirmed' }] : []),
      ],
    };
    // A linked report's receipt names its major incident (`receiptDraft`).
    const parent = input.parentId ? await deps.store.getCase(input.parentId) : null;
    return deps.store.createCase(stampCase(newCase, deps, deps.clock.now()), (created) => [
      ...registrationDrafts(deps, created, onBehalf ? actor : undefined, onBehalf || input.receipt !== false, parent),
      ...(supervisor ? [urgentPingDraft(deps, created, supervisor)] : []),
      ...(moreDrafts?.(created) ?? []),
    ]);
  };
}

function registrationDrafts(
  deps: RegisterCaseDeps,
  c: Case,
  registeredBy: Person | undefined,
  receipt: boolean,
  parent: Case | null,
): OutboxDraft[] {
  // Solved on the spot: no card. Registered for a named user (a known solution staff gave on the phone or at the
  // desk), the user still gets the receipt; a user's own "This solved it" the intake confirms itself, in the chat
  // that shows it or, from a form that closes, with the same words in the DM (`IntakeEngine.deflect`).
  if (c.quick) return registeredBy && c.user.id !== ANONYMOUS_QUICK.id ? [receiptDraft(deps, c, registeredBy)] : [];
  return [
    // A linked report of a major incident has no card of its own: the parent's card counts it.
    ...(c.parentId ? [] : [postCardDraft(c, c.groupId)]),
    // Registered solved (a known solution) at a back desk: back with its owner at once, whose channel gets a card.
    ...ownerCardDrafts(c),
    ...(receipt ? [receiptDraft(deps, c, registeredBy, parent)] : []),
  ];
}

/**
 * The user's receipt for a newly registered case: number, title and the group that has it (or the solution, for a
 * case registered solved), naming who registered it on their behalf. Its key is fixed per case, so the receipt a
 * transport asks for after the registered view could not be shown (`CaseService.receipt`) is sent once, and not
 * at all when registration already sent one. A report linked to a major incident (`parent`, the case its `parentId`
 * names) is told that instead: no named person from the group takes it, the major incident's news comes to them.
 */
export function receiptDraft(
  deps: Pick<RegisterCaseDeps, 'catalogue' | 'defaultLocale'>,
  c: Case,
  registeredBy?: Person,
  parent?: Case | null,
): OutboxDraft {
  const locale = pickLocale(c.user.locale ?? c.locale, deps.defaultLocale);
  const by = registeredBy?.name;
  const major = c.parentId && parent?.id === c.parentId && !c.solution ? parent.major : undefined;
  const text = major
    ? majorUserMessages.registered[locale]({
        number: parent?.number ?? '',
        summary: major.summary[locale],
        child: c.number,
        title: c.title,
        ...(by ? { by } : {}),
      })
    : c.solution
      ? userMessages.receiptSolved[locale]({
          number: c.number,
          title: c.title,
          solution: c.solution.text,
          ...(by ? { by } : {}),
        })
      : userMessages.receipt[locale]({
          number: c.number,
          title: c.title,
          group: groupLabel(deps.catalogue, c.groupId, locale),
          ...(by ? { by } : {}),
        });
  return draft(
    `${c.id}:receipt:${c.user.id}`,
    { kind: 'send_person', person: toRef(c.user), view: { kind: 'message', locale, title: c.number, text } },
    { caseId: c.id },
  );
}

/**
 * Why an urgent case pings after registration: raised to an urgent priority by someone (`raisedBy`, Classify),
 * escalated to the supervisor's group by someone from another group (`escalatedBy`, `fromGroupId`), or back at work
 * with nobody on it, in the group's pile (`backBy`: reopened by its user, or `returned` by 1st level), or taken off
 * its major incident (`unlinkedBy`, from `parent`) with nobody on it.
 */
export type UrgentOccasion =
  | ((locale: Locale) => string)
  | { escalatedBy: (locale: Locale) => string; fromGroupId: string }
  | { backBy: (locale: Locale) => string; returned: boolean }
  | { unlinkedBy: (locale: Locale) => string; parent: string };

/**
 * The direct ping of an urgent case to the supervisor (team lead) of the group that has it (`urgentSupervisor`):
 * an @mention, what the case is and who has it, with the case card (rendered for them at delivery). Pass the case
 * as the change stores it: the key is per version, so a retried operation pings once. Written at registration
 * ("has just been registered"); a change that raises the priority (`raisedToUrgent`) writes it the same way with
 * who raised it in the supervisor's language ("was raised to P1 by …"), a functional escalation of an urgent
 * case to the supervisor's group with who escalated it from where ("was just escalated from … to … by …"), and a
 * case back at work with nobody on it (`backInPilePing`) with who reopened or returned it, and a report taken off
 * its major incident with nobody on it (`unlinkedUrgentPing`) with who took it off which major incident.
 */
export function urgentPingDraft(
  deps: Pick<RegisterCaseDeps, 'catalogue' | 'defaultLocale'>,
  c: Case,
  supervisor: Person,
  occasion?: UrgentOccasion,
): OutboxDraft {
  const locale = pickLocale(supervisor.locale, deps.defaultLocale);
  const about = {
    name: supervisor.name,
    number: c.number,
    title: c.title,
    user: c.user.name,
    priority: priorityLabel(deps.catalogue, c.priority, locale),
    group: groupLabel(deps.catalogue, c.groupId, locale),
  };
  const text = urgentText(deps, about, locale, occasion);
  return draft(
    `${c.id}:v${c.version}:send:urgent:${supervisor.id}`,
    {
      kind: 'send_person',
      person: toRef(supervisor),
      view: {
        kind: 'message',
        locale,
        title: c.number,
        text,
        mention: { id: supervisor.id, name: supervisor.name },
      },
      caseCardFor: { caseId: c.id },
    },
    { caseId: c.id },
  );
}

/** The text of `urgentPingDraft` for its occasion, in the supervisor's language. */
function urgentText(
  deps: Pick<RegisterCaseDeps, 'catalogue'>,
  about: { name: string; number: string; title: string; user: string; priority: string; group: string },
  locale: Locale,
  occasion?: UrgentOccasion,
): string {
  if (occasion === undefined) return staffMessages.urgentPing[locale](about);
  if (typeof occasion === 'function') return staffMessages.urgentRaise[locale]({ ...about, who: occasion(locale) });
  if ('backBy' in occasion) {
    return staffMessages.urgentBackInPile[locale]({
      ...about,
      who: occasion.backBy(locale),
      returned: occasion.returned,
    });
  }
  if ('unlinkedBy' in occasion) {
    return majorStaffMessages.unlinkedUrgent[locale]({
      ...about,
      who: occasion.unlinkedBy(locale),
      parent: occasion.parent,
    });
  }
  return staffMessages.urgentEscalated[locale]({
    ...about,
    who: occasion.escalatedBy(locale),
    from: groupLabel(deps.catalogue, occasion.fromGroupId, locale),
  });
}

/**
 * The urgent ping (`urgentPingDraft`) of a case a change puts in its group's pile with nobody on it (back at work,
 * taken off its major incident), to the supervisor of its group (`urgentSupervisor`). None for a case someone has:
 * it stays theirs. Call it before the change with the case as the change makes it (`next`); the function it returns
 * makes the draft from the case as stored, with the occasion `occasion` gives for it.
 */
export async function pileArrivalPing(
  deps: Pick<RegisterCaseDeps, 'catalogue' | 'directory' | 'defaultLocale'>,
  actor: Person,
  next: Case,
  occasion: (s: Case) => UrgentOccasion,
): Promise<(s: Case) => OutboxDraft[]> {
  if (next.assignee) return () => [];
  const supervisor = await urgentSupervisor(deps, { ...next, solved: false }, actor);
  if (!supervisor) return () => [];
  return (s) => [urgentPingDraft(deps, s, supervisor, occasion(s))];
}

/** A stable case id (UUID-shaped) for an idempotency key. */
export function caseIdFor(key: string): string {
  const h = createHash('sha256').update(`case:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
