import type { Locale } from '../../models/case.js';
import { storeDownText } from '../failure-texts.js';

/**
 * What the Teams transport itself says (everything else comes from the services, already localised). The help
 * is per person: see teams-help.ts.
 */
export interface TeamsTexts {
  helpTitle: string;
  welcome: string;
  staffOnly: string;
  /** After an admin export's summary: the JSON follows in `count` messages (of `total` needed when cut). */
  exportFollows: (count: number, total: number, truncated: boolean) => string;
  /** `admin …` in a team channel: personal data stays out of channels. */
  adminInChannel: string;
  failed: string;
  /** The store threw `STORE.UNAVAILABLE`: nothing was done, nothing earlier is lost. */
  storeDown: string;
  noGroupHere: string;
  /** A case list asked for in a group chat or a channel that is no support group's: sent to the personal chat. */
  listSentPersonally: string;
  /** The same when the bot has no personal chat with the person (or sending there failed): where to ask instead. */
  listsNotHere: string;
  updated: string;
  /** The button under a form the case services sent for a card button (`open_form`): back to the case card. */
  backToCase: string;
  /** Above the daily digest after a button in it did its work and the case services said nothing: the case's status. */
  nowStatus: (number: string, status: string) => string;
}

const da: TeamsTexts = {
  helpTitle: 'Sådan bruger du IT-support',
  welcome: 'Hej! Jeg er IT-supportens assistent. Skriv hvad der driller, så registrerer vi en sag.',
  staffOnly: 'Den kommando er kun for supportmedarbejdere.',
  exportFollows: (count, total, truncated) =>
    truncated
      ? `Dataene følger som JSON i ${count} beskeder, men er forkortet: hele eksporten fylder ${total} beskeder. ` +
        'Hent den fulde fil med Slack-kommandoen, hvis Slack er sat op.'
      : `Dataene følger som JSON i ${count} ${count === 1 ? 'besked' : 'beskeder'}.`,
  adminInChannel: 'Persondata vises kun i en personlig chat med mig.',
  failed: 'Noget gik galt hos mig. Prøv igen om lidt; skriv "hjælp" hvis det fortsætter.',
  storeDown: storeDownText.da,
  noGroupHere: 'Denne kanal hører ikke til en supportgruppe. Skriv "kø «gruppe-id»".',
  listSentPersonally: 'Jeg har sendt dig resultatet i vores personlige chat.',
  listsNotHere:
    'Kommandoerne "kø", "søg" og "lignende" viser sagsdetaljer: brug dem i din personlige chat med mig eller i en ' +
    'supportgruppes kanal.',
  updated: 'Opdateret.',
  backToCase: 'Tilbage til sagen',
  nowStatus: (number, status) => `${number} er nu: ${status}.`,
};

const en: TeamsTexts = {
  helpTitle: 'How to use IT support',
  welcome: 'Hi! I am the IT support assistant. Tell me what is wrong and we will register a case.',
  staffOnly: 'That command is for support staff only.',
  exportFollows: (count, total, truncated) =>
    truncated
      ? `The data follows as JSON in ${count} messages, cut short: the whole export needs ${total}. ` +
        'Get the full file with the Slack command where Slack is set up.'
      : `The data follows as JSON in ${count} ${count === 1 ? 'message' : 'messages'}.`,
  adminInChannel: 'Personal data is only shown in a personal chat with me.',
  failed: 'Something went wrong on my side. Please try again in a moment; write "help" if it persists.',
  storeDown: storeDownText.en,
  noGroupHere: 'This channel does not belong to a support group. Write "queue «group id»".',
  listSentPersonally: 'I sent you the results in our personal chat.',
  listsNotHere:
    'The commands "queue", "search" and "similar" show case details: use them in your personal chat with me or in a ' +
    "support group's channel.",
  updated: 'Updated.',
  backToCase: 'Back to the case',
  nowStatus: (number, status) => `${number} is now: ${status}.`,
};

/** The Teams transport's texts in both languages. */
export const teamsTexts: Record<Locale, TeamsTexts> = { da, en };
