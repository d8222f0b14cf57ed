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
      return people.length > 0 ? [...people, { id: slackPersonId(ref.key), name: '', email }] : [];
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
