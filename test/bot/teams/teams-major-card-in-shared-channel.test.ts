import { describe, expect, it } from 'vitest';
import { appPerTest } from '../../helpers/app-per-test.js';
import { annasWifiCase, emmaNotesMeanwhile, type HardenedApp, teamsText } from '../../helpers/hardening-app.js';
import { people } from '../../helpers/people.js';
import { aChannelMessage } from '../../helpers/teams-activities.js';

const apps = appPerTest('teams-major-shared-');
const JONAS = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const ARTS_SUPPORT = '19:arts-support@thread.tacv2';

/** Everything the app answered Jonas's @mention `text` in the channel `channelId` with. */
async function jonasWrites(h: HardenedApp, text: string, channelId: string): Promise<string> {
  const before = h.teamsCalls.length;
  expect((await h.teams(aChannelMessage(JONAS, text, channelId))).status).toBe(200);
  await expect
    .poll(() => h.teamsCalls.slice(before).some((c) => decodeURIComponent(c.path).includes(channelId)))
    .toBe(true);
  return h.teamsCalls
    .slice(before)
    .filter((c) => decodeURIComponent(c.path).includes(channelId))
    .map(teamsText)
    .join('\n');
}

describe('a major incident verb typed in a Teams channel that is no support group’s', () => {
  it("answers with the card the case's user sees, as status does there: no internal note", async () => {
    const h = await apps.start(() => ({ rateLimit: false, teamsEmails: { [JONAS.id]: people.jonas.email } }));
    const c = await annasWifiCase(h);
    await emmaNotesMeanwhile(h, c);

    const general = await jonasWrites(h, `major declare ${c.number} Eduroam is down`, '19:general@thread.tacv2');
    expect(general).toContain(`${c.number} is now a major incident`);
    expect(general).toContain('Eduroam drops every few minutes');
    expect(general).not.toContain('Checked the access point');
    expect((await h.app.services.store.getCase(c.id))?.major?.summary.en).toBe('Eduroam is down');

    // In the support group's own channel staff get their own card, as with status.
    const other = await annasWifiCase(h);
    await emmaNotesMeanwhile(h, other);
    const own = await jonasWrites(h, `major declare ${other.number} Eduroam is down`, ARTS_SUPPORT);
    expect(own).toContain(`${other.number} is now a major incident`);
    expect(own).toContain('Checked the access point');
  });
});
