import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { SlaRungs } from '../../config/catalogue-schema.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { Case } from '../../models/case.js';
import { currentResolution, isOpen } from '../../models/case.js';
import { type SlaKind, slaThresholdAt } from '../../models/sla.js';
import { EXTERNAL_PREFIX } from '../lifecycle/labels.js';
import { handedOverOutside } from './handover-clock.js';

/** What the ladder rules read: the catalogue (priority targets, `sla.ladder`) and the business calendar. */
export interface LadderDeps {
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
}

/**
 * One step of the escalation ladder (issue 7):
 * - `reminder`: a share (default 75 %) of the response/resolution target used → the assignee, or the group;
 * - `breach`: the target passed → marked breached, hierarchical escalation; for resolution the user is told too;
 * - `unclaimed`: a P1/P2 case still in the pile after N minutes → the group is pinged;
 * - `awaiting_reminder` / `awaiting_proposal`: Awaiting user for long → the user is reminded, later the assignee
 *   is proposed to resolve or close;
 * - `auto_close`: resolved without the user's answer for N business days → closed with notice; a case nobody
 *   checks before closing (`checkedBeforeClose`) whose user confirmed the solution → closed at once.
 */
export type RungKind = 'reminder' | 'breach' | 'unclaimed' | 'awaiting_reminder' | 'awaiting_proposal' | 'auto_close';

export interface Rung {
  /**
   * Stored in `sla.fired` once applied, e.g. `response:75`, `resolution:75@ops-network` (the reminder for a group
   * the case was passed to), `resolution:breach`, `auto_close@<resolvedAt>`.
   */
  id: string;
  kind: RungKind;
  /** The target a reminder or breach is about. */
  target?: SlaKind;
  /** When the rung is due (UTC ISO). */
  at: string;
}

/** The fields of a case the ladder reads; a stored `Case` and a `NewCase` with `createdAt` both fit. */
export type LadderCase = Pick<
  Case,
  | 'status'
  | 'priority'
  | 'sla'
  | 'assignee'
  | 'firstResponseAt'
  | 'resolvedAt'
  | 'history'
  | 'solution'
  | 'parentId'
  | 'quick'
  | 'escalations'
  | 'groupId'
> & { createdAt?: string };

/**
 * History actions after which a case is (back) in a group's pile without anybody on it. `unlink_major`: a report
 * leaving its major incident gets its card in the pile only then (linked, it had none and nobody could claim it).
 * `reopen`, `return_to_technician`: a resolved case back to work that has no assignee (a quick case, one resolved
 * without a claim) is in the pile from then on, not since its registration. With an assignee they start no count.
 */
const TO_PILE = new Set(['register', 'unassign', 'escalate_group', 'unlink_major', 'reopen', 'return_to_technician']);

/**
 * The history action of a linked report's resolution by its major incident (`resolveLinked`): the report then has
 * the parent's solution, which 1st level checks on the parent.
 */
export const RESOLVED_WITH_MAJOR = 'resolve_with_major';

/**
 * Whether 1st level checks the case before it is closed (PROCESS.md step 9: the solution written down, the user
 * fully answered). Not a quick case (solved on the spot by 1st level itself, or by the user with a known solution)
 * nor a report whose current resolution came from its major incident (1st level checks the parent): nobody checks
 * those, the ladder closes them. A report linked to a major incident but resolved by someone on its own (its own
 * fault, the major incident still open) has a solution nobody else checks: 1st level checks it like any case.
 */
export function checkedBeforeClose(c: Pick<Case, 'quick' | 'history'>): boolean {
  return !c.quick && currentResolution(c)?.action !== RESOLVED_WITH_MAJOR;
}

/** When the user last answered "Yes, solved" to the current resolution, if they did. */
export function userConfirmedAt(c: Pick<Case, 'history' | 'resolvedAt'>): string | undefined {
  const since = c.resolvedAt ?? '';
  let at: string | undefined;
  for (const h of c.history) if (h.action === 'user_confirmed' && h.at >= since && (!at || h.at > at)) at = h.at;
  return at;
}

/**
 * When the ladder closes a resolved case, or undefined when it does not (1st level closes it from the daily
 * follow-up). Only a case with a documented solution is closed (1st level's own closing rule). Without the user's
 * answer: `autoCloseBusinessDays` after the resolution. Confirmed by the user: a case 1st level checks waits for
 * that check; one nobody checks (`checkedBeforeClose`) is closed at once, at the next sweep.
 */
export function autoCloseAt(c: LadderCase, deps: LadderDeps): string | undefined {
  if (c.status !== 'resolved' || !c.resolvedAt || (c.solution?.text.trim().length ?? 0) === 0) return undefined;
  const confirmed = userConfirmedAt(c);
  if (confirmed === undefined) {
    const days = ladderFor(deps, c).autoCloseBusinessDays;
    return deps.calendar.addBusinessDays(new Date(c.resolvedAt), days).toISOString();
  }
  return checkedBeforeClose(c) ? undefined : confirmed;
}

