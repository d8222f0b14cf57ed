/**
 * Teams bots cannot send a file attachment with inline content into a personal chat (and a file consent card
 * needs the Teams-specific file upload flow and the user's OneDrive), so an admin's JSON export goes as
 * Markdown messages with the JSON in code blocks. Teams refuses a message whose activity is over about 28 KB, and
 * characters are not bytes: the JSON is split at line ends into parts whose text takes at most `maxBytes`
 * (default `JSON_PART_BYTES`) bytes as it travels — UTF-8 inside the activity's JSON string, where the export's
 * own quotes and line breaks take two bytes each, a Danish letter two, Chinese three and an emoji four — at most
 * `maxParts` (default 25) of them.
 */
export interface JsonMessagesOptions {
  maxBytes?: number;
  maxParts?: number;
}

/** Bytes of a part's text in the activity, leaving room for the rest of it within Teams' ~28 KB. */
export const JSON_PART_BYTES = 24_000;

/** The parts as code-block Markdown, and whether the JSON was longer than `maxParts` parts. */
export interface JsonMessages {
  parts: string[];
  truncated: boolean;
  /** How many parts the whole JSON needed. */
  total: number;
}

const OPEN = '```json\n';
const CLOSE = '\n```';
/** A line break between two lines of a part: `\n` in the activity's JSON. */
const BREAK_BYTES = 2;

/** Bytes `text` takes inside a JSON string: UTF-8, with JSON's escapes. */
function wireBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}

/** `wireBytes` of one code point (a whole surrogate pair, or a lone surrogate, which JSON writes as `\uXXXX`). */
function codePointBytes(cp: number): number {
  if (cp === 0x22 || cp === 0x5c) return 2;
  if (cp < 0x20) return [0x08, 0x09, 0x0a, 0x0c, 0x0d].includes(cp) ? 2 : 6;
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp >= 0xd800 && cp <= 0xdfff) return 6;
  return cp < 0x10000 ? 3 : 4;
}

/** A line whose bytes exceed `max`, cut into pieces of at most `max` bytes, never inside a character. */
function cutLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let used = 0;
  let i = 0;
  for (const ch of line) {
    const cost = codePointBytes(ch.codePointAt(0) ?? 0);
    if (used + cost > max && i > start) {
      pieces.push(line.slice(start, i));
      start = i;
      used = 0;
    }
    used += cost;
    i += ch.length;
  }
  pieces.push(line.slice(start));
  return pieces;
}

/**
 * Splits JSON text into Markdown code blocks. Backticks are written as `\u0060`, which keeps the JSON equal (they
 * can only occur inside strings) and keeps a value from closing the code fence. A line longer than a part is cut.
 */
export function jsonMessages(json: string, opts: JsonMessagesOptions = {}): JsonMessages {
  const maxParts = opts.maxParts ?? 25;
  // What the fence around each part leaves for the JSON (at least one character's worth).
  const budget = Math.max(6, (opts.maxBytes ?? JSON_PART_BYTES) - wireBytes(OPEN + CLOSE));
  const safe = json.replaceAll('`', '\\u0060');
  const chunks: string[] = [];
  let current: string[] = [];
  let used = 0;
  const flush = () => {
    if (current.length > 0) chunks.push(current.join('\n'));
    current = [];
    used = 0;
  };
  for (const line of safe.split('\n')) {
    const bytes = wireBytes(line);
    for (const piece of bytes > budget ? cutLine(line, budget) : [line]) {
      const cost = piece === line ? bytes : wireBytes(piece);
      if (current.length > 0 && used + BREAK_BYTES + cost > budget) flush();
      used += (current.length > 0 ? BREAK_BYTES : 0) + cost;
      current.push(piece);
    }
  }
  flush();
  return {
    parts: chunks.slice(0, maxParts).map((c) => `${OPEN}${c}${CLOSE}`),
    truncated: chunks.length > maxParts,
    total: chunks.length,
  };
}
