import type { CaseCardView, MessageView } from '../../cards/view-models.js';
import type { Case, CaseStatus, Locale, Person, PersonRef } from '../../models/case.js';
import type { CaseQuery } from '../../models/case-store.js';
import { CASE_STATUSES, OPEN_STATUSES, parseCaseNumber } from '../../models/case.js';
import { presentCaseForUser } from '../case-view.js';
import { formerAddresses, isStaff, samePerson } from '../roles.js';
import type { LifecycleContext } from './context.js';
import { statusLabel } from './labels.js';
import { formatDay } from '../i18n.js';
import { searchTerms } from '../knowledge.js';
import { caseSearchText } from '../../models/case-search.js';
import { listMessages, refusals } from './messages.js';
import { truncate } from '../../cards/truncate.js';

/** Lines of `mine` (open cases first, then newest): a chat message section holds about 20 of them. */
const MINE_SHOWN = 20;
/**
 * Cases listed per status in the queue, oldest first; the rest are counted ("… and 37 more"), so a busy desk's
 * list stays readable and within what a chat message holds.
 */
export const QUEUE_PER_STATUS = 15;
/** Cases listed by `search`, newest first: enough to pick from, within a chat message. */
export const SEARCH_SHOWN = 15;
/** Characters of a case title in a list line. */
const LINE_TITLE = 80;

/**
 * The major incident a linked report is part of, read for its card's "Part of a major incident: INC-… (status)"
 * (a lookup, and the card any action answers with: Refresh, too); undefined for a report not linked, or gone.
 */
export async function parentOf(ctx: LifecycleContext, c: Pick<Case, 'parentId'>): Promise<Case | undefined> {
  return (c.parentId ? await ctx.deps.store.getCase(c.parentId) : null) ?? undefined;
}

/** Looks a case up by number (`INC-123`, `#inc-000123`) or id. Users see only their own cases; staff any. */
/**
 * `shared`: the answer shows in a chat with people who may not be staff (a group chat, a channel that is no support
 * group's): staff get the read-only card the case's user sees (public notes only), not their own card with internal
 * notes and the menus.
 */
export interface LookupOptions {
  shared?: boolean;
}

export async function lookup(
  ctx: LifecycleContext,
  viewer: Person,
  numberOrId: string,
  opts: LookupOptions = {},
): Promise<{ ok: true; card: CaseCardView } | { ok: false; reply: MessageView }> {
  const locale = ctx.localeOf(viewer);
  const ref = numberOrId.trim();
  const number = parseCaseNumber(ref);
  const c = number ? await ctx.deps.store.getCaseByNumber(number) : ref ? await ctx.deps.store.getCase(ref) : null;
  const staff = isStaff(viewer, ctx.deps.catalogue);
  if (!c || (!staff && !samePerson(viewer, c.user) && !samePerson(viewer, c.reporter))) {
    // Staff may see any case: none has this number. Anyone else is not told whether one has.
    const notFound = staff ? refusals.noSuchCase : refusals.notFound;
    return { ok: false, reply: ctx.message(locale, notFound[locale]({ ref: number ?? ref.slice(0, 40) })) };
  }
  const parent = await parentOf(ctx, c);
  if (staff && !opts.shared) await ctx.askAbove(c, viewer);
  const card =
    staff && !opts.shared ? ctx.card(c, viewer, locale, parent) : presentCaseForUser(c, ctx.viewDeps(locale), parent);
  return { ok: true, card };
}

function line(ctx: LifecycleContext, c: Case, locale: Locale): string {
  const who = c.assignee ? c.assignee.name : ctx.group(c.groupId, locale);
  return `${c.number} · ${truncate(c.title, LINE_TITLE)} · ${statusLabel(c.status, locale)} · ${who}`;
}

type MineQuery = Omit<CaseQuery, 'limit' | 'offset'> & { statuses: CaseStatus[] };

