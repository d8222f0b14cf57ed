import { type CaseForm, MAX_COMMENT, type MajorForm } from '../cards/card-actions.js';
import type { ActionView, CaseCardView, FactView, InputView } from '../cards/view-models.js';
import type { CatalogueIndex } from '../config/catalogue-index.js';
import type { BusinessCalendar } from '../models/business-calendar.js';
import type { AttachmentRef, Case, CardRef, Locale, Person, PersonRef } from '../models/case.js';
import { isOpen } from '../models/case.js';
import { isBreached } from '../models/sla.js';
import type { Role } from '../models/status-machine.js';
import { formatBytes, wellFormed } from './attachments.js';
import { formatTime } from './i18n.js';
import { categoryLabel, groupLabel, priorityLabel, statusLabel, typeLabel } from './lifecycle/labels.js';
import { classifyView, escalationGroupChoices, managerChain } from './lifecycle/case-forms.js';
import { assignMenuChoices } from './lifecycle/group-people.js';
import { listMessages } from './lifecycle/messages.js';
import { AVAILABLE, type CaseVerb, mayAcknowledge, VERB_ROLES } from './lifecycle/permissions.js';
import { majorLabels } from './major/major-messages.js';
import { isStaff, rolesFor, samePerson } from './roles.js';
import { handedOverOutside } from './sla/handover-clock.js';

/** What rendering a case needs. `now` (default: the time of rendering) decides whether the SLA reads breached. */
export interface CaseViewDeps {
  catalogue: CatalogueIndex;
  timeZone: string;
  /** The card's language: the viewer's, or the deployment default for channel cards. */
  locale: Locale;
  calendar?: BusinessCalendar;
  now?: Date;
  /** Formats times; default `formatTime` in `timeZone` (batch callers such as the SLA sweeper pass a cached one). */
  formatTime?: (iso: string, locale: Locale) => string;
  /**
   * The bot's public base URL (PUBLIC_URL): attachments on the card link to `<publicUrl>/files/<id>/<name>`.
   * Without it they are listed without links (nobody could open them).
   */
  publicUrl?: string;
  /**
   * Whether it is known without waiting that no manager of the viewer is known outside the catalogue (the managers
   * file, Microsoft Graph: `LifecycleDeps.knownNobodyAbove`). Without it, she may have one.
   */
  knownNobodyAbove?: (viewer: Person) => boolean;
}

function timeOf(deps: CaseViewDeps, iso: string, locale: Locale): string {
  return deps.formatTime ? deps.formatTime(iso, locale) : formatTime(iso, locale, deps.timeZone);
}

/**
 * The escalate menu's option for a hierarchical escalation to the group's supervisor: `escalate_group` with this
 * `groupId` is handled as `escalate_manager` (reason code `other`). Group ids cannot contain ':'.
 */
export const MANAGER_TARGET = 'manager:supervisor';

