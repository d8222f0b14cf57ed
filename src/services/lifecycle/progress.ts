import { randomUUID } from 'node:crypto';
import { MESSAGE_PART_CHARS, type MessagePart, messageParts, partKey, textWeight } from '../../cards/message-parts.js';
import type { MessageView } from '../../cards/view-models.js';
import type { AttachmentRef, Case, CaseStatus, Locale, Note, Person } from '../../models/case.js';
import { ATTACHMENTS_PER_CASE, isRejectedOrder, parseCaseNumber, reachable, toRef } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import { pauseSla } from '../../models/sla.js';
import { checkTransition } from '../../models/status-machine.js';
import { attachmentTexts, fileNames } from '../attachments.js';
import { DAY_MS } from '../dates.js';
import { formatTime } from '../i18n.js';
import { formerAddresses, isStaff, samePerson } from '../roles.js';
import type { LifecycleContext } from './context.js';
import type { Handler } from './handler.js';
import { statusLabel } from './labels.js';
import { refusals, staffMessages, threadMessages, userMessages, verbPhrase } from './messages.js';
import { applyAssignee, assigneeNews } from './assignment.js';
import { hasDocumentedSolution } from './permissions.js';

const WORK_STATUSES = ['in_progress', 'awaiting_vendor', 'awaiting_user'] as const;

/**
 * In progress, Awaiting vendor (vendor and reference) or Awaiting user (the question reaches the user personally
 * and the SLA clock pauses). Leaving Awaiting user resumes the clock and withdraws the question: the user is told
 * they need not answer it (with the vendor news, for Awaiting vendor). Resolve and close have verbs of their own.
 */
