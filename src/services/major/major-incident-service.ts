import type { MessageView } from '../../cards/view-models.js';
import type { Case, Locale, Person, PersonRef } from '../../models/case.js';
import { isOpen, OPEN_STATUSES } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import type { Clock } from '../clock.js';
import { pickLocale } from '../i18n.js';
import { samePerson } from '../roles.js';
import type { ActionOutcome, CaseService } from '../lifecycle/case-service.js';
import { type IntakeMajors, type MajorIntakeMatch, majorOfferView, textMatches } from './major-intake.js';
import { findCase, syncLinkedCount } from './major-links.js';
import { majorIntakeMessages, majorReplies } from './major-messages.js';

export interface MajorIncidentDeps {
  store: CaseStore;
  /** Card verbs go through the lifecycle, so roles, versions and the fan-out hook apply as on a card. */
  cases: CaseService;
  clock: Clock;
  /** IANA zone for "since <time>" (TIME_ZONE). */
  timeZone: string;
  defaultLocale: Locale;
}

const CONFLICT_ATTEMPTS = 3;

/**
 * Major incidents by command (issue 9), and the intake's view of them. Declaring and linking run the same card
 * verbs as the case cards (`declare_major`, `link_major`) through `CaseService.act`, at the version just read
 * (retried when it moved meanwhile).
 */
export class MajorIncidentService implements IntakeMajors {
  constructor(private readonly deps: MajorIncidentDeps) {}

  /** Declares a case (number or id) a major incident; one summary string serves both languages. */
  async declare(actor: Person, numberOrId: string, summary: string | Record<Locale, string>): Promise<ActionOutcome> {
    const both = typeof summary === 'string' ? { da: summary, en: summary } : summary;
    return this.onCase(actor, numberOrId, (c) => ({
      verb: 'declare_major',
      caseId: c.id,
      version: c.version,
      summaryDa: both.da,
      summaryEn: both.en,
    }));
  }

  /** Links a report (child number or id) to a major incident (parent number or id). */
  link(actor: Person, childNumber: string, parentNumber: string): Promise<ActionOutcome> {
    return this.onCase(actor, childNumber, (c) => ({
      verb: 'link_major',
      caseId: c.id,
      version: c.version,
      parentNumber,
    }));
  }

  /** Takes a report off its major incident. */
  unlink(actor: Person, childNumber: string): Promise<ActionOutcome> {
    return this.onCase(actor, childNumber, (c) => ({ verb: 'unlink_major', caseId: c.id, version: c.version }));
  }

  /**
   * Open major incidents, newest declared first; only those of a category when one is given. Read on the store's
   * index of major incidents by status (`CaseQuery.major`): each intake step asks, and neither the closed ones nor
   * the other open cases are read.
   */
  async openMajors(categoryId?: string): Promise<Case[]> {
    const cases = await this.deps.store.findCases({
      major: true,
      statuses: [...OPEN_STATUSES],
      ...(categoryId !== undefined ? { categoryId } : {}),
      limit: 10_000,
    });
    return cases
      .filter((c) => c.major !== undefined)
      .sort((a, b) => (b.major?.declaredAt ?? '').localeCompare(a.major?.declaredAt ?? ''));
  }

  /**
   * The open major incident a user at intake should see first: the newest of the chosen category, else the
   * newest whose summary or title matches what the user wrote (`textMatches`); null when none.
   */
  async matchForIntake(
    categoryId: string | undefined,
    text: string,
    locale: Locale,
    person?: PersonRef,
  ): Promise<MajorIntakeMatch | null> {
    const open = (await this.openMajors()).filter((c) => !person || !samePerson(c.user, person));
    const parent =
      (categoryId !== undefined ? open.find((c) => c.categoryId === categoryId) : undefined) ??
      open.find((c) => textMatches(c, text));
    if (!parent) return null;
    const l = pickLocale(locale, this.deps.defaultLocale);
    return { parentId: parent.id, number: parent.number, view: majorOfferView(parent, l, this.deps.timeZone) };
  }

  async openParent(parentId: string): Promise<{ number: string } | null> {
    const parent = await this.deps.store.getCase(parentId);
    return parent?.major && isOpen(parent.status) ? { number: parent.number } : null;
  }

  async linkedReport(parentId: string, person: Person): Promise<Case | null> {
    const linked = await this.deps.store.findCases({
      parentId,
      personId: person.id,
      ...(person.email ? { personEmail: person.email } : {}),
      statuses: [...OPEN_STATUSES],
      limit: 100,
    });
    // As the user: a staff member who registered someone else's report on their behalf is its reporter only.
    return linked.find((c) => samePerson(c.user, person)) ?? null;
  }

  /** Counts a report registered from the intake offer on its parent and returns the user's confirmation. */
  async joined(child: Case, locale: Locale): Promise<MessageView> {
    const parent = child.parentId
      ? await syncLinkedCount(this.deps.store, child.parentId, this.deps.clock.now())
      : null;
    const summary = parent?.major?.summary[locale] ?? parent?.title ?? '';
    return {
      kind: 'message',
      locale,
      title: majorIntakeMessages.joinedTitle[locale](),
      text: majorIntakeMessages.joined[locale]({ number: parent?.number ?? '', summary, child: child.number }),
      facts: [{ label: child.number, value: parent?.number ?? '' }],
    };
  }

  private async onCase(
    actor: Person,
    numberOrId: string,
    action: (c: Case) => Parameters<CaseService['act']>[1],
  ): Promise<ActionOutcome> {
    const locale = pickLocale(actor.locale, this.deps.defaultLocale);
    let outcome: ActionOutcome | undefined;
    const notFound = (): ActionOutcome => {
      const text = majorReplies.notACase[locale]({ ref: numberOrId.slice(0, 40) });
      return { ok: false, code: 'CASE.NOT_FOUND', reply: { kind: 'message', locale, text } };
    };
    for (let attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
      const c = await findCase(this.deps.store, numberOrId);
      if (!c) return notFound();
      outcome = await this.deps.cases.act(actor, action(c));
      // Someone who may not act on a case learns no more than `status` would tell them: one who may not look it up
      // (not staff, not theirs) is not told that it exists, nor which group has it. Staff, who may look any case
      // up, and its own user get the refusal itself.
      if (!outcome.ok && outcome.code === 'CASE.FORBIDDEN' && !(await this.deps.cases.lookup(actor, c.number)).ok)
        return notFound();
      if (outcome.ok || outcome.code !== 'CASE.CONFLICT') return outcome;
    }
    return outcome!;
  }
}
