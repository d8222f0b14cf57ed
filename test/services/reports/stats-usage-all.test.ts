import { describe, expect, it } from 'vitest';
import { appPerTest } from '../../helpers/app-per-test.js';
import { annasWifiCase, type HardenedApp } from '../../helpers/hardening-app.js';
import { slackUsers } from '../../helpers/slack-harness.js';
import { slashCommand } from '../../helpers/slack-requests.js';

const apps = appPerTest('stats-usage-all-');

/** What the app answered `/incident <text>` of Emma (ARTS Support, English) through its response URL. */
async function emmaTypes(h: HardenedApp, text: string): Promise<string> {
  const before = h.responses.length;
  const sent = await h.slack(slashCommand(slackUsers.emma, text, { responseUrl: 'https://hooks.slack.test/r/1' }));
  expect(sent.status).toBe(200);
  await expect.poll(() => h.responses.length).toBeGreaterThan(before);
  return String(h.responses[before]?.body['text']);
}

describe('stats usage hint in English', () => {
  it('names "all" for every group, as the Danish one names "alle"', async () => {
    const h = await apps.start(() => ({ rateLimit: false, slackUsers: [slackUsers.emma] }));
    await annasWifiCase(h);
    expect(await emmaTypes(h, 'stats arts-support week month')).toBe(
      'Write /incident stats [group] [period], e.g. /incident stats arts-support month. ' +
        'Period: week, month, YYYY-MM or YYYY-Www; group: an id or all.',
    );
    // The word it names works as written.
    expect(await emmaTypes(h, 'stats all week')).toMatch(/^Figures for all groups, \d{4}-W\d{2}/);
  });
});
