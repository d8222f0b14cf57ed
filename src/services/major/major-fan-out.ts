import { messageParts, partKey } from '../../cards/message-parts.js';
import type { MessageView } from '../../cards/view-models.js';
import type { Case, CaseStatus, Locale, Person } from '../../models/case.js';
import { currentResolution, isOpen, namesNobody, normEmail, toRef, withNewSolution } from '../../models/case.js';
import type { CaseStore, OutboxDraft } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import type { LifecycleContext } from '../lifecycle/context.js';
import { statusLabel } from '../lifecycle/labels.js';
import { backToWork, slaBackFromResolved, solvedQuestionForm } from '../lifecycle/resolution.js';
import { draft, threadReplyOf } from '../outbox/deliveries.js';
import { isStaff, samePerson } from '../roles.js';
import { RESOLVED_WITH_MAJOR, userConfirmedAt } from '../sla/ladder.js';
import { heardOnParent, linkedSince, usersOwnChange } from './leave-major.js';
import { linkedCases } from './major-links.js';
import { majorStaffMessages, majorUserMessages } from './major-messages.js';
import { bucketOfPerson, MAJOR_KEY_MARK, type MajorPacing, type Pacer, pacerAfterBacklog } from './major-pacing.js';

/** What changed on the parent that the linked users must hear. */
export type MajorUpdate = { kind: 'note'; text: string } | { kind: 'status'; status: CaseStatus };

const ENQUEUE_CHUNK = 500;
const RESOLVE_ATTEMPTS = 3;

/** The fan-out key of the spec: `${parentId}:major:${updateSeq}:${childId}`; the parent's version is the sequence. */
export function fanOutKey(parentId: string, seq: string, childId: string): string {
  return `${parentId}${MAJOR_KEY_MARK}${seq}:${childId}`;
}

/**
 * The key of an update's message to one person: `${parentId}:major:${updateSeq}:user:${personKey}`. Per person, not
 * per linked case: someone with two linked reports hears an update once, and a repeat of the fan-out (the durable
 * follow-up) that finds their reports in another order, or a report linked since, enqueues nothing new.
 */
export function updateKey(parentId: string, seq: string, personKey: string): string {
  return `${parentId}${MAJOR_KEY_MARK}${seq}:user:${personKey}`;
}

/**
 * Who a linked report's user is, for hearing an update once: their e-mail (trimmed, lower case) when known, so one
 * person's reports from Teams and from Slack (two platform ids) count once; else their platform id.
 */
export function personKey(user: Pick<Person, 'id' | 'email'>): string {
  const email = normEmail(user.email);
  return email ? `email:${email}` : user.id;
}

/**
 * The numbers of `c`'s user's other reports linked to the same major incident that the ladder closes together with
 * it (`closesNow`: resolved, their close due in the same sweep), in number order, for its "closed, rate us" message;
 * `linked`: the major incident's reports as read once for the sweep (closed ones, closed earlier or before a crash,
 * are not named). Empty for a report not linked, or naming nobody.
 */
export function closedReportsOfPerson(c: Case, linked: readonly Case[], closesNow: (other: Case) => boolean): string[] {
  if (c.parentId === undefined || namesNobody(c.user)) return [];
  const who = personKey(c.user);
  return linked
    .filter(
      (o) =>
        o.id !== c.id &&
        o.parentId === c.parentId &&
        o.status === 'resolved' &&
        !namesNobody(o.user) &&
        personKey(o.user) === who &&
        closesNow(o),
    )
    .map((o) => o.number)
    .sort();
}

/**
 * Sends an update on the parent (a public note or a new status) personally to the user of every open linked
 * case, once per person (`personKey`: one e-mail, however many platform ids), naming every open report of theirs
 * it concerns ("your cases INC-… and INC-…"), paced per platform; not to the
 * parent's own user, who hears it on her own case. Keys carry the parent's version and the user (`updateKey`), so
 * repeating the fan-out of the same change (a retry after a crash) enqueues nothing twice. Returns how many
 * users it went to, and how many reports resolved with the parent it could not take back with it (`pending`:
 * changed meanwhile at every attempt), which the durable follow-up takes back when it runs. `recheck` (the durable
 * follow-up's run) first reads from the outbox which reports this change reopened and whom it told
 * (`reopenWithParent`), so the repeat adds nothing to what the inline run sent.
 */
