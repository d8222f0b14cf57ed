import type { CatalogueIndex } from '../config/catalogue-index.js';
import { type Case, normEmail, type Person, type PersonRef } from '../models/case.js';
import type { Role } from '../models/status-machine.js';

/** Same person: same platform id, or the same e-mail (case-insensitive) when both have one. */
export function samePerson(a: Person | PersonRef | undefined, b: Person | PersonRef | undefined): boolean {
  if (!a || !b) return false;
  if (a.id === b.id) return true;
  const ea = normEmail(a.email);
  return ea !== undefined && ea === normEmail(b.email);
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
