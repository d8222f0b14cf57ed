import type { MessageView } from '../../cards/view-models.js';
import type { Locale } from '../../models/case.js';
import type { OutboxMessage } from '../../models/case-store.js';
import type { Text } from '../i18n.js';
import { throttleOf } from './backoff.js';

const TITLE: Text = {
  da: 'En besked kunne ikke leveres',
  en: 'A message could not be delivered',
};

const BODY: Text<{ what: string }> = {
  da: ({ what }) =>
    `Botten har opgivet at levere ${what}. Tjek at kanalen eller modtageren stadig findes, og giv besked selv om nødvendigt.`,
  en: ({ what }) =>
    `The bot gave up delivering ${what}. Check that the channel or recipient still exists, and pass the word on yourself if needed.`,
};

const WHAT: Record<string, Text> = {
  send_person: { da: 'en personlig besked', en: 'a personal message' },
  post_card: { da: 'sagens kort til gruppens kanal', en: "the case card to the group's channel" },
  update_cards: { da: 'en opdatering af sagens kort', en: "an update of the case's cards" },
  thread_reply: { da: 'et svar i sagens tråd', en: "a reply in the case's thread" },
};

const OTHER: Text = { da: 'en besked', en: 'a message' };

const LABELS: Record<'case' | 'kind' | 'attempts' | 'throttles' | 'error' | 'recipient', Text> = {
  case: { da: 'Sag', en: 'Case' },
  kind: { da: 'Type', en: 'Kind' },
  attempts: { da: 'Forsøg', en: 'Attempts' },
  throttles: { da: 'Begrænset (429), ikke talt med', en: 'Throttled (429), not counted' },
  error: { da: 'Fejl', en: 'Error' },
  recipient: { da: 'Modtager', en: 'Recipient' },
};

/**
 * The message 1st-level support gets when an outbox message is dead-lettered, so a user or a group is never
 * silently left uninformed. Names the case (by number when known), what was lost, the attempts that counted against
 * the dispatcher's limit, how many 429s did not (the platform throttled the bot, see `maxThrottledMs`; only when
 * there were any), and the last error.
 */
export function deadLetterAlertView(
  message: OutboxMessage,
  error: string,
  locale: Locale,
  caseNumber?: string,
): MessageView {
  const what = (WHAT[message.kind] ?? OTHER)[locale];
  const throttles = uncountedThrottles(message);
  const facts = [
    ...(caseNumber ? [{ label: LABELS.case[locale], value: caseNumber }] : []),
    { label: LABELS.kind[locale], value: message.kind },
    ...recipientFact(message, locale),
    { label: LABELS.attempts[locale], value: String(message.attempts - throttles) },
    ...(throttles > 0 ? [{ label: LABELS.throttles[locale], value: String(throttles) }] : []),
    { label: LABELS.error[locale], value: error },
  ];
  return { kind: 'message', locale, title: TITLE[locale], text: BODY[locale]({ what }), facts };
}

/**
 * How many of the message's attempts were 429s that did not count (`throttles`, kept on the message by the
 * dispatcher while it retries; the attempt that dead-lettered it was never one of them).
 */
function uncountedThrottles(message: OutboxMessage): number {
  return Math.min(throttleOf(message.result).throttles, message.attempts);
}

function recipientFact(message: OutboxMessage, locale: Locale): { label: string; value: string }[] {
  const person = message.payload['person'];
  if (typeof person !== 'object' || person === null) return [];
  const name = (person as Record<string, unknown>)['name'];
  return typeof name === 'string' ? [{ label: LABELS.recipient[locale], value: name }] : [];
}

const UNBOUND_TITLE: Text<{ group: string }> = {
  da: ({ group }) => `Gruppen ${group} har ingen kanal: nye sager får intet kort`,
  en: ({ group }) => `Group ${group} has no channel: new cases get no card`,
};

const UNBOUND_BODY: Text<{ group: string; count: number; minutes: number }> = {
  da: ({ group, count, minutes }) =>
    `${count === 1 ? '1 åben sag' : `${count} åbne sager`} i gruppen ${group} har intet kort i nogen kanal, for gruppen ` +
    'har ingen kanal i Teams eller Slack (appen er fjernet fra gruppens team, eller kanalen er aldrig bundet). ' +
    'Sagerne er registreret og gemt, men ingen ser dem i en kanal. Tilføj appen til gruppens team igen (eller ' +
    `bind gruppens kanal i kataloget): så lægger botten kortene for de åbne sager op inden for ${minutes} ${minutes === 1 ? 'minut' : 'minutter'}. Indtil da: skriv queue ${group} til botten for at se sagerne.`,
  en: ({ group, count, minutes }) =>
    `${count === 1 ? '1 open case' : `${count} open cases`} of group ${group} ${count === 1 ? 'has' : 'have'} no card in any channel, because the ` +
    'group has no channel in Teams or Slack (the app was removed from the group’s team, or the channel was never ' +
    'bound). The cases are registered and stored, but nobody sees them in a channel. Add the app to the group’s team ' +
    `again (or bind the group's channel in the catalogue): the bot then posts the open cases' cards within ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}. Meanwhile, write queue ${group} to the bot to see them.`,
};

const UNBOUND_LABELS: Record<'group' | 'cases', Text> = {
  group: { da: 'Gruppe', en: 'Group' },
  cases: { da: 'Sager uden kort', en: 'Cases without a card' },
};

/** How many case numbers the alert lists; the rest are counted. */
const MAX_LISTED = 10;

/**
 * The message the people responsible get when a group's case cards have no channel to go to on any platform: once
 * per group a day (not one per case), naming the group, how many of its open cases have no card (and which) and
 * how to fix it. `numbers` are the case numbers of those cases; `recheckMs` is how often the bot looks for the
 * group's channel again (the cards come at the latest that long after it is bound).
 */
export function unboundGroupAlertView(
  groupId: string,
  numbers: readonly string[],
  locale: Locale,
  recheckMs: number,
): MessageView {
  const minutes = Math.max(1, Math.ceil(recheckMs / 60_000));
  const listed = numbers.slice(0, MAX_LISTED).join(', ');
  const more = numbers.length > MAX_LISTED ? ` (+${numbers.length - MAX_LISTED})` : '';
  return {
    kind: 'message',
    locale,
    title: UNBOUND_TITLE[locale]({ group: groupId }),
    text: UNBOUND_BODY[locale]({ group: groupId, count: numbers.length, minutes }),
    facts: [
      { label: UNBOUND_LABELS.group[locale], value: groupId },
      { label: UNBOUND_LABELS.cases[locale], value: `${numbers.length}: ${listed}${more}` },
    ],
  };
}
