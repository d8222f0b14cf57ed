import type { CaseStore } from '../../models/case-store.js';

/** The most major incidents a report reads (the store's largest page); a desk declares a few a year. */
const MAX_MAJORS = 10_000;

export interface MajorStats {
  /** Major incidents declared in the period. */
  majors: number;
  /** Reports linked to those major incidents (now). */
  linkedReports: number;
  /** Mean minutes from declaration to resolution of those resolved so far; null when none is resolved. */
  meanTimeToResolveMinutes: number | null;
}

/**
 * Figures for the reports (issue 9): major incidents declared in `[from, to)` (ISO times), how many reports are
 * linked to them, and their mean time from declaration to resolution. Reads the major incidents on their own index
 * (`CaseQuery.major`) in one query, so its cost grows with the number of major incidents, not of cases.
 */
export async function majorStats(store: CaseStore, from: string, to: string): Promise<MajorStats> {
  const all = await store.findCases({ major: true, limit: MAX_MAJORS });
  let majors = 0;
  let linkedReports = 0;
  let resolvedMinutes = 0;
  let resolved = 0;
  for (const c of all) {
    const declaredAt = c.major?.declaredAt;
    if (!declaredAt || declaredAt < from || declaredAt >= to) continue;
    majors++;
    linkedReports += await store.countCases({ parentId: c.id });
    if (c.resolvedAt) {
      resolved++;
      resolvedMinutes += (Date.parse(c.resolvedAt) - Date.parse(declaredAt)) / 60_000;
    }
  }
  return {
    majors,
    linkedReports,
    meanTimeToResolveMinutes: resolved > 0 ? Math.round(resolvedMinutes / resolved) : null,
  };
}
