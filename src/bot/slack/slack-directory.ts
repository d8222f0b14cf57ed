import type { CatalogueIndex } from '../../config/catalogue-index.js';
import { type Locale, normEmail, type Person } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../../services/clock.js';
import { pickLocale } from '../../services/i18n.js';
import type { Directory } from '../../services/ports/directory.js';
import type { SlackWebClient } from './slack-client.js';
import { slackErrorCode } from './slack-errors.js';
import { slackPersonId, slackUserIdOf } from './slack-ids.js';
import { TtlCache } from '../../services/ttl-cache.js';
import { AddressMoves } from '../../services/address-moves.js';
import { withFormerAddresses } from '../../services/roles.js';

/** Store ref kind of cached `users.info` answers, keyed by Slack user id. */
export const USER_CACHE_REF = 'slack_user';
/** How long a cached profile is trusted (default 12 h): names and e-mails change rarely. */
export const DEFAULT_USER_TTL_MS = 12 * 60 * 60 * 1000;
/**
 * How long a profile is also kept in this process's memory (default 5 min), so a person's requests in a row cost
 * no store read: short, so a profile erased from the store (data protection) or refreshed by another instance is
 * not served from memory for long.
 */
export const DEFAULT_MEMORY_TTL_MS = 5 * 60 * 1000;
/** Most profiles kept in memory (default 5000, least recently used dropped first). */
export const DEFAULT_MEMORY_ENTRIES = 5000;
/**
 * How long this process remembers that Slack knows nobody with an e-mail address (`users.lookupByEmail` said
 * `users_not_found`, and no cached profile has it): default 5 min. A managers file or catalogue naming someone not on
 * Slack would otherwise cost a Slack call (up to the platform time-out when Slack is slow) and a read of the cached
 * profiles at every card rendered for the people below them. Dropped at once when a `user_change` or `team_join`
 * names the address, or a profile fetched here has it; short, because another instance may have been told instead.
 */
export const DEFAULT_NOT_FOUND_TTL_MS = 5 * 60 * 1000;

/** What the directory remembers of a Slack user. */
export interface SlackProfile {
  person: Person;
  /** IANA zone from the Slack profile, for showing times to this person. */
  tz?: string;
  fetchedAt: string;
  /**
   * The address the person had before `person.email`, while the cases naming them by it alone (`email:<it>`) are
   * being moved to the new one (`moveAddress`); gone once every one is moved.
   */
  movingFrom?: string;
  /**
   * The address Slack gives a staff member whom the catalogue still names by the former one (`person.email`, kept so
   * they keep their staff rights): taken, and their cases moved to it, once the catalogue names it (or no longer the
   * former one). What is sent to it reaches them meanwhile (`search`).
   */
  heldEmail?: string;
}

/** What the directory asks the catalogue: whether it names someone by an address (a group's member or supervisor, an admin). */
export type CatalogueAddresses = Pick<CatalogueIndex, 'groupsForEmail' | 'isAdmin'>;

export interface SlackDirectoryDeps {
  client: SlackWebClient;
  store: CaseStore;
  clock: Clock;
  /** Told when the store cache cannot be read or written (the look-up goes on without it). */
  logger?: Logger;
  /** DEFAULT_LOCALE: used when Slack gives no locale the bot speaks. */
  defaultLocale: Locale;
  /** Cache lifetime; default 12 h. */
  ttlMs?: number;
  /** In-memory lifetime, never beyond the profile's own freshness; default 5 min (0 turns the memory off). */
  memoryTtlMs?: number;
  /** In-memory bound; default 5000 profiles. */
  memoryEntries?: number;
  /**
   * Moves the cases naming someone by `from` alone to `to` (`moveAddressCases`), for a person whose address changed
   * (`user_change`, or a profile fetched again): run in the background (`AddressMoves`), with the logger. Without it
   * (the delivery worker's directory, tests of other things) the profile is only marked (`movingFrom`), and the
   * directory that has it takes the move up.
   */
  moveAddress?: (from: string, to: string, signal: AbortSignal) => Promise<number>;
  /**
   * The catalogue: a staff member whose Slack address changed while it names them by the former one keeps that one
   * (`heldEmail`), as on Teams. Without it (tests of other things) a changed address is always taken.
   */
  catalogue?: CatalogueAddresses;
  /** How long "Slack knows nobody with this address" is remembered; default 5 min (0: not remembered). */
  notFoundTtlMs?: number;
}

interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  locale?: string;
  tz?: string;
  deleted?: boolean;
  is_bot?: boolean;
  profile?: { real_name?: string; display_name?: string; email?: string; phone?: string; title?: string };
}

/**
 * The `Directory` port for Slack people (`slack:<userId>`): name, e-mail (scope `users:read.email`), phone,
 * locale (`users.info` with `include_locale`, narrowed to da/en, else DEFAULT_LOCALE) and time zone. Answers are
 * cached in the store's refs for `ttlMs`, so a busy person costs one Slack call per half day and every instance
 * shares the cache; when Slack is unreachable a stale entry is used rather than nothing. Fresh profiles are also
 * kept in memory for `memoryTtlMs` (bounded), and lookups of one user that overlap share one store read and one
 * Slack call. `search` finds by e-mail (`users.lookupByEmail`) or among the people already cached; roles come from
 * the catalogue, not here.
 */
export class SlackDirectory implements Directory {
  private readonly ttlMs: number;
  private readonly memoryTtlMs: number;
  private readonly memory: TtlCache<string, SlackProfile>;
  /**
   * E-mail → user id of the profiles in `memory` (each of their addresses: `addressesOf`), so a search by e-mail
   * repeated soon asks Slack once.
   */
  private readonly byEmail: TtlCache<string, string>;
  /** The addresses Slack knows nobody by, lately (`notFoundTtlMs`). */
  private readonly notFound: TtlCache<string, true>;
  private readonly notFoundTtlMs: number;
  /**
   * When an address was last named to this directory (`known`: an event, a fetched profile, an erase), for
   * `notFoundTtlMs`: Slack's "nobody" to a look-up asked before then is not remembered.
   */
  private readonly namedAt: TtlCache<string, number>;
  /** People whose address the catalogue holds that this process has warned about (`take`): once each. */
  private readonly heldLogged = new Set<string>();
  private readonly loading = new Map<string, Promise<SlackProfile | null>>();
  /** The moves of changed addresses' cases (with `moveAddress` and a logger). */
  private readonly moves: AddressMoves | undefined;

  constructor(private readonly deps: SlackDirectoryDeps) {
    this.ttlMs = deps.ttlMs ?? DEFAULT_USER_TTL_MS;
    this.memoryTtlMs = deps.memoryTtlMs ?? DEFAULT_MEMORY_TTL_MS;
    this.memory = new TtlCache({ clock: deps.clock, maxEntries: deps.memoryEntries ?? DEFAULT_MEMORY_ENTRIES });
    this.byEmail = new TtlCache({ clock: deps.clock, maxEntries: deps.memoryEntries ?? DEFAULT_MEMORY_ENTRIES });
    this.notFound = new TtlCache({ clock: deps.clock, maxEntries: deps.memoryEntries ?? DEFAULT_MEMORY_ENTRIES });
    this.notFoundTtlMs = deps.notFoundTtlMs ?? DEFAULT_NOT_FOUND_TTL_MS;
    this.namedAt = new TtlCache({ clock: deps.clock, maxEntries: deps.memoryEntries ?? DEFAULT_MEMORY_ENTRIES });
    const { moveAddress, logger } = deps;
    this.moves =
      moveAddress && logger
        ? new AddressMoves({
            refs: { finishMove: (id, from) => this.finishMove(id, from), pendingMoves: () => this.pendingMoves() },
            move: moveAddress,
            clock: deps.clock,
            logger,
            texts: {
              moved: "Slack: cases moved to a person's changed address",
              stopped:
                "Slack: a move of cases to a person's changed address stopped with the app; taken up at the next start",
              failed:
                'Slack: the cases naming a person by their former address were not all moved to their new one; the move is taken up again at their next profile change or look-up, or the next start',
            },
          })
        : undefined;
  }

