import type { Question } from '../../config/catalogue-schema.js';
import type { AnswerValue, Locale } from '../../models/case.js';
import { OTHER_LOCALE } from '../i18n.js';
import { addDays } from '../dates.js';
import { intakeMessages } from './intake-messages.js';

/** Longest text answer when the catalogue's question sets no `maxLength`. */
export const DEFAULT_TEXT_MAX = 2000;
/** Dates further back than this many years are refused as a typo. */
const DATE_YEARS_BACK = 5;
/** Dates further ahead than this many years are refused as a typo. */
const DATE_YEARS_AHEAD = 2;

export type AnswerCheck = { ok: true; value: AnswerValue } | { ok: false; reason: string };

/**
 * Control characters other than tab and newline (C0, DEL, C1), and invisible formatting marks: the zero-width
 * space, the left-to-right/right-to-left marks, the bidi embeddings, overrides and isolates, and the byte-order
 * mark. The zero-width non-joiner and joiner (U+200C, U+200D) are not among them: they are part of the text in
 * emoji sequences (👩‍💻) and in Persian and Indic scripts.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** Blanks and joiners at either end: a joiner only means something between two characters. */
const EDGES = /^[\s\u200C\u200D]+|[\s\u200C\u200D]+$/g;

/**
 * Removes control characters, unifies line ends, trims; keeps ordinary line breaks. Tabs become spaces unless
 * `multiline` (a description or a text answer, where a pasted table or log keeps its columns).
 */
export function cleanText(raw: string, opts: { multiline?: boolean } = {}): string {
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n');
  return (opts.multiline ? text : text.replace(/\t/g, ' ')).replace(CONTROL, '').replace(EDGES, '');
}

const YES = new Set(['yes', 'y', 'ja', 'j', 'true', '1', 'on']);
const NO = new Set(['no', 'n', 'nej', 'false', '0', 'off']);

/** Reads a yes/no answer: booleans, or yes/ja/no/nej (and true/false from card toggles); undefined otherwise. */
export function parseYesNo(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw !== 'string') return undefined;
  const v = raw
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return undefined;
}

/**
 * A label as typed on any keyboard: without accents and rings ("på" → "pa", "é" → "e"; æ and ø stay), with the
 * typographic apostrophes and quotes phones and Macs put in ("Don’t") as plain ones, and single spaces.
 */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u201A\u201B\u02BC\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"')
    .replace(/\s+/g, ' ');
}

/**
 * Finds the option a submitted or typed value means: its value, its label (any case; typed without accents or
 * with typographic apostrophes too, see `folded`) or its 1-based number in the list. Returns the option's value
 * or undefined.
 */
export function matchOption(options: readonly { value: string; label: string }[], raw: string): string | undefined {
  const v = raw
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');
  if (v === '') return undefined;
  const exact = options.find((o) => o.value.toLowerCase() === v || o.label.toLowerCase() === v);
  if (exact) return exact.value;
  if (/^\d{1,3}$/.test(v)) return options[Number(v) - 1]?.value;
  const f = folded(v);
  return options.find((o) => folded(o.label.toLowerCase()) === f)?.value;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Reads a date: `YYYY-MM-DD` (what date pickers submit), or typed `DD-MM-YYYY` / `DD.MM.YYYY` / `DD/MM/YYYY`,
 * or today/i dag, yesterday/i går (from `today`, the local day: see `localDateOf`). Returns the ISO day, 'format'
 * when unreadable or 'unreal' for 2025-02-30.
 */
export function parseDate(raw: string, today: string): string | 'format' | { unreal: string } {
  const v = raw.trim().toLowerCase();
  if (v === 'today' || v === 'i dag' || v === 'idag') return today;
  if (v === 'yesterday' || v === 'i går' || v === 'igår') return addDays(today, -1);
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  const dmy = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(v);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else return 'format';
  const text = `${y}-${pad(m)}-${pad(d)}`;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { unreal: text };
  return text;
}

/** The options of a choice or yes/no question in the user's language (yes/no as `yes`/`no`). */
export function questionOptions(q: Question, locale: Locale): { value: string; label: string }[] {
  if (q.kind === 'yes_no') {
    const m = intakeMessages[locale];
    return [
      { value: 'yes', label: m.yes },
      { value: 'no', label: m.no },
    ];
  }
  return (q.options ?? []).map((o) => ({ value: o.value, label: o.label[locale] }));
}

/**
 * Validates one answer by the question's kind. Text: control characters stripped (tabs kept), non-empty when
 * required, at most `maxLength` (default 2000). Choice: one of the options (value, label in either language, or
 * number). Date: a real day, at most 5 years back and 2 years ahead of `today` (the local day, `YYYY-MM-DD`: see
 * `localDateOf`). Yes/no: yes/no, ja/nej or a boolean. A blank answer to an optional question is stored as `null` (skipped). The reason
 * is in the user's language.
 */
export function validateAnswer(q: Question, raw: unknown, locale: Locale, today: string): AnswerCheck {
  const m = intakeMessages[locale];
  const text =
    typeof raw === 'string'
      ? cleanText(raw, { multiline: q.kind === 'text' })
      : typeof raw === 'number'
        ? String(raw)
        : undefined;
  const blank = raw === undefined || raw === null || text === '';
  if (blank) return q.required ? { ok: false, reason: m.required } : { ok: true, value: null };

  switch (q.kind) {
    case 'text': {
      if (text === undefined) return { ok: false, reason: m.required };
      const max = q.maxLength ?? DEFAULT_TEXT_MAX;
      const length = [...text].length;
      if (length > max) return { ok: false, reason: m.tooLong({ max, length }) };
      return { ok: true, value: text };
    }
    case 'choice': {
      const options = questionOptions(q, locale);
      // A label in the other language is the same option: the card was shown before the language changed (Teams
      // on a Danish phone and an English desktop), or the person writes Danish in an English chat.
      const value =
        text === undefined
          ? undefined
          : (matchOption(options, text) ?? matchOption(questionOptions(q, OTHER_LOCALE[locale]), text));
      if (value === undefined)
        return { ok: false, reason: m.notAnOption({ options: options.map((o) => o.label).join(', ') }) };
      return { ok: true, value };
    }
    case 'yes_no': {
      const value = parseYesNo(typeof raw === 'boolean' ? raw : text);
      if (value === undefined) return { ok: false, reason: m.yesNo };
      return { ok: true, value };
    }
    case 'date': {
      if (text === undefined) return { ok: false, reason: m.dateFormat };
      const parsed = parseDate(text, today);
      if (parsed === 'format') return { ok: false, reason: m.dateFormat };
      if (typeof parsed !== 'string') return { ok: false, reason: m.dateNotReal(parsed.unreal) };
      const year = Number(today.slice(0, 4));
      const from = `${year - DATE_YEARS_BACK}${today.slice(4)}`;
      const to = `${year + DATE_YEARS_AHEAD}${today.slice(4)}`;
      if (parsed < from || parsed > to) return { ok: false, reason: m.dateRange({ from, to }) };
      return { ok: true, value: parsed };
    }
  }
}
