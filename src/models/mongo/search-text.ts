/**
 * Turns what a person typed into a plain `$text` search string: only words, OR-ed by MongoDB. Quotes (phrase
 * search), a leading minus (negation) and backslashes (escapes) would give the text operator a meaning the user
 * did not ask for, so they are removed; an empty result means "search for nothing" and the caller returns no
 * hits. The length is capped so a pasted log cannot become an expensive query.
 */
export function sanitizeSearchText(input: unknown, maxLength = 500): string {
  const text = String(input ?? '').slice(0, maxLength);
  return text
    .replace(/["“”„\\]/g, ' ')
    .split(/\s+/u)
    .map((word) => word.replace(/^[-‐‑–—]+/u, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .join(' ');
}