const L = {
  due: { da: 'frist', en: 'due' },
  breached: { da: 'overskredet', en: 'breached' },
  paused: { da: 'sat på pause (afventer bruger)', en: 'paused (awaiting user)' },
  pausedOutside: { da: 'sat på pause (givet videre uden for AU IT)', en: 'paused (handed over outside AU IT)' },
  unassigned: { da: 'Ikke tildelt', en: 'Unassigned' },
  user: { da: 'Bruger', en: 'User' },
  reporter: { da: 'Anmelder', en: 'Reporter' },
  owner: { da: 'Ejer', en: 'Owner' },
  caseOwner: { da: 'Sagsejer', en: 'Case owner' },
  vendor: { da: 'Leverandør', en: 'Vendor' },
  question: { da: 'Spørgsmål til brugeren', en: 'Question to the user' },
  reopened: { da: 'Genåbnet', en: 'Reopened' },
  earlierSolution: {
    da: (at: string, by: string) => `Tidligere løsning, holdt ikke (${at}, ${by})`,
    en: (at: string, by: string) => `Earlier solution, did not hold (${at}, ${by})`,
  },
  escalatedTo: { da: 'Eskaleret til', en: 'Escalated to' },
  created: { da: 'Oprettet', en: 'Created' },
  evaluation: { da: 'Evaluering', en: 'Evaluation' },
  moved: {
    da: (g: string, n: string) => `Flyttet til ${g} af ${n}`,
    en: (g: string, n: string) => `Moved to ${g} by ${n}`,
  },
  withDesk: {
    da: (g: string) => `Hos ${g}, der arbejder på sagen`,
    en: (g: string) => `With ${g}, working on the case`,
  },
  backWithOwner: {
    da: (desk: string, owner: string) =>
      `Løst af ${desk} og tilbage hos ${owner}: tjek løsningen, og luk sagen eller send den tilbage til teknikeren`,
    en: (desk: string, owner: string) =>
      `Solved by ${desk} and back with ${owner}: check the solution, then close the case or return it to the technician`,
  },
  withOwner: {
    da: (owner: string) => `Løst og tilbage hos ${owner}, som tjekker løsningen og lukker sagen`,
    en: (owner: string) => `Solved and back with ${owner}, who checks the solution and closes the case`,
  },
  claim: { da: 'Tag sagen', en: 'Claim' },
  unassign: { da: 'Fjern tildeling', en: 'Unassign' },
  note: { da: 'Tilføj note', en: 'Add note' },
  resolve: { da: 'Løs', en: 'Resolve' },
  escalate: { da: 'Eskalér', en: 'Escalate' },
  status: { da: 'Status', en: 'Status' },
  assign: { da: 'Tildel', en: 'Assign' },
  close: { da: 'Luk', en: 'Close' },
  returnToTech: { da: 'Tilbage til tekniker', en: 'Return to technician' },
  saveArticle: { da: 'Gem som kendt løsning', en: 'Save as known solution' },
  classify: { da: 'Klassificér', en: 'Classify' },
  refresh: { da: 'Opdatér', en: 'Refresh' },
  similar: { da: 'Lignende sager', en: 'Similar cases' },
  acknowledge: { da: 'Kvittér for eskalering', en: 'Acknowledge escalation' },
  solved: { da: 'Ja, løst', en: 'Yes, solved' },
  stillAProblem: { da: 'Nej, stadig et problem', en: 'No, still a problem' },
  manager: { da: 'Leder', en: 'Manager' },
  notDocumented: { da: 'Løsningen er ikke dokumenteret godt nok', en: 'The solution is not documented well enough' },
  notAnswered: { da: 'Brugeren har ikke fået et fuldt svar', en: 'The user did not get a full answer' },
} as const;

/**
 * The case card for a viewer (null = the channel card of the group holding it, `presentChannelCard`). Labels are
 * localised; the latest 3 notes are shown (internal ones only to staff); actions and menus are those the viewer's
 * roles allow in the current status, each carrying the case id and version. Menus: `id` is the action field the
 * chosen option fills (`assigneeEmail`, `status`, `groupId`, `reason`); the transport adds `verb`, `caseId` and
 * `version`. Where the verb needs more input (a reason to escalate, the vendor or the question for a status) the
 * transport asks for it, e.g. with the form `open_form` returns (`presentCaseForm`). `parent`: the major incident
 * a linked report is part of, named on the card by number and status (without it, staff see only that it is one).
 */
export function presentCase(
  c: Case,
  viewer: Person | null,
  deps: CaseViewDeps,
  parent?: Pick<Case, 'number' | 'status'>,
): CaseCardView {
  if (viewer === null) return presentChannelCard(c, deps, c.groupId, parent);
  const roles = rolesFor(viewer, c, deps.catalogue);
  const staffView = isStaff(viewer, deps.catalogue);
  const card = baseCard(c, deps, staffView, parent);
  // Any staff member may look any case up, so they may refresh it and look for similar ones too. Acknowledge is
  // offered to whom an escalation waits for, as the click decides (`mayAcknowledge`): the supervisor it pinged
  // (also outside the group holding the case), not the holding group's supervisor when it waits for someone else.
  const allowed = (v: Exclude<CaseVerb, 'open_form'>): boolean =>
    v === 'acknowledge_escalation'
      ? mayAcknowledge(c, viewer, roles)
      : AVAILABLE[v](c) &&
        (VERB_ROLES[v].some((r) => roles.includes(r)) || ((v === 'refresh' || v === 'similar') && staffView));
  return { ...card, ...actionsFor(c, allowed, deps, viewer) };
}

