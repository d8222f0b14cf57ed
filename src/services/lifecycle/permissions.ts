import { type CardVerb, showsNothing } from '../../cards/card-actions.js';
import type { AuditEntry, Case, Escalation, Person, PersonRef } from '../../models/case.js';
import { currentResolution, isOpen, isRejectedOrder, namesNobody } from '../../models/case.js';
import type { Role } from '../../models/status-machine.js';
import { standsInForUser } from '../registration.js';
import { samePerson } from '../roles.js';

/** The card verbs the lifecycle handles (everything but the intake verbs). */
export const CASE_VERBS = [
  'claim',
  'assign',
  'unassign',
  'set_status',
  'classify',
  'note',
  'escalate_group',
  'escalate_manager',
  'acknowledge_escalation',
  'resolve',
  'close',
  'return_to_technician',
  'save_article',
  'confirm_solved',
  'still_a_problem',
  'evaluate',
  'refresh',
  'similar',
  'open_form',
  'declare_major',
  'link_major',
  'unlink_major',
  'major_update',
] as const satisfies readonly CardVerb[];
export type CaseVerb = (typeof CASE_VERBS)[number];

export const isCaseVerb = (verb: string): verb is CaseVerb => (CASE_VERBS as readonly string[]).includes(verb);

/** People who work cases of the group holding the case. */
const WORKERS: readonly Role[] = ['group_member', 'supervisor', 'case_owner'];
/** Everyone who may look at any case and add to it. */
const STAFF: readonly Role[] = ['first_level', 'group_member', 'supervisor', 'case_owner'];
const CUSTOMERS: readonly Role[] = ['user', 'reporter'];

/**
 * Who may do what (the README's role table). `open_form` takes the roles of the form's verb. The status machine
 * (`checkTransition`) adds the guards on top (solution documented, reopen window).
 */
export const VERB_ROLES: Record<Exclude<CaseVerb, 'open_form'>, readonly Role[]> = {
  claim: ['group_member', 'supervisor'],
  assign: [...WORKERS, 'first_level'],
  unassign: [...WORKERS, 'first_level'],
  set_status: WORKERS,
  classify: WORKERS,
  note: STAFF,
  escalate_group: STAFF,
  escalate_manager: STAFF,
  acknowledge_escalation: ['supervisor'],
  resolve: WORKERS,
  close: ['first_level'],
  return_to_technician: ['first_level'],
  save_article: STAFF,
  confirm_solved: CUSTOMERS,
  still_a_problem: CUSTOMERS,
  evaluate: ['user'],
  refresh: [...STAFF, ...CUSTOMERS, 'admin'],
  similar: STAFF,
  declare_major: STAFF,
  link_major: STAFF,
  unlink_major: STAFF,
  major_update: STAFF,
};

export const mayDo = (verb: Exclude<CaseVerb, 'open_form'>, roles: readonly Role[]): boolean =>
  VERB_ROLES[verb].some((r) => roles.includes(r));

/**
 * Whether someone may see the case (its card: title, the user's name and e-mail, notes, solution, attachment
 * links): whoever may refresh it, and any staff member (staff may look any case up). Someone holding a forwarded
 * card of another person's case may not.
 */
export const mayView = (roles: readonly Role[], staff: boolean): boolean => staff || mayDo('refresh', roles);

/** A hierarchical escalation still waiting for the supervisor's acknowledgement. */
export const pendingHierarchical = (c: Case) =>
  c.escalations.find((e) => e.kind === 'hierarchical' && e.acknowledgedAt === undefined);

/**
 * The hierarchical escalations still waiting for `person`'s acknowledgement: those addressed to them (by id or
 * e-mail), and any addressed to nobody in particular.
 */
export const pendingFor = (c: Case, person: Person | PersonRef): Escalation[] =>
  c.escalations.filter(
    (e) =>
      e.kind === 'hierarchical' && e.acknowledgedAt === undefined && (!e.toPerson || samePerson(person, e.toPerson)),
  );

/**
 * `roles` with the one right an escalation addressed to `person` by name gives them (the supervisor it pinged,
 * also after the case moved group, the head of support above the group's supervisor): acknowledging it. The other
 * supervisor rights on a case are for the supervisor of the group holding it.
 */
export function withAcknowledgeRight(c: Case, person: Person | PersonRef, roles: readonly Role[]): Role[] {
  if (roles.includes('supervisor') || !pendingFor(c, person).some((e) => e.toPerson !== undefined)) return [...roles];
  return [...roles, 'supervisor'];
}

