import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { MessageView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { AttachmentRef, Case, Locale, Note, Person, PersonRef } from '../../models/case.js';
import { toRef } from '../../models/case.js';
import type {
  Article,
  CaseStore,
  ConversationRecord,
  FileInfo,
  OutboxDraft,
  OutboxMessage,
  OutboxState,
} from '../../models/case-store.js';
import { AppError, isAppError } from '../../models/errors.js';
import type { Clock } from '../clock.js';
import { savedArticleId } from '../lifecycle/permissions.js';
import { readOrder } from '../orders/order.js';
import { deskApprovalView, orderThreadDraft } from '../orders/order-notices.js';
import type { Directory } from '../ports/directory.js';
import { someString, valueHoldsAddressOrId } from './match.js';
import { peopleWithEmail, type PersonRefKind } from './person-refs.js';
import { privacyMessages } from './privacy-messages.js';
import { articleHoldsSubject, scrubArticle } from './scrub-article.js';
import {
  type CaseMention,
  isSubject,
  mentionsOnCase,
  mentionsSubject,
  namedOnly,
  peopleOnCase,
  type Subject,
  scrubCase,
  subjectOf,
} from './scrub-case.js';
import { addressedTo, scrubPayload } from './scrub-outbox.js';

/** The store ref kind of the privacy audit log (one record per export, erasure or retention run). */
export const PRIVACY_AUDIT_REF = 'audit.privacy';
const PAGE = 5_000;
/** Cases read per page (a case document is larger than the other records: ~5 KB with its notes and history). */
const CASE_PAGE = 1_000;
const MAX_CONFLICT_RETRIES = 5;
const SYSTEM_ACTOR: PersonRef = { id: 'system:retention', name: 'Retention' };

export interface PrivacyServiceDeps {
  store: CaseStore;
  catalogue: CatalogueIndex;
  clock: Clock;
  defaultLocale: Locale;
  /**
   * The records the transports keep per person (Teams' and Slack's, whichever platforms run: records of one
   * switched off since are the person's data too): exported and erased with the person, and read for the person's
   * platform ids.
   */
  personRefs: readonly PersonRefKind[];
  /** Told after an erase, so the directories drop what they keep of the person in memory (see `Directory.forget`). */
  directory?: Pick<Directory, 'forget'>;
}

/** Everything the bot holds about one person. */
export interface PersonExport {
  query: string;
  exportedAt: string;
  /** The person's own records as the cases hold them (user or reporter). */
  identities: Person[];
  cases: { number: string; roles: string[]; case: Case }[];
  notes: (Note & { caseNumber: string })[];
  /**
   * The free text of other people's cases that names the person (e-mail, id or full name: a note saying "Asked
   * @Anna Berg", a Slack mention stored with the person's name), without the rest of those cases.
   */
  mentions: CaseMention[];
  /** What the person sent as pictures and files, described (name, type, size, time) — never the bytes. */
  attachments: (AttachmentRef & { caseNumber: string })[];
  /**
   * Every picture and file the store keeps that the person sent, described without the bytes: those on cases
   * (with the case's number when it is one of theirs) and those in a report draft not registered (no case), kept
   * until the draft's files are purged.
   */
  files: (FileInfo & { caseNumber?: string })[];
  conversations: ConversationRecord[];
  refs: { kind: string; key: string; value: Record<string, unknown> }[];
  /**
   * The outbox messages that hold the person, as stored (pending, sent or given up): addressed to them, naming
   * them (id, e-mail or full name), or about one of their cases and naming them there (their name in the text of an
   * urgent case's ping to the supervisor, say).
   */
  outbox: OutboxMessage[];
  /**
   * Known-solution articles that hold the person: made from one of their own cases (as user or reporter), naming
   * them (e-mail, id or full name), or saved by them.
   */
  articles: Article[];
}

export type PrivacyResult<T> = { ok: true; view: MessageView; data: T } | { ok: false; view: MessageView };

const emailQuery = z.string().trim().toLowerCase().email();

/**
 * Data protection (GDPR): retention anonymisation of old closed cases, and the admins' export and erasure of one
 * person. Figures survive both (cases stay, with their status, times, category, group, priority, SLA and scores);
 * every run is audit-logged on each touched case and in the `audit.privacy` refs, which hold no identity of the
 * person (only a SHA-256 of the e-mail, to show an erasure was done).
 */
export class PrivacyService {
  constructor(private readonly deps: PrivacyServiceDeps) {}

  /**
   * Anonymises closed cases whose `closedAt` is more than `months` calendar months ago: everyone on them becomes
   * an anonymous placeholder, free text loses their names and every e-mail address, the case's attachments go
   * (files and descriptions: a picture cannot be anonymised), and so do its outbox messages, but for one still to go
   * to someone not on the case, which goes without them (`clearOutbox`, as an erase does); a known-solution
   * article saved from the case loses every e-mail address and the ids, full names and phone numbers of the same
   * people (not single name parts: the article is shared text, see `scrubArticle`). Already anonymised cases are
   * skipped. Returns how many cases it changed; the audit record also counts the files and articles.
   */
  async anonymiseExpired(months: number): Promise<number> {
    const now = this.deps.clock.now();
    const cutoff = new Date(now);
    cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
    const due = (c: Case) =>
      c.closedAt !== undefined &&
      c.closedAt < cutoff.toISOString() &&
      !c.history.some((h) => h.action === 'privacy_anonymise');
    const m = privacyMessages[this.deps.defaultLocale];
    let changed = 0;
    let files = 0;
    let articlesChanged = 0;
    // The articles saved from cases, by case number: read once, when the first case is due.
    let bySource: Map<string, Article[]> | undefined;
    // Page by page, each page's cases done before the next is read: the first run on years of history must not
    // hold every old case in memory. Anonymising changes neither the status nor the creation time the pages are
    // selected and ordered by.
    await this.eachCasePage({ statuses: ['closed'], createdTo: cutoff.toISOString() }, async (page) => {
      for (const found of page.filter(due)) {
        // The files go before the case is marked anonymised: deleting them again is harmless, while a marked case
        // is never looked at again, so files left behind by a failure after the mark would stay for good.
        files += await this.deps.store.deleteFiles({ caseIds: [found.id] });
        let subject: Subject | undefined;
        // One placeholder per person, the same on the case and in its messages still to go.
        const placeholders = new Map<string, PersonRef>();
        const placeholder = (p: PersonRef): PersonRef => {
          const key = p.email?.toLowerCase() ?? p.id;
          let ph = placeholders.get(key);
          if (!ph) {
            ph = { id: `anonymous:${randomUUID()}`, name: `${m.anonymous} ${placeholders.size + 1}` };
            placeholders.set(key, ph);
          }
          return ph;
        };
        const done = await this.rewrite(found, (c) => {
          subject = this.subjectOf(peopleOnCase(c).filter((p) => !p.id.startsWith('system:')));
          const { attachments: _deleted, ...scrubbed } = scrubCase(c, subject, placeholder, { allEmails: true });
          return {
            ...scrubbed,
            history: [
              ...scrubbed.history,
              {
                at: now.toISOString(),
                actor: SYSTEM_ACTOR,
                action: 'privacy_anonymise',
                detail: `retention ${months} months`,
              },
            ],
          };
        });
        if (!done) continue;
        const people = subject as Subject | undefined;
        // Its messages go as an erase's do: delivered, given up or addressed to someone on it, deleted; one still
        // to go to someone else (a supervisor's ping) goes without the people of the case.
        if (people) {
          const messages = await this.allOutbox({ caseId: done.id });
          await this.clearOutbox(messages, people, () => people, placeholder, true);
        }
        changed++;
        // A known solution saved from the case quotes its description: it keeps the solution and loses the
        // people as the case did (and is saved again, so its search index entry does too).
        bySource ??= groupBySource(await this.deps.store.listArticles());
        const articles = bySource.get(done.number) ?? [];
        // One saved since the articles were read (a save ending just before this case was rewritten) is read now.
        const saved = savedArticleId(done);
        const late = saved && !articles.some((a) => a.id === saved) ? await this.deps.store.getArticle(saved) : null;
        if (late) articles.push(late);
        for (const article of people ? articles : []) {
          if (people && (await this.rewriteArticle(article, (a) => scrubArticle(a, people, { allEmails: true }))))
            articlesChanged++;
        }
      }
    });
    if (changed + files > 0) {
      const scrub = await this.scrub();
      await this.audit({
        action: 'anonymise',
        actor: SYSTEM_ACTOR,
        cases: changed,
        files,
        articles: articlesChanged,
        months,
        ...scrub,
      });
    }
    return changed;
  }

  /** JSON of everything about the person with that e-mail; catalogue admins only, audit-logged. */
  async exportPerson(admin: Person, personQuery: string): Promise<PrivacyResult<PersonExport>> {
    const locale = this.localeOf(admin);
    const m = privacyMessages[locale];
    const checked = this.check(admin, personQuery, locale);
    if (!checked.ok) return checked;
    const email = checked.email;
    const found = await this.find(email);
    const data: PersonExport = {
      query: email,
      exportedAt: this.deps.clock.now().toISOString(),
      identities: found.identities,
      cases: found.cases.map((c) => ({ number: c.number, roles: rolesOn(c, found.subject), case: c })),
      notes: found.cases.flatMap((c) =>
        c.notes.filter((n) => isSubject(n.author, found.subject)).map((n) => ({ ...n, caseNumber: c.number })),
      ),
      mentions: found.mentioned.flatMap((c) => mentionsOnCase(c, found.subject)),
      attachments: found.cases.flatMap((c) =>
        (c.attachments ?? [])
          .filter((a) => isSubject(a.by, found.subject))
          .map((a) => ({ ...a, caseNumber: c.number })),
      ),
      files: await this.sentFiles(found.subject.ids, email, found.cases),
      conversations: found.conversations,
      refs: found.refs,
      outbox: found.outbox,
      articles: await this.articlesHolding(found.subject, found.ownNumbers),
    };
    await this.audit({ action: 'export', actor: toRef(admin), subject: hashEmail(email), cases: data.cases.length });
    return {
      ok: true,
      data,
      view: {
        kind: 'message',
        locale,
        title: m.exportTitle(email),
        // "No data" only when the export holds nothing at all (a person known only by the messages addressed to
        // their e-mail, or by a mention in others' cases, has data).
        text:
          data.cases.length +
            data.mentions.length +
            data.files.length +
            data.conversations.length +
            data.refs.length +
            data.outbox.length +
            data.articles.length ===
          0
            ? m.notFound(email)
            : m.exportText(data.cases.length, data.notes.length),
      },
    };
  }

  /**
   * Removes the person with that e-mail everywhere: on cases they become "Erased person" and their names and
   * e-mail leave the free text (the cases and figures stay); their conversations, refs and the outbox messages
   * that name them are deleted, and so are the files they sent (on cases or in drafts, matched by each platform id
   * they are known by and by the e-mail) and every file of the cases that are their own; known-solution articles
   * made from their own cases (as user or reporter) or naming them in full keep the solution without their e-mails,
   * ids, full names and phone numbers (`scrubArticle`). Their platform ids are learnt from the
   * cases and from the records kept without a case (Teams records, Slack profiles, drafts). Catalogue admins only;
   * audit-logged on every case and in `audit.privacy`. `other` counts every record deleted or rewritten besides
   * the cases, files and articles included (the audit record also says how many of them were files).
   */
  async erasePerson(admin: Person, personQuery: string): Promise<PrivacyResult<{ cases: number; other: number }>> {
    const locale = this.localeOf(admin);
    const m = privacyMessages[locale];
    const checked = this.check(admin, personQuery, locale);
    if (!checked.ok) return checked;
    const email = checked.email;
    const found = await this.find(email);
    const now = this.deps.clock.now().toISOString();
    const placeholder: PersonRef = { id: `anonymous:${randomUUID()}`, name: m.erased };
    // Files first (as in `anonymiseExpired`): a second erase finds them again by sender, but a case already
    // rewritten no longer names the person, so its files would not be found again.
    const ownCases = found.cases.filter((c) => isSubject(c.user, found.subject)).map((c) => c.id);
    let files = await this.deps.store.deleteFiles({ caseIds: ownCases });
    for (const id of found.subject.ids) files += await this.deps.store.deleteFiles({ by: { id, email } });
    let cases = 0;
    // Their own cases (and those they worked on) lose them everywhere, single name parts too; others' cases that
    // only name them (a note "Asked @Anna Berg") lose their e-mail, ids, full names and phone (`namedOnly`).
    const named = namedOnly(found.subject);
    const toRewrite = [
      ...found.cases.map((c) => ({ c, subject: found.subject })),
      ...found.mentioned.map((c) => ({ c, subject: named })),
    ];
    for (const { c, subject } of toRewrite) {
      const done = await this.rewrite(
        c,
        (fresh) => {
          const scrubbed = scrubCase(fresh, subject, () => placeholder);
          return {
            ...scrubbed,
            history: [
              ...scrubbed.history,
              { at: now, actor: toRef(admin), action: 'privacy_erase', detail: 'erased on request' },
            ],
          };
        },
        (before, next) => this.deskApprovals(before, next),
      );
      if (!done) continue;
      cases++;
      // The files that stay keep the name the case now shows for them: the file is downloaded under its stored
      // name, which would otherwise still name the person ("Anna Berg screenshot.png").
      const was = new Map((c.attachments ?? []).map((a) => [a.id, a.name]));
      for (const a of done.attachments ?? [])
        if (was.get(a.id) !== a.name) await this.deps.store.renameFile(a.id, a.name);
    }
    let other = files;
    for (const conv of found.conversations) {
      await this.deps.store.deleteConversation(conv.key);
      other++;
    }
    for (const ref of found.refs) {
      await this.deps.store.deleteRef(ref.kind, ref.key);
      other++;
    }
    other += await this.eraseOutbox(found, placeholder);
    // An article saved from one of their cases quotes its description (name, phone, e-mail) and is offered to
    // everyone at intake: it keeps the solution, loses the person, and is saved again so its index entry is too.
    // Read again now that the cases are rewritten: a save whose article landed after `find` read them is found here,
    // and one landing later still finds the case rewritten and writes its article from the rewritten text
    // (`saveArticle` in lifecycle/resolution.ts).
    for (const article of await this.articlesHolding(found.subject, found.ownNumbers)) {
      if (await this.rewriteArticle(article, (a) => scrubArticle(a, found.subject))) other++;
    }
    // Nor does it stay in the directories' memory (a name search's roster, cached records and profiles).
    // The deleted records' keys are ids too: a Teams record found by its e-mail is keyed by the person's id.
    this.deps.directory?.forget?.([...found.subject.ids, ...found.refs.map((r) => r.key)], email);
    // What was deleted or rewritten leaves the store's files too, not only its rows (see `scrubFreedSpace`).
    const scrub = await this.scrub();
    await this.audit({
      action: 'erase',
      actor: toRef(admin),
      subject: hashEmail(email),
      cases,
      other,
      files,
      ...scrub,
    });
    const nothing = cases + other === 0;
    return {
      ok: true,
      data: { cases, other },
      view: {
        kind: 'message',
        locale,
        title: m.eraseTitle(email),
        text: nothing ? m.notFound(email) : m.eraseText(cases, other),
      },
    };
  }

  /**
   * The outbox messages that hold the person (`find`): a message still to go to someone else (staff told about
   * one of their cases) goes without them (`scrubPayload`); every other one is deleted — addressed to them, already
   * delivered (its copy is no longer needed), given up, or still naming them where a message's address is (an id
   * the scrub leaves). A message delivered meanwhile is deleted too. Returns how many were deleted or rewritten.
   */
  private eraseOutbox(found: Found, placeholder: PersonRef): Promise<number> {
    const named = namedOnly(found.subject);
    return this.clearOutbox(
      found.outbox,
      found.subject,
      (o) => (o.caseId && found.caseIds.has(o.caseId) ? found.subject : named),
      placeholder,
    );
  }

  /**
   * Takes `people` out of these messages: a pending one addressed to someone else is rewritten without them
   * (`scrubPayload` with the subject `scrub` gives for it, every e-mail address too with `allEmails`), kept only
   * when no id or e-mail of theirs is left in it; every other one is deleted. Pending rows only are rewritten, by the
   * store (`rewriteOutboxPayload`): one that went out meanwhile is deleted. Returns how many were deleted or
   * rewritten.
   */
  private async clearOutbox(
    messages: readonly OutboxMessage[],
    people: Subject,
    scrub: (o: OutboxMessage) => Subject,
    placeholder: PersonRef | ((p: PersonRef) => PersonRef),
    allEmails = false,
  ): Promise<number> {
    const remove: string[] = [];
    let rewritten = 0;
    for (const o of messages) {
      if (o.state === 'pending' && !addressedTo(o, people)) {
        const payload = scrubPayload(o.payload, scrub(o), placeholder, { allEmails });
        if (!valueHoldsAddressOrId(payload, people) && (await this.deps.store.rewriteOutboxPayload(o.id, payload))) {
          rewritten++;
          continue;
        }
      }
      remove.push(o.id);
    }
    return rewritten + (await this.deps.store.deleteOutbox(remove));
  }

  /** The files the person sent (by each platform id they are known by, and by the e-mail), once each. */
  private async sentFiles(
    ids: ReadonlySet<string>,
    email: string,
    cases: readonly Case[],
  ): Promise<PersonExport['files']> {
    const numbers = new Map(cases.map((c) => [c.id, c.number]));
    const files = new Map<string, PersonExport['files'][number]>();
    // `ids` always holds the e-mail's own (`email:…`), so a person known by no platform id is found by e-mail.
    for (const id of ids) {
      for (const f of await this.deps.store.listFiles({ by: { id, email } })) {
        const caseNumber = f.caseId ? numbers.get(f.caseId) : undefined;
        files.set(f.id, caseNumber ? { ...f, caseNumber } : f);
      }
    }
    return [...files.values()].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }

  private check(
    admin: Person,
    personQuery: string,
    locale: Locale,
  ): { ok: true; email: string } | { ok: false; view: MessageView } {
    const m = privacyMessages[locale];
    if (!admin.email || !this.deps.catalogue.isAdmin(admin.email)) {
      return { ok: false, view: { kind: 'message', locale, text: m.adminsOnly } };
    }
    const parsed = emailQuery.safeParse(personQuery);
    if (!parsed.success) return { ok: false, view: { kind: 'message', locale, text: m.badQuery } };
    return { ok: true, email: parsed.data };
  }

  private localeOf(p: Person): Locale {
    return p.locale ?? this.deps.defaultLocale;
  }

  /**
   * Every record that names the person: cases (by id or e-mail on any person field; `mentioned`: those that only
   * name them in their text), conversations, refs, outbox messages; `ownNumbers` for the articles that hold them
   * (`articlesHolding`: the export reads them, the erase reads them after it rewrote the cases).
   */
  private async find(email: string): Promise<Found> {
    const seed: Subject = { ids: new Set(), emails: new Set([email]), terms: [], names: [], phones: [], handles: [] };
    // The person's platform ids are learnt from the records that carry their e-mail (a first pass over the cases);
    // then the cases naming any of them are kept (a second). Page by page: only the person's cases are held.
    const identities = new Map<string, Person | PersonRef>();
    await this.eachCasePage({}, (page) => {
      for (const c of page) for (const p of peopleOnCase(c)) if (isSubject(p, seed)) identities.set(p.id, p);
    });
    // Someone may be known without a case, or on their cases only by a platform id: a Slack profile or Teams
    // record kept for them, an unfinished draft. Their ids are learnt from those records too, so the refs keyed by
    // those ids (a Slack DM channel) and the messages addressed to them without an e-mail are found as well.
    const allRefs = await Promise.all(
      this.deps.personRefs.map(async (k) => ({ refKind: k, records: await this.deps.store.listRefs(k.kind) })),
    );
    const learn = (p: PersonRef) => {
      if (!identities.has(p.id)) identities.set(p.id, p);
    };
    for (const { refKind, records } of allRefs) for (const ref of records) refKind.people(ref, email).forEach(learn);
    await this.eachConversationPage((page) => {
      for (const c of page) peopleWithEmail(c.state, email).forEach(learn);
    });

    const subject = this.subjectOf([...identities.values(), { id: `email:${email}`, name: '', email }]);
    subject.terms = subject.terms.filter(Boolean);
    const cases: Case[] = [];
    const mentioned: Case[] = [];
    await this.eachCasePage({}, (page) => {
      for (const c of page) {
        if (peopleOnCase(c).some((p) => isSubject(p, subject))) cases.push(c);
        else if (mentionsOnCase(c, subject).length > 0) mentioned.push(c);
      }
    });
    const mentions = (value: unknown): boolean => valueHoldsAddressOrId(value, subject);
    const conversations: ConversationRecord[] = [];
    await this.eachConversationPage((page) => {
      conversations.push(...page.filter((c) => mentions(c.state)));
    });
    const refs: PersonExport['refs'] = [];
    for (const { refKind, records } of allRefs) {
      for (const ref of records) {
        if ([...subject.ids].some((id) => refKind.key(id) === ref.key) || mentions(ref.value))
          refs.push({ kind: refKind.kind, key: ref.key, value: ref.value });
      }
    }
    // Messages hold them when addressed to them, or naming them by id, e-mail or full name; those of the cases
    // they are on also when they name them as the case's text does (a first name, a phone number).
    const caseIds = new Set(cases.map((c) => c.id));
    const probe: PersonRef = { id: 'anonymous:probe', name: '' };
    const holds = (o: OutboxMessage): boolean =>
      addressedTo(o, subject) ||
      someString(o.payload, (text) => mentionsSubject(text, subject)) ||
      (o.caseId !== undefined &&
        caseIds.has(o.caseId) &&
        JSON.stringify(scrubPayload(o.payload, subject, probe)) !== JSON.stringify(o.payload));
    const outbox: OutboxMessage[] = [];
    for (const state of ['pending', 'sent', 'dead'] as const) {
      outbox.push(...(await this.allOutbox({ state })).filter(holds));
    }
    // Articles quote their source case's description and solution: those of the person's own cases (as user or
    // reporter) hold them; a case they only worked on does not (its article quotes someone else's words).
    const ownNumbers = new Set(
      cases.filter((c) => isSubject(c.user, subject) || isSubject(c.reporter, subject)).map((c) => c.number),
    );
    const own = cases.flatMap((c) => [c.user, c.reporter]).filter((p): p is Person => !!p && isSubject(p, subject));
    return {
      subject,
      cases,
      caseIds,
      ownNumbers,
      mentioned,
      conversations,
      refs,
      outbox,
      identities: dedupe(own),
    };
  }

  /** The known-solution articles that hold the subject (`articleHoldsSubject`; `ownNumbers`: their own cases). */
  private async articlesHolding(subject: Subject, ownNumbers: ReadonlySet<string>): Promise<Article[]> {
    return (await this.deps.store.listArticles()).filter((a) => articleHoldsSubject(a, subject, ownNumbers));
  }

  /** `subjectOf` the people, with the handles the transports write them by into text (`PersonRefKind.textForms`). */
  private subjectOf(persons: readonly (Person | PersonRef)[]): Subject {
    const subject = subjectOf(persons);
    const handles = new Set<string>();
    for (const id of subject.ids)
      for (const k of this.deps.personRefs) for (const h of k.textForms?.(id) ?? []) handles.add(h);
    subject.handles = [...handles];
    return subject;
  }

  /**
   * Applies `change` to the fresh case, retrying on a concurrent change; null when the case is gone. `drafts`: the
   * outbox messages written with the change.
   */
  private async rewrite(
    c: Case,
    change: (fresh: Case) => Case,
    drafts?: (before: Case, next: Case) => OutboxDraft[],
  ): Promise<Case | null> {
    let current: Case | null = c;
    for (let attempt = 1; current; attempt++) {
      try {
        const next = change(current);
        return await this.deps.store.updateCase(next, current.version, drafts?.(current, next) ?? []);
      } catch (err) {
        if (!isAppError(err, 'CASE.CONFLICT') || attempt >= MAX_CONFLICT_RETRIES) throw err;
        current = await this.deps.store.getCase(c.id);
      }
    }
    return null;
  }

  /**
   * Saves `change(article)` over the article as it was read (`{ revision }`): an article withdrawn meanwhile (its case
   * reopened) is not brought back, and one saved again meanwhile is read again and changed as it is now. True when
   * a changed article was saved; false when there was nothing to change or the article is gone.
   */
  private async rewriteArticle(read: Article, change: (a: Article) => Article | null): Promise<boolean> {
    let current: Article | null = read;
    for (let attempt = 1; current; attempt++) {
      const next = change(current);
      if (!next) return false;
      if (await this.deps.store.saveArticle(next, { revision: current.revision ?? null })) return true;
      if (attempt >= MAX_CONFLICT_RETRIES) {
        throw new AppError('CASE.CONFLICT', `Article ${read.id} kept changing while it was being rewritten`, {
          articleId: read.id,
        });
      }
      current = await this.deps.store.getArticle(read.id);
    }
    return false;
  }

  /**
   * An order whose approver was erased while it waited for approval is decided by the purchasing desk now
   * (`Approval.desk`, set by `scrubCase`): the desk gets the Approve / Reject card in the case thread, with why.
   */
  private deskApprovals(before: Case, next: Case): OutboxDraft[] {
    const was = readOrder(before)?.approval;
    const order = readOrder(next);
    if (!order?.approval.desk || was?.state !== 'pending' || was.desk) return [];
    const view = deskApprovalView(next, order, this.deps.catalogue.catalogue.orders, this.deps.defaultLocale);
    return [orderThreadDraft(next, 'approval:desk', view)];
  }

  /** Every outbox message matching `filter`, page by page (a busy desk's outbox holds far more than one page). */
  private async allOutbox(filter: { state?: OutboxState; caseId?: string }): Promise<OutboxMessage[]> {
    const out: OutboxMessage[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.deps.store.listOutbox({ ...filter, limit: PAGE, offset });
      out.push(...page);
      if (page.length < PAGE) return out;
    }
  }

  /** Hands every stored conversation to `visit`, a page at a time. */
  private async eachConversationPage(visit: (page: ConversationRecord[]) => void): Promise<void> {
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.deps.store.listConversations(PAGE, offset);
      visit(page);
      if (page.length < PAGE) return;
    }
  }

  /** Hands every case the query selects to `visit`, a page at a time (never all of them in memory at once). */
  private async eachCasePage(
    query: Parameters<CaseStore['findCases']>[0],
    visit: (page: Case[]) => void | Promise<void>,
  ): Promise<void> {
    for (let offset = 0; ; offset += CASE_PAGE) {
      const page = await this.deps.store.findCases({ ...query, limit: CASE_PAGE, offset });
      await visit(page);
      if (page.length < CASE_PAGE) return;
    }
  }

  /**
   * `scrubFreedSpace`, never failing the erase or retention run it follows (the data is gone from the rows by
   * then, and the audit record must be written): a store that could not do it now says `false`, with the reason.
   */
  private async scrub(): Promise<{ scrubbed: boolean; scrubError?: string }> {
    try {
      return { scrubbed: await this.deps.store.scrubFreedSpace() };
    } catch (err) {
      return { scrubbed: false, scrubError: (err instanceof Error ? err.message : String(err)).slice(0, 300) };
    }
  }

  private async audit(entry: Record<string, unknown>): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    await this.deps.store.putRef(PRIVACY_AUDIT_REF, `${at}:${randomUUID()}`, { at, ...entry });
  }
}