  /**
   * Slack said a person's profile changed (`user_change`) or a member joined (`team_join`): their address is no
   * longer remembered as unknown to Slack (`search`). When it names another address than the cached profile has,
   * the profile takes it at once, marked as moving from the former one, and the cases naming them by the former
   * address alone (`email:<former>`) are moved to it in the background — unless the catalogue holds the former one
   * (`take`). Otherwise (the same address, no address, nobody cached: no case can name them by an address the bot
   * saw) nothing changes; names and the rest are fetched again when the profile is no longer fresh, as before.
   */
  async changed(user: SlackUser): Promise<void> {
    const userId = user.id;
    const to = normEmail(user.profile?.email);
    if (to) this.known(to);
    if (!userId || !to || user.is_bot || user.deleted) return;
    const before = await this.deps.store.getRef(USER_CACHE_REF, userId).then(parseProfile);
    if (!before) return;
    const profile = this.take(userId, before, before, to);
    if (sameAddresses(profile, before) && before.movingFrom === undefined) return;
    await this.deps.store.putRef(USER_CACHE_REF, userId, { ...profile });
    this.memory.delete(userId);
    this.startMove(userId, profile);
  }

  /** Takes up the moves a failure or a stop left undone (the cached profiles still marked); how many. */
  resumeMoves(): Promise<number> {
    return this.moves?.resume() ?? Promise.resolve(0);
  }

  /** Resolves once no move of cases runs here. */
  async settled(): Promise<void> {
    await this.moves?.settled();
  }

  /** Stops the moves between two cases; what is left is taken up at the next start. */
  async stop(): Promise<void> {
    await this.moves?.stop();
  }

  private startMove(userId: string, profile: SlackProfile): void {
    const to = profile.person.email;
    if (profile.movingFrom && to) this.moves?.start(userId, profile.movingFrom, to);
  }

  /** The move of the person's cases from `from` is done: the profile no longer says it moves (unless another did). */
  private async finishMove(userId: string, from: string): Promise<void> {
    const stored = parseProfile(await this.deps.store.getRef(USER_CACHE_REF, userId));
    if (stored?.movingFrom !== from) return;
    const { movingFrom: _done, ...rest } = stored;
    await this.deps.store.putRef(USER_CACHE_REF, userId, { ...rest });
    this.memory.delete(userId);
  }

  /** The cached profiles still marked as moving (read at the start, in the background). */
  private async pendingMoves(): Promise<{ personId: string; from: string; to: string }[]> {
    const out: { personId: string; from: string; to: string }[] = [];
    for (const { key, value } of await this.deps.store.listRefs(USER_CACHE_REF)) {
      const p = parseProfile(value);
      if (p?.movingFrom && p.person.email) out.push({ personId: key, from: p.movingFrom, to: p.person.email });
    }
    return out;
  }

  /** Drops the profiles kept in memory of these people (the store's cached ones went with the erase). */
  forget(personIds: readonly string[], email: string): void {
    const address = normEmail(email);
    const byAddress = address ? this.byEmail.get(address) : undefined;
    for (const userId of [...personIds.map(slackUserIdOf), byAddress]) if (userId) this.memory.delete(userId);
    if (address) {
      this.byEmail.delete(address);
      this.known(address);
    }
  }

  async lookup(personId: string): Promise<Person | null> {
    const userId = slackUserIdOf(personId);
    if (!userId) return null;
    const profile = await this.profile(userId);
    // While the cases of their former address are being moved, those are theirs too.
    return profile ? withFormerAddresses(profile.person, [profile.movingFrom]) : null;
  }

  /** The cached or freshly fetched profile of a Slack user; null when Slack does not know them. */
  async profile(userId: string): Promise<SlackProfile | null> {
    const kept = this.memory.get(userId);
    if (kept) return kept;
    const pending = this.loading.get(userId);
    if (pending) return pending;
    const load = this.load(userId).finally(() => this.loading.delete(userId));
    this.loading.set(userId, load);
    return load;
  }

