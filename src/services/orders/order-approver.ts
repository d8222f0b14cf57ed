import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { Person } from '../../models/case.js';
import type { Directory } from '../ports/directory.js';

/**
 * Who approves an order for `user`: their manager from the directory; when the directory knows none (or has no
 * `managerOf`), the supervisor of the purchasing desk the order goes to (`groupId`), found in the directory by
 * e-mail or else addressed by e-mail (`email:<address>`, which the gateways resolve).
 */
export async function findApprover(
  deps: { directory: Directory; catalogue: CatalogueIndex },
  user: Person,
  groupId: string,
): Promise<{ person: Person; fallback: boolean }> {
  const manager = deps.directory.managerOf ? await deps.directory.managerOf(user.id) : null;
  if (manager) return { person: manager, fallback: false };
  const supervisor = deps.catalogue.requireGroup(groupId).supervisor;
  const email = supervisor.email.toLowerCase();
  const found = (await deps.directory.search(email, 5)).find((p) => p.email?.toLowerCase() === email);
  return { person: found ?? { id: `email:${email}`, name: supervisor.name, email }, fallback: true };
}
