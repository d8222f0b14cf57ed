import { type Case, normEmail } from '../../models/case.js';
import type { CaseQuery, CaseStore } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import { updateCardsDraft } from '../../services/outbox/deliveries.js';
import { GUEST_MARK, legacyEmailKey, REF_KINDS, recordEmail, type TeamsRefs } from './teams-refs.js';

/** The `meta` entry saying the cases of guests were moved from their `#EXT#` UPN to their own address. */
const GUEST_CASES_DONE = 'guest-cases-1';
/** How often one case's write is tried when someone changes the case at the same moment. */
const TRIES = 3;
/** At most this many cases are read per query at a time: a person's own, far more than any guest has. */
const MAX_CASES = 10_000;

/**
 * Once per store: the cases that name a guest (B2B) by the `#EXT#` user principal name an earlier version took for
 * their address (`jane_gmail.com#ext#@tenant…`, before 44f31bb) are rewritten to name them by their own address
 * (`jane@gmail.com`, `upnAddress`), as the bot knows them now. A case tied to her only by that e-mail — registered
 * for her by e-mail before the directory knew her (`email:<#EXT# UPN>`), by another Teams id of hers (an account
 * invited again), assigned to a guest on the desk by the catalogue's `#EXT#` entry — otherwise did not show in her
 * `mine`, nor reach her by e-mail. Found, per guest record, as `mine` finds cases (her id or that e-mail as user or
 * reporter; that e-mail as assignee or case owner); in each, every person named by that e-mail (user, reporter,
 * assignee, owner, notes, history) gets the address, an `email:` id the address's. Each case is an ordinary
 * versioned write (tried again if someone changes it at the same moment), so both store adapters do it alike, with
 * its cards updated in place (`update_cards`), so they carry the new version; a run that fails is done again at the
 * next start (a case already rewritten is not found again). Returns how many cases were rewritten (0 when it had run
 * before).
 */
export async function moveGuestCases(store: CaseStore, refs: TeamsRefs, now: Date): Promise<number> {
  if ((await store.getRef(REF_KINDS.meta, GUEST_CASES_DONE)) !== null) return 0;
  let moved = 0;
  for (const { personId, ref } of await refs.directoryPeople()) {
    const legacy = legacyEmailKey(ref);
    const address = recordEmail(ref);
    if (!legacy?.includes(GUEST_MARK) || !address) continue;
    moved += await moveCases(store, personId, legacy, address);
  }
  await store.putRef(REF_KINDS.meta, GUEST_CASES_DONE, { at: now.toISOString(), moved });
  return moved;
}

/** Rewrites the cases that name `legacy` to name `address` (see `moveGuestCases`); how many were written. */
async function moveCases(store: CaseStore, personId: string, legacy: string, address: string): Promise<number> {
  const { moved, failed } = await rewriteCases(
    store,
    [{ personId, personEmail: legacy }, { assigneeEmail: legacy }, { caseOwnerEmail: legacy }],
    (c) => readdressed(c, legacy, address) as Case,
  );
  if (failed) throw failed.err;
  return moved;
}

/**
 * A Teams person's address changed (their member look-up names another one, `from` → `to`): the cases that name
 * someone by the former address alone (`email:<from>`: registered for them, assigned to them or made their case
 * owner by e-mail before the bot knew them, as the catalogue's staff are) are rewritten to name them by the new one
 * (`email:<to>`), notes and history included. Otherwise, once the record had the new address, such a case no longer
 * showed in their `mine` and its messages by e-mail reached nobody (the former address finds no record). People
 * named by their Teams id are left as they are (they are found by it). Each case a versioned write with its cards
 * updated; returns how many were written. A case whose write fails (other than the store not answering) does not
 * stop the others: they are written, and then it throws, so the move is taken up again (one such case blocked every
 * case after it at each try). Throws at once when the store does not answer, or once `signal` is aborted (the app
 * stopping), between two cases: the cases written stay written, and a run again finds only the others. The cases
 * are read `batch` (default `MAX_CASES`) per query at a time, again while a read filled its batch and cases were
 * written: a staff member with more than that (assigned by e-mail over the years) no longer kept the rest behind.
 */
