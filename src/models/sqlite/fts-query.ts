/** At most this many distinct words of the user's text go into one search. */
export const MAX_TERMS = 32;

/**
 * Splits text into lower-case words (letters, digits and combining marks, so Danish æ, ø, å stay inside words),
 * NFC-normalised the same way the index is fed.
 */
export function ftsWords(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  );
}

/**
 * Builds an FTS5 MATCH expression from free user text, or null when the text has no words. User text is never
 * passed through as FTS syntax: every word is reduced to letters/digits and wrapped in double quotes, and the
 * words are joined with OR so bm25 ranks articles by how many and how rare the matched words are. Words of three
 * or more letters also match as prefixes ("printer" finds "printeren"), which helps with Danish inflection.
 */
export function buildFtsQuery(text: string): string | null {
  const words = [...new Set(ftsWords(text))].slice(0, MAX_TERMS);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replaceAll('"', '""')}"${w.length >= 3 ? '*' : ''}`).join(' OR ');
}
