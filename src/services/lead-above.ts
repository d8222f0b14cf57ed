import type { Person, PersonRef } from '../models/case.js';
import type { Directory } from './ports/directory.js';
import { samePerson } from './roles.js';

/** Who hears of a case in its supervisor's stead (`leadAbove`). */
export interface Lead {
  /** The supervisor, or her manager when she works the case herself. */
  lead: Person;
  /** The lead is the supervisor's manager: she works the case herself. */
  managed: boolean;
  /** She works the case herself and no manager of hers is known: the lead is she, as supervisor. */
  nobodyAbove: boolean;
}

/**
 * Who a hierarchical escalation about a case reaches (PROCESS.md step 6: a breach of agreement, a complaint): its
 * supervisor; when she is the one who works the case (`handler`, on either platform), the one above her, her
 * manager (`Directory.managerOf`: the managers file or Microsoft Graph), as a manual escalation to the manager goes
 * above whoever escalates. With no manager of hers known, she, as supervisor (`nobodyAbove`).
 */
export async function leadAbove(
  directory: Pick<Directory, 'managerOf'> | undefined,
  supervisor: Person,
  handler: PersonRef | Person | undefined,
): Promise<Lead> {
  if (!handler || !samePerson(handler, supervisor)) return { lead: supervisor, managed: false, nobodyAbove: false };
  const manager = (await directory?.managerOf?.(supervisor.id)) ?? null;
  if (manager && !samePerson(manager, supervisor)) return { lead: manager, managed: true, nobodyAbove: false };
  return { lead: supervisor, managed: false, nobodyAbove: true };
}
