import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { appPerTest } from '../../helpers/app-per-test.js';
import { annasWifiCase, type HardenedApp, teamsText } from '../../helpers/hardening-app.js';
import { people } from '../../helpers/people.js';
import {
  aClickOnChannelCard,
  aGroupChatMessage,
  anActionInvoke,
  aPersonalMessage,
  personalConversation,
  TENANT_ID,
  type TestUser,
} from '../../helpers/teams-activities.js';

const apps = appPerTest('teams-similar-click-privately-');
/** ARTS Support members (config/catalogue.yaml). */
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const EMMA: TestUser = { id: '29:emma', aadObjectId: 'aad-emma', name: 'Emma Skov' };
const STAFF_EMAILS = { [JONAS.id]: people.jonas.email, [EMMA.id]: people.emma.email };
const GENERAL = '19:general@thread.tacv2';
const STUDY_CHAT = '19:study-group@thread.v2';
const personalChatOf = (user: TestUser) => personalConversation(user).id;

/** Everything the app sent since call `before` into the conversation whose id contains `where`, as text. */
function sentInto(h: HardenedApp, before: number, where: string): string {
  return h.teamsCalls
    .slice(before)
    .filter((c) => decodeURIComponent(c.path).includes(where))
    .map(teamsText)
    .join('\n');
}

/** A click on a card in the group chat `STUDY_CHAT`. */
function aClickInGroupChat(user: TestUser, data: Record<string, unknown>) {
  return {
    ...anActionInvoke(user, data),
    conversation: { id: STUDY_CHAT, conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID },
  };
}

/** The card an invoke was answered with, as text. */
async function answered(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
}

/** Two like cases (Anna's Wi-Fi, twice), so Similar on the first lists the second. */
async function twoWifiCases(h: HardenedApp): Promise<[Case, Case]> {
  return [await annasWifiCase(h), await annasWifiCase(h)];
}

describe('Teams: Similar clicked on a case card where others read along', () => {
  it('sends the list to the personal chat, not into the group chat, and says so on the card', async () => {
    const h = await apps.start(() => ({ rateLimit: false, teamsEmails: STAFF_EMAILS }));
    const [c, other] = await twoWifiCases(h);
    const opened = h.teamsCalls.length;
    expect((await h.teams(aPersonalMessage(JONAS, 'help'))).status).toBe(200);
    await expect.poll(() => sentInto(h, opened, personalChatOf(JONAS))).not.toBe('');

    // `status` in the group chat shows everyone the card Anna sees: Refresh only. Jonas's click on it brings him
    // (him alone: the answer to a click replaces the card for the clicker) his own card, with Similar on it.
    const asked = h.teamsCalls.length;
    expect((await h.teams(aGroupChatMessage(JONAS, `status ${c.number}`, STUDY_CHAT))).status).toBe(200);
    await expect.poll(() => sentInto(h, asked, STUDY_CHAT)).toContain(c.number);
    expect(sentInto(h, asked, STUDY_CHAT)).not.toContain('"verb":"similar"');
    const own = await answered(await h.teams(aClickInGroupChat(JONAS, { verb: 'refresh', caseId: c.id })));
    expect(own).toContain('"verb":"similar"');

    const before = h.teamsCalls.length;
    const card = await answered(
      await h.teams(aClickInGroupChat(JONAS, { verb: 'similar', caseId: c.id, version: c.version })),
    );
    expect(card).toContain('I sent you the results in our personal chat.');
    expect(card).not.toContain(other.number);
    expect(sentInto(h, before, STUDY_CHAT)).toBe('');
    expect(sentInto(h, before, personalChatOf(JONAS))).toContain(other.number);
  });

  it('says where to ask, in Danish, and posts no list, in a channel that is no support group’s without a personal chat', async () => {
    const h = await apps.start(() => ({ rateLimit: false, teamsEmails: STAFF_EMAILS }));
    const [c, other] = await twoWifiCases(h);

    const before = h.teamsCalls.length;
    const thread = { conversationId: `${GENERAL};messageid=1700000000005`, channelId: GENERAL };
    const click = aClickOnChannelCard(EMMA, thread, { verb: 'similar', caseId: c.id, version: c.version });
    const card = await answered(await h.teams({ ...click, locale: 'da-DK' }));
    expect(card).toContain(
      'viser sagsdetaljer: brug dem i din personlige chat med mig eller i en supportgruppes kanal.',
    );
    expect(card).not.toContain(other.number);
    expect(h.teamsCalls.slice(before)).toEqual([]);
  });

  it("lists them in the card's thread as before in a support group's own channel", async () => {
    const h = await apps.start(() => ({ rateLimit: false, teamsEmails: STAFF_EMAILS }));
    const [c, other] = await twoWifiCases(h);
    const posted = c.cards.find((k) => k.platform === 'teams');
    expect(posted?.channelId).toBe('19:arts-support@thread.tacv2');

    const before = h.teamsCalls.length;
    const click = aClickOnChannelCard(JONAS, posted, { verb: 'similar', caseId: c.id, version: c.version });
    const card = await answered(await h.teams(click));
    expect(card).not.toContain('personal chat');
    expect(sentInto(h, before, posted!.conversationId!)).toContain(other.number);
    expect(sentInto(h, before, personalChatOf(JONAS))).toBe('');
  });
});
