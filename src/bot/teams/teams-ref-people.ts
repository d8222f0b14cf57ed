import type { PersonRefKind } from '../../services/privacy/person-refs.js';
import { TEAMS_PREFIX } from './teams-activity.js';
import { REF_KINDS, recordEmail } from './teams-refs.js';

const EMAIL_PREFIX = 'email:';

/**
 * The Teams records kept per person, for the privacy service's export and erase: the person record (keyed by the
 * `teams:` id; its `email` or `upn` is the address, a guest's also as read from the `#EXT#` UPN) and the e-mail
 * index (keyed by the lower-case address; its `personId` names the Teams person).
 */
export const teamsPersonRefs: readonly PersonRefKind[] = [
  {
    kind: REF_KINDS.person,
    key: (id) => (id.startsWith(TEAMS_PREFIX) ? id : undefined),
    people: (ref, email) => {
      const value = ref.value;
      const text = (k: string) => (typeof value[k] === 'string' ? (value[k] as string) : undefined);
      const fields = { email: text('email'), upn: text('upn') };
      // The address the bot knows them by (a guest's own, read from the `#EXT#` UPN), or either field as it is.
      const own = [recordEmail(fields), fields.email, fields.upn].some((e) => e?.trim().toLowerCase() === email);
      const name = typeof value['name'] === 'string' ? value['name'] : '';
      return own ? [{ id: ref.key, name, email }] : [];
    },
  },
  {
    // A move of the person's cases to a changed address not done yet (`{ at }`): it names nobody but by its key.
    kind: REF_KINDS.moving,
    key: (id) => (id.startsWith(TEAMS_PREFIX) ? id : undefined),
    people: () => [],
  },
  {
    kind: REF_KINDS.personEmail,
    key: (id) => (id.startsWith(EMAIL_PREFIX) ? id.slice(EMAIL_PREFIX.length) : undefined),
    people: (ref, email) => {
      const personId = ref.value['personId'];
      return ref.key.toLowerCase() === email && typeof personId === 'string' ? [{ id: personId, name: '', email }] : [];
    },
  },
];
