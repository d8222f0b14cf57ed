/** Lower case, no accents, Danish letters spelt in plain ones ("Ørsted" → "orsted", "Café" → "cafe", "Æble" → "aeble"). */
function folded(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae');
}

/**
 * `folded` with the Danish letters' two-letter spellings made one with their letters: "aa" as å and "oe" as ø, both
 * then plain ("Aarhus" and "Århus" → "arhus", "Oersted" and "Ørsted" → "orsted"; æ is "ae" in both already).
 */
function danishFolded(text: string): string {
  return folded(text).replace(/aa/g, 'a').replace(/oe/g, 'o');
}

/** A word typed, or an item's text, in both foldings (`folded`, `danishFolded`). */
interface Spellings {
  plain: string;
  danish: string;
}

function spellings(text: string): Spellings {
  return { plain: folded(text), danish: danishFolded(text) };
}

/**
 * Whether `text` holds `word` in either folding: as spelt (no accents) or with the Danish two-letter spellings read as
 * their letters. Either is enough, so the second only adds matches: "oersted" finds "Ørsted" and "højbjerg" finds
 * "Hoejbjerg", while "et" still finds "Poet", where "oe" is no ø.
 */
function holds(text: Spellings, word: Spellings): boolean {
  return text.plain.includes(word.plain) || text.danish.includes(word.danish);
}

/**
 * What Slack's searched menus (external_select: categories, intake questions, case card menus, the Escalate modal's
 * groups) find for what was typed: the items that hold every word typed anywhere in one of their texts, case- and
 * accent-insensitive, Danish letters in either spelling ("orsted" and "oersted" find "Ørsted", "aarhus" finds
 * "Århus" and "århus" "Aarhus", "cafe nob" finds "Café Nobel", "kort" finds "Adgangskort", "14" finds "Building 114"
 * too; nothing typed matches all), in their own order, at most `limit`. `textsOf` gives what an item is found by (a
 * choice's label; a category's id, names and keywords): one matcher, so every menu that is searched finds the same
 * way.
 */
export function searchTyped<T>(
  items: readonly T[],
  typed: string,
  limit: number,
  textsOf: (item: T) => readonly string[],
): T[] {
  const words = typed.split(/\s+/).filter(Boolean).map(spellings);
  const out: T[] = [];
  for (const item of items) {
    if (out.length >= limit) break;
    const texts = textsOf(item).map(spellings);
    if (words.every((w) => texts.some((t) => holds(t, w)))) out.push(item);
  }
  return out;
}

/** `searchTyped` of menu choices by their label (a question's choices, a card menu's, the Escalate modal's groups). */
export function searchChoices<T extends { label: string }>(choices: readonly T[], typed: string, limit: number): T[] {
  return searchTyped(choices, typed, limit, (c) => [c.label]);
}
