import type { AuditEntry, Case, CaseStatus, Person, SlaState } from '../../models/case.js';
import { isOpen } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import { pauseSla, pushBy, resumeSla } from '../../models/sla.js';
import type { LifecycleContext } from '../lifecycle/context.js';
import { pileArrivalPing } from '../lifecycle/register-case.js';
import { samePerson } from '../roles.js';
import { ownCardDrafts, syncLinkedCount } from './major-links.js';
import { majorStaffMessages } from './major-messages.js';

/**
 * When the report joined its major incident: the last `link_major` in its history (linked by staff), else its
 * creation (registered from the intake offer, linked from the start).
 */
export function linkedSince(c: Pick<Case, 'history' | 'createdAt'>): string {
  return c.history.findLast((h) => h.action === 'link_major')?.at ?? c.createdAt;
}

/**
 * The report's SLA clock with the linked period (`linkedAt` to `now`) not counted: while linked it had no ladder
 * (the parent carried the targets), so without this a report unlinked days later was breached the moment it left.
 * The resolution clock is pushed by the parts of the linked period it was not already pushed for (a pause taken
 * while linked — waiting for the user, a reopen after its resolution — counts once); a pause still running stays
 * running (the answer it waits for resumes it), and only the linked time before it is skipped.
 */
export function skipLinkedPeriod(
  sla: SlaState,
  linkedAt: string,
  now: string,
  calendar: BusinessCalendar,
  aroundTheClock: boolean,
): SlaState {
  const { pausedSince, ...base } = sla;
  const gaps = notPaused(linkedAt, pausedSince ?? now, sla.pausedIntervals);
  if (gaps.length === 0) return sla;
  let next: SlaState = base;
  for (const gap of gaps) {
    next = resumeSla(pauseSla(next, gap.from), gap.to, calendar, aroundTheClock);
  }
  return pausedSince === undefined ? next : pauseSla(next, pausedSince);
}

/** The stretches of `from`–`to` that none of `intervals` (pauses already taken) covers, in order. */
function notPaused(from: string, to: string, intervals: SlaState['pausedIntervals']): { from: string; to: string }[] {
  const end = Date.parse(to);
  let at = Date.parse(from);
  const gaps: { from: string; to: string }[] = [];
  const taken = intervals.map((i) => [Date.parse(i.from), Date.parse(i.to)] as const).sort((a, b) => a[0] - b[0]);
  for (const [start, stop] of taken) {
    if (at >= end) break;
    if (stop <= at) continue;
    if (start >= end) break;
    if (start > at) gaps.push({ from: new Date(at).toISOString(), to: new Date(start).toISOString() });
    at = Math.max(at, stop);
  }
  if (at < end) gaps.push({ from: new Date(at).toISOString(), to: new Date(end).toISOString() });
  return gaps;
}

/**
 * `next` (the report's change, from `before`) taken off its major incident: no `parentId`, the linked period
 * left out of its SLA clock (`skipLinkedPeriod`, from `before`'s clock), and its first response as it stands: one it
 * had (claimed before it was linked, resolved with the parent), else the first public update on `parent` that
 * reached its user while it was linked (`heardOnParent`, a named person's words), else none. Without one, the
 * response target applies as from the leave: its due time is pushed by the linked period, as the resolution clock
 * is, so its own ladder starts where it stood when it was linked. The history gets `unlink_major` naming the parent.
 * Used by the unlink and by every reopen of a report whose major incident is over (`parent` as read; null or
 * omitted when gone: only the report's own first response counts then).
 */
export function withoutParent(
  ctx: LifecycleContext,
  actor: Person,
  before: Case,
  next: Case,
  parentNumber: string,
  parent?: Case | null,
): Case {
  const now = ctx.now();
  const def = ctx.deps.catalogue.priorityLevel(before.priority);
  const { parentId: _gone, firstResponseAt: _was, ...rest } = next;
  const linkedAt = linkedSince(before);
  const sla = skipLinkedPeriod(before.sla, linkedAt, now, ctx.deps.calendar, def.aroundTheClock);
  const firstResponseAt =
    next.firstResponseAt ?? before.firstResponseAt ?? (parent ? heardOnParent(parent, linkedAt, now) : undefined);
  const responseDueAt =
    firstResponseAt === undefined
      ? pushBy(sla.responseDueAt, { from: linkedAt, to: now }, ctx.deps.calendar, def.aroundTheClock)
      : sla.responseDueAt;
  return {
    ...rest,
    sla: { ...sla, ...(responseDueAt !== undefined ? { responseDueAt } : {}) },
    ...(firstResponseAt !== undefined ? { firstResponseAt } : {}),
    history: [...next.history, ctx.audit(actor, 'unlink_major', parentNumber)],
  };
}

/**
 * Whether a new status of a major incident is news to the users of its reports (`majorChangeOf` fans it out to
 * them personally): an open one, except Registered — the parent only gets there by going back to a pile (escalated
 * to another group, unassigned), the desk's bookkeeping — and Awaiting user: the question is to the major
 * incident's own user, nothing is asked of theirs (their reports do not await them). Resolved has its own message
 * (the solution).
 */
export function statusToldToLinked(status: string | undefined): boolean {
  return status !== undefined && status !== 'registered' && status !== 'awaiting_user' && isOpen(status as CaseStatus);
}

