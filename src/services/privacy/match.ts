/**
 * How export, erase and retention find a person's e-mail addresses, ids and names in what the bot stores: always
 * whole, never as a part of something longer. Someone else's address that merely ends or starts with the person's
 * (karen.moeller@au.dk, moeller@au.dk.example.org for moeller@au.dk) is someone else's, and so is an id that merely
 * starts with theirs (slack:U0BOX for slack:U0BO).
 */

/** Any e-mail address. */
export const ANY_EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `term` as a whole word (not inside a longer word or number), any case. */
export const wholeWord = (term: string, flags = 'giu'): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(term)}(?![\\p{L}\\p{N}])`, flags);

/**
 * Not preceded by a character that would make it the end of a longer address or id (a letter, digit, `.`, `_`,
 * `%`, `+` or `-`), nor followed by one that would continue it (a letter, digit, `_`, `%`, `+`, `-`, or a `.` that
 * goes on: "moeller@au.dk." at the end of a sentence is the address).
 */
const BEFORE = '(?<![\\p{L}\\p{N}._%+-])';
const AFTER = '(?![\\p{L}\\p{N}_%+-]|\\.[\\p{L}\\p{N}])';

/** The e-mail addresses and ids to look for (a `Subject`'s). */
export interface AddressesAndIds {
  emails: ReadonlySet<string>;
  ids: ReadonlySet<string>;
}

interface Compiled {
  key: string;
  /** For `test` (no `g`: it keeps no position between calls) and for `replace`. */
  test: RegExp | null;
  all: RegExp | null;
}

const compiled = new WeakMap<ReadonlySet<string>, Compiled>();

/**
 * One pattern for the whole set: e-mails case-insensitive (an address is one whatever its case), ids as they are
 * (`caseSensitive`: a platform id's case is part of it). Kept with the set itself (never in a list of its own, which
 * would keep an erased person's address in memory), made again when the set changed.
 */
function patternOf(values: ReadonlySet<string>, caseSensitive: boolean): Compiled {
  const key = [...values].join('\u0000');
  const known = compiled.get(values);
  if (known?.key === key) return known;
  const parts = [...values]
    .filter((v) => v !== '')
    .sort((a, b) => b.length - a.length)
    .map(escapeRe);
  const source = parts.length > 0 ? `${BEFORE}(?:${parts.join('|')})${AFTER}` : '';
  const flags = caseSensitive ? 'u' : 'iu';
  const made: Compiled = {
    key,
    test: source ? new RegExp(source, flags) : null,
    all: source ? new RegExp(source, `g${flags}`) : null,
  };
  compiled.set(values, made);
  return made;
}

/** True when the text holds one of these e-mail addresses (any case) or ids, whole. */
export function holdsAddressOrId(text: string, s: AddressesAndIds): boolean {
  return patternOf(s.emails, false).test?.test(text) === true || patternOf(s.ids, true).test?.test(text) === true;
}

/** The text with each of these e-mail addresses (any case) and ids, whole, replaced by `by`. */
export function replaceAddressesAndIds(text: string, s: AddressesAndIds, by: string): string {
  let out = text;
  const emails = patternOf(s.emails, false).all;
  if (emails) out = out.replace(emails, by);
  const ids = patternOf(s.ids, true).all;
  if (ids) out = out.replace(ids, by);
  return out;
}

/** True when `test` holds for one of the strings of a stored value: its string values and its keys, at any depth. */
export function someString(value: unknown, test: (text: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => someString(v, test));
  return Object.entries(value).some(([k, v]) => test(k) || someString(v, test));
}

/** True when a stored value holds one of these e-mail addresses or ids, whole, in any of its strings. */
export function valueHoldsAddressOrId(value: unknown, s: AddressesAndIds): boolean {
  return someString(value, (t) => holdsAddressOrId(t, s));
}
