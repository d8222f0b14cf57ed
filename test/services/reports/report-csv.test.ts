import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField } from '../../../src/services/reports/report-csv.js';

describe('csvField', () => {
  it('quotes a field with quotes, commas or line breaks and neutralises a leading formula character', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('a,b\nc')).toBe('"a,b\nc"');
    expect(csvField(-3)).toBe('-3');
  });
});

describe('CSV_BOM', () => {
  it('is the UTF-8 byte order mark (EF BB BF once encoded)', () => {
    expect([...Buffer.from(CSV_BOM, 'utf8')]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