/**
 * Whether a case handled by another group is back with its owner group (PROCESS.md, steps 8–9: "mark solved; the
 * case returns to its owner"): resolved, or closed after the owner's quality check, while `groupId` is not the
 * owner's. Returning it to the technician or a reopen makes it open again, and it is with the desk once more.
 */
export function isBackWithOwner(c: Case): boolean {
  return c.groupId !== c.ownerGroupId && (c.status === 'resolved' || c.status === 'closed');
}

/**
 * The channel cards that show the working case card (`presentChannelCard`): every active card and, while the case
 * is back with its owner (`isBackWithOwner`), the owner group's latest card in each of its channels. Every other
 * card says where the case went (`presentMovedCard`). Thread replies go under the working cards.
 */
export function workingCards(c: Case): CardRef[] {
  const working = c.cards.filter((r) => r.active);
  if (!isBackWithOwner(c)) return working;
  const latest = new Map<string, CardRef>();
  for (const r of c.cards)
    if (!r.active && r.groupId === c.ownerGroupId) latest.set(`${r.platform}\u0000${r.channelId}`, r);
  return [...working, ...latest.values()];
}

/**
 * The working case card in the channel of group `groupId` (default: the group holding the case), seen by that
 * group: it offers the actions the group's people may take (the roles of `channelRoles`), so a desk's card has no
 * 1st-level-only Close or Return, and the owner group's card of a case back with it has them. While the case is
 * back with its owner, a banner on both cards says so.
 */
export function presentChannelCard(
  c: Case,
  deps: CaseViewDeps,
  groupId: string = c.groupId,
  parent?: Pick<Case, 'number' | 'status'>,
): CaseCardView {
  const roles = channelRoles(c, groupId, deps.catalogue);
  const card = baseCard(c, deps, true, parent);
  const allowed = (v: Exclude<CaseVerb, 'open_form'>): boolean =>
    AVAILABLE[v](c) && (v === 'refresh' || VERB_ROLES[v].some((r) => roles.includes(r)));
  const banner = c.status === 'resolved' && isBackWithOwner(c) ? backBanner(c, groupId, deps) : undefined;
  return { ...card, ...actionsFor(c, allowed, deps), ...(banner ? { banner } : {}) };
}

/**
 * The roles the people of a group's channel hold towards the case: the group holding it works it (member,
 * supervisor, and the named case owner is among them), and a 1st-level group's people are 1st level.
 */
function channelRoles(c: Case, groupId: string, catalogue: CatalogueIndex): Role[] {
  const roles: Role[] = groupId === c.groupId ? ['group_member', 'supervisor', 'case_owner'] : [];
  if (catalogue.group(groupId)?.level === 1) roles.push('first_level');
  return roles;
}

function backBanner(c: Case, groupId: string, deps: CaseViewDeps): string {
  const owner = groupLabel(deps.catalogue, c.ownerGroupId, deps.locale);
  if (groupId !== c.ownerGroupId) return L.withOwner[deps.locale](owner);
  return L.backWithOwner[deps.locale](groupLabel(deps.catalogue, c.groupId, deps.locale), owner);
}

/**
 * The read-only card a user sees when looking their case up: public notes only, no actions but refresh. A report
 * linked to a major incident says which one (`parent`: its number and status, nothing more of it).
 */
export function presentCaseForUser(
  c: Case,
  deps: CaseViewDeps,
  parent?: Pick<Case, 'number' | 'status'>,
): CaseCardView {
  const card = baseCard(c, deps, false, parent);
  return { ...card, actions: [button(c, 'refresh', L.refresh[deps.locale])] };
}

