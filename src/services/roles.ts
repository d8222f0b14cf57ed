import type { CatalogueIndex } from '../config/catalogue-index.js';
import { type Case, normEmail, type Person, type PersonRef } from '../models/case.js';
import type { Role } from '../models/status-machine.js';

/**
 * Where a person carries the former addresses whose cases are still being moved to their current one (see
 * `withFormerAddresses`). A symbol key: it goes along with the person through spreads, but JSON, the stores and zod
 * leave it out, so a case registered or acted on by the person never stores it (a case stores its `user` whole).
 */
const FORMER = Symbol('formerAddresses');
type WithFormer = { [FORMER]?: readonly string[] };

/**
 * `person` known also by `addresses` (lower-cased; blanks, repeats and their current e-mail left out): the former
 * addresses whose cases (`email:<address>`) are still being moved to their current one (`AddressMoves`). Meanwhile
 * such a case is theirs (`samePerson`, `rolesFor`: its user, reporter, case owner; `mine` lists it), as it is once
 * moved. The same object when there is none. Staff roles stay by the current address (the catalogue's).
 */
export function withFormerAddresses<P extends Person | PersonRef>(
  person: P,
  addresses: readonly (string | undefined)[],
): P {
  const current = normEmail(person.email);
  const former = [...new Set(addresses.map(normEmail).filter((a): a is string => !!a && a !== current))];
  return former.length === 0 ? person : ({ ...person, [FORMER]: former } as P);
}

/** The former addresses a person is known by while their cases move (`withFormerAddresses`); none mostly. */
export function formerAddresses(person: Person | PersonRef | undefined): readonly string[] {
  return (person as WithFormer | undefined)?.[FORMER] ?? [];
}

/**
 * Same person: same platform id, or the same e-mail (case-insensitive) when both have one; or one is named by
 * e-mail alone (`email:<address>`) by an address the other is still moving from (`withFormerAddresses`).
 */
export function samePerson(a: Person | PersonRef | undefined, b: Person | PersonRef | undefined): boolean {
  if (!a || !b) return false;
  if (a.id === b.id) return true;
  const ea = normEmail(a.email);
  if (ea !== undefined && ea === normEmail(b.email)) return true;
  return namedByFormer(a, b) || namedByFormer(b, a);
}

/** Whether `b` is named by e-mail alone by an address `a` is still moving from. */
function namedByFormer(a: Person | PersonRef, b: Person | PersonRef): boolean {
  const former = formerAddresses(a);
  return former.length > 0 && former.some((f) => b.id.toLowerCase() === `email:${f}`);
}

/**
 * The roles a person holds towards a case (or in general when `c` is null). Staff roles come from the catalogue,
 * matched by e-mail (case-insensitive): `first_level` = member or supervisor of any 1st-level group;
 * `group_member` = member of the case's current group (of any group when `c` is null); `supervisor` = supervisor of
 * the case's group (of any group when `c` is null); `admin` from the catalogue's admins. `user`, `reporter` and
 * `case_owner` match by person id or e-mail. With `c` null everyone is a potential `user`.
 */
export function rolesFor(person: Person | PersonRef, c: Case | null, catalogue: CatalogueIndex): Role[] {
  const roles = new Set<Role>();
  const email = normEmail(person.email);
  const groups = email ? catalogue.groupsForEmail(email) : [];
  const isMember = (g: (typeof groups)[number]): boolean => g.members.some((m) => normEmail(m) === email);
  const isSupervisor = (g: (typeof groups)[number]): boolean => normEmail(g.supervisor.email) === email;

  if (c === null) {
    roles.add('user');
  } else {
    if (samePerson(person, c.user)) roles.add('user');
    if (samePerson(person, c.reporter)) roles.add('reporter');
  }
  if (groups.some((g) => g.level === 1)) roles.add('first_level');
  const caseGroups = c === null ? groups : groups.filter((g) => g.id === c.groupId);
  if (caseGroups.some(isMember)) roles.add('group_member');
  if (caseGroups.some(isSupervisor)) roles.add('supervisor');
  if (c?.caseOwner && samePerson(person, c.caseOwner)) roles.add('case_owner');
  if (email && catalogue.isAdmin(email)) roles.add('admin');
  return [...roles];
}

/** A catalogue admin (data protection: export and erase a person's data), by e-mail. */
export function isAdmin(person: Person | PersonRef, catalogue: CatalogueIndex): boolean {
  const email = normEmail(person.email);
  return email !== undefined && email !== '' && catalogue.isAdmin(email);
}

/** Support staff: member or supervisor of any catalogue group, or an admin. Staff may look any case up. */
export function isStaff(person: Person | PersonRef, catalogue: CatalogueIndex): boolean {
  const email = normEmail(person.email);
  if (!email) return false;
  return catalogue.groupsForEmail(email).length > 0 || catalogue.isAdmin(email);
}