export async function moveAddressCases(
  store: CaseStore,
  from: string,
  to: string,
  signal?: AbortSignal,
  batch = MAX_CASES,
): Promise<number> {
  const id = `email:${from}`;
  const queries: CaseQuery[] = [{ personId: id }, { assigneeId: id }, { caseOwnerId: id }];
  let total = 0;
  let failed: { err: unknown } | undefined;
  for (;;) {
    // The cases written no longer match: each read finds the ones left (and a case that failed again).
    const run = await rewriteCases(store, queries, (c) => renamed(c, id, to) as Case, signal, batch);
    total += run.moved;
    failed ??= run.failed;
    if (!run.full || run.moved === 0) break;
  }
  // A case whose write failed held back none of the others; the move is not done, so it is taken up again.
  if (failed) throw failed.err;
  return total;
}

/**
 * Writes each case `queries` find as `rewrite` makes it (the same object: nothing to write), with an update of its
 * cards in place, at the version read, read again when someone changed it meanwhile (`TRIES`); how many were
 * written, and whether a query found `batch` cases (`full`: there may be more). An aborted `signal` stops it before
 * the next case (`signal.throwIfAborted`). A case that fails is passed over (the first failure is `failed`), unless
 * the store does not answer (`STORE.UNAVAILABLE`: thrown at once, the others would fail alike).
 */
async function rewriteCases(
  store: CaseStore,
  queries: CaseQuery[],
  rewrite: (c: Case) => Case,
  signal?: AbortSignal,
  batch = MAX_CASES,
): Promise<{ moved: number; full: boolean; failed?: { err: unknown } }> {
  const found = new Map<string, Case>();
  let full = false;
  for (const q of queries) {
    const cases = await store.findCases({ ...q, limit: batch });
    full ||= cases.length >= batch;
    for (const c of cases) found.set(c.id, c);
  }
  let moved = 0;
  let failed: { err: unknown } | undefined;
  for (const c of found.values()) {
    signal?.throwIfAborted();
    try {
      if (await rewriteCase(store, c, rewrite)) moved += 1;
    } catch (err) {
      if (isAppError(err, 'STORE.UNAVAILABLE')) throw err;
      failed ??= { err };
    }
  }
  return { moved, full, ...(failed ? { failed } : {}) };
}

/** One case of `rewriteCases`: whether it was written (see there). */
async function rewriteCase(store: CaseStore, c: Case, rewrite: (c: Case) => Case): Promise<boolean> {
  let current = c;
  for (let attempt = 1; ; attempt++) {
    const next = rewrite(current);
    if (next === current) return false;
    try {
      // Its cards (the group's, the personal ones) carry the version and show the address: updated with it, so a
      // click on them is not refused as changed meanwhile by whoever last acted on the case.
      await store.updateCase(next, current.version, [
        updateCardsDraft({ id: current.id, version: current.version + 1 }),
      ]);
      return true;
    } catch (err) {
      if (!isAppError(err, 'CASE.CONFLICT') || attempt >= TRIES) throw err;
      const fresh = await store.getCase(current.id);
      if (!fresh) return false;
      current = fresh;
    }
  }
}

/**
 * `value` with every person whose id is `id` (`email:<former address>`, any case) named by `address`: that id
 * and e-mail; the same object when nobody in it is.
 */
function renamed(value: unknown, id: string, address: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => renamed(v, id, address));
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, unknown>;
  if (typeof o['id'] === 'string' && o['id'].toLowerCase() === id) {
    return { ...o, id: `email:${address}`, ...('email' in o ? { email: address } : {}) };
  }
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(o)) {
    const next = renamed(v, id, address);
    if (next !== v) {
      out ??= { ...o };
      out[k] = next;
    }
  }
  return out ?? value;
}

/**
 * `value` with every `email` equal to `legacy` (any case) made `address`, and every id `email:<legacy>` made
 * `email:<address>`; the same object when nothing in it changed.
 */
function readdressed(value: unknown, legacy: string, address: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => readdressed(v, legacy, address));
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    let next: unknown;
    if (k === 'email' && typeof v === 'string' && normEmail(v) === legacy) next = address;
    else if (k === 'id' && typeof v === 'string' && v.toLowerCase() === `email:${legacy}`) next = `email:${address}`;
    else next = readdressed(v, legacy, address);
    if (next !== v) {
      out ??= { ...(value as Record<string, unknown>) };
      out[k] = next;
    }
  }
  return out ?? value;
}