/** What `find` found of one person. */
interface Found {
  subject: Subject;
  /** The cases they are on (user, reporter, staff, note author …), and their ids. */
  cases: Case[];
  caseIds: ReadonlySet<string>;
  /** The numbers of their own cases (user or reporter): the articles saved from these hold them. */
  ownNumbers: ReadonlySet<string>;
  /** Other cases whose free text names them (e-mail, id or full name). */
  mentioned: Case[];
  conversations: ConversationRecord[];
  refs: PersonExport['refs'];
  outbox: OutboxMessage[];
  identities: Person[];
}

function rolesOn(c: Case, s: Subject): string[] {
  const roles: string[] = [];
  if (isSubject(c.user, s)) roles.push('user');
  if (isSubject(c.reporter, s)) roles.push('reporter');
  if (isSubject(c.assignee, s)) roles.push('assignee');
  if (isSubject(c.caseOwner, s)) roles.push('case_owner');
  if (c.notes.some((n) => isSubject(n.author, s))) roles.push('note_author');
  if (c.attachments?.some((a) => isSubject(a.by, s))) roles.push('attachment_sender');
  if (isSubject(readOrder(c)?.approval.approver, s)) roles.push('order_approver');
  return roles;
}

function groupBySource(articles: readonly Article[]): Map<string, Article[]> {
  const out = new Map<string, Article[]>();
  for (const a of articles) if (a.sourceCase) out.set(a.sourceCase, [...(out.get(a.sourceCase) ?? []), a]);
  return out;
}

function dedupe(persons: Person[]): Person[] {
  const seen = new Map<string, Person>();
  for (const p of persons) seen.set(JSON.stringify(p), p);
  return [...seen.values()];
}

/** SHA-256 of the normalised e-mail: proves which erasure happened without keeping the address. */
function hashEmail(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}
