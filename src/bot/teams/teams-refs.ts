import type { ConversationReference } from '@microsoft/agents-activity';
import { z } from 'zod';
import { normEmail } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import type { AddressMoveTexts } from '../../services/address-moves.js';
import { TtlCache } from '../../services/ttl-cache.js';

/** `CaseStore` ref kinds used by the Teams transport. */
export const REF_KINDS = {
  /** Per person id (`teams:<aad>`): their personal conversation and what Teams told us about them. */
  person: 'teams.ref',
  /** Per group id: the team channel its case cards go to (captured at install when it matches the catalogue). */
  channel: 'teams.channel',
  /** Per tenant id: the service URL Teams last used, for conversations the bot starts itself. */
  tenant: 'teams.tenant',
  /** Per lower-case e-mail: the person id (`{ personId }`) whose record has it, so a look-up by e-mail is one read. */
  personEmail: 'teams.ref.email',
  /** The Teams transport's own bookkeeping (`email-index`: the e-mail index has been filled from the records). */
  meta: 'teams.meta',
  /**
   * Per person id (`{ at }`): the record has a move of cases to a changed address not done yet (`movingFrom`), so a
   * start takes it up (`TeamsRefs.pendingMoves`) without reading every record.
   */
  moving: 'teams.ref.moving',
} as const;

/**
 * The `meta` entry saying the e-mail index is filled. Its second version: the first fill indexed a guest by the
 * `#EXT#` user principal name (see `upnAddress`), so a store that has only the first one is filled again.
 */
const EMAIL_INDEX_DONE = 'email-index-2';

/** A whole e-mail address. */
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** What marks the user principal name of a guest (B2B) account in a tenant: `jane_gmail.com#EXT#@tenant…`. */
export const GUEST_MARK = '#ext#';

/**
 * The address a user principal name stands for, lower case. A member's UPN is their address; a guest's (B2B)
 * is their own address with its `@` as the last `_` before `#EXT#`, in the tenant's domain
 * (`Jane.Doe_gmail.com#EXT#@au.onmicrosoft.com` → `jane.doe@gmail.com`): that address is the guest's, is how
 * staff and the catalogue know them, and is the same whichever tenant invited them. A guest UPN that does not read
 * back to an address is kept as it is; undefined for no UPN or one without an `@`.
 */
export function upnAddress(upn: string | undefined): string | undefined {
  const u = normEmail(upn);
  if (!u?.includes('@')) return undefined;
  const mark = u.indexOf(GUEST_MARK);
  if (mark === -1) return u;
  const own = u.slice(0, mark);
  const at = own.lastIndexOf('_');
  const address = `${own.slice(0, at)}@${own.slice(at + 1)}`;
  return at > 0 && ADDRESS.test(address) ? address : u;
}

/**
 * A record's e-mail, lower case: the one Teams gave, else the address of its user principal name (`upnAddress`;
 * a guest's own address, not the `#EXT#` UPN). The same record always gives the same one: it is the person's
 * identity key across the bot (cases, `mine`, roles from the catalogue, the e-mail index).
 */
export function recordEmail(ref: Pick<TeamsPersonRef, 'email' | 'upn'>): string | undefined {
  return normEmail(ref.email) ?? upnAddress(ref.upn);
}

/**
 * What the log says of the moves of Teams people's cases to a changed address (`AddressMoves` of
 * services/address-moves, with `TeamsRefs` as its records): a move left undone is taken up again at the person's
 * next message or click (`start`) or the next start of the app (`resume`).
 */
export const TEAMS_MOVE_TEXTS: AddressMoveTexts = {
  moved: "Teams: cases moved to a person's changed address",
  stopped: "Teams: a move of cases to a person's changed address stopped with the app; taken up at the next start",
  failed:
    'Teams: the cases naming a person by their former address were not all moved to their new one; the move is taken up again at their next message or click, or the next start',
};

