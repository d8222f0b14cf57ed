import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/services/intake/intake-commands.js';

describe('parseCommand', () => {
  it('reads the steering words in both languages when they are the whole message', () => {
    expect(
      ['cancel', 'Annuller!', 'back', 'tilbage', 'Help', 'hjælp', 'spring over', 'ny'].map(
        (t) => parseCommand(t)?.kind,
      ),
    ).toEqual(['cancel', 'cancel', 'back', 'back', 'help', 'help', 'skip', 'new']);
  });

  it('reads the person of an on-behalf start when written as "new for" or "ny sag for"', () => {
    expect(parseCommand('new for anna@au.dk')).toEqual({ kind: 'new_for', query: 'anna@au.dk' });
    expect(parseCommand('Ny sag for Anna Jensen')).toEqual({ kind: 'new_for', query: 'Anna Jensen' });
  });

  it('treats a sentence that contains a command word as an answer', () => {
    expect(parseCommand('the printer says cancel')).toBeNull();
    expect(parseCommand('ny computer')).toBeNull();
  });
});
