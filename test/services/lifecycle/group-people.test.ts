import { describe, expect, it } from 'vitest';
import type { Group } from '../../../src/config/catalogue-schema.js';
import {
  assigneeDataset,
  assignOptionsOf,
  groupOfAssigneeDataset,
  peopleOfGroup,
  searchAssignOptions,
} from '../../../src/services/lifecycle/group-people.js';
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
  it('labels a member with the name the catalogue gives them, and keeps the e-mail as the value', () => {
    const g: Group = {
      ...aGroup(['Emma.Skov@au.dk', 'bo@au.dk'], 'sofie@au.dk'),
      memberNames: { 'emma.skov@au.dk': 'Emma Skov' },
    };
    expect(assignOptionsOf(g)).toEqual([
      { value: 'emma.skov@au.dk', label: 'Emma Skov <emma.skov@au.dk>' },
      { value: 'bo@au.dk', label: 'bo@au.dk' },
      { value: 'sofie@au.dk', label: 'Sofie Supervisor <sofie@au.dk>' },
    ]);
    expect(searchAssignOptions(g, 'emma skov', { limit: 10 }).map((o) => o.value)).toEqual(['emma.skov@au.dk']);
  });

  it('labels the supervisor with their name and everybody else with the e-mail when the group has both', () => {
    const g = aGroup(['anna@au.dk'], 'Sofie@au.dk');
    expect(assignOptionsOf(g)).toEqual([
      { value: 'anna@au.dk', label: 'anna@au.dk' },
      { value: 'sofie@au.dk', label: 'Sofie Supervisor <sofie@au.dk>' },
    ]);
    expect(assignOptionsOf(g)).toBe(assignOptionsOf(g));
  });
});

describe('searchAssignOptions', () => {
  const desk = aGroup(
    ['anna.berg@au.dk', 'bo.holm@au.dk', 'anne.holm@au.dk', 'carl@au.dk', 'annika@au.dk'],
    'sofie@au.dk',
  );

  it('finds people whose e-mail or label holds every word typed, ignoring case, in catalogue order', () => {
    expect(searchAssignOptions(desk, 'ANN', { limit: 10 }).map((o) => o.value)).toEqual([
      'anna.berg@au.dk',
      'anne.holm@au.dk',
      'annika@au.dk',
    ]);
    expect(searchAssignOptions(desk, 'holm an', { limit: 10 }).map((o) => o.value)).toEqual(['anne.holm@au.dk']);
    // The supervisor is found by name as well as by e-mail.
    expect(searchAssignOptions(desk, 'supervisor', { limit: 10 })).toEqual([
      { value: 'sofie@au.dk', label: 'Sofie Supervisor <sofie@au.dk>' },
    ]);
    expect(searchAssignOptions(desk, 'nobody', { limit: 10 })).toEqual([]);
  });

  it('pages with skip and limit, leaves out the current assignee, and lists everybody for an empty query', () => {
    expect(searchAssignOptions(desk, '  ', { limit: 10 })).toHaveLength(6);
    expect(searchAssignOptions(desk, '', { limit: 2, skip: 1 }).map((o) => o.value)).toEqual([
      'bo.holm@au.dk',
      'anne.holm@au.dk',
    ]);
    expect(searchAssignOptions(desk, 'holm', { limit: 10, exclude: 'BO.HOLM@au.dk' }).map((o) => o.value)).toEqual([
      'anne.holm@au.dk',
    ]);
    expect(searchAssignOptions(desk, '', { limit: 0 })).toEqual([]);
  });
});

describe('searchAssignOptions with names in other spellings', () => {
  const named: Group = {
    ...aGroup(['kp@au.dk', 'jm@au.dk', 'ah@au.dk', 'poet@au.dk'], 'sofie@au.dk'),
    memberNames: { 'kp@au.dk': 'Kasper Ørsted', 'jm@au.dk': 'José Müller', 'ah@au.dk': 'Aase Højbjerg' },
  };
  const found = (typed: string) => searchAssignOptions(named, typed, { limit: 10 }).map((o) => o.value);

  it('finds a name whatever its accents and case, and Danish letters in either spelling', () => {
    expect(found('oersted')).toEqual(['kp@au.dk']);
    expect(found('ORSTED')).toEqual(['kp@au.dk']);
    expect(found('ørsted')).toEqual(['kp@au.dk']);
    expect(found('jose muller')).toEqual(['jm@au.dk']);
    expect(found('åse hoejbjerg')).toEqual(['ah@au.dk']);
    // A word whose "oe" is no ø still finds what holds it as spelt.
    expect(found('poet')).toEqual(['poet@au.dk']);
  });
});

describe('assign-menu datasets', () => {
  it('name the group and are read back; other datasets name none', () => {
    expect(groupOfAssigneeDataset(assigneeDataset('arts-support'))).toBe('arts-support');
    expect(groupOfAssigneeDataset('assignees:')).toBeUndefined();
    expect(groupOfAssigneeDataset('npm')).toBeUndefined();
  });
});
