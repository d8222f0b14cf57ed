import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { caseSearchText } from '../../../src/models/case-search.js';
import type { CaseSearchQuery } from '../../../src/models/case-store.js';
import {
  caseSearchFilter,
  caseSearchWordFilters,
  escapeRegex,
  wordPrefixPattern,
} from '../../../src/models/mongo/case-search-filter.js';
import { caseFromDocument, caseToDocument, caseUpdate } from '../../../src/models/mongo/documents.js';
import { buildCase as storedCase, buildPerson } from '../../helpers/case-builder.js';

const NOW = '2025-03-03T10:00:00.000Z';

const buildCase = (overrides: Partial<Case> = {}): Case =>
  storedCase({ number: 'INC-001485', ...overrides }, { description: 'Ingen detaljer', answers: {} });

interface RegexCondition {
  searchText: { $regex: string; $options: string };
}

/**
 * What MongoDB does with the filter, for the operators it holds: every `$and` regex must match `searchText`
 * (read as JavaScript regexes: the patterns use nothing where PCRE and JavaScript differ) and `personEmails` must
 * contain the e-mail.
 */
function matches(filter: Record<string, unknown>, doc: { searchText: string; personEmails: string[] }): boolean {
  const regexes = (filter['$and'] as RegexCondition[] | undefined) ?? [];
  const email = filter['personEmails'] as string | undefined;
  return (
    regexes.every((r) => new RegExp(r.searchText.$regex, r.searchText.$options).test(doc.searchText)) &&
    (email === undefined || doc.personEmails.includes(email))
  );
}

const finds = (c: Case, query: CaseSearchQuery): boolean => {
  const filter = caseSearchFilter(query);
  if (filter === null) return false;
  const doc = caseToDocument(c);
  return matches(filter, { searchText: doc.searchText ?? '', personEmails: doc.personEmails ?? [] });
};

describe('escapeRegex and wordPrefixPattern', () => {
  it('escapes every regex metacharacter so the text matches only itself', () => {
    const text = String.raw`a.b*c+d?e^f$g(h)i[j]k{l}m|n\o/p`;
    const escaped = escapeRegex(text);
    expect(new RegExp(`^${escaped}$`).test(text)).toBe(true);
    expect(new RegExp(escapeRegex('.*')).test('abc')).toBe(false);
  });

  it('anchors a word at the beginning of the text or after a space when building the prefix pattern', () => {
    const re = new RegExp(wordPrefixPattern('print'), 'i');
    expect(re.test('printeren virker')).toBe(true);
    expect(re.test('den printer')).toBe(true);
    expect(re.test('reprint')).toBe(false);
    expect(wordPrefixPattern('øl')).toBe('(?:^| )øl');
  });
});

describe('caseSearchFilter', () => {
  it('builds one trusted prefix regex per cleaned word and filters the e-mail as a plain lower-case string', () => {
    const filter = caseSearchFilter({ words: ['Printer', 'INC-001485', '"*'], personEmail: ' Anna@AU.dk ' });
    expect(filter).not.toBeNull();
    const and = filter!['$and'] as RegexCondition[];
    expect(and.map((c) => c.searchText.$regex)).toEqual(['(?:^| )printer', '(?:^| )inc', '(?:^| )001485']);
    expect(and.every((c) => c.searchText.$options === 'i')).toBe(true);
    expect(and.every((c) => Object.getOwnPropertySymbols(c.searchText).length === 1)).toBe(true);
    expect(filter!['personEmails']).toBe('anna@au.dk');
    // The connection's sanitizeFilter leaves the adapter's own (trusted) operators alone.
    const sanitized = mongoose.sanitizeFilter(filter!) as Record<string, unknown>;
    expect((sanitized['$and'] as RegexCondition[])[0]!.searchText.$regex).toBe('(?:^| )printer');
  });

  it('returns null when no word survives cleaning and no e-mail is given', () => {
    expect(caseSearchFilter({})).toBeNull();
    expect(caseSearchFilter({ words: ['"', '*', '.*', '$', '^', '(', '-'] })).toBeNull();
    expect(caseSearchFilter({ words: [], personEmail: '   ' })).toBeNull();
    expect(caseSearchFilter({ personEmail: 'a@b.dk' })).toEqual({ personEmails: 'a@b.dk' });
  });

  it('keeps an operator-looking e-mail a plain string when the e-mail is not an address', () => {
    const filter = caseSearchFilter({ personEmail: '{"$ne": null}' })!;
    expect(filter['personEmails']).toBe('{"$ne": null}');
    expect(typeof (mongoose.sanitizeFilter(filter) as Record<string, unknown>)['personEmails']).toBe('string');
  });

  it('finds word prefixes, not infixes, case-insensitively with Danish letters, as the SQLite store does', () => {
    const c = buildCase({
      title: 'Printeren på 2. sal',
      user: buildPerson('birgitte', { name: 'Birgitte Nørgaard', email: 'BN@cas.au.dk' }),
      notes: [{ id: 'n1', at: NOW, author: buildPerson('x'), text: 'Øl spildt', visibility: 'internal' }],
      assignee: { id: 'teams:s', name: 'Søren Kjær' },
      vendor: { name: 'Konica Minolta' },
      solution: { text: 'Tastatur skiftet', by: buildPerson('x'), at: NOW },
    });
    for (const words of [
      ['print'],
      ['PRINTEREN', 'sal'],
      ['ØL'],
      ['nørgaard'],
      ['bn@cas.au.dk'],
      ['søren'],
      ['konica'],
      ['tastatur'],
      ['1485'],
      ['INC-001485'],
      ['"printer'],
      ['(printer)'],
      ['-printer'],
      ['printer*'],
    ]) {
      expect(finds(c, { words }), words.join(' ')).toBe(true);
    }
    for (const words of [['rint'], ['ol'], ['printer', 'vpn'], ['.*'], ['p.*r'], ['norgaard'], ['detaljerne']]) {
      expect(finds(c, { words }), words.join(' ')).toBe(false);
    }
    expect(finds(c, { personEmail: 'bn@CAS.au.dk', words: ['print'] })).toBe(true);
    expect(finds(c, { personEmail: 'other@au.dk', words: ['print'] })).toBe(false);
  });
});

