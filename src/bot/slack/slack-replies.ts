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
        `${cmd} hjælp: denne hjælp`,
        'Du kan også skrive til mig direkte her i en privat besked ("bestil" starter en bestilling).',
      ].join('\n'),
    en: (cmd: string) =>
      [
        `${cmd} new: report an incident (opens a form)`,
        `${cmd} status <number>: look a case up, e.g. ${cmd} status INC-000123`,
        `${cmd} mine: your cases`,
        `${cmd} order: order equipment (opens a form)`,
        `${cmd} queue [group]: your groups' open cases (support staff)`,
        `${cmd} help: this help`,
        'You can also write to me directly in a direct message ("order" starts an equipment order).',
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
  statsReserved: {
    da: 'Statistik i chatten kommer senere.',
    en: 'Statistics in chat are coming later.',
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
