import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { Person } from '../../models/case.js';
import type { Directory } from '../ports/directory.js';
import { samePerson } from '../roles.js';
import { personByEmailIn } from '../people-directory.js';

/** How many managers up the directory's chain a skipped approver is replaced by (guards against loops). */
const MANAGER_LEVELS = 3;

/** Who places the order and for whom: neither may approve it. */
export interface OrderRequesters {
  /** The person the equipment is for. */
  user: Person;
  /** The colleague who ordered on the user's behalf, if any. */
  reporter?: Person | undefined;
}

/**
 * Who approves an order: the user's manager from the directory; when the directory knows none (or has no
 * `managerOf`), the supervisor of the purchasing desk the order goes to (`groupId`), found in the directory by
 * e-mail or else addressed by e-mail (`email:<address>`, which the gateways resolve). Nobody approves their own
 * order: a candidate who is the user or the colleague who ordered for them is skipped for the next level — their
 * manager (up to three levels), then the desk's supervisor and her manager, then the supervisor of the faculty's
 * helpdesk that owns the case, then the central dispatch's. `fallback` is true when the approver is not a manager
 * of the user. Null only when every one of those is the user or the reporter (the order cannot be sent then).
 */
export async function findApprover(
  deps: { directory: Directory; catalogue: CatalogueIndex },
  requesters: OrderRequesters,
  groupId: string,
  faculty?: string,
): Promise<{ person: Person; fallback: boolean } | null> {
  const excluded = (p: Person) => samePerson(p, requesters.user) || samePerson(p, requesters.reporter);
  const manager = await firstAbove(deps.directory, requesters.user, excluded);
  if (manager) return { person: manager, fallback: false };
  for (const supervisor of catalogueSupervisors(deps.catalogue, groupId, faculty)) {
    const person = await personByEmailIn(deps.directory, supervisor.email, supervisor.name);
    if (!excluded(person)) return { person, fallback: true };
    const above = await firstAbove(deps.directory, person, excluded);
    if (above) return { person: above, fallback: true };
  }
  return null;
}

/** The nearest manager above `person` (up to `MANAGER_LEVELS`) who is not excluded; null when none is known. */
async function firstAbove(
  directory: Directory,
  person: Person,
  excluded: (p: Person) => boolean,
): Promise<Person | null> {
  if (!directory.managerOf) return null;
  const seen = new Set([person.id]);
  let current = person;
  for (let level = 0; level < MANAGER_LEVELS; level++) {
    const manager = await directory.managerOf(current.id);
    if (!manager || seen.has(manager.id)) return null;
    if (!excluded(manager)) return manager;
    seen.add(manager.id);
    current = manager;
  }
  return null;
}

/** The desk's supervisor, then the owning helpdesk's, then the central dispatch's (each once). */
function catalogueSupervisors(
  catalogue: CatalogueIndex,
  groupId: string,
  faculty: string | undefined,
): { name: string; email: string }[] {
  const desk = catalogue.requireGroup(groupId);
  const firstLevel = catalogue.category(catalogue.catalogue.orders.categoryId)?.routing.firstLevel;
  const byFaculty =
    faculty && firstLevel && faculty in firstLevel ? firstLevel[faculty as keyof typeof firstLevel] : undefined;
  const groups = [desk.id, desk.level === 1 ? desk.id : (byFaculty ?? firstLevel?.default), firstLevel?.default];
  const out: { name: string; email: string }[] = [];
  for (const id of groups) {
    const supervisor = id === undefined ? undefined : catalogue.group(id)?.supervisor;
    if (supervisor && !out.some((s) => s.email.toLowerCase() === supervisor.email.toLowerCase())) out.push(supervisor);
  }
  return out;
}
