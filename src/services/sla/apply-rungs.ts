import type { MessageView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { AuditEntry, Case, Escalation, Locale, Person, PersonRef } from '../../models/case.js';
import { currentResolution, isRejectedOrder, namesNobody, reachable, toRef } from '../../models/case.js';
import type { OutboxDraft } from '../../models/case-store.js';
import { formatTime, pickLocale } from '../i18n.js';
import { groupLabel } from '../lifecycle/labels.js';
import { userMessages } from '../lifecycle/messages.js';
import { ratingForm } from '../lifecycle/rating-form.js';
import { majorUserMessages } from '../major/major-messages.js';
import { draft, threadReplyOf } from '../outbox/deliveries.js';
import { type Lead, leadAbove } from '../lead-above.js';
import type { Directory } from '../ports/directory.js';
import { samePerson } from '../roles.js';
import { standsInForUser } from '../registration.js';
import { ladderFor, type Rung, userConfirmedAt } from './ladder.js';
import { slaMessages, targetLabel } from './sla-messages.js';

/** What applying rungs needs besides the case: configuration, the instant, and who the system actor is. */
export interface RungEnv {
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  timeZone: string;
  defaultLocale: Locale;
  /** Looks up staff (supervisor by e-mail, languages); without it, catalogue e-mails and the default language. */
  directory?: Directory;
  /** The system actor named after the bot, on escalations and history entries. */
  actor: PersonRef;
  now: Date;
  /** Formats times for people; default `formatTime` in `timeZone` (the sweeper passes a cached one). */
  formatTime?: (iso: string, locale: Locale) => string;
  /**
   * Told when a breach finds nobody above a supervisor who works the case herself (the directory knows no manager
   * of hers): the breach then goes to her, as supervisor. The sweeper logs it once per group.
   */
  nobodyAbove?: (groupId: string, supervisor: Person) => void;
}

/**
 * Applies the due rungs to the case as one change: the next document (rungs recorded in `sla.fired`, breaches,
 * escalations, auto-close) and its outbox messages, keyed per rung and due time so a repeated sweep never sends
 * twice. The keys begin with the rung's due time and the case number (`slaKey`), the order in which the sweeper
 * takes due cases, so a sweep's messages land together at the end of the outbox key index instead of on one
 * random index page each. A 75 % reminder due together with the breach of the same target is recorded without a
 * message: the breach says more. `closedToo`: the same person's other reports closed now with this one's major
 * incident, named in its close message (`closedReportsOfPerson`).
 */
export async function applyRungs(
  env: RungEnv,
  c: Case,
  rungs: readonly Rung[],
  closedToo: readonly string[] = [],
): Promise<{ next: Case; drafts: OutboxDraft[] }> {
  const now = env.now.toISOString();
  const thread = env.defaultLocale;
  const version = c.version + 1;
  const drafts: OutboxDraft[] = [];
  let next: Case = { ...c, sla: { ...c.sla, fired: [...c.sla.fired, ...rungs.map((r) => r.id)] } };
  const history: AuditEntry[] = [];
  const key = (r: Rung, what: string): string => slaKey(r.at, c.number, `${r.id}:${what}`);
  // Staff messages name the case card they go with; the dispatcher renders it for the recipient from the case as
  // stored when it delivers (this write's version, or a later one), so the outbox row does not carry a card.
  const send = (r: Rung, what: string, person: PersonRef, view: MessageView, withCard = false): void => {
    drafts.push(
      draft(
        key(r, `send:${what}:${person.id}`),
        { kind: 'send_person', person: toRef(person), view, ...(withCard ? { caseCardFor: { caseId: c.id } } : {}) },
        { caseId: c.id },
      ),
    );
  };
  const reply = (r: Rung, what: string, text: string, extra: Partial<MessageView> = {}): void => {
    const view: MessageView = { kind: 'message', locale: thread, text, ...extra };
    drafts.push(draft(key(r, `thread:${what}`), threadReplyOf(c, view)));
  };
  const message = (locale: Locale, text: string, extra: Partial<MessageView> = {}): MessageView => ({
    kind: 'message',
    locale,
    title: c.number,
    text,
    ...extra,
  });
  const format = env.formatTime ?? ((iso: string, locale: Locale) => formatTime(iso, locale, env.timeZone));
  const time = (iso: string | undefined, locale: Locale) => (iso ? format(iso, locale) : '-');
  const group = (locale: Locale) => groupLabel(env.catalogue, c.groupId, locale);
  const who = (p: PersonRef | undefined, locale: Locale) => (p ? `${p.name} (${group(locale)})` : group(locale));
  const userLocale = pickLocale(c.user.locale ?? c.locale, env.defaultLocale);
  const cfg = ladderFor(env, c);
  const firing = new Set(rungs.map((r) => r.id));
  // An assignee erased on request (data protection) is a placeholder nobody reads (`namesNobody`): a message to it
  // is dropped at delivery, so what would go to her goes to the group's thread, and the user is told of the group.
  const assignee = reachable(c.assignee);

  for (const r of rungs) {
    const due = r.target === 'response' ? c.sla.responseDueAt : c.sla.resolutionDueAt;
    switch (r.kind) {
      case 'reminder': {
        // A target missed already (a group the case was passed to after its breach) is past reminding.
        if (firing.has(`${r.target}:breach`) || c.sla.fired.includes(`${r.target}:breach`)) break;
        const percent = Math.round(cfg.reminderAt * 100);
        const target = r.target ?? 'resolution';
        if (assignee) {
          const al = await localeOf(env, assignee);
          const text = slaMessages.reminderToAssignee[al]({
            number: c.number,
            title: c.title,
            percent,
            target: targetLabel(target, al),
            due: time(due, al),
          });
          send(r, 'reminder', assignee, message(al, text), true);
        } else {
          const text = (c.assignee ? slaMessages.reminderToGroupErased : slaMessages.reminderToGroup)[thread]({
            number: c.number,
            percent,
            target: targetLabel(target, thread),
            due: time(due, thread),
          });
          reply(r, 'reminder', text);
        }
        break;
      }
      case 'breach': {
        const target = r.target ?? 'resolution';
        const { lead: supervisor, managed } = await breachLead(env, c);
        const sl = await localeOf(env, supervisor);
        const mention = { id: supervisor.id, name: supervisor.name };
        const escalation: Escalation = {
          kind: 'hierarchical',
          at: now,
          by: env.actor,
          fromGroupId: c.groupId,
          toPerson: toRef(supervisor),
          reason: slaMessages.breachReason[thread]({ target: targetLabel(target, thread), due: time(due, thread) }),
          reasonCode: 'agreement_broken',
          caseVersion: version,
        };
        next = {
          ...next,
          sla: { ...next.sla, breaches: [...next.sla.breaches, { kind: target, at: now }] },
          escalations: [...next.escalations, escalation],
        };
        history.push({ at: now, actor: env.actor, action: 'sla_breach', to: supervisor.name, detail: target });
        send(
          r,
          'supervisor',
          supervisor,
          message(
            sl,
            slaMessages.breachToSupervisor[sl]({
              number: c.number,
              title: c.title,
              name: supervisor.name,
              target: targetLabel(target, sl),
              due: time(due, sl),
              responsible: who(c.assignee, sl),
            }),
            { mention },
          ),
          true,
        );
        reply(
          r,
          'breach',
          slaMessages.breachInThread[thread]({
            name: supervisor.name,
            target: targetLabel(target, thread),
            due: time(due, thread),
            responsible: who(c.assignee, thread),
          }),
          { mention },
        );
        // A supervisor working the case herself hears it once: as supervisor (her message names her responsible)
        // when nobody is known above her, else as the one working it, told that her manager knows.
        if (c.assignee && !samePerson(c.assignee, supervisor)) {
          const al = await localeOf(env, c.assignee);
          const on = { number: c.number, title: c.title, target: targetLabel(target, al), due: time(due, al) };
          const text = managed
            ? slaMessages.breachToManagedAssignee[al]({ ...on, manager: supervisor.name })
            : slaMessages.breachToAssignee[al]({ ...on, supervisor: supervisor.name });
          send(r, 'assignee', c.assignee, message(al, text), true);
        }
        if (target === 'resolution') {
          const text = slaMessages.lateToUser[userLocale]({
            number: c.number,
            title: c.title,
            who: who(assignee, userLocale),
            due: time(due, userLocale),
          });
          send(r, 'late', c.user, message(userLocale, text));
        }
        break;
      }
      case 'unclaimed':
        reply(
          r,
          'unclaimed',
          slaMessages.unclaimed[thread]({
            number: c.number,
            priority: c.priority,
            minutes: cfg.unclaimedPingMinutes ?? 0,
          }),
        );
        break;
      case 'awaiting_reminder': {
        // Whoever has the case now waits for the answer (the one who asked may have handed it on since), as the
        // proposal below goes to them; the one who asked when nobody has it.
        const waiting = c.assignee ? assignee : reachable(c.pendingQuestion?.by);
        const text = slaMessages.awaitingReminder[userLocale]({
          number: c.number,
          title: c.title,
          who: who(waiting, userLocale),
          question: c.pendingQuestion?.text ?? '',
          since: time(c.sla.pausedSince, userLocale),
        });
        send(r, 'awaiting', c.user, message(userLocale, text));
        break;
      }
      case 'awaiting_proposal': {
        const technician = c.assignee ? assignee : reachable(c.pendingQuestion?.by);
        if (technician) {
          const al = await localeOf(env, technician);
          const text = slaMessages.awaitingProposal[al]({
            number: c.number,
            title: c.title,
            user: c.user.name,
            since: time(c.sla.pausedSince, al),
          });
          send(r, 'proposal', technician, message(al, text), true);
        } else {
          reply(
            r,
            'proposal',
            slaMessages.awaitingProposalInThread[thread]({ user: c.user.name, since: time(c.sla.pausedSince, thread) }),
          );
        }
        break;
      }
      case 'auto_close': {
        // `closedVersion`: this write's, which the invitation to rate below carries (see `close`).
        next = { ...next, status: 'closed', closedAt: now, closedVersion: version };
        history.push({ at: now, actor: env.actor, action: 'auto_close', from: c.status, to: 'closed' });
        const days = cfg.autoCloseBusinessDays;
        const solver = c.solution?.by ?? c.assignee;
        const said = { number: c.number, title: c.title, who: solver ? solver.name : group(userLocale), days };
        // Closed because the user confirmed it (a case nobody checks, see `autoCloseAt`), or because no answer came.
        const confirmed = userConfirmedAt(c) !== undefined;
        // An order its approver rejected was decided, not solved, and its requester was asked nothing (the decision
        // has no "Yes, solved" / "No, still a problem"). Every other case told here (not a quick case) was resolved
        // with that question to its user, so "solved it" and "not heard from you" hold for it.
        const resolution = currentResolution(c);
        const rejected = !confirmed && resolution !== undefined && isRejectedOrder(c);
        // The user is told and invited to rate the case, as after a close by 1st level; a staff member standing in
        // for a student nobody named is told, not asked to rate their desk's case. A quick case is told only when
        // staff registered it for a named user (`quickToTell`), and has no card, so no thread to reply in.
        if (!c.quick || quickToTell(c)) {
          const stands = standsInForUser(c);
          const text = confirmed
            ? (stands ? slaMessages.confirmedClosedInStudentsPlace : slaMessages.confirmedClosedToUser)[userLocale](
                said,
              )
            : rejected
              ? slaMessages.rejectedOrderClosedToUser[userLocale]({
                  ...said,
                  approver: resolution.actor.name,
                  reason: resolution.detail?.trim() ?? '',
                })
              : stands
                ? userMessages.autoClosedInStudentsPlace[userLocale](said)
                : slaMessages.autoClosedToUser[userLocale](said);
          const form = stands ? {} : { form: ratingForm({ id: c.id, version }, userLocale) };
          // A report closed with its major incident together with others of the same person's names them.
          const too =
            closedToo.length > 0
              ? majorUserMessages.closedToo[userLocale]({ child: c.number, others: closedToo, rate: !stands })
              : '';
          // Not to a placeholder (a quick case naming nobody, an erased user): it would only dead-letter.
          if (!namesNobody(c.user)) send(r, 'closed', c.user, message(userLocale, `${text}${too}`, form));
          const inThread = confirmed
            ? slaMessages.confirmedClosedInThread
            : rejected
              ? slaMessages.rejectedOrderClosedInThread
              : slaMessages.autoClosedInThread;
          if (!c.quick) reply(r, 'closed', inThread[thread]({ days, user: c.user.name }));
        }
        break;
      }
    }
  }
  next = { ...next, history: [...next.history, ...history] };
  // Every write bumps the version: refresh the channel cards so their buttons carry the new one. Keyed with the
  // latest due time among the rungs (they come earliest first), next to this write's other messages.
  const latest = rungs.at(-1)?.at ?? now;
  drafts.push(draft(slaKey(latest, c.number, `v${version}:update_cards`), { kind: 'update_cards', caseId: c.id }));
  return { next, drafts };
}

/**
 * Whether the auto-close of a quick case tells its user: one staff registered for a named person (a known solution
 * given on the phone or at the desk: the person got the receipt) is told as any case, with the invitation to rate it.
 * Not the user's own "This solved it" at intake: they said it solved the problem and were told nothing more is
 * needed, so it closes without a message (nor, below, a placeholder: `namesNobody`).
 */
function quickToTell(c: Case): boolean {
  return c.reporter !== undefined;
}

/**
 * The outbox key of an SLA message: `<due time>:<case number>:sla:<what>`, e.g.
 * `2025-03-03T09:00:00.001Z:INC-000042:sla:response:breach:thread:breach`. Unique per case (the number) and rung
 * (its id and due time), the same when the same rung is decided again; led by the due time so that keys written
 * together sort together (see `applyRungs`).
 */
export function slaKey(dueAt: string, caseNumber: string, what: string): string {
  return `${dueAt}:${caseNumber}:sla:${what}`;
}

/** The group holding the case, or its owner group while it is handed over outside AU IT. */
function heldBy(env: RungEnv, c: Case) {
  return env.catalogue.group(c.groupId) ?? env.catalogue.requireGroup(c.ownerGroupId);
}

/** The supervisor of the group holding the case (its owner group for an external hand-over), as a person. */
async function supervisorOf(env: RungEnv, c: Case): Promise<Person> {
  const g = heldBy(env, c);
  const email = g.supervisor.email.trim().toLowerCase();
  const found = env.directory
    ? (await env.directory.search(email, 5)).find((p) => p.email?.toLowerCase() === email)
    : undefined;
  return found ?? { id: `email:${email}`, name: g.supervisor.name, email };
}

/**
 * Who a breach escalates to (hierarchical escalation, PROCESS.md step 6): the supervisor of the group holding the
 * case; when she works the case herself, the one above her, her manager (`leadAbove`; `managed`: the lead is her
 * manager). With no manager known, she is told as supervisor and `nobodyAbove` hears of it.
 */
async function breachLead(env: RungEnv, c: Case): Promise<Lead> {
  const supervisor = await supervisorOf(env, c);
  const found = await leadAbove(env.directory, supervisor, c.assignee);
  if (found.nobodyAbove) env.nobodyAbove?.(heldBy(env, c).id, supervisor);
  return found;
}

/** A staff member's language: their own, else the directory's, else the default. */
export async function localeOf(
  env: Pick<RungEnv, 'directory' | 'defaultLocale'>,
  p: Person | PersonRef,
): Promise<Locale> {
  if ('locale' in p && p.locale) return p.locale;
  const known = env.directory ? await env.directory.lookup(p.id) : null;
  return pickLocale(known?.locale, env.defaultLocale);
}
