import { describe, expect, it } from 'vitest';
import {
  type InboundActivity,
  inboundActivitySchema,
  mentionsOf,
  messageText,
  tidyText,
} from '../../../src/bot/teams/teams-activity.js';
import { ANNA, aChannelMessage, aPersonalMessage, BOT_ID } from '../../helpers/teams-activities.js';

const parse = (activity: object): InboundActivity => inboundActivitySchema.parse(activity);

describe('tidyText', () => {
  it('keeps line breaks when a message has several lines (add text, intake description)', () => {
    expect(tidyText('add INC-42 line one\nline two')).toBe('add INC-42 line one\nline two');
    expect(tidyText('The printer\r\n\r\nin room 1.23  \n   jams')).toBe('The printer\n\nin room 1.23\njams');
  });

  it('collapses spaces, tabs and &nbsp; within a line', () => {
    expect(tidyText('  status\t\tINC-42 ')).toBe('status INC-42');
    expect(tidyText('\n\nhelp&nbsp;me\n')).toBe('help me');
  });
});

describe('messageText', () => {
  it("removes the bot's mention that opens a channel post when Teams sent no entities", () => {
    expect(messageText(parse(aChannelMessage(ANNA, ' status\t\tINC-42 ')))).toBe('status INC-42');
  });

  it('keeps what was typed as it was typed: Teams does not encode & and < in the text', () => {
    expect(messageText(parse(aPersonalMessage(ANNA, 'R&D: x < 5 &amp; "quoted"')))).toBe('R&D: x < 5 &amp; "quoted"');
  });

  it('reads a person mentioned without entities as @Name, and a mention that is not first in a personal chat too', () => {
    expect(messageText(parse(aPersonalMessage(ANNA, '<at>Emma Skov</at> cannot print')))).toBe(
      '@Emma Skov cannot print',
    );
  });
});

describe('messageText with entities', () => {
  it('takes an <at> opening a channel post for the bot only when Teams sent no entities: else the entities say who', () => {
    const bot = { type: 'mention', text: '<at>Incident bot</at>', mentioned: { id: BOT_ID, name: 'Incident bot' } };
    const post = { ...aChannelMessage(ANNA, ''), text: '<at>Emma Skov</at> cannot print, <at>Incident bot</at>' };
    expect(messageText(parse({ ...post, entities: [bot] }))).toBe('@Emma Skov cannot print,');
    expect(messageText(parse(post))).toBe('cannot print,');
  });
});

describe('inboundActivitySchema', () => {
  it('cuts a text longer than 50,000 characters between characters, never inside an emoji', () => {
    const long = parse(aPersonalMessage(ANNA, `${'x'.repeat(49_999)}🖨️ and more`)).text ?? '';
    expect(long).toBe('x'.repeat(49_999));
    expect(parse(aPersonalMessage(ANNA, 'x'.repeat(50_001))).text).toHaveLength(50_000);
  });
});

describe('mentionsOf', () => {
  it('passes over entities of other types and shapes, and an activity keeps parsing whatever they hold', () => {
    const activity = parse(
      aPersonalMessage(ANNA, 'x', {
        entities: [{ type: 'clientInfo' }, { type: 'mention' }, 'junk', { type: 'Mention', mentioned: { id: '29:e' } }],
      }),
    );
    expect(mentionsOf(activity)).toEqual([{ id: '29:e' }]);
    expect(parse(aPersonalMessage(ANNA, 'x', { entities: 'junk' })).entities).toBeUndefined();
  });
});
