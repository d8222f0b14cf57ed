import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/models/case.js';
import { isAdmin, isStaff, rolesFor, samePerson } from '../../src/services/roles.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { people } from '../helpers/people.js';
import { shippedCatalogue } from '../helpers/services.js';

const catalogue = shippedCatalogue();

function caseWith(overrides: Partial<Case> = {}): Case {
  return {
    ...buildNewCase({ user: people.anna, groupId: 'ops-network', ownerGroupId: 'arts-support' }),
    id: 'c1',
    number: 'INC-000001',
    version: 1,
    createdAt: '2025-03-03T09:00:00.000Z',
    updatedAt: '2025-03-03T09:00:00.000Z',
    ...overrides,
  };
}

describe('rolesFor', () => {
  it('finds the user by id and the reporter by e-mail in any letter case', () => {
    const c = caseWith({ reporter: { id: 'slack:UCARL', name: 'Carl', email: 'Carl.Holm@CAS.au.dk' } });
    expect(rolesFor(people.anna, c, catalogue)).toEqual(['user']);
    expect(rolesFor(people.carl, c, catalogue)).toEqual(['reporter']);
  });

  it("gives group_member and supervisor only for the case's current group", () => {
    const c = caseWith();
    expect(rolesFor(people.thor, c, catalogue)).toEqual(['group_member']);
    expect(rolesFor(people.erik, c, catalogue)).toEqual(['supervisor']);
    expect(rolesFor(people.jonas, c, catalogue)).toEqual(['first_level']);
    expect(rolesFor({ ...people.thor, email: 'THOR.AAES@AU.DK' }, c, catalogue)).toEqual(['group_member']);
  });

  it('counts supervisors of 1st-level groups as 1st level and names the case owner by id', () => {
    const c = caseWith({ groupId: 'arts-support', caseOwner: { id: people.karen.id, name: 'Karen Møller' } });
    expect(rolesFor(people.karen, c, catalogue)).toEqual(['first_level', 'supervisor', 'case_owner']);
  });

  it('combines roles of a person who sits in several groups and is an admin', () => {
    // Lone Bech: supervisor of AU IT Support (1st level), member of Operations staff, admin.
    const lone = { id: 'teams:lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk' };
    expect(rolesFor(lone, caseWith({ groupId: 'ops-staff' }), catalogue)).toEqual([
      'first_level',
      'group_member',
      'admin',
    ]);
    expect(rolesFor(lone, null, catalogue)).toEqual(['user', 'first_level', 'group_member', 'supervisor', 'admin']);
  });

  it('gives nothing but user to a person without an e-mail when there is no case', () => {
    expect(rolesFor({ id: 'teams:x', name: 'X' }, null, catalogue)).toEqual(['user']);
    expect(rolesFor({ id: 'teams:x', name: 'X' }, caseWith(), catalogue)).toEqual([]);
  });
});

describe('isStaff', () => {
  it('is true for group members, supervisors and admins, false for users', () => {
    expect(isStaff(people.thor, catalogue)).toBe(true);
    expect(isStaff(people.erik, catalogue)).toBe(true);
    expect(isStaff(people.birgitte, catalogue)).toBe(true);
    expect(isStaff(people.anna, catalogue)).toBe(false);
    expect(isStaff({ id: 'x', name: 'X' }, catalogue)).toBe(false);
  });
});

describe('isAdmin', () => {
  it('is true for the catalogue admins by e-mail in any case, false for staff, users and people without e-mail', () => {
    expect(isAdmin(people.birgitte, catalogue)).toBe(true);
    expect(isAdmin({ ...people.birgitte, email: people.birgitte.email?.toUpperCase() }, catalogue)).toBe(true);
    expect(isAdmin(people.thor, catalogue)).toBe(false);
    expect(isAdmin(people.anna, catalogue)).toBe(false);
    expect(isAdmin({ id: 'x', name: 'X' }, catalogue)).toBe(false);
  });
});

describe('samePerson', () => {
  it('matches by id or e-mail, never two people without e-mail and different ids', () => {
    expect(samePerson({ id: 'a', name: 'A' }, { id: 'a', name: 'B' })).toBe(true);
    expect(samePerson({ id: 'a', name: 'A', email: 'X@au.dk' }, { id: 'b', name: 'A', email: 'x@au.dk' })).toBe(true);
    expect(samePerson({ id: 'a', name: 'A' }, { id: 'b', name: 'A' })).toBe(false);
    expect(samePerson({ id: 'a', name: 'A' }, undefined)).toBe(false);
  });
});
