import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

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
