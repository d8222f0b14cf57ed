import type { MessageView } from '../../cards/view-models.js';
import type { Locale } from '../../models/case.js';

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
  help: {
    da: (cmd: string) =>
      [
        `${cmd} ny: anmeld en sag (åbner en formular)`,
        `${cmd} status <nummer>: se en sag, fx ${cmd} status INC-000123`,
        `${cmd} mine: dine sager`,
        `${cmd} bestil: bestil udstyr (åbner en formular; "${cmd} order" virker også)`,
        `${cmd} kø [gruppe]: dine gruppers åbne sager (support)`,
        `${cmd} stats [gruppe] [week|month|ÅÅÅÅ-MM]: statistik og servicemål (support)`,
        `${cmd} major declare <nummer> <beskrivelse>: erklær en storsag (support)`,
        `${cmd} major link <nummer> <storsagens nummer> / ${cmd} major unlink <nummer>: knyt en sag til eller fra en storsag (support)`,
        `${cmd} admin export <e-mail> / ${cmd} admin erase <e-mail>: udtræk eller slet en persons data (administratorer)`,
        `${cmd} hjælp: denne hjælp`,
        'Du kan også skrive til mig direkte her i en privat besked ("bestil" starter en bestilling; stats, major og admin virker også der).',
      ].join('\n'),
    en: (cmd: string) =>
      [
        `${cmd} new: report an incident (opens a form)`,
        `${cmd} status <number>: look a case up, e.g. ${cmd} status INC-000123`,
        `${cmd} mine: your cases`,
        `${cmd} order: order equipment (opens a form)`,
        `${cmd} queue [group]: your groups' open cases (support staff)`,
        `${cmd} stats [group] [week|month|YYYY-MM]: statistics and service goals (support staff)`,
        `${cmd} major declare <number> <summary>: declare a major incident (support staff)`,
        `${cmd} major link <number> <major incident number> / ${cmd} major unlink <number>: link a case to a major incident or take it off (support staff)`,
        `${cmd} admin export <e-mail> / ${cmd} admin erase <e-mail>: export or erase a person's data (admins)`,
        `${cmd} help: this help`,
        'You can also write to me directly in a direct message ("order" starts an equipment order; stats, major and admin work there too).',
      ].join('\n'),
  },
  unknownCommand: {
    da: (word: string, cmd: string) => `"${word}" kender jeg ikke. Skriv ${cmd} hjælp for at se, hvad jeg kan.`,
    en: (word: string, cmd: string) => `I don't know "${word}". Type ${cmd} help to see what I can do.`,
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
  slackOff: 'Slack is not configured on this server (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are unset).',
} as const;

/** A plain message view in a locale (for the renderers). */
export function textView(locale: Locale, text: string, title?: string): MessageView {
  return { kind: 'message', locale, text, ...(title ? { title } : {}) };
}
