import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case, Person } from '../../../src/models/case.js';
import { KnowledgeService } from '../../../src/services/knowledge.js';
import type { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { buildServices, type Services } from '../../helpers/services.js';
import { privacyFor } from '../../helpers/privacy.js';

const per: Person = { id: 'teams:per', name: 'Per Mark', email: 'per.mark@au.dk' };
const QUOTA = 'Quota is 50 GB per user; mark old mail for archiving.';

describe('PrivacyService and known-solution articles', () => {
  let s: Services;
  let privacy: PrivacyService;
  beforeEach(async () => {
    s = await buildServices();
    privacy = privacyFor(s);
  });
  afterEach(async () => {
    await s.close();
  });

  /** A resolved mailbox case of `user` that Per Mark worked on (assignee, a note), saved as a known solution. */
  async function mailboxArticle(user: Person, description: string, solution = QUOTA) {
    const c = await s.store.createCase(
      buildNewCase({
        user,
        assignee: per,
        notes: [
          { id: 'n1', at: '2025-03-03T09:30:00.000Z', author: per, text: 'Looking at it.', visibility: 'internal' },
        ],
        title: 'Mailbox quota exceeded',
        description,
        status: 'resolved',
        locale: 'en',
        createdAt: '2025-03-03T09:00:00.000Z',
        resolvedAt: '2025-03-03T10:00:00.000Z',
        solution: { text: solution, by: per, at: '2025-03-03T10:00:00.000Z' },
      }),
    );
    const article = await new KnowledgeService(s.store, s.catalogue).saveFromCase(c, people.jonas);
    return { c, article };
  }

  it('leaves the articles of cases a technician only worked on when the technician is erased', async () => {
    const { article } = await mailboxArticle(people.anna, 'The mailbox is full.');
    const exported = await privacy.exportPerson(people.birgitte, per.email!);
    expect(exported.ok && exported.data.articles).toEqual([]);
    expect((await privacy.erasePerson(people.birgitte, per.email!)).ok).toBe(true);
    expect(await s.store.getArticle(article.id)).toEqual(article);
  });

  it('removes the full name from an article naming the technician, and keeps words that are parts of it', async () => {
    const { article } = await mailboxArticle(
      people.anna,
      'The mailbox is full.',
      `${QUOTA} Per Mark (per.mark@au.dk) set it up.`,
    );
    expect((await privacy.erasePerson(people.birgitte, per.email!)).ok).toBe(true);
    const after = await s.store.getArticle(article.id);
    expect(after?.body).toContain(`${QUOTA} [removed] ([removed]) set it up.`);
  });

  it("removes e-mail, full name and phone, not single name parts, from an article of the user's own case", async () => {
    const mark: Person = { id: 'teams:mark', name: 'Mark Olsen', email: 'mark.olsen@au.dk', phone: '87150000' };
    const { article } = await mailboxArticle(
      mark,
      'Mark Olsen (mark.olsen@au.dk, 87150000) cannot receive mail: mark the box as full?',
    );
    expect((await privacy.erasePerson(people.birgitte, mark.email!)).ok).toBe(true);
    const after = await s.store.getArticle(article.id);
    expect(after?.body).toBe(
      `Problem: [removed] ([removed], [removed]) cannot receive mail: mark the box as full?\n\nSolution: ${QUOTA}`,
    );
  });

  it('keeps words that are parts of the names on a case when retention anonymises its article', async () => {
    const { c, article } = await mailboxArticle(people.anna, 'The mailbox of Anna Berg is full.');
    await s.store.updateCase(
      { ...c, status: 'closed', closedAt: '2025-03-04T10:00:00.000Z' } satisfies Case,
      c.version,
    );
    s.clock.set('2027-06-01T09:00:00Z');
    expect(await privacy.anonymiseExpired(24)).toBe(1);
    const after = await s.store.getArticle(article.id);
    expect(after?.body).toBe(`Problem: The mailbox of [removed] is full.\n\nSolution: ${QUOTA}`);
  });
});
