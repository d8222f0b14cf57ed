import { describe, expect, it } from 'vitest';
import { appPerTest } from '../../helpers/app-per-test.js';
import type { HardenedApp } from '../../helpers/hardening-app.js';
import { slackUsers } from '../../helpers/slack-harness.js';
import { slashCommand } from '../../helpers/slack-requests.js';

const apps = appPerTest('stats-month-digit-');

/** What the app answered `/incident <text>` of Jonas (ARTS Support) through its response URL. */
async function jonasTypes(h: HardenedApp, text: string): Promise<string> {
  const before = h.responses.length;
  const sent = await h.slack(slashCommand(slackUsers.jonas, text, { responseUrl: 'https://hooks.slack.test/r/1' }));
  expect(sent.status).toBe(200);
  await expect.poll(() => h.responses.length).toBeGreaterThan(before);
  return String(h.responses[before]?.body['text']);
}

describe('stats for a month written with one digit', () => {
  it('shows that month (2025-3 is 2025-03), as a week number may be written with one digit', async () => {
    const h = await apps.start(() => ({ rateLimit: false, slackUsers: [slackUsers.jonas] }));
    expect(await jonasTypes(h, 'stats 2025-3')).toMatch(/^Figures for all groups, 2025-03:/);
    expect(await jonasTypes(h, 'stats arts-support 2025-9')).toMatch(/^Figures for ARTS Support, 2025-09:/);
    expect(await jonasTypes(h, 'stats 2025-0')).toMatch(/^"2025-0" is not a period I understand/);
  });
});
