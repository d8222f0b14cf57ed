import { describe, expect, it } from 'vitest';
import { MAX_MENTION_LOOKUPS, slackPlainText, unnamedMentions } from '../../../src/bot/slack/slack-markup.js';

describe('slackPlainText', () => {
  it('decodes the three entities when a message has them', () => {
    expect(slackPlainText('R&amp;D printer &lt;3rd floor&gt;')).toBe('R&D printer <3rd floor>');
    expect(slackPlainText('a typed &amp;lt; stays')).toBe('a typed &lt; stays');
  });

  it('turns a mail link into its address when a message has one', () => {
    expect(slackPlainText('search <mailto:anna@au.dk|anna@au.dk>')).toBe('search anna@au.dk');
    expect(slackPlainText('<mailto:anna@au.dk>')).toBe('anna@au.dk');
  });

  it('turns a link into its URL, labelled or not, when a message has one', () => {
    expect(slackPlainText('see <https://au.dk/a?x=1&amp;y=2|au.dk/a>')).toBe('see https://au.dk/a?x=1&y=2');
    expect(slackPlainText('<http://intranet>')).toBe('http://intranet');
  });

  it('turns people, channels and special mentions into readable names when a message has them', () => {
    expect(slackPlainText('ask <@U0BO> or <@U0EMMA|emma>')).toBe('ask @U0BO or @emma');
    expect(slackPlainText('in <#C0IT|it-support> and <#C0X>')).toBe('in #it-support and #C0X');
    expect(slackPlainText('<!here> <!subteam^S0AB|@desk> <!date^1700000000^{date}|Nov 14>')).toBe('@here @desk Nov 14');
  });

  it('leaves plain text as it is', () => {
    expect(slackPlainText('Eduroam drops in 1481')).toBe('Eduroam drops in 1481');
    expect(slackPlainText('')).toBe('');
  });

  it("names a person Slack sends without a name when the names know them, and keeps Slack's own label first", () => {
    const names = new Map([
      ['U0BO', 'Bo Nielsen'],
      ['U0EMMA', 'Emma Skov'],
    ]);
    expect(slackPlainText('ask <@U0BO>, <@U0EMMA|emma> or <@U0GONE>', names)).toBe('ask @Bo Nielsen, @emma or @U0GONE');
  });
});

describe('unnamedMentions', () => {
  it('lists each person mentioned without a name once, and none of the named ones, channels or links', () => {
    expect(unnamedMentions('<@U0BO> <@U0EMMA|emma> <@U0BO> <#C0IT> <!here> <https://au.dk> <@W0ENT>')).toEqual([
      'U0BO',
      'W0ENT',
    ]);
  });

  it('stops at the most look-ups one text may make', () => {
    const many = Array.from({ length: MAX_MENTION_LOOKUPS + 5 }, (_, i) => `<@U${i}>`).join(' ');
    expect(unnamedMentions(many)).toHaveLength(MAX_MENTION_LOOKUPS);
  });
});
