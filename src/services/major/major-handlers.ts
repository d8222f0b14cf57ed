import type { Case, Locale, Person } from '../../models/case.js';
import { isOpen, namesNobody, toRef } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { formatTime } from '../i18n.js';
import type { ActionOutcome, LifecycleContext } from '../lifecycle/context.js';
import { type Handler, personByEmail } from '../lifecycle/handler.js';
import { note } from '../lifecycle/progress.js';
import { draft } from '../outbox/deliveries.js';
import { samePerson } from '../roles.js';
import { unlinkedUrgentPing, withoutParent } from './leave-major.js';
import { fanOutUpdate, type MajorUpdate, resolveLinked } from './major-fan-out.js';
import { majorChangeOf } from './major-follow-up.js';
import { findCase, ownCardDrafts, syncLinkedCount } from './major-links.js';
import { majorReplies, majorStaffMessages, majorUserMessages } from './major-messages.js';
import { DEFAULT_MAJOR_PACING, type MajorPacing } from './major-pacing.js';

const pacingOf = (ctx: LifecycleContext): MajorPacing => ctx.deps.majorPacing ?? DEFAULT_MAJOR_PACING;

/**
 * Declares the case a major incident: it becomes the parent (summary in both languages, who and when, the count
 * of reports already linked), the supervisor of the group holding it is pinged with an @mention and the card
 * (unless she declared it herself),
 * the case thread hears it, and the parent card goes to every other 1st-level group's channel as a channel
 * message (`post_group_message` with the card attached). Not `post_card`: that delivery only posts into the
 * channel of the group that holds the case and stores the post as one of the case's live cards, which would make
 * thread replies and "moved" banners go to every helpdesk. The holding group's own channel card is updated in
 * place. Intake matching and the reports find open and declared major incidents by the case's own `major` field
 * (`CaseQuery.major`, an index of its own).
 */
export const declareMajor: Handler<'declare_major'> = async (ctx, actor, c, _roles, action) => {
  const now = ctx.now();
  const summary = { da: action.summaryDa, en: action.summaryEn };
  const linkedCount = await ctx.deps.store.countCases({ parentId: c.id });
  const group = ctx.deps.catalogue.group(c.groupId) ?? ctx.deps.catalogue.requireGroup(c.ownerGroupId);
  const supervisor = await personByEmail(ctx, group.supervisor.email, group.supervisor.name);
  const channels = ctx.deps.catalogue.firstLevelGroups().filter((g) => g.id !== c.groupId);
  // The supervisor who declares it herself knows: no ping, and her reply does not say she was told.
  const pingSupervisor = !samePerson(actor, supervisor);
  const next: Case = {
    ...c,
    major: { summary, declaredAt: now, declaredBy: toRef(actor), linkedCount },
    history: [...c.history, ctx.audit(actor, 'declare_major', undefined, undefined, summary.en)],
  };
  const thread = ctx.deps.defaultLocale;
  const locale = ctx.localeOf(actor);
  const outcome = await ctx.commit(actor, c, {
    next,
    drafts: (s): OutboxDraft[] => {
      const sl = ctx.localeOf(supervisor);
      const ping = majorStaffMessages.supervisorPing[sl]({
        number: s.number,
        title: s.title,
        summary: summary[sl],
        name: supervisor.name,
        who: ctx.who(actor, s, sl),
      });
      const announce = ctx.message(
        thread,
        majorStaffMessages.announce[thread]({
          number: s.number,
          summary: summary[thread],
          group: ctx.group(s.groupId, thread),
          since: formatTime(now, thread, ctx.deps.timeZone),
        }),
        { title: majorStaffMessages.announceTitle[thread]({ number: s.number }), caseCard: ctx.card(s, null, thread) },
      );
      return [
        ctx.updateCards(s),
        ctx.threadReply(
          s,
          'major_declared',
          majorStaffMessages.declaredThread[thread]({
            number: s.number,
            summary: summary[thread],
            who: ctx.who(actor, s, thread),
          }),
        ),
        ...(pingSupervisor
          ? [
              ctx.sendPerson(
                s,
                'major_declared',
                supervisor,
                ctx.message(sl, ping, {
                  mention: { id: supervisor.id, name: supervisor.name },
                  caseCard: ctx.card(s, supervisor, sl),
                }),
              ),
            ]
          : []),
        ...channels.map((g) =>
          draft(
            `${s.id}:v${s.version}:major-announce:${g.id}`,
            { kind: 'post_group_message', groupId: g.id, view: announce },
            { caseId: s.id },
          ),
        ),
      ];
    },
    reply: (s) =>
      ctx.message(
        locale,
        pingSupervisor
          ? majorReplies.declared[locale]({ number: s.number, supervisor: supervisor.name, channels: channels.length })
          : majorReplies.declaredBySupervisor[locale]({ number: s.number, channels: channels.length }),
      ),
  });
  return outcome;
};

