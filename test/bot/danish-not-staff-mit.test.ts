import { describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { slackDm, slashCommand } from '../helpers/slack-requests.js';

const apps = appPerTest('danish-not-staff-mit-');

/** The text of the first message the app posted in Bo's DM from call `since` on. */
async function dmText(h: HardenedApp, since: number): Promise<string> {
  await expect
    .poll(() => h.slackCalls.slice(since).find((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'DU0BO'))
    .toBeDefined();
  return h.slackCalls.slice(since).find((c) => c.method === 'chat.postMessage')?.body['text'] ?? '';
}

describe('a Danish user who asks for the queue or a search', () => {
  it('is told to write "mit", the Danish word for their own cases, not the English "mine"', async () => {
    const h = await apps.start(() => ({ rateLimit: false, slackUsers: [slackUsers.bo] }));
    let since = h.slackCalls.length;
    expect((await h.slack(slackDm('Ev1', slackUsers.bo, 'kø', { ts: '1700000100.000001' }))).status).toBe(200);
    expect(await dmText(h, since)).toBe('Køen er for supportmedarbejdere. Skriv "mit" for at se dine egne sager.');

    since = h.responses.length;
    const search = slashCommand(slackUsers.bo, 'søg eduroam', { responseUrl: 'https://hooks.slack.test/r/1' });
    expect((await h.slack(search)).status).toBe(200);
    await expect.poll(() => h.responses.length).toBeGreaterThan(since);
    expect(h.responses[since]?.body['text']).toBe(
      'Søgning i sager er for supportmedarbejdere. Skriv "mit" for at se dine egne sager.',
    );

    // The word it names answers: Bo's own cases.
    since = h.slackCalls.length;
    expect((await h.slack(slackDm('Ev2', slackUsers.bo, 'mit', { ts: '1700000100.000002' }))).status).toBe(200);
    expect(await dmText(h, since)).toBe('Dine sager: Du har ingen sager.');
  });
});
