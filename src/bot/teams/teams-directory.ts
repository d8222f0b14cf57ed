import type { Logger } from '../../logger.js';
import { normEmail, type Person } from '../../models/case.js';
import type { Directory, ManagerTold } from '../../services/ports/directory.js';
import { withFormerAddresses } from '../../services/roles.js';
import type { GraphManager, GraphManagers } from './graph-managers.js';
import { type GraphTroubleSink, GraphTroubleLog, graphTroubleOf } from './graph-trouble.js';
import { localeOf, TEAMS_PREFIX } from './teams-activity.js';
import { type DirectoryFields, recordAddresses, recordEmail, type TeamsRefs, upnAddress } from './teams-refs.js';

/** At most this many people are returned by `search` when the caller gives no limit. */
const DEFAULT_SEARCH_LIMIT = 10;
/** How long the people read for a name search serve the next ones before the changes since are read. */
const ROSTER_MS = 60_000;
/**
 * How far before the newest write it has seen a re-read of the changes reaches back (ms): instances' clocks
 * differ, and a write stamped earlier may commit after the read. Only the people written in that span are read
 * again.
 */
const CHANGES_OVERLAP_MS = 2 * 60_000;
/**
 * How often everyone is read again all the same (ms): reading only changes trusts the write times, and a record
 * stamped by a clock far ahead, or rewritten with an older time, would otherwise hide others' changes for good.
 */
const FULL_READ_MS = 30 * 60_000;

/** Everyone met, as the name search holds them (see `TeamsDirectory.roster`). */
interface Roster {
  /** When it was last brought up to date (ms, the directory's clock). */
  at: number;
  /** When everyone was last read (ms, the directory's clock). */
  fullAt: number;
  /** The newest write time read (ISO, the stores' clocks); '' while nobody was read. */
  newest: string;
  /** Every stored record by person id; null for one that does not parse (counted, not shown). */
  byId: Map<string, Person | null>;
  /** The people of `byId`, as searches go through them. */
  list: Person[];
}

/**
 * The `Person` a stored Teams record describes; while the cases of its former address are being moved
 * (`movingFrom`), known by that address too (`withFormerAddresses`).
 */
export function personFromRef(personId: string, ref: DirectoryFields & { movingFrom?: string }): Person {
  const email = recordEmail(ref);
  const locale = localeOf(ref.locale);
  const person: Person = {
    id: personId,
    name: ref.name,
    ...(email ? { email } : {}),
    ...(ref.upn ? { username: ref.upn } : {}),
    ...(locale ? { locale } : {}),
  };
  return withFormerAddresses(person, [ref.movingFrom]);
}

/** The people of a roster's map (records that do not parse left out). */
function listOf(byId: ReadonlyMap<string, Person | null>): Person[] {
  const list: Person[] = [];
  for (const p of byId.values()) if (p) list.push(p);
  return list;
}

/** A whole e-mail address (searched by the e-mail index, not by reading every person). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The `Directory` port for Teams: people the bot has met (they wrote, installed the app, or were seen as team
 * members), with the name, e-mail and user principal name Teams' member information gave. Roles are not here:
 * they come from the catalogue by e-mail. `email:<address>` ids resolve to the Teams person with that e-mail.
 */
export class TeamsDirectory implements Directory {
  /** Everyone met, kept for name searches; see `roster`. */
  private people: Roster | null = null;

  /**
   * E-mails (else user principal names, else Entra ids) of managers Graph named whom the bot cannot reach yet, each
   * logged once; an erase drops the person's (`forget`).
   */
  private readonly toldUnreachable = new Set<string>();

  /** Where how Graph's manager look-ups went is told (`managers.trouble`, else a log of this directory's own). */
  private readonly trouble: GraphTroubleSink;

  /**
   * `rosterMs`: how long the people kept for name searches serve them before the records written since are read
   * (default 60 s). The first search reads everyone (the directory's fields of each record: ~50–80 ms with 20 000
   * people); later ones only the changes, so someone met meanwhile is found once `rosterMs` has passed.
   * `managers`: where `managerOf` reads a person's manager (Microsoft Graph, with `TEAMS_GRAPH_MANAGERS=true`);
   * without it nobody has a manager here; `managers.trouble`: where Graph's refusals and answers are told (the
   * process's `GraphTroubleLog`; the delivery worker's goes to the main thread's), else a log of its own over
   * `managers.logger`.
   */
  constructor(
    private readonly refs: TeamsRefs,
    private readonly rosterMs = ROSTER_MS,
    private readonly now: () => number = Date.now,
    private readonly managers?: { graph: GraphManagers; logger?: Logger; trouble?: GraphTroubleSink },
  ) {
    this.trouble = managers?.trouble ?? new GraphTroubleLog(managers?.logger, now);
  }