/**
 * Links this case (a duplicate report) to an open major incident named by number: the case thread and the user
 * hear it (not a placeholder user, `anonymous:…`, an erased person), and the parent's linked count is recounted. A
 * case linked already, or a major incident itself, is refused before this runs (`majorStateRefusal`).
 */
export const linkMajor: Handler<'link_major'> = async (ctx, actor, c, _roles, action) => {
  const locale = ctx.localeOf(actor);
  const parent = await findCase(ctx.deps.store, action.parentNumber);
  const ref = action.parentNumber.slice(0, 40);
  if (!parent?.major || !isOpen(parent.status)) {
    return ctx.refuse(actor, c, 'CASE.NOT_FOUND', majorReplies.noParent[locale]({ ref }));
  }
  if (parent.id === c.id) return ctx.refuse(actor, c, 'CASE.INVALID_INPUT', majorReplies.selfLink[locale](c));
  const major = parent.major;
  const next: Case = {
    ...c,
    parentId: parent.id,
    history: [...c.history, ctx.audit(actor, 'link_major', undefined, parent.number)],
  };
  const thread = ctx.deps.defaultLocale;
  const outcome = await ctx.commit(actor, c, {
    next,
    drafts: (s) => {
      const ul = ctx.userLocale(s);
      const told = majorUserMessages.linked[ul]({ number: parent.number, summary: major.summary[ul], child: s.number });
      return [
        ctx.updateCards(s),
        ctx.threadReply(
          s,
          'major_link',
          majorStaffMessages.linkedThread[thread]({ number: parent.number, who: ctx.who(actor, s, thread) }),
        ),
        // An erased person's placeholder (`anonymous:…`) is nobody to tell: the message would only dead-letter.
        ...(namesNobody(s.user) ? [] : [ctx.sendPerson(s, 'major_link', s.user, ctx.message(ul, told))]),
      ];
    },
  });
  return withCountReply(ctx, outcome, parent.id, locale, (count) =>
    majorReplies.linked[locale]({ number: parent.number, child: c.number, count }),
  );
};

/**
 * Why an open case cannot be declared a major incident or linked to one, when the reason is the case's own part in
 * a major incident rather than its status: linked already (to this parent: `alreadyLinked`; else, or declared:
 * `linkedElsewhere`, naming its parent), or a major incident itself. `CaseService` asks after its generic state
 * refusal, which named the status ("while INC-x is In progress") and so misled. So for unlinking a case that is
 * not linked (`notLinked`). Null for any other verb or case (declaring or linking a case that is not open: its
 * status is the reason). `parentNumber`: the major incident a link asks for.
 */
export async function majorStateRefusal(
  ctx: LifecycleContext,
  actor: Person,
  c: Case,
  verb: string,
  parentNumber?: string,
): Promise<ActionOutcome | null> {
  const locale = ctx.localeOf(actor);
  const refuse = (text: string) => ctx.refuse(actor, c, 'CASE.INVALID_TRANSITION', text);
  // Unlinking is refused only for a case that is not linked, whatever its status.
  if (verb === 'unlink_major') return c.parentId ? null : refuse(majorReplies.notLinked[locale]({ number: c.number }));
  if ((verb !== 'declare_major' && verb !== 'link_major') || !isOpen(c.status)) return null;
  if (c.parentId) {
    const parent = await ctx.deps.store.getCase(c.parentId);
    const number = parent?.number ?? c.parentId;
    const asked = verb === 'link_major' && parentNumber ? await findCase(ctx.deps.store, parentNumber) : null;
    const text = asked?.id === c.parentId ? majorReplies.alreadyLinked : majorReplies.linkedElsewhere;
    return refuse(text[locale]({ number, child: c.number }));
  }
  if (c.major) {
    const text = verb === 'declare_major' ? majorReplies.alreadyMajor : majorReplies.majorNotLinkable;
    return refuse(text[locale]({ number: c.number }));
  }
  return null;
}

/**
 * Takes the case off its major incident again (linked by mistake); the parent's count is recounted. The case is
 * worked on its own from now on, with its own SLA ladder, so it needs a channel card: one that joined at intake
 * never had one and gets it posted (`ownCardDrafts`); the thread reply waits for that post. Its SLA clock leaves
 * out the linked period (`withoutParent`): it is not breached on leaving; its first response is on record only when
 * it had one (a staff update on the parent reached its user), else its response target runs from the unlink. An
 * urgent report nobody has lands in its group's pile: the supervisor is pinged (`unlinkedUrgentPing`).
 * The user of an open report, told on linking that they would hear from us when there is news, is told it is now
 * handled on its own by its group (also when they joined the major incident themselves at intake: they wait for its
 * news otherwise). Not the user of a report resolved already (with the major incident or on its own: they were asked
 * whether it works, and no work starts on it), nor a placeholder (`anonymous:…`, an erased person).
 */
