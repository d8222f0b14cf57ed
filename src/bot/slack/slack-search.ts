import { searchable, typedMatcher } from '../../services/text-match.js';

/**
 * What Slack's searched menus (external_select: categories, intake questions, case card menus, the Escalate modal's
 * groups) find for what was typed: the items that hold every word typed anywhere in one of their texts, case- and
 * accent-insensitive, Danish letters in either spelling ("orsted" and "oersted" find "Ørsted", "aarhus" finds
 * "Århus" and "århus" "Aarhus", "cafe nob" finds "Café Nobel", "kort" finds "Adgangskort", "14" finds "Building 114"
 * too; nothing typed matches all), in their own order, at most `limit`. `textsOf` gives what an item is found by (a
 * choice's label; a category's id, names and keywords): one matcher (`typedMatcher`, which the assign menus' search
 * of a desk's people uses too), so every menu that is searched finds the same way.
 */
export function searchTyped<T>(
  items: readonly T[],
  typed: string,
  limit: number,
  textsOf: (item: T) => readonly string[],
): T[] {
  const matches = typedMatcher(typed);
  const out: T[] = [];
  for (const item of items) {
    if (out.length >= limit) break;
    if (matches(textsOf(item).map(searchable))) out.push(item);
  }
  return out;
}

/** `searchTyped` of menu choices by their label (a question's choices, a card menu's, the Escalate modal's groups). */
export function searchChoices<T extends { label: string }>(choices: readonly T[], typed: string, limit: number): T[] {
  return searchTyped(choices, typed, limit, (c) => [c.label]);
}
