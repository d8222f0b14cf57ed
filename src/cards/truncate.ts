/** The ellipsis appended to text cut to fit a platform limit. */
export const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` characters (code points, so an emoji is never split), ending in an ellipsis when
 * cut. Platform limits (Slack header 150, button 75 …) count characters, so the result always fits.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 0) return '';
  return (
    chars
      .slice(0, max - 1)
      .join('')
      .trimEnd() + ELLIPSIS
  );
}
