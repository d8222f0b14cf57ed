import { type CatalogueIndex, createCatalogueIndex } from '../../src/config/catalogue-index.js';
import { shippedCatalogue } from './services.js';

/** A large desk for the searched assign menus: the shipped catalogue with `size` extra people in one group. */
export interface LargeDesk {
  catalogue: CatalogueIndex;
  /** The extra members, in catalogue order, after the group's own: `desk-0@au.dk` … */
  extra: string[];
}

/**
 * The shipped catalogue with `size` (default 400) generated members `desk-<i>@au.dk` added after the own members
 * of `groupId` (default ARTS Support), so the fixture staff keep their roles and the desk needs a searched menu.
 */
export function largeDeskCatalogue(size = 400, groupId = 'arts-support'): LargeDesk {
  const source = shippedCatalogue().catalogue;
  const extra = Array.from({ length: size }, (_, i) => `desk-${i}@au.dk`);
  const catalogue = createCatalogueIndex({
    ...source,
    groups: source.groups.map((g) => (g.id === groupId ? { ...g, members: [...g.members, ...extra] } : g)),
  });
  return { catalogue, extra };
}
