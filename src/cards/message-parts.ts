/**
 * Characters of user text one personal message carries whole on both platforms: within a Slack section (3 000
 * characters once escaped) and Slack's text budget, and a Teams paragraph (4 000) and card bytes, with room for the
 * message's own first paragraph. `textWeight` counts what escaping makes longer, so even such text is never cut.
 */
export const MESSAGE_PART_CHARS = 2500;

/**
 * Characters `text` can take once rendered: Slack writes `&` as `&amp;` and `<`, `>` as `&lt;`, `&gt;`, and counts
 * an emoji (beyond 16 bits) as two; Teams' byte budget leaves room for 6 bytes a character.
 */
export function textWeight(text: string): number {
  let weight = 0;
  for (const ch of text) weight += ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch.length;
  return weight;
}

/** Preferred places to cut, best first: a paragraph break, a line break, a sentence's end, any space. */
const BOUNDARIES = [/\n[ \t]*\n/g, /\n/g, /[.!?…:;](?=\s)/g, /\s/g];

/**
 * `text` in consecutive parts of at most `max` (`textWeight`) each, nothing left out: cut at the last paragraph
 * break within the limit, else the last line break, sentence's end or space (each only in the limit's second half,
 * so a part is never much shorter than it could be), else between two code points. Text within `max` is one part.
 */
export function splitText(text: string, max = MESSAGE_PART_CHARS): string[] {
  if (textWeight(text) <= max) return [text];
  const parts: string[] = [];
  let rest = text.trim();
  while (textWeight(rest) > max) {
    const chars = Array.from(rest);
    let weight = 0;
    let fits = 0;
    while (fits < chars.length && weight + textWeight(chars[fits] ?? '') <= max)
      weight += textWeight(chars[fits++] ?? '');
    const head = chars.slice(0, Math.max(fits, 1)).join('');
    let cut = head.length;
    for (const boundary of BOUNDARIES) {
      let last = -1;
      for (const m of head.matchAll(boundary)) {
        // A sentence's end stays with its sentence; a break or space goes.
        const end = /^[.!?…:;]$/.test(m[0]) ? m.index + m[0].length : m.index;
        if (end >= head.length / 2) last = end;
      }
      if (last > 0) {
        cut = last;
        break;
      }
    }
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

/** One message of a text sent in parts: its text, and which part it is when there is more than one. */
export interface MessagePart {
  text: string;
  part?: { n: number; of: number };
}

/**
 * The outbox key of part `i` (from 0) of a text sent in parts: the first keeps `what`, the others are `what-2`,
 * `what-3` … (`sep` before the number), so a retried change sends none of them twice.
 */
export function partKey(what: string, i: number, sep = '-'): string {
  return i === 0 ? what : `${what}${sep}${i + 1}`;
}

/** `splitText`'s parts as messages: a text that fits is one message with no part number. */
export function messageParts(text: string): MessagePart[] {
  const parts = splitText(text);
  return parts.map((t, i) => (parts.length > 1 ? { text: t, part: { n: i + 1, of: parts.length } } : { text: t }));
}