  private async load(userId: string): Promise<SlackProfile | null> {
    const stored = await this.cached(userId);
    const cached = await this.release(userId, stored ?? null);
    // A move of their cases left undone (here or by another instance) is taken up.
    if (cached) this.startMove(userId, cached);
    if (cached && this.fresh(cached)) {
      this.keep(userId, cached);
      return cached;
    }
    try {
      const res = await this.deps.client.users.info({ user: userId, include_locale: true });
      if (!res.user) return cached;
      return await this.remember(res.user as SlackUser, userId, stored === undefined ? undefined : cached);
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === 'user_not_found' || code === 'users_not_found') {
        this.memory.delete(userId);
        await this.deps.store.deleteRef(USER_CACHE_REF, userId);
        return null;
      }
      // A stale entry is an answer for now, not one to keep: the next request asks Slack again.
      if (cached) return cached;
      throw err;
    }
  }

  async search(query: string, limit = 10): Promise<Person[]> {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const found: Person[] = [];
    const email = /^[^\s@]+@[^\s@]+$/.test(q);
    let slackKnowsNone = false;
    let asked = 0;
    if (email) {
      // A staff member resolved again soon (SLA pings, escalations): the profile in memory, no Slack call.
      const userId = this.byEmail.get(q);
      const kept = userId ? this.memory.get(userId) : undefined;
      if (kept && addressesOf(kept).includes(q)) return limit > 0 ? [withAddress(kept, q)] : [];
      // Slack said lately that nobody has it, and no profile cached here had it.
      if (this.notFound.get(q)) return [];
      asked = this.deps.clock.now().getTime();
      try {
        const res = await this.deps.client.users.lookupByEmail({ email: q });
        if (res.user?.id) {
          const profile = await this.remember(res.user as SlackUser, res.user.id, await this.cached(res.user.id));
          found.push(addressesOf(profile).includes(q) ? withAddress(profile, q) : profile.person);
        }
      } catch (err) {
        if (slackErrorCode(err) !== 'users_not_found') throw err;
        slackKnowsNone = true;
      }
      // Slack knows the address: nobody else in the cache has it (services resolve staff this way on every
      // escalation and SLA ping, so not every profile ever cached is read for it).
      if (found.length > 0) return found.slice(0, limit);
    }
    for (const { key, value } of await this.deps.store.listRefs(USER_CACHE_REF)) {
      const profile = parseProfile(value);
      const p = profile?.person;
      if (!profile || !p || found.some((f) => f.id === p.id)) continue;
      // Also by the address the person had before, while their cases are being moved from it (Slack no longer
      // knows it), and by one the catalogue holds back: what is sent to either reaches them.
      if (email && addressesOf(profile).includes(q)) {
        found.push(withAddress(profile, q));
        this.keepFound(key, profile);
      } else if (p.name.toLowerCase().includes(q)) found.push(p);
    }
    // Not when an event or a profile named the address while Slack was asked: its "nobody" may be out of date.
    const named = this.namedAt.get(q);
    if (slackKnowsNone && found.length === 0 && this.notFoundTtlMs > 0 && !(named !== undefined && named >= asked)) {
      this.notFound.set(q, true, this.notFoundTtlMs);
    }
    return found.slice(0, limit);
  }

  private fresh(p: SlackProfile): boolean {
    return this.deps.clock.now().getTime() - Date.parse(p.fetchedAt) < this.ttlMs;
  }

  /**
   * The profile kept in the store (null: none); undefined when the store does not answer (Slack is asked instead).
   */
  private async cached(userId: string): Promise<SlackProfile | null | undefined> {
    try {
      return parseProfile(await this.deps.store.getRef(USER_CACHE_REF, userId));
    } catch (err) {
      this.deps.logger?.warn({ err, userId }, 'slack profile cache unreadable; asking Slack');
      return undefined;
    }
  }

  /**
   * Keeps a profile Slack just gave. One naming another address than the profile kept before (`before`) is marked
   * as moving from the former one, and its cases are moved (`changed`): a `user_change` missed or not subscribed to
   * is noticed here; a mark not done yet is kept. With a kept profile that could not be read (`before` undefined),
   * as on Teams, Slack's answer serves this request only and is neither stored nor kept in memory: it could replace
   * an address the catalogue holds (`take`, which needs the kept profile) or leave the cases by the former address
   * behind, unmarked.
   */
  private async remember(
    user: SlackUser,
    userId: string,
    before: SlackProfile | null | undefined,
  ): Promise<SlackProfile> {
    const fetched = toProfile(user, userId, this.deps.defaultLocale, this.deps.clock.now().toISOString());
    const to = fetched.person.email;
    if (to) this.known(to);
    if (before === undefined) return fetched;
    const profile = before && to ? this.take(userId, fetched, before, to) : fetched;
    // The store is only a cache here: a person Slack just described is not forgotten because it is down.
    await this.deps.store.putRef(USER_CACHE_REF, userId, { ...profile }).catch((err: unknown) => {
      this.deps.logger?.warn({ err, userId }, 'slack profile not cached in the store');
    });
    this.keep(userId, profile);
    this.startMove(userId, profile);
    return profile;
  }

  /**
   * Someone with `address` was named here (a `user_change` or `team_join`, a profile fetched, an erase): it is no
   * longer remembered as nobody's, nor about to be by a look-up asked of Slack before (`namedAt`).
   */
  private known(address: string): void {
    this.notFound.delete(address);
    if (this.notFoundTtlMs > 0) this.namedAt.set(address, this.deps.clock.now().getTime(), this.notFoundTtlMs);
  }

  /**
   * Keeps a fresh profile in memory, never past the moment it stops being fresh. One left not fresh while the move of
   * its cases is not done (`whileMoving`) is kept the memory's time all the same: else each look-up of the person
   * (every request, card, mention) asked Slack and wrote the store until the move was done, for good while a case
   * of it keeps failing. The move done here drops it (`finishMove`), so the next look-up asks Slack.
   */
  private keep(userId: string, profile: SlackProfile): void {
    const left = Date.parse(profile.fetchedAt) + this.ttlMs - this.deps.clock.now().getTime();
    const ttl = left <= 0 && profile.movingFrom !== undefined ? this.memoryTtlMs : Math.min(this.memoryTtlMs, left);
    this.memory.set(userId, profile, ttl);
    for (const address of addressesOf(profile)) this.byEmail.set(address, userId, ttl);
  }

  /**
   * Keeps in memory, as a look-up does (`load`), a fresh cached profile that a search found by an address Slack does
   * not know (the one the catalogue still names a staff member by, while Slack has their new one; the former one of
   * a move not done): else every search by it (SLA pings, escalations, digests) asked Slack and read every cached
   * profile again until the catalogue or the move changed. Not one this process already keeps or is loading (that
   * one is at least as new), nor one whose held address the catalogue no longer holds (the next look-up takes it:
   * `release`).
   */
  private keepFound(userId: string, profile: SlackProfile): void {
    if (!this.fresh(profile) || this.memory.get(userId) || this.loading.has(userId)) return;
    const held = profile.heldEmail;
    if (held && this.deps.catalogue && !this.holds(profile.person.email, held)) return;
    // As at a look-up: a move of their cases left undone is taken up.
    this.startMove(userId, profile);
    this.keep(userId, profile);
  }

  /**
   * `profile` (the person as Slack now gives them, or as kept) with the address `to` Slack names for the person
   * kept as `before`. Staff are known to the catalogue by e-mail: when the catalogue names them (a group's member or
   * supervisor, an admin) by the address kept and not by `to`, they keep the kept one and `to` is held back
   * (`heldEmail`), so they keep their staff rights and their cases by e-mail stay as the catalogue says, Slack
   * having said it is the same person (the same user id); the operator is warned, once per person per run, naming
   * them by their id and the catalogue's groups, never by an address (as on Teams). Otherwise the profile takes `to`,
   * marked as moving from the former address.
   */
  private take(userId: string, profile: SlackProfile, before: SlackProfile, to: string): SlackProfile {
    const { movingFrom: _moving, heldEmail: _held, ...rest } = profile;
    const from = before.person.email;
    // A directory without the catalogue (none given) keeps what one with it decided.
    const held = this.deps.catalogue ? this.holds(from, to) : before.heldEmail === to;
    if (from && held) {
      this.warnHeld(userId, from);
      return {
        ...rest,
        person: { ...profile.person, email: from },
        ...(before.movingFrom ? { movingFrom: before.movingFrom } : {}),
        heldEmail: to,
      };
    }
    const deferred = whileMoving(rest, before, to);
    if (deferred) return deferred;
    const movingFrom = movedFrom(before, to);
    return { ...rest, person: { ...profile.person, email: to }, ...(movingFrom ? { movingFrom } : {}) };
  }

  /** Whether the catalogue names someone by `from` and not by `to`. */
  private holds(from: string | undefined, to: string): boolean {
    const { catalogue } = this.deps;
    if (!catalogue || !from || from === to) return false;
    const names = (address: string) => catalogue.groupsForEmail(address).length > 0 || catalogue.isAdmin(address);
    return names(from) && !names(to);
  }

  private warnHeld(userId: string, from: string): void {
    if (this.heldLogged.has(userId) || !this.deps.catalogue) return;
    this.heldLogged.add(userId);
    const groups = this.deps.catalogue.groupsForEmail(from).map((g) => g.id);
    this.deps.logger?.warn(
      { personId: slackPersonId(userId), groups, admin: this.deps.catalogue.isAdmin(from) },
      "Slack: a staff member's address changed, but the catalogue (config/catalogue.yaml) names them by the former one: they keep the former address, and their staff rights, until the catalogue's groups (members, supervisor) or admins name the new one; please update it (logged once per person while the bot runs)",
    );
  }

  /**
   * A cached profile whose held-back address the catalogue no longer holds (an admin updated it; read at the next
   * start): it takes that address now, and its cases by the former one follow (`take`).
   */
  private async release(userId: string, cached: SlackProfile | null): Promise<SlackProfile | null> {
    const to = cached?.heldEmail;
    if (!cached || !to || !this.deps.catalogue || this.holds(cached.person.email, to)) return cached;
    const profile = this.take(userId, cached, cached, to);
    await this.deps.store.putRef(USER_CACHE_REF, userId, { ...profile }).catch((err: unknown) => {
      this.deps.logger?.warn({ err, userId }, 'slack profile not cached in the store');
    });
    return profile;
  }
}