/**
 * Whose cases `mine` lists: the viewer's as user or reporter, any status; for staff also those assigned to them or
 * owned by them, open or resolved (the ones closed are done with). Each by platform id and e-mail: the same
 * person's cases under another id (reported or claimed in Teams, listed in Slack; assigned by e-mail before the
 * directory knew them, `email:<address>`), and by a former address whose cases are still being moved. `count`: one
 * query per role (the store's id-or-e-mail match), for `countOnce`, a former address's apart (`countMine`). `list`: the assignee and owner by id and by e-mail apart, each read newest first on its own index
 * (an id-or-e-mail query reads every such case to sort them).
 */
function mineQueries(ctx: LifecycleContext, viewer: Person): { list: MineQuery[]; count: MineQuery[][] } {
  const email = viewer.email?.trim() ? viewer.email : undefined;
  const staff = isStaff(viewer, ctx.deps.catalogue);
  const statuses: CaseStatus[] = [...OPEN_STATUSES, 'resolved'];
  // While the cases of a former address are being moved (`formerAddresses`), those still naming them by it alone
  // (`email:<address>`) are theirs too: read by that id, and counted apart (a case names them by one of the two).
  const former = formerAddresses(viewer).map((address): MineQuery[] => {
    const id = `email:${address}`;
    const person: MineQuery = { personId: id, statuses: [...CASE_STATUSES] };
    return staff ? [person, { assigneeId: id, statuses }, { caseOwnerId: id, statuses }] : [person];
  });
  const person: MineQuery = {
    personId: viewer.id,
    ...(email ? { personEmail: email } : {}),
    statuses: [...CASE_STATUSES],
  };
  if (!staff) return { list: [person, ...former.flat()], count: [[person], ...former] };
  const assigned: MineQuery = { assigneeId: viewer.id, statuses };
  const owned: MineQuery = { caseOwnerId: viewer.id, statuses };
  if (!email)
    return { list: [person, assigned, owned, ...former.flat()], count: [[person, assigned, owned], ...former] };
  return {
    list: [
      person,
      assigned,
      { assigneeEmail: email, statuses },
      owned,
      { caseOwnerEmail: email, statuses },
      ...former.flat(),
    ],
    count: [[person, { ...assigned, assigneeEmail: email }, { ...owned, caseOwnerEmail: email }], ...former],
  };
}

/**
 * The newest `limit` cases of any of `queries` within `statuses` (each query asked for its own newest `limit` of
 * them: the newest of the union are among those), and whether that was every such case.
 */
async function newestOf(
  ctx: LifecycleContext,
  queries: readonly MineQuery[],
  statuses: readonly CaseStatus[],
  limit: number,
): Promise<{ cases: Case[]; all: boolean }> {
  if (limit <= 0) return { cases: [], all: false };
  const pages = await Promise.all(
    queries.map((q) => {
      const wanted = q.statuses.filter((st) => statuses.includes(st));
      return wanted.length === 0 ? [] : ctx.deps.store.findCases({ ...q, statuses: wanted, limit });
    }),
  );
  const unique = [...new Map(pages.flat().map((c) => [c.id, c])).values()];
  unique.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { cases: unique.slice(0, limit), all: pages.every((p) => p.length < limit) };
}

/**
 * How many cases match any of `queries`, each counted once (a staff member is often the assignee and the owner of
 * the same case, or its user too): by inclusion and exclusion over the store's counts, each query of a subset
 * narrowing the others (their filters are on different fields; statuses intersect). At most 7 counts, each on an
 * index like the lists' own queries.
 */
async function countOnce(ctx: LifecycleContext, queries: readonly MineQuery[]): Promise<number> {
  const terms: Promise<number>[] = [];
  for (let mask = 1; mask < 1 << queries.length; mask++) {
    const subset = queries.filter((_, i) => (mask & (1 << i)) !== 0);
    const statuses = subset.reduce<CaseStatus[]>(
      (acc, q) => acc.filter((st) => q.statuses.includes(st)),
      [...CASE_STATUSES],
    );
    if (statuses.length === 0) continue;
    const sign = subset.length % 2 === 1 ? 1 : -1;
    const both: MineQuery = Object.assign({}, ...subset, { statuses });
    terms.push(ctx.deps.store.countCases(both).then((n) => sign * n));
  }
  return (await Promise.all(terms)).reduce((a, b) => a + b, 0);
}