export async function fanOutUpdate(
  ctx: LifecycleContext,
  pacing: MajorPacing,
  parent: Case,
  actor: Person,
  update: MajorUpdate,
  opts: { recheck?: boolean } = {},
): Promise<{ users: number; pending: number }> {
  const major = parent.major;
  if (!major) return { users: 0, pending: 0 };
  const pacer = await pacerAfterBacklog(ctx.deps.store, pacing, ctx.deps.clock.now());
  // Open again after its resolution: the reports resolved with it go back with it, and their users are told so.
  const all = await linkedCases(ctx.deps.store, parent.id);
  const back = await reopenWithParent(ctx, pacer, parent, actor, all, opts);
  // Registered (the parent reopened with nobody on it) is not news to the others.
  if (update.kind === 'status' && update.status === 'registered') return { users: back.toldNow, pending: back.pending };
  // The reports reopened just now were read resolved: they are passed over as `back.reopened` is.
  const children = all.filter((c) => isOpen(c.status));
  // The major incident's own user hears its notes and statuses as its user already ("… writes about your case"):
  // a report of hers linked to it (a second report, joining it at intake) does not tell her the same again.
  const seen = new Set<string>([...back.told, personKey(parent.user)]);
  // Every open report of a person's the update reaches, so their one message names them all.
  const reportsOf = new Map<string, string[]>();
  for (const child of children) {
    if (back.reopened.has(child.id)) continue;
    const who = personKey(child.user);
    reportsOf.set(who, [...(reportsOf.get(who) ?? []), child.number].sort());
  }
  const drafts: OutboxDraft[] = [];
  let users = 0;
  for (const child of children) {
    const who = personKey(child.user);
    if (seen.has(who) || back.reopened.has(child.id) || namesNobody(child.user)) continue;
    seen.add(who);
    const ul = ctx.userLocale(child);
    const base = { number: parent.number, summary: major.summary[ul], children: reportsOf.get(who) ?? [child.number] };
    // A note longer than one message carries whole goes in parts, one after the other (paced in the person's
    // bucket in order), so the user gets all of it rather than its beginning cut by the platform's limits.
    const texts =
      update.kind === 'note'
        ? messageParts(update.text).map((part) =>
            majorUserMessages.update[ul]({ ...base, who: ctx.who(actor, parent, ul), ...part }),
          )
        : [
            majorUserMessages.status[ul]({
              ...base,
              status: statusLabel(update.status, ul),
              ...named(ctx, actor, parent, ul),
            }),
          ];
    const key = updateKey(parent.id, `u${parent.version}`, who);
    texts.forEach((text, i) => {
      const d = draft(
        partKey(key, i),
        { kind: 'send_person', person: toRef(child.user), view: ctx.message(ul, text) },
        { caseId: child.id },
      );
      drafts.push(pacer.pace(d, bucketOfPerson(child.user.id)));
    });
    users++;
  }
  for (let i = 0; i < drafts.length; i += ENQUEUE_CHUNK) {
    await ctx.deps.store.enqueueOutbox(drafts.slice(i, i + ENQUEUE_CHUNK));
  }
  return { users: users + back.toldNow, pending: back.pending };
}

/**
 * Who changed the major incident, as its linked users are told (`{ who }`): staff by name and group; nobody when it
 * was its own user as its user (her "No, still a problem", her answer: `usersOwnChange`, by the change's action, so
 * staff whose own report it is are named when they claim or work it) or someone else not staff.
 */
function named(ctx: LifecycleContext, actor: Person, parent: Case, locale: Locale): { who?: string } {
  const change = parent.history.findLast((h) => h.from !== h.to && h.to === parent.status);
  const own = change ? usersOwnChange(change, parent) : samePerson(actor, parent.user);
  if (own || !isStaff(actor, ctx.deps.catalogue)) return {};
  return { who: ctx.who(actor, parent, locale) };
}

/**
 * Whether the case goes back to work with its major incident `parentId` when that is open again: still linked to it
 * and resolved, its latest resolution the major incident's (`resolveLinked`), not one of its own, and its user has
 * not said since that it works for them ("Yes, solved").
 */
