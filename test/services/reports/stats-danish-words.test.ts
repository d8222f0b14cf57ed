import { describe, expect, it } from 'vitest';
import { appPerTest } from '../../helpers/app-per-test.js';
import { annasWifiCase, type HardenedApp } from '../../helpers/hardening-app.js';
import { slackUsers } from '../../helpers/slack-harness.js';
import { slashCommand } from '../../helpers/slack-requests.js';

const apps = appPerTest('stats-danish-');
/** Emma (ARTS Support) with Slack set to Danish. */
const EMMA_DA = { ...slackUsers.emma, locale: 'da-DK' };

/** What the app answered `/incident <text>` of Emma through its response URL. */
async function emmaTypes(h: HardenedApp, text: string): Promise<string> {
  const before = h.responses.length;
  const sent = await h.slack(slashCommand(EMMA_DA, text, { responseUrl: 'https://hooks.slack.test/r/1' }));
  expect(sent.status).toBe(200);
  await expect.poll(() => h.responses.length).toBeGreaterThan(before);
  return String(h.responses[before]?.body['text']);
}

describe('statistik in Danish', () => {
  it('takes "alle" for every group and names the Danish words in its hints', async () => {
    const h = await apps.start(() => ({ rateLimit: false, slackUsers: [EMMA_DA] }));
    await annasWifiCase(h);
    expect(await emmaTypes(h, 'statistik alle')).toMatch(/^Nøgletal for alle grupper, \d{4}-\d{2}/);
    expect(await emmaTypes(h, 'statistik Alle uge')).toMatch(/^Nøgletal for alle grupper, \d{4}-W\d{2}/);
    expect(await emmaTypes(h, 'statistik it-hjælp')).toBe(
      'Jeg kender ikke gruppen "it-hjælp". Skriv gruppens id, fx arts-support, eller "alle".',
    );
    expect(await emmaTypes(h, 'statistik 2026-13')).toContain('Brug "uge", "måned", en måned som 2025-03');
    expect(await emmaTypes(h, 'statistik arts-support uge måned')).toBe(
      'Skriv /incident statistik [gruppe] [periode], fx /incident statistik arts-support måned. ' +
        'Periode: uge, måned, ÅÅÅÅ-MM eller ÅÅÅÅ-Wuu; gruppe: et id eller alle.',
    );
    // The hint's example works as written.
    expect(await emmaTypes(h, 'statistik arts-support måned')).toMatch(/^Nøgletal for ARTS Support, \d{4}-\d{2}/);
  });
});