/** The addresses that find a profile's person: their own, the one being moved from and the one held back. */
function addressesOf(p: SlackProfile): string[] {
  return [p.person.email, p.movingFrom, p.heldEmail].filter((a): a is string => !!a);
}

/** The person of a profile as found by one of their addresses (callers such as the outbox take that one only). */
function withAddress(p: SlackProfile, address: string): Person {
  return p.person.email === address ? p.person : { ...p.person, email: address };
}

/** Whether two profiles name the same addresses the same way. */
function sameAddresses(a: SlackProfile, b: SlackProfile): boolean {
  return a.person.email === b.person.email && a.movingFrom === b.movingFrom && a.heldEmail === b.heldEmail;
}

/** A `users.info` user as a Person (`slack:<id>`), with the name Slack shows and the locale narrowed to da/en. */
export function toProfile(user: SlackUser, userId: string, defaultLocale: Locale, fetchedAt: string): SlackProfile {
  const p = user.profile ?? {};
  const name = p.real_name?.trim() || user.real_name?.trim() || p.display_name?.trim() || user.name || userId;
  const person: Person = {
    id: slackPersonId(userId),
    name,
    locale: pickLocale(user.locale, defaultLocale),
    ...(p.email ? { email: p.email.toLowerCase() } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    ...(user.name ? { username: user.name } : {}),
  };
  return { person, ...(user.tz ? { tz: user.tz } : {}), fetchedAt };
}

/**
 * `profile` (without addresses) as it stays while the move of the person's cases (`before.movingFrom`) is not done
 * and Slack names another address `to` than the one they are being moved to: with the addresses of `before`, and no
 * longer fresh. As on Teams, no other address is taken before the move is done: one taken part-way (changed again,
 * or back) left the cases moved so far on an address nobody had. The first look-up after the move asks Slack again
 * (the profile not fresh) and takes the address it names then, its cases moved from the one they went to. Undefined
 * when no move is pending or `to` is the address they are moved to.
 */
function whileMoving(profile: SlackProfile, before: SlackProfile, to: string): SlackProfile | undefined {
  const current = before.person.email;
  if (before.movingFrom === undefined || current === undefined || current === to) return undefined;
  return {
    ...profile,
    person: { ...profile.person, email: current },
    movingFrom: before.movingFrom,
    ...(before.heldEmail ? { heldEmail: before.heldEmail } : {}),
    fetchedAt: new Date(0).toISOString(),
  };
}

/** The address whose cases are to move to `to`: the one being moved from, else the profile's; none when it is `to`. */
function movedFrom(before: SlackProfile, to: string): string | undefined {
  const from = before.movingFrom ?? before.person.email;
  return from && from !== to ? from : undefined;
}

function parseProfile(value: Record<string, unknown> | null): SlackProfile | null {
  if (!value) return null;
  const person = value['person'] as Person | undefined;
  const fetchedAt = value['fetchedAt'];
  if (!person || typeof person.id !== 'string' || typeof person.name !== 'string' || typeof fetchedAt !== 'string') {
    return null;
  }
  const tz = value['tz'];
  const movingFrom = value['movingFrom'];
  const heldEmail = value['heldEmail'];
  return {
    person,
    fetchedAt,
    ...(typeof tz === 'string' ? { tz } : {}),
    ...(typeof movingFrom === 'string' ? { movingFrom } : {}),
    ...(typeof heldEmail === 'string' ? { heldEmail } : {}),
  };
}