/** The ladder settings of a priority (catalogue `sla.ladder`, with its defaults). */
export function ladderFor(deps: LadderDeps, c: Pick<Case, 'priority'>): SlaRungs {
  return deps.catalogue.catalogue.sla.ladder[c.priority];
}

/**
 * Every rung that applies to the case in its current state, fired or not. Pure: depends on the case and the
 * configuration only, never on the clock, so the lifecycle and the sweeper always agree on the next timer.
 */
export function ladderRungs(c: LadderCase, deps: LadderDeps): Rung[] {
  if (c.status === 'closed') return [];
  const { calendar } = deps;
  const def = deps.catalogue.priorityLevel(c.priority);
  const cfg = ladderFor(deps, c);
  const rungs: Rung[] = [];

  if (c.status === 'resolved') {
    const at = autoCloseAt(c, deps);
    if (c.resolvedAt && at) rungs.push({ id: `auto_close@${c.resolvedAt}`, kind: 'auto_close', at });
    return rungs;
  }
  if (!isOpen(c.status)) return rungs;
  // A report linked to a major incident has no card and nobody claims it: the parent carries the targets, its
  // reminders and its breach (each linked report pinged the supervisor and told its user "late" on its own,
  // hundreds at once in an outage). Unlinked, the report's own ladder applies again; resolved with the parent,
  // its auto-close above does too. A question staff asked its user themselves (Awaiting user on the report, not on
  // the parent, whose question is to its own user) is followed up as on any case: it is one person's, not news.
  if (c.parentId) return awaitingRungs(c, deps);

  const percent = Math.round(cfg.reminderAt * 100);
  const targets: SlaKind[] = c.firstResponseAt ? ['resolution'] : ['response', 'resolution'];
  for (const target of targets) {
    const reminder = slaThresholdAt(target, c.sla, cfg.reminderAt, calendar, def.aroundTheClock);
    if (reminder) {
      rungs.push({
        id: `${target}:${percent}${reminderGroupSuffix(c, reminder)}`,
        kind: 'reminder',
        target,
        at: reminder,
      });
    }
    const due = target === 'response' ? c.sla.responseDueAt : c.sla.resolutionDueAt;
    const pausedResolution = target === 'resolution' && c.sla.pausedSince !== undefined;
    // `isBreached` counts the due minute itself as on time: the breach is the first millisecond after it.
    if (due && !pausedResolution) {
      rungs.push({ id: `${target}:breach`, kind: 'breach', target, at: new Date(Date.parse(due) + 1).toISOString() });
    }
  }

  // Handed over outside AU IT, the case waits for nobody here to claim it (its clock stands still meanwhile, see
  // `withHandOverClock`).
  if (!c.assignee && cfg.unclaimedPingMinutes !== undefined && !handedOverOutside(c)) {
    const since = [...c.history].reverse().find((h) => TO_PILE.has(h.action))?.at ?? c.createdAt;
    if (since) {
      const at = calendar.addMinutes(new Date(since), cfg.unclaimedPingMinutes, def.aroundTheClock).toISOString();
      rungs.push({ id: `unclaimed@${since}`, kind: 'unclaimed', at });
    }
  }

  rungs.push(...awaitingRungs(c, deps));
  return rungs;
}

/**
 * A case waiting for its user's answer (Awaiting user): the user is reminded after `awaitingUserReminderHours`
 * business hours, and whoever has the case is proposed to resolve or close it after `awaitingUserProposalHours`.
 */
function awaitingRungs(c: LadderCase, deps: LadderDeps): Rung[] {
  if (c.status !== 'awaiting_user' || !c.sla.pausedSince) return [];
  const cfg = ladderFor(deps, c);
  const pausedSince = c.sla.pausedSince;
  const since = new Date(pausedSince);
  return [
    {
      id: `awaiting_reminder@${pausedSince}`,
      kind: 'awaiting_reminder',
      at: deps.calendar.addBusinessMinutes(since, cfg.awaitingUserReminderHours * 60).toISOString(),
    },
    {
      id: `awaiting_proposal@${pausedSince}`,
      kind: 'awaiting_proposal',
      at: deps.calendar.addBusinessMinutes(since, cfg.awaitingUserProposalHours * 60).toISOString(),
    },
  ];
}

/**
 * The end of a reminder rung's id that says which group it is for. A reminder addresses the group holding the case
 * (its thread, or its assignee there) when it falls due, `at`; that group's reminder keeps the bare id
 * (`response:75`, as recorded before groups were told apart), and so does any group that held the case at `at`: the
 * reminder it heard then, or a stored case's reminder recorded under the bare id, counts, and a case passed back
 * there is not reminded again. A group the case came to after `at` was not reminded and is, once:
 * `response:75@ops-network`. A group taking back a case it handed over outside AU IT had it all along.
 */
