import type { PersonRef } from '../../models/case.js';
import type { OutboxMessage } from '../../models/case-store.js';
import { isSubject, type Subject, scrubText } from './scrub-case.js';

/**
 * Keys whose string values address something rather than say something (ids, kinds, languages, links, states):
 * left as they are, so a scrubbed message still reaches its case, group and recipient.
 */
const ADDRESS_KEY = /^(id|kind|verb|locale|url|platform|status|priority|at)$|Id$/;

/** A person record in a stored value: an object with a string `id` and `name`. */
function asPerson(value: Record<string, unknown>): PersonRef | undefined {
  return typeof value['id'] === 'string' && typeof value['name'] === 'string'
    ? (value as unknown as PersonRef)
    : undefined;
}

/**
 * An outbox payload without the subject: a person record of theirs becomes `placeholder` (one for all, or one per
 * person; a `mention` of them is dropped: nobody can be @mentioned by a placeholder), other people's records stay as
 * they are, and every other string loses the subject as case text does (`scrubText`; every e-mail address with
 * `allEmails`, as retention does), except those that address the message (`ADDRESS_KEY`).
 */
export function scrubPayload(
  payload: Record<string, unknown>,
  s: Subject,
  placeholder: PersonRef | ((p: PersonRef) => PersonRef),
  opts: { allEmails?: boolean } = {},
): Record<string, unknown> {
  const replace = typeof placeholder === 'function' ? placeholder : () => placeholder;
  const walk = (value: unknown, key: string, depth: number): unknown => {
    if (typeof value === 'string') return ADDRESS_KEY.test(key) ? value : scrubText(value, s, opts.allEmails);
    if (depth > 12 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, key, depth + 1));
    const o = value as Record<string, unknown>;
    const person = asPerson(o);
    if (person) {
      if (!isSubject(person, s)) return o;
      const ph = replace(person);
      return { id: ph.id, name: ph.name };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'mention' && v !== null && typeof v === 'object' && isSubject(asPerson(v as never), s)) continue;
      out[k] = walk(v, k, depth + 1);
    }
    return out;
  };
  return walk(payload, '', 0) as Record<string, unknown>;
}

/** True when the message goes to the subject personally (nobody else reads it). */
export function addressedTo(m: Pick<OutboxMessage, 'kind' | 'payload'>, s: Subject): boolean {
  const person = m.payload['person'];
  return (
    m.kind === 'send_person' &&
    person !== null &&
    typeof person === 'object' &&
    isSubject(asPerson(person as Record<string, unknown>), s)
  );
}