export const setStatus: Handler<'set_status'> = async (ctx, actor, c, roles, action) => {
  const locale = ctx.localeOf(actor);
  const to = action.status;
  if (to === c.status) {
    return ctx.refuse(
      actor,
      c,
      'CASE.INVALID_INPUT',
      refusals.sameStatus[locale]({ number: c.number, status: statusLabel(to, locale) }),
    );
  }
  if (to === 'resolved' || to === 'closed') {
    return ctx.refuse(actor, c, 'CASE.INVALID_TRANSITION', refusals.useResolve[locale]({ number: c.number }));
  }
  const step = (from: CaseStatus, target: CaseStatus) =>
    checkTransition({
      from,
      to: target,
      actorRoles: roles,
      hasSolution: hasDocumentedSolution(c),
      resolvedAt: c.resolvedAt,
      now: ctx.now(),
      reopenWindowDays: ctx.deps.reopenWindowDays,
    });
  let check = step(c.status, to);
  // Asking the user or a vendor straight away means the work has started: pass through In progress.
  if (!check.ok && check.code === 'CASE.INVALID_TRANSITION' && to !== 'in_progress') {
    const start = step(c.status, 'in_progress');
    check = start.ok ? step('in_progress', to) : start;
  }
  if (!(WORK_STATUSES as readonly string[]).includes(to) || (!check.ok && check.code === 'CASE.INVALID_TRANSITION')) {
    const text = refusals.notAvailable[locale]({
      number: c.number,
      what: `${verbPhrase('set_status', locale)} → ${statusLabel(to, locale)}`,
      status: statusLabel(c.status, locale),
    });
    return ctx.refuse(actor, c, 'CASE.INVALID_TRANSITION', text);
  }
  if (!check.ok) return ctx.forbidden(actor, c, 'set_status', check.allowedRoles);
  if (to === 'awaiting_vendor' && !action.vendorName) {
    return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', refusals.vendorRequired[locale]({ number: c.number }));
  }
  if (to === 'awaiting_user' && !action.question) {
    return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', refusals.questionRequired[locale]({ number: c.number }));
  }

  // Work started on a case in the pile (nobody has it) is a claim by the one starting it (PROCESS.md principle 3:
  // when work starts, the user hears from the named person): never In progress, or waiting, with nobody named.
  // Someone who may not claim it (a case owner outside the group holding it) is asked to assign it first.
  const claims = !c.assignee;
  if (claims && !roles.includes('group_member') && !roles.includes('supervisor')) {
    return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', refusals.startUnassigned[locale]({ number: c.number }));
  }
  const now = ctx.now();
  // A question still waiting is withdrawn (Status never goes from Awaiting user to Awaiting user): the user told
  // them to "just reply here", and a chat message with no question waiting starts a new report instead.
  const withdrawn = c.status === 'awaiting_user' ? c.pendingQuestion : undefined;
  let next: Case = ctx.leaveAwaitingUser(claims ? applyAssignee(ctx, actor, c, actor) : c);
  let detail: string | undefined;
  if (to === 'awaiting_vendor' && action.vendorName) {
    next = {
      ...next,
      vendor: { name: action.vendorName, ...(action.vendorRef ? { reference: action.vendorRef } : {}) },
    };
    detail = action.vendorRef ? `${action.vendorName} (${action.vendorRef})` : action.vendorName;
  }
  if (to === 'awaiting_user' && action.question) {
    next = {
      ...next,
      pendingQuestion: { text: action.question, by: toRef(actor), at: now },
      sla: pauseSla(next.sla, now),
    };
    detail = action.question;
  }
  // A question to the user or the vendor note reaches the user personally, from the named person: that is the
  // first response (without it the response target ran on while the case waited, and broke).
  if ((to === 'awaiting_user' || to === 'awaiting_vendor') && !next.firstResponseAt) {
    next = { ...next, firstResponseAt: now };
  }
  next = { ...next, status: to, history: [...next.history, ctx.audit(actor, 'set_status', next.status, to, detail)] };

  const thread = ctx.deps.defaultLocale;
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const drafts: OutboxDraft[] = [
        ctx.updateCards(s),
        ...(claims ? assigneeNews(ctx, actor, actor, s) : []),
        ctx.threadReply(
          s,
          'status',
          threadMessages.status[thread]({
            who: ctx.who(actor, s, thread),
            status: statusLabel(to, thread),
            ...(detail ? { detail } : {}),
          }),
        ),
      ];
      const ul = ctx.userLocale(s);
      const base = { number: s.number, title: s.title, who: ctx.who(actor, s, ul) };
      if (to === 'awaiting_user' && action.question) {
        drafts.push(
          ctx.sendPerson(
            s,
            'question',
            s.user,
            ctx.message(ul, userMessages.question[ul]({ ...base, question: action.question })),
          ),
        );
      }
      if (to === 'awaiting_vendor' && action.vendorName) {
        drafts.push(
          ctx.sendPerson(
            s,
            'vendor',
            s.user,
            ctx.message(
              ul,
              userMessages.awaitingVendor[ul]({
                ...base,
                vendor: action.vendorName,
                ...(withdrawn ? { withdrawn: { by: ctx.who(withdrawn.by, c, ul), question: withdrawn.text } } : {}),
              }),
            ),
          ),
        );
      }
      if (to === 'in_progress' && withdrawn) {
        const text = userMessages.questionWithdrawnWorking[ul]({
          number: s.number,
          title: s.title,
          who: ctx.who(s.assignee ?? actor, s, ul),
          by: ctx.who(withdrawn.by, c, ul),
          question: withdrawn.text,
        });
        drafts.push(ctx.sendPerson(s, 'withdrawn', s.user, ctx.message(ul, text)));
      }
      return drafts;
    },
  });
};

/**
 * Internal notes stay with staff; public notes go to the user as a personal message from the named person and
 * count as the first response. Newest first.
 */
export const note: Handler<'note'> = async (ctx, actor, c, _roles, action) => {
  const now = ctx.now();
  const visibility = action.visibility;
  const entry: Note = { id: randomUUID(), at: now, author: toRef(actor), text: action.text, visibility };
  const next: Case = {
    ...c,
    notes: [entry, ...c.notes],
    ...(visibility === 'public' && !c.firstResponseAt ? { firstResponseAt: now } : {}),
    history: [...c.history, ctx.audit(actor, 'note', undefined, undefined, visibility)],
  };
  const thread = ctx.deps.defaultLocale;
  return ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const who = ctx.who(actor, s, thread);
      const internal = visibility === 'internal';
      // The staff working the case read the whole note in the thread too, in parts as the user gets it.
      const drafts = [
        ctx.updateCards(s),
        ...threadParts(ctx, s, 'note', action.text, (part) => threadMessages.note[thread]({ who, internal, ...part })),
      ];
      if (visibility === 'public') {
        const ul = ctx.userLocale(s);
        // A note longer than one message carries whole goes in parts, one after the other (a case's messages keep
        // their order), so the user gets all of it rather than its beginning cut by the platform's limits.
        messageParts(action.text).forEach((part, i) => {
          const text = userMessages.publicNote[ul]({
            number: s.number,
            title: s.title,
            who: ctx.who(actor, s, ul),
            ...part,
          });
          drafts.push(ctx.sendPerson(s, partKey('note', i), s.user, ctx.message(ul, text)));
        });
      }
      return drafts;
    },
  });
};

