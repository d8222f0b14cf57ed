import type { Group } from '../../config/catalogue-schema.js';

/** A choice of the assign menu: a person's e-mail, labelled with the supervisor's name for the supervisor. */
export interface PersonOption {
  readonly value: string;
  readonly label: string;
}

interface GroupPeople {
  emails: readonly string[];
  options: readonly PersonOption[];
}

/**
 * Per catalogue group object: the catalogue is validated once at start-up and never changed afterwards, so the
 * lower-cased people of a group (a desk may hold hundreds) are worked out once instead of on every card and claim.
 */
const cache = new WeakMap<Group, GroupPeople>();

function build(group: Group): GroupPeople {
  const emails = [...new Set([...group.members, group.supervisor.email].map((e) => e.toLowerCase()))];
  const supervisor = group.supervisor.email.toLowerCase();
  const options = emails.map((e) => ({ value: e, label: e === supervisor ? `${group.supervisor.name} <${e}>` : e }));
  return { emails, options };
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
