import type { MessageView } from '../../cards/view-models.js';
import type { Locale } from '../../models/case.js';
import { isAppError } from '../../models/errors.js';
import { storeDownText } from '../failure-texts.js';

/** The transport's own short texts (commands, modals); everything about cases comes from the services. */
export const slackTexts = {
  modalTitle: { da: 'Anmeld en sag', en: 'Report an incident' },
  caseModalTitle: { da: 'Sag', en: 'Case' },
  orderModalTitle: { da: 'Bestil udstyr', en: 'Order equipment' },
  submit: { da: 'Send', en: 'Submit' },
  working: { da: 'Et øjeblik …', en: 'One moment …' },
  workingText: {
    da: 'Vi arbejder på det. Vinduet opdateres om et øjeblik.',
    en: 'Working on it. This window updates in a moment.',
  },
  closed: { da: 'Afsluttet', en: 'Done' },
  failed: {
    da: 'Noget gik galt hos os. Prøv igen om lidt; hvis det bliver ved, skriv til Servicedesk.',
    en: 'Something went wrong on our side. Please try again shortly; if it persists, contact the service desk.',
  },
  /** Title of a modal whose submission could not be taken. */
  notDone: { da: 'Ikke gennemført', en: 'Not done' },
  /** A submitted modal the bot no longer knows (opened by an older version of it). */
  staleForm: {
    da: 'Denne formular hører til en ældre udgave af botten, så den blev ikke sendt. Luk den og start forfra.',
    en: 'This form belongs to an older version of the bot, so it was not sent. Close it and start again.',
  },
  /** A shortcut set up in the Slack app that the bot does not know. */
  unknownShortcut: {
    da: 'Den genvej kender botten ikke. Skriv til Servicedesk, hvis du mener, den burde virke.',
    en: 'The bot does not know that shortcut. Please tell the service desk if you think it should work.',
  },
  /** A slash command set up in the Slack app under another name than the bot expects. */
  unknownSlashCommand: {
    da: (used: string, expected: string) =>
      `Botten svarer på ${expected}, ikke ${used}. Prøv ${expected}, og skriv til Servicedesk, så kommandoen bliver rettet.`,
    en: (used: string, expected: string) =>
      `The bot answers ${expected}, not ${used}. Please try ${expected}, and tell the service desk so the command is fixed.`,
  },
  /** Above what a person typed into a case form whose action failed (`typedBackMessage`), quoted for copying. */
  typedBack: {
    da: 'Her er det, du skrev, så du kan kopiere det og sende det igen:',
    en: 'Here is what you wrote, so you can copy it and send it again:',
  },
  /** Under a quoted text that was cut to fit the message. */
  typedCut: {
    da: (shown: string, total: string) => `(afkortet: de første ${shown} af ${total} tegn)`,
    en: (shown: string, total: string) => `(cut: the first ${shown} of ${total} characters)`,
  },
  /** The store threw `STORE.UNAVAILABLE`: nothing was done, nothing earlier is lost. */
  storeDown: storeDownText,
  /** Followed by the person's help (slack-help.ts). */
  unknownCommand: {
    da: (word: string) => `"${word}" kender jeg ikke. Det her kan du bruge:`,
    en: (word: string) => `I don't know "${word}". This is what you can use:`,
  },
  badNumber: {
    da: (arg: string, cmd: string) =>
      arg === ''
        ? `Skriv sagens nummer, fx ${cmd} status INC-000123.`
        : `"${arg}" er ikke et sagsnummer. Skriv fx ${cmd} status INC-000123.`,
    en: (arg: string, cmd: string) =>
      arg === ''
        ? `Give the case number, e.g. ${cmd} status INC-000123.`
        : `"${arg}" is not a case number. Try e.g. ${cmd} status INC-000123.`,
  },
  addNeedsNumber: {
    da: (cmd: string) =>
      `Skriv sagens nummer og det, du vil tilføje, fx ${cmd} tilføj INC-000123 Printeren står i lokale 1.23.`,
    en: (cmd: string) =>
      `Give the case number and what to add, e.g. ${cmd} add INC-000123 The printer is in room 1.23.`,
  },
  exportUploaded: {
    da: (filename: string) => `Dataene ligger som filen ${filename} i din private samtale med mig.`,
    en: (filename: string) => `The data is in the file ${filename} in your direct messages with me.`,
  },
  exportUploadFailed: {
    da: (reason: string) =>
      `Filen med dataene kunne ikke lægges op (${reason}). Appen skal have rettigheden files:write; spørg driften.`,
    en: (reason: string) =>
      `The file with the data could not be uploaded (${reason}). The app needs the files:write scope; ask operations.`,
  },
  homeTitle: { da: 'Servicedesk', en: 'Service desk' },
  homeIntro: {
    da: 'Anmeld en sag her, eller skriv til mig i Beskeder-fanen.',
    en: 'Report an incident here, or write to me in the Messages tab.',
  },
  report: { da: 'Anmeld en sag', en: 'Report an incident' },
  queueTitle: { da: 'Mine gruppers kø', en: "My groups' queue" },
  /** Above the daily digest after a button in it did its work and the case services said nothing: the case's status. */
  nowStatus: {
    da: (number: string, status: string) => `${number} er nu: ${status}.`,
    en: (number: string, status: string) => `${number} is now: ${status}.`,
  },
  /**
   * Under a question of the bot's own message once it was answered (the message updated in place, its buttons gone):
   * what the click answered.
   */
  answered: {
    da: (what: string) => `Besvaret: ${what}`,
    en: (what: string) => `Answered: ${what}`,
  },
  slackOff: 'Slack is not configured on this server (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are unset).',
} as const;

/** A plain message view in a locale (for the renderers). */
export function textView(locale: Locale, text: string, title?: string): MessageView {
  return { kind: 'message', locale, text, ...(title ? { title } : {}) };
}

/** What a person is told when their request failed with `err`: the store is not answering, or something else. */
export function failureText(err: unknown, locale: Locale): string {
  return (isAppError(err, 'STORE.UNAVAILABLE') ? slackTexts.storeDown : slackTexts.failed)[locale];
}