/**
 * The card left in a group's channel after the case moved on (functional escalation): a banner saying where it
 * went and who moved it, and no actions.
 */
export function presentMovedCard(c: Case, ref: CardRef, deps: CaseViewDeps): CaseCardView {
  const card = baseCard(c, deps, true);
  const move = [...c.escalations]
    .reverse()
    .find((e) => e.kind === 'functional' && e.fromGroupId === ref.groupId && e.toGroupId !== undefined);
  const to = groupLabel(deps.catalogue, move?.toGroupId ?? c.groupId, deps.locale);
  // A case routed straight to a desk never moved out of its owner's channel: it says where the case is, not who
  // moved it (the last actor could be anyone, e.g. the user reopening it).
  const banner = move ? L.moved[deps.locale](to, move.by.name) : L.withDesk[deps.locale](to);
  return { ...card, banner, actions: [], menus: [] };
}

function baseCard(
  c: Case,
  deps: CaseViewDeps,
  staffView: boolean,
  parent?: Pick<Case, 'number' | 'status'>,
): CaseCardView {
  const { catalogue, locale } = deps;
  const sla = slaLabel(c, deps);
  const notes = c.notes
    .filter((n) => staffView || n.visibility === 'public')
    .slice(0, 3)
    .map((n) => ({
      author: n.author.name,
      at: timeOf(deps, n.at, locale),
      text: n.text,
      internal: n.visibility === 'internal',
    }));
  return {
    kind: 'case',
    locale,
    caseId: c.id,
    number: c.number,
    version: c.version,
    title: c.title,
    typeLabel: typeLabel(c.type, locale),
    categoryLabel: categoryLabel(catalogue, c.categoryId, locale),
    priority: c.priority,
    priorityLabel: priorityLabel(catalogue, c.priority, locale),
    status: c.status,
    statusLabel: statusLabel(c.status, locale),
    userLabel: personLabel(c.user),
    ...(c.reporter ? { reporterLabel: personLabel(c.reporter) } : {}),
    groupLabel: groupLabel(catalogue, c.groupId, locale),
    assigneeLabel: c.assignee?.name ?? L.unassigned[locale],
    ...(sla ? { slaLabel: sla.label } : {}),
    breached: sla?.breached ?? false,
    notes,
    ...solutionViews(c, deps),
    ...(c.attachments?.length ? { attachments: attachmentViews(c.attachments, deps) } : {}),
    facts: facts(c, deps, staffView, parent),
    actions: [],
    menus: [],
  };
}

/**
 * The solution field (PROCESS.md step 8, newest on top): the current solution of a resolved or closed case, and
 * under it the earlier ones that did not hold, newest first. A case back at work (reopened, returned to its
 * technician) has no current solution: the one it still carries is the newest that did not hold.
 */
function solutionViews(c: Case, deps: CaseViewDeps): Pick<CaseCardView, 'solution' | 'earlierSolutions'> {
  const done = c.status === 'resolved' || c.status === 'closed';
  const current = done ? c.solution : undefined;
  const earlier = [...(c.solution && !done ? [c.solution] : []), ...(c.earlierSolutions ?? [])];
  return {
    ...(current ? { solution: current.text } : {}),
    ...(earlier.length > 0
      ? {
          earlierSolutions: earlier.map((e) => ({
            heading: L.earlierSolution[deps.locale](timeOf(deps, e.at, deps.locale), e.by.name),
            text: e.text,
          })),
        }
      : {}),
  };
}

/** The user's files, oldest first, with their size in the card's language and, with a public URL, their link. */
function attachmentViews(
  files: readonly AttachmentRef[],
  deps: CaseViewDeps,
): NonNullable<CaseCardView['attachments']> {
  const base = deps.publicUrl?.replace(/\/+$/, '');
  return [...files]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map((f) => ({
      name: f.name,
      size: formatBytes(f.size, deps.locale),
      ...(base ? { url: `${base}/files/${f.id}/${linkName(f.name)}` } : {}),
    }));
}

