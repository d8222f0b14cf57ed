/** Splits plain text into paragraphs on blank lines, dropping empty ones; both renderers show one block each. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
