import type { Case } from '../models/case.js';
import type { CaseQuery, CaseStore } from '../models/case-store.js';
import { isAppError } from '../models/errors.js';
import { updateCardsDraft } from './outbox/deliveries.js';

/** How often one case's write is tried when someone changes the case at the same moment. */
const TRIES = 3;
/** At most this many cases are read per query at a time: a person's own, far more than any guest has. */
const MAX_CASES = 10_000;

/**
 * A person's address changed (`from` → `to`: on Teams their member look-up names another one, on Slack their
 * profile): the cases that name someone by the former address alone (`email:<from>`: registered for them, assigned
 * to them or made their case owner by e-mail before the bot knew them, as the catalogue's staff are) are rewritten
 * to name them by the new one (`email:<to>`), notes and history included. Otherwise, once the person had the new
 * address, such a case no longer showed in their `mine` and its messages by e-mail reached nobody (the former
 * address finds nobody). People named by their platform id are left as they are (they are found by it). Each case a
 * versioned write with its cards updated; returns how many were written. A case whose write fails (other than the
 * store not answering) does not stop the others: they are written, and then it throws, so the move is taken up
 * again (one such case blocked every case after it at each try). Throws at once when the store does not answer, or
 * once `signal` is aborted (the app stopping), between two cases: the cases written stay written, and a run again
 * finds only the others. The cases are read `batch` (default `MAX_CASES`) per query at a time, again while a read
 * filled its batch and cases were written: a staff member with more than that (assigned by e-mail over the years)
 * no longer kept the rest behind.
 */
export async function moveAddressCases(
  store: CaseStore,
  from: string,
  to: string,
  signal?: AbortSignal,
  batch = MAX_CASES,
): Promise<number> {
  const id = `email:${from}`;
  // The cases awaiting the user's answer, and the solved ones they confirm or rate, go first: the person acts on
  // those (meanwhile they are theirs by the former address too, `withFormerAddresses`, but the sooner the better).
  const queries: CaseQuery[] = [
    { personId: id, statuses: ['awaiting_user', 'resolved'] },
    { personId: id },
    { assigneeId: id },
    { caseOwnerId: id },
  ];
  let total = 0;
  let failed: { err: unknown } | undefined;
  for (;;) {
    // The cases written no longer match: each read finds the ones left (and a case that failed again).
    const run = await rewriteCases(store, queries, (c) => renamed(c, id, to) as Case, signal, batch);
    total += run.moved;
    failed ??= run.failed;
    if (!run.full || run.moved === 0) break;
  }
  // The personal messages still to go to the former address (queued before the change, or retrying through a Teams
  // or Slack outage) go to the new one: once the move is done the former address finds nobody, and such a message
  // was a dead letter for good. After the cases, so none written from a case not moved yet is left behind.
  await readdressOutbox(store, id, to, signal);
  // A case whose write failed held back none of the others; the move is not done, so it is taken up again.
  if (failed) throw failed.err;
  return total;
}

/** Pending messages read per page by `readdressOutbox`. */
const OUTBOX_PAGE = 1_000;

/**
 * Every pending personal message (`send_person`) to `id` (`email:<former address>`) addressed to `email:<to>`
 * instead, its state, attempts, lease and progress as they are (`rewriteOutboxPayload`); how many. One being
 * delivered at that moment went out with the former address, still found while the move is not done, or is read
 * again by the deliverer when that finds nobody (`createDeliverer`). The messages are read `page` at a time, the last
 * page first: a message delivered meanwhile brings those after it forward, which are read already (read first to
 * last, one brought into a page read before was passed over, and dead-lettered once the move was done). Read again
 * until a reading finds none to rewrite (one queued meanwhile).
 */
export async function readdressOutbox(
  store: CaseStore,
  id: string,
  to: string,
  signal?: AbortSignal,
  page = OUTBOX_PAGE,
): Promise<number> {
  let total = 0;
  for (;;) {
    let rewritten = 0;
    // Every pending message counted (not only personal ones): the last page is at or before that.
    const { pending } = await store.outboxStats();
    for (let offset = Math.floor(Math.max(pending - 1, 0) / page) * page; offset >= 0; offset -= page) {
      for (const m of await store.listOutbox({ state: 'pending', kind: 'send_person', limit: page, offset })) {
        signal?.throwIfAborted();
        const person = m.payload['person'];
        const next = renamed(person, id, to);
        if (next !== person && (await store.rewriteOutboxPayload(m.id, { ...m.payload, person: next }))) rewritten++;
      }
    }
    total += rewritten;
    if (rewritten === 0) return total;
  }
}

/**
 * Writes each case `queries` find as `rewrite` makes it (the same object: nothing to write), in the order the
 * queries find them first, with an update of its cards in place, at the version read, read again when someone changed it meanwhile (`TRIES`); how many were
 * written, and whether a query found `batch` cases (`full`: there may be more). An aborted `signal` stops it before
 * the next case (`signal.throwIfAborted`). A case that fails is passed over (the first failure is `failed`), unless
 * the store does not answer (`STORE.UNAVAILABLE`: thrown at once, the others would fail alike).
 */
export async function rewriteCases(
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
