/**
 * Shares of the per-element text caps tried in turn while a rendered card or message is over what its platform
 * accepts in all (Teams: bytes of card JSON; Slack: characters of block text). The full caps come first, so
 * anything within the budget renders exactly as the caps alone would.
 */
export const SHRINK_STEPS = [1, 0.5, 0.25, 0.1, 0.02] as const;

/** The last and smallest of `SHRINK_STEPS`: what a renderer falls back to when nothing fitted. */
export const SMALLEST_SHARE = SHRINK_STEPS[SHRINK_STEPS.length - 1] ?? 0.02;

/** A text cap scaled by `share`, never below 20 characters, so every cut text still says something. */
export function scaledCap(limit: number, share: number): number {
  return Math.max(20, Math.floor(limit * share));
}

/**
 * Bytes of `value` as UTF-8 JSON, which is what Teams counts against its ~28 KB message limit: an emoji takes 4
 * bytes, a Danish letter 2, and a quote, backslash, line break or control character 2–6 once escaped.
 */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Renders at each of `SHRINK_STEPS` in turn and gives back the first rendering `fits` accepts. When none does,
 * it gives the one at `SMALLEST_SHARE` with `fits: false`, so the caller may leave out more (sub-forms …).
 */
export function shrinkToFit<T>(
  render: (share: number) => T,
  fits: (rendered: T) => boolean,
): { rendered: T; fits: boolean } {
  let rendered = render(SHRINK_STEPS[0]);
  for (const share of SHRINK_STEPS.slice(1)) {
    if (fits(rendered)) return { rendered, fits: true };
    rendered = render(share);
  }
  return { rendered, fits: fits(rendered) };
}
