import type { Article } from '../../models/case-store.js';
import { isSubject, mentionsSubject, type Subject, scrubText } from './scrub-case.js';

const REMOVED = '[removed]';

/**
 * Whether a known-solution article holds the subject: it was made from one of their cases (`caseNumbers`: its
 * body quotes the case's description, which names the user), it names them (e-mail, id or full name), or they
 * saved it.
 */
export function articleHoldsSubject(a: Article, s: Subject, caseNumbers: ReadonlySet<string>): boolean {
  return (
    (a.sourceCase !== undefined && caseNumbers.has(a.sourceCase)) ||
    mentionsSubject(`${a.title}\n${a.body}\n${a.keywords.join(' ')}`, s) ||
    isSubject(a.createdBy, s)
  );
}

/**
 * The article without the subject: their e-mails, ids, names and other terms leave the title and the body (every
 * e-mail address with `allEmails`), keywords that named them go, and `createdBy` goes when it is them. Null when
 * nothing changed. The caller saves it again, which replaces its search index entry.
 */
export function scrubArticle(a: Article, s: Subject, opts: { allEmails?: boolean } = {}): Article | null {
  const text = (t: string) => scrubText(t, s, opts.allEmails);
  const { createdBy, ...rest } = a;
  const next: Article = {
    ...rest,
    title: text(a.title),
    body: text(a.body),
    keywords: a.keywords.filter((k) => !text(k).includes(REMOVED)),
    ...(createdBy && !isSubject(createdBy, s) ? { createdBy } : {}),
  };
  const changed =
    next.title !== a.title ||
    next.body !== a.body ||
    next.keywords.length !== a.keywords.length ||
    next.createdBy !== createdBy;
  return changed ? next : null;
}
