/**
 * Teams bots cannot send a file attachment with inline content into a personal chat (and a file consent card
 * needs the Teams-specific file upload flow and the user's OneDrive), so an admin's JSON export goes as
 * Markdown messages with the JSON in code blocks. A Teams message holds about 28 KB: the JSON is split at line
 * ends into parts of at most `maxChars` (default 20 000) characters, at most `maxParts` (default 25) of them.
 */
export interface JsonMessagesOptions {
  maxChars?: number;
  maxParts?: number;
}

/** The parts as code-block Markdown, and whether the JSON was longer than `maxParts` parts. */
export interface JsonMessages {
  parts: string[];
  truncated: boolean;
  /** How many parts the whole JSON needed. */
  total: number;
}

/**
 * Splits JSON text into Markdown code blocks. Backticks are written as `\u0060`, which keeps the JSON equal (they
 * can only occur inside strings) and keeps a value from closing the code fence. A line longer than a part is cut.
 */
export function jsonMessages(json: string, opts: JsonMessagesOptions = {}): JsonMessages {
  const maxChars = opts.maxChars ?? 20_000;
  const maxParts = opts.maxParts ?? 25;
  const safe = json.replaceAll('`', '\\u0060');
  const chunks: string[] = [];
  let current = '';
  for (const line of safe.split('\n')) {
    for (let i = 0; i < Math.max(1, line.length); i += maxChars) {
      const piece = line.slice(i, i + maxChars);
      const next = current === '' ? piece : `${current}\n${piece}`;
      if (next.length > maxChars && current !== '') {
        chunks.push(current);
        current = piece;
      } else {
        current = next;
      }
    }
  }
  if (current !== '') chunks.push(current);
  return {
    parts: chunks.slice(0, maxParts).map((c) => `\`\`\`json\n${c}\n\`\`\``),
    truncated: chunks.length > maxParts,
    total: chunks.length,
  };
}
