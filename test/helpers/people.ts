import type { Person } from '../../src/models/case.js';

/**
 * Fixture people matching the shipped catalogue (config/catalogue.yaml): every staff e-mail below is a member
 * or supervisor of the group named in the comment. Users are not in any group.
 */
export const people = {
  /** An English-speaking employee at Arts (the affected user). */
  anna: { id: 'teams:anna', name: 'Anna Berg', email: 'anna.berg@cas.au.dk', locale: 'en', department: 'Arts' },
  /** A Danish-speaking employee. */
  bo: { id: 'slack:U0BO', name: 'Bo Nielsen', email: 'bo.nielsen@cas.au.dk', locale: 'da' },
  /** Another user, in no group. */
  carl: { id: 'teams:carl', name: 'Carl Holm', email: 'carl.holm@cas.au.dk', locale: 'en' },
  /** ARTS Support (1st level) member. */
  jonas: { id: 'teams:jonas', name: 'Jonas Vestergaard', email: 'jonas.vestergaard@au.dk', locale: 'en' },
  /** ARTS Support (1st level) member. */
  emma: { id: 'teams:emma', name: 'Emma Skov', email: 'emma.skov@au.dk', locale: 'da' },
  /** ARTS Support supervisor. */
  karen: { id: 'teams:karen', name: 'Karen Møller', email: 'karen.moeller@au.dk', locale: 'da' },
  /** AU IT Support (central 1st level) member: 1st level, but not of ARTS Support. */
  peter: { id: 'teams:peter', name: 'Peter Aagaard', email: 'peter.aagaard@au.dk', locale: 'en' },
  /** Operations: Network team (3rd level) member. */
  thor: { id: 'teams:thor', name: 'Thor Aaes', email: 'thor.aaes@au.dk', locale: 'en' },
  /** Operations: Network team member. */
  ulrik: { id: 'teams:ulrik', name: 'Ulrik Skou', email: 'ulrik.skou@au.dk', locale: 'da' },
  /** Operations: Network team supervisor. */
  erik: { id: 'teams:erik', name: 'Erik Strand', email: 'erik.strand@au.dk', locale: 'en' },
  /** Operations: Cloud member (staff, but of neither group in the scenarios). */
  mogens: { id: 'teams:mogens', name: 'Mogens Ravnkilde', email: 'mogens.ravnkilde@au.dk', locale: 'da' },
  /** Catalogue admin, in no group. */
  birgitte: { id: 'teams:birgitte', name: 'Birgitte Lund', email: 'birgitte.lund@au.dk', locale: 'en' },
} satisfies Record<string, Person>;

export type PersonKey = keyof typeof people;

/** A copy of a fixture person with changes (e.g. another locale). */
export function person(key: PersonKey, overrides: Partial<Person> = {}): Person {
  return { ...people[key], ...overrides };
}