function resolvedWithMajor(c: Case, parentId: string): boolean {
  return (
    c.status === 'resolved' &&
    c.parentId === parentId &&
    currentResolution(c)?.action === RESOLVED_WITH_MAJOR &&
    userConfirmedAt(c) === undefined
  );
}

/**
 * A major incident open again after its resolution (its user said it still does not work, 1st level sent it back,
 * staff reopened it): the reports resolved with it that are still linked and not closed go back to work with it
 * (reopened, with whoever resolved them, as a reopen does; not one whose user answered "Yes, solved"), and each user is told personally — once a person —
 * that the major incident is open again and that they will hear when it is resolved; its next resolution resolves
 * them again with the real fix. Each a versioned write of its own (retried on conflict); idempotent: a report
 * reopened already is open and passed over; `recheck` counts those this change (the parent's version) reopened and
 * whose users it told, from their outbox. `all`: the parent's linked reports, as `fanOutUpdate` read them. Returns
 * the reports reopened, the people told and how many of them now, and how many it could not reopen (`pending`:
 * changed meanwhile at every attempt, still resolved with it).
 */
async function reopenWithParent(
  ctx: LifecycleContext,
  pacer: Pacer,
  parent: Case,
  actor: Person,
  all: readonly Case[],
  opts: { recheck?: boolean } = {},
): Promise<{ reopened: Set<string>; told: Set<string>; toldNow: number; pending: number }> {
  const reopened = new Set<string>();
  const told = new Set<string>();
  const major = parent.major;
  if (!major || !isOpen(parent.status)) return { reopened, told, toldNow: 0, pending: 0 };
  const store = ctx.deps.store;
  // The durable follow-up's repeat: what this reopen (the parent's version) did already is in the outbox, the
  // reports it reopened and the people it told, so the repeat tells nobody twice (nor of the status as news).
  if (opts.recheck) {
    // Only a report reopened with this major incident at some time can be one (its history says so): one read each.
    const backWith = `major incident ${parent.number} open again`;
    for (const linked of all.filter((c) => c.history.some((e) => e.action === 'reopen' && e.detail === backWith))) {
      const mark = fanOutKey(parent.id, `o${parent.version}`, linked.id);
      const keys = (await store.listOutbox({ caseId: linked.id, limit: 10_000 })).map((m) => m.key);
      if (keys.includes(mark)) told.add(personKey(linked.user));
      if (keys.some((k) => k === mark || k.startsWith(`${mark}:`))) reopened.add(linked.id);
    }
  }
  // Whose reports this reopen takes back, so that a person with several hears once, of all of them.
  const takenBack = new Map<string, string[]>();
  for (const linked of all) {
    if (!resolvedWithMajor(linked, parent.id)) continue;
    const who = personKey(linked.user);
    takenBack.set(who, [...(takenBack.get(who) ?? []), linked.number]);
  }
  const toldBefore = told.size;
  let pending = 0;
  for (const linked of all) {
    let current: Case | null = linked;
    for (let attempt = 1; current; attempt++) {
      if (!resolvedWithMajor(current, parent.id)) break;
      // Changed meanwhile at every attempt: still resolved with it, left to the follow-up.
      if (attempt > RESOLVE_ATTEMPTS) {
        pending++;
        break;
      }
      const { closedAt: _c, resolvedAt: _r, evaluation: _e, ...rest } = current;
      const { status, vendor } = backToWork(current);
      const next: Case = {
        ...rest,
        ...(vendor ? { vendor } : {}),
        sla: slaBackFromResolved(ctx, current),
        status,
        reopenCount: current.reopenCount + 1,
        history: [
          ...current.history,
          ctx.audit(actor, 'reopen', 'resolved', status, `major incident ${parent.number} open again`),
        ],
      };
      const who = personKey(current.user);
      const tell = !namesNobody(current.user) && !told.has(who);
      const ul = ctx.userLocale(current);
      const text = majorUserMessages.reopened[ul]({
        number: parent.number,
        summary: major.summary[ul],
        children: takenBack.get(who) ?? [current.number],
        ...named(ctx, actor, parent, ul),
      });
      const drafts: OutboxDraft[] = [
        ...(tell
          ? [
              pacer.pace(
                draft(
                  fanOutKey(parent.id, `o${parent.version}`, current.id),
                  { kind: 'send_person', person: toRef(current.user), view: ctx.message(ul, text) },
                  { caseId: current.id },
                ),
                bucketOfPerson(current.user.id),
              ),
            ]
          : []),
        ...(current.cards.length > 0
          ? [
              pacer.pace(
                draft(`${fanOutKey(parent.id, `o${parent.version}`, current.id)}:cards`, {
                  kind: 'update_cards',
                  caseId: current.id,
                }),
                'cards',
              ),
            ]
          : []),
      ];
      try {
        await store.updateCase(next, current.version, drafts);
        reopened.add(current.id);
        if (tell) told.add(who);
        break;
      } catch (err) {
        if (!isAppError(err, 'CASE.CONFLICT')) throw err;
        current = await store.getCase(linked.id);
      }
    }
  }
  return { reopened, told, toldNow: told.size - toldBefore, pending };
}