/** At most this many cases of a former address are read to count them (`countMine`): far more than a person's. */
const FORMER_READ = 10_000;

/**
 * How many cases `mine` has (`mineQueries`' `count`): the viewer's own counted by the store (`countOnce`), and the
 * cases of a former address still being moved read and added, those that are their own too left out (a case owner
 * by e-mail that they claimed since by their id, a user by e-mail that they reported themselves): each was counted
 * twice in the "more" figure.
 */
async function countMine(ctx: LifecycleContext, count: readonly MineQuery[][]): Promise<number> {
  const [own = [], ...former] = count;
  const total = await countOnce(ctx, own);
  if (former.length === 0) return total;
  const cases = new Map<string, Case>();
  for (const q of former.flat()) {
    for (const c of await ctx.deps.store.findCases({ ...q, limit: FORMER_READ })) cases.set(c.id, c);
  }
  return total + [...cases.values()].filter((c) => !own.some((q) => matchesMine(c, q))).length;
}

/** Whether `c` is among the cases one of `mineQueries`' queries finds (as the store matches it). */
function matchesMine(c: Case, q: MineQuery): boolean {
  if (!q.statuses.includes(c.status)) return false;
  const norm = (e: string | undefined) => e?.trim().toLowerCase() || undefined;
  const is = (p: PersonRef | undefined, id: string | undefined, email: string | undefined) =>
    !!p && ((id !== undefined && p.id === id) || (norm(email) !== undefined && norm(p.email) === norm(email)));
  if (q.personId !== undefined)
    return is(c.user, q.personId, q.personEmail) || is(c.reporter, q.personId, q.personEmail);
  if (q.assigneeId !== undefined || q.assigneeEmail !== undefined) return is(c.assignee, q.assigneeId, q.assigneeEmail);
  if (q.caseOwnerId !== undefined || q.caseOwnerEmail !== undefined)
    return is(c.caseOwner, q.caseOwnerId, q.caseOwnerEmail);
  return false;
}

/**
 * The viewer's cases (`mineQueries`): up to `MINE_SHOWN`, the open ones first (newest first), then the others
 * (newest first), and how many more there are. The open ones are asked for first and the rest fill what room is
 * left, so an open case is never pushed out by newer closed ones (1st-level staff register many cases for others,
 * and own them). The "more" figure is counted by the store (`countOnce`) unless every case was read anyway. Every
 * query is on an index: a person's cases on user, reporter and e-mail; a staff member's on assignee or owner, by id
 * and by e-mail, with the status (`cases_assignee_status`, `cases_case_owner`, `cases_assignee_email`,
 * `cases_case_owner_email`).
 */
export async function mine(ctx: LifecycleContext, viewer: Person): Promise<MessageView> {
  const locale = ctx.localeOf(viewer);
  const queries = mineQueries(ctx, viewer);
  const open = await newestOf(ctx, queries.list, OPEN_STATUSES, MINE_SHOWN);
  const others = await newestOf(
    ctx,
    queries.list,
    CASE_STATUSES.filter((st) => !OPEN_STATUSES.includes(st)),
    MINE_SHOWN - open.cases.length,
  );
  const shown = [...open.cases, ...others.cases];
  const title = listMessages.mineTitle[locale]();
  if (shown.length === 0) return ctx.message(locale, listMessages.mineEmpty[locale](), { title });
  const total = open.all && others.all ? shown.length : await countMine(ctx, queries.count);
  const lines = shown.map((c) => line(ctx, c, locale));
  if (total > shown.length) lines.push(listMessages.more[locale]({ count: total - shown.length }));
  return ctx.message(locale, lines.join('\n'), { title });
}

