import type { Priorities } from '../config/catalogue-schema.js';
import type { BusinessCalendar } from './business-calendar.js';
import type { SlaState } from './case.js';

/**
 * Pure SLA-clock rules on `SlaState`: due times from the catalogue's priority targets on the business calendar
 * (or 24/7), paused while the case awaits the user, recomputed when the priority changes. Every function returns
 * a new state and never reads the clock: the caller passes the instant.
 */

export type SlaKind = 'response' | 'resolution';

/** The parts of a catalogue priority level the clock needs. */
export type SlaPriorityDef = Pick<
  Priorities['levels']['P1'],
  'responseMinutes' | 'resolutionMinutes' | 'aroundTheClock'
>;

/** An instant as the case stores it (ISO string) or as a `Date`. */
export type Instant = string | Date;

/** A fresh clock for a case created at `createdAt`, with both due times computed. */
export function startSla(def: SlaPriorityDef, createdAt: Instant, calendar: BusinessCalendar): SlaState {
  const start = toDate(createdAt);
  return {
    responseTargetMinutes: def.responseMinutes,
    resolutionTargetMinutes: def.resolutionMinutes,
    responseDueAt: calendar.addMinutes(start, def.responseMinutes, def.aroundTheClock).toISOString(),
    resolutionDueAt: calendar.addMinutes(start, def.resolutionMinutes, def.aroundTheClock).toISOString(),
    pausedIntervals: [],
    breaches: [],
    fired: [],
  };
}

/** Stops the resolution clock (the case went to Awaiting user). Pausing a paused clock changes nothing. */
export function pauseSla(sla: SlaState, at: Instant): SlaState {
  if (sla.pausedSince !== undefined) return sla;
  return { ...sla, pausedSince: toDate(at).toISOString() };
}

/**
 * Restarts the resolution clock and pushes `resolutionDueAt` by the time it stood still (business time, or
 * elapsed time when `aroundTheClock`). An already overdue case stays overdue by the same amount. The response
 * target is not paused: the response is what got the case to Awaiting user. Resuming a running clock changes
 * nothing.
 */
export function resumeSla(sla: SlaState, at: Instant, calendar: BusinessCalendar, aroundTheClock: boolean): SlaState {
  if (sla.pausedSince === undefined) return sla;
  const from = toDate(sla.pausedSince);
  const to = toDate(at);
  const { pausedSince: _ended, ...rest } = sla;
  // A resume stamped before the pause (clock skew between instances) counts as no pause at all.
  const interval = { from: sla.pausedSince, to: (to.getTime() < from.getTime() ? from : to).toISOString() };
  return {
    ...rest,
    resolutionDueAt: pushBy(sla.resolutionDueAt, interval, calendar, aroundTheClock),
    pausedIntervals: [...sla.pausedIntervals, interval],
  };
}

/**
 * The clock after the priority changed at `now`. A longer target (a lower priority) counts from `createdAt`,
 * pushed by the pauses already taken: the time spent counts; when that ends before the deadline the case had (raised,
 * then lowered again: P3 → P1 → P2), the case keeps its deadline, up to the new target counted from the change.
 * A shorter target (a higher priority) counts from the
 * change (ITIL: the new priority applies from when it is set), and never ends later than the case's deadline
 * before the change: a raise never gives more time, nor a deadline that had passed before it was set, which the
 * next sweep would report as missed. A paused resolution clock counts from its pause (it stands still) and a
 * running pause stays running. Breaches stay on record; ladder rungs in `fired` (`response:75`,
 * `resolution:breach`) are kept unless their deadline moved out (`stillFired`), then only while still reached under
 * the new targets at `now`, so a rung fires again only when a lower priority moved its deadline out.
 */
export function recomputeForPriority(
  sla: SlaState,
  def: SlaPriorityDef,
  createdAt: Instant,
  now: Instant,
  calendar: BusinessCalendar,
): SlaState {
  const started = startSla(def, createdAt, calendar);
  const fromRegistration = sla.pausedIntervals.reduce<string | undefined>(
    (due, interval) => pushBy(due, interval, calendar, def.aroundTheClock),
    started.resolutionDueAt,
  );
  const due = (kind: SlaKind, counted: string | undefined, minutes: number): string | undefined => {
    if (counted === undefined) return undefined;
    const fromChange = calendar.addMinutes(effectiveNow(kind, sla, now), minutes, def.aroundTheClock).getTime();
    const before = dueAt(kind, sla);
    const raised = before === undefined ? fromChange : Math.min(toDate(before).getTime(), fromChange);
    return raised > toDate(counted).getTime() ? new Date(raised).toISOString() : counted;
  };
  const next: SlaState = {
    ...sla,
    responseTargetMinutes: started.responseTargetMinutes,
    resolutionTargetMinutes: started.resolutionTargetMinutes,
    responseDueAt: due('response', started.responseDueAt, def.responseMinutes),
    resolutionDueAt: due('resolution', fromRegistration, def.resolutionMinutes),
  };
  next.fired = sla.fired.filter((rung) => stillFired(rung, sla, next, now, calendar, def.aroundTheClock));
  return next;
}