/**
 * The key under which an earlier version indexed the record: its e-mail, else its UPN as it is (a guest's `#EXT#`
 * one); undefined when that is the key `recordEmail` gives now.
 */
export function legacyEmailKey(ref: Pick<TeamsPersonRef, 'email' | 'upn'>): string | undefined {
  const legacy = normEmail(ref.email ?? (ref.upn?.includes('@') ? ref.upn : undefined));
  return legacy !== recordEmail(ref) ? legacy : undefined;
}

/**
 * Every address the e-mail index finds the record by: its own (`recordEmail`), then one the catalogue holds it from
 * (`heldEmail`: Teams says it is the person's) and the former one whose cases are being moved (`movingFrom`).
 */
export function recordAddresses(ref: Pick<TeamsPersonRef, 'email' | 'upn' | 'heldEmail' | 'movingFrom'>): string[] {
  const out: string[] = [];
  for (const a of [recordEmail(ref), normEmail(ref.heldEmail), normEmail(ref.movingFrom)])
    if (a && !out.includes(a)) out.push(a);
  return out;
}

const reference = z
  .object({
    channelId: z.string(),
    serviceUrl: z.string(),
    conversation: z.object({ id: z.string() }).loose(),
    user: z.object({ id: z.string() }).loose().optional(),
    agent: z.object({ id: z.string() }).loose().nullish(),
    activityId: z.string().optional(),
    locale: z.string().optional(),
  })
  .loose();

const personRef = z.object({
  /** Teams user id (`29:…`) in the bot's conversations. */
  userId: z.string(),
  aadObjectId: z.string().optional(),
  tenantId: z.string().optional(),
  name: z.string(),
  email: z.string().optional(),
  upn: z.string().optional(),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  /**
   * When Teams' member look-up last gave this record its address (`email`, `upn`, `givenName`, `surname`, ISO); the
   * look-up is asked again once it is older than a day (`MEMBER_REFRESH_MS` in teams-bot), so a changed address
   * (a new name, a guest made a member) reaches the record. Absent on records from before: asked at the next turn.
   */
  memberAt: z.string().optional(),
  /**
   * An address Teams' member look-up gave that the record does not take yet: the catalogue (groups' members and
   * supervisors, admins) names the person by the record's address and not by this one, so taking it would end their
   * staff rights. Taken once the catalogue names it or no longer names the record's (`catalogueHolds` in teams-bot).
   */
  heldEmail: z.string().optional(),
  /**
   * The address the record had before the member look-up's current one, while the cases naming the person by it
   * alone (`email:<address>`) are still being moved to the current one (`AddressMoves`, in the background): set with
   * the new address, removed once every case is moved (`finishMove`). While it is set the e-mail index keeps it too
   * (messages about the cases not moved yet reach the person), a turn or a start takes the move up again where it
   * stopped, and the record takes no other address.
   */
  movingFrom: z.string().optional(),
  locale: z.string().optional(),
  /** The personal (1:1) conversation, once the person wrote or installed the app. */
  reference: reference.optional(),
  /** The service URL seen with this person (also without a personal conversation). */
  serviceUrl: z.string().optional(),
  updatedAt: z.string(),
});

const channelRef = z.object({
  teamId: z.string(),
  channelId: z.string(),
  serviceUrl: z.string(),
  tenantId: z.string().optional(),
  teamName: z.string().optional(),
  capturedAt: z.string(),
});

/**
 * What is left of a group's binding once the app was removed from its team (`unbindChannel`): the binding it had
 * and when it went. Stored under the binding's own key, so the catalogue's binding is not used in its stead
 * (`channelTargetsFor`) until the app is added to the team again or mentioned in the channel.
 */
const removedChannelRef = z.object({ teamId: z.string(), channelId: z.string(), removedAt: z.string() });

const tenantRef = z.object({ serviceUrl: z.string(), updatedAt: z.string() });