/** Characters of the link's name segment at most: most names fit as they are, and ten links stay small. */
const LINK_NAME_MAX = 240;

/**
 * The link's last segment: the file name, percent-encoded (only so the browser saves it under that name; the route
 * ignores it). A name whose encoding is long (120 Chinese characters or emoji take 9–12 each) is shortened before
 * its extension, so ten links cannot crowd a card off the platforms' size limits.
 */
function linkName(name: string): string {
  const chars = Array.from(wellFormed(name));
  const encode = (cs: readonly string[]) => encodeURIComponent(cs.join(''));
  const whole = encode(chars);
  if (whole.length <= LINK_NAME_MAX) return whole;
  const dot = chars.lastIndexOf('.');
  const ext = dot > 0 && chars.length - dot <= 10 ? chars.slice(dot) : [];
  const stem = chars.slice(0, chars.length - ext.length);
  const room = LINK_NAME_MAX - encode(ext).length - encode(['…']).length;
  let used = 0;
  let keep = 0;
  while (keep < stem.length) {
    const next = encode([stem[keep] ?? '']).length;
    if (used + next > room) break;
    used += next;
    keep++;
  }
  return encode([...stem.slice(0, keep), '…', ...ext]);
}

function personLabel(p: Person | PersonRef): string {
  return p.email ? `${p.name} <${p.email}>` : p.name;
}

/**
 * "due Mon 3 Mar, 14:05" for the running target (response until the first response, then resolution). None for a
 * report linked to a major incident: it has no targets of its own (the major incident carries them), so it is
 * never shown breached.
 */
function slaLabel(c: Case, deps: CaseViewDeps): { label: string; breached: boolean } | undefined {
  if (!isOpen(c.status) || c.parentId) return undefined;
  const { locale } = deps;
  const kind = c.firstResponseAt ? 'resolution' : 'response';
  const due = kind === 'response' ? c.sla.responseDueAt : c.sla.resolutionDueAt;
  const breached =
    c.sla.breaches.some((b) => b.kind === kind) ||
    (due !== undefined && isBreached(kind, c.sla, deps.now ?? new Date()));
  if (c.sla.pausedSince !== undefined && kind === 'resolution') {
    const why = c.status !== 'awaiting_user' && handedOverOutside(c) ? L.pausedOutside : L.paused;
    return { label: why[locale], breached };
  }
  if (!due) return breached ? { label: L.breached[locale], breached } : undefined;
  const when = timeOf(deps, due, locale);
  return {
    label: breached ? `${L.breached[locale]} (${L.due[locale]} ${when})` : `${L.due[locale]} ${when}`,
    breached,
  };
}

function facts(c: Case, deps: CaseViewDeps, staffView: boolean, parent?: Pick<Case, 'number' | 'status'>): FactView[] {
  const { catalogue, locale } = deps;
  const out: FactView[] = [{ label: L.created[locale], value: timeOf(deps, c.createdAt, locale) }];
  if (c.ownerGroupId !== c.groupId)
    out.push({ label: L.owner[locale], value: groupLabel(catalogue, c.ownerGroupId, locale) });
  if (c.caseOwner && staffView) out.push({ label: L.caseOwner[locale], value: c.caseOwner.name });
  if (c.vendor && c.status === 'awaiting_vendor') {
    out.push({
      label: L.vendor[locale],
      value: c.vendor.reference ? `${c.vendor.name} (${c.vendor.reference})` : c.vendor.name,
    });
  }
  if (c.pendingQuestion) out.push({ label: L.question[locale], value: c.pendingQuestion.text });
  // While the other unit has it: not once the case came back to AU IT (taken back, escalated, reopened).
  const external = handedOverOutside(c);
  if (external?.toGroupId)
    out.push({ label: L.escalatedTo[locale], value: groupLabel(catalogue, external.toGroupId, locale) });
  if (c.reopenCount > 0) out.push({ label: L.reopened[locale], value: String(c.reopenCount) });
  if (c.evaluation && staffView) out.push({ label: L.evaluation[locale], value: `${c.evaluation.score}/5` });
  if (c.major) {
    out.push({ label: majorLabels.major[locale], value: c.major.summary[locale] });
    out.push({ label: majorLabels.linkedReports[locale], value: String(c.major.linkedCount) });
  }
  if (c.parentId && parent)
    out.push({ label: majorLabels.partOf[locale], value: `${parent.number} (${statusLabel(parent.status, locale)})` });
  else if (c.parentId && staffView) out.push({ label: majorLabels.partOf[locale], value: majorLabels.major[locale] });
  return out;
}

