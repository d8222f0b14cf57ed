import type { Locale } from '../../models/case.js';
import { type HelpEntry, type HelpRights, helpSections } from '../command-help.js';
import type { StaffCommand } from '../staff-commands.js';
import type { SlackSubcommand } from './slack-commands.js';

/**
 * Everything the slash command understands: its subcommands, staff's `new for <person> [template]` (read by the
 * intake) and the staff/admin commands. Keyed by kind, so a subcommand or staff command added later without a help
 * line does not compile.
 */
export type SlackHelpTopic = SlackSubcommand | 'new_for' | StaffCommand['kind'];

/** The help lines in the order shown, without the slash command (`cmd` is put in front of each). */
export const SLACK_HELP: Record<SlackHelpTopic, HelpEntry> = {
  new: {
    audience: 'user',
    words: ['new', 'ny'],
    da: 'ny: anmeld en sag (åbner en formular)',
    en: 'new: report an incident (opens a form)',
  },
  status: {
    audience: 'user',
    words: ['status'],
    da: 'status <nummer>: se en sag, fx INC-000123',
    en: 'status <number>: look a case up, e.g. INC-000123',
  },
  add: {
    audience: 'user',
    words: ['add', 'tilføj'],
    da: 'tilføj <nummer> <tekst>: tilføj noget til din sag',
    en: 'add <number> <text>: add something to your case',
  },
  mine: { audience: 'user', words: ['mine', 'mit'], da: 'mit: dine sager', en: 'mine: your cases' },
  order: {
    audience: 'user',
    words: ['order', 'bestil'],
    da: 'bestil: bestil udstyr (åbner en formular)',
    en: 'order: order equipment (opens a form)',
  },
  help: { audience: 'user', words: ['help', 'hjælp'], da: 'hjælp: denne hjælp', en: 'help: this help' },
  new_for: {
    audience: 'staff',
    words: ['new for', 'ny for'],
    da: 'ny for <person> [skabelon]: anmeld på en persons vegne (navn, e-mail eller @omtale; åbner formularen); med skabelon: fra en sagsskabelon',
    en: "new for <person> [template]: report on someone's behalf (name, e-mail or @mention; opens the form); with template: from a case template",
  },
  queue: {
    audience: 'staff',
    words: ['queue', 'kø'],
    da: 'kø [gruppe]: dine gruppers åbne sager',
    en: "queue [group]: your groups' open cases",
  },
  search: {
    audience: 'staff',
    words: ['search', 'søg'],
    da: 'søg <ord> | <e-mail>: find sager med alle ordene (titel, beskrivelse, noter, navne) eller en persons sager',
    en: "search <words> | <e-mail>: find cases with every word (title, description, notes, names) or a person's cases",
  },
  similar: {
    audience: 'staff',
    words: ['similar', 'lignende'],
    da: 'lignende <nummer>: sager der ligner den, med deres løsninger',
    en: 'similar <number>: cases like it, with their solutions',
  },
  stats: {
    audience: 'staff',
    words: ['stats', 'statistik'],
    da: 'stats [gruppe] [week|month|ÅÅÅÅ-MM]: statistik og servicemål',
    en: 'stats [group] [week|month|YYYY-MM]: statistics and service goals',
  },
  major_declare: {
    audience: 'staff',
    words: ['major declare', 'storsag erklær'],
    da: 'major declare <nummer> <beskrivelse>: erklær en storsag',
    en: 'major declare <number> <summary>: declare a major incident',
  },
  major_link: {
    audience: 'staff',
    words: ['major link', 'storsag tilknyt'],
    da: 'major link <nummer> <storsagens nummer>: knyt en sag til en storsag',
    en: 'major link <number> <major incident number>: link a case to a major incident',
  },
  major_unlink: {
    audience: 'staff',
    words: ['major unlink', 'storsag frakobl'],
    da: 'major unlink <nummer>: frakobl sagen igen',
    en: 'major unlink <number>: unlink the case again',
  },
  admin_export: {
    audience: 'admin',
    words: ['admin export', 'admin eksport'],
    da: 'admin export <e-mail>: udtræk en persons data (som fil i din private samtale med mig)',
    en: "admin export <e-mail>: export a person's data (as a file in your DM with me)",
  },
  admin_erase: {
    audience: 'admin',
    words: ['admin erase', 'admin slet'],
    da: 'admin erase <e-mail>: slet en persons data',
    en: "admin erase <e-mail>: erase a person's data",
  },
};

/**
 * How DMs work (`onDirectMessage`): a description starts a report; `status <number>`, `mine`/`mit` and
 * `order`/`bestil` work as the slash command's do; pictures and files go on the report or case. Staff and admins also learn that their commands work there.
 */
const dmNote: Record<Locale, (rights: HelpRights) => string> = {
  da: (r) =>
    'Du kan også skrive til mig i en privat besked: beskriv problemet, eller skriv "status INC-000123" for at se ' +
    'en sag, "mit" for dine sager eller "bestil" for at bestille udstyr. Billeder og filer, du sender undervejs ' +
    'eller med "tilføj INC-000123", kommer på sagen.' +
    (r.admin
      ? ' kø, søg, lignende, stats, major og admin virker også der.'
      : r.staff
        ? ' kø, søg, lignende, stats og major virker også der.'
        : ''),
  en: (r) =>
    'You can also write to me in a direct message: describe the problem, or write "status INC-000123" to look a ' +
    'case up, "mine" for your cases or "order" to order equipment. Pictures and files you send along the way, or ' +
    'with "add INC-000123", go on the case.' +
    (r.admin
      ? ' queue, search, similar, stats, major and admin work there too.'
      : r.staff
        ? ' queue, search, similar, stats and major work there too.'
        : ''),
};

/**
 * The slash command's help for one person: the commands they may use (everyone's; staff's when support staff;
 * admins' when a catalogue admin), each line starting with `cmd` (e.g. `/incident`), then how DMs work.
 */
export function slackHelp(rights: HelpRights, locale: Locale, cmd: string): string {
  const entries = Object.values(SLACK_HELP).map((e) => ({ ...e, da: `${cmd} ${e.da}`, en: `${cmd} ${e.en}` }));
  return `${helpSections(entries, rights, locale, '• ')}\n\n${dmNote[locale](rights)}`;
}