/** What `resolveLinked` did: the linked cases it resolved, and those still open it could not (changed meanwhile). */
export interface LinkedResolution {
  resolved: number;
  pending: number;
}

/**
 * Resolves every open linked case with the parent's solution (each a versioned write of its own, retried on
 * conflict), and asks each user, as for any resolved case, "Yes, solved" / "No, still a problem": one question per
 * report, whose buttons answer for that report, and a person with several is told in each which others this run
 * asks about on their own (Teams puts a click's answer in place of the clicked message). The asks and
 * the channel-card refreshes are paced like updates. Idempotent: cases already resolved are passed over, so a
 * second run (after a crash half-way) finishes the rest. `recheck` (the durable follow-up's run) also passes over
 * open cases this resolution resolved already and their user reopened since ("No, still a problem"): their
 * outbox holds this resolution's messages. Returns how many cases it resolved, and how many it could not
 * (`pending`: still open and linked, each changed meanwhile at every one of its attempts), which the durable
 * follow-up resolves when it runs (`runMajorFollowUp`, half a minute later, and again until none is left).
 */
export async function resolveLinked(
  ctx: LifecycleContext,
  pacing: MajorPacing,
  parent: Case,
  actor: Person,
  opts: { recheck?: boolean } = {},
): Promise<LinkedResolution> {
  const major = parent.major;
  const solution = parent.solution?.text;
  if (!major || !solution) return { resolved: 0, pending: 0 };
  const store = ctx.deps.store;
  const pacer = await pacerAfterBacklog(store, pacing, ctx.deps.clock.now());
  // The reports this run asks about (open and linked; the durable follow-up's run passes over those this resolution
  // resolved already): a person's question names only their others among them.
  const toAsk: Case[] = [];
  for (const linked of await linkedCases(store, parent.id)) {
    if (!isOpen(linked.status) || linked.parentId !== parent.id) continue;
    if (opts.recheck && (await resolvedBy(store, parent, linked.id))) continue;
    toAsk.push(linked);
  }
  const reportsOf = reportsOfPerson(toAsk);
  let resolved = 0;
  let pending = 0;
  for (const linked of toAsk) {
    let current: Case | null = linked;
    for (let attempt = 1; current; attempt++) {
      if (!isOpen(current.status) || current.parentId !== parent.id) break;
      // Changed meanwhile at every attempt: still open and linked, left to the follow-up.
      if (attempt > RESOLVE_ATTEMPTS) {
        pending++;
        break;
      }
      const now = ctx.now();
      const { closedAt: _closed, ...open } = ctx.leaveAwaitingUser(current);
      const next: Case = {
        ...open,
        status: 'resolved',
        // A report reopened while linked keeps the solution that did not hold under the new one.
        ...withNewSolution(current, { text: solution, by: parent.solution?.by ?? toRef(actor), at: now }),
        resolvedAt: now,
        // The version this write stores, which its question carries: an answer to an earlier resolution's question
        // (the major incident reopened and resolved again since) does not answer this one (as for `resolve`).
        resolvedVersion: current.version + 1,
        // The solution reaches each user personally: a first response (as when a case is resolved from the pile),
        // unless staff's word on the major incident reached them earlier while linked (a public note, a status).
        firstResponseAt: current.firstResponseAt ?? heardOnParent(parent, linkedSince(current), now) ?? now,
        assignee: current.assignee ?? toRef(actor),
        history: [
          ...current.history,
          ctx.audit(actor, RESOLVED_WITH_MAJOR, current.status, 'resolved', `major incident ${parent.number}`),
        ],
      };
      const stored: Case = { ...next, version: current.version + 1 };
      try {
        const others = (reportsOf.get(personKey(current.user)) ?? []).filter((n) => n !== current?.number);
        await store.updateCase(
          next,
          current.version,
          resolveDrafts(ctx, pacer, parent, actor, stored, solution, others),
        );
        resolved++;
        break;
      } catch (err) {
        if (!isAppError(err, 'CASE.CONFLICT')) throw err;
        current = await store.getCase(linked.id);
      }
    }
  }
  return { resolved, pending };
}

