import { z } from 'zod';
import { type Locale, parseCaseNumber } from '../models/case.js';
import { parseStatsArgs, type StatsArgs } from '../services/reports/report-service.js';

/**
 * The staff and admin chat commands both transports understand (Teams chat text, Slack `/incident …` and DMs):
 * `stats [group] [period]`, `admin export|erase <email>`, `major declare <number> <summary…>`, `major link
 * <number> <parent-number>`, `major unlink <number>`. Who may run them is the services' business (they refuse
 * with their own message); this only reads the words.
 */
export type StaffCommand =
  | { kind: 'stats'; args: StatsArgs }
  | { kind: 'admin_export'; email: string }
  | { kind: 'admin_erase'; email: string }
  | { kind: 'major_declare'; number: string; summary: string }
  | { kind: 'major_link'; number: string; parentNumber: string }
  | { kind: 'major_unlink'; number: string };

/** A staff command word with bad arguments: the usage hint in both languages. */
export type StaffCommandParse = { ok: true; command: StaffCommand } | { ok: false; usage: Record<Locale, string> };

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
const declareArgs = z.tuple([caseNumber, z.string().trim().min(1).max(MAX_SUMMARY)]);
const linkArgs = z.tuple([caseNumber, caseNumber]);
const unlinkArgs = z.tuple([caseNumber]);

/** Usage hints; `cmd` is the prefix people type (`/incident ` on Slack, empty in Teams chat). */
export function staffUsage(cmd: string): Record<'stats' | 'admin' | 'major', Record<Locale, string>> {
  return {
    stats: {
      da: `Skriv ${cmd}stats [gruppe] [periode], fx ${cmd}stats arts-support month. Periode: week, month eller ÅÅÅÅ-MM.`,
      en: `Write ${cmd}stats [group] [period], e.g. ${cmd}stats arts-support month. Period: week, month or YYYY-MM.`,
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
 */
export function parseStaffCommand(text: string, cmd = ''): StaffCommandParse | null {
  const words = text.trim().replace(/^\//, '').split(/\s+/).filter(Boolean);
  const [first = '', second = '', ...rest] = words;
  const word = first.toLowerCase();
  const usage = staffUsage(cmd);
  if (STATS_WORDS.has(word)) {
    const args = parseStatsArgs(words.slice(1).join(' '));
    return 'error' in args ? { ok: false, usage: usage.stats } : { ok: true, command: { kind: 'stats', args } };
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
    switch (kind) {
      case 'major_declare': {
        const parsed = declareArgs.safeParse([rest[0] ?? '', rest.slice(1).join(' ')]);
        return parsed.success ? { ok: true, command: { kind, number: parsed.data[0], summary: parsed.data[1] } } : bad;
      }
      case 'major_link': {
        const parsed = linkArgs.safeParse(rest);
        return parsed.success
          ? { ok: true, command: { kind, number: parsed.data[0], parentNumber: parsed.data[1] } }
          : bad;
      }
      case 'major_unlink': {
        const parsed = unlinkArgs.safeParse(rest);
        return parsed.success ? { ok: true, command: { kind, number: parsed.data[0] } } : bad;
      }
    }
  }
  return null;
}