export type TeamsPersonRef = z.infer<typeof personRef>;

/** What the directory shows of a person's record (see `TeamsRefs.directoryPeople`). */
const directoryFields = personRef.pick({ name: true, email: true, upn: true, locale: true });
const DIRECTORY_FIELDS = Object.keys(directoryFields.shape);
export type DirectoryFields = z.infer<typeof directoryFields>;
export type TeamsChannelRef = z.infer<typeof channelRef>;
export type RemovedChannelRef = z.infer<typeof removedChannelRef>;

/**
 * How long a record that did not change is left without rewriting (ms, default one hour): `updatedAt` and
 * the tenant's service URL are confirmed at most this often instead of on every turn.
 */
export const REF_REFRESH_MS = 3_600_000;
/**
 * How long the turn path trusts what this instance last read or wrote of a person or channel binding (ms,
 * default one minute) before reading the store again. Short, so a record another instance changed or the
 * privacy erasure deleted is seen (and rewritten) within a minute; long enough that a busy person's turns and a
 * channel's card clicks read nothing.
 */
export const REF_RECHECK_MS = 60_000;
/** Bound on the remembered tenant service URLs (one per tenant; a single-tenant bot has two). */
const MAX_CACHED_TENANTS = 1_000;
/** Bound on the remembered people and channel bindings (least recently used go first). */
const MAX_CACHED_RECORDS = 10_000;

/** Timing knobs of `TeamsRefs`; 0 turns the respective saving off. */
export interface TeamsRefsOptions {
  /** See `REF_REFRESH_MS`. */
  refreshMs?: number;
  /** See `REF_RECHECK_MS`. */
  recheckMs?: number;
}

/**
 * Durable Teams addressing data on top of `CaseStore.putRef`: conversation references (needed for proactive
 * messages), channel bindings captured at install, and per-tenant service URLs. Records that fail to parse are
 * treated as absent (they are rewritten on the next activity).
 *
 * Every Teams turn saves the sender's record and the tenant's service URL, and every channel activity the
 * channel's binding; they almost never change. A write whose value equals what is stored (apart from the time
 * stamp, while younger than `refreshMs`) is skipped. What is stored is known from what this instance last read
 * or wrote (kept in small bounded maps for `recheckMs`), else read from the store: a repeat turn reads and
 * writes nothing. `person` and `channel` (used by the gateway and the directory) always read the store.
 */
export class TeamsRefs {
  private readonly tenantUrls = new Map<string, { serviceUrl: string; at: number }>();
  private readonly knownPeople = new TtlCache<string, TeamsPersonRef>({ maxEntries: MAX_CACHED_RECORDS });
  private readonly knownChannels = new TtlCache<string, TeamsChannelRef>({ maxEntries: MAX_CACHED_RECORDS });
  private readonly refreshMs: number;
  private readonly recheckMs: number;
  /** Seen true once (`emailIndexReady`): the index is filled, for good. */
  private emailIndexDone = false;

  /** A number is `refreshMs` (the older signature); see `TeamsRefsOptions` for the defaults. */
  constructor(
    private readonly store: CaseStore,
    options: number | TeamsRefsOptions = {},
  ) {
    const o = typeof options === 'number' ? { refreshMs: options } : options;
    this.refreshMs = o.refreshMs ?? REF_REFRESH_MS;
    this.recheckMs = o.recheckMs ?? REF_RECHECK_MS;
  }

  /** Drops what this instance remembers of these people's records (after an erase deleted them). */
  forget(personIds: readonly string[]): void {
    for (const id of personIds) this.knownPeople.delete(id);
  }

  /** The person's stored record, read from the store. */
  async person(personId: string): Promise<TeamsPersonRef | null> {
    const raw = await this.store.getRef(REF_KINDS.person, personId);
    const parsed = personRef.safeParse(raw);
    return parsed.success ? parsed.data : null;
  }

