import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/models/case.js';
import { createCatalogueIndex } from '../../src/config/catalogue-index.js';
import { catalogueDirectory, compositeDirectory, nameFromEmail } from '../../src/services/people-directory.js';
import type { Directory } from '../../src/services/ports/directory.js';
import { shippedCatalogue } from '../helpers/services.js';

const anna: Person = { id: 'teams:aad-anna', name: 'Anna Jensen', email: 'anna@au.dk' };
const annaSlack: Person = { id: 'slack:U1', name: 'Anna J.', email: 'anna@au.dk' };

function fixed(people: Person[]): Directory {
  return {
    lookup: async (id) => people.find((p) => p.id === id) ?? null,
    search: async (q) => people.filter((p) => p.name.toLowerCase().includes(q.toLowerCase()) || p.email === q),
  };
}
const broken: Directory = {
  lookup: async () => {
    throw new Error('slack down');
  },
  search: async () => {
    throw new Error('slack down');
  },
  managerOf: async () => {
    throw new Error('slack down');
  },
};

describe('compositeDirectory', () => {
  it('asks only the directory of the id prefix and de-duplicates search results by e-mail', async () => {
    const dir = compositeDirectory([
      { prefix: 'teams:', directory: fixed([anna]) },
      { prefix: 'slack:', directory: fixed([annaSlack]) },
    ]);
    expect(await dir.lookup('slack:U1')).toEqual(annaSlack);
    expect(await dir.lookup('teams:U1')).toBeNull();
    expect(await dir.search('anna@au.dk')).toEqual([anna]);
  });

  it('carries on with the other directories and reports the error when one is down', async () => {
    const errors: unknown[] = [];
    const dir = compositeDirectory([{ prefix: 'slack:', directory: broken }, { directory: fixed([anna]) }], (err) =>
      errors.push(err),
    );
    expect(await dir.search('anna')).toEqual([anna]);
    expect(await dir.lookup('slack:U9')).toBeNull();
    expect(await dir.managerOf?.('slack:U9')).toBeNull();
    expect(errors).toHaveLength(3);
  });
});

describe('compositeDirectory forget', () => {
  it('tells every directory that keeps people in memory, past one that fails', async () => {
    const told: string[] = [];
    const keeping = (name: string): Directory => ({
      ...fixed([]),
      forget: (ids, email) => {
        told.push(`${name}: ${ids.join(',')} ${email}`);
      },
    });
    const failing: Directory = {
      ...fixed([]),
      forget: () => {
        throw new Error('not now');
      },
    };
    const errors: unknown[] = [];
    const dir = compositeDirectory(
      [
        { prefix: 'teams:', directory: keeping('teams') },
        { prefix: 'slack:', directory: failing },
        { directory: fixed([anna]) },
        { prefix: 'slack:', directory: keeping('slack') },
      ],
      (err) => errors.push(err),
    );
    dir.forget?.(['teams:aad-anna', 'email:anna@au.dk'], 'anna@au.dk');
    expect(told).toEqual([
      'teams: teams:aad-anna,email:anna@au.dk anna@au.dk',
      'slack: teams:aad-anna,email:anna@au.dk anna@au.dk',
    ]);
    expect(errors).toHaveLength(1);
  });
});

describe('nameFromEmail', () => {
  it('turns the local part into a name when the catalogue gives only an e-mail', () => {
    expect(nameFromEmail('mette.holm-larsen@au.dk')).toBe('Mette Holm Larsen');
  });
});

describe('catalogueDirectory', () => {
  it('names a member as the catalogue writes them, else from their e-mail, when looked up or searched', async () => {
    const shipped = shippedCatalogue().catalogue;
    const groups = shipped.groups.map((g) =>
      g.id === 'arts-support'
        ? { ...g, members: [...g.members, 'es@au.dk', 'bo.berg@au.dk'], memberNames: { 'es@au.dk': 'Ea Sandholm' } }
        : g,
    );
    const dir = catalogueDirectory(createCatalogueIndex({ ...shipped, groups }));
    expect(await dir.lookup('email:ES@au.dk')).toEqual({
      id: 'email:es@au.dk',
      name: 'Ea Sandholm',
      email: 'es@au.dk',
    });
    expect((await dir.lookup('email:bo.berg@au.dk'))?.name).toBe('Bo Berg');
    expect((await dir.search('sandholm')).map((p) => p.email)).toEqual(['es@au.dk']);
  });
});
