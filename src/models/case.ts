/**
 * The case (incident or service request) as the domain sees it. Plain data, JSON-serialisable: both store
 * adapters persist it as a document. All times are UTC ISO-8601 strings (`Date#toISOString()`), so they sort
 * lexicographically.
 */
export const CASE_TYPES = ['incident', 'service_request'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** The seven statuses of PROCESS.md (appendix 2). */
export const CASE_STATUSES = [
  'registered',
  'assigned',
  'in_progress',
  'awaiting_vendor',
  'awaiting_user',
  'resolved',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Open statuses: everything until resolved. */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'registered',
  'assigned',
  'in_progress',
  'awaiting_vendor',
  'awaiting_user',
];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const LEVELS = ['high', 'medium', 'low'] as const;
/** Impact and urgency share one three-step scale. */
export type Level = (typeof LEVELS)[number];

export const LOCALES = ['da', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type Platform = 'teams' | 'slack';
/**
 * Where a conversation with the bot shows: a chat, whose messages stay (the registered view with them), or a form
 * that closes once done (a Slack modal).
 */
export const SURFACES = ['chat', 'form'] as const;
export type Surface = (typeof SURFACES)[number];
/** How the case reached us. */
export type IntakeChannel = Platform | 'phone' | 'desk';

/**
 * A person. `id` is platform-qualified: `teams:<aadObjectId>`, `slack:<userId>` or `email:<address>` for people
 * looked up in the directory who have not talked to the bot yet.
 */
export interface Person {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  office?: string;
  username?: string;
  department?: string;
  universityId?: string;
  locale?: Locale;
}

/** A short reference to a person, kept on notes, history and assignments. */
export interface PersonRef {
  id: string;
  name: string;
  email?: string;
}

/**
 * Whether a person on a case is a placeholder with nobody behind it (`anonymous:…`): the user of a quick case that
 * names nobody (`ANONYMOUS_QUICK`) or one erased for data protection. Nothing is sent to them; it would only
 * dead-letter.
 */
export const namesNobody = (p: Pick<PersonRef, 'id'>): boolean => p.id.startsWith('anonymous:');

/** `p` when a message to them reaches someone: undefined for nobody, and for a placeholder (`namesNobody`). */
export const reachable = <P extends Pick<PersonRef, 'id'>>(p: P | undefined): P | undefined =>
  p && !namesNobody(p) ? p : undefined;

/**
 * A picture or file a person sent the bot with their report or later (`add`, an answer). The bytes live in the
 * store's file table (`CaseStore.saveFile`); the case keeps this description. `id` is 256 random bits
 * (base64url): it names the file in its download link (`<PUBLIC_URL>/files/<id>/<name>`) and is that link's only
 * key, as with report charts, so it is never shown anywhere the card is not.
 */
export interface AttachmentRef {
  id: string;
  /** The file name as sent (cleaned: no path, no control characters, at most 120 characters). */
  name: string;
  /** The MIME type as the platform gave it, lower case; `application/octet-stream` when unknown. */
  contentType: string;
  /** Bytes. */
  size: number;
  at: string;
  by: PersonRef;
}

/** At most this many bytes per attachment (10 MB); a bigger file is refused with a friendly word. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** At most this many attachments per case (and per report draft). */
export const ATTACHMENTS_PER_CASE = 10;

export type NoteVisibility = 'internal' | 'public';

export interface Note {
  id: string;
  at: string;
  author: PersonRef;
  text: string;
  visibility: NoteVisibility;
  /** Set when the note is the user's own reply to an "awaiting user" question. */
  fromUser?: boolean;
}

export type EscalationKind = 'functional' | 'hierarchical';
export type HierarchicalReason = 'complaint' | 'agreement_at_risk' | 'agreement_broken' | 'other';

export interface Escalation {
  kind: EscalationKind;
  at: string;
  by: PersonRef;
  fromGroupId: string;
  /** Functional: the group that has the case now (or `external:<name>` for another directorate). */
  toGroupId?: string;
  /** Hierarchical: the manager pinged. */
  toPerson?: PersonRef;
  reason: string;
  reasonCode?: HierarchicalReason;
  acknowledgedAt?: string;
  /**
   * Hierarchical: the case version that recorded it. An Acknowledge click from a card rendered before it does not
   * acknowledge it (`acknowledgeEscalation`); absent on escalations recorded before this was kept.
   */
  caseVersion?: number;
}

export interface SlaBreach {
  kind: 'response' | 'resolution';
  at: string;
}

export interface SlaState {
  /** Business minutes allowed for the first response and for resolution (from the catalogue's priority). */
  responseTargetMinutes: number;
  resolutionTargetMinutes: number;
  responseDueAt?: string;
  resolutionDueAt?: string;
  /** Set while the clock is paused (Awaiting user). */
  pausedSince?: string;
  pausedIntervals: { from: string; to: string }[];
  breaches: SlaBreach[];
  /** Ladder rungs already fired (e.g. `response:75`, `resolution:breach`), so each fires once. */
  fired: string[];
}

/** Where a case's card was posted, per platform, so it can be updated in place. */
export interface CardRef {
  platform: Platform;
  groupId: string;
  channelId: string;
  /** Teams activity id or Slack message ts. */
  messageId: string;
  /** Teams conversation id of the channel thread; Slack channel id. */
  conversationId?: string;
  /** false once the case has moved to another group: the card then only says where it went. */
  active: boolean;
}

export interface AuditEntry {
  at: string;
  actor: PersonRef;
  action: string;
  from?: string;
  to?: string;
  detail?: string;
}

export interface Evaluation {
  score: 1 | 2 | 3 | 4 | 5;
  comment?: string;
  at: string;
}

export type AnswerValue = string | boolean | null;

/** A documented solution: what was done, by whom, when. */
export interface Solution {
  text: string;
  by: PersonRef;
  at: string;
}

export interface Case {
  id: string;
  /** `INC-000123` or `SR-000123`: per type, never reused. */
  number: string;
  type: CaseType;
  title: string;
  description: string;
  categoryId: string;
  answers: Record<string, AnswerValue>;
  priority: Priority;
  impact?: Level;
  urgency?: Level;
  status: CaseStatus;
  /** The person who has the problem. */
  user: Person;
  /** Who reported it on the user's behalf (phone/desk cases). */
  reporter?: Person;
  /** The 1st-level group that owns the case whoever works on it (PROCESS.md, principle 4). */
  ownerGroupId: string;
  /** The named case owner (`sagsejer`), if any. */
  caseOwner?: PersonRef;
  /** The group that holds the case now. */
  groupId: string;
  assignee?: PersonRef;
  /** Newest first. */
  notes: Note[];
  /** The current solution: of the case as resolved now, or, back at work, the latest that did not hold. */
  solution?: Solution;
  /**
   * The solutions given before `solution`, newest first (PROCESS.md step 8: the solution field, newest comment on
   * top): each time a case reopened or returned to work is resolved again, the solution that did not hold moves
   * here (`withNewSolution`). Absent until then.
   */
  earlierSolutions?: Solution[];
  escalations: Escalation[];
  vendor?: { name: string; reference?: string; expectedAt?: string };
  /** The open question to the user while Awaiting user. */
  pendingQuestion?: { text: string; by: PersonRef; at: string };
  sla: SlaState;
  createdAt: string;
  updatedAt: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  /**
   * The version a `resolve` stored (the version its "Yes, solved" / "No, still a problem" question carries): an
   * answer from a question of an earlier resolution does not answer a later one. Set by `resolve`, and by a major
   * incident's resolution of its linked reports (`resolveLinked`).
   */
  resolvedVersion?: number;
  closedAt?: string;
  /**
   * The version a close stored (`close` by 1st level, `auto_close` by the ladder): the version its invitation to
   * rate the case carries. A rating from the invitation of an earlier close (reopened and closed again since) does
   * not rate a later one. Absent on cases closed before it was kept: their invitations rate as before.
   */
  closedVersion?: number;
  reopenCount: number;
  evaluation?: Evaluation;
  cards: CardRef[];
  intakeChannel: IntakeChannel;
  locale: Locale;
  /** Quick case (`kviksag`): registered solved in one step, without naming a person. */
  quick: boolean;
  /** Major incident: the parent case this report is linked to. */
  parentId?: string;
  /** Pictures and files the user sent, oldest first (absent on cases without any). */
  attachments?: AttachmentRef[];
  /** Major incident: set on the parent. */
  major?: {
    summary: Record<Locale, string>;
    declaredAt: string;
    declaredBy: PersonRef;
    linkedCount: number;
    /**
     * The versions the parent went through by recounts of its linked reports alone (`syncLinkedCount`) since its
     * last other change: `from` the version before the first, `to` the version the last one wrote. Holds only while
     * the parent is still at `to` (any other change leaves it behind).
     */
    recounted?: { from: number; to: number };
  };
  /** When the sweeper must look at this case next (SLA ladder, reminders, auto-close); indexed. */
  nextTimerAt?: string;
  version: number;
  /** Oldest first. */
  history: AuditEntry[];
}

/**
 * What a caller supplies to create a case; the store assigns number, version and timestamps, and the id unless
 * one is given. A given id makes creation idempotent: creating it again returns the stored case unchanged.
 */
export type NewCase = Omit<Case, 'id' | 'number' | 'version' | 'createdAt' | 'updatedAt'> & {
  id?: string;
  createdAt?: string;
};

export function numberPrefix(type: CaseType): 'INC' | 'SR' {
  return type === 'incident' ? 'INC' : 'SR';
}

/** `INC-000123` from a type and a counter value. */
export function formatCaseNumber(type: CaseType, n: number): string {
  return `${numberPrefix(type)}-${String(n).padStart(6, '0')}`;
}

/**
 * What people type for a case number, after `caseNumberText`: `#`, the prefix, then a hyphen and/or spaces, then
 * 1–9 digits.
 */
const CASE_NUMBER = /^#?[^\S\n]*(INC|SR)(?:[^\S\n]*-[^\S\n]*|[^\S\n]*)(\d{1,9})/i;

/**
 * Text as case numbers are read from it: NFKC (full-width letters and digits become ASCII, a no-break space a
 * space) and every dash look-alike (U+2010–U+2015, U+2212 minus, U+FE58/U+FE63/U+FF0D) becomes `-`, as
 * phones and Word's autocorrect write `INC‑000123`.
 */
function caseNumberText(input: string): string {
  return input.normalize('NFKC').replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-');
}

function canonicalNumber(m: RegExpExecArray): string {
  const type: CaseType = m[1]!.toUpperCase() === 'INC' ? 'incident' : 'service_request';
  return formatCaseNumber(type, Number(m[2]));
}

/**
 * Parses `inc-123`, `INC-000123`, `#INC-123`, `inc 123`, `INC‑000123` (any dash) or full-width digits into the
 * canonical form the store keeps (`INC-000123`), or returns null.
 */
export function parseCaseNumber(input: string): string | null {
  const text = caseNumberText(input).trim();
  const m = CASE_NUMBER.exec(text);
  if (!m || m[0].length !== text.length) return null;
  return canonicalNumber(m);
}

/**
 * A case number at the start of `text` (in any form `parseCaseNumber` reads) and the text after it, or null when
 * `text` does not start with one. `rest` is the user's own text after the number (not normalised), trimmed.
 */
export function leadingCaseNumber(text: string): { number: string; rest: string } | null {
  const original = text.trim();
  const normal = caseNumberText(original);
  const m = CASE_NUMBER.exec(normal);
  if (!m) return null;
  // "INC-1234abc" is not INC-001234 followed by "abc": the number must end at a space or the end.
  if (normal.length > m[0].length && !/^\s/.test(normal.slice(m[0].length))) return null;
  // Where the number ends in what the user wrote (NFKC may change lengths): the shortest start reading as it.
  let end = m[0].length;
  for (let i = 1; i <= original.length; i++) {
    if (caseNumberText(original.slice(0, i)) === m[0]) {
      end = i;
      break;
    }
    if (i > m[0].length * 4) break;
  }
  return { number: canonicalNumber(m), rest: original.slice(end).trim() };
}

/** An e-mail as stores and matches compare it: trimmed, lower case; undefined when empty. */
export function normEmail(email: string | undefined): string | undefined {
  return email?.trim().toLowerCase() || undefined;
}

export function toRef(p: Person | PersonRef): PersonRef {
  return p.email ? { id: p.id, name: p.name, email: p.email } : { id: p.id, name: p.name };
}

export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** The history action of an order its approver rejected: the decision resolves the order as its solution. */
export const ORDER_REJECTED = 'order_rejected';

/**
 * The history entry of the case's current resolution: the last one that made it resolved (resolve, an order handed
 * out or rejected, a major incident resolved …), or undefined when it was never resolved.
 */
export function currentResolution(c: Pick<Case, 'history'>): AuditEntry | undefined {
  return c.history.findLast((h) => h.to === 'resolved');
}

/**
 * Whether the case is an order whose approver rejected it, its current resolution being that decision. A rejected
 * order that staff returned to work and resolved again is an ordinary resolved case.
 */
export function isRejectedOrder(c: Pick<Case, 'status' | 'history'>): boolean {
  return (c.status === 'resolved' || c.status === 'closed') && currentResolution(c)?.action === ORDER_REJECTED;
}

/**
 * The solution fields of `c` resolved again with `solution`: a solution it still carries (one that did not hold:
 * the case was reopened or returned to work) goes on top of `earlierSolutions`, so none is lost.
 */
export function withNewSolution(
  c: Pick<Case, 'solution' | 'earlierSolutions'>,
  solution: Solution,
): Pick<Case, 'solution' | 'earlierSolutions'> {
  const earlier = [...(c.solution ? [c.solution] : []), ...(c.earlierSolutions ?? [])];
  return { solution, ...(earlier.length > 0 ? { earlierSolutions: earlier } : {}) };
}
