import type { MajorStats } from '../major/major-stats.js';
import type { OrderStats } from '../orders/order-stats.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import {
  CASE_STATUSES,
  type Case,
  type CaseStatus,
  isOpen,
  OPEN_STATUSES,
  PRIORITIES,
  type Priority,
} from '../../models/case.js';

/** Mean and median of a set of durations in business minutes; null when there is nothing to measure. */
export interface DurationStats {
  mean: number | null;
  median: number | null;
  /** How many cases were measured. */
  count: number;
}

/**
 * The service goals of one scope (a group, or all) over one period `[from, to)`. Flows (opened, resolved, times,
 * SLA, reopen, satisfaction) count what happened in the period; `open` is the open pile as it stands now.
 * Durations are business minutes on the catalogue calendar. Quick cases are counted (`opened`, `resolved`,
 * `quickCases`) but left out of the times, the SLA compliance and the reopen rate, which they would flatter; so are
 * reports linked to a major incident (its own figures, `majors`, count them; the parent is measured).
 */
export interface ReportFigures {
  groupId?: string;
  from: string;
  to: string;
  open: {
    total: number;
    byStatus: Record<CaseStatus, number>;
    byPriority: Record<Priority, number>;
    /** Per current group id, only groups with open cases. */
    byGroup: Record<string, number>;
  };
  /** Registered in the period (quick cases included). */
  opened: number;
  /** Resolved in the period (by `resolvedAt`; quick cases included). */
  resolved: number;
  /** From registration to first response, for measured cases (not quick, not linked) registered in the period. */
  firstResponse: DurationStats;
  /** From registration to resolution, for measured cases (not quick, not linked) resolved in the period. */
  resolution: DurationStats;
  /** Share (0-1) of measured cases resolved in the period without a resolution breach; null when none. */
  slaCompliance: number | null;
  /** Share (0-1) of measured cases resolved in the period that were ever reopened; null when none. */
  reopenRate: number | null;
  /** Mean evaluation score (1-5) of evaluations given in the period. */
  satisfaction: { average: number | null; count: number };
  /** The five most registered categories in the period, most first (ties by id). */
  topCategories: { categoryId: string; count: number }[];
  /** Quick cases registered in the period. */
  quickCases: number;
  /** Major incidents declared in the period, their linked reports, mean time to resolve (issue 9); all scopes. */
  majors?: MajorStats;
  /** Equipment orders registered in the period, approval and delivery times against the promise (issue 11). */
  orders?: OrderStats;
}

/** One week's bar pair on the chart. */
export interface WeekPoint {
  /** Local date of the week's Monday. */
  weekStart: string;
  opened: number;
  resolved: number;
}

export interface GroupCompliance {
  groupId: string;
  /** 0-1. */
  compliance: number;
  resolved: number;
}

const inRange = (iso: string | undefined, from: number, to: number): boolean => {
  if (iso === undefined) return false;
  const t = Date.parse(iso);
  return t >= from && t < to;
};

