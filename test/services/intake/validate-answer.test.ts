import { describe, expect, it } from 'vitest';
import type { Question } from '../../../src/config/catalogue-schema.js';
import { localDateOf } from '../../../src/services/dates.js';
import { cleanText, matchOption, parseDate, validateAnswer } from '../../../src/services/intake/validate-answer.js';

const today = '2025-03-10';
const COPENHAGEN = 'Europe/Copenhagen';
const q = (over: Partial<Question>): Question => ({
  id: 'x',
  kind: 'text',
  label: { da: 'X', en: 'X' },
  required: true,
  ...over,
});

describe('validateAnswer', () => {
  it('stores a skipped optional answer as null when it is blank', () => {
    expect(validateAnswer(q({ required: false }), '  ', 'en', today)).toEqual({ ok: true, value: null });
    expect(validateAnswer(q({ kind: 'date', required: false }), undefined, 'en', today)).toEqual({
      ok: true,
      value: null,
    });
  });

  it('counts characters, not UTF-16 units, when checking the maximum length', () => {
    expect(validateAnswer(q({ maxLength: 3 }), 'æøå', 'da', today)).toEqual({ ok: true, value: 'æøå' });
    expect(validateAnswer(q({ maxLength: 3 }), '😀😀😀😀', 'en', today)).toMatchObject({ ok: false });
  });

  it('applies the default maximum of 2000 when the question sets none', () => {
    expect(validateAnswer(q({}), 'a'.repeat(2000), 'en', today).ok).toBe(true);
    expect(validateAnswer(q({}), 'a'.repeat(2001), 'en', today)).toEqual({
      ok: false,
      reason: 'That is too long: 2001 characters, at most 2000. Please shorten it.',
    });
  });

  it('accepts yes/no in both languages and card booleans when answered', () => {
    const yn = q({ kind: 'yes_no' });
    expect(['ja', 'Yes', true, 'true'].map((v) => validateAnswer(yn, v, 'da', today))).toEqual(
      Array(4).fill({ ok: true, value: true }),
    );
    expect(['nej', 'No.', false, 'false'].map((v) => validateAnswer(yn, v, 'da', today))).toEqual(
      Array(4).fill({ ok: true, value: false }),
    );
    expect(validateAnswer(yn, 'måske', 'da', today)).toEqual({ ok: false, reason: 'Svar venligst ja eller nej.' });
  });

  it('takes a choice label of the other language as that option, and names the options in the locale', () => {
    const printer = q({
      kind: 'choice',
      options: [
        { value: 'hp', label: { da: 'HP', en: 'HP' } },
        { value: 'other', label: { da: 'Anden', en: 'Other' } },
      ],
    });
    expect(validateAnswer(printer, 'Anden', 'en', today)).toEqual({ ok: true, value: 'other' });
    expect(validateAnswer(printer, 'other', 'da', today)).toEqual({ ok: true, value: 'other' });
    expect(validateAnswer(printer, 'Lexmark', 'en', today)).toEqual({
      ok: false,
      reason: expect.stringContaining('HP, Other'),
    });
  });

  it('gives the reason in Danish when the locale is Danish', () => {
    expect(validateAnswer(q({ kind: 'date' }), '30-02-2025', 'da', today)).toEqual({
      ok: false,
      reason: '2025-02-30 er ikke en rigtig dato. Tjek dag og måned.',
    });
  });
});

describe('parseDate', () => {
  it('reads ISO, Danish day-first and relative words when the date is real', () => {
    expect(parseDate('2024-02-29', today)).toBe('2024-02-29');
    expect(parseDate('1.3.2025', today)).toBe('2025-03-01');
    expect(parseDate('i går', today)).toBe('2025-03-09');
    expect(parseDate('today', today)).toBe('2025-03-10');
    expect(parseDate('2025-02-29', today)).toEqual({ unreal: '2025-02-29' });
    expect(parseDate('2025-13-01', today)).toEqual({ unreal: '2025-13-01' });
    expect(parseDate('next week', today)).toBe('format');
  });

  it('reads "yesterday" across a month and a leap day when today is the first', () => {
    expect(parseDate('yesterday', '2024-03-01')).toBe('2024-02-29');
    expect(parseDate('igår', '2025-01-01')).toBe('2024-12-31');
  });
});

