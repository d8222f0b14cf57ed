import { expect } from 'vitest';

/**
 * A text of `chars` characters: numbered sentences (`<word>0001 …`) in paragraphs of ten, one paragraph a single run
 * of 6 000 characters without a break, so it has to be cut between sentences; the text and its sentences in order.
 */
export function longText(chars: number, word = 'note'): { text: string; sentences: string[] } {
  const sentences: string[] = [];
  let text = '';
  for (let i = 1; text.length < chars; i++) {
    const s = `${word}${String(i).padStart(4, '0')} the access point on the third floor was restarted and checked again.`;
    sentences.push(s);
    text += (text === '' ? '' : i % 10 === 1 && (i < 60 || i > 140) ? '\n\n' : ' ') + s;
  }
  return { text, sentences };
}

/** Every sentence is there whole, none cut with an ellipsis, in order across the messages `received`. */
export function expectAllOf(received: string[], sentences: string[]): void {
  const all = received.join('\n\n');
  expect(all).not.toContain('…');
  let at = -1;
  for (const s of sentences) {
    const i = all.indexOf(s);
    expect(i, s).toBeGreaterThan(at);
    at = i;
  }
}