/**
 * `text` to the case's thread (`threadReply`), whole: a text longer than one message carries whole goes in parts
 * (`messageParts`), one reply after the other (a case's messages keep their order), `say` giving each its words. The
 * first keeps the key `what`, the others are `what-2`, `what-3` …, so a retried change posts none of them twice.
 */
export function threadParts(
  ctx: LifecycleContext,
  c: Case,
  what: string,
  text: string,
  say: (part: MessagePart) => string,
): OutboxDraft[] {
  return messageParts(text).map((part, i) => ctx.threadReply(c, partKey(what, i), say(part)));
}

const REPLY_ATTEMPTS = 3;
/** The id prefix of a person known by e-mail only (`Person.id`). */
const BY_EMAIL = 'email:';

/**
 * A user's chat message while one of their cases awaits them: appended as their note, the case back in progress
 * (SLA resumed), the group told in the thread and whoever has the case told personally (the person who asked,
 * when nobody has it). Null when none awaits.
 * `askedAfter` (the last turn of a chat conversation still open, e.g. an unfinished intake) takes only a question
 * asked after it: the question told the user to "just reply here", so it wins over an older draft. `files`
 * (already stored, see `keepFiles`) go onto the case with the answer — a screenshot alone is an answer too.
 * `unstored`: the names of files sent with it that the store did not answer to keep (an outage): nothing is written
 * then, and the case's user is told so as for any answer the store does not take, the files named to send again.
 * Cases are matched by platform id (not also by e-mail, as `mine` does): the question was asked in one chat, and a
 * message in the person's chat on the other platform is more likely a new report than the answer. A case naming
 * its user by e-mail only (`email:<address>`: registered for them before any chat knew them) is matched by e-mail:
 * the question reached them in whichever chat the bot found them by it, and they answer there. Only the
 * case's user answers: the question went to them, and the staff member who registered the case on their behalf
 * writes to the bot about other things (their next message was taken as the user's answer).
 */
export async function userReply(
  ctx: LifecycleContext,
  person: Person,
  text: string,
  askedAfter?: string,
  files: readonly AttachmentRef[] = [],
  unstored: readonly string[] = [],
): Promise<MessageView | null> {
  for (let attempt = 1; attempt <= REPLY_ATTEMPTS; attempt++) {
    const email = person.email?.trim() ? person.email : undefined;
    const query = { personId: person.id, ...(email ? { personEmail: email } : {}) };
    // And by a former address whose cases are still being moved to their current one (`formerAddresses`).
    const queries = [query, ...formerAddresses(person).map((address) => ({ personId: `${BY_EMAIL}${address}` }))];
    const found = await Promise.all(
      queries.map((q) => ctx.deps.store.findCases({ ...q, statuses: ['awaiting_user'], limit: 50 })),
    );
    const waiting = found
      .flat()
      .filter((c) => c.user.id === person.id || (c.user.id.startsWith(BY_EMAIL) && samePerson(person, c.user)))
      .filter((c) => askedAfter === undefined || (c.pendingQuestion !== undefined && c.pendingQuestion.at > askedAfter))
      .sort((a, b) => (b.pendingQuestion?.at ?? b.updatedAt).localeCompare(a.pendingQuestion?.at ?? a.updatedAt));
    const c = waiting[0];
    if (!c) return null;
    // Files the store could not keep (an outage): nothing is written, the answer and its files to send again.
    // The ones the full case would refuse are named as refused, not to send again (`fitFiles`).
    if (unstored.length > 0) {
      const { taken, left } = fitFiles(c, [...files, ...unstored.map((name) => ({ name }))]);
      return notAddedNow(ctx, person, c, text, taken, 'down', left);
    }
    try {
      return await addUserText(ctx, person, c, text, files);
    } catch (err) {
      // The files the full case refused are named as refused, not to send again (they would be refused again).
      const { taken, left } = fitFiles(c, files);
      if (isAppError(err, 'STORE.UNAVAILABLE')) return notAddedNow(ctx, person, c, text, taken, 'down', left);
      if (!isAppError(err, 'CASE.CONFLICT')) throw err;
      if (attempt === REPLY_ATTEMPTS) return notAddedNow(ctx, person, c, text, taken, 'busy', left);
    }
  }
  return null;
}