function reminderGroupSuffix(c: Pick<LadderCase, 'groupId' | 'history'>, at: string): string {
  const moves = c.history.filter(
    (h) => h.action === 'escalate_group' && h.from !== undefined && !h.from.startsWith(EXTERNAL_PREFIX),
  );
  let holder = moves[0]?.from ?? c.groupId;
  const when = Date.parse(at);
  for (const h of moves) if (Date.parse(h.at) <= when && h.to !== undefined) holder = h.to;
  return holder === c.groupId ? '' : `@${c.groupId}`;
}

/**
 * Whether `next` has the same ladder as `c` (`ladderRungs` would return the same rungs): every field the ladder
 * reads but `sla.fired` is the same (keep it in step with `ladderRungs`; same-ladder.property.test.ts varies every
 * field of the case and fails when a field the ladder reads is missing here). Applying rungs changes `sla.fired`,
 * breaches, escalations and history (with entries the ladder ignores) and, for auto-close, the status; anything
 * else makes the caller recompute.
 */
export function sameLadder(c: LadderCase, next: LadderCase): boolean {
  return (
    c.status === next.status &&
    c.priority === next.priority &&
    c.groupId === next.groupId &&
    c.assignee === next.assignee &&
    c.firstResponseAt === next.firstResponseAt &&
    c.parentId === next.parentId &&
    c.quick === next.quick &&
    handedOverOutside(c) === handedOverOutside(next) &&
    c.resolvedAt === next.resolvedAt &&
    c.solution === next.solution &&
    c.createdAt === next.createdAt &&
    c.sla.responseDueAt === next.sla.responseDueAt &&
    c.sla.resolutionDueAt === next.sla.resolutionDueAt &&
    c.sla.pausedSince === next.sla.pausedSince &&
    c.sla.responseTargetMinutes === next.sla.responseTargetMinutes &&
    c.sla.resolutionTargetMinutes === next.sla.resolutionTargetMinutes &&
    sameLadderHistory(c.history, next.history)
  );
}

/**
 * History the ladder reads (pile moves, user confirmations, resolutions) is the same: `next` only appends other
 * entries.
 */
function sameLadderHistory(a: LadderCase['history'], b: LadderCase['history']): boolean {
  if (a === b) return true;
  if (b.length < a.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  for (let i = a.length; i < b.length; i++) {
    const action = b[i]?.action;
    // A new resolution (`to: 'resolved'`): whether 1st level checks the case may change (`checkedBeforeClose`).
    if (action === undefined || TO_PILE.has(action) || action === 'user_confirmed' || b[i]?.to === 'resolved') {
      return false;
    }
  }
  return true;
}

/** The rungs not fired yet. */
export function pendingRungs(c: LadderCase, deps: LadderDeps): Rung[] {
  return unfired(ladderRungs(c, deps), c.sla.fired);
}

/** The rungs among `rungs` whose id is not in `fired`. */
export function unfired(rungs: readonly Rung[], fired: readonly string[]): Rung[] {
  if (fired.length === 0) return [...rungs];
  const done = new Set(fired);
  return rungs.filter((r) => !done.has(r.id));
}

/** The rungs not fired yet whose time has come at `now`, earliest first. */
export function dueRungs(c: LadderCase, now: Date, deps: LadderDeps): Rung[] {
  return dueAmong(ladderRungs(c, deps), c.sla.fired, now);
}

/** `dueRungs` over rungs already computed with `ladderRungs` (the sweeper computes them once per case). */
export function dueAmong(rungs: readonly Rung[], fired: readonly string[], now: Date): Rung[] {
  const t = now.toISOString();
  return unfired(rungs, fired)
    .filter((r) => r.at <= t)
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** The earliest `at` of the rungs not in `fired`, or undefined when none is left. */
export function earliestUnfired(rungs: readonly Rung[], fired: readonly string[]): string | undefined {
  let next: string | undefined;
  for (const r of unfired(rungs, fired)) if (next === undefined || r.at < next) next = r.at;
  return next;
}

/**
 * The earliest instant any rung not fired yet could fire for this case, or undefined when none can (closed,
 * or nothing left). May lie in the past: the sweeper then picks the case up on its next run.
 */
export function computeNextTimer(c: LadderCase, deps: LadderDeps): string | undefined {
  return earliestUnfired(ladderRungs(c, deps), c.sla.fired);
}

/** The case with `nextTimerAt` set from the ladder (removed when nothing is left to fire). */
export function withNextTimer<C extends LadderCase & { nextTimerAt?: string }>(c: C, deps: LadderDeps): C {
  const next = computeNextTimer(c, deps);
  const { nextTimerAt: _old, ...rest } = c;
  return (next === undefined ? rest : { ...rest, nextTimerAt: next }) as C;
}