  /**
   * The person's manager from Microsoft Graph, as the bot knows her (by her Entra id, else by her e-mail): the
   * person a ping or an approval card reaches. Null when Graph names none, and when the bot has never met the
   * manager (she never wrote to it or installed the app), which is logged once per manager (`told.graphNamesUnreachable`
   * is given her name and e-mail then). Null too when Graph refuses or cannot be reached (see `graphManager`;
   * `told.unanswered` is called then, saying whether the bot is not allowed to ask).
   */
  async managerOf(personId: string, told?: ManagerTold): Promise<Person | null> {
    if (!this.managers || !personId.startsWith(TEAMS_PREFIX)) return null;
    const manager = await this.graphManager(personId.slice(TEAMS_PREFIX.length), told);
    if (!manager) return null;
    const byId = await this.lookup(`${TEAMS_PREFIX}${manager.id}`);
    if (byId) return byId;
    // A guest manager's UPN is the `#EXT#` form of their address, which is how the bot knows them (`upnAddress`).
    for (const email of [normEmail(manager.mail), upnAddress(manager.upn)]) {
      const byEmail = email ? await this.byEmail(email) : undefined;
      if (byEmail) return byEmail;
    }
    const key = normEmail(manager.mail) ?? upnAddress(manager.upn) ?? manager.id;
    const email = normEmail(manager.mail) ?? upnAddress(manager.upn);
    told?.graphNamesUnreachable?.(
      email && email !== manager.name.toLowerCase() ? `${manager.name} (${email})` : manager.name,
    );
    if (!this.toldUnreachable.has(key)) {
      this.toldUnreachable.add(key);
      this.managers.logger?.warn(
        { manager: key },
        'a manager Microsoft Graph names has never written to the bot on Teams; the next level is asked instead until they do',
      );
    }
    return null;
  }

  /**
   * The user's manager from Graph; null when Graph names none, refuses or cannot be reached. How it went is told to
   * the Graph trouble log (`managers.trouble`, which logs a cause once for a while; see `GraphTroubleLog`), else to
   * one of this directory's own over `managers.logger`.
   */
  private async graphManager(userId: string, told?: ManagerTold): Promise<GraphManager | null> {
    const managers = this.managers;
    if (!managers) return null;
    try {
      const manager = await managers.graph.managerOf(userId);
      this.trouble.answered();
      return manager;
    } catch (err) {
      const trouble = graphTroubleOf(err);
      told?.unanswered?.(trouble.denied);
      this.trouble.refused(trouble);
      return null;
    }
  }

  /**
   * Everyone the bot has met. Read whole at the first search; once `rosterMs` has passed, only the records written
   * since the newest one read (less `CHANGES_OVERLAP_MS`) are read, and the stored records counted: a count other
   * than the people kept means some were deleted elsewhere (an erase on another instance), and everyone is read
   * again — as every `FULL_READ_MS` in any case. An erase on this instance drops its people at once (`forget`).
   */
  private async roster(): Promise<Person[]> {
    const now = this.now();
    const kept = this.people;
    if (kept && now - kept.at < this.rosterMs) return kept.list;
    if (kept && kept.newest !== '' && now - kept.fullAt < FULL_READ_MS) {
      const since = new Date(Date.parse(kept.newest) - CHANGES_OVERLAP_MS).toISOString();
      const changes = await this.refs.directoryRecords(since);
      for (const r of changes) {
        kept.byId.set(r.personId, r.ref ? personFromRef(r.personId, r.ref) : null);
        if (r.updatedAt > kept.newest) kept.newest = r.updatedAt;
      }
      if ((await this.refs.countPeople()) === kept.byId.size) {
        kept.at = now;
        if (changes.length > 0) kept.list = listOf(kept.byId);
        return kept.list;
      }
    }
    const byId = new Map<string, Person | null>();
    let newest = '';
    for (const r of await this.refs.directoryRecords()) {
      byId.set(r.personId, r.ref ? personFromRef(r.personId, r.ref) : null);
      if (r.updatedAt > newest) newest = r.updatedAt;
    }
    const roster: Roster = { at: now, fullAt: now, newest, byId, list: listOf(byId) };
    this.people = roster;
    return roster.list;
  }

  /**
   * Forgets the people kept for name searches, what the records' cache holds of these people, and that a manager
   * among them was warned about.
   */
  forget(personIds: readonly string[], email?: string): void {
    const erased = normEmail(email);
    if (erased) this.toldUnreachable.delete(erased);
    for (const id of personIds)
      if (id.startsWith(TEAMS_PREFIX)) this.toldUnreachable.delete(id.slice(TEAMS_PREFIX.length));
    const kept = this.people;
    if (kept) {
      for (const id of personIds) kept.byId.delete(id);
      kept.list = listOf(kept.byId);
    }
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
   * not filled yet, so the caller reads every record instead. Also one whose record has it as an address held back
   * or being moved from (`recordAddresses`): Teams said it is theirs, so they are given with that address (callers
   * such as the outbox take only a person whose e-mail is the one asked for) and what is sent to it reaches them.
   * Their own turns and rights keep the record's own address, by which the catalogue knows them.
   */
  private async byEmail(email: string): Promise<Person | null | undefined> {
    const personId = await this.refs.personIdByEmail(email);
    const ref = personId ? await this.refs.person(personId) : null;
    if (personId && ref && recordAddresses(ref).includes(email)) return { ...personFromRef(personId, ref), email };
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