/**
 * A user adding to a case of theirs (`add INC-000123 <text>`): kept as their public note, the group told in the
 * card's thread and the assignee personally (the group, in the reply, when nobody has it yet), and, while another
 * group has the case, its named case owner. On a case awaiting
 * their answer it is that answer (as `userReply`: back in progress); the reporter's is an addition, the case still
 * waiting for its user. Someone else's case is "not found" (as for
 * `status`); nothing is added to a solved or closed case: the answer says why and how to reopen it while that
 * may be done (`notOpenAnswer`).
 * `files` (already stored) go onto the case with the text. `unstored`: the names of files sent with it that the store
 * did not answer to keep (an outage): nothing is written then, and the user is told so as for any addition the store
 * does not take, the files named to send again (as `userReply`'s).
 */
export async function userComment(
  ctx: LifecycleContext,
  person: Person,
  numberOrId: string,
  text: string,
  files: readonly AttachmentRef[] = [],
  unstored: readonly string[] = [],
): Promise<MessageView> {
  const locale = ctx.localeOf(person);
  const ref = numberOrId.trim();
  const number = parseCaseNumber(ref);
  const named = [...files, ...unstored.map((name) => ({ name }))];
  for (let attempt = 1; ; attempt++) {
    let c: Case | null;
    try {
      c = number ? await ctx.deps.store.getCaseByNumber(number) : await ctx.deps.store.getCase(ref);
    } catch (err) {
      // The store answers nothing at all: what they wrote, to send again, rather than a notice without it.
      if (!isAppError(err, 'STORE.UNAVAILABLE')) throw err;
      return notAddedNow(ctx, person, { number: number ?? ref.slice(0, 40) }, text, named, 'down');
    }
    // Files sent along with an addition that is not taken are not on any case (stored unlinked, they are purged
    // with the rest of such files): said so, rather than passed over in silence.
    const notAdded = (answer: string, on?: { number: string; again: boolean }) =>
      ctx.message(
        locale,
        named.length > 0 ? `${answer}\n\n${attachmentTexts.notAdded[locale](fileNames(named), on)}` : answer,
      );
    if (!c || (!samePerson(person, c.user) && !samePerson(person, c.reporter))) {
      // Staff may look any case up: told whether the number is a case, and that `add` is not how they write on one.
      // Anyone else is not told whether someone else's case has the number.
      const staff = isStaff(person, ctx.deps.catalogue);
      if (staff && c) return notAdded(refusals.addNotYourCase[locale]({ number: c.number }));
      const notFound = staff ? refusals.noSuchCase : refusals.notFound;
      return notAdded(notFound[locale]({ ref: number ?? ref.slice(0, 40) }));
    }
    if (c.status === 'closed' || c.status === 'resolved') {
      const { text: answer, reopenable } = notOpenAnswer(ctx, c, locale);
      return notAdded(answer, { number: c.number, again: reopenable });
    }
    // Files the store could not keep (an outage): nothing is written, the text and its files to send again (those the
    // full case would refuse named as refused, `fitFiles`).
    if (unstored.length > 0) {
      const { taken, left } = fitFiles(c, named);
      return notAddedNow(ctx, person, c, text, taken, 'down', left);
    }
    try {
      return await addUserText(ctx, person, c, text, files);
    } catch (err) {
      // The files the full case refused are named as refused, not to send again (they would be refused again).
      const { taken, left } = fitFiles(c, files);
      if (isAppError(err, 'STORE.UNAVAILABLE')) return notAddedNow(ctx, person, c, text, taken, 'down', left);
      if (!isAppError(err, 'CASE.CONFLICT')) throw err;
      if (attempt === REPLY_ATTEMPTS) return notAddedNow(ctx, person, c, text, taken, 'busy', left);
    }
  }
}