/**
 * Whether a fired ladder rung stays fired when the clock changes from `before` to `next` at `now`: always unless its
 * target's deadline moved out (a raise never does: the reminder was about the deadline the case still has, or a
 * later one), and then only while it is still reached under `next`. Rungs other than a target's (`custom`, …) stay.
 */
function stillFired(
  rung: string,
  before: SlaState,
  next: SlaState,
  now: Instant,
  calendar: BusinessCalendar,
  aroundTheClock: boolean,
): boolean {
  const kind = /^(response|resolution):/.exec(rung)?.[1] as SlaKind | undefined;
  if (kind === undefined) return true;
  const was = dueAt(kind, before);
  const is = dueAt(kind, next);
  if (was !== undefined && is !== undefined && toDate(is).getTime() <= toDate(was).getTime()) return true;
  return stillReached(rung, next, now, calendar, aroundTheClock);
}

/**
 * How much of a target is used at `now`: 0 at the start, 1 at the due time, above 1 when overdue (0.75 is the
 * reminder rung). While paused, the resolution clock reads as at the pause. 0 when the due time is unknown.
 */
export function slaUsedFraction(
  kind: SlaKind,
  sla: SlaState,
  now: Instant,
  calendar: BusinessCalendar,
  aroundTheClock = false,
): number {
  const due = dueAt(kind, sla);
  const target = targetMinutes(kind, sla);
  if (due === undefined || target <= 0) return 0;
  const remaining = calendar.minutesBetween(effectiveNow(kind, sla, now), toDate(due), aroundTheClock);
  return Math.max(0, (target - remaining) / target);
}

/** True once `now` is past the due time (the due minute itself is still on time); paused clocks read as at the pause. */
export function isBreached(kind: SlaKind, sla: SlaState, now: Instant): boolean {
  const due = dueAt(kind, sla);
  if (due === undefined) return false;
  return effectiveNow(kind, sla, now).getTime() > toDate(due).getTime();
}

/**
 * The instant the used fraction reaches `fraction` (e.g. 0.75 for the reminder), for scheduling the sweeper's next
 * look; undefined while the resolution clock is paused (it cannot be known) or when there is no due time.
 */
export function slaThresholdAt(
  kind: SlaKind,
  sla: SlaState,
  fraction: number,
  calendar: BusinessCalendar,
  aroundTheClock = false,
): string | undefined {
  const due = dueAt(kind, sla);
  if (due === undefined || (kind === 'resolution' && sla.pausedSince !== undefined)) return undefined;
  const target = targetMinutes(kind, sla);
  const dueDate = toDate(due);
  if (fraction >= 1) return calendar.addMinutes(dueDate, (fraction - 1) * target, aroundTheClock).toISOString();
  return calendar.subtractMinutes(dueDate, (1 - fraction) * target, aroundTheClock).toISOString();
}

/**
 * `due` moved by the time `interval` lasted (business time, or elapsed time when `aroundTheClock`); undefined stays
 * undefined. The one rule every pause pushes a due time by.
 */
export function pushBy(
  due: string | undefined,
  interval: { from: string; to: string },
  calendar: BusinessCalendar,
  aroundTheClock: boolean,
): string | undefined {
  if (due === undefined) return undefined;
  const paused = Math.max(0, calendar.minutesBetween(toDate(interval.from), toDate(interval.to), aroundTheClock));
  return calendar.addMinutes(toDate(due), paused, aroundTheClock).toISOString();
}

/**
 * Whether a fired ladder rung (`response:75`, `resolution:breach`, `resolution:75@ops-network`) is still reached
 * under `sla` at `now`; any other rung is kept (true).
 */
export function stillReached(
  rung: string,
  sla: SlaState,
  now: Instant,
  calendar: BusinessCalendar,
  aroundTheClock: boolean,
): boolean {
  const m = /^(response|resolution):(\d+(?:\.\d+)?|breach)(?:@.+)?$/.exec(rung);
  if (!m) return true;
  const kind = m[1] as SlaKind;
  if (m[2] === 'breach') return isBreached(kind, sla, now);
  return slaUsedFraction(kind, sla, now, calendar, aroundTheClock) >= Number(m[2]) / 100;
}

function dueAt(kind: SlaKind, sla: SlaState): string | undefined {
  return kind === 'response' ? sla.responseDueAt : sla.resolutionDueAt;
}

function targetMinutes(kind: SlaKind, sla: SlaState): number {
  return kind === 'response' ? sla.responseTargetMinutes : sla.resolutionTargetMinutes;
}

function effectiveNow(kind: SlaKind, sla: SlaState, now: Instant): Date {
  const at = toDate(now);
  if (kind !== 'resolution' || sla.pausedSince === undefined) return at;
  const paused = toDate(sla.pausedSince);
  return paused.getTime() < at.getTime() ? paused : at;
}

function toDate(at: Instant): Date {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${String(at)}`);
  return d;
}
