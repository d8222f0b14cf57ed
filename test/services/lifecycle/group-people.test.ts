import { describe, expect, it } from 'vitest';
import type { Group } from '../../../src/config/catalogue-schema.js';
import { assignOptionsOf, peopleOfGroup } from '../../../src/services/lifecycle/group-people.js';
import { shippedCatalogue } from '../../helpers/services.js';

function aGroup(members: string[], supervisorEmail: string): Group {
  const base = shippedCatalogue().requireGroup('arts-support');
  return { ...base, members, supervisor: { ...base.supervisor, name: 'Sofie Supervisor', email: supervisorEmail } };
}

describe('peopleOfGroup', () => {
  it('lower-cases and de-duplicates members and the supervisor, in catalogue order, when one is listed twice', () => {
    const g = aGroup(['Anna@AU.dk', 'bo@au.dk', 'anna@au.dk'], 'BO@au.dk');
    expect(peopleOfGroup(g)).toEqual(['anna@au.dk', 'bo@au.dk']);
  });

  it('gives the same list on every call for one group object and separate lists for separate groups', () => {
    const a = aGroup(['anna@au.dk'], 'sofie@au.dk');
    const b = aGroup(['carl@au.dk'], 'sofie@au.dk');
    expect(peopleOfGroup(a)).toBe(peopleOfGroup(a));
    expect(peopleOfGroup(b)).toEqual(['carl@au.dk', 'sofie@au.dk']);
    expect(peopleOfGroup(a)).toEqual(['anna@au.dk', 'sofie@au.dk']);
  });
});

describe('assignOptionsOf', () => {
  it('labels the supervisor with their name and everybody else with the e-mail when the group has both', () => {
    const g = aGroup(['anna@au.dk'], 'Sofie@au.dk');
    expect(assignOptionsOf(g)).toEqual([
      { value: 'anna@au.dk', label: 'anna@au.dk' },
      { value: 'sofie@au.dk', label: 'Sofie Supervisor <sofie@au.dk>' },
    ]);
    expect(assignOptionsOf(g)).toBe(assignOptionsOf(g));
  });
});
