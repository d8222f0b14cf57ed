import { type AnswerValue, type Case, isOpen, type Person, type PersonRef } from '../../models/case.js';
import { ORDER_ANSWER, readOrder } from '../orders/order.js';
import { ANY_EMAIL, holdsAddressOrId, replaceAddressesAndIds, wholeWord } from './match.js';

/** Who to remove: every id, e-mail and identifying term (name, name parts, phone, username, university ID). */
export interface Subject {
  ids: Set<string>;
  emails: Set<string>;
  terms: string[];
  /** Full names (first and last name): what says a text is about the person, where a first name alone does not. */
  names: string[];
  /** Their phone numbers (also among `terms`): with e-mails, ids and full names, what leaves a shared article. */
  phones: string[];
  /**
   * How the transports write them into stored text by platform id when they know no name for them (a Slack mention
   * the directory could not name is stored as `@U0BO`, see `PersonRefKind.textForms`): found and removed as whole
   * tokens wherever ids are, in text about anyone.
   */
  handles: string[];
}

const REMOVED = '[removed]';

/** The subject made of these people: their ids, e-mails and the words that name them. */
export function subjectOf(persons: readonly (Person | PersonRef)[]): Subject {
  const s: Subject = { ids: new Set(), emails: new Set(), terms: [], names: [], phones: [], handles: [] };
  const terms = new Set<string>();
  const names = new Set<string>();
  const phones = new Set<string>();
  for (const p of persons) {
    s.ids.add(p.id);
    const name = p.name.trim().replace(/\s+/g, ' ');
    if (name.includes(' ')) names.add(name);
    if (p.email) s.emails.add(p.email.trim().toLowerCase());
    const full = p as Person;
    if (full.phone?.trim()) phones.add(full.phone.trim());
    for (const v of [p.name, full.phone, full.username, full.universityId, full.office]) {
      if (!v?.trim()) continue;
      terms.add(v.trim());
      // Name parts too ("Anna" in "Hi Anna"), but not initials or short particles.
      if (v === p.name) for (const part of v.split(/\s+/)) if (part.length >= 3) terms.add(part);
    }
  }
  // Longest first, so "Anna Jensen" goes before "Anna".
  s.terms = [...terms].sort((a, b) => b.length - a.length);
  s.names = [...names];
  s.phones = [...phones];
  return s;
}

/** True when the person is (one of) the subject: same id or same e-mail. */
export function isSubject(p: Person | PersonRef | undefined, s: Subject): boolean {
  if (!p) return false;
  return s.ids.has(p.id) || (p.email !== undefined && s.emails.has(p.email.trim().toLowerCase()));
}

/**
 * Removes the subject from free text: their e-mail addresses and ids (whole: not those of whom an address or id
 * merely ends or starts the same, see `match.ts`), then names and other terms as whole words (case-insensitive).
 * With `allEmails`, every e-mail address goes (retention: nobody's is kept).
 */
export function scrubText(text: string, s: Subject, allEmails = false): string {
  let out = replaceAddressesAndIds(allEmails ? text.replace(ANY_EMAIL, REMOVED) : text, s, REMOVED);
  for (const h of s.handles) out = out.replace(wholeWord(h), REMOVED);
  for (const t of s.terms) out = out.replace(wholeWord(t), REMOVED);
  return out;
}

/**
 * True when the text names the subject: one of their e-mails (any case), ids, handles (`@U0BO`) or full names
 * (handles and names as whole words, any case); e-mails and ids whole (`holdsAddressOrId`).
 */
export function mentionsSubject(text: string, s: Subject): boolean {
  if (holdsAddressOrId(text, s)) return true;
  if (s.handles.some((h) => wholeWord(h, 'iu').test(text))) return true;
  return s.names.some((n) => wholeWord(n, 'iu').test(text));
}

/**
 * The subject as it is found in text about someone else: their e-mails, ids, full names and phone numbers, not
 * single name parts ("Anna" in another case may be another Anna). For the cases and messages that are not theirs
 * but name them (a note saying "Asked @Anna Berg"), as for shared articles (`scrubArticle`).
 */
