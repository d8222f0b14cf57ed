import { describe, expect, it } from 'vitest';
import { formatShare } from '../../../src/services/reports/report-messages.js';

describe('formatShare', () => {
  it('rounds to whole per cent, and shows a dash for no share', () => {
    expect(formatShare(2 / 3, 'en')).toBe('67 %');
    expect(formatShare(0.5, 'da')).toBe('50 %');
    expect(formatShare(null, 'en')).toBe('–');
  });

  it('never shows 100 % for a share short of all, nor 0 % for a share above none', () => {
    expect(formatShare(199 / 200, 'en')).toBe('99 %');
    expect(formatShare(1 / 200, 'en')).toBe('1 %');
    expect(formatShare(1, 'en')).toBe('100 %');
    expect(formatShare(0, 'en')).toBe('0 %');
  });
});
