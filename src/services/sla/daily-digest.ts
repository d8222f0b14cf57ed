import { oncePerMark, SerialJob } from '../periodic.js';
import type { Logger } from 'pino';
import type { ActionView, MessageView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { Group } from '../../config/catalogue-schema.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { Case, Locale, Person } from '../../models/case.js';
import { isOpen, OPEN_STATUSES } from '../../models/case.js';
import type { CaseStore, OutboxDraft } from '../../models/case-store.js';
import { isBreached, type SlaKind } from '../../models/sla.js';
import type { Clock } from '../clock.js';
import { formatTime } from '../i18n.js';
import { groupLabel, statusLabel } from '../lifecycle/labels.js';
import { draft } from '../outbox/deliveries.js';
import type { Directory } from '../ports/directory.js';
import { localeOf } from './apply-rungs.js';
import { autoCloseAt, checkedBeforeClose, type LadderDeps, userConfirmedAt } from './ladder.js';
import { digestMessages as M, targetLabel } from './sla-messages.js';

export interface DailyDigestDeps {
  store: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  clock: Clock;
  logger: Logger;
  /** IANA zone of the digest time and of times shown (TIME_ZONE). */
  timeZone: string;
  /** Language for staff the directory does not know (DEFAULT_LOCALE). */
  defaultLocale: Locale;
  /** Optional: finds staff by e-mail (platform ids, languages); else catalogue e-mails (`email:` ids). */
  directory?: Directory;
}

/** The three lists of one group's digest. */
export interface DigestLists {
  ready: Case[];
  inactive: Case[];
  breached: Case[];
}

/** Lines listed per section; the rest is counted. */
const MAX_LINES = 15;
/** Buttons per digest, so it stays a usable card on both platforms. */
const MAX_ACTIONS = 20;
const DAY_MS = 86_400_000;
/** How long one run holds a group's digest while building it; a run that failed frees it for the next after this. */
const LEASE_MS = 2 * 60_000;

/**
 * The daily follow-up (PROCESS.md, close: "support follows up daily on cases ready to close"): at the configured
 * local time (catalogue `sla.digest.time`, default 08:30) on business days, each 1st-level group's supervisor and
 * members get one digest of the cases the group owns — ready to close, without activity for `inactivityDays`
 * business days, and with a missed deadline — each with its action. Sent at most once per group and day however
 * many instances run: the day is marked done (`digest:<group>:<date>`) only after its messages are in the outbox,
 * whose keys are per day and person, so a run that fails or dies before the mark leaves the digest to the next run,
 * and a repeat queues nothing twice; a short lease (`…:lease`) keeps two instances from building it at the same
 * time. An instance started after the digest time still sends that day's digest. Reports linked to a major incident
 * are left out of every list: the parent's line stands for them. Quick cases are not ready to close: registered
 * solved on the spot (or by the user with a known solution), there is no solution to check; the ladder closes them,
 * and those reports, `autoCloseBusinessDays` after the resolution or at once when their user confirms it
 * (`autoCloseAt`). One the ladder cannot close (no documented solution) is listed ready to close all the same.
 */
export class DailyDigest {
  private readonly job: SerialJob<{ groups: number; messages: number }>;
  private readonly hhmm: Intl.DateTimeFormat;

  constructor(private readonly deps: DailyDigestDeps) {
    this.job = new SerialJob(
      () => this.run(),
      (err) => deps.logger.error({ err }, 'daily digest failed'),
    );
    this.hhmm = new Intl.DateTimeFormat('en-GB', {
      timeZone: deps.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** Sends today's digests if it is time and not done yet; returns how many groups got one by this call. */
  runOnce(): Promise<{ groups: number; messages: number }> {
    return this.job.runOnce();
  }

  /** Checks every `intervalMs` (default 60 s) until `stop()`; errors are logged. Does not keep the process alive. */
  start(intervalMs = 60_000): void {
    this.job.start(intervalMs);
  }

  /** Stops the loop and waits for a run in flight: for graceful shutdown. */
  async stop(): Promise<void> {
    await this.job.stop();
  }

  /** The lists of one group at `now` (for the digest and for tests). */
  async lists(groupId: string, now: Date): Promise<DigestLists> {
    const cases = await this.deps.store.findCases({
      ownerGroupIds: [groupId],
      statuses: [...OPEN_STATUSES, 'resolved'],
      limit: 10_000,
    });
    const deps = this.deps;
    const days = deps.catalogue.catalogue.sla.digest.inactivityDays;
    // Quiet for `days` business days (the catalogue's days are business time): Friday's case is not quiet on Monday.
    const quiet = (c: Case) => deps.calendar.addBusinessDays(new Date(lastActivity(c)), days).getTime() < now.getTime();
    const byAge = (a: Case, b: Case) => a.createdAt.localeCompare(b.createdAt);
    return {
      // Every resolved case but those nobody checks (quick cases, reports resolved with their major incident, whose
      // parent is listed) that the ladder closes by itself: no resolved case is left in neither.
      ready: cases.filter((c) => c.status === 'resolved' && !closesUnchecked(c, deps)).sort(byAge),
      inactive: cases.filter((c) => isOpen(c.status) && !c.parentId && quiet(c)).sort(byAge),
      breached: cases.filter((c) => isOpen(c.status) && !c.parentId && missed(c, now) !== undefined).sort(byAge),
    };
  }

  /**
   * The digest of a 1st-level group as it stands now, for its supervisor or one of its members (by e-mail) in
   * `locale`: what a click on a digest button shows in place of the digest (Teams puts a click's answer where the
   * clicked card was). Undefined for anyone else, or a group that gets no digest: the digest lists the group's cases.
   */
  async current(person: Person, groupId: string, locale: Locale): Promise<MessageView | undefined> {
    const group = this.deps.catalogue.firstLevelGroups().find((g) => g.id === groupId);
    const email = person.email?.trim().toLowerCase();
    if (!group || !email || !recipientEmails(group).includes(email)) return undefined;
    const now = this.deps.clock.now();
    return this.view(group, await this.lists(group.id, now), this.deps.calendar.localDate(now), now, locale);
  }

  private async run(): Promise<{ groups: number; messages: number }> {
    const { calendar, catalogue, store, logger } = this.deps;
    const now = this.deps.clock.now();
    const done = { groups: 0, messages: 0 };
    if (!calendar.isBusinessDay(now) || this.hhmm.format(now) < catalogue.catalogue.sla.digest.time) return done;
    const date = calendar.localDate(now);
    for (const group of catalogue.firstLevelGroups()) {
      const times = {
        leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
        doneUntil: new Date(now.getTime() + 7 * DAY_MS).toISOString(),
      };
      await oncePerMark(store, `digest:${group.id}:${date}`, times, async () => {
        const lists = await this.lists(group.id, now);
        // A day with nothing to report sends nothing, and is done all the same.
        if (lists.ready.length + lists.inactive.length + lists.breached.length === 0) return;
        const drafts = await this.drafts(group, lists, date, now);
        await store.enqueueOutbox(drafts);
        done.groups++;
        done.messages += drafts.length;
      });
    }
    if (done.groups > 0) logger.info({ ...done, date }, 'daily digests enqueued');
    return done;
  }

  private async drafts(group: Group, lists: DigestLists, date: string, now: Date): Promise<OutboxDraft[]> {
    const drafts: OutboxDraft[] = [];
    for (const email of recipientEmails(group)) {
      const name = email === group.supervisor.email.toLowerCase() ? group.supervisor.name : email;
      const person = await this.person(email, name);
      const locale = await localeOf(this.deps, person);
      const view = this.view(group, lists, date, now, locale);
      drafts.push(draft(`digest:${group.id}:${date}:${person.id}`, { kind: 'send_person', person, view }));
    }
    return drafts;
  }

  private async person(email: string, name: string): Promise<Person> {
    const found = this.deps.directory
      ? (await this.deps.directory.search(email, 5)).find((p) => p.email?.toLowerCase() === email)
      : undefined;
    return found ?? { id: `email:${email}`, name, email };
  }

  /**
   * One digest in one language: counts, the three sections with a line per case, and a button per case. Each
   * button names the digest's group (`digest`), so that a click can show the digest again, refreshed (`current`).
   */
  view(group: Group, lists: DigestLists, date: string, now: Date, locale: Locale): MessageView {
    const { catalogue, timeZone } = this.deps;
    const days = catalogue.catalogue.sla.digest.inactivityDays;
    const time = (iso: string) => formatTime(iso, locale, timeZone);
    const who = (c: Case) =>
      c.assignee?.name ?? M.unassigned[locale]({ group: groupLabel(catalogue, c.groupId, locale) });
    const actions: ActionView[] = [];
    const lines: string[] = [
      M.intro[locale]({ ready: lists.ready.length, inactive: lists.inactive.length, breached: lists.breached.length }),
    ];
    const section = (heading: string, cases: Case[], detail: (c: Case) => string, action: (c: Case) => ActionView) => {
      if (cases.length === 0) return;
      lines.push('', heading);
      for (const c of cases.slice(0, MAX_LINES)) {
        lines.push(M.line[locale]({ number: c.number, title: c.title, who: who(c), detail: detail(c) }));
        if (actions.length < MAX_ACTIONS && !actions.some((a) => a.action.caseId === c.id)) actions.push(action(c));
      }
      if (cases.length > MAX_LINES) lines.push(M.more[locale]({ count: cases.length - MAX_LINES }));
    };
    const show = (c: Case): ActionView => ({
      action: { verb: 'refresh', caseId: c.id, version: c.version, digest: group.id },
      label: M.show[locale]({ number: c.number }),
    });
    section(
      M.readyHeading[locale](),
      lists.ready,
      (c) => {
        const answer = userConfirmedAt(c) !== undefined ? M.confirmed[locale]() : M.unconfirmed[locale]();
        return `${M.resolvedBy[locale]({ at: time(c.resolvedAt ?? c.updatedAt), user: c.user.name })}, ${answer}`;
      },
      (c) => ({
        action: { verb: 'close', caseId: c.id, version: c.version, digest: group.id },
        label: M.close[locale]({ number: c.number }),
        style: 'positive',
      }),
    );
    section(
      M.inactiveHeading[locale]({ days }),
      lists.inactive,
      (c) => M.lastActivity[locale]({ at: time(lastActivity(c)), status: statusLabel(c.status, locale) }),
      show,
    );
    section(
      M.breachedHeading[locale](),
      lists.breached,
      (c) => {
        const kind = missed(c, now) ?? 'resolution';
        const due = (kind === 'response' ? c.sla.responseDueAt : c.sla.resolutionDueAt) ?? c.createdAt;
        return M.missed[locale]({ target: targetLabel(kind, locale), due: time(due) });
      },
      show,
    );
    return {
      kind: 'message',
      locale,
      title: M.title[locale]({ group: group.name[locale], date }),
      text: lines.join('\n'),
      actions,
    };
  }
}

/** Who gets a group's digest: its supervisor and members, by e-mail (trimmed, lower-cased, each once). */
function recipientEmails(group: Group): string[] {
  return [...new Set([group.supervisor.email, ...group.members].map((e) => e.trim().toLowerCase()))];
}

/** A case 1st level does not check before it is closed (`checkedBeforeClose`) and the ladder will close. */
function closesUnchecked(c: Case, deps: LadderDeps): boolean {
  return !checkedBeforeClose(c) && autoCloseAt(c, deps) !== undefined;
}

/** The last thing a person did on the case (system entries such as SLA reminders do not count). */
export function lastActivity(c: Case): string {
  let last = c.createdAt;
  for (const h of c.history) if (!h.actor.id.startsWith('system:') && h.at > last) last = h.at;
  for (const n of c.notes) if (n.at > last) last = n.at;
  return last;
}

/** The target whose deadline the case has missed (recorded breach or overdue now), if any. */
function missed(c: Case, now: Date): SlaKind | undefined {
  const running: SlaKind = c.firstResponseAt ? 'resolution' : 'response';
  if (isBreached(running, c.sla, now)) return running;
  return c.sla.breaches.at(-1)?.kind;
}
