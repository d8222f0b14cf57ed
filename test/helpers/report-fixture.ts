import type { Case, NewCase } from '../../src/models/case.js';
import type { CaseStore } from '../../src/models/case-store.js';
import { buildNewCase, buildPerson } from './case-builder.js';

/**
 * Cases for the report tests, around April 2025 in Copenhagen (CEST = UTC+2 from 30 March; CET = UTC+1 before).
 * Calendar: Monday-Friday 08:00-16:00 with Danish holidays; Easter 2025 closes Thu 17, Fri 18 and Mon 21 April.
 * Times are written in UTC with the local time in the comment; the expected figures are derived in the tests.
 */
export const reportCases: Record<string, Partial<NewCase>> = {
  /** Fri 4 Apr 15:00 → response Mon 7 Apr 09:00 → resolved Tue 8 Apr 10:00 (across a weekend). */
  A: {
    createdAt: '2025-04-04T13:00:00.000Z',
    firstResponseAt: '2025-04-07T07:00:00.000Z',
    resolvedAt: '2025-04-08T08:00:00.000Z',
    status: 'closed',
    closedAt: '2025-04-09T08:00:00.000Z',
    categoryId: 'printing',
    groupId: 'arts-support',
    priority: 'P3',
    evaluation: { score: 5, at: '2025-04-09T08:00:00.000Z' },
  },
  /** Wed 16 Apr 14:00 → response 14:30 → resolved Tue 22 Apr 09:00 (across Easter), breached, reopened once. */
  B: {
    createdAt: '2025-04-16T12:00:00.000Z',
    firstResponseAt: '2025-04-16T12:30:00.000Z',
    resolvedAt: '2025-04-22T07:00:00.000Z',
    status: 'resolved',
    categoryId: 'vpn',
    groupId: 'arts-support',
    priority: 'P2',
    reopenCount: 1,
    evaluation: { score: 2, at: '2025-04-23T08:00:00.000Z' },
  },
  /** Thu 24 Apr 09:00 → response 11:00; still in progress. */
  C: {
    createdAt: '2025-04-24T07:00:00.000Z',
    firstResponseAt: '2025-04-24T09:00:00.000Z',
    status: 'in_progress',
    categoryId: 'printing',
    groupId: 'arts-support',
    priority: 'P2',
  },
  /** Quick case, Mon 28 Apr 10:00, registered solved. */
  D: {
    createdAt: '2025-04-28T08:00:00.000Z',
    firstResponseAt: '2025-04-28T08:00:00.000Z',
    resolvedAt: '2025-04-28T08:00:00.000Z',
    status: 'closed',
    closedAt: '2025-04-28T08:00:00.000Z',
    quick: true,
    categoryId: 'wifi-eduroam',
    groupId: 'arts-support',
    priority: 'P4',
  },
  /** Fri 28 Mar 15:30 (CET) → resolved Wed 2 Apr 08:30 (CEST), at the network team. */
  E: {
    createdAt: '2025-03-28T14:30:00.000Z',
    resolvedAt: '2025-04-02T06:30:00.000Z',
    status: 'resolved',
    categoryId: 'vpn',
    groupId: 'ops-network',
    priority: 'P3',
  },
  /** Thu 10 Apr 10:00, still registered at the network team, no response. */
  F: {
    createdAt: '2025-04-10T08:00:00.000Z',
    status: 'registered',
    categoryId: 'vpn',
    groupId: 'ops-network',
    priority: 'P3',
  },
  /** Fri 2 May 09:00: after April, still registered. */
  G: {
    createdAt: '2025-05-02T07:00:00.000Z',
    status: 'registered',
    categoryId: 'printing',
    groupId: 'arts-support',
    priority: 'P4',
  },
  /** Mon 3 Mar 08:00 (CET) → resolved the same day 12:00: the month before. */
  H: {
    createdAt: '2025-03-03T07:00:00.000Z',
    firstResponseAt: '2025-03-03T08:00:00.000Z',
    resolvedAt: '2025-03-03T11:00:00.000Z',
    status: 'closed',
    closedAt: '2025-03-04T11:00:00.000Z',
    categoryId: 'printing',
    groupId: 'arts-support',
    priority: 'P3',
  },
};

/** Stores the report cases; B has a resolution breach. Returns them by letter. */
export async function seedReportCases(store: CaseStore): Promise<Record<string, Case>> {
  const out: Record<string, Case> = {};
  for (const [key, overrides] of Object.entries(reportCases)) {
    const base = buildNewCase({ user: buildPerson(`user${key.toLowerCase()}`), ownerGroupId: 'arts-support' });
    const sla =
      key === 'B'
        ? { ...base.sla, breaches: [{ kind: 'resolution' as const, at: '2025-04-17T08:00:00.000Z' }] }
        : base.sla;
    out[key] = await store.createCase({ ...base, ...overrides, sla });
  }
  return out;
}