  /**
   * The person's record for an inbound turn: what this instance last read or wrote, when that is younger than
   * `recheckMs`, else read from the store (and remembered).
   */
  async recentPerson(personId: string, now: Date): Promise<TeamsPersonRef | null> {
    const known = this.knownPeople.get(personId, now);
    if (known) return known;
    const stored = await this.person(personId);
    if (stored) this.knownPeople.set(personId, stored, this.recheckMs, now);
    return stored;
  }

  /**
   * Merges what is known about a person into their record (fields not given are kept). Returns the record as
   * stored; when nothing but `updatedAt` would change and the stored one is recent, nothing is written.
   * `previous`: the record the caller read for this turn (e.g. with `recentPerson`), so it is not read again;
   * a newer one this instance wrote meanwhile still wins. A patch with `memberAt` is a member look-up's answer: it
   * replaces what the record had from the one before (`MEMBER_FIELDS`), so an address Teams no longer gives (the
   * e-mail of a guest made a member under another address) does not stay; the e-mail index follows.
   */
  async savePerson(
    personId: string,
    patch: Omit<Partial<TeamsPersonRef>, 'updatedAt'> & { userId: string; name: string },
    now: Date,
    previous?: TeamsPersonRef | null,
  ): Promise<TeamsPersonRef> {
    const base =
      this.knownPeople.get(personId, now) ?? (previous === undefined ? await this.person(personId) : previous);
    const kept = base && patch.memberAt ? withoutMemberFields(base) : base;
    const next: TeamsPersonRef = { ...(kept ?? {}), ...stripUndefined(patch), updatedAt: now.toISOString() };
    if (base && this.fresh(base.updatedAt, now) && sameExcept(base, next, 'updatedAt')) return base;
    // The e-mail index entry goes first, and with every write of the record: should the record's write then fail
    // (the store not answering, the process ending), the look-up finds an entry whose record does not have that
    // e-mail and ignores it, and the next turn writes both again. Written after the record, a failure in between
    // left the record unindexed for good (later writes saw the e-mail unchanged); rewriting the entry with the
    // record also mends such a record at its next (at least hourly) rewrite.
    const email = recordEmail(next);
    if (email) await this.store.putRef(REF_KINDS.personEmail, email, { personId });
    // The other addresses (held, being moved from) are indexed unless another record has the entry (the record whose
    // own address it is keeps it); checked at every write of the few records that have one, so a record held before
    // they were indexed gets its entry at its next (at least hourly) write.
    for (const other of recordAddresses(next).filter((a) => a !== email)) {
      if ((await this.personIdByEmail(other)) === null)
        await this.store.putRef(REF_KINDS.personEmail, other, { personId });
    }
    if (next.movingFrom && !base?.movingFrom)
      await this.store.putRef(REF_KINDS.moving, personId, { at: now.toISOString() });
    await this.store.putRef(REF_KINDS.person, personId, next as unknown as Record<string, unknown>);
    // And after it, while the record has one: a move finished (`finishMove`, here or on another instance) between
    // this turn's read and this write took the entry away, and the write gave `movingFrom` back; without the entry
    // a start would not take that move up (its run then finds nothing left and finishes it). An entry this writes
    // after a finish that read this write is dropped by `pendingMoves`.
    if (next.movingFrom && base?.movingFrom)
      await this.store.putRef(REF_KINDS.moving, personId, { at: now.toISOString() });
    this.knownPeople.set(personId, next, this.recheckMs, now);
    if (base) await this.unindex(personId, [...recordAddresses(base), legacyEmailKey(base)], next);
    return next;
  }

