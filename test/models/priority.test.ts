import { describe, expect, it } from 'vitest';
import { prioritiesSchema } from '../../src/config/catalogue-schema.js';
import { impactChoices, priorityFrom, urgencyChoices } from '../../src/models/priority.js';

const level = (name: string, response: number, resolution: number) => ({
  name: { da: name, en: name },
  responseMinutes: response,
  resolutionMinutes: resolution,
});

// Deliberately asymmetric so a swapped impact/urgency lookup is caught.
const priorities = prioritiesSchema.parse({
  matrix: {
    high: { high: 'P1', medium: 'P2', low: 'P3' },
    medium: { high: 'P2', medium: 'P3', low: 'P4' },
    low: { high: 'P2', medium: 'P4', low: 'P4' },
  },
  levels: {
    P1: level('P1', 15, 240),
    P2: level('P2', 60, 480),
    P3: level('P3', 240, 1440),
    P4: level('P4', 480, 4800),
  },
});

describe('priorityFrom', () => {
  it.each([
    ['high', 'high', 'P1'],
    ['high', 'low', 'P3'],
    ['low', 'high', 'P2'],
    ['medium', 'medium', 'P3'],
    ['low', 'low', 'P4'],
  ] as const)('gives the matrix cell when impact is %s and urgency is %s', (impact, urgency, expected) => {
    expect(priorityFrom(priorities.matrix, impact, urgency)).toBe(expected);
  });
});

describe('urgencyChoices', () => {
  it('lists the urgencies in plain English, most urgent first, when the locale is en', () => {
    expect(urgencyChoices('en')).toEqual([
      { value: 'high', label: 'I cannot work at all / many people are affected' },
      { value: 'medium', label: 'I can work, but slowly or with a workaround' },
      { value: 'low', label: 'It is inconvenient, but it can wait' },
    ]);
  });

  it('lists Danish labels in the same order when the locale is da', () => {
    const da = urgencyChoices('da');
    expect(da.map((c) => c.value)).toEqual(['high', 'medium', 'low']);
    expect(da[0]?.label).toBe('Jeg kan slet ikke arbejde / mange er ramt');
    const en = urgencyChoices('en');
    da.forEach((choice, i) => {
      expect(choice.label).not.toBe(en[i]?.label);
    });
  });
});

describe('impactChoices', () => {
  it('offers three distinct impacts, widest first, when asked in either locale', () => {
    for (const locale of ['da', 'en'] as const) {
      const choices = impactChoices(locale);
      expect(choices.map((c) => c.value)).toEqual(['high', 'medium', 'low']);
      expect(new Set(choices.map((c) => c.label)).size).toBe(3);
    }
    expect(impactChoices('en')[2]?.label).toBe('One person');
  });
});