export function namedOnly(s: Subject): Subject {
  return { ...s, terms: [...s.names, ...s.phones].sort((a, b) => b.length - a.length) };
}

/** One free-text place of a case that names the subject (`where`: `title`, `note:<id>`, `answer:<key>` …). */
export interface CaseMention {
  caseNumber: string;
  where: string;
  text: string;
}

/** The free-text places of the case that name the subject (`mentionsSubject`: e-mail, id or full name). */
export function mentionsOnCase(c: Case, s: Subject): CaseMention[] {
  const texts: [string, string | undefined][] = [
    ['title', c.title],
    ['description', c.description],
    ...Object.entries(c.answers).map(([k, v]): [string, string | undefined] => [
      `answer:${k}`,
      typeof v === 'string' ? v : undefined,
    ]),
    ...c.notes.map((n): [string, string] => [`note:${n.id}`, n.text]),
    ...c.escalations.map((e, i): [string, string] => [`escalation:${i + 1}`, e.reason]),
    ['solution', c.solution?.text],
    ...(c.earlierSolutions ?? []).map((e, i): [string, string] => [`earlier_solution:${i + 1}`, e.text]),
    ['pending_question', c.pendingQuestion?.text],
    ['evaluation', c.evaluation?.comment],
    ...(c.attachments ?? []).map((a): [string, string] => [`attachment:${a.id}`, a.name]),
    ['vendor_reference', c.vendor?.reference],
    ['major_summary:da', c.major?.summary.da],
    ['major_summary:en', c.major?.summary.en],
    ...c.history.flatMap((h, i) =>
      [h.detail, h.from, h.to].map((t): [string, string | undefined] => [`history:${i + 1}:${h.action}`, t]),
    ),
  ];
  return texts.flatMap(([where, text]) =>
    text !== undefined && mentionsSubject(text, s) ? [{ caseNumber: c.number, where, text }] : [],
  );
}

/** Strips a full person record down to the placeholder (keeps only the locale, which is no personal data). */
function replacePerson(p: Person, placeholder: PersonRef): Person {
  return { id: placeholder.id, name: placeholder.name, ...(p.locale ? { locale: p.locale } : {}) };
}

/**
 * The case with the subject replaced by `placeholder(person)` wherever a person is named, and removed from every
 * free-text field. Figures (status, times, category, group, priority, SLA, evaluation score) stay as they were.
 * Attachments the subject sent are dropped (a placeholder cannot stand in for a picture), all of them when the
 * case is the subject's own (what others attached to it is about them too); the files themselves are deleted by
 * the caller (`CaseStore.deleteFiles`). The names of the attachments that stay lose the subject like other text.
 */
