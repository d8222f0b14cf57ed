import type { CaseStatus } from './case.js';
import { OPEN_STATUSES } from './case.js';
import type { ErrorCode } from './errors.js';

/**
 * The roles an actor holds towards one case. `user` has the problem and `reporter` reported it on their behalf;
 * `first_level` is a member of the 1st-level helpdesk that owns the case; `group_member` is a member of the group
 * holding it now; `supervisor` leads that group; `case_owner` is the named `sagsejer`; `admin` runs the bot.
 */
export type Role = 'user' | 'reporter' | 'first_level' | 'group_member' | 'supervisor' | 'case_owner' | 'admin';

export const ROLES: readonly Role[] = [
  'user',
  'reporter',
  'first_level',
  'group_member',
  'supervisor',
  'case_owner',
  'admin',
];

/** Everyone who works cases (all roles but the user and the reporter). */
export const STAFF_ROLES: readonly Role[] = ['first_level', 'group_member', 'supervisor', 'case_owner', 'admin'];

/**
 * The people the case is about; they may only reopen (a resolved case any time, a closed one within the window)
 * and answer an open question.
 */
const CUSTOMER_ROLES: readonly Role[] = ['user', 'reporter'];

/** What a transition means to people; one (from, to) pair may carry several (reopen, return to technician). */
export type TransitionAction =
  | 'claim'
  | 'start'
  | 'await_vendor'
  | 'vendor_replied'
  | 'await_user'
  | 'user_replied'
  | 'resolve'
  | 'close'
  | 'reopen'
  | 'return_to_technician';

export interface TransitionRule {
  from: CaseStatus;
  to: CaseStatus;
  action: TransitionAction;
  /** Roles that may make this transition. */
  roles: readonly Role[];
  /** The case must carry a documented solution (resolve; close after the quality check). */
  requiresSolution?: boolean;
  /** `user`/`reporter` may only do this within the reopen window after `resolvedAt`; staff any time. Closed cases only. */
  reopenWindow?: boolean;
}

const openToResolved: TransitionRule[] = OPEN_STATUSES.map((from) => ({
  from,
  to: 'resolved',
  action: 'resolve',
  roles: STAFF_ROLES,
  requiresSolution: true,
}));

/**
 * Every transition of the incident process (PROCESS.md, "Handling" and appendix 2). Claiming and assigning
 * (registered → assigned) are one transition; who is assigned is the caller's business. Anything not listed is
 * refused with `CASE.INVALID_TRANSITION`.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'registered', to: 'assigned', action: 'claim', roles: STAFF_ROLES },
  { from: 'registered', to: 'in_progress', action: 'start', roles: STAFF_ROLES },
  { from: 'assigned', to: 'in_progress', action: 'start', roles: STAFF_ROLES },
  { from: 'in_progress', to: 'awaiting_vendor', action: 'await_vendor', roles: STAFF_ROLES },
  { from: 'awaiting_vendor', to: 'in_progress', action: 'vendor_replied', roles: STAFF_ROLES },
  { from: 'in_progress', to: 'awaiting_user', action: 'await_user', roles: STAFF_ROLES },
  // The user's answer to the open question resumes the work (and the SLA clock).
  { from: 'awaiting_user', to: 'in_progress', action: 'user_replied', roles: [...STAFF_ROLES, ...CUSTOMER_ROLES] },
  ...openToResolved,
  // Support (1st level) closes after checking that the solution is written down (PROCESS.md step 9).
  { from: 'resolved', to: 'closed', action: 'close', roles: ['first_level'], requiresSolution: true },
  // "If the user is not satisfied, the case is reopened". No window while the case is resolved: the bot still waits
  // for the user's answer until it closes (auto-close counts business days, so over holidays it may come later than
  // REOPEN_WINDOW_DAYS calendar days). Staff may reopen a resolved case at any time too.
  { from: 'resolved', to: 'in_progress', action: 'reopen', roles: [...CUSTOMER_ROLES, ...STAFF_ROLES] },
  // The quality check failed (no documented solution): the case goes back to the technician.
  { from: 'resolved', to: 'in_progress', action: 'return_to_technician', roles: ['first_level'] },
  // A closed case may still be reopened by the user while the window lasts.
  { from: 'closed', to: 'in_progress', action: 'reopen', roles: CUSTOMER_ROLES, reopenWindow: true },
];

export interface TransitionInput {
  from: CaseStatus;
  to: CaseStatus;
  /** The actor's roles towards this case (see `Role`). */
  actorRoles: Role[];
  /** The case carries a documented solution. */
  hasSolution: boolean;
  /** When the case was resolved (ISO); the reopen window counts from here. Without it, no window applies. */
  resolvedAt?: string;
  /** The current instant (ISO); passed in so the rule stays pure. */
  now: string;
  /** Calendar days after `resolvedAt` during which the user may reopen a closed case. */
  reopenWindowDays: number;
}

