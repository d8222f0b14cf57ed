import { z } from 'zod';
import { type Locale, leadingCaseNumber, parseCaseNumber } from '../models/case.js';
import type { CaseSearchTerms } from '../services/lifecycle/queries.js';
import { parseStatsArgs, type StatsArgs } from '../services/reports/report-service.js';

/**
 * The staff and admin chat commands both transports understand (Teams chat text, Slack `/incident …` and DMs):
 * `search <words | email>`, `similar <number>`, `stats [group] [period]`, `admin export|erase <email>`,
 * `major declare <number> <summary…>`, `major link <number> <parent-number>`, `major unlink <number>`. Who may run
 * them is the services' business (they refuse with their own message); this only reads the words.
 */
export type StaffCommand =
  | { kind: 'search'; terms: CaseSearchTerms }
  | { kind: 'similar'; number: string }
  | { kind: 'stats'; args: StatsArgs }
  | { kind: 'admin_export'; email: string }
  | { kind: 'admin_erase'; email: string }
  | { kind: 'major_declare'; number: string; summary: string }
  | { kind: 'major_link'; number: string; parentNumber: string }
  | { kind: 'major_unlink'; number: string };

/** A staff command word with bad arguments: the usage hint in both languages. */
export type StaffCommandParse = { ok: true; command: StaffCommand } | { ok: false; usage: Record<Locale, string> };

const SEARCH_WORDS = new Set(['search', 'søg']);
const SIMILAR_WORDS = new Set(['similar', 'lignende']);
const STATS_WORDS = new Set(['stats', 'statistik']);
const ADMIN_WORDS = new Set(['admin']);
const MAJOR_WORDS = new Set(['major', 'storsag']);
const ADMIN_VERBS: Record<string, 'admin_export' | 'admin_erase'> = {
  export: 'admin_export',
  eksport: 'admin_export',
  eksportér: 'admin_export',
  erase: 'admin_erase',
  slet: 'admin_erase',
};
const MAJOR_VERBS: Record<string, 'major_declare' | 'major_link' | 'major_unlink'> = {
  declare: 'major_declare',
  erklær: 'major_declare',
  link: 'major_link',
  tilknyt: 'major_link',
  unlink: 'major_unlink',
  frakobl: 'major_unlink',
};

/** As long as the declare_major card form allows. */
export const MAX_SUMMARY = 500;

const caseNumber = z.string().transform((v, ctx) => {
  const n = parseCaseNumber(v);
  if (n) return n;
  ctx.addIssue({ code: 'custom', message: 'case_number' });
  return z.NEVER;
});
const emailArg = z.string().trim().min(3).max(254);
/** An argument of `search` taken as a person's e-mail rather than a word. */
const SEARCH_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** At most this many words (and characters per word) in a search: enough for any real query, bounded for the store. */
export const SEARCH_MAX_WORDS = 10;
const SEARCH_MAX_WORD = 60;
const declareArgs = z.tuple([caseNumber, z.string().trim().min(1).max(MAX_SUMMARY)]);
const linkArgs = z.tuple([caseNumber, caseNumber]);
/** One case number and nothing else (`major unlink`). */
const unlinkArgs = z.tuple([caseNumber]);

/** Arguments over a limit: what is too long and the limit, instead of the general usage hint. */
const tooLong = {
  summary: {
    da: `Beskrivelsen af storsagen er for lang: højst ${MAX_SUMMARY} tegn. Skriv en kortere.`,
    en: `The major incident's summary is too long: at most ${MAX_SUMMARY} characters. Please write a shorter one.`,
  },
  searchWord: {
    da: `Et søgeord er for langt: højst ${SEARCH_MAX_WORD} tegn pr. ord.`,
    en: `A search word is too long: at most ${SEARCH_MAX_WORD} characters per word.`,
  },
} satisfies Record<string, Record<Locale, string>>;

/** Usage hints; `cmd` is the prefix people type (`/incident ` on Slack, empty in Teams chat). */
export function staffUsage(
  cmd: string,
): Record<'search' | 'similar' | 'stats' | 'admin' | 'major', Record<Locale, string>> {
  return {
    similar: {
      da: `Skriv ${cmd}lignende INC-000123: sager der ligner den, med deres løsninger (support).`,
      en: `Write ${cmd}similar INC-000123: cases like it, with their solutions (support staff).`,
    },
    search: {
      da:
        `Skriv ${cmd}søg «ord» eller ${cmd}søg «e-mail», fx ${cmd}søg printer 1485 eller ${cmd}søg anna@au.dk ` +
        `(højst ${SEARCH_MAX_WORDS} ord, én e-mail; support).`,
      en:
        `Write ${cmd}search «words» or ${cmd}search «e-mail», e.g. ${cmd}search printer 1485 or ${cmd}search ` +
        `anna@au.dk (at most ${SEARCH_MAX_WORDS} words, one e-mail; support staff).`,
    },
    stats: {
      da:
        `Skriv ${cmd}statistik [gruppe] [periode], fx ${cmd}statistik arts-support måned. ` +
        'Periode: uge, måned, ÅÅÅÅ-MM eller ÅÅÅÅ-Wuu; gruppe: et id eller alle.',
      en:
        `Write ${cmd}stats [group] [period], e.g. ${cmd}stats arts-support month. ` +
        'Period: week, month, YYYY-MM or YYYY-Www; group: an id or all.',
    },
    admin: {
      da: `Skriv ${cmd}admin export «e-mail» eller ${cmd}admin erase «e-mail» (kun administratorer).`,
      en: `Write ${cmd}admin export «e-mail» or ${cmd}admin erase «e-mail» (admins only).`,
    },
    major: {
      da:
        `Skriv ${cmd}major declare INC-000123 «kort beskrivelse», ${cmd}major link INC-000124 INC-000123 ` +
        `eller ${cmd}major unlink INC-000124 (support).`,
      en:
        `Write ${cmd}major declare INC-000123 «short summary», ${cmd}major link INC-000124 INC-000123 ` +
        `or ${cmd}major unlink INC-000124 (support staff).`,
    },
  };
}