  /**
   * The move of the person's cases from `from` is done (`AddressMoves`): `movingFrom` leaves the record (read from
   * the store: the move ran in the background), and with it the index entry of that address and the pending-move
   * entry. Nothing when the record is no longer moving from `from`.
   */
  async finishMove(personId: string, from: string, now: Date): Promise<void> {
    const stored = await this.person(personId);
    if (stored?.movingFrom === from) {
      const { movingFrom: _done, ...rest } = stored;
      const next: TeamsPersonRef = { ...rest, updatedAt: now.toISOString() };
      await this.store.putRef(REF_KINDS.person, personId, next as unknown as Record<string, unknown>);
      this.knownPeople.set(personId, next, this.recheckMs, now);
      await this.unindex(personId, [from], next);
    }
    if (!stored?.movingFrom || stored.movingFrom === from) await this.store.deleteRef(REF_KINDS.moving, personId);
  }

  /**
   * The people whose record has a move of cases not done (`movingFrom`), with it and the record's address; a
   * pending-move entry whose record no longer has one (done meanwhile, erased) is dropped.
   */
  async pendingMoves(): Promise<{ personId: string; from: string; to: string }[]> {
    const out: { personId: string; from: string; to: string }[] = [];
    for (const { key } of await this.store.listRefs(REF_KINDS.moving)) {
      const ref = await this.person(key);
      const to = ref ? recordEmail(ref) : undefined;
      if (ref?.movingFrom && to) out.push({ personId: key, from: ref.movingFrom, to });
      else await this.store.deleteRef(REF_KINDS.moving, key);
    }
    return out;
  }

  /** Drops the index entries of `addresses` that point at the person but are none of `next`'s addresses. */
  private async unindex(personId: string, addresses: (string | undefined)[], next: TeamsPersonRef): Promise<void> {
    const kept = recordAddresses(next);
    for (const before of new Set(addresses)) {
      if (before && !kept.includes(before) && (await this.personIdByEmail(before)) === personId) {
        await this.store.deleteRef(REF_KINDS.personEmail, before);
      }
    }
  }

  /**
   * Forgets the person's personal (1:1) conversation: the app was uninstalled from their personal scope, and Teams
   * refuses every message sent into that conversation from now on. The rest of the record stays (the directory
   * and the e-mail index know the person by it); a later message to them creates the chat anew (which works once
   * the app is installed again), and their next message or install stores the new reference.
   */
  async forgetReference(personId: string, now: Date): Promise<void> {
    this.knownPeople.delete(personId);
    const stored = await this.person(personId);
    if (!stored?.reference) return;
    const { reference: _gone, ...rest } = stored;
    const next: TeamsPersonRef = { ...rest, updatedAt: now.toISOString() };
    await this.store.putRef(REF_KINDS.person, personId, next as unknown as Record<string, unknown>);
    this.knownPeople.set(personId, next, this.recheckMs, now);
  }

  /** The id of the Teams person with this e-mail (any case), from the e-mail index; null when none. */
  async personIdByEmail(email: string): Promise<string | null> {
    const key = normEmail(email);
    if (!key) return null;
    const value = await this.store.getRef(REF_KINDS.personEmail, key);
    return typeof value?.['personId'] === 'string' ? value['personId'] : null;
  }

  /** Whether the e-mail index holds every record (`indexEmails` has run on this store). */
  async emailIndexReady(): Promise<boolean> {
    if (!this.emailIndexDone)
      this.emailIndexDone = (await this.store.getRef(REF_KINDS.meta, EMAIL_INDEX_DONE)) !== null;
    return this.emailIndexDone;
  }

