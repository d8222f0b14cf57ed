import { createHash, randomUUID } from 'node:crypto';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { Case, Locale, NewCase, Person } from '../../models/case.js';
import { ATTACHMENTS_PER_CASE, toRef } from '../../models/case.js';
import type { CaseStore, OutboxDraft } from '../../models/case-store.js';
import { AppError } from '../../models/errors.js';
import { startSla } from '../../models/sla.js';
import type { Clock } from '../clock.js';
import { pickLocale } from '../i18n.js';
import { draft, postCardDraft } from '../outbox/deliveries.js';
import type { RegisterCase, RegistrationInput } from '../registration.js';
import { samePerson } from '../roles.js';
import { withNextTimer } from '../sla/ladder.js';
import { groupLabel } from './labels.js';
import { userMessages } from './messages.js';
import { ownerCardDrafts } from './owner-card.js';

/** What registering needs (a subset of `LifecycleDeps`). */
export interface RegisterCaseDeps {
  store: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  clock: Clock;
  defaultLocale: Locale;
}

/**
 * Registers a case (PROCESS.md: every case is registered). Routes it (`groupId` from a template, else the
 * catalogue's routing with the `faculty` answer), sets the owner to the 1st-level group it was routed to (the
 * faculty's helpdesk when routed straight to a back desk), priority from the impact x urgency matrix unless a
 * template fixes it, starts the SLA clock, and writes the history. `resolvedWith` registers it already resolved
 * (quick case or known solution). Then the group's card is posted (not for quick cases, nor for a report linked
 * to a major incident with `parentId`: the parent's card counts it) and the user gets a
 * personal receipt naming who registered it on their behalf. A staff member of the owning helpdesk who registers
 * a case for someone else becomes its case owner.
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
    const detail = [
      onBehalf ? `on behalf of ${input.user.name}` : undefined,
      resolved?.quick ? 'quick case' : undefined,
      resolved?.articleId ? `known solution ${resolved.articleId}` : undefined,
    ]
      .filter(Boolean)
      .join('; ');

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
      ...(resolved ? { solution: { text: resolved.solution, by: toRef(actor), at: now }, resolvedAt: now } : {}),
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
      history: [{ at: now, actor: toRef(actor), action: 'register', to: status, ...(detail ? { detail } : {}) }],
    };
    return deps.store.createCase(withNextTimer(newCase, deps), (created) => [
      ...registrationDrafts(deps, created, onBehalf ? actor : undefined, onBehalf || input.receipt !== false),
      ...(moreDrafts?.(created) ?? []),
    ]);
  };
}

function registrationDrafts(
  deps: RegisterCaseDeps,
  c: Case,
  registeredBy: Person | undefined,
  receipt: boolean,
): OutboxDraft[] {
  if (c.quick) return [];
  return [
    // A linked report of a major incident has no card of its own: the parent's card counts it.
    ...(c.parentId ? [] : [postCardDraft(c, c.groupId)]),
    // Registered solved (a known solution) at a back desk: back with its owner at once, whose channel gets a card.
    ...ownerCardDrafts(c),
    ...(receipt ? [receiptDraft(deps, c, registeredBy)] : []),
  ];
}

/**
 * The user's receipt for a newly registered case: number, title and the group that has it (or the solution, for a
 * case registered solved), naming who registered it on their behalf. Its key is fixed per case, so the receipt a
 * transport asks for after the registered view could not be shown (`CaseService.receipt`) is sent once, and not
 * at all when registration already sent one.
 */
export function receiptDraft(
  deps: Pick<RegisterCaseDeps, 'catalogue' | 'defaultLocale'>,
  c: Case,
  registeredBy?: Person,
): OutboxDraft {
  const locale = pickLocale(c.user.locale ?? c.locale, deps.defaultLocale);
  const by = registeredBy?.name;
  const text = c.solution
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

/** A stable case id (UUID-shaped) for an idempotency key. */
export function caseIdFor(key: string): string {
  const h = createHash('sha256').update(`case:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
