import { describe, expect, it } from 'vitest';
import { renderMessageAdaptive } from '../../src/cards/adaptive/render-message-adaptive.js';
import { MESSAGE_PART_CHARS, splitText, textWeight } from '../../src/cards/message-parts.js';
import { renderMessageBlocks } from '../../src/cards/slack/render-message-blocks.js';

/**
 * A part rendered for Teams and Slack as a public note's message (its header paragraph first): the shown body, not
 * the notification's preview (cut as always).
 */
function rendered(part: string): string[] {
  const view = { kind: 'message' as const, locale: 'en' as const, text: `Jonas writes – part 1 of 9:\n\n${part}` };
  return [JSON.stringify(renderMessageAdaptive(view).body), JSON.stringify(renderMessageBlocks(view).blocks)];
}

describe('splitText', () => {
  it('keeps text within a part as it is', () => {
    expect(splitText('  Short.\n\nNote  ')).toEqual(['  Short.\n\nNote  ']);
  });

  it('cuts at sentence ends, loses nothing, and no part is cut by either renderer', () => {
    const text = Array.from({ length: 400 }, (_, i) => `Sentence ${i} & <b> 😀 æøå here.`).join(' ');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join(' ')).toBe(text);
    for (const p of parts) {
      expect(textWeight(p)).toBeLessThanOrEqual(MESSAGE_PART_CHARS);
      expect(p).toMatch(/here\.$/);
      for (const r of rendered(p)) expect(r).not.toContain('…');
    }
  });

  it('cuts a run without any space between code points, an emoji kept whole', () => {
    const text = '😀'.repeat(6000);
    const parts = splitText(text);
    expect(parts.join('')).toBe(text);
    for (const p of parts) for (const r of rendered(p)) expect(r).not.toContain('…');
  });
});
