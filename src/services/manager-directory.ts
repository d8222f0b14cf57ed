import type { Logger } from '../logger.js';
import { normEmail, type Person } from '../models/case.js';
import type { Directory, ManagerSource } from './ports/directory.js';

/**
 * `directory` with managers from `managers` (the managers file): a person's manager is found by the person's
 * e-mail (looked up in `directory` for a platform id), and the manager's e-mail is looked up in `directory` as
 * staff are, so the manager comes back as the person a platform knows — with the id the ping, the @mention and the
 * approval card go to, and her name and language. A manager whom no platform knows yet (on Teams: who has never
 * written to the bot) is not returned, so the caller falls through to the next level as without a manager; the
 * log says so once per manager (until she is erased: `forget` drops her e-mail from that memory too). People the
 * source names no manager for are asked of `directory`'s own `managerOf`.
 */
export function withManagers(directory: Directory, managers: ManagerSource, logger?: Logger): Directory {
  const told = new Set<string>();
  return {
    lookup: (personId) => directory.lookup(personId),
    search: (query, limit) => directory.search(query, limit),
    forget(personIds, email) {
      const erased = normEmail(email);
      if (erased) told.delete(erased);
      directory.forget?.(personIds, email);
    },
    async managerOf(personId: string): Promise<Person | null> {
      const email = personId.startsWith('email:')
        ? normEmail(personId.slice('email:'.length))
        : normEmail((await directory.lookup(personId))?.email);
      const managerEmail = email ? normEmail(await managers.managerEmailOf(email)) : undefined;
      if (!managerEmail) return (await directory.managerOf?.(personId)) ?? null;
      const found = (await directory.search(managerEmail, 5)).find(
        (p) => normEmail(p.email) === managerEmail && !p.id.startsWith('email:'),
      );
      if (found) return found;
      if (!told.has(managerEmail)) {
        told.add(managerEmail);
        logger?.warn(
          { manager: managerEmail },
          'a manager in the managers file is not known on Teams or Slack yet (on Teams: has never written to the bot); the next level is asked instead until they are',
        );
      }
      return null;
    },
  };
}

/**
 * Whether it is known, without waiting for anyone, that no manager of `person` is known outside the catalogue —
 * for the card rendered for her, which then leaves out a hierarchical escalation that could only be refused (see
 * `escalateManager`). `managers`: the managers file, as last read (`ManagerSource.managerEmailNow`), absent without
 * one; `asksGraph`: whether her manager would be asked of Microsoft Graph (`TEAMS_GRAPH_MANAGERS=true`, a Teams
 * id), which only an asynchronous look-up answers. False whenever it cannot be told so: Graph is asked, the file
 * cannot be read without waiting, or she has no e-mail to find her by.
 */
export function knownNobodyAbove(
  managers: ManagerSource | undefined,
  asksGraph: (person: Person) => boolean,
): (person: Person) => boolean {
  return (person) => {
    if (asksGraph(person)) return false;
    if (!managers) return true;
    const email = normEmail(person.email);
    const manager = email && managers.managerEmailNow ? managers.managerEmailNow(email) : null;
    return manager === undefined;
  };
}