describe('validateAnswer on the local day', () => {
  it('reads "i dag", "i går" and the date bounds from the local day when the time is just past midnight', () => {
    const when = q({ kind: 'date' });
    const day = localDateOf(new Date('2024-12-31T23:30:00Z'), COPENHAGEN);
    expect(validateAnswer(when, 'i dag', 'da', day)).toEqual({ ok: true, value: '2025-01-01' });
    expect(validateAnswer(when, 'i går', 'da', day)).toEqual({ ok: true, value: '2024-12-31' });
    // Two years ahead of 1 January 2025 is 1 January 2027, not 31 December 2026.
    expect(validateAnswer(when, '2027-01-01', 'en', day)).toEqual({ ok: true, value: '2027-01-01' });
    expect(validateAnswer(when, '2020-01-01', 'en', day)).toMatchObject({ ok: true });
    expect(validateAnswer(when, '2019-12-31', 'en', day)).toEqual({
      ok: false,
      reason: expect.stringContaining('2020-01-01'),
    });
  });
});

describe('matchOption', () => {
  const options = [
    { value: 'hp', label: 'HP' },
    { value: 'canon', label: 'Canon' },
  ];
  it('matches a value, a label in any case or a number when typed', () => {
    expect(matchOption(options, 'canon')).toBe('canon');
    expect(matchOption(options, 'hp')).toBe('hp');
    expect(matchOption(options, '2')).toBe('canon');
    expect(matchOption(options, '3')).toBeUndefined();
    expect(matchOption(options, '')).toBeUndefined();
  });

  it('matches a label typed with a typographic apostrophe or without its accents', () => {
    const faculty = [
      { value: 'arts', label: 'Arts' },
      { value: 'unknown', label: "Don't know / central administration" },
    ];
    expect(matchOption(faculty, 'Don\u2019t know / central administration')).toBe('unknown');
    expect(matchOption(faculty, 'don\u2019t  know / central administration.')).toBe('unknown');
    const where = [
      { value: 'phone', label: 'På telefonen' },
      { value: 'cafe', label: 'Café' },
    ];
    expect(matchOption(where, 'pa telefonen')).toBe('phone');
    expect(matchOption(where, 'cafe')).toBe('cafe');
    expect(matchOption(where, 'Cafe\u0301')).toBe('cafe');
    expect(matchOption(where, 'telefonen')).toBeUndefined();
  });
});

describe('cleanText', () => {
  it('strips control and invisible characters but keeps line breaks when cleaning', () => {
    expect(cleanText('  a\u0000b\r\nc\u202Ed\tе ')).toBe('ab\ncd е');
  });

  it('keeps the zero-width joiner and non-joiner when they are part of an emoji or a word', () => {
    const coder = '👩\u200D💻';
    const family = '👨\u200D👩\u200D👧';
    const persian = 'می\u200Cخواهم'; // "I want": the non-joiner keeps می and خواهم apart
    expect(cleanText(`My ${coder} laptop`)).toBe(`My ${coder} laptop`);
    expect(cleanText(family)).toBe(family);
    expect(cleanText(persian)).toBe(persian);
    expect(cleanText('क्\u200Dष')).toBe('क्\u200Dष');
  });

  it('still removes NUL, bidi overrides and isolates, marks and stray joiners at the ends', () => {
    expect(cleanText('\u200Dpass\u0000word\u202E\u2066\u200B\u200E\uFEFF\u200C ')).toBe('password');
    expect(cleanText('\u200D \u200C')).toBe('');
  });

  it('keeps tabs for a multi-line text and turns them into spaces otherwise', () => {
    const log = 'Printer\tStatus\nHP-3\tOffline';
    expect(cleanText(log, { multiline: true })).toBe(log);
    expect(cleanText(log)).toBe('Printer Status\nHP-3 Offline');
    expect(validateAnswer(q({}), log, 'en', today)).toEqual({ ok: true, value: log });
    expect(validateAnswer(q({}), '\u200D\t', 'en', today)).toMatchObject({ ok: false });
  });
});