export type TransitionCheck = { ok: true } | { ok: false; code: ErrorCode; allowedRoles?: Role[] };

const DAY_MS = 86_400_000;

/**
 * Whether an actor may move a case from one status to another. Checks, in order: the transition exists
 * (`CASE.INVALID_TRANSITION`), the actor holds an allowed role (`CASE.FORBIDDEN`, with `allowedRoles`), a
 * solution is documented where needed (`CASE.SOLUTION_REQUIRED`), and a user's reopen of a closed case is inside
 * the window (`CASE.REOPEN_WINDOW_PASSED`). Pure: the caller supplies `now`.
 */
export function checkTransition(input: TransitionInput): TransitionCheck {
  const rules = TRANSITIONS.filter((r) => r.from === input.from && r.to === input.to);
  if (rules.length === 0) return { ok: false, code: 'CASE.INVALID_TRANSITION' };

  const permitted = rules.filter((r) => r.roles.some((role) => input.actorRoles.includes(role)));
  if (permitted.length === 0) {
    const allowed = new Set(rules.flatMap((r) => r.roles));
    return { ok: false, code: 'CASE.FORBIDDEN', allowedRoles: ROLES.filter((role) => allowed.has(role)) };
  }

  if (permitted.every((r) => r.requiresSolution) && !input.hasSolution) {
    return { ok: false, code: 'CASE.SOLUTION_REQUIRED' };
  }

  const windowed = (r: TransitionRule): boolean =>
    r.reopenWindow === true && !r.roles.some((role) => STAFF_ROLES.includes(role) && input.actorRoles.includes(role));
  if (permitted.every(windowed) && !withinReopenWindow(input)) {
    return { ok: false, code: 'CASE.REOPEN_WINDOW_PASSED' };
  }
  return { ok: true };
}

/** The statuses an actor could move a case to from `from` (before solution and window checks), for menus. */
export function targetsFor(from: CaseStatus, actorRoles: readonly Role[]): CaseStatus[] {
  const targets = TRANSITIONS.filter((r) => r.from === from && r.roles.some((role) => actorRoles.includes(role))).map(
    (r) => r.to,
  );
  return [...new Set(targets)];
}

function withinReopenWindow(input: TransitionInput): boolean {
  if (input.resolvedAt === undefined) return true;
  const resolved = Date.parse(input.resolvedAt);
  const now = Date.parse(input.now);
  if (Number.isNaN(resolved) || Number.isNaN(now)) return false;
  return now - resolved <= input.reopenWindowDays * DAY_MS;
}

/** The clock stops while the case waits for the user (PROCESS.md appendix 2, "Waiting"). */
export function slaPausedIn(status: CaseStatus): boolean {
  return status === 'awaiting_user';
}

export type SystemState = 'Open' | 'Waiting' | 'Ready to close' | 'Closed';

/** The system state column of PROCESS.md appendix 2, for reports and service goals. */
export function systemState(status: CaseStatus): SystemState {
  switch (status) {
    case 'awaiting_user':
      return 'Waiting';
    case 'resolved':
      return 'Ready to close';
    case 'closed':
      return 'Closed';
    default:
      return 'Open';
  }
}
