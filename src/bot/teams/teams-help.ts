import type { Locale } from '../../models/case.js';
import { type HelpEntry, type HelpRights, helpSections } from '../command-help.js';
import type { StaffCommand } from '../staff-commands.js';
import type { TeamsCommand } from './teams-commands.js';

/**
 * Everything a person can type to the bot in Teams: the chat commands, `order` (read by the conversation router),
 * staff's `new for <person> [template]` (read by the intake) and the staff/admin commands. Keyed by command kind,
 * so a kind added to `TeamsCommand` or `StaffCommand` without a help line does not compile.
 */
export type TeamsHelpTopic = Exclude<TeamsCommand['kind'], 'staff'> | 'order' | 'new_for' | StaffCommand['kind'];

/** A help line; `channel` when the command also works in a team channel. */
export interface TeamsHelpEntry extends HelpEntry {
  channel: boolean;
}

/** The help lines in the order shown. */
export const TEAMS_HELP: Record<TeamsHelpTopic, TeamsHelpEntry> = {
  new: { audience: 'user', channel: false, words: ['new', 'ny'], da: 'ny: ny sag', en: 'new: new case' },
  status: {
    audience: 'user',
    channel: true,
    words: ['status'],
    da: 'status INC-000123: se en sag',
    en: 'status INC-000123: look a case up',
  },
  add: {
    audience: 'user',
    channel: false,
    words: ['add', 'tilføj'],
    da: 'tilføj INC-000123 «tekst»: tilføj noget til din sag (send et billede eller en fil med, så kommer den på sagen)',
    en: 'add INC-000123 «text»: add something to your case (send a picture or file with it to put it on the case)',
  },
  mine: { audience: 'user', channel: false, words: ['mine', 'mit'], da: 'mit: dine sager', en: 'mine: your cases' },
  order: {
    audience: 'user',
    channel: false,
    words: ['order', 'bestil'],
    da: 'bestil: bestil udstyr',
    en: 'order: order equipment',
  },
  help: { audience: 'user', channel: true, words: ['help', 'hjælp'], da: 'hjælp: denne hjælp', en: 'help: this help' },
  new_for: {
    audience: 'staff',
    channel: false,
    words: ['new for', 'ny for'],
    da: 'ny for «person» [skabelon]: en sag på en persons vegne (navn, e-mail eller @omtale); med skabelon: fra en sagsskabelon',
    en: "new for «person» [template]: a case on someone's behalf (name, e-mail or @mention); with template: from a case template",
  },
  queue: {
    audience: 'staff',
    channel: true,
    words: ['queue', 'kø'],
    da: 'kø [gruppe]: gruppens åbne sager',
    en: "queue [group]: the group's open cases",
  },
  search: {
    audience: 'staff',
    channel: true,
    words: ['search', 'søg'],
    da: 'søg «ord» | «e-mail»: find sager med alle ordene (titel, beskrivelse, noter, navne) eller en persons sager',
    en: "search «words» | «e-mail»: find cases with every word (title, description, notes, names) or a person's cases",
  },
  similar: {
    audience: 'staff',
    channel: true,
    words: ['similar', 'lignende'],
    da: 'lignende INC-000123: sager der ligner den, med deres løsninger',
    en: 'similar INC-000123: cases like it, with their solutions',
  },
  stats: {
    audience: 'staff',
    channel: true,
    words: ['stats', 'statistik'],
    da: 'stats [gruppe] [week|month|ÅÅÅÅ-MM]: statistik',
    en: 'stats [group] [week|month|YYYY-MM]: statistics',
  },
  major_declare: {
    audience: 'staff',
    channel: true,
    words: ['major declare', 'storsag erklær'],
    da: 'major declare INC-000123 «beskrivelse»: erklær en storsag',
    en: 'major declare INC-000123 «summary»: declare a major incident',
  },
  major_link: {
    audience: 'staff',
    channel: true,
    words: ['major link', 'storsag tilknyt'],
    da: 'major link INC-000124 INC-000123: knyt en sag til en storsag',
    en: 'major link INC-000124 INC-000123: link a case to a major incident',
  },
  major_unlink: {
    audience: 'staff',
    channel: true,
    words: ['major unlink', 'storsag frakobl'],
    da: 'major unlink INC-000124: frakobl sagen igen',
    en: 'major unlink INC-000124: unlink the case again',
  },
  // Personal data stays out of channels and group chats: admin commands work in the personal chat only.
  admin_export: {
    audience: 'admin',
    channel: false,
    words: ['admin export', 'admin eksport'],
    da: 'admin export «e-mail»: udtræk en persons data',
    en: "admin export «e-mail»: export a person's data",
  },
  admin_erase: {
    audience: 'admin',
    channel: false,
    words: ['admin erase', 'admin slet'],
    da: 'admin erase «e-mail»: slet en persons data',
    en: "admin erase «e-mail»: erase a person's data",
  },
};

const intro: Record<Locale, { personal: string; channel: string; channelOutro: string }> = {
  da: {
    personal: 'Beskriv dit problem med dine egne ord, så hjælper jeg dig med at oprette en sag.',
    channel: 'I en kanal eller gruppechat forstår jeg det her (nævn mig først).',
    channelOutro: 'Nye sager oprettes i en personlig chat med mig.',
  },
  en: {
    personal: 'Describe your problem in your own words and I will help you register a case.',
    channel: 'In a channel or group chat I understand the following (mention me first).',
    channelOutro: 'New cases are reported in a personal chat with me.',
  },
};

/**
 * The personal-chat help for one person: the intro, then the commands they may use (everyone's, staff's when
 * support staff, admins' when a catalogue admin) as Markdown lists.
 */
export function teamsHelp(rights: HelpRights, locale: Locale): string {
  return `${intro[locale].personal}\n\n${helpSections(Object.values(TEAMS_HELP), rights, locale, '- ')}`;
}

/** The help in a team channel or group chat: only the commands that work there and that this person may use. */
export function teamsChannelHelp(rights: HelpRights, locale: Locale): string {
  const entries = Object.values(TEAMS_HELP).filter((e) => e.channel);
  const t = intro[locale];
  return `${t.channel}\n\n${helpSections(entries, rights, locale, '- ')}\n\n${t.channelOutro}`;
}