/**
 * Open cases of the viewer's groups (or one of them, by id in any case; an unknown id is answered with the
 * viewer's group ids), grouped by status. Staff only.
 */
export async function queue(ctx: LifecycleContext, viewer: Person, groupId?: string): Promise<MessageView> {
  const locale = ctx.localeOf(viewer);
  const { catalogue } = ctx.deps;
  const mineGroups = viewer.email ? catalogue.groupsForEmail(viewer.email) : [];
  if (mineGroups.length === 0) return ctx.message(locale, refusals.notStaff[locale]());
  let groups = mineGroups;
  if (groupId) {
    // Ids are compared case-insensitively, and an unknown one is said to be unknown (not "not a member of X").
    const wanted = groupId.trim().toLowerCase();
    const known = catalogue.catalogue.groups.find((x) => x.id.toLowerCase() === wanted);
    if (!known) {
      const ids = mineGroups.map((x) => x.id).join(', ');
      return ctx.message(locale, refusals.unknownQueueGroup[locale]({ group: groupId.trim().slice(0, 40), ids }));
    }
    const g = mineGroups.find((x) => x.id === known.id);
    if (!g) return ctx.message(locale, refusals.notYourGroup[locale]({ group: ctx.group(known.id, locale) }));
    groups = [g];
  }
  const names = groups.map((g) => g.name[locale]).join(', ');
  const groupIds = groups.map((g) => g.id);
  // Per status: how many, and the oldest few (the store lists newest first, so they are the last page).
  const perStatus = await Promise.all(
    CASE_STATUSES.filter((s) => OPEN_STATUSES.includes(s)).map(async (status) => {
      const query = { groupIds, statuses: [status] };
      const count = await ctx.deps.store.countCases(query);
      if (count === 0) return { status, count, oldest: [] as Case[] };
      const page = await ctx.deps.store.findCases({
        ...query,
        limit: QUEUE_PER_STATUS,
        offset: Math.max(0, count - QUEUE_PER_STATUS),
      });
      return { status, count, oldest: page.sort((a, b) => a.createdAt.localeCompare(b.createdAt)) };
    }),
  );
  const title = listMessages.queueTitle[locale]({ groups: names });
  const open = perStatus.filter((p) => p.count > 0);
  if (open.length === 0) return ctx.message(locale, listMessages.queueEmpty[locale]({ groups: names }), { title });
  const sections = open.map(({ status, count, oldest }) => {
    const shown = oldest.map((c) => `${c.priority} ${line(ctx, c, locale)}`);
    const more = count > shown.length ? [listMessages.more[locale]({ count: count - shown.length })] : [];
    return [`${statusLabel(status, locale)} (${count})`, ...shown, ...more].join('\n');
  });
  return ctx.message(locale, sections.join('\n\n'), { title });
}

/** What staff search for: words (all must match) and/or the e-mail of the person whose cases they want. */
export interface CaseSearchTerms {
  words: string[];
  personEmail?: string;
}

/**
 * Staff search over every case, open or closed (`search printer 1485`, `search anna@au.dk`): the newest
 * `SEARCH_SHOWN` cases containing every word (as the start of a word, in the number, title, description, notes,
 * solution and names) and, with an e-mail, reported by or for that person. One line per case with its day of
 * registration; more matches are not listed but said, with a hint to narrow the search. Staff (and admins) only,
 * as staff may look any case up; a user is pointed to `mine`.
 */