/**
 * Whether `person` may acknowledge an escalation on the case: one waits for them (`pendingFor`), and they hold the
 * right (`withAcknowledgeRight`). The rule of the click and of the button on their card alike.
 */
export const mayAcknowledge = (c: Case, person: Person | PersonRef, roles: readonly Role[]): boolean =>
  AVAILABLE.acknowledge_escalation(c) &&
  mayDo('acknowledge_escalation', withAcknowledgeRight(c, person, roles)) &&
  pendingFor(c, person).length > 0;

export const hasDocumentedSolution = (c: Case): boolean => c.solution !== undefined && !showsNothing(c.solution.text);

/**
 * The case's latest `article_saved` or `article_withdrawn` after its latest resolution (any entry that made it
 * resolved: resolve, an order handed out, a major incident resolved …).
 */
function articleEntry(c: Case): AuditEntry | undefined {
  const resolution = currentResolution(c);
  return c.history
    .slice(resolution ? c.history.lastIndexOf(resolution) + 1 : 0)
    .findLast((h) => h.action === 'article_saved' || h.action === 'article_withdrawn');
}

/**
 * Whether the case's current solution was saved as a known solution: "Save as known solution" is once per
 * resolution. A reopen withdraws the article (the solution did not work), so the next resolution's solution may be
 * saved, overwriting the case's article.
 */
export const articleSaved = (c: Case): boolean => articleEntry(c)?.action === 'article_saved';

/** The id of the article saved from the case's current solution (see `articleSaved`), if any. */
export function savedArticleId(c: Case): string | undefined {
  const entry = articleEntry(c);
  return entry?.action === 'article_saved' ? entry.detail : undefined;
}

/**
 * Whether the verb makes sense in the case's current state (shown on cards, and the service's first guard).
 * Refresh and notes are always possible.
 */
export const AVAILABLE: Record<Exclude<CaseVerb, 'open_form'>, (c: Case) => boolean> = {
  // Also a case held by an erased person's placeholder (data protection): nobody works it, a colleague claims it.
  claim: (c) => isOpen(c.status) && (!c.assignee || namesNobody(c.assignee)),
  assign: (c) => isOpen(c.status),
  unassign: (c) => isOpen(c.status) && c.assignee !== undefined,
  set_status: (c) => isOpen(c.status),
  // A resolved case may still have its category and type corrected before it is closed (its priority not: the
  // SLA was measured against it); a closed case is final.
  classify: (c) => isOpen(c.status) || c.status === 'resolved',
  note: () => true,
  escalate_group: (c) => isOpen(c.status),
  escalate_manager: (c) => c.status !== 'closed',
  acknowledge_escalation: (c) => pendingHierarchical(c) !== undefined,
  resolve: (c) => isOpen(c.status),
  close: (c) => c.status === 'resolved',
  return_to_technician: (c) => c.status === 'resolved',
  save_article: (c) =>
    (c.status === 'resolved' || c.status === 'closed') && hasDocumentedSolution(c) && !articleSaved(c),
  // An order its approver rejected was decided, not solved: its requester has nothing to confirm and nothing to
  // reopen ("No, still a problem" would restart a decided order); they may place a new order (`isRejectedOrder`).
  confirm_solved: (c) => c.status === 'resolved' && !isRejectedOrder(c),
  still_a_problem: (c) => (c.status === 'resolved' || c.status === 'closed') && !isRejectedOrder(c),
  // Not by a staff member standing in for a student nobody named (`standsInForUser`).
  evaluate: (c) => c.status === 'closed' && c.evaluation === undefined && !standsInForUser(c),
  refresh: () => true,
  // A first diagnosis (PROCESS.md step 5): while the case is being worked on.
  similar: (c) => isOpen(c.status),
  // Major incidents (issue 9): a parent is never linked, a linked report is never a parent.
  declare_major: (c) => isOpen(c.status) && c.major === undefined && c.parentId === undefined,
  link_major: (c) => isOpen(c.status) && c.major === undefined && c.parentId === undefined,
  // Not a closed report: taking it off would only post a card for a finished case and rewrite its SLA record.
  unlink_major: (c) => c.parentId !== undefined && c.status !== 'closed',
  major_update: (c) => c.major !== undefined && isOpen(c.status),
};
