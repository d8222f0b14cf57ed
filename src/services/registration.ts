import type {
  AnswerValue,
  AttachmentRef,
  Case,
  CaseType,
  IntakeChannel,
  Level,
  Locale,
  Person,
  Priority,
} from '../models/case.js';
import { namesNobody, toRef } from '../models/case.js';
import type { OutboxDraft } from '../models/case-store.js';

/** The user of a quick case (`kviksag`): solved on the spot for a student nobody names (PROCESS.md principle 2). */
export const ANONYMOUS_QUICK: Person = { id: 'anonymous:quick', name: 'Anonymous (quick case)' };

/**
 * A case going back to work (reopened, returned to its technician) with the person to tell in the user's place: a
 * quick case that names nobody (`ANONYMOUS_QUICK`) gets the staff member who registered it as its user (they met
 * the student at the desk or on the phone), else `backBy`, who brought it back — also when that staff member was
 * erased meanwhile (the reporter is the erase's placeholder, `anonymous:…`, who cannot be told anything). What
 * would go to the user — claimed, a question, solved, closed — goes to them then, instead of to nobody (dead
 * letters); the history records it (`STAND_IN`, by `backBy` at `at`), so they are not asked to rate it
 * (`standsInForUser`). Any other case is returned as it is.
 */
export function withNamedUser<T extends Case>(c: T, backBy: Person, at: string): T {
  if (c.user.id !== ANONYMOUS_QUICK.id) return c;
  const { reporter, ...rest } = c;
  const named = reporter && !namesNobody(reporter) ? reporter : backBy;
  return { ...rest, user: named, history: [...c.history, { at, actor: toRef(backBy), action: STAND_IN }] } as T;
}

/** The history action of `withNamedUser`: a staff member became the user of a quick case that named nobody. */
export const STAND_IN = 'user_stand_in';

/**
 * Whether the case's user is a staff member standing in for a student nobody named (`withNamedUser`). They hear
 * what the student would, but are not invited to rate the case and may not: staff rating their own desk's case
 * would count in the satisfaction figures as a user's rating. Cases brought back before `STAND_IN` was recorded
 * have no such entry; theirs is read from the registration (`registeredForNobody`) and the named user.
 */
export const standsInForUser = (c: Pick<Case, 'history' | 'user'>): boolean =>
  c.history.some((h) => h.action === STAND_IN) || (c.user.id !== ANONYMOUS_QUICK.id && registeredForNobody(c));

/**
 * Whether the case was registered as a quick case that names nobody: its `register` entry says it was registered
 * on behalf of `ANONYMOUS_QUICK` (written so since the first release; no person's data, so an erase leaves it).
 */
const registeredForNobody = (c: Pick<Case, 'history'>): boolean =>
  c.history.some((h) => h.action === 'register' && h.detail?.startsWith(`on behalf of ${ANONYMOUS_QUICK.name}`));

/**
 * What the intake engine (and staff on-behalf, quick-case and template paths) hands to the lifecycle to register
 * a case. The lifecycle routes it, starts the SLA clock, stores it, and in the same store operation enqueues the
 * channel card and the user's receipt.
 */
export interface RegistrationInput {
  type: CaseType;
  categoryId: string;
  title: string;
  description: string;
  answers: Record<string, AnswerValue>;
  impact: Level;
  urgency: Level;
  /** Overrides the matrix (case templates). */
  priority?: Priority;
  /** The person with the problem. */
  user: Person;
  /** Staff registering on the user's behalf (phone/desk); they get no receipt, the user does. */
  reporter?: Person;
  /**
   * Whether the user gets a receipt message (default yes). No for a case the user registered themselves in a chat
   * that keeps the registered view with the number and what happens next (PROCESS.md step 6: receipts are for
   * phone and desk cases) — one confirmation instead of two saying the same; a case registered on the user's
   * behalf always gets one.
   */
  receipt?: boolean;
  intakeChannel: IntakeChannel;
  locale: Locale;
  /** Overrides routing (case templates). */
  groupId?: string;
  /**
   * Registers the case already resolved: a quick case (`kviksag`, solved on the spot, no person named) or a case
   * deflected by a known solution the user said solved it.
   */
  resolvedWith?: { solution: string; articleId?: string; quick: boolean };
  /** Major incident: link the new case to this parent. */
  parentId?: string;
  /** Pictures and files sent while reporting (already stored, unlinked); linked to the new case. */
  attachments?: readonly AttachmentRef[];
  /**
   * Makes the registration idempotent: the same key always gives the same case (e.g. the intake draft, so a
   * confirm retried after the store failed half-way never registers a second case).
   */
  idempotencyKey?: string;
}

/**
 * Registers a case; `actor` is the person doing it (the user themselves, or staff). `moreDrafts` adds the
 * caller's own outbox messages (e.g. an order's approval card), built from the created case and written in the
 * same store operation as the case and its receipt, so a crash right after the write cannot lose them.
 */
export type RegisterCase = (
  input: RegistrationInput,
  actor: Person,
  moreDrafts?: (created: Case) => OutboxDraft[],
) => Promise<Case>;