/**
 * The answer to a user whose text was not written to case `c`: it met another write of the case at each of the
 * `REPLY_ATTEMPTS` tries (`busy`), or the store did not answer (`down`). Nothing was saved, and what they wrote is
 * quoted back to send again (a text too long for one message stays in their own message, which the quote would
 * cut), as are the names of the files sent with it (taken off the case again, `addUserText`: sent again, they are
 * on it once). An error here said "something went wrong" / "not answering … try again" and left them guessing
 * whether their words were kept, or to type them again. `unsure`: the store answered neither the write nor the read
 * after it (`noteLanded`), so it may have landed: quoted back all the same, to send again only if the case lacks it.
 * `refused`: files sent with it that the full case would not take (`fitFiles`): named as refused, as when the text is
 * added, rather than to send again.
 */
function notAddedNow(
  ctx: LifecycleContext,
  person: Person,
  on: Case | { number: string },
  typed: string,
  files: readonly Pick<AttachmentRef, 'name'>[],
  why: 'busy' | 'down' | 'unsure',
  refused: readonly Pick<AttachmentRef, 'name'>[] = [],
): MessageView {
  // Only the number, when the store did not answer the case's read (`add <number>`): an addition, in their language.
  const c = 'version' in on ? on : undefined;
  const ul = c ? replyLocale(ctx, person, c) : ctx.localeOf(person);
  const text = typed.trim();
  // Files alone, all of which the full case refuses: nothing to send again, the answer `addUserText` gives them.
  if (text === '' && files.length === 0 && refused.length > 0)
    return ctx.message(ul, refusedFiles(refused, ul).join(''));
  if (why === 'busy')
    ctx.deps.logger?.warn(
      { caseId: c?.id, number: on.number, attempts: REPLY_ATTEMPTS },
      "A user's text met another write of the case at each try: not added, the user told to send it again",
    );
  else if (why === 'down')
    ctx.deps.logger?.warn(
      { caseId: c?.id, number: on.number },
      "The store did not answer a user's text to a case: not added, the user told to send it again",
    );
  else
    ctx.deps.logger?.warn(
      { caseId: c?.id, number: on.number },
      "The store did not answer a user's text to a case, nor the read after it: the user told to look before resending",
    );
  const answer = (why === 'unsure' ? userMessages.perhapsAdded : userMessages.notAddedNow)[ul]({
    number: on.number,
    down: why === 'down',
    answer: c !== undefined && c.status === 'awaiting_user' && samePerson(person, c.user),
    // Empty only with files (files alone): then only those are asked for again.
    ...((text !== '' || files.length > 0) && textWeight(text) <= QUOTE_CHARS ? { typed: text } : {}),
    ...(files.length > 0 ? { files: fileNames(files) } : {}),
  });
  return ctx.message(ul, [answer, ...refusedFiles(refused, ul)].join('\n\n'));
}

/**
 * The files case `c` takes of `files` (`taken`, up to `ATTACHMENTS_PER_CASE` on it in all) and the ones it refuses,
 * the case being full (`left`): every answer to a user's text names the refused ones (`refusedFiles`), whether or
 * not the text was added.
 */
function fitFiles<F>(c: Case, files: readonly F[]): { taken: F[]; left: F[] } {
  const taken = files.slice(0, Math.max(0, ATTACHMENTS_PER_CASE - (c.attachments?.length ?? 0)));
  return { taken, left: files.slice(taken.length) };
}

/** The paragraph naming files a full case refused (`fitFiles`), none when it refused none. */
function refusedFiles(left: readonly Pick<AttachmentRef, 'name'>[], locale: Locale): string[] {
  return left.length > 0 ? [attachmentTexts.tooMany[locale](fileNames(left), ATTACHMENTS_PER_CASE)] : [];
}

/**
 * Takes files `ids` off case `c` again after its write failed with `err` (`unlinkFiles`), unless the case lists them:
 * only a conflict or a case gone says the write did not land; after an outage or any other failure it may have all
 * the same (MongoDB without transactions writes the case before its outbox; a commit whose answer was lost), so the
 * case is read first, and files it lists stay linked — unlinked, they would be purged as no case's while the case
 * names them. Should that read or the unlink fail, they stay linked (logged): a hidden copy, never a listed file lost.
 */
