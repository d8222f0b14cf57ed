import { describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { type SlackUserFixture, slackUsers } from '../helpers/slack-harness.js';
import { slashCommand } from '../helpers/slack-requests.js';
import { aPersonalMessage, type TestUser } from '../helpers/teams-activities.js';

const apps = appPerTest('explore-stats-dates-');
/** Emma (ARTS Support) in Teams, the client in Danish. */
const EMMA_TEAMS: TestUser = { id: '29:emma', aadObjectId: 'aad-emma', name: 'Emma Skov' };

function start(): Promise<HardenedApp> {
  return apps.start(() => ({
    rateLimit: false,
    slackUsers: [slackUsers.jonas],
    teamsEmails: { [EMMA_TEAMS.id]: 'emma.skov@au.dk' },
  }));
}

/** What the app answered `/incident <text>` of `user` through its response URL. */
async function types(h: HardenedApp, user: SlackUserFixture, text: string): Promise<string> {
  const before = h.responses.length;
  const sent = await h.slack(slashCommand(user, text, { responseUrl: 'https://hooks.slack.test/r/1' }));
  expect(sent.status).toBe(200);
  await expect.poll(() => h.responses.length).toBeGreaterThan(before);
  return String(h.responses[before]?.body['text']);
}

/** The text of the message the app sent back to Emma's Danish chat message `text` in Teams. */
async function writesInTeams(h: HardenedApp, text: string): Promise<string> {
  const before = h.teamsCalls.length;
  const res = await h.teams({ ...aPersonalMessage(EMMA_TEAMS, text), locale: 'da-DK' });
  expect(res.status).toBe(200);
  await expect.poll(() => h.teamsCalls.length).toBeGreaterThan(before);
  return h.teamsCalls
    .slice(before)
    .flatMap((c) => c.body.attachments ?? [])
    .flatMap((a) => (a.content as { body?: { text?: string }[] }).body ?? [])
    .map((b) => b.text)
    .join('\n');
}

describe('stats with a date written another way than a period', () => {
  it('says the period is not understood and which there are (Slack, English), not that no group has that id', async () => {
    const h = await start();
    const bad = (p: string) =>
      `"${p}" is not a period I understand. Use "week", "month", a month such as 2025-03 or a week such as ` +
      '2025-W10 (years 2000 to next year).';
    for (const date of ['2025-03-01', '03-2025', '2025/03', '2025', '2025-3-1', '99999-01', '2025-W123'])
      expect(await types(h, slackUsers.jonas, `stats ${date}`)).toBe(bad(date));
    // With a period beside it, the date is still what is wrong.
    expect(await types(h, slackUsers.jonas, 'stats 1.3.2025 month')).toBe(bad('1.3.2025'));
    // A word is still a group: an unknown one is said to be unknown.
    expect(await types(h, slackUsers.jonas, 'stats yesterday')).toBe(
      `I don't know the group "yesterday". Give the group's id, e.g. arts-support, or "all".`,
    );
  });

  it('says so in Danish in Teams chat, also for a negative week number', async () => {
    const h = await start();
    const bad = (p: string) =>
      `"${p}" er ikke en periode, jeg forstår. Brug "uge", "måned", en måned som 2025-03 eller en uge som 2025-W10 ` +
      '(år fra 2000 til næste år).';
    expect(await writesInTeams(h, 'statistik 01-03-2025')).toContain(bad('01-03-2025'));
    expect(await writesInTeams(h, 'statistik uge -3')).toContain(bad('-3'));
    expect(await writesInTeams(h, 'statistik marts')).toContain(
      'Jeg kender ikke gruppen "marts". Skriv gruppens id, fx arts-support, eller "alle".',
    );
  });
});
