import { describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import { annasWifiCase, type HardenedApp } from '../helpers/hardening-app.js';
import { type SlackUserFixture, slackUsers } from '../helpers/slack-harness.js';
import { slashCommand } from '../helpers/slack-requests.js';

const apps = appPerTest('staff-no-such-case-');
/** Emma (ARTS Support) with Slack set to Danish. */
const EMMA_DA = { ...slackUsers.emma, locale: 'da-DK' };

/** What the app answered `/incident <text>` of `user` through its response URL. */
async function types(h: HardenedApp, user: SlackUserFixture, text: string): Promise<string> {
  const before = h.responses.length;
  const sent = await h.slack(slashCommand(user, text, { responseUrl: 'https://hooks.slack.test/r/1' }));
  expect(sent.status).toBe(200);
  await expect.poll(() => h.responses.length).toBeGreaterThan(before);
  return String(h.responses[before]?.body['text']);
}

describe('a case number no case has', () => {
  it('is "I cannot find case …" for staff, who may see any case, and "… among your cases" for a user', async () => {
    const h = await apps.start(() => ({
      rateLimit: false,
      slackUsers: [slackUsers.jonas, EMMA_DA, slackUsers.bo],
    }));
    await annasWifiCase(h);
    const none = 'I cannot find case INC-000099. Please check the number (e.g. INC-000123).';
    expect(await types(h, slackUsers.jonas, 'status INC-99')).toBe(none);
    expect(await types(h, slackUsers.jonas, 'similar INC-99')).toBe(none);
    expect(await types(h, EMMA_DA, 'status inc-99')).toBe(
      'Jeg kan ikke finde sagen INC-000099. Tjek nummeret (fx INC-000123).',
    );
    // A user is not told whether a case of someone else's has the number: Anna's INC-000001 or none at all.
    const users = 'Jeg kan ikke finde sagen INC-0000XX blandt dine sager. Tjek nummeret (fx INC-000123).';
    expect(await types(h, slackUsers.bo, 'status INC-1')).toBe(users.replace('XX', '01'));
    expect(await types(h, slackUsers.bo, 'status INC-99')).toBe(users.replace('XX', '99'));
  });
});
