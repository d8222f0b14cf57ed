import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, mrkdwnText, plain, truncateEscaped } from '../../../src/cards/slack/slack-text.js';

describe('escapeMrkdwn', () => {
  it('turns <, > and & into entities when user text holds mentions or links', () => {
    expect(escapeMrkdwn('<!channel> urgent')).toBe('&lt;!channel&gt; urgent');
    expect(escapeMrkdwn('<@U123> & <http://x|y>')).toBe('&lt;@U123&gt; &amp; &lt;http://x|y&gt;');
  });

  it('escapes an ampersand that already looks like an entity so it shows as typed', () => {
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });
});

describe('truncateEscaped', () => {
  it('never cuts through an entity when escaped text is too long', () => {
    const cut = truncateEscaped(escapeMrkdwn('a&&&&&&&&'), 10);
    expect(cut.length).toBeLessThanOrEqual(10);
    expect(cut).toBe('a&amp;…');
  });
});

describe('plain and mrkdwnText', () => {
  it('cut with an ellipsis to the given limit when text is longer', () => {
    expect(plain('x'.repeat(100), 75).text).toHaveLength(75);
    expect(plain('', 75).text).toBe(' ');
    const m = mrkdwnText('<'.repeat(1000), 3000);
    expect(m.text.length).toBeLessThanOrEqual(3000);
    expect(m.text.endsWith('&lt;…')).toBe(true);
  });
});
