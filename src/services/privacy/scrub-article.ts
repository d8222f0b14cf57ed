import type { Article } from '../../models/case-store.js';
import { ANY_EMAIL, replaceAddressesAndIds, wholeWord } from './match.js';
import { isSubject, mentionsSubject, type Subject } from './scrub-case.js';

const REMOVED = '[removed]';

/**
 * Whether a known-solution article holds the subject: it was made from one of their own cases (`caseNumbers`: the
 * cases where they are the user or the reporter; its body quotes the case's description, which names them), it
 * names them (e-mail, id or full name), or they saved it. A case they only worked on (assignee, note author) does
 * not make its article theirs: the article quotes the user's words and the solution, not the staff on it.
 */
export function articleHoldsSubject(a: Article, s: Subject, caseNumbers: ReadonlySet<string>): boolean {
  return (
    (a.sourceCase !== undefined && caseNumbers.has(a.sourceCase)) ||
    mentionsSubject(`${a.title}\n${a.body}\n${a.keywords.join(' ')}`, s) ||
    isSubject(a.createdBy, s)
  );
}

/**
 * An article's text without the subject: their e-mail addresses (every address with `allEmails`) and ids, whole
 * (`match.ts`), handles (`@U0BO`), full names and phone numbers. Not single name parts nor other terms: an article
 * is shared text, and a technician called "Per Mark" must not take "per" and "mark" out of it.
 */
function scrubArticleText(text: string, s: Subject, allEmails: boolean): string {
  let out = replaceAddressesAndIds(allEmails ? text.replace(ANY_EMAIL, REMOVED) : text, s, REMOVED);
  for (const h of s.handles) out = out.replace(wholeWord(h), REMOVED);
  // Longest first, so "Anna Marie Berg" goes before "Anna Marie".
  for (const t of [...s.names, ...s.phones].sort((a, b) => b.length - a.length)) {
    out = out.replace(wholeWord(t), REMOVED);
  }
  return out;
}

/**
 * The article without the subject: their e-mails, ids, full names and phone numbers leave the title and the body
 * (every e-mail address with `allEmails`; single name parts stay, see `scrubArticleText`), keywords that named
 * them go (a keyword that is part of a full name the article held, "berg" of "Anna Berg", too), and `createdBy`
 * goes when it is them. Null when nothing changed. The caller saves it again, which replaces its search index
 * entry.
 */
export function scrubArticle(a: Article, s: Subject, opts: { allEmails?: boolean } = {}): Article | null {
  const text = (t: string) => scrubArticleText(t, s, opts.allEmails === true);
  const { createdBy, ...rest } = a;
  const title = text(a.title);
  const body = text(a.body);
  const held = `${a.title}\n${a.body}`;
  const nameParts = new Set(
    s.names.filter((n) => wholeWord(n, 'iu').test(held)).flatMap((n) => n.toLowerCase().split(/\s+/)),
  );
  const next: Article = {
    ...rest,
    title,
    body,
    keywords: a.keywords.filter((k) => !text(k).includes(REMOVED) && !nameParts.has(k.trim().toLowerCase())),
    ...(createdBy && !isSubject(createdBy, s) ? { createdBy } : {}),
  };
  const changed =
    next.title !== a.title ||
    next.body !== a.body ||
    next.keywords.length !== a.keywords.length ||
    next.createdBy !== createdBy;
  return changed ? next : null;
}
