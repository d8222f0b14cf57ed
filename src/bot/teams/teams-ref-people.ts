import { normEmail } from '../../models/case.js';
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
      // The other addresses Teams gave the same person: one the catalogue holds back (`heldEmail`) and the former one
      // whose cases are still being moved (`movingFrom`). Cases name them by these too (`email:<address>`).
      const others = [text('heldEmail'), text('movingFrom')].map(normEmail).filter((e): e is string => !!e);
      // The address the bot knows them by (a guest's own, read from the `#EXT#` UPN), either field as it is, or one
      // of the others.
      const own = [recordEmail(fields), fields.email, fields.upn, ...others].some((e) => normEmail(e) === email);
      if (!own) return [];
      const name = typeof value['name'] === 'string' ? value['name'] : '';
      // With such another address, each address but the one asked as the person cases name by it, so an export or
      // erase asked by one also finds the cases of the other (a move not done yet, a staff member's address held back).
      const addresses = others.length > 0 ? [recordEmail(fields), ...others] : [];
      const also = addresses.filter((e): e is string => !!e && e !== email);
      return [
        { id: ref.key, name, email },
        ...[...new Set(also)].map((e) => ({ id: `${EMAIL_PREFIX}${e}`, name, email: e })),
      ];
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
