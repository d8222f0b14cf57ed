import type { MessageView } from '../../cards/view-models.js';
import type { Locale } from '../../models/case.js';
import type { OutboxMessage } from '../../models/case-store.js';
import type { Text } from '../i18n.js';

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

const LABELS: Record<'case' | 'kind' | 'attempts' | 'error' | 'recipient', Text> = {
  case: { da: 'Sag', en: 'Case' },
  kind: { da: 'Type', en: 'Kind' },
  attempts: { da: 'Forsøg', en: 'Attempts' },
  error: { da: 'Fejl', en: 'Error' },
  recipient: { da: 'Modtager', en: 'Recipient' },
};

/**
 * The message 1st-level support gets when an outbox message is dead-lettered, so a user or a group is never
 * silently left uninformed. Names the case (by number when known), what was lost, and the last error.
 */
export function deadLetterAlertView(
  message: OutboxMessage,
  error: string,
  locale: Locale,
  caseNumber?: string,
): MessageView {
  const what = (WHAT[message.kind] ?? OTHER)[locale];
  const facts = [
    ...(caseNumber ? [{ label: LABELS.case[locale], value: caseNumber }] : []),
    { label: LABELS.kind[locale], value: message.kind },
    ...recipientFact(message, locale),
    { label: LABELS.attempts[locale], value: String(message.attempts) },
    { label: LABELS.error[locale], value: error },
  ];
  return { kind: 'message', locale, title: TITLE[locale], text: BODY[locale]({ what }), facts };
}

function recipientFact(message: OutboxMessage, locale: Locale): { label: string; value: string }[] {
  const person = message.payload['person'];
  if (typeof person !== 'object' || person === null) return [];
  const name = (person as Record<string, unknown>)['name'];
  return typeof name === 'string' ? [{ label: LABELS.recipient[locale], value: name }] : [];
}
