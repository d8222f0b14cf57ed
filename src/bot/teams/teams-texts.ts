import type { Locale } from '../../models/case.js';

/** What the Teams transport itself says (everything else comes from the services, already localised). */
export interface TeamsTexts {
  helpTitle: string;
  help: string;
  channelHelp: string;
  welcome: string;
  staffOnly: string;
  /** After an admin export's summary: the JSON follows in `count` messages (of `total` needed when cut). */
  exportFollows: (count: number, total: number, truncated: boolean) => string;
  /** `admin …` in a team channel: personal data stays out of channels. */
  adminInChannel: string;
  badAction: (reason: string) => string;
  failed: string;
  noGroupHere: string;
  updated: string;
}

const da: TeamsTexts = {
  helpTitle: 'Sådan bruger du IT-support',
  help:
    'Beskriv dit problem med dine egne ord, så hjælper jeg dig med at oprette en sag.\n\n' +
    'Kommandoer: "new" (ny sag), "status INC-000123" (se en sag), "mine" (dine sager), "bestil" (bestil udstyr), ' +
    '"help" (denne hjælp). ' +
    'Support: "queue" (gruppens åbne sager), "stats [gruppe] [week|month|ÅÅÅÅ-MM]" (statistik), ' +
    '"major declare INC-000123 «beskrivelse»", "major link INC-000124 INC-000123", "major unlink INC-000124" ' +
    '(storsager). Administratorer: "admin export «e-mail»", "admin erase «e-mail»" (persondata).',
  channelHelp:
    'I en kanal forstår jeg "queue" (gruppens åbne sager), "status INC-000123", "help" og for support "stats" ' +
    'og "major …". Nye sager oprettes i en personlig chat med mig.',
  welcome: 'Hej! Jeg er IT-supportens assistent. Skriv hvad der driller, så registrerer vi en sag.',
  staffOnly: 'Den kommando er kun for supportmedarbejdere.',
  exportFollows: (count, total, truncated) =>
    truncated
      ? `Dataene følger som JSON i ${count} beskeder, men er forkortet: hele eksporten fylder ${total} beskeder. ` +
        'Hent den fulde fil med Slack-kommandoen, hvis Slack er sat op.'
      : `Dataene følger som JSON i ${count} ${count === 1 ? 'besked' : 'beskeder'}.`,
  adminInChannel: 'Persondata vises kun i en personlig chat med mig.',
  badAction: (reason) => `Det kunne jeg ikke bruge: ${reason} Prøv igen.`,
  failed: 'Noget gik galt hos mig. Prøv igen om lidt; skriv "help" hvis det fortsætter.',
  noGroupHere: 'Denne kanal hører ikke til en supportgruppe. Skriv "queue «gruppe-id»".',
  updated: 'Opdateret.',
};

const en: TeamsTexts = {
  helpTitle: 'How to use IT support',
  help:
    'Describe your problem in your own words and I will help you register a case.\n\n' +
    'Commands: "new" (new case), "status INC-000123" (look a case up), "mine" (your cases), "order" (order equipment), ' +
    '"help" (this help). ' +
    'Support staff: "queue" (your group\'s open cases), "stats [group] [week|month|YYYY-MM]" (statistics), ' +
    '"major declare INC-000123 «summary»", "major link INC-000124 INC-000123", "major unlink INC-000124" ' +
    '(major incidents). Admins: "admin export «e-mail»", "admin erase «e-mail»" (personal data).',
  channelHelp:
    'In a channel I understand "queue" (the group\'s open cases), "status INC-000123", "help" and, for support ' +
    'staff, "stats" and "major …". New cases are reported in a personal chat with me.',
  welcome: 'Hi! I am the IT support assistant. Tell me what is wrong and we will register a case.',
  staffOnly: 'That command is for support staff only.',
  exportFollows: (count, total, truncated) =>
    truncated
      ? `The data follows as JSON in ${count} messages, cut short: the whole export needs ${total}. ` +
        'Get the full file with the Slack command where Slack is set up.'
      : `The data follows as JSON in ${count} ${count === 1 ? 'message' : 'messages'}.`,
  adminInChannel: 'Personal data is only shown in a personal chat with me.',
  badAction: (reason) => `I could not use that: ${reason} Please try again.`,
  failed: 'Something went wrong on my side. Please try again in a moment; write "help" if it persists.',
  noGroupHere: 'This channel does not belong to a support group. Write "queue «group id»".',
  updated: 'Updated.',
};

/** The Teams transport's texts in both languages. */
export const teamsTexts: Record<Locale, TeamsTexts> = { da, en };