export async function search(ctx: LifecycleContext, viewer: Person, terms: CaseSearchTerms): Promise<MessageView> {
  const locale = ctx.localeOf(viewer);
  if (!isStaff(viewer, ctx.deps.catalogue)) return ctx.message(locale, refusals.searchNotStaff[locale]());
  const what = [...terms.words, ...(terms.personEmail ? [terms.personEmail] : [])].join(' ');
  const found = await ctx.deps.store.searchCases({
    words: terms.words,
    ...(terms.personEmail ? { personEmail: terms.personEmail } : {}),
    limit: SEARCH_SHOWN + 1,
  });
  const title = listMessages.searchTitle[locale]({ what: truncate(what, LINE_TITLE) });
  if (found.length === 0) return ctx.message(locale, listMessages.searchEmpty[locale]({ what }), { title });
  const shown = found.slice(0, SEARCH_SHOWN);
  const lines = shown.map((c) => `${line(ctx, c, locale)} · ${formatDay(c.createdAt, locale, ctx.deps.timeZone)}`);
  if (found.length > shown.length) lines.push(listMessages.searchMore[locale]({ shown: shown.length }));
  return ctx.message(locale, lines.join('\n'), { title });
}

/** Cases listed by `similar`: the closest few, each with its solution when it has one. */
export const SIMILAR_SHOWN = 8;
/** Words of a case compared by `similar` (its title's first, then its description's). */
const SIMILAR_WORDS = 12;
/** Characters of an earlier case's solution shown under it. */
const SIMILAR_SOLUTION = 160;

/**
 * Earlier cases like this one (PROCESS.md step 5: search for a known solution or a similar incident), for staff:
 * the meaningful words of its title and description (stop words out, stemmed, as the knowledge search reads them)
 * against every other case, open or closed; the cases sharing the most of them first (at least two, or the one word
 * when there is only one), then the newest. A case with a solution shows it under its line, so a fix found before
 * can be reused.
 */
export async function similar(ctx: LifecycleContext, viewer: Person, numberOrId: string): Promise<MessageView> {
  const locale = ctx.localeOf(viewer);
  if (!isStaff(viewer, ctx.deps.catalogue)) return ctx.message(locale, refusals.searchNotStaff[locale]());
  const ref = numberOrId.trim();
  const number = parseCaseNumber(ref);
  const c = number ? await ctx.deps.store.getCaseByNumber(number) : ref ? await ctx.deps.store.getCase(ref) : null;
  if (!c) return ctx.message(locale, refusals.noSuchCase[locale]({ ref: number ?? ref.slice(0, 40) }));
  return similarTo(ctx, c, locale);
}

/** `similar` for a case at hand (the card's button): the list, or why there is none. */
export async function similarTo(ctx: LifecycleContext, c: Case, locale: Locale): Promise<MessageView> {
  const title = listMessages.similarTitle[locale]({ number: c.number });
  const terms = [...new Set([...searchTerms(c.title), ...searchTerms(c.description)])].slice(0, SIMILAR_WORDS);
  if (terms.length === 0)
    return ctx.message(locale, listMessages.similarNoWords[locale]({ number: c.number }), { title });
  const found = await ctx.deps.store.searchCases({
    words: terms,
    match: 'any',
    excludeIds: [c.id],
    limit: SIMILAR_SHOWN * 3,
  });
  const needed = Math.min(2, terms.length);
  const close = found.filter((o) => sharedWords(o, terms) >= needed).slice(0, SIMILAR_SHOWN);
  if (close.length === 0) {
    const empty = listMessages.similarEmpty[locale]({ number: c.number, title: truncate(c.title, LINE_TITLE) });
    return ctx.message(locale, empty, { title });
  }
  const lines = close.flatMap((o) => {
    const head = `${line(ctx, o, locale)} · ${formatDay(o.createdAt, locale, ctx.deps.timeZone)}`;
    const solution = o.solution?.text.trim();
    if (!solution) return [head];
    const oneLine = truncate(solution.replace(/\s+/g, ' '), SIMILAR_SOLUTION);
    return [head, listMessages.similarSolution[locale]({ solution: oneLine })];
  });
  return ctx.message(locale, lines.join('\n'), { title });
}

/** How many of `terms` begin a word of the case's searchable text (the stores' matching rule). */
function sharedWords(c: Case, terms: readonly string[]): number {
  const words = caseSearchText(c).split(' ');
  return terms.filter((t) => words.some((w) => w.startsWith(t))).length;
}