/** What the major incident's own user does on it as its user ("No, still a problem", "Yes, solved"). */
const USERS_OWN = new Set(['reopen', 'user_confirmed']);

/**
 * Whether a change in the major incident's history is its own user's as its user, not staff's word: her answer to
 * its question (`user_replied`, only ever the user's), her "No, still a problem" or "Yes, solved". Told by the action,
 * not by who: a member of staff whose own report the major incident is still claims and works it as staff.
 */
export function usersOwnChange(h: Pick<AuditEntry, 'action' | 'actor'>, parent: Pick<Case, 'user'>): boolean {
  return h.action === 'user_replied' || (USERS_OWN.has(h.action) && samePerson(h.actor, parent.user));
}

/**
 * When a named person's word on the major incident first reached the users of its reports between `since` and
 * `now`: the first public note on `parent` by staff (fanned out to every linked user, "… writes:"), or the first
 * change of its status they were told of (`statusToldToLinked`, "… is now In progress", naming who), made by staff
 * (not by the bot, nor by the major incident's own user as its user, `usersOwnChange`; staff whose own report it is
 * count when they claim or work it). Undefined when none: the reports' users heard only the bot's "your case is
 * part of a known major incident".
 */
export function heardOnParent(
  parent: Pick<Case, 'notes' | 'history' | 'user'>,
  since: string,
  now: string,
): string | undefined {
  const from = Date.parse(since);
  const to = Date.parse(now);
  const notes = parent.notes.filter((n) => n.visibility === 'public' && !n.fromUser).map((n) => n.at);
  const statuses = parent.history
    .filter((h) => h.from !== h.to && statusToldToLinked(h.to))
    .filter((h) => !h.actor.id.startsWith('system:') && !usersOwnChange(h, parent))
    .map((h) => h.at);
  const times = [...notes, ...statuses].map((at) => Date.parse(at)).filter((t) => t >= from && t <= to);
  return times.length > 0 ? new Date(Math.min(...times)).toISOString() : undefined;
}

/**
 * The team lead's ping (PROCESS.md step 4) for an urgent report taken off its major incident (`unlinkMajor`) with
 * nobody on it: it is an urgent case in its group's pile now, and was never pinged (the parent carried it), or was
 * pinged before it was linked and left to the major incident since. Sent to the supervisor of its group
 * (`pileArrivalPing`: not to one who unlinked it), naming the major incident and who took it off; keyed as every
 * urgent ping (`…:send:urgent:<supervisor>` at the version), so a retried unlink pings once. None for a report
 * someone has (they have it), nor for one no longer open. Call before the change with the case as the change makes
 * it; the function it returns makes the draft from the case as stored.
 */
export async function unlinkedUrgentPing(
  ctx: LifecycleContext,
  actor: Person,
  next: Case,
  parentNumber: string,
): Promise<(s: Case) => OutboxDraft[]> {
  if (!isOpen(next.status)) return () => [];
  return pileArrivalPing(ctx.deps, actor, next, (s) => ({
    unlinkedBy: (l) => ctx.who(actor, s, l),
    parent: parentNumber,
  }));
}

/**
 * The major incident of a report going back to work (reopened by its user, returned to its technician) when that
 * major incident is over (resolved, closed, gone): the report leaves it. Linked, it would have no card, no SLA
 * ladder and no digest line (the parent carried those) while nobody works the parent any more. So, as an unlink:
 * `withoutParent` for the change, `leaveDrafts` for its card and both threads, `recountParent` after the commit.
 */
export interface FinishedParent {
  /** The parent as read, null when gone. */
  parent: Case | null;
  /** Its number (its id when gone). */
  number: string;
}

/** The report's major incident when it is over (resolved, closed, gone); null when not linked or still open. */
export async function finishedParent(ctx: LifecycleContext, c: Case): Promise<FinishedParent | null> {
  if (c.parentId === undefined) return null;
  const parent = await ctx.deps.store.getCase(c.parentId);
  if (parent && isOpen(parent.status)) return null;
  return { parent, number: parent?.number ?? c.parentId };
}

/**
 * The messages of a report leaving its finished major incident: its group's channel gets its card
 * (`ownCardDrafts`; the thread reply waits for it), its thread hears `said` and that it is now a case of its own,
 * and the major incident's thread hears `parentSays` (`s` is the report as stored).
 */
export function leaveDrafts(
  ctx: LifecycleContext,
  s: Case,
  left: FinishedParent,
  what: string,
  said: string,
  parentSays: string,
): OutboxDraft[] {
  const thread = ctx.deps.defaultLocale;
  return [
    ...ownCardDrafts(s),
    ctx.threadReply(s, what, `${said}\n\n${majorStaffMessages.leftResolvedParent[thread]({ number: left.number })}`),
    ...(left.parent ? [ctx.threadReply(s, `${what}_major`, parentSays, {}, left.parent.id)] : []),
  ];
}

/** After a leave was stored: the parent's linked count, recounted. */
export async function recountParent(ctx: LifecycleContext, left: FinishedParent): Promise<void> {
  if (left.parent) await syncLinkedCount(ctx.deps.store, left.parent.id, ctx.deps.clock.now());
}