  /**
   * Fills the e-mail index from the stored records, once per store (records written since are indexed as they are
   * saved). Returns how many e-mails it indexed (0 when it had run before). A guest's entry under the `#EXT#` UPN
   * an earlier version wrote goes: the guest is indexed by their own address (`recordEmail`).
   *
   * The records are indexed oldest first (their `updatedAt`), so an address two records give (an account made
   * anew, a guest met in two tenants) stays with the one written last, as `savePerson` leaves it; in the store's
   * order (by key) the fill pointed such an address at whichever record's key sorts last, also when that was the
   * stale one.
   */
  async indexEmails(now: Date): Promise<number> {
    if (await this.emailIndexReady()) return 0;
    let indexed = 0;
    const people = (await this.people()).sort((a, b) => a.ref.updatedAt.localeCompare(b.ref.updatedAt));
    for (const { personId, ref } of people) {
      const email = recordEmail(ref);
      if (!email) continue;
      await this.store.putRef(REF_KINDS.personEmail, email, { personId });
      indexed += 1;
      const legacy = legacyEmailKey(ref);
      if (legacy && (await this.personIdByEmail(legacy)) === personId)
        await this.store.deleteRef(REF_KINDS.personEmail, legacy);
    }
    await this.store.putRef(REF_KINDS.meta, EMAIL_INDEX_DONE, { at: now.toISOString(), indexed });
    this.emailIndexDone = true;
    return indexed;
  }

  async people(): Promise<{ personId: string; ref: TeamsPersonRef }[]> {
    const rows = await this.store.listRefs(REF_KINDS.person);
    return rows.flatMap((r) => {
      const parsed = personRef.safeParse(r.value);
      return parsed.success ? [{ personId: r.key, ref: parsed.data }] : [];
    });
  }

  /**
   * Everyone met, with only what the directory shows of them (name, e-mail, UPN, locale): the store leaves the
   * rest of each record (the conversation reference, most of its size) unread. With 20 000 people, about half
   * the time of `people()` (`bench/teams-directory.ts`).
   */
  async directoryPeople(): Promise<{ personId: string; ref: DirectoryFields }[]> {
    return (await this.directoryRecords()).flatMap((r) => (r.ref ? [{ personId: r.personId, ref: r.ref }] : []));
  }

  /**
   * As `directoryPeople`, but every record (`ref` null for one that does not parse) with the time it was written;
   * with `changedSince` (ISO) only those written at or after it, read through the store's index on that time.
   */
  async directoryRecords(
    changedSince?: string,
  ): Promise<{ personId: string; ref: DirectoryFields | null; updatedAt: string }[]> {
    const options = changedSince === undefined ? {} : { changedSince };
    const rows = await this.store.listRefs(REF_KINDS.person, DIRECTORY_FIELDS, options);
    return rows.map((r) => {
      const parsed = directoryFields.safeParse(r.value);
      return { personId: r.key, ref: parsed.success ? parsed.data : null, updatedAt: r.updatedAt };
    });
  }

  /** How many person records are stored (parsing or not). */
  countPeople(): Promise<number> {
    return this.store.countRefs(REF_KINDS.person);
  }

  /** The group's channel binding; null when none was captured or the app was removed from its team. */
  async channel(groupId: string): Promise<TeamsChannelRef | null> {
    return (await this.channelState(groupId)).channel;
  }

  /**
   * The group's binding as stored, in one read: `channel` while bound, `removed` once the app was removed from its
   * team (`unbindChannel`), neither when nothing was captured.
   */
  async channelState(groupId: string): Promise<{ channel: TeamsChannelRef | null; removed?: RemovedChannelRef }> {
    const raw = await this.store.getRef(REF_KINDS.channel, groupId);
    const removed = removedChannelRef.safeParse(raw);
    if (removed.success) return { channel: null, removed: removed.data };
    const parsed = channelRef.safeParse(raw);
    return { channel: parsed.success ? parsed.data : null };
  }

  /**
   * Forgets a group's channel binding: the app was removed from its team, and Teams refuses every post into that
   * channel from now on. What stays (`RemovedChannelRef`) keeps the catalogue's binding from standing in for it, so
   * the group's cards go nowhere on Teams rather than into dead letters; the app added to the team again, or the
   * bot mentioned in the channel, binds it anew (`saveChannel`).
   */
  async unbindChannel(groupId: string, binding: { teamId: string; channelId: string }, now: Date): Promise<void> {
    this.knownChannels.delete(groupId);
    const removed: RemovedChannelRef = { ...binding, removedAt: now.toISOString() };
    await this.store.putRef(REF_KINDS.channel, groupId, removed);
  }

