import type { Level, Priority } from '../models/case.js';
import { AppError } from '../models/errors.js';
import {
  type Catalogue,
  type Category,
  FACULTIES,
  type Faculty,
  type Group,
  type Priorities,
  type Question,
} from './catalogue-schema.js';

/** A priority's targets: name, response/resolution business minutes, 24/7 or not. */
export type PriorityLevel = Priorities['levels'][Priority];

/**
 * Lookups over a validated catalogue, built once at start-up and passed to whoever needs it (no singleton).
 * E-mail matching is case-insensitive. Unknown group ids give `undefined` (or `GROUP.NOT_FOUND` from
 * `requireGroup`); an unknown category id throws `CATEGORY.NOT_FOUND`, since callers only hold ids that came
 * from this catalogue.
 */
export interface CatalogueIndex {
  readonly catalogue: Catalogue;
  group(id: string): Group | undefined;
  /** Like `group`, but throws `GROUP.NOT_FOUND`. */
  requireGroup(id: string): Group;
  category(id: string): Category | undefined;
  /** Groups the person is a member or the supervisor of, in catalogue order. */
  groupsForEmail(email: string): readonly Group[];
  /** The group whose channel binding on that platform is `channelId`, if any. */
  groupForChannel(platform: 'teams' | 'slack', channelId: string): Group | undefined;
  firstLevelGroups(): readonly Group[];
  priorityFor(impact: Level, urgency: Level): Priority;
  /** The targets (response/resolution minutes, 24/7) of a priority. */
  priorityLevel(priority: Priority): PriorityLevel;
  /** The standard what/where/who/when questions first, then the category's own. */
  questionsFor(categoryId: string): readonly Question[];
  /**
   * The group a new case goes to: the category's `directTo` (e.g. the faculty's purchasing desk) when present,
   * else its 1st-level helpdesk; per faculty, falling back to `default` for no, `unknown` or another value.
   */
  routeNewCase(categoryId: string, faculty?: string | null): string;
  /** The group that gets the case on functional escalation: `escalateByFaculty[faculty]`, else `escalateTo`. */
  escalationTargetFor(categoryId: string, faculty?: string | null): string;
  isAdmin(email: string): boolean;
}

const normaliseEmail = (email: string): string => email.trim().toLowerCase();

const asFaculty = (value: string | null | undefined): Faculty | undefined =>
  (FACULTIES as readonly string[]).includes(value ?? '') ? (value as Faculty) : undefined;

/** Builds the lookups of a catalogue; the catalogue itself is expected to be validated by `parseCatalogue`. */
export function createCatalogueIndex(catalogue: Catalogue): CatalogueIndex {
  const groups = new Map(catalogue.groups.map((g) => [g.id, g]));
  const categories = new Map(catalogue.categories.map((c) => [c.id, c]));
  const admins = new Set(catalogue.admins.map(normaliseEmail));
  const firstLevel = catalogue.groups.filter((g) => g.level === 1);
  const groupsByEmail = new Map<string, Group[]>();
  for (const group of catalogue.groups) {
    const emails = new Set([group.supervisor.email, ...group.members].map(normaliseEmail));
    for (const email of emails) groupsByEmail.set(email, [...(groupsByEmail.get(email) ?? []), group]);
  }

  const requireCategory = (id: string): Category => {
    const category = categories.get(id);
    if (!category) throw new AppError('CATEGORY.NOT_FOUND', `No category "${id}" in the catalogue`, { categoryId: id });
    return category;
  };

  return {
    catalogue,
    group: (id) => groups.get(id),
    requireGroup(id) {
      const group = groups.get(id);
      if (!group) throw new AppError('GROUP.NOT_FOUND', `No group "${id}" in the catalogue`, { groupId: id });
      return group;
    },
    category: (id) => categories.get(id),
    groupsForEmail: (email) => groupsByEmail.get(normaliseEmail(email)) ?? [],
    groupForChannel: (platform, channelId) =>
      catalogue.groups.find((g) => g.channels[platform]?.channelId === channelId),
    firstLevelGroups: () => firstLevel,
    priorityFor: (impact, urgency) => catalogue.priorities.matrix[impact][urgency],
    priorityLevel: (priority) => catalogue.priorities.levels[priority],
    questionsFor: (categoryId) => [...catalogue.standardQuestions, ...requireCategory(categoryId).questions],
    routeNewCase(categoryId, faculty) {
      const { routing } = requireCategory(categoryId);
      const table = routing.directTo ?? routing.firstLevel;
      const key = asFaculty(faculty);
      return (key && table[key]) || table.default;
    },
    escalationTargetFor(categoryId, faculty) {
      const { routing } = requireCategory(categoryId);
      const key = asFaculty(faculty);
      return (key && routing.escalateByFaculty?.[key]) || routing.escalateTo;
    },
    isAdmin: (email) => admins.has(normaliseEmail(email)),
  };
}