export function scrubCase(
  c: Case,
  s: Subject,
  placeholder: (p: PersonRef) => PersonRef,
  opts: { allEmails?: boolean } = {},
): Case {
  const text = (t: string): string => scrubText(t, s, opts.allEmails);
  const ref = <T extends PersonRef | undefined>(p: T): T => (p && isSubject(p, s) ? (placeholder(p) as T) : p);
  const answers = Object.fromEntries(
    Object.entries(c.answers).map(([k, v]) => [
      k,
      k === ORDER_ANSWER && typeof v === 'string'
        ? scrubOrderAnswer(v, text, ref, isOpen(c.status))
        : typeof v === 'string'
          ? text(v)
          : v,
    ]),
  );
  const next: Case = {
    ...c,
    title: text(c.title),
    description: text(c.description),
    answers,
    user: isSubject(c.user, s) ? replacePerson(c.user, placeholder(c.user)) : c.user,
    notes: c.notes.map((n) => ({ ...n, author: ref(n.author), text: text(n.text) })),
    escalations: c.escalations.map((e) => ({
      ...e,
      by: ref(e.by),
      ...(e.toPerson ? { toPerson: ref(e.toPerson) } : {}),
      reason: text(e.reason),
    })),
    history: c.history.map((h) => ({
      ...h,
      actor: ref(h.actor),
      ...(h.detail !== undefined ? { detail: text(h.detail) } : {}),
      ...(h.from !== undefined ? { from: text(h.from) } : {}),
      ...(h.to !== undefined ? { to: text(h.to) } : {}),
    })),
  };
  const attachments = isSubject(c.user, s) ? [] : (c.attachments ?? []).filter((a) => !isSubject(a.by, s));
  if (attachments.length > 0) next.attachments = attachments.map((a) => ({ ...a, name: text(a.name) }));
  else delete next.attachments;
  if (c.reporter)
    next.reporter = isSubject(c.reporter, s) ? replacePerson(c.reporter, placeholder(c.reporter)) : c.reporter;
  if (c.assignee) next.assignee = ref(c.assignee);
  if (c.caseOwner) next.caseOwner = ref(c.caseOwner);
  if (c.solution) next.solution = { ...c.solution, by: ref(c.solution.by), text: text(c.solution.text) };
  if (c.earlierSolutions)
    next.earlierSolutions = c.earlierSolutions.map((e) => ({ ...e, by: ref(e.by), text: text(e.text) }));
  if (c.pendingQuestion) {
    next.pendingQuestion = { ...c.pendingQuestion, by: ref(c.pendingQuestion.by), text: text(c.pendingQuestion.text) };
  }
  if (c.vendor) {
    next.vendor = { ...c.vendor, ...(c.vendor.reference ? { reference: text(c.vendor.reference) } : {}) };
  }
  if (c.evaluation?.comment !== undefined) next.evaluation = { ...c.evaluation, comment: text(c.evaluation.comment) };
  if (c.major) {
    next.major = {
      ...c.major,
      declaredBy: ref(c.major.declaredBy),
      summary: { da: text(c.major.summary.da), en: text(c.major.summary.en) },
    };
  }
  return next;
}

/**
 * An equipment order's answer (JSON), rewritten field by field rather than as text: its approver replaced like
 * every other person on the case (or, on an open case waiting for approval, removed and the decision handed to the
 * desk), the free text in it (special items, reasons, places, vendor references) scrubbed,
 * and the JSON still readable afterwards (a name could otherwise match one of its keys). An answer that is not a
 * readable order is scrubbed as text.
 */
function scrubOrderAnswer(
  raw: string,
  text: (t: string) => string,
  ref: <T extends PersonRef | undefined>(p: T) => T,
  open: boolean,
): AnswerValue {
  const order = readOrder({ answers: { [ORDER_ANSWER]: raw } });
  if (!order) return text(raw);
  const { approver, ...approval } = order.approval;
  const scrubbed = deepText({ ...order, approval }, text) as typeof order;
  const replaced = approver ? ref(approver) : undefined;
  // An erased approver can approve nothing: the pending decision of an open case goes to the purchasing desk
  // (`Approval.desk`; the erase tells the desk, see `deskApprovals`). A decision taken keeps who took it, as a
  // placeholder.
  if (replaced !== approver && order.approval.state === 'pending' && open) scrubbed.approval.desk = true;
  else if (replaced) scrubbed.approval.approver = replaced;
  return JSON.stringify(scrubbed);
}

/** Every string value in a JSON value through `text` (keys untouched). */
function deepText(value: unknown, text: (t: string) => string): unknown {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((v) => deepText(v, text));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepText(v, text)]));
  }
  return value;
}

/**
 * Everyone a case names: user, reporter, staff on it, note authors, escalation parties, history actors, senders of
 * attachments, an equipment order's approver.
 */
export function peopleOnCase(c: Case): PersonRef[] {
  const out: (Person | PersonRef | undefined)[] = [
    c.user,
    c.reporter,
    c.assignee,
    c.caseOwner,
    c.solution?.by,
    ...(c.earlierSolutions ?? []).map((e) => e.by),
    c.pendingQuestion?.by,
    c.major?.declaredBy,
    ...c.notes.map((n) => n.author),
    ...c.escalations.flatMap((e) => [e.by, e.toPerson]),
    ...c.history.map((h) => h.actor),
    ...(c.attachments ?? []).map((a) => a.by),
    readOrder(c)?.approval.approver,
  ];
  return out.filter((p): p is Person | PersonRef => p !== undefined);
}
