import { describe, expect, it } from 'vitest';
import { formatCaseNumber, leadingCaseNumber, parseCaseNumber } from '../../src/models/case.js';

describe('parseCaseNumber', () => {
  it('reads the usual spellings into the canonical form the store keeps', () => {
    expect(parseCaseNumber('inc-123')).toBe('INC-000123');
    expect(parseCaseNumber('#SR-7')).toBe('SR-000007');
    expect(parseCaseNumber(' INC000123 ')).toBe('INC-000123');
    expect(formatCaseNumber('incident', 123)).toBe('INC-000123');
  });

  it('reads a space between prefix and digits, any dash and full-width characters', () => {
    expect(parseCaseNumber('inc 123')).toBe('INC-000123');
    expect(parseCaseNumber('INC - 123')).toBe('INC-000123');
    for (const dash of ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFF0D']) {
      expect(parseCaseNumber(`INC${dash}000123`)).toBe('INC-000123');
    }
    expect(parseCaseNumber('INC-\uFF10\uFF10\uFF10\uFF11\uFF12\uFF13')).toBe('INC-000123');
    expect(parseCaseNumber('\uFF29\uFF2E\uFF23\uFF0D\uFF11')).toBe('INC-000001');
    expect(parseCaseNumber('INC\u00A0123')).toBe('INC-000123');
  });

  it('returns null when the text is not a case number', () => {
    expect(parseCaseNumber('printer')).toBeNull();
    expect(parseCaseNumber('INC-')).toBeNull();
    expect(parseCaseNumber('INC-1234567890')).toBeNull();
    expect(parseCaseNumber('INC-12 and more')).toBeNull();
    expect(parseCaseNumber('INC\n123')).toBeNull();
    expect(parseCaseNumber('INC--123')).toBeNull();
  });
});

describe('leadingCaseNumber', () => {
  it('splits a case number in any accepted form from the text after it, keeping that text as written', () => {
    expect(leadingCaseNumber('inc 123 the printer\nis still broken')).toEqual({
      number: 'INC-000123',
      rest: 'the printer\nis still broken',
    });
    expect(leadingCaseNumber('INC\u2011000123 more ｆｕｌｌ text')).toEqual({
      number: 'INC-000123',
      rest: 'more ｆｕｌｌ text',
    });
    expect(leadingCaseNumber('\uFF29\uFF2E\uFF23\uFF0D\uFF11 x')).toEqual({ number: 'INC-000001', rest: 'x' });
    expect(leadingCaseNumber('SR-7')).toEqual({ number: 'SR-000007', rest: '' });
  });

  it('returns null when the text does not start with a case number', () => {
    expect(leadingCaseNumber('a printer to my PC')).toBeNull();
    expect(leadingCaseNumber('INC-12abc text')).toBeNull();
    expect(leadingCaseNumber('')).toBeNull();
  });
});