/** Mean and median (average of the two middle values for an even count). */
export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0) return { mean: null, median: null, count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { mean: sorted.reduce((s, v) => s + v, 0) / sorted.length, median, count: sorted.length };
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * Whether the time, SLA and reopen figures measure the case: not a quick case (solved on the spot), nor a report
 * linked to a major incident (the parent carries the targets, the ladder and the breach: its reports, resolved
 * with it, were never measured against their own and would count as within SLA when the parent was late).
 */
const isMeasured = (c: Case): boolean => !c.quick && c.parentId === undefined;

/** Cases resolved in `[from, to)` that the time, SLA and reopen figures measure. */
export function measuredResolved(cases: readonly Case[], from: number, to: number): Case[] {
  return cases.filter((c) => isMeasured(c) && inRange(c.resolvedAt, from, to));
}

/**
 * Computes the figures. `periodCases` must hold every case of the scope that could fall in the period (registered,
 * resolved or evaluated in it); `openCases` the scope's cases open now. Pure: same input, same figures.
 */
export function computeFigures(input: {
  periodCases: readonly Case[];
  openCases: readonly Case[];
  from: Date;
  to: Date;
  groupId?: string;
  calendar: BusinessCalendar;
}): ReportFigures {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const minutes = (a: string, b: string): number => input.calendar.businessMinutesBetween(new Date(a), new Date(b));

  const opened = input.periodCases.filter((c) => inRange(c.createdAt, from, to));
  const resolved = input.periodCases.filter((c) => inRange(c.resolvedAt, from, to));
  const measured = measuredResolved(input.periodCases, from, to);
  const evaluated = input.periodCases.filter((c) => inRange(c.evaluation?.at, from, to));

  const byStatus = Object.fromEntries(CASE_STATUSES.filter((s) => isOpen(s)).map((s) => [s, 0])) as Record<
    CaseStatus,
    number
  >;
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  const byGroup: Record<string, number> = {};
  const open = input.openCases.filter((c) => OPEN_STATUSES.includes(c.status));
  for (const c of open) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    byPriority[c.priority] += 1;
    byGroup[c.groupId] = (byGroup[c.groupId] ?? 0) + 1;
  }

  const categoryCounts = new Map<string, number>();
  for (const c of opened) categoryCounts.set(c.categoryId, (categoryCounts.get(c.categoryId) ?? 0) + 1);
  const topCategories = [...categoryCounts.entries()]
    .map(([categoryId, count]) => ({ categoryId, count }))
    .sort((a, b) => b.count - a.count || a.categoryId.localeCompare(b.categoryId))
    .slice(0, 5);

  const scores = evaluated.map((c) => c.evaluation!.score as number);
  return {
    ...(input.groupId ? { groupId: input.groupId } : {}),
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    open: { total: open.length, byStatus, byPriority, byGroup },
    opened: opened.length,
    resolved: resolved.length,
    firstResponse: durationStats(
      opened.filter((c) => isMeasured(c) && c.firstResponseAt).map((c) => minutes(c.createdAt, c.firstResponseAt!)),
    ),
    resolution: durationStats(measured.map((c) => minutes(c.createdAt, c.resolvedAt!))),
    slaCompliance: share(
      measured.filter((c) => !c.sla.breaches.some((b) => b.kind === 'resolution')).length,
      measured.length,
    ),
    reopenRate: share(measured.filter((c) => c.reopenCount > 0).length, measured.length),
    satisfaction: {
      average: scores.length === 0 ? null : scores.reduce((s, v) => s + v, 0) / scores.length,
      count: scores.length,
    },
    topCategories,
    quickCases: opened.filter((c) => c.quick).length,
  };
}

/** Opened and resolved per week, one point per week start in `weekStarts` (instants of local Mondays). */
export function weeklySeries(
  cases: readonly Case[],
  weekStarts: readonly { date: string; at: Date }[],
  end: Date,
): WeekPoint[] {
  return weekStarts.map((w, i) => {
    const from = w.at.getTime();
    const to = (weekStarts[i + 1]?.at ?? end).getTime();
    return {
      weekStart: w.date,
      opened: cases.filter((c) => inRange(c.createdAt, from, to)).length,
      resolved: cases.filter((c) => inRange(c.resolvedAt, from, to)).length,
    };
  });
}

/** SLA compliance per current group over the measured cases resolved in `[from, to)`, by group id. */
export function complianceByGroup(cases: readonly Case[], from: Date, to: Date): GroupCompliance[] {
  const groups = new Map<string, { ok: number; all: number }>();
  for (const c of measuredResolved(cases, from.getTime(), to.getTime())) {
    const g = groups.get(c.groupId) ?? { ok: 0, all: 0 };
    g.all += 1;
    if (!c.sla.breaches.some((b) => b.kind === 'resolution')) g.ok += 1;
    groups.set(c.groupId, g);
  }
  return [...groups.entries()]
    .map(([groupId, g]) => ({ groupId, compliance: g.ok / g.all, resolved: g.all }))
    .sort((a, b) => a.groupId.localeCompare(b.groupId));
}
