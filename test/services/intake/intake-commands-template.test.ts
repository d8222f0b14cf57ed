import { describe, expect, it } from 'vitest';
import { newForWith, parseCommand } from '../../../src/services/intake/intake-commands.js';

describe('parseCommand: new for <person> template', () => {
  it('reads the person before a template word when written after "new for" or "ny for" (any template word, any case)', () => {
    expect(parseCommand('new for anna@au.dk template')).toEqual({
      kind: 'new_for',
      query: 'anna@au.dk template',
      templateFor: 'anna@au.dk',
    });
    expect(parseCommand('Ny sag for Anna Jensen Skabelon.')).toEqual({
      kind: 'new_for',
      query: 'Anna Jensen Skabelon.',
      templateFor: 'Anna Jensen',
    });
    expect(parseCommand('ny for maria skabelon skabelon')).toMatchObject({ templateFor: 'maria skabelon' });
    expect(parseCommand('new for @Anna Berg templates')).toMatchObject({ templateFor: '@Anna Berg' });
  });

  it('takes one word after "for" as the person, and a word only starting like a template word as part of the name', () => {
    expect(parseCommand('new for template')).toEqual({ kind: 'new_for', query: 'template' });
    expect(parseCommand('ny for Skabelon')).toEqual({ kind: 'new_for', query: 'Skabelon' });
    expect(parseCommand('new for Anna Templeton')).toEqual({ kind: 'new_for', query: 'Anna Templeton' });
  });
});

describe('newForWith', () => {
  it('writes the person in place of the one written, keeping the command words and a template word after it', () => {
    expect(newForWith('new for @Anna Berg template', 'anna.berg@cas.au.dk')).toBe(
      'new for anna.berg@cas.au.dk template',
    );
    expect(newForWith('ny sag for @Anna Berg', 'anna.berg@cas.au.dk')).toBe('ny sag for anna.berg@cas.au.dk');
    expect(newForWith('the printer is broken', 'anna.berg@cas.au.dk')).toBe('the printer is broken');
  });
});