  /**
   * Stores a group's channel binding. Every channel activity confirms it, so it is not rewritten when only
   * `capturedAt` would change and the stored one (as last read or written within `recheckMs`, else read) is
   * younger than the refresh interval. `recheck` reads the store whatever this instance remembers: an install,
   * which must bind a channel another instance may have just unbound (`unbindChannel`).
   */
  async saveChannel(groupId: string, ref: TeamsChannelRef, recheck = false): Promise<void> {
    const next = stripUndefined(ref);
    const now = new Date(next.capturedAt);
    let stored: TeamsChannelRef | null | undefined = recheck ? undefined : this.knownChannels.get(groupId, now);
    if (!stored) {
      stored = await this.channel(groupId);
      if (stored) this.knownChannels.set(groupId, stored, this.recheckMs, now);
    }
    if (stored && this.fresh(stored.capturedAt, now) && sameExcept(stored, next, 'capturedAt')) return;
    await this.store.putRef(REF_KINDS.channel, groupId, next as Record<string, unknown>);
    this.knownChannels.set(groupId, next, this.recheckMs, now);
  }

  async serviceUrl(tenantId: string | undefined): Promise<string | undefined> {
    const parsed = tenantRef.safeParse(await this.store.getRef(REF_KINDS.tenant, tenantId ?? 'default'));
    return parsed.success ? parsed.data.serviceUrl : undefined;
  }

  /** Stores the tenant's (and the default) service URL, unless this instance wrote the same one recently. */
  async saveServiceUrl(tenantId: string | undefined, serviceUrl: string, now: Date): Promise<void> {
    const keys = tenantId ? [tenantId, 'default'] : ['default'];
    const record = { serviceUrl, updatedAt: now.toISOString() };
    for (const key of keys) {
      const last = this.tenantUrls.get(key);
      if (last && last.serviceUrl === serviceUrl && now.getTime() - last.at < this.refreshMs) continue;
      await this.store.putRef(REF_KINDS.tenant, key, record);
      this.tenantUrls.delete(key);
      if (this.tenantUrls.size >= MAX_CACHED_TENANTS) this.tenantUrls.clear();
      this.tenantUrls.set(key, { serviceUrl, at: now.getTime() });
    }
  }

  private fresh(updatedAt: string, now: Date): boolean {
    const age = now.getTime() - Date.parse(updatedAt);
    return age >= 0 && age < this.refreshMs;
  }
}

/** A stored reference as the SDK type (the stored shape is a loose superset). */
export function asConversationReference(ref: NonNullable<TeamsPersonRef['reference']>): ConversationReference {
  return ref as unknown as ConversationReference;
}

/**
 * True when two records hold the same data apart from the `stamp` field, as they would be stored in JSON: key
 * order does not matter and a property set to `undefined` counts as absent. Runs on every inbound Teams turn, so
 * it compares in place instead of serialising both records.
 */
function sameExcept<T extends object>(a: T, b: T, stamp: keyof T): boolean {
  return sameJson(a, b, stamp as string);
}

function sameJson(a: unknown, b: unknown, skip?: string): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameJson(v, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => k !== skip && o[k] !== undefined);
  const kx = keys(x);
  return kx.length === keys(y).length && kx.every((k) => sameJson(x[k], y[k]));
}

/** What a member look-up says of a person (`memberAt` is when), replaced as a whole by the next one's answer. */
const MEMBER_FIELDS = ['email', 'upn', 'givenName', 'surname', 'memberAt', 'heldEmail'] as const;

function withoutMemberFields(ref: TeamsPersonRef): TeamsPersonRef {
  const rest: Partial<TeamsPersonRef> = { ...ref };
  for (const k of MEMBER_FIELDS) delete rest[k];
  return rest as TeamsPersonRef;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