/**
 * The numbers of the reports this run of a resolution asks about (`toAsk`), by person (`personKey`), in number order:
 * someone with several gets a question for each, and each names the others. Not a report naming nobody (an erased
 * person's placeholder); not one asked before a crash half-way, nor one the run passes over (resolved or unlinked
 * before it): those are not in `toAsk`.
 */
function reportsOfPerson(toAsk: readonly Case[]): Map<string, string[]> {
  const byPerson = new Map<string, string[]>();
  for (const c of toAsk) {
    if (namesNobody(c.user)) continue;
    const who = personKey(c.user);
    byPerson.set(who, [...(byPerson.get(who) ?? []), c.number].sort());
  }
  return byPerson;
}

/** Whether this resolution of the parent (its version) resolved the child already: its messages are in the outbox. */
async function resolvedBy(store: CaseStore, parent: Case, childId: string): Promise<boolean> {
  const mark = fanOutKey(parent.id, `r${parent.version}`, childId);
  const messages = await store.listOutbox({ caseId: childId, limit: 10_000 });
  return messages.some((m) => m.key === mark || m.key.startsWith(`${mark}:`));
}

function resolveDrafts(
  ctx: LifecycleContext,
  pacer: Pacer,
  parent: Case,
  actor: Person,
  child: Case,
  solution: string,
  others: readonly string[],
): OutboxDraft[] {
  const ul = ctx.userLocale(child);
  const seq = `r${parent.version}`;
  const drafts: OutboxDraft[] = [];
  if (!namesNobody(child.user)) {
    // A solution longer than one message carries whole goes in parts, one after the other (paced in the person's
    // bucket in order): the first titled, the last with the question and its buttons, read after all of it. The
    // first keeps the report's key, the others add `:part-2` … (still this resolution's, as `resolvedBy` reads).
    const parts = messageParts(solution);
    parts.forEach(({ text, ...part }, i) => {
      const ask: MessageView = ctx.message(
        ul,
        majorUserMessages.resolved[ul]({
          number: parent.number,
          summary: parent.major?.summary[ul] ?? parent.title,
          child: child.number,
          title: child.title,
          who: ctx.who(actor, parent, ul),
          solution: text,
          others,
          ...part,
        }),
        {
          ...(i === 0 ? { title: majorUserMessages.solvedTitle[ul]({ number: child.number }) } : {}),
          ...(i === parts.length - 1 ? { form: solvedQuestionForm(child, ul) } : {}),
        },
      );
      const key = fanOutKey(parent.id, seq, child.id);
      const d = draft(
        partKey(key, i, ':part-'),
        { kind: 'send_person', person: toRef(child.user), view: ask },
        { caseId: child.id },
      );
      drafts.push(pacer.pace(d, bucketOfPerson(child.user.id)));
    });
  }
  if (child.cards.length > 0) {
    const thread = ctx.deps.defaultLocale;
    const note = majorStaffMessages.resolvedWithParent[thread]({ number: parent.number, who: actor.name });
    drafts.push(
      pacer.pace(
        draft(`${fanOutKey(parent.id, seq, child.id)}:cards`, { kind: 'update_cards', caseId: child.id }),
        'cards',
      ),
    );
    drafts.push(
      pacer.pace(
        draft(`${fanOutKey(parent.id, seq, child.id)}:thread`, threadReplyOf(child, ctx.message(thread, note))),
        'cards',
      ),
    );
  }
  return drafts;
}
