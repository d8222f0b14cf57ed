import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { appPerTest } from '../../helpers/app-per-test.js';
import { annasWifiCase, type HardenedApp, teamsText } from '../../helpers/hardening-app.js';
import { people } from '../../helpers/people.js';
import {
  aChannelMessage,
  aGroupChatMessage,
  aPersonalMessage,
  personalConversation,
  type TestUser,
} from '../../helpers/teams-activities.js';

const apps = appPerTest('teams-lists-privately-');
/** ARTS Support members (config/catalogue.yaml). */
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const EMMA: TestUser = { id: '29:emma', aadObjectId: 'aad-emma', name: 'Emma Skov' };
const STAFF_EMAILS = { [JONAS.id]: people.jonas.email, [EMMA.id]: people.emma.email };
const ARTS_SUPPORT = '19:arts-support@thread.tacv2';
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

/** Posts `activity` and waits for the app's answer in the conversation `answeredIn`; the calls before it. */
async function post(h: HardenedApp, activity: object, answeredIn: string): Promise<number> {
  const before = h.teamsCalls.length;
  expect((await h.teams(activity)).status).toBe(200);
  await expect.poll(() => sentInto(h, before, answeredIn)).not.toBe('');
  return before;
}

/** The staff member writes in their personal chat with the bot, so it has a conversation reference for them. */
async function opensPersonalChat(h: HardenedApp, user: TestUser): Promise<void> {
  await post(h, aPersonalMessage(user, 'help'), personalChatOf(user));
}

/** Two like cases (Anna's Wi-Fi, twice), so `similar` of the first lists the second. */
async function twoWifiCases(h: HardenedApp): Promise<[Case, Case]> {
  return [await annasWifiCase(h), await annasWifiCase(h)];
}

describe('Teams case lists typed where others read along (a group chat, a channel that is no support group’s)', () => {
  it('sends search, similar and queue to the personal chat and tells the group chat only that', async () => {
    const h = await apps.start(() => ({ rateLimit: false, teamsEmails: STAFF_EMAILS }));
    const [c, other] = await twoWifiCases(h);
    await opensPersonalChat(h, JONAS);

    for (const command of ['search eduroam', `similar ${c.number}`, 'queue arts-support']) {
      const before = await post(h, aGroupChatMessage(JONAS, command, STUDY_CHAT), STUDY_CHAT);
      const inChat = sentInto(h, before, STUDY_CHAT);
      expect(inChat).toContain('I sent you the results in our personal chat.');
      for (const detail of [c.number, other.number, 'Eduroam', 'Anna']) expect(inChat).not.toContain(detail);
      // The list itself, in Jonas's personal chat with the bot, sent before the note.
      expect(sentInto(h, before, personalChatOf(JONAS))).toContain(other.number);
    }
  });

  it('does the same in a channel that is no support group’s, in Danish', async () => {
    const h = await apps.start(() => ({ rateLimit: false, teamsEmails: STAFF_EMAILS }));
    const [c] = await twoWifiCases(h);
    await opensPersonalChat(h, EMMA);

    for (const command of ['søg eduroam', `lignende ${c.number}`, 'kø arts-support']) {
      const before = await post(h, { ...aChannelMessage(EMMA, command, GENERAL), locale: 'da-DK' }, GENERAL);
      const inChannel = sentInto(h, before, GENERAL);
      expect(inChannel).toContain('Jeg har sendt dig resultatet i vores personlige chat.');
      expect(inChannel).not.toContain('Eduroam');
      expect(sentInto(h, before, personalChatOf(EMMA))).toContain('Eduroam drops every few minutes');
    }
  });

  it('says where to ask, posting no list anywhere, when the bot has no personal chat with the person', async () => {
    const h = await apps.start(() => ({ rateLimit: false, teamsEmails: STAFF_EMAILS }));
    const [c] = await twoWifiCases(h);

    const before = await post(h, aGroupChatMessage(JONAS, 'search eduroam', STUDY_CHAT), STUDY_CHAT);
    expect(sentInto(h, before, STUDY_CHAT)).toContain(
      "show case details: use them in your personal chat with me or in a support group's channel.",
    );
    const danish = await post(
      h,
      { ...aChannelMessage(EMMA, `lignende ${c.number}`, GENERAL), locale: 'da-DK' },
      GENERAL,
    );
    expect(sentInto(h, danish, GENERAL)).toContain(
      'viser sagsdetaljer: brug dem i din personlige chat med mig eller i en supportgruppes kanal.',
    );
    // Nothing else was sent: no list, no chat started with them.
    const sent = h.teamsCalls.slice(before);
    expect(sent).toHaveLength(2);
    expect(sent.map(teamsText).join('\n')).not.toContain('Eduroam');
  });

  it('says where to ask when Teams refuses the personal chat, and posts no list', async () => {
    // Teams refusing messages into Jonas's personal chat (the app removed without the bot being told), ahead of the
    // app's fake connector.
    const refused: unknown[] = [];
    nock('https://smba.test')
      .post(/\/teams\/v3\/conversations\/a(?::|%3A)personal-29(?::|%3A)jonas\/activities$/)
      .reply(403, (_path, body) => {
        refused.push(body);
        return { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the roster' } };
      });
    const h = await apps.start(() => ({ rateLimit: false, teamsEmails: STAFF_EMAILS }));
    await twoWifiCases(h);
    await opensPersonalChat(h, JONAS);

    const before = await post(h, aGroupChatMessage(JONAS, 'search eduroam', STUDY_CHAT), STUDY_CHAT);
    expect(refused).toHaveLength(1);
    const inChat = sentInto(h, before, STUDY_CHAT);
    expect(inChat).toContain('show case details');
    expect(inChat).not.toContain('Eduroam');
  });

  it("answers in a support group's own channel as before: the list there, nothing to the personal chat", async () => {
    const h = await apps.start(() => ({ rateLimit: false, teamsEmails: STAFF_EMAILS }));
    const [c, other] = await twoWifiCases(h);
    await opensPersonalChat(h, JONAS);

    for (const command of ['search eduroam', `similar ${c.number}`, 'queue']) {
      const before = await post(h, aChannelMessage(JONAS, command, ARTS_SUPPORT), ARTS_SUPPORT);
      expect(sentInto(h, before, ARTS_SUPPORT)).toContain(other.number);
      expect(sentInto(h, before, personalChatOf(JONAS))).toBe('');
    }
  });
});
