import { afterEach, describe, expect, it, vi } from 'vitest';
import { appPerTest } from '../../helpers/app-per-test.js';
import type { HardenedApp } from '../../helpers/hardening-app.js';
import { people } from '../../helpers/people.js';
import { aChannelMessage, aPersonalMessage } from '../../helpers/teams-activities.js';

const apps = appPerTest('teams-danish-words-');
const EMMA = { id: '29:emma', aadObjectId: 'aad-emma', name: 'Emma Skov' };
afterEach(() => {
  vi.restoreAllMocks();
});

/** The text of the message the app answered Emma's activity (Danish Teams) with. */
async function answerTo(h: HardenedApp, activity: Record<string, unknown>): Promise<string> {
  const before = h.teamsCalls.length;
  expect((await h.teams({ ...activity, locale: 'da-DK' })).status).toBe(200);
  await expect.poll(() => h.teamsCalls.length).toBeGreaterThan(before);
  return (h.teamsCalls[before]?.body as { summary?: string } | undefined)?.summary ?? '';
}

describe('Danish hints on Teams name the Danish command words', () => {
  it('kø with a bad group, kø in a channel of no group, and a turn that failed', async () => {
    const h = await apps.start(() => ({ rateLimit: false, teamsEmails: { [EMMA.id]: people.emma.email } }));
    expect(await answerTo(h, aPersonalMessage(EMMA, 'kø it support'))).toBe(
      'Skriv "kø" for dine gruppers kø, eller "kø «gruppe-id»" for én gruppe.',
    );
    expect(await answerTo(h, aChannelMessage(EMMA, 'kø', '19:general@thread.tacv2'))).toBe(
      'Denne kanal hører ikke til en supportgruppe. Skriv "kø «gruppe-id»".',
    );
    vi.spyOn(h.app.services.cases, 'mine').mockRejectedValue(new Error('disk I/O error'));
    expect(await answerTo(h, aPersonalMessage(EMMA, 'mit'))).toBe(
      'Noget gik galt hos mig. Prøv igen om lidt; skriv "hjælp" hvis det fortsætter.',
    );
  });
});
