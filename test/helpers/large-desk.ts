import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
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

const SHIPPED = fileURLToPath(new URL('../../config/catalogue.yaml', import.meta.url));

/**
 * Writes the shipped catalogue to `dir/catalogue.yaml` with `extraMembers` appended to the members of group
 * `groupId` (a desk of hundreds of people), and returns the file's path, for `CATALOGUE_PATH`.
 */
export function writeLargeDeskCatalogue(dir: string, groupId: string, extraMembers: readonly string[]): string {
  const source = parse(readFileSync(SHIPPED, 'utf8')) as { groups: { id: string; members?: string[] }[] };
  const group = source.groups.find((g) => g.id === groupId);
  if (!group) throw new Error(`No group ${groupId} in the shipped catalogue`);
  group.members = [...(group.members ?? []), ...extraMembers];
  const file = path.join(dir, 'catalogue.yaml');
  writeFileSync(file, stringify(source));
  return file;
}
