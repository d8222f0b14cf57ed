import type { Person } from '../../models/case.js';

/**
 * Who a person is: master data from the platform (Teams member info, Slack users.info) or the university
 * directory. Roles are not here: they come from the catalogue (`services/roles.ts`), matched by e-mail.
 */
export interface Directory {
  /** The person behind a platform-qualified id, or null when unknown. */
  lookup(personId: string): Promise<Person | null>;
  /** People matching a name or e-mail, for on-behalf registration (best first, at most `limit`). */
  search(query: string, limit?: number): Promise<Person[]>;
  /**
   * The person's manager, for approvals; null when unknown. `told.unanswered` is called when a source that could
   * name her manager did not answer (Microsoft Graph refused or could not be reached): null then cannot tell.
   */
  managerOf?(personId: string, told?: ManagerTold): Promise<Person | null>;
  /**
   * Drops what this directory keeps in memory of the person with these ids and this e-mail (after a privacy erase
   * removed their records from the store), so no look-up or search shows them from memory afterwards.
   */
  forget?(personIds: readonly string[], email: string): void;
}

/** What `Directory.managerOf` tells besides its answer. */
export interface ManagerTold {
  /**
   * A source that could name the person's manager did not answer, so no manager from it means nothing. `denied`:
   * it refused because the bot is not allowed to ask it (Microsoft Graph without `User.Read.All`, the bot's secret
   * refused), which asking again does not change until an administrator grants it.
   */
  unanswered?: (denied?: boolean) => void;
  /**
   * The managers file names the person's manager, by this e-mail (called whether or not a platform knows her: no
   * manager back then means the file's manager cannot be reached yet).
   */
  fileNames?: (managerEmail: string) => void;
  /**
   * Microsoft Graph names the person's manager (`manager`: her name, with her e-mail when Graph gives one), but no
   * platform knows her yet (on Teams: she never wrote to the bot), so no manager comes back.
   */
  graphNamesUnreachable?: (manager: string) => void;
}

/**
 * Who manages whom, by e-mail (e.g. the HR system's export in `MANAGERS_FILE`): the e-mail of a person's manager,
 * or undefined when it does not say. Addresses are compared trimmed and lower-cased.
 */
export interface ManagerSource {
  managerEmailOf(email: string): Promise<string | undefined>;
  /**
   * The same without waiting (for a card being rendered): the answer of the source as last read, or null when it
   * cannot be told without waiting.
   */
  managerEmailNow?(email: string): string | undefined | null;
}
