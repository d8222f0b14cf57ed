/** Lower case, no accents, Danish letters spelt in plain ones ("Ørsted" → "orsted", "Café" → "cafe"). */
function folded(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae');
}

/**
 * What Slack's searched menus (external_select: categories, intake questions, case card menus, the Escalate modal's
 * groups) find for what was typed: the items that hold every word typed anywhere in one of their texts, case- and
 * accent-insensitive ("orsted" finds "Ørsted", "cafe nob" finds "Café Nobel", "kort" finds "Adgangskort", "14"
 * finds "Building 114" too; nothing typed matches all), in their own order, at most `limit`. `textsOf` gives what an
 * item is found by (a choice's label; a category's id, names and keywords): one matcher, so every menu that is
 * searched finds the same way.
 */
export function searchTyped<T>(
  items: readonly T[],
  typed: string,
  limit: number,
  textsOf: (item: T) => readonly string[],
): T[] {
  const words = folded(typed).split(/\s+/).filter(Boolean);
  const out: T[] = [];
  for (const item of items) {
    if (out.length >= limit) break;
    const texts = textsOf(item).map(folded);
    if (words.every((w) => texts.some((t) => t.includes(w)))) out.push(item);
  }
  return out;
}

/** `searchTyped` of menu choices by their label (a question's choices, a card menu's, the Escalate modal's groups). */
export function searchChoices<T extends { label: string }>(choices: readonly T[], typed: string, limit: number): T[] {
  return searchTyped(choices, typed, limit, (c) => [c.label]);
}
