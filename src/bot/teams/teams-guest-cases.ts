import { type Case, normEmail } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import { rewriteCases } from '../../services/address-cases.js';
import { GUEST_MARK, legacyEmailKey, REF_KINDS, recordEmail, type TeamsRefs } from './teams-refs.js';

/** The `meta` entry saying the cases of guests were moved from their `#EXT#` UPN to their own address. */
const GUEST_CASES_DONE = 'guest-cases-1';

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
