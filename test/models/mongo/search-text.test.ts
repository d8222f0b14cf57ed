import { describe, expect, it } from 'vitest';
import { sanitizeSearchText } from '../../../src/models/mongo/search-text.js';

describe('sanitizeSearchText', () => {
  it('keeps plain words, Danish letters included, when the text has no operators', () => {
    expect(sanitizeSearchText('Højttaleren  i mødelokalet\tvirker ikke')).toBe('Højttaleren i mødelokalet virker ikke');
  });

  it('drops quotes and backslashes so no phrase search is formed when the text has them', () => {
    expect(sanitizeSearchText('"eduroam windows" \\"x\\"')).toBe('eduroam windows x');
    expect(sanitizeSearchText('„skærm“ ”lyd”')).toBe('skærm lyd');
  });

  it('strips a leading minus so no word is negated when the text has one', () => {
    expect(sanitizeSearchText('printer -spooler --queue –dash')).toBe('printer spooler queue dash');
    expect(sanitizeSearchText('scan-to-mail')).toBe('scan-to-mail');
  });

  it('returns an empty string when nothing searchable is left', () => {
    for (const text of ['', '   ', '***', '"', '-', '--', '\\', '" - "']) expect(sanitizeSearchText(text)).toBe('');
  });

  it('turns operator-looking input into plain text when it is not a string', () => {
    expect(sanitizeSearchText({ $gt: '' })).toBe('[object Object]');
    expect(sanitizeSearchText(undefined)).toBe('');
  });

  it('caps the length when the text is very long', () => {
    expect(sanitizeSearchText('a'.repeat(2000)).length).toBe(500);
    expect(sanitizeSearchText('ab cd ef', 5)).toBe('ab cd');
  });
});