function button(
  c: Case,
  verb: string,
  label: string,
  style?: ActionView['style'],
  extra: Record<string, unknown> = {},
): ActionView {
  return { action: { verb, caseId: c.id, version: c.version, ...extra }, label, ...(style ? { style } : {}) };
}

const form = (c: Case, name: CaseForm | MajorForm, label: string, style?: ActionView['style']): ActionView =>
  button(c, 'open_form', label, style, { form: name });

/**
 * The optional "What is still wrong?" input that goes with "No, still a problem" (on the solved message and on the
 * user's case card): namespaced by that verb, so no other button takes what is typed there; left empty, it is no
 * comment. Teams and Slack stop typing at `maxLength` (the parser's `MAX_COMMENT`); a longer comment sent anyway is
 * refused naming the limit.
 */
export function stillWrongInput(locale: Locale): InputView {
  return {
    id: 'still_a_problem.comment',
    kind: 'multiline',
    label: listMessages.stillWrong[locale](),
    required: false,
    maxLength: MAX_COMMENT,
  };
}

/**
 * Whom the escalate menu's manager choice names: the supervisor a hierarchical escalation by `viewer` goes to
 * (`managerChain`: above the holding group's supervisor when it is she who clicks); none when every supervisor there
 * is the viewer (her own manager is the directory's to know, asked before her card is rendered), and null when
 * nobody is known above her there either (`CaseViewDeps.knownNobodyAbove`): the escalation could only be refused,
 * so the card does not offer it. The channel card, shared by the group, names the holding group's supervisor.
 */
function managerName(
  c: Case,
  viewer: Person | null,
  deps: Pick<CaseViewDeps, 'catalogue' | 'knownNobodyAbove'>,
): string | undefined | null {
  const chain = managerChain(c, deps.catalogue);
  const to = viewer ? chain.find((g) => !samePerson({ id: '', ...g.supervisor }, viewer)) : chain[0];
  if (to) return to.supervisor.name;
  return viewer && deps.knownNobodyAbove?.(viewer) ? null : undefined;
}

/**
 * Whether every catalogue supervisor a hierarchical escalation of the case would try (`managerChain`) is `viewer`:
 * only a manager of hers outside the catalogue can then be escalated to.
 */
export function onlyViewerAbove(c: Case, viewer: Person | PersonRef, catalogue: CatalogueIndex): boolean {
  return managerChain(c, catalogue).every((g) => samePerson({ id: '', ...g.supervisor }, viewer));
}

/**
 * Whether nobody is known above `viewer` for a hierarchical escalation of the case: every supervisor the
 * escalation would try is she (`managerChain`), and no manager of hers is known either, as far as can be told
 * without waiting (`CaseViewDeps.knownNobodyAbove`). Her card and her escalation form then offer no escalation to
 * the manager: it could only be refused.
 */
export function nobodyAboveViewer(
  c: Case,
  viewer: Person,
  deps: Pick<CaseViewDeps, 'catalogue' | 'knownNobodyAbove'>,
): boolean {
  return managerName(c, viewer, deps) === null;
}

