import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/models/case.js';
import {
  CASE_SEARCH_WORD_CAP,
  caseSearchExcludeIds,
  caseSearchFields,
  caseSearchLimit,
  caseSearchMatch,
  caseSearchText,
  caseSearchWordCap,
  caseSearchWords,
  countWordHits,
  MAX_SEARCH_WORDS,
  rankingCandidates,
  rankWordHits,
} from '../../src/models/case-search.js';
import { buildCase as storedCase, buildPerson } from '../helpers/case-builder.js';

const NOW = '2025-03-03T10:00:00.000Z';

/** A stored case numbered INC-001485 (its digits are searchable without the zeros). */
const buildCase = (overrides: Partial<Case> = {}): Case => storedCase({ number: 'INC-001485', ...overrides });

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

describe('caseSearchMatch, caseSearchExcludeIds and caseSearchWordCap', () => {
  it("reads 'any' only when asked for and 'all' otherwise", () => {
    expect(caseSearchMatch('any')).toBe('any');
    expect(caseSearchMatch('all')).toBe('all');
    expect(caseSearchMatch(undefined)).toBe('all');
    expect(caseSearchMatch('ANY')).toBe('all');
    expect(caseSearchMatch({ $ne: 'all' })).toBe('all');
  });

  it('keeps the distinct strings of the excluded ids and nothing else', () => {
    expect(caseSearchExcludeIds(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(caseSearchExcludeIds(['a', 1, null, { $ne: 1 }, ''])).toEqual(['a', '']);
    expect(caseSearchExcludeIds(undefined)).toEqual([]);
    expect(caseSearchExcludeIds('a')).toEqual([]);
  });

  it('uses the default cap of 1000 unless given a positive whole number', () => {
    expect(CASE_SEARCH_WORD_CAP).toBe(1000);
    expect(caseSearchWordCap(undefined)).toBe(1000);
    expect(caseSearchWordCap(3)).toBe(3);
    for (const bad of [0, -1, 2.5, Number.NaN, '3']) expect(caseSearchWordCap(bad)).toBe(1000);
  });
});

describe('countWordHits and rankingCandidates', () => {
  it('counts each key once per word list it is in', () => {
    const counts = countWordHits([['a', 'b', 'a'], ['b', 'c'], [], ['b']]);
    expect([...counts]).toEqual([
      ['a', 1],
      ['b', 3],
      ['c', 1],
    ]);
    expect(countWordHits([]).size).toBe(0);
  });

  it('keeps whole the count groups that fit in the limit and asks for the newest of the first that does not', () => {
    const counts = new Map([
      ['one-a', 1],
      ['three', 3],
      ['two-a', 2],
      ['one-b', 1],
      ['two-b', 2],
      ['one-c', 1],
    ]);
    expect(rankingCandidates(counts, 1)).toEqual({ whole: ['three'] });
    expect(rankingCandidates(counts, 2)).toEqual({ whole: ['three'], partial: { keys: ['two-a', 'two-b'], take: 1 } });
    expect(rankingCandidates(counts, 3)).toEqual({ whole: ['three', 'two-a', 'two-b'] });
    expect(rankingCandidates(counts, 5)).toEqual({
      whole: ['three', 'two-a', 'two-b'],
      partial: { keys: ['one-a', 'one-b', 'one-c'], take: 2 },
    });
    expect(rankingCandidates(counts, 20)).toEqual({
      whole: ['three', 'two-a', 'two-b', 'one-a', 'one-b', 'one-c'],
    });
    expect(rankingCandidates(new Map(), 20)).toEqual({ whole: [] });
    expect(rankingCandidates(counts, 0)).toEqual({ whole: [] });
  });
});

describe('rankWordHits', () => {
  it('puts the most words first, then the newest creation time, then the latest stored, at most `limit`', () => {
    const hit = (name: string, count: number, createdAt: string, order: number) => ({ name, count, createdAt, order });
    const hits = [
      hit('old-two', 2, '2025-01-01T00:00:00.000Z', 1),
      hit('new-one', 1, '2025-03-01T00:00:00.000Z', 5),
      hit('new-two', 2, '2025-02-01T00:00:00.000Z', 2),
      hit('same-early', 1, '2025-03-01T00:00:00.000Z', 3),
      hit('three', 3, '2024-01-01T00:00:00.000Z', 4),
    ];
    const names = (ranked: { name: string }[]) => ranked.map((h) => h.name);
    expect(names(rankWordHits(hits, 10))).toEqual(['three', 'new-two', 'old-two', 'new-one', 'same-early']);
    expect(names(rankWordHits(hits, 2))).toEqual(['three', 'new-two']);
    expect(rankWordHits(hits, 0)).toEqual([]);
    expect(names(hits)).toEqual(['old-two', 'new-one', 'new-two', 'same-early', 'three']);
  });

  it('orders case numbers as strings when they are the insertion order', () => {
    const at = '2025-01-01T00:00:00.000Z';
    const ranked = rankWordHits(
      [
        { count: 1, createdAt: at, order: 'INC-000009' },
        { count: 1, createdAt: at, order: 'INC-000010' },
      ],
      5,
    );
    expect(ranked.map((h) => h.order)).toEqual(['INC-000010', 'INC-000009']);
  });
});
