import { normEmail } from '../../models/case.js';
import { peopleWithEmail, type PersonRefKind } from '../../services/privacy/person-refs.js';
import { USER_CACHE_REF } from './slack-directory.js';
import { DM_CHANNEL_REF } from './slack-gateway.js';
import { SLACK_PREFIX, slackPersonId } from './slack-ids.js';

/** The Slack user id a record is keyed by, for a `slack:` person id. */
const slackKey = (id: string): string | undefined =>
  id.startsWith(SLACK_PREFIX) ? id.slice(SLACK_PREFIX.length) : undefined;

/**
 * The Slack records kept per person, keyed by the Slack user id, for the privacy service's export and erase: the
 * cached profile (`users.info`: the person in it, and `slack:<key>` with the same e-mail) and the DM channel.
 */
export const slackPersonRefs: readonly PersonRefKind[] = [
  {
    kind: USER_CACHE_REF,
    key: slackKey,
    people: (ref, email) => {
      const people = peopleWithEmail(ref.value, email);
      // While the cases of their former address are being moved (`movingFrom`), either address finds the person,
      // with the other one as `email:<address>`, so the cases still or already on the other are found too; so does
      // a staff member's new address that the catalogue holds back (`heldEmail`) and the one kept.
      const text = (field: string) => {
        const v = ref.value[field];
        return typeof v === 'string' ? normEmail(v) : undefined;
      };
      const moving = text('movingFrom');
      const held = text('heldEmail');
      if (people.length === 0 && moving !== email && held !== email) return [];
      const current = normEmail(people[0]?.email ?? profileEmail(ref.value));
      const others = [current, moving, held].filter((a): a is string => a !== undefined && a !== email);
      return [
        ...people,
        { id: slackPersonId(ref.key), name: '', email },
        ...others.map((address) => ({ id: `email:${address}`, name: '', email: address })),
      ];
    },
    // A mention Slack sent without a name, which the directory could not name either, is stored as `@<user id>`
    // (`slackPlainText`).
    textForms: (id) => {
      const userId = slackKey(id);
      return userId ? [`@${userId}`] : [];
    },
  },
  { kind: DM_CHANNEL_REF, key: slackKey, people: (ref, email) => peopleWithEmail(ref.value, email) },
];

/** The address of a cached profile's person. */
function profileEmail(value: Record<string, unknown>): string | undefined {
  const person = value['person'];
  const email = typeof person === 'object' && person !== null ? (person as { email?: unknown }).email : undefined;
  return typeof email === 'string' ? email : undefined;
}