async function unlinkUnwritten(ctx: LifecycleContext, c: Case, ids: readonly string[], err: unknown): Promise<void> {
  try {
    if (!isAppError(err, 'CASE.CONFLICT') && !isAppError(err, 'CASE.NOT_FOUND')) {
      const now = await ctx.deps.store.getCase(c.id);
      if (now?.attachments?.some((a) => ids.includes(a.id))) return;
    }
    await ctx.deps.store.unlinkFiles(ids, c.id);
  } catch (failed) {
    ctx.deps.logger?.warn(
      { err: failed, caseId: c.id, number: c.number, files: ids },
      "Could not take a user's files off the case their unwritten text was for: linked, not on its list",
    );
  }
}

/**
 * Whether case `c`, read again after its write answered with an outage, carries note `noteId` (the write landed);
 * undefined when the store does not answer the read either.
 */
async function noteLanded(ctx: LifecycleContext, c: Case, noteId: string): Promise<boolean | undefined> {
  try {
    return (await ctx.deps.store.getCase(c.id))?.notes.some((n) => n.id === noteId) ?? false;
  } catch (err) {
    ctx.deps.logger?.warn(
      { err, caseId: c.id, number: c.number },
      "Could not read the case again after its write of a user's text failed: unknown whether it landed",
    );
    return undefined;
  }
}

/**
 * Whether the messages of a case change that landed (`drafts`) are in the outbox: the store writes them with the
 * case (SQLite, MongoDB with transactions), MongoDB without transactions right after it, so an outage between the
 * two loses them. The missing ones are written now (keyed by the case's version: none twice). `not told` only when
 * the store shows them missing after that write failed; `unknown` when it does not answer the look at the outbox
 * (they may well be there: the write that landed had them), so the user is not told staff were not told.
 */
async function staffTold(
  ctx: LifecycleContext,
  c: Case,
  drafts: readonly OutboxDraft[],
): Promise<'told' | 'not told' | 'unknown'> {
  const mine = drafts.map((d) => ({ ...d, caseId: d.caseId || c.id }));
  const missing = async (): Promise<OutboxDraft[]> => {
    const have = new Set<string>();
    for (const caseId of new Set(mine.map((d) => d.caseId))) {
      for (const m of await ctx.deps.store.listOutbox({ caseId, limit: 10_000 })) have.add(m.key);
    }
    return mine.filter((d) => !have.has(d.key));
  };
  const unknown = (err: unknown) => {
    ctx.deps.logger?.warn(
      { err, caseId: c.id, number: c.number },
      "A user's text is on the case, but the store did not answer the look for its messages to staff: unknown whether they are written",
    );
    return 'unknown' as const;
  };
  let lacking: OutboxDraft[];
  try {
    lacking = await missing();
  } catch (err) {
    return unknown(err);
  }
  if (lacking.length === 0) return 'told';
  try {
    await ctx.deps.store.enqueueOutbox(lacking);
    return 'told';
  } catch (err) {
    // An outage may answer a write that landed, as the case's did: looked for again.
    try {
      if ((await missing()).length === 0) return 'told';
    } catch (again) {
      return unknown(again);
    }
    ctx.deps.logger?.error(
      { err, caseId: c.id, number: c.number },
      "A user's text is on the case, but its messages to staff could not be written: nobody is told of it",
    );
    return 'not told';
  }
}

/** The longest text quoted back whole in one message with `notAddedNow`'s own paragraphs around it. */
const QUOTE_CHARS = MESSAGE_PART_CHARS - 400;

/** The language a user is answered in about case `c`: their own, else the case user's, else the case's. */
function replyLocale(ctx: LifecycleContext, person: Person, c: Case): Locale {
  return ctx.localeOf(person.locale ? person : c.user.locale ? c.user : { ...person, locale: c.locale });
}

/**
 * Why nothing is added to a solved or closed case, and what the user may do instead: a solved case, and a closed one
 * still inside the reopen window (`REOPEN_WINDOW_DAYS` after its resolution, the rule of "No, still a problem"),
 * is reopened with "No, still a problem" (the window's end named); a closed one past it, or an order that was not
 * approved (nothing to reopen), takes nothing more. `reopenable`: the user may reopen it now.
 */
