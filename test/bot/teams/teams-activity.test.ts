import { describe, expect, it } from 'vitest';
import { stripMentions } from '../../../src/bot/teams/teams-activity.js';

describe('stripMentions', () => {
  it('keeps line breaks when a message has several lines (add text, intake description)', () => {
    expect(stripMentions('add INC-42 line one\nline two')).toBe('add INC-42 line one\nline two');
    expect(stripMentions('The printer\r\n\r\nin room 1.23  \n   jams')).toBe('The printer\n\nin room 1.23\njams');
  });

  it('removes the mention and collapses spaces and tabs within a line', () => {
    expect(stripMentions('<at>Incident bot</at>  status\t\tINC-42 ')).toBe('status INC-42');
    expect(stripMentions('\n\n<at>Bot</at> help&nbsp;me\n')).toBe('help me');
  });
});
