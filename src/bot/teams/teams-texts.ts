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
  /**
   * A card submission that could not be used: `field` (the input's label, in this language) was missing, or given
   * but not usable; without a field, the card as a whole. Never the parser's own (English) words.
   */
  badInput: (what: { field?: string; missing: boolean }) => string;
  /** Names of submitted fields that are no case-form input (those are named by the card's own labels). */
  fieldNames: Partial<Record<string, string>>;
  failed: string;
  /** The store threw `STORE.UNAVAILABLE`: nothing was done, nothing earlier is lost. */
  storeDown: string;
  noGroupHere: string;
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
  badInput: ({ field, missing }) =>
    field === undefined
      ? 'Det kunne jeg ikke bruge: kortet sendte noget, jeg ikke kunne bruge. Prøv igen.'
      : missing
        ? `Det kunne jeg ikke bruge: udfyld «${field}», og prøv igen.`
        : `Det kunne jeg ikke bruge: «${field}» kunne ikke bruges. Ret det, og prøv igen.`,
  fieldNames: {
    score: 'Bedømmelse',
    comment: 'Kommentar',
    summaryDa: 'Beskrivelse (dansk)',
    summaryEn: 'Beskrivelse (engelsk)',
    parentNumber: 'Storsagens nummer',
    vendor: 'Leverandør',
    reference: 'Reference',
    expectedAt: 'Forventet dato',
    slot: 'Tidspunkt',
    slot1: 'Tidspunkt',
    slot2: 'Tidspunkt',
    slot3: 'Tidspunkt',
    place: 'Sted',
  },
  failed: 'Noget gik galt hos mig. Prøv igen om lidt; skriv "help" hvis det fortsætter.',
  storeDown: storeDownText.da,
  noGroupHere: 'Denne kanal hører ikke til en supportgruppe. Skriv "queue «gruppe-id»".',
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
  badInput: ({ field, missing }) =>
    field === undefined
      ? 'I could not use that: the card sent something I could not use. Please try again.'
      : missing
        ? `I could not use that: please fill in “${field}” and try again.`
        : `I could not use that: “${field}” could not be used. Please check it and try again.`,
  fieldNames: {
    score: 'Rating',
    comment: 'Comment',
    summaryDa: 'Summary (Danish)',
    summaryEn: 'Summary (English)',
    parentNumber: "The major incident's number",
    vendor: 'Vendor',
    reference: 'Reference',
    expectedAt: 'Expected date',
    slot: 'Time',
    slot1: 'Time',
    slot2: 'Time',
    slot3: 'Time',
    place: 'Place',
  },
  failed: 'Something went wrong on my side. Please try again in a moment; write "help" if it persists.',
  storeDown: storeDownText.en,
  noGroupHere: 'This channel does not belong to a support group. Write "queue «group id»".',
  updated: 'Updated.',
  backToCase: 'Back to the case',
  nowStatus: (number, status) => `${number} is now: ${status}.`,
};

/** The Teams transport's texts in both languages. */
export const teamsTexts: Record<Locale, TeamsTexts> = { da, en };
