/**
 * How the bot matches what someone typed into a searched menu against the menu's texts, on Teams and Slack alike:
 * the assign menus' typeahead of a large desk (`searchAssignOptions`) and Slack's searched menus (`searchTyped`).
 * Every word typed must be held by one of an item's texts, case- and accent-insensitive, Danish letters in either
 * spelling ("orsted" and "oersted" find "Ørsted", "aarhus" finds "Århus" and "århus" "Aarhus", "cafe" finds "Café").
 */

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

/** A word typed, or an item's text, in both foldings (`folded`, `danishFolded`): make it once with `searchable`. */
export interface Searchable {
  readonly plain: string;
  readonly danish: string;
}

/** `text` as the matcher reads it; an item searched again and again (a desk's people) keeps this. */
export function searchable(text: string): Searchable {
  return { plain: folded(text), danish: danishFolded(text) };
}

/**
 * Whether `text` holds `word` in either folding: as spelt (no accents) or with the Danish two-letter spellings read as
 * their letters. Either is enough, so the second only adds matches: "oersted" finds "Ørsted" and "højbjerg" finds
 * "Hoejbjerg", while "et" still finds "Poet", where "oe" is no ø.
 */
function holds(text: Searchable, word: Searchable): boolean {
  return text.plain.includes(word.plain) || text.danish.includes(word.danish);
}

/**
 * The test of what was typed: true for an item's texts when every word typed is held by one of them (anywhere in
 * it: "kort" finds "Adgangskort", "14" finds "Building 114"); nothing typed matches every item.
 */
export function typedMatcher(typed: string): (texts: readonly Searchable[]) => boolean {
  const words = typed.split(/\s+/).filter(Boolean).map(searchable);
  return (texts) => words.every((w) => texts.some((t) => holds(t, w)));
}