function notOpenAnswer(ctx: LifecycleContext, c: Case, locale: Locale): { text: string; reopenable: boolean } {
  const on = { number: c.number };
  if (isRejectedOrder(c)) return { text: refusals.orderNotApprovedNoComment[locale](on), reopenable: false };
  // A solution that came in several messages has its buttons on the last (`resolve`).
  const parts = messageParts(c.solution?.text ?? '').length > 1 ? { parts: true } : {};
  if (c.status === 'resolved')
    return { text: refusals.resolvedNoComment[locale]({ ...on, ...parts }), reopenable: true };
  const reopenable = checkTransition({
    from: 'closed',
    to: 'in_progress',
    actorRoles: ['user'],
    hasSolution: hasDocumentedSolution(c),
    resolvedAt: c.resolvedAt,
    now: ctx.now(),
    reopenWindowDays: ctx.deps.reopenWindowDays,
  }).ok;
  if (!reopenable) return { text: refusals.closedNoComment[locale](on), reopenable };
  const end = c.resolvedAt ? Date.parse(c.resolvedAt) + ctx.deps.reopenWindowDays * DAY_MS : Number.NaN;
  const until = Number.isNaN(end) ? {} : { until: formatTime(new Date(end).toISOString(), locale, ctx.deps.timeZone) };
  return { text: refusals.closedReopenable[locale]({ ...on, ...until, ...parts }), reopenable };
}

/**
 * Writes what a user wrote to an open case of theirs: an answer when the case awaits them (the case back in
 * progress, the SLA clock resumed, whoever has the case told: the person who asked may have handed it on), else
 * an addition (status unchanged, the assignee told). Either way a named case owner is told too while another group
 * has the case. Files go onto the case (up to `ATTACHMENTS_PER_CASE`; they are named in the note, so the thread and the
 * person told see them too); files alone that the full case cannot take are refused, with no note written. Throws
 * `CASE.CONFLICT` when the case changed meanwhile.
 */
