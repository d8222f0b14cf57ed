import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { CaseStatus, CaseType, HierarchicalReason, Locale, Priority } from '../../models/case.js';
import type { Role } from '../../models/status-machine.js';

/** Status names of PROCESS.md appendix 2, in both languages. */
const STATUS: Record<Locale, Record<CaseStatus, string>> = {
  da: {
    registered: 'Registreret',
    assigned: 'Tildelt',
    in_progress: 'I gang',
    awaiting_vendor: 'Afventer leverandør',
    awaiting_user: 'Afventer bruger',
    resolved: 'Løst',
    closed: 'Lukket',
  },
  en: {
    registered: 'Registered',
    assigned: 'Assigned',
    in_progress: 'In progress',
    awaiting_vendor: 'Awaiting vendor',
    awaiting_user: 'Awaiting user',
    resolved: 'Resolved',
    closed: 'Closed',
  },
};

const TYPE: Record<Locale, Record<CaseType, string>> = {
  da: { incident: 'Hændelse', service_request: 'Serviceanmodning' },
  en: { incident: 'Incident', service_request: 'Service request' },
};

const REASON: Record<Locale, Record<HierarchicalReason, string>> = {
  da: {
    complaint: 'Klage',
    agreement_at_risk: 'Aftale i fare',
    agreement_broken: 'Aftale brudt',
    other: 'Andet',
  },
  en: {
    complaint: 'Complaint',
    agreement_at_risk: 'Agreement at risk',
    agreement_broken: 'Agreement broken',
    other: 'Other',
  },
};

export const statusLabel = (status: CaseStatus, locale: Locale): string => STATUS[locale][status];
export const typeLabel = (type: CaseType, locale: Locale): string => TYPE[locale][type];
export const reasonLabel = (reason: HierarchicalReason, locale: Locale): string => REASON[locale][reason];

/** Prefix of a functional escalation target that lies outside IT (another directorate). */
export const EXTERNAL_PREFIX = 'external:';

/** The group's localised name; `external:<name>` shows the name; an unknown id shows the id itself. */
export function groupLabel(catalogue: CatalogueIndex, groupId: string, locale: Locale): string {
  if (groupId.startsWith(EXTERNAL_PREFIX)) return groupId.slice(EXTERNAL_PREFIX.length).trim() || groupId;
  return catalogue.group(groupId)?.name[locale] ?? groupId;
}

export function categoryLabel(catalogue: CatalogueIndex, categoryId: string, locale: Locale): string {
  return catalogue.category(categoryId)?.name[locale] ?? categoryId;
}

/** "P2 High" / "P2 Høj". */
export function priorityLabel(catalogue: CatalogueIndex, priority: Priority, locale: Locale): string {
  const name = catalogue.catalogue.priorities.levels[priority]?.name[locale];
  return name ? `${priority} ${name}` : priority;
}

/** Who holds a role, in words, for refusals ("Only … can close the case"). */
export interface RoleHolders {
  groupName: string;
  ownerGroupName: string;
  supervisorName?: string;
  caseOwnerName?: string;
  /** Left out where the reader may not learn who reported the case. */
  userName?: string;
}

export function roleLabel(role: Role, locale: Locale, h: RoleHolders): string {
  const da = locale === 'da';
  switch (role) {
    case 'user':
      if (h.userName === undefined) return da ? 'brugeren' : 'the user';
      return da ? `brugeren (${h.userName})` : `the user (${h.userName})`;
    case 'reporter':
      return da ? 'anmelderen' : 'the reporter';
    case 'first_level':
      return da ? `1. level-support (${h.ownerGroupName})` : `1st-level support (${h.ownerGroupName})`;
    case 'group_member':
      return da ? `medlemmer af ${h.groupName}` : `members of ${h.groupName}`;
    case 'supervisor': {
      const who = h.supervisorName ? ` (${h.supervisorName})` : '';
      return da ? `lederen af ${h.groupName}${who}` : `the supervisor of ${h.groupName}${who}`;
    }
    case 'case_owner': {
      const who = h.caseOwnerName ? ` (${h.caseOwnerName})` : '';
      return da ? `sagsejeren${who}` : `the case owner${who}`;
    }
    case 'admin':
      return da ? 'en administrator' : 'an administrator';
  }
}

/** "a, b or c" / "a, b eller c". */
export function joinOr(items: readonly string[], locale: Locale): string {
  if (items.length <= 1) return items[0] ?? '';
  const last = items[items.length - 1]!;
  return `${items.slice(0, -1).join(', ')} ${locale === 'da' ? 'eller' : 'or'} ${last}`;
}
