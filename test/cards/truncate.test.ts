import { describe, expect, it } from 'vitest';
import { truncate } from '../../src/cards/truncate.js';

describe('truncate', () => {
  it('returns the text unchanged when it fits', () => {
    expect(truncate('hello', 5)).toBe('hello');
  });

  it('ends with an ellipsis within the limit when the text is longer', () => {
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('abcdef', 3)).toHaveLength(3);
  });

  it('never splits an emoji when cutting', () => {
    const out = truncate('😀😀😀😀', 3);
    expect(out).toBe('😀😀…');
  });
});
