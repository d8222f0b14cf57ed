import type { PersonRef } from '../../models/case.js';
import type { RefRecord } from '../../models/case-store.js';

/**
 * A store ref kind a transport keeps per person (a Teams conversation reference, a cached Slack profile, a DM
 * channel). The transport that writes the records supplies this (see `PrivacyServiceDeps.personRefs`), so an export
 * or erase finds them, and the people's platform ids in them, without the services knowing the record layout.
 */
export interface PersonRefKind {
  kind: string;
  /** The key of the record kept for the person with this id (`teams:…`, `slack:…`, `email:…`); undefined: none. */
  key(personId: string): string | undefined;
  /** The people (id, name, e-mail) the record says have `email` (trimmed, lower case); none when it names nobody. */
  people(ref: Pick<RefRecord, 'key' | 'value'>, email: string): PersonRef[];
  /**
   * How this platform's transport writes the person with this id into the text it stores when it knows no name for
   * them (a Slack mention the directory could not name: `@U0BO`); none when it never does. An export or erase finds
   * and removes these as the person's ids.
   */
  textForms?(personId: string): string[];
}

/** Every person record (`id`, `name`, `email`) anywhere in a stored value whose e-mail is `email` (lower case). */
export function peopleWithEmail(value: unknown, email: string, depth = 0): PersonRef[] {
  if (depth > 8 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => peopleWithEmail(v, email, depth + 1));
  const o = value as Record<string, unknown>;
  const here =
    typeof o['id'] === 'string' && typeof o['email'] === 'string' && o['email'].trim().toLowerCase() === email
      ? [{ id: o['id'], name: typeof o['name'] === 'string' ? o['name'] : '', email }]
      : [];
  return [...here, ...Object.values(o).flatMap((v) => peopleWithEmail(v, email, depth + 1))];
}