function actionsFor(
  c: Case,
  allowed: (v: Exclude<CaseVerb, 'open_form'>) => boolean,
  deps: CaseViewDeps,
  viewer: Person | null = null,
): Pick<CaseCardView, 'actions' | 'menus' | 'classify' | 'inputs' | 'nobodyAbove'> {
  const { catalogue, locale } = deps;
  const actions: ActionView[] = [];
  const menus: CaseCardView['menus'] = [];
  const group = catalogue.group(c.groupId);
  // Category, type and priority (PROCESS.md steps 2–4), when anything of them may change here.
  const classify = allowed('classify') ? classifyView(c, catalogue, locale) : undefined;
  const classifiable = classify && (classify.categories || classify.types || classify.priorities);
  // Null: nobody is above the viewer, so no escalation to the manager is offered her.
  const manager = allowed('escalate_manager') ? managerName(c, viewer, deps) : null;

  if (allowed('claim')) actions.push(button(c, 'claim', L.claim[locale], 'positive'));
  if (allowed('acknowledge_escalation'))
    actions.push(button(c, 'acknowledge_escalation', L.acknowledge[locale], 'positive'));
  if (allowed('confirm_solved')) actions.push(button(c, 'confirm_solved', L.solved[locale], 'positive'));
  if (allowed('still_a_problem')) actions.push(button(c, 'still_a_problem', L.stillAProblem[locale], 'destructive'));
  if (allowed('resolve')) actions.push(form(c, 'resolve', L.resolve[locale], 'positive'));
  if (allowed('close')) actions.push(button(c, 'close', L.close[locale], 'positive'));
  if (allowed('note')) actions.push(form(c, 'note', L.note[locale]));
  if (classifiable) actions.push(form(c, 'classify', L.classify[locale]));
  if (allowed('escalate_group') || manager !== null) actions.push(form(c, 'escalate', L.escalate[locale]));
  if (allowed('unassign')) actions.push(button(c, 'unassign', L.unassign[locale]));
  if (allowed('save_article')) actions.push(button(c, 'save_article', L.saveArticle[locale]));
  if (allowed('major_update')) actions.push(form(c, 'major_update', majorLabels.update[locale]));
  if (allowed('declare_major')) actions.push(form(c, 'declare_major', majorLabels.declare[locale]));
  if (allowed('link_major')) actions.push(form(c, 'link_major', majorLabels.link[locale]));
  if (allowed('unlink_major')) actions.push(button(c, 'unlink_major', majorLabels.unlink[locale]));
  if (allowed('similar')) actions.push(button(c, 'similar', L.similar[locale]));
  if (allowed('refresh')) actions.push(button(c, 'refresh', L.refresh[locale]));

  if (allowed('assign') && group) {
    const assignee = c.assignee?.email?.toLowerCase();
    const { options, search } = assignMenuChoices(group, assignee);
    if (options.length > 0)
      menus.push({
        id: 'assigneeEmail',
        label: L.assign[locale],
        verb: 'assign',
        options,
        ...(search ? { search } : {}),
      });
  }
  if (allowed('set_status')) {
    const options = (['in_progress', 'awaiting_vendor', 'awaiting_user'] as const)
      .filter((s) => s !== c.status)
      .map((s) => ({ value: s, label: statusLabel(s, locale) }));
    menus.push({ id: 'status', label: L.status[locale], verb: 'set_status', options });
  }
  if (allowed('escalate_group')) {
    const options = escalationGroupChoices(c, catalogue, locale);
    if (manager !== null) {
      const who = manager ? ` (${manager})` : '';
      options.push({ value: MANAGER_TARGET, label: `${L.manager[locale]}${who}` });
    }
    menus.push({ id: 'groupId', label: L.escalate[locale], verb: 'escalate_group', options });
  }
  if (allowed('return_to_technician')) {
    menus.push({
      id: 'reason',
      label: L.returnToTech[locale],
      verb: 'return_to_technician',
      options: [L.notDocumented[locale], L.notAnswered[locale]].map((r) => ({ value: r, label: r })),
    });
  }
  // "No, still a problem" takes what the user typed here as their comment.
  const inputs = allowed('still_a_problem') ? { inputs: [stillWrongInput(locale)] } : {};
  const above = allowed('escalate_manager') && manager === null ? { nobodyAbove: true } : {};
  return { actions, menus, ...(classifiable ? { classify } : {}), ...inputs, ...above };
}