export const unlinkMajor: Handler<'unlink_major'> = async (ctx, actor, c) => {
  const locale = ctx.localeOf(actor);
  const parentId = c.parentId;
  if (!parentId) return ctx.refuse(actor, c, 'CASE.INVALID_TRANSITION', majorReplies.notLinked[locale](c));
  const parent = await ctx.deps.store.getCase(parentId);
  const number = parent?.number ?? parentId;
  const next = withoutParent(ctx, actor, c, c, number, parent);
  const urgent = await unlinkedUrgentPing(ctx, actor, next, number);
  const thread = ctx.deps.defaultLocale;
  const outcome = await ctx.commit(actor, c, {
    next,
    drafts: (s) => [
      ...ownCardDrafts(s),
      ctx.threadReply(
        s,
        'major_unlink',
        majorStaffMessages.unlinkedThread[thread]({ number, who: ctx.who(actor, s, thread) }),
      ),
      ...urgent(s),
      ...(isOpen(s.status) && !namesNobody(s.user) ? [unlinkedUserDraft(ctx, s, number)] : []),
    ],
  });
  return withCountReply(ctx, outcome, parentId, locale, (count) =>
    majorReplies.unlinked[locale]({ number, child: c.number, count }),
  );
};

function unlinkedUserDraft(ctx: LifecycleContext, s: Case, parentNumber: string): OutboxDraft {
  const locale = ctx.userLocale(s);
  const text = majorUserMessages.unlinked[locale]({
    number: parentNumber,
    child: s.number,
    title: s.title,
    group: ctx.group(s.groupId, locale),
  });
  return ctx.sendPerson(s, 'major_unlink', s.user, ctx.message(locale, text, { title: s.number }));
}

/**
 * A public note on the parent for everyone affected: stored as a public note (its user hears it as usual), and
 * the fan-out to every linked user follows from `afterMajorChange`.
 */
export const majorUpdate: Handler<'major_update'> = (ctx, actor, c, roles, action) =>
  note(ctx, actor, c, roles, {
    verb: 'note',
    caseId: c.id,
    version: action.version,
    text: action.text,
    visibility: 'public',
  });

/**
 * The reply to a link or unlink: `text` with the parent's linked count after the change, in the staff member's
 * language (`locale`, as the text is written in, like every reply to the one who acted; not the channel's default).
 */
async function withCountReply(
  ctx: LifecycleContext,
  outcome: ActionOutcome,
  parentId: string,
  locale: Locale,
  text: (count: number) => string,
): Promise<ActionOutcome> {
  if (!outcome.ok) return outcome;
  const parent = await syncLinkedCount(ctx.deps.store, parentId, ctx.deps.clock.now());
  return { ...outcome, reply: ctx.message(locale, text(parent?.major?.linkedCount ?? 0)) };
}

/**
 * Runs after any case verb on a major incident's parent (hooked into `CaseService.act`): resolving it resolves
 * every linked open case and asks each user to confirm; a new public note or a new open status goes to every
 * linked user (`majorChangeOf`). The fan-out is enqueued right after the parent's own change (not in the same
 * store operation: it can be thousands of messages); its keys derive from the parent's version, so running it
 * again is safe, and the parent's write carried a durable `major_follow_up` message (`withMajorFollowUp`) with
 * which the dispatcher runs it again a little later, finishing it should the process die here.
 * The actor's reply says how many it reached, unless the actor is the parent's own user.
 */
export async function afterMajorChange(
  ctx: LifecycleContext,
  actor: Person,
  before: Case,
  outcome: ActionOutcome,
): Promise<ActionOutcome> {
  if (!outcome.ok) return outcome;
  const after = outcome.case;
  const change = majorChangeOf(before, after);
  if (!change) return outcome;
  const pacing = pacingOf(ctx);
  const locale = ctx.localeOf(actor);
  const resolvedWith = async () => {
    const { resolved, pending } = await resolveLinked(ctx, pacing, after, actor);
    return majorReplies.resolvedAll[locale]({ number: after.number, count: resolved, pending });
  };
  const fannedOut = async (update: MajorUpdate) => {
    const { users, pending } = await fanOutUpdate(ctx, pacing, after, actor, update);
    return majorReplies.fannedOut[locale]({ number: after.number, count: users, pending });
  };
  const text = change.kind === 'resolve' ? await resolvedWith() : await fannedOut(change);
  // The major incident's own user (her "still a problem" reopens it) hears only her own reply: how many others
  // the update reached is staff's business.
  if (samePerson(actor, after.user)) return outcome;
  const reply = outcome.reply
    ? { ...outcome.reply, text: `${outcome.reply.text}\n\n${text}` }
    : ctx.message(locale, text);
  return { ...outcome, reply };
}