describe('caseSearchFilter with excluded ids', () => {
  it('leaves the excluded ids out with a trusted $nin of their distinct strings', () => {
    const filter = caseSearchFilter({ words: ['printer'], excludeIds: ['case-1', 'case-1', '{"$ne": null}'] })!;
    const id = filter['_id'] as { $nin: string[] };
    expect(id.$nin).toEqual(['case-1', '{"$ne": null}']);
    expect(Object.getOwnPropertySymbols(id)).toHaveLength(1);
    expect(
      ((mongoose.sanitizeFilter(filter) as Record<string, unknown>)['_id'] as { $nin: string[] }).$nin,
    ).toHaveLength(2);
    expect(caseSearchFilter({ words: ['printer'], excludeIds: [] })).not.toHaveProperty('_id');
    expect(caseSearchFilter({ excludeIds: ['case-1'] })).toBeNull();
  });
});

describe('caseSearchWordFilters', () => {
  it('builds one filter per cleaned word, each with the trusted prefix regex and the e-mail when given', () => {
    const filters = caseSearchWordFilters({ words: ['Printer', 'INC-001485', '"*'], personEmail: ' Anna@AU.dk ' });
    expect(filters.map((f) => (f as unknown as RegexCondition).searchText.$regex)).toEqual([
      '(?:^| )printer',
      '(?:^| )inc',
      '(?:^| )001485',
    ]);
    for (const f of filters) {
      expect(f['personEmails']).toBe('anna@au.dk');
      expect(Object.getOwnPropertySymbols(f['searchText'])).toHaveLength(1);
      expect(Object.keys(f).sort()).toEqual(['personEmails', 'searchText']);
    }
    expect(Object.keys(caseSearchWordFilters({ words: ['vpn'] })[0]!)).toEqual(['searchText']);
    expect(caseSearchWordFilters({ words: ['"', '.*'], personEmail: 'a@b.dk' })).toEqual([]);
    expect(caseSearchWordFilters({})).toEqual([]);
  });

  it('finds each word as a word prefix, as the filter of every word does', () => {
    const doc = caseToDocument(buildCase({ title: 'Printeren på 2. sal' }));
    const [print, rint] = caseSearchWordFilters({ words: ['print', 'rint'] }) as unknown as RegexCondition[];
    const test = (c: RegexCondition) => new RegExp(c.searchText.$regex, c.searchText.$options).test(doc.searchText!);
    expect(test(print!)).toBe(true);
    expect(test(rint!)).toBe(false);
  });
});

describe('searchText in case documents', () => {
  it('writes the searchable words on insert and update and never hands them back as part of the case', () => {
    const c = buildCase({ title: 'VPN drops', assignee: { id: 'teams:s', name: 'Søren Kjær' } });
    const doc = caseToDocument(c);
    expect(doc.searchText).toBe(caseSearchText(c));
    expect(doc.searchText).toContain('søren kjær');
    expect(caseFromDocument({ ...doc })).toEqual(c);
    expect(caseFromDocument({ ...doc })).not.toHaveProperty('searchText');
    const update = caseUpdate({ ...c, title: 'Printer jams' }, 2, NOW);
    expect(update.$set['searchText']).toBe(caseSearchText({ ...c, title: 'Printer jams' }));
  });
});
