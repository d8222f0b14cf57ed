import type { Group } from '../../config/catalogue-schema.js';
import { type Searchable, searchable, typedMatcher } from '../text-match.js';

/**
 * A choice of the assign menu: a person's e-mail, labelled `Name <e-mail>` when the catalogue gives the name (the
 * supervisor's always, a member's when written `"Name <e-mail>"`), else the e-mail.
 */
export interface PersonOption {
  readonly value: string;
  readonly label: string;
}

interface GroupPeople {
  emails: readonly string[];
  options: readonly PersonOption[];
  /** What each of `options` is found by in a search (its label, `searchable`), in the same order. */
  found: readonly (readonly Searchable[])[];
}

/**
 * Per catalogue group object: the catalogue is validated once at start-up and never changed afterwards, so the
 * lower-cased people of a group (a desk may hold hundreds) are worked out once instead of on every card, claim and
 * search.
 */
const cache = new WeakMap<Group, GroupPeople>();

function build(group: Group): GroupPeople {
  const emails = [...new Set([...group.members, group.supervisor.email].map((e) => e.toLowerCase()))];
  const names: Record<string, string> = {
    ...group.memberNames,
    [group.supervisor.email.toLowerCase()]: group.supervisor.name,
  };
  const options = emails.map((e) => ({ value: e, label: names[e] ? `${names[e]} <${e}>` : e }));
  // The label holds the e-mail ("Name <e-mail>" or the e-mail alone): it is all a person is found by.
  const found = options.map((o) => [searchable(o.label)]);
  return { emails, options, found };
}

function of(group: Group): GroupPeople {
  let people = cache.get(group);
  if (!people) {
    people = build(group);
    cache.set(group, people);
  }
  return people;
}

/** Members and the supervisor of a group: lower-cased e-mails, de-duplicated, in catalogue order (cached). */
export function peopleOfGroup(group: Group): readonly string[] {
  return of(group).emails;
}

/**
 * The assign menu's choices for a group (every person of `peopleOfGroup`, the supervisor as "Name <e-mail>"),
 * computed once per group; callers filter, never mutate.
 */
export function assignOptionsOf(group: Group): readonly PersonOption[] {
  return of(group).options;
}

/**
 * Assign menus list at most this many people inline (Teams shows 15 choices of a typeahead drop-down); a group
 * with more gets a searched menu (`MenuView.search`).
 */
export const ASSIGN_MENU_INLINE = 15;

const DATASET_PREFIX = 'assignees:';

/**
 * What an assign menu or form of `group` shows: its people but `exclude` (the current assignee), all of them for
 * a desk of up to `ASSIGN_MENU_INLINE`, else the first `ASSIGN_MENU_INLINE` and the dataset searched for the rest
 * (every person inline would break Teams' ~28 KB card limit from ~350 people on, and Slack's 100-option menus).
 */
export function assignMenuChoices(
  group: Group,
  exclude?: string,
): { options: { value: string; label: string }[]; search?: string } {
  const all = assignOptionsOf(group);
  const searched = all.length > ASSIGN_MENU_INLINE;
  const skip = exclude?.toLowerCase();
  const options: { value: string; label: string }[] = [];
  for (const o of all) {
    if (o.value === skip) continue;
    if (searched && options.length === ASSIGN_MENU_INLINE) break;
    options.push({ value: o.value, label: o.label });
  }
  return searched ? { options, search: assigneeDataset(group.id) } : { options };
}

/** The search dataset of a group's assign menu: `assignees:<group id>`. */
export function assigneeDataset(groupId: string): string {
  return `${DATASET_PREFIX}${groupId}`;
}

/** The group id named by an assign-menu dataset, or undefined for any other dataset. */
export function groupOfAssigneeDataset(dataset: string): string | undefined {
  return dataset.startsWith(DATASET_PREFIX) && dataset.length > DATASET_PREFIX.length
    ? dataset.slice(DATASET_PREFIX.length)
    : undefined;
}

/**
 * The people of a group whose e-mail or label holds every word of `query` as the other searched menus find
 * (`typedMatcher`: case- and accent-insensitive, Danish letters in either spelling, so "oersted" finds "Ørsted";
 * an empty query matches everyone), in catalogue order, `skip` first ones left out, at most `limit`. Answers the
 * assign menus' typeahead (Teams `application/search`, Slack option loads).
 */
export function searchAssignOptions(
  group: Group,
  query: string,
  opts: { skip?: number; limit: number; exclude?: string },
): PersonOption[] {
  const matches = typedMatcher(query);
  const exclude = opts.exclude?.toLowerCase();
  let skip = Math.max(0, Math.floor(opts.skip ?? 0));
  const out: PersonOption[] = [];
  if (opts.limit <= 0) return out;
  const { options, found } = of(group);
  for (const [i, o] of options.entries()) {
    if (o.value === exclude || !matches(found[i]!)) continue;
    if (skip > 0) {
      skip -= 1;
      continue;
    }
    out.push(o);
    if (out.length >= opts.limit) break;
  }
  return out;
}