async function addUserText(
  ctx: LifecycleContext,
  person: Person,
  c: Case,
  typed: string,
  files: readonly AttachmentRef[],
): Promise<MessageView> {
  // Only the case's user answers (the question went to them, as in `userReply`): the reporter's addition (a
  // colleague or staff member who registered it for them) leaves the case waiting for the user.
  const answering = c.status === 'awaiting_user' && samePerson(person, c.user);
  const { taken, left } = fitFiles(c, files);
  const text = [typed.trim(), taken.length > 0 ? `📎 ${fileNames(taken)}` : ''].filter(Boolean).join('\n');
  const ul = replyLocale(ctx, person, c);
  // Files only, and the case full: nothing to add. An empty note told the assignee "Anna added: " and left Slack
  // a case card it refuses (a section without text).
  if (!text) return ctx.message(ul, attachmentTexts.tooMany[ul](fileNames(left), ATTACHMENTS_PER_CASE));
  const entry: Note = {
    id: randomUUID(),
    at: ctx.now(),
    author: toRef(person),
    text,
    visibility: 'public',
    fromUser: true,
  };
  const attached = taken.length > 0 ? { attachments: [...(c.attachments ?? []), ...taken] } : {};
  const next: Case = answering
    ? {
        ...ctx.leaveAwaitingUser(c),
        ...attached,
        status: 'in_progress',
        notes: [entry, ...c.notes],
        history: [...c.history, ctx.audit(person, 'user_replied', c.status, 'in_progress')],
      }
    : { ...c, ...attached, notes: [entry, ...c.notes], history: [...c.history, ctx.audit(person, 'user_comment')] };
  // Whoever has the case now hears the answer (the one who asked may have handed the case on since; the thread
  // has it for the group), the one who asked when nobody has it. An assignee erased on request (data protection)
  // is a placeholder nobody reads (`namesNobody`): nobody is told personally, and the user is told of the group.
  const told = answering ? reachable(c.assignee ?? c.pendingQuestion?.by) : reachable(c.assignee);
  const kind = answering ? 'user_reply' : 'user_comment';
  const said = answering ? threadMessages.userReplied : threadMessages.userAdded;
  const thread = ctx.deps.defaultLocale;
  const v = { ...next, version: c.version + 1 };
  // A report linked to a major incident without a card of its own: the major incident's thread hears it.
  const drafts = [
    ctx.updateCards(v),
    ...threadParts(ctx, v, kind, text, (part) => said[thread]({ user: person.name, ...part })),
  ];
  // The people told personally get the whole text too: a long one in parts (as the thread), keyed `kind`, `kind-2` …
  const parts = messageParts(text);
  if (told) {
    const tl = await ctx.personLocale(told);
    parts.forEach((part, i) => {
      const say = `${c.number}: ${said[tl]({ user: person.name, ...part })}`;
      drafts.push(ctx.sendPerson(v, partKey(kind, i), told, ctx.message(tl, say)));
    });
  }
  // A case passed to another group: its named case owner (1st level owns the case, PROCESS.md principle 4, and the
  // user was told the owner keeps them informed) hears it too. The owner group's card is "Moved to …", and the
  // thread the owner follows hears nothing of the case while it is away.
  const owner = c.groupId !== c.ownerGroupId ? reachable(c.caseOwner) : undefined;
  if (owner && !samePerson(owner, told) && !samePerson(owner, person)) {
    const ol = await ctx.personLocale(owner);
    parts.forEach((part, i) => {
      const toOwner = staffMessages.userAddedToOwner[ol]({
        number: c.number,
        title: c.title,
        user: person.name,
        group: ctx.group(c.groupId, ol),
        replied: answering,
        ...part,
      });
      // The case card once, under the first part; should the two be too big for one message, the card is cut, not
      // the user's text (`keepText`: its parts carry it whole).
      const card = i === 0 ? { caseCard: ctx.card(v, owner, ol), keepText: true } : {};
      drafts.push(ctx.sendPerson(v, partKey(`${kind}:owner`, i), owner, ctx.message(ol, toOwner, card)));
    });
  }
  // Linked first: should the link fail after the case write, the case would list files purged as no case's (a week
  // on). Should the case write fail, they are taken off the case again (`unlinkUnwritten`): the user is asked to
  // send them again, and they were linked to the case but not on its list — hidden copies, never purged. A next try
  // links them to the case it writes (a conflict's next read may find another case awaiting the user).
  const ids = taken.map((f) => f.id);
  if (ids.length > 0) await ctx.deps.store.linkFiles(ids, c.id);
  const name = told?.name ?? ctx.group(c.groupId, ul);
  let reached: Awaited<ReturnType<typeof staffTold>> = 'told';
  try {
    await ctx.deps.store.updateCase(next, c.version, drafts);
  } catch (err) {
    if (!isAppError(err, 'STORE.UNAVAILABLE')) {
      if (ids.length > 0) await unlinkUnwritten(ctx, c, ids, err);
      throw err;
    }
    // An outage may answer a write that landed (the connection lost after the commit; MongoDB without transactions
    // writing the case before its outbox): the case read again says whether it carries this note. "Nothing was
    // saved, send it again" then added it twice, or took the resent answer for a new report.
    const landed = await noteLanded(ctx, c, entry.id);
    if (landed === undefined) {
      // Files stay linked: should the note be on the case, so are they.
      return notAddedNow(ctx, person, c, typed, taken, 'unsure', left);
    }
    if (!landed) {
      if (ids.length > 0) await unlinkUnwritten(ctx, c, ids, err);
      throw err;
    }
    reached = await staffTold(ctx, c, drafts);
  }
  // Saved: the files it took are on the case and named, as are the ones the full case refused, whether or not
  // staff could be told (or it is unknown: then not said they were not).
  const added =
    reached === 'told'
      ? (answering ? userMessages.replyAdded : userMessages.commentAdded)[ul]({ number: c.number, name })
      : userMessages.savedNotTold[ul]({
          number: c.number,
          answer: answering,
          name,
          ...(reached === 'unknown' ? { unsure: true } : {}),
        });
  const more = [
    ...(taken.length > 0 ? [attachmentTexts.keptOnCase[ul](fileNames(taken), c.number)] : []),
    ...refusedFiles(left, ul),
  ];
  return ctx.message(ul, [added, ...more].join('\n\n'));
}