/**
 * Reads `text` (mentions stripped, without the slash command itself) as a staff command. Returns null when the
 * first word is none of them, or when `admin`/`major` is not followed by one of its verbs (free text such as
 * "major problem with my laptop" stays a report); a usage hint when the verb is right but the arguments are not.
 * `staff`: whether the person writing is support staff. `search`/`søg` and `similar`/`lignende` are commands only
 * for staff, and `stats`/`statistik` for anyone else only when well-formed; otherwise they are not (null), so a
 * report such as "Search in Outlook finds nothing", "Similar problem as last week" or "Statistik virker ikke i
 * SPSS" stays a report. Slack's `/incident search` passes true, as a slash command is a command whoever types it
 * (the service then says who may search).
 */
export function parseStaffCommand(text: string, cmd = '', staff = true): StaffCommandParse | null {
  const words = text.trim().replace(/^\//, '').split(/\s+/).filter(Boolean);
  const [first = '', second = '', ...rest] = words;
  const word = first.toLowerCase();
  const usage = staffUsage(cmd);
  if (SEARCH_WORDS.has(word)) return staff ? parseSearch(words.slice(1), usage.search) : null;
  if (SIMILAR_WORDS.has(word)) {
    if (!staff) return null;
    const number = parseCaseNumber(words.slice(1).join(' '));
    return number ? { ok: true, command: { kind: 'similar', number } } : { ok: false, usage: usage.similar };
  }
  if (STATS_WORDS.has(word)) {
    const args = parseStatsArgs(words.slice(1).join(' '));
    // For anyone but staff only a well-formed command is one (the service then says it is for staff): words that
    // are no group and period, as in "Statistik virker ikke i SPSS", are a report, not a usage hint.
    if ('error' in args) return staff ? { ok: false, usage: usage.stats } : null;
    return { ok: true, command: { kind: 'stats', args } };
  }
  if (ADMIN_WORDS.has(word)) {
    const kind = ADMIN_VERBS[second.toLowerCase()];
    if (!kind) return second === '' ? { ok: false, usage: usage.admin } : null;
    const email = emailArg.safeParse(rest.join(' '));
    return email.success && rest.length === 1
      ? { ok: true, command: { kind, email: email.data } }
      : { ok: false, usage: usage.admin };
  }
  if (MAJOR_WORDS.has(word)) {
    const kind = MAJOR_VERBS[second.toLowerCase()];
    if (!kind) return second === '' ? { ok: false, usage: usage.major } : null;
    const bad = { ok: false as const, usage: usage.major };
    // The first case number, written as `status` and `add` take it (`INC-5`, also apart: `inc 5`), and what follows.
    const lead = leadingCaseNumber(rest.join(' '));
    switch (kind) {
      case 'major_declare': {
        if (lead && lead.rest.length > MAX_SUMMARY) return { ok: false, usage: tooLong.summary };
        const parsed = declareArgs.safeParse([lead?.number ?? '', lead?.rest ?? '']);
        return parsed.success ? { ok: true, command: { kind, number: parsed.data[0], summary: parsed.data[1] } } : bad;
      }
      case 'major_link': {
        const parsed = linkArgs.safeParse([lead?.number ?? '', lead?.rest ?? '']);
        return parsed.success
          ? { ok: true, command: { kind, number: parsed.data[0], parentNumber: parsed.data[1] } }
          : bad;
      }
      case 'major_unlink': {
        const parsed = unlinkArgs.safeParse([rest.join(' ')]);
        return parsed.success ? { ok: true, command: { kind, number: parsed.data[0] } } : bad;
      }
    }
  }
  return null;
}

/** `search` arguments: one e-mail at most (the person whose cases), the rest words; at least one of them. */
function parseSearch(args: readonly string[], usage: Record<Locale, string>): StaffCommandParse {
  const emails = args.filter((a) => SEARCH_EMAIL.test(a));
  const words = args.filter((a) => !SEARCH_EMAIL.test(a));
  if (words.some((w) => w.length > SEARCH_MAX_WORD)) return { ok: false, usage: tooLong.searchWord };
  const fits = words.length <= SEARCH_MAX_WORDS;
  if (args.length === 0 || emails.length > 1 || !fits || (emails[0] ?? '').length > 254) return { ok: false, usage };
  const terms: CaseSearchTerms = { words, ...(emails[0] ? { personEmail: emails[0] } : {}) };
  return { ok: true, command: { kind: 'search', terms } };
}
