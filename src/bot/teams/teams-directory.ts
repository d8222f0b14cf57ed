import type { Person } from '../../models/case.js';
import type { Directory } from '../../services/ports/directory.js';
import { localeOf, TEAMS_PREFIX } from './teams-activity.js';
import { type DirectoryFields, recordEmail, type TeamsRefs } from './teams-refs.js';

/** At most this many people are returned by `search` when the caller gives no limit. */
const DEFAULT_SEARCH_LIMIT = 10;
/** How long the people read for a name search serve the next ones. */
const ROSTER_MS = 60_000;

/** The `Person` a stored Teams record describes. */
export function personFromRef(personId: string, ref: DirectoryFields): Person {
  const email = recordEmail(ref);
  const locale = localeOf(ref.locale);
  return {
    id: personId,
    name: ref.name,
    ...(email ? { email } : {}),
    ...(ref.upn ? { username: ref.upn } : {}),
    ...(locale ? { locale } : {}),
  };
}

/** A whole e-mail address (searched by the e-mail index, not by reading every person). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The `Directory` port for Teams: people the bot has met (they wrote, installed the app, or were seen as team
 * members), with the name, e-mail and user principal name Teams' member information gave. Roles are not here:
 * they come from the catalogue by e-mail. `email:<address>` ids resolve to the Teams person with that e-mail.
 */
export class TeamsDirectory implements Directory {
  /** Everyone met, as read for the last name search, and when (ms); see `roster`. */
  private people: { at: number; list: Person[] } | null = null;

  /**
   * `rosterMs`: how long the people read for a name search serve the next ones (default 60 s). Reading everyone
   * (the directory's fields of each record) costs ~50–80 ms with 20 000 people; someone met meanwhile is found once
   * it has passed.
   */
  constructor(
    private readonly refs: TeamsRefs,
    private readonly rosterMs = ROSTER_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Everyone the bot has met, read again once `rosterMs` has passed since the last read. */
  private async roster(): Promise<Person[]> {
    const now = this.now();
    if (this.people && now - this.people.at < this.rosterMs) return this.people.list;
    const list = (await this.refs.directoryPeople()).map((p) => personFromRef(p.personId, p.ref));
    this.people = this.rosterMs > 0 ? { at: now, list } : null;
    return list;
  }

  /** Forgets the people read for name searches, and what the records' cache holds of these people. */
  forget(personIds: readonly string[]): void {
    this.people = null;
    this.refs.forget(personIds);
  }

  async lookup(personId: string): Promise<Person | null> {
    if (personId.startsWith(TEAMS_PREFIX)) {
      const ref = await this.refs.person(personId);
      return ref ? personFromRef(personId, ref) : null;
    }
    if (personId.startsWith('email:')) {
      const email = personId.slice('email:'.length).toLowerCase();
      const byIndex = await this.byEmail(email);
      if (byIndex !== undefined) return byIndex;
      const people = await this.refs.directoryPeople();
      const hit = people.find((p) => personFromRef(p.personId, p.ref).email === email);
      return hit ? personFromRef(hit.personId, hit.ref) : null;
    }
    return null;
  }

  /**
   * The person with exactly this e-mail from the e-mail index (null: nobody has it); undefined while the index is
   * not filled yet, so the caller reads every record instead.
   */
  private async byEmail(email: string): Promise<Person | null | undefined> {
    const personId = await this.refs.personIdByEmail(email);
    const ref = personId ? await this.refs.person(personId) : null;
    if (personId && ref && recordEmail(ref) === email) return personFromRef(personId, ref);
    return (await this.refs.emailIndexReady()) ? null : undefined;
  }

  /**
   * People whose name or e-mail contains the query, best first. An e-mail address is looked up in the e-mail index
   * (services resolve staff from the catalogue this way on every escalation, SLA ping and digest) instead of
   * reading every person the bot has met — at a university, tens of thousands.
   */
  async search(query: string, limit = DEFAULT_SEARCH_LIMIT): Promise<Person[]> {
    const q = query.trim().toLowerCase();
    if (q === '') return [];
    if (EMAIL.test(q)) {
      const byIndex = await this.byEmail(q);
      if (byIndex !== undefined) return byIndex && limit > 0 ? [byIndex] : [];
    }
    const people = await this.roster();
    const score = (p: Person): number => {
      const email = p.email ?? '';
      const name = p.name.toLowerCase();
      if (email === q) return 0;
      if (name === q) return 1;
      if (name.startsWith(q) || email.startsWith(q)) return 2;
      if (name.includes(q) || email.includes(q)) return 3;
      return 9;
    };
    return people
      .map((p) => ({ p, s: score(p) }))
      .filter((x) => x.s < 9)
      .sort((a, b) => a.s - b.s || a.p.name.localeCompare(b.p.name))
      .slice(0, Math.max(0, limit))
      .map((x) => x.p);
  }
}
