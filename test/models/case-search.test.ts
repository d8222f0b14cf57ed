import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/models/case.js';
import {
  caseSearchFields,
  caseSearchLimit,
  caseSearchText,
  caseSearchWords,
  MAX_SEARCH_WORDS,
} from '../../src/models/case-search.js';
import { buildNewCase, buildPerson } from '../helpers/case-builder.js';

const NOW = '2025-03-03T10:00:00.000Z';

function buildCase(overrides: Partial<Case> = {}): Case {
  return {
    ...buildNewCase(),
    id: 'case-1',
    number: 'INC-001485',
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    ...overrides,
  };
}

describe('caseSearchText', () => {
  it('holds the words of every searchable field, lower case, when the case has them all', () => {
    const agent = { id: 'teams:s', name: 'Søren Kjær', email: 'soren@au.dk' };
    const c = buildCase({
      title: 'Printeren på 2. sal',
      description: 'Bygning 1481',
      user: buildPerson('anna', { name: 'Anna Berg', email: 'Anna.Berg@cas.au.dk' }),
      reporter: buildPerson('bo', { name: 'Bo Nielsen', email: 'bo@au.dk' }),
      assignee: agent,
      notes: [
        { id: 'n1', at: NOW, author: agent, text: 'Intern: toner', visibility: 'internal' },
        { id: 'n2', at: NOW, author: agent, text: 'Offentlig', visibility: 'public' },
      ],
      solution: { text: 'Genstart', by: agent, at: NOW },
      vendor: { name: 'Konica Minolta', reference: 'KM-77' },
      answers: { building: 'hemmeligt-svar' },
      categoryId: 'printing',
    });
    const text = caseSearchText(c);
    expect(text).toBe(
      'inc 001485 1485 printeren på 2 sal bygning 1481 genstart intern toner offentlig anna berg anna berg cas au dk ' +
        'bo nielsen bo au dk konica minolta søren kjær',
    );
    expect(text).not.toContain('km');
    expect(text).not.toContain('hemmeligt');
    expect(text).not.toContain('printing');
    expect(text).not.toContain('soren');
  });

  it('keeps the assignee apart in the fields and leaves out what a case does not have', () => {
    const c = buildCase({ title: 'VPN', description: '' });
    const fields = caseSearchFields(c);
    expect(fields.assignee).toBe('');
    expect(fields.text).toContain('VPN');
    expect(caseSearchText(c)).toBe('inc 001485 1485 vpn anna jensen anna au dk');
    expect(caseSearchFields({ ...c, assignee: { id: 'x', name: 'Søren' } }).assignee).toBe('Søren');
  });

  it('cuts combined characters to the composed form so both spellings of a Danish letter are the same word', () => {
    const c = buildCase({ title: 'Mo\u0308de i A\u030Arhus', description: '' });
    expect(caseSearchText(c)).toContain('möde i århus');
  });
});

describe('caseSearchWords', () => {
  it('cuts words as the text is cut and drops what holds no letter or digit', () => {
    expect(caseSearchWords(['Printer', 'INC-001485', '"', '*', 'NEAR(', '-x', '.*', '$', '^', 'ØL'])).toEqual([
      'printer',
      'inc',
      '001485',
      'near',
      'x',
      'øl',
    ]);
    expect(caseSearchWords(['printer', 'PRINTER'])).toEqual(['printer']);
    expect(caseSearchWords(undefined)).toEqual([]);
    expect(caseSearchWords(['', '  ', '***'])).toEqual([]);
  });

  it('uses at most MAX_SEARCH_WORDS words when given more', () => {
    const many = Array.from({ length: 50 }, (_, i) => `w${i}`);
    expect(caseSearchWords(many)).toHaveLength(MAX_SEARCH_WORDS);
  });
});

describe('caseSearchLimit', () => {
  it('defaults to 20 and clamps to 1..200', () => {
    expect(caseSearchLimit(undefined)).toBe(20);
    expect(caseSearchLimit(Number.NaN)).toBe(20);
    expect(caseSearchLimit(0)).toBe(1);
    expect(caseSearchLimit(-5)).toBe(1);
    expect(caseSearchLimit(7.9)).toBe(7);
    expect(caseSearchLimit(10_000)).toBe(200);
  });
});
