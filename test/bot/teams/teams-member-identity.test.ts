import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TeamsRefs } from '../../../src/bot/teams/teams-refs.js';
import { AppError } from '../../../src/models/errors.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { postCardDraft } from '../../../src/services/outbox/deliveries.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { walk } from '../../helpers/card-walk.js';
import {
  aChannelMessage,
  aClickOnChannelCard,
  aPersonalMessage,
  TEAM_ID,
  TENANT_ID,
  type TestUser,
} from '../../helpers/teams-activities.js';
import { CONNECTOR, cardJson, recordConnector, startTeamsApp, type TeamsApp } from '../../helpers/teams-app.js';
import { writeLargeDeskCatalogue } from '../../helpers/large-desk.js';
import { tempDirs } from '../../helpers/temp-dir.js';
import { createLogger } from '../../../src/logger.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const dirs = tempDirs('teams-member-identity-');
/** The central dispatch group of config/catalogue.yaml. */
const GROUP = 'it-support';

/** A B2B guest: Teams' member record has no e-mail, and her UPN is the guest form of her own address. */
const JANE: TestUser = { id: '29:jane', aadObjectId: 'aad-jane', name: 'Jane Doe (Guest)' };
const JANE_UPN = 'Jane.Doe_Gmail.com#EXT#@autenant.onmicrosoft.com';
const JANE_EMAIL = 'jane.doe@gmail.com';
/** A member of it-support in the catalogue. */
const PETER: TestUser = { id: '29:peter', aadObjectId: 'aad-peter', name: 'Peter Aagaard' };
/** Someone whose member record names no address at all (a federated or anonymous account). */
const NOAH: TestUser = { id: '29:noah', aadObjectId: 'aad-noah', name: 'Noah Nobody' };
/** Someone the connector does not find (404), e.g. in the Agents Playground. */
const GONE: TestUser = { id: '29:gone', name: 'Gone User' };
/** Someone whose member look-up fails (the connector answers 500). */
const BROKEN: TestUser = { id: '29:broken', aadObjectId: 'aad-broken', name: 'Bo Broken' };

/** A group chat the connector answers no member look-up in. */
const GROUP_CHAT = { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID };
/** Someone whose member look-up the connector does not answer. */
const SLOW: TestUser = { id: '29:slow', aadObjectId: 'aad-slow', name: 'Sia Slow' };
/** A member of it-support whose member look-up answers, but later than a turn waits for it (6 s). */
const SARA: TestUser = { id: '29:sara', aadObjectId: 'aad-sara', name: 'Sara Holm' };

/** A member of it-support in the catalogue (mads.kjaer@au.dk), whose new address the catalogue does not have. */
const MADS: TestUser = { id: '29:mads', aadObjectId: 'aad-m1', name: 'Mads Kjær' };
/** Addresses the tests change people to that the catalogue names too (an admin updated it). */
const NEW_ADDRESSES_IN_CATALOGUE = ['peter.holm@au.dk', 'sara.berg@au.dk', 'jane.doe@au.dk'];

/** The connector's member records by Teams user id; a user not here gets a 404, `broken` a 500. */
const MEMBERS: Record<string, Record<string, unknown>> = {
  '29:jane': { userPrincipalName: JANE_UPN, givenName: 'Jane', surname: 'Doe', name: 'Jane Doe (Guest)' },
  '29:peter': { email: 'peter.aagaard@au.dk', userPrincipalName: 'peter.aagaard@au.dk' },
  '29:noah': { givenName: 'Noah', surname: 'Nobody' },
  '29:mads': { email: 'mads.kjaer@au.dk', userPrincipalName: 'mads.kjaer@au.dk' },
};

/** Member records that answer in place of `MEMBERS` in a test (an address changed since), by Teams user id. */
let changed: Record<string, Record<string, unknown>>;
/** What the app logged at warn and above, one JSON line each. */
let warnings: string[];
/** Member look-ups the app made, by Teams user id. */
let lookups: Record<string, number>;
/** The conversation of each member look-up, in order. */
let lookedUpIn: string[];
let t: TeamsApp;
/** The app's data directory and catalogue, for a start of the app again on the same store. */
let dir: string;
let catalogue: string;
let logger: ReturnType<typeof createLogger>;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  changed = {};
  warnings = [];
  lookups = {};
  lookedUpIn = [];
  // Registered before the helper's own member look-up, so these answer.
  nock(CONNECTOR)
    .persist()
    .get(/\/teams\/v3\/conversations\/[^/]+\/members\/29(:|%3A)slow$/)
    .delay(60_000)
    .reply(() => {
      lookups[SLOW.id] = (lookups[SLOW.id] ?? 0) + 1;
      return [200, { id: SLOW.id, email: 'sia.slow@au.dk' }];
    });
  nock(CONNECTOR)
    .persist()
    .get(/\/teams\/v3\/conversations\/[^/]+\/members\/29(:|%3A)sara$/)
    .delay(6_000)
    .reply(() => {
      lookups[SARA.id] = (lookups[SARA.id] ?? 0) + 1;
      return [
        200,
        { id: SARA.id, ...(changed[SARA.id] ?? { email: 'sara.holm@au.dk', userPrincipalName: 'sara.holm@au.dk' }) },
      ];
    });
  nock(CONNECTOR)
    .persist()
    .get(/\/teams\/v3\/conversations\/[^/]+\/members\/.+/)
    .reply((uri) => {
      const userId = decodeURIComponent(uri.split('/members/')[1] ?? '');
      const conversation = decodeURIComponent(uri.split('/conversations/')[1]?.split('/members/')[0] ?? '');
      lookups[userId] = (lookups[userId] ?? 0) + 1;
      lookedUpIn.push(conversation);
      // As Teams: a channel thread has no members of its own (ThreadNotFound), nor does the test's group chat.
      if (conversation.includes(';messageid=') || conversation === GROUP_CHAT.id)
        return [404, { error: { code: 'ThreadNotFound' } }];
      if (userId === BROKEN.id) return [500, { error: { code: 'ServiceError' } }];
      const member = changed[userId] ?? MEMBERS[userId];
      if (typeof member?.['fail'] === 'number') return [member['fail'], { error: { code: 'ServiceError' } }];
      return member ? [200, { id: userId, ...member }] : [404, { error: { code: 'MemberNotFound' } }];
    });
  dir = await dirs.make();
  // Jane is on the it-support desk by her own address (as a guest's catalogue entry would be). The new addresses
  // the tests give Peter, Sara and Jane are there too (an admin put them in), so their changes are taken at once;
  // Mads's is not (a staff member's address the catalogue does not have yet).
  catalogue = writeLargeDeskCatalogue(dir, GROUP, [JANE_EMAIL, ...NEW_ADDRESSES_IN_CATALOGUE]);
  logger = createLogger('warn', { write: (line: string) => void warnings.push(line) });
  t = await startTeamsApp({ dataDir: dir, emails: {}, env: { CATALOGUE_PATH: catalogue }, logger });
  recordConnector(t.calls);
});
afterEach(async () => {
  await t.stop();
  nock.cleanAll();
});
afterAll(async () => {
  nock.enableNetConnect();
  await dirs.cleanup();
});

/** Stops the app and starts it again on the same store (as at an upgrade), its clock where it was. */
async function restart(): Promise<void> {
  const { calls } = t;
  const now = t.clock.now();
  await t.stop();
  // The connector's fake records into the same list (its interceptors stay).
  t = {
    ...(await startTeamsApp({ dataDir: dir, emails: {}, env: { CATALOGUE_PATH: catalogue }, logger, now })),
    calls,
  };
}

/** A case of the desk (VPN, in English) made as `more` says, stored straight in the app's store. */
function aCase(title: string, more: Parameters<typeof buildNewCase>[0]) {
  return t.app.services.store.createCase(
    buildNewCase({ title, categoryId: 'vpn', groupId: GROUP, ownerGroupId: GROUP, locale: 'en', ...more }),
  );
}

/** Jane's record as an earlier version left it, written a month ago: her UPN only. */
async function putJanesUpnRecord(): Promise<void> {
  await t.app.services.store.putRef('teams.ref', 'teams:aad-jane', {
    userId: JANE.id,
    aadObjectId: 'aad-jane',
    name: JANE.name,
    upn: JANE_UPN,
    updatedAt: new Date(t.clock.now().getTime() - 30 * 86_400_000).toISOString(),
  });
}

/**
 * Starts the app again on its store as if from before this version (the move of the guests' cases not run on it);
 * waits (up to 5 s) for the move to be done; the store of the app started.
 */
async function restartForTheGuestMove() {
  await t.app.services.store.deleteRef('teams.meta', 'guest-cases-1');
  await restart();
  const { store } = t.app.services;
  for (let i = 0; i < 100 && !(await store.getRef('teams.meta', 'guest-cases-1')); i++)
    await new Promise((r) => setTimeout(r, 50));
  return store;
}

/** Waits until the work the Teams turns left running is done (the moves of cases to changed addresses). */
async function settled(): Promise<void> {
  await t.app.transports.find((x) => x.platform === 'teams')?.settled?.();
}

/** Sends `text` in the user's personal chat; the card of the bot's last reply there, as text. */
async function say(user: TestUser, text: string): Promise<string> {
  const before = t.calls.length;
  const res = await t.post(aPersonalMessage(user, text));
  expect(res.status).toBe(200);
  const replies = t.calls.slice(before).filter((c) => c.path.includes(`/a:personal-${user.id}/activities`));
  expect(replies.length, JSON.stringify(t.calls.slice(before).map((c) => c.path))).toBeGreaterThan(0);
  return cardJson(replies.at(-1)?.body);
}

describe('Teams: who a guest (B2B) user is', () => {
  it('knows a guest by her own address, not the #EXT# user principal name: staff find her by it, and the catalogue makes her staff by it', async () => {
    expect(await say(JANE, 'queue')).toContain('AU IT Support');
    const record = await t.app.services.store.getRef('teams.ref', 'teams:aad-jane');
    // The record keeps what Teams said; the address is read from it.
    expect(record).toMatchObject({ upn: JANE_UPN });
    expect(record?.['email']).toBeUndefined();
    expect(await t.app.services.store.getRef('teams.ref.email', JANE_EMAIL)).toEqual({ personId: 'teams:aad-jane' });
    expect(await t.app.services.store.getRef('teams.ref.email', JANE_UPN.toLowerCase())).toBeNull();

    const found = await t.app.services.directory.search(JANE_EMAIL);
    expect(found.map((p) => [p.id, p.email])).toEqual([['teams:aad-jane', JANE_EMAIL]]);
    expect(await t.app.services.directory.search('jane.doe_gmail.com#ext#@autenant.onmicrosoft.com')).toEqual([]);
    expect(await say(PETER, `ny for ${JANE_EMAIL}`)).toContain('How did Jane Doe (Guest) contact us?');
  });

  it('still lists in `mine` the cases registered while her UPN was taken for her address', async () => {
    const { store } = t.app.services;
    await store.createCase(
      buildNewCase({
        title: 'Cannot open the shared drive',
        categoryId: 'vpn',
        groupId: GROUP,
        ownerGroupId: GROUP,
        locale: 'en',
        user: { id: 'teams:aad-jane', name: 'Jane Doe (Guest)', email: JANE_UPN.toLowerCase(), locale: 'en' },
      }),
    );
    expect(await say(JANE, 'mine')).toContain('Cannot open the shared drive');
  });

  it('lists in `mine` the cases tied to her only by the #EXT# UPN taken for her address: moved to her own address once, at the start', async () => {
    const legacy = JANE_UPN.toLowerCase();
    // As an earlier version left them: her record (the UPN only), and cases naming her by the UPN as her address.
    await putJanesUpnRecord();
    const asJane = { name: JANE.name, email: legacy };
    // Registered for her by e-mail before the bot knew her; from an account of hers invited again (another id).
    const byEmail = await aCase('Registered for her by e-mail', { user: { id: `email:${legacy}`, ...asJane } });
    await aCase('From her earlier guest account', { user: { id: 'teams:aad-jane-before', ...asJane } });
    // Assigned to her on the desk by the catalogue's #EXT# entry, with a note of hers.
    const assigned = await aCase('Assigned to her by the old catalogue entry', {
      status: 'assigned',
      assignee: { id: `email:${legacy}`, ...asJane },
      notes: [
        {
          id: 'n1',
          text: 'Looking into it',
          visibility: 'internal',
          at: t.clock.now().toISOString(),
          author: { id: 'teams:aad-jane', ...asJane },
        },
      ],
    });
    // Someone else's case is left as it is.
    const other = await aCase('Not hers', { user: { id: 'teams:aad-noah', name: NOAH.name, email: 'noah@au.dk' } });
    expect(await say(JANE, 'mine')).not.toContain('Registered for her by e-mail');

    // The store from before this version: the move has not run on it.
    const store = await restartForTheGuestMove();
    expect(await store.getRef('teams.meta', 'guest-cases-1')).toMatchObject({ moved: 3 });
    const mine = await say(JANE, 'mine');
    for (const title of [
      'Registered for her by e-mail',
      'From her earlier guest account',
      'Assigned to her by the old',
    ])
      expect(mine).toContain(title);
    expect((await store.getCase(byEmail.id))?.user).toEqual({
      id: `email:${JANE_EMAIL}`,
      name: JANE.name,
      email: JANE_EMAIL,
    });
    const moved = await store.getCase(assigned.id);
    expect(moved?.assignee).toEqual({ id: `email:${JANE_EMAIL}`, name: JANE.name, email: JANE_EMAIL });
    expect(moved?.notes[0]?.author).toEqual({ id: 'teams:aad-jane', name: JANE.name, email: JANE_EMAIL });
    expect(JSON.stringify(moved)).not.toContain('#ext#');
    expect((await store.getCase(other.id))?.version).toBe(other.version);
    // Once per store: a later start reads no cases for it.
    await restart();
    const again = t.app.services.store;
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await again.getRef('teams.meta', 'guest-cases-1')).toMatchObject({ moved: 3 });
  });

  it('updates the cards of the cases it moves, so a click on them is not refused as changed meanwhile', async () => {
    const legacy = JANE_UPN.toLowerCase();
    const before = t.app.services.store;
    await putJanesUpnRecord();
    // Registered for her by e-mail by an earlier version, its card posted to the desk's Teams channel.
    const c = await before.createCase(
      buildNewCase({
        title: 'Printer on the 2nd floor jams',
        categoryId: 'vpn',
        groupId: GROUP,
        ownerGroupId: GROUP,
        locale: 'en',
        user: { id: `email:${legacy}`, name: JANE.name, email: legacy },
      }),
      (created) => [postCardDraft(created, GROUP)],
    );
    await t.app.services.dispatcher.runOnce();
    const atRestart = (await before.getCase(c.id))!;
    const posted = atRestart.cards.find((k) => k.platform === 'teams');
    expect(posted?.conversationId).toBeDefined();
    const store = await restartForTheGuestMove();
    const moved = (await store.getCase(c.id))!;
    expect(moved.version).toBe(atRestart.version + 1);
    // The channel card is updated in place to the new version, so Peter's claim on it goes through.
    t.calls.length = 0;
    await t.app.services.dispatcher.runOnce();
    const update = t.calls.find((k) => k.method === 'PUT' && k.path.includes(posted!.conversationId!));
    expect(update, JSON.stringify(t.calls.map((k) => `${k.method} ${k.path}`))).toBeDefined();
    const claim = walk(JSON.parse(cardJson(update?.body))).find(
      (o) => (o['data'] as Record<string, unknown> | undefined)?.['verb'] === 'claim',
    );
    expect(claim?.['data']).toMatchObject({ caseId: c.id, version: moved.version });
    expect(await say(PETER, 'queue')).toContain('AU IT Support');
    const res = await t.post(aClickOnChannelCard(PETER, posted, claim?.['data'] as Record<string, unknown>));
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('changed meanwhile');
    expect((await store.getCase(c.id))?.assignee?.id).toBe('teams:aad-peter');
  });

  it('reads the address in the record of a guest met before, and moves its e-mail index entry at the next write', async () => {
    const { store } = t.app.services;
    // As an earlier version stored her: the UPN indexed as her address.
    const stamped = new Date(t.clock.now().getTime() - 2 * 3_600_000).toISOString();
    await store.putRef('teams.ref', 'teams:aad-jane', {
      userId: JANE.id,
      aadObjectId: 'aad-jane',
      name: JANE.name,
      upn: JANE_UPN,
      // Looked up within the day (as a record from before, without it, would be asked once more).
      memberAt: stamped,
      updatedAt: stamped,
    });
    await store.putRef('teams.ref.email', JANE_UPN.toLowerCase(), { personId: 'teams:aad-jane' });
    expect((await t.app.services.directory.lookup('teams:aad-jane'))?.email).toBe(JANE_EMAIL);
    await say(JANE, 'mine');
    expect(lookups[JANE.id]).toBeUndefined();
    expect(await store.getRef('teams.ref.email', JANE_EMAIL)).toEqual({ personId: 'teams:aad-jane' });
    expect(await store.getRef('teams.ref.email', JANE_UPN.toLowerCase())).toBeNull();
  });
});

describe('Teams: member look-ups', () => {
  it('looks a guest up once, however many turns she takes', async () => {
    for (let i = 0; i < 4; i++) {
      await say(JANE, 'mine');
      t.clock.advance(20 * 60_000);
    }
    expect(lookups[JANE.id]).toBe(1);
  });

  it('looks up someone Teams gives no address for, or does not find, once in a while, not at every turn', async () => {
    for (let i = 0; i < 4; i++) {
      await say(NOAH, 'mine');
      await say(GONE, 'mine');
      t.clock.advance(5 * 60_000);
    }
    expect([lookups[NOAH.id], lookups[GONE.id]]).toEqual([1, 1]);
    // After an hour Teams is asked again.
    t.clock.advance(60 * 60_000);
    await say(NOAH, 'mine');
    await say(GONE, 'mine');
    expect([lookups[NOAH.id], lookups[GONE.id]]).toEqual([2, 2]);
  });

  it('answers someone whose look-up fails (500) as anyone without an address, and asks again after 5 minutes', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await say(BROKEN, 'mine')).toContain('You have no cases.');
      t.clock.advance(60_000);
    }
    expect(lookups[BROKEN.id]).toBe(1);
    t.clock.advance(3 * 60_000);
    await say(BROKEN, 'mine');
    expect(lookups[BROKEN.id]).toBe(2);
  });

  it('answers the turn within seconds when the connector does not answer the look-up, and the next turn does not wait for it again', async () => {
    const started = Date.now();
    expect(await say(SLOW, 'mine')).toContain('You have no cases.');
    expect(Date.now() - started).toBeLessThan(8_000);
    const again = Date.now();
    await say(SLOW, 'mine');
    expect(Date.now() - again).toBeLessThan(1_000);
  });

  it('keeps the address a look-up gives after the turn stopped waiting: the next turn knows her as staff, without asking again', async () => {
    // The turn does not wait for it: Sara is answered as someone without an address.
    expect(await say(SARA, 'queue')).toContain('That command is for support staff only.');
    // The answer comes a second later, and goes into her record (waited for up to 20 s: the suite runs on a loaded machine).
    const { store } = t.app.services;
    for (let i = 0; i < 200 && !(await store.getRef('teams.ref', 'teams:aad-sara'))?.['email']; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await store.getRef('teams.ref', 'teams:aad-sara')).toMatchObject({ email: 'sara.holm@au.dk' });
    t.clock.advance(60_000);
    // A minute later (the failed look-up's 5 minutes not over), she is staff, and Teams is not asked again.
    expect(await say(SARA, 'queue')).toContain('AU IT Support');
    expect(lookups[SARA.id]).toBe(1);
  }, 30_000);

  it('asks again for an address a day old, at the next turn: a changed e-mail reaches the record and the e-mail index', async () => {
    const { store } = t.app.services;
    expect(await say(PETER, 'queue')).toContain('AU IT Support');
    // Within the day no turn asks Teams.
    for (let i = 0; i < 4; i++) {
      t.clock.advance(5 * 3_600_000);
      await say(PETER, 'mine');
    }
    expect(lookups[PETER.id]).toBe(1);
    // His address changed (a new surname); a day after the look-up his next turn asks again and is known by it.
    changed[PETER.id] = { email: 'peter.holm@au.dk', userPrincipalName: 'peter.holm@au.dk', surname: 'Holm' };
    t.clock.advance(4 * 3_600_000 + 60_000);
    await say(PETER, 'mine');
    await settled();
    expect(lookups[PETER.id]).toBe(2);
    expect(await store.getRef('teams.ref', 'teams:aad-peter')).toMatchObject({
      email: 'peter.holm@au.dk',
      upn: 'peter.holm@au.dk',
      surname: 'Holm',
    });
    expect(await store.getRef('teams.ref.email', 'peter.holm@au.dk')).toEqual({ personId: 'teams:aad-peter' });
    expect(await store.getRef('teams.ref.email', 'peter.aagaard@au.dk')).toBeNull();
    expect((await t.app.services.directory.search('peter.holm@au.dk')).map((p) => p.id)).toEqual(['teams:aad-peter']);
    // (The catalogue still names the old address: only it answers for it now.)
    expect((await t.app.services.directory.search('peter.aagaard@au.dk')).map((p) => p.id)).toEqual([
      'email:peter.aagaard@au.dk',
    ]);
    // And the next turn asks nothing.
    t.clock.advance(60_000);
    await say(PETER, 'mine');
    expect(lookups[PETER.id]).toBe(2);
  });

  it('a changed address takes along the cases naming him by the former one alone: his mine, his messages', async () => {
    const { store } = t.app.services;
    const old = 'peter.aagaard@au.dk';
    expect(await say(PETER, 'queue')).toContain('AU IT Support');
    await say(NOAH, 'help');
    const byOld = { id: `email:${old}`, name: 'Peter Aagaard', email: old };
    const noah = { id: 'teams:aad-noah', name: NOAH.name };
    // Assigned to him by e-mail (the catalogue's entry) and registered for him by e-mail, before he wrote.
    const assigned = await aCase('Noah cannot print', { status: 'assigned', assignee: byOld, user: noah });
    const his = await aCase('Registered for him by e-mail', { user: byOld });
    const other = await aCase('Someone else', { user: noah });
    expect(await say(PETER, 'mine')).toContain('Registered for him by e-mail');
    // His address changes; a day on, his next turn takes it, and the cases follow (in the background).
    changed[PETER.id] = { email: 'peter.holm@au.dk', userPrincipalName: 'peter.holm@au.dk', surname: 'Holm' };
    t.clock.advance(25 * 3_600_000);
    await say(PETER, 'mine');
    await settled();
    expect(await say(PETER, 'mine')).toContain('Registered for him by e-mail');
    expect(lookups[PETER.id]).toBe(2);
    expect(await store.getRef('teams.ref', 'teams:aad-peter')).toMatchObject({ email: 'peter.holm@au.dk' });
    const byNew = { id: 'email:peter.holm@au.dk', name: 'Peter Aagaard', email: 'peter.holm@au.dk' };
    expect((await store.getCase(assigned.id))?.assignee).toEqual(byNew);
    expect((await store.getCase(his.id))?.user).toEqual(byNew);
    expect((await store.getCase(other.id))?.version).toBe(other.version);
    // Noah adds to his case: Peter, who has it, is told in his chat.
    const before = t.calls.length;
    await say(NOAH, `add ${assigned.number} It jams on every page`);
    for (let i = 0; i < 5; i++) await t.app.services.dispatcher.runOnce();
    const toPeter = t.calls.slice(before).filter((k) => k.path.includes(`/a:personal-${PETER.id}/activities`));
    expect(toPeter.map((k) => cardJson(k.body)).join('\n')).toContain('It jams on every page');
    expect(warnings.join('\n')).not.toContain('peter');
  });

  it('a changed address a late look-up gives takes along the cases naming her by the former one alone', async () => {
    const { store } = t.app.services;
    const recordOf = async () => (await store.getRef('teams.ref', 'teams:aad-sara'))?.['email'];
    /** Waits (up to 20 s: the suite runs on a loaded machine) for the late answer to reach her record. */
    const recordSays = async (email: string) => {
      for (let i = 0; i < 200 && (await recordOf()) !== email; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await recordOf()).toBe(email);
    };
    await say(SARA, 'mine');
    await recordSays('sara.holm@au.dk');
    const byOld = { id: 'email:sara.holm@au.dk', name: 'Sara Holm', email: 'sara.holm@au.dk' };
    const his = await aCase('Registered for her by e-mail', { user: byOld });
    // Her address changes; a day on, her next turn asks again, and the answer again comes after the turn.
    changed[SARA.id] = { email: 'sara.berg@au.dk', userPrincipalName: 'sara.berg@au.dk' };
    t.clock.advance(25 * 3_600_000);
    await say(SARA, 'mine');
    await recordSays('sara.berg@au.dk');
    expect(lookups[SARA.id]).toBe(2);
    expect((await store.getCase(his.id))?.user).toEqual({
      ...byOld,
      id: 'email:sara.berg@au.dk',
      email: 'sara.berg@au.dk',
    });
    t.clock.advance(60_000);
    expect(await say(SARA, 'mine')).toContain('Registered for her by e-mail');
  }, 40_000);

  it("keeps a staff member's former address, and staff rights, while the catalogue names only it; warns the operator once; takes the new one once the catalogue has it", async () => {
    const { store } = t.app.services;
    const old = 'mads.kjaer@au.dk';
    expect(await say(MADS, 'queue')).toContain('AU IT Support');
    const byOld = { id: `email:${old}`, name: 'Mads Kjær', email: old };
    const his = await aCase('Registered for him by e-mail', { user: byOld });
    const held = () => warnings.filter((w) => w.includes('names them by the former one'));
    // His address changes (a new surname), which the catalogue does not have yet: a day on, Teams is asked again,
    // and he is still staff, by the catalogue's address; his case stays with it.
    changed[MADS.id] = { email: 'mads.berg@au.dk', userPrincipalName: 'mads.berg@au.dk', surname: 'Berg' };
    t.clock.advance(25 * 3_600_000);
    expect(await say(MADS, 'queue')).toContain('AU IT Support');
    expect(lookups[MADS.id]).toBe(2);
    expect(await store.getRef('teams.ref', 'teams:aad-m1')).toMatchObject({
      email: old,
      upn: old,
      surname: 'Berg',
      heldEmail: 'mads.berg@au.dk',
    });
    expect(await store.getRef('teams.ref.email', old)).toEqual({ personId: 'teams:aad-m1' });
    expect((await store.getCase(his.id))?.version).toBe(his.version);
    expect(await say(MADS, 'mine')).toContain('Registered for him by e-mail');
    // The operator is told to update the catalogue: who (the person id) and the catalogue's groups, no address.
    expect(held()).toHaveLength(1);
    expect(JSON.parse(held()[0] as string)).toMatchObject({ level: 40, personId: 'teams:aad-m1', groups: [GROUP] });
    expect(warnings.join('\n')).not.toMatch(/kjaer|berg@/);
    // A day on, asked again, still held: not warned again while the bot runs, and not asked at every turn meanwhile.
    t.clock.advance(25 * 3_600_000);
    expect(await say(MADS, 'queue')).toContain('AU IT Support');
    t.clock.advance(60_000);
    await say(MADS, 'mine');
    expect(lookups[MADS.id]).toBe(3);
    expect(held()).toHaveLength(1);

    // An admin puts the new address into the catalogue in place of the old one, and the bot is started again:
    // his next turn takes it, his case follows, and he is staff by it.
    const doc = parse(readFileSync(catalogue, 'utf8')) as { groups: { id: string; members?: string[] }[] };
    for (const g of doc.groups) g.members = g.members?.map((m) => (m === old ? 'mads.berg@au.dk' : m));
    writeFileSync(catalogue, stringify(doc));
    await restart();
    t.clock.advance(60_000);
    expect(await say(MADS, 'queue')).toContain('AU IT Support');
    expect(lookups[MADS.id]).toBe(4);
    await settled();
    const record = await t.app.services.store.getRef('teams.ref', 'teams:aad-m1');
    expect(record).toMatchObject({ email: 'mads.berg@au.dk', upn: 'mads.berg@au.dk' });
    expect(record?.['heldEmail']).toBeUndefined();
    expect((await t.app.services.store.getCase(his.id))?.user.id).toBe('email:mads.berg@au.dk');
    expect(held()).toHaveLength(1);
  });

  it('a guest made a member: the refreshed look-up drops the guest address from her record and the index', async () => {
    const { store } = t.app.services;
    await say(JANE, 'mine');
    changed[JANE.id] = { email: 'jane.doe@au.dk', userPrincipalName: 'jane.doe@au.dk', givenName: 'Jane' };
    t.clock.advance(25 * 3_600_000);
    await say(JANE, 'mine');
    expect(lookups[JANE.id]).toBe(2);
    const record = await store.getRef('teams.ref', 'teams:aad-jane');
    expect(record).toMatchObject({ email: 'jane.doe@au.dk', upn: 'jane.doe@au.dk', givenName: 'Jane' });
    expect(record?.['surname']).toBeUndefined();
    expect(await store.getRef('teams.ref.email', 'jane.doe@au.dk')).toEqual({ personId: 'teams:aad-jane' });
    expect(await store.getRef('teams.ref.email', JANE_EMAIL)).toBeNull();
  });

  it('a refreshed look-up that fails or names no address keeps the address the record has', async () => {
    const { store } = t.app.services;
    expect(await say(PETER, 'queue')).toContain('AU IT Support');
    changed[PETER.id] = { givenName: 'Peter' };
    t.clock.advance(25 * 3_600_000);
    expect(await say(PETER, 'queue')).toContain('AU IT Support');
    expect(lookups[PETER.id]).toBe(2);
    expect(await store.getRef('teams.ref', 'teams:aad-peter')).toMatchObject({ email: 'peter.aagaard@au.dk' });
    // Not asked again at every turn meanwhile (an hour, as for any look-up that named no address).
    t.clock.advance(10 * 60_000);
    await say(PETER, 'mine');
    expect(lookups[PETER.id]).toBe(2);
    // An hour on, the connector fails (503): he is still staff by the address he has.
    changed[PETER.id] = { fail: 503 };
    t.clock.advance(60 * 60_000);
    expect(await say(PETER, 'queue')).toContain('AU IT Support');
    expect(lookups[PETER.id]).toBe(3);
    expect(await store.getRef('teams.ref', 'teams:aad-peter')).toMatchObject({ email: 'peter.aagaard@au.dk' });
  });

  it('warns of failed look-ups with their status, once per cause in 10 minutes, without naming the person', async () => {
    const lookUpWarnings = () =>
      warnings.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => String(l['msg']).includes('look-up'));
    // The connector refuses a look-up (403, e.g. a missing permission): one warning with the status.
    changed[PETER.id] = { fail: 403 };
    expect(await say(PETER, 'queue')).toContain('That command is for support staff only.');
    expect(lookUpWarnings()).toMatchObject([{ level: 40, cause: 'HTTP 403', status: 403 }]);
    // Someone else refused the same way a few minutes later: not logged again.
    t.clock.advance(5 * 60_000);
    changed[NOAH.id] = { fail: 403 };
    await say(NOAH, 'mine');
    expect(lookups[NOAH.id]).toBe(1);
    expect(lookUpWarnings()).toHaveLength(1);
    // Another cause (500) is its own warning; someone Teams does not know in that chat (404) is no failure.
    await say(BROKEN, 'mine');
    await say(GONE, 'mine');
    expect([lookups[BROKEN.id], lookups[GONE.id]]).toEqual([1, 1]);
    expect(lookUpWarnings().map((l) => l['cause'])).toEqual(['HTTP 403', 'HTTP 500']);
    // 10 minutes after the first, a 403 that goes on is logged again.
    t.clock.advance(5 * 60_000);
    changed[JANE.id] = { fail: 403 };
    await say(JANE, 'mine');
    expect(lookUpWarnings().map((l) => l['cause'])).toEqual(['HTTP 403', 'HTTP 500', 'HTTP 403']);
    // Nobody's id, name or address is in them.
    const logged = JSON.stringify(lookUpWarnings());
    for (const who of ['29:', 'aad-', 'Peter', 'peter', 'Bo Broken', 'Noah', 'noah', 'jane', '@'])
      expect(logged).not.toContain(who);
  });

  it("asks the team's roster for someone who first writes in a channel, and finds them staff there", async () => {
    const before = t.calls.length;
    // In AU IT Support's own channel: elsewhere a queue goes to the personal chat (teams-case-lists-privately).
    const res = await t.post(aChannelMessage(PETER, `queue ${GROUP}`, '19:it-support@thread.tacv2'));
    expect(res.status).toBe(200);
    expect(lookedUpIn).toEqual([TEAM_ID]);
    const reply = t.calls.slice(before).find((c) => c.method === 'POST' && c.path.includes(';messageid=999'));
    expect(cardJson(reply?.body)).toContain('AU IT Support');
  });

  it('asks again in another conversation at once when one found nobody', async () => {
    const inGroupChat = { ...aPersonalMessage(PETER, 'hello'), conversation: GROUP_CHAT };
    expect((await t.post(inGroupChat)).status).toBe(200);
    expect((await t.post(inGroupChat)).status).toBe(200);
    expect(lookedUpIn).toEqual([GROUP_CHAT.id]);
    expect(await say(PETER, 'queue')).toContain('AU IT Support');
    expect(lookedUpIn).toEqual([GROUP_CHAT.id, `a:personal-${PETER.id}`]);
  });
});

describe('Teams: cases following a changed address, moved after the turn', () => {
  const OLD = 'peter.aagaard@au.dk';
  const NEW = 'peter.holm@au.dk';
  const record = async (personId = 'teams:aad-peter') => t.app.services.store.getRef('teams.ref', personId);
  const userOf = async (id: string) => (await t.app.services.store.getCase(id))?.user.id;
  /** Cases registered for Peter by his former address alone (before the bot knew him). */
  async function casesByOld(n: number) {
    const out = [];
    for (let i = 1; i <= n; i++) {
      const user = { id: `email:${OLD}`, name: 'Peter Aagaard', email: OLD };
      const draft = { title: `Registered by e-mail ${i}`, categoryId: 'vpn', groupId: GROUP, ownerGroupId: GROUP };
      out.push(await t.app.services.store.createCase(buildNewCase({ ...draft, locale: 'en', user })));
    }
    return out;
  }
  /** Case writes go through `decide` first: it may hold them (a promise) or refuse them (throw). */
  function caseWrites(decide: (n: number) => Promise<void> | void) {
    const write = SqliteCaseStore.prototype.updateCase;
    let n = 0;
    return vi.spyOn(SqliteCaseStore.prototype, 'updateCase').mockImplementation(async function (
      this: SqliteCaseStore,
      ...args: Parameters<SqliteCaseStore['updateCase']>
    ) {
      n += 1;
      await decide(n);
      return write.apply(this, args);
    });
  }
  const notAllMoved = () => warnings.filter((w) => w.includes('were not all moved'));

  it('answers the turn that takes a changed address without waiting for the cases to move; the record says it is done only once they are', async () => {
    const { store, directory } = t.app.services;
    expect(await say(PETER, 'queue')).toContain('AU IT Support');
    const cases = await casesByOld(2);
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const spy = caseWrites(() => gate);
    try {
      changed[PETER.id] = { email: NEW, userPrincipalName: NEW };
      t.clock.advance(25 * 3_600_000);
      // No case can be written yet: the turn is answered all the same, and he is staff by the new address.
      expect(await say(PETER, 'queue')).toContain('AU IT Support');
      expect(await record()).toMatchObject({ email: NEW, movingFrom: OLD });
      expect(await store.getRef('teams.ref.moving', 'teams:aad-peter')).not.toBeNull();
      expect(await userOf(cases[0]?.id as string)).toBe(`email:${OLD}`);
      // Meanwhile what is sent to either address reaches him (the outbox takes whom the directory gives by it).
      for (const a of [OLD, NEW])
        expect(await directory.search(a)).toContainEqual(expect.objectContaining({ id: 'teams:aad-peter', email: a }));
      release();
      await settled();
    } finally {
      spy.mockRestore();
    }
    for (const c of cases) expect(await userOf(c.id)).toBe(`email:${NEW}`);
    expect((await record())?.['movingFrom']).toBeUndefined();
    expect(await store.getRef('teams.ref.email', OLD)).toBeNull();
    expect(await store.getRef('teams.ref.moving', 'teams:aad-peter')).toBeNull();
    t.clock.advance(60_000);
    const mine = await say(PETER, 'mine');
    for (const i of [1, 2]) expect(mine).toContain(`Registered by e-mail ${i}`);
    expect(lookups[PETER.id]).toBe(2);
  });

  it('takes a move that failed part-way up again at his next message, without asking Teams again', async () => {
    const { store } = t.app.services;
    expect(await say(PETER, 'queue')).toContain('AU IT Support');
    const cases = await casesByOld(3);
    // The store stops answering at the second case write: one case is moved, the others are not.
    const spy = caseWrites((n) => {
      if (n === 2) throw new AppError('STORE.UNAVAILABLE', 'store unavailable');
    });
    try {
      changed[PETER.id] = { email: NEW, userPrincipalName: NEW };
      t.clock.advance(25 * 3_600_000);
      expect(await say(PETER, 'queue')).toContain('AU IT Support');
      await settled();
    } finally {
      spy.mockRestore();
    }
    const users = await Promise.all(cases.map((c) => userOf(c.id)));
    expect(users.filter((u) => u === `email:${NEW}`)).toHaveLength(1);
    expect(await record()).toMatchObject({ email: NEW, movingFrom: OLD });
    expect(await store.getRef('teams.ref.email', OLD)).toEqual({ personId: 'teams:aad-peter' });
    expect(notAllMoved()).toHaveLength(1);
    expect(warnings.join('\n')).not.toContain('peter');
    // His next message, a minute on, takes the move up; Teams is not asked while it is not done.
    t.clock.advance(60_000);
    await say(PETER, 'mine');
    await settled();
    for (const c of cases) expect(await userOf(c.id)).toBe(`email:${NEW}`);
    expect((await record())?.['movingFrom']).toBeUndefined();
    expect(await store.getRef('teams.ref.email', OLD)).toBeNull();
    expect(lookups[PETER.id]).toBe(2);
    const mine = await say(PETER, 'mine');
    for (const i of [1, 2, 3]) expect(mine).toContain(`Registered by e-mail ${i}`);
  });

  it('takes a move left undone up again at the next start', async () => {
    expect(await say(PETER, 'queue')).toContain('AU IT Support');
    const cases = await casesByOld(2);
    const spy = caseWrites((n) => {
      if (n === 1) throw new Error('store unavailable');
    });
    try {
      changed[PETER.id] = { email: NEW, userPrincipalName: NEW };
      t.clock.advance(25 * 3_600_000);
      await say(PETER, 'queue');
      await settled();
    } finally {
      spy.mockRestore();
    }
    expect(await record()).toMatchObject({ email: NEW, movingFrom: OLD });
    await restart();
    await settled();
    for (const c of cases) expect(await userOf(c.id)).toBe(`email:${NEW}`);
    expect((await record())?.['movingFrom']).toBeUndefined();
    expect(await t.app.services.store.getRef('teams.ref.moving', 'teams:aad-peter')).toBeNull();
  });

  /** Mads's address changes to one the catalogue does not have: held back (`heldEmail`) at his turn a day on. */
  async function madsHeld(): Promise<void> {
    expect(await say(MADS, 'queue')).toContain('AU IT Support');
    changed[MADS.id] = { email: 'mads.berg@au.dk', userPrincipalName: 'mads.berg@au.dk' };
    t.clock.advance(25 * 3_600_000);
    expect(await say(MADS, 'queue')).toContain('AU IT Support');
    expect(await record('teams:aad-m1')).toMatchObject({ email: 'mads.kjaer@au.dk', heldEmail: 'mads.berg@au.dk' });
  }

  it('keeps the address the catalogue holds when his record cannot be read at a turn', async () => {
    await madsHeld();
    // A day on, the store does not answer the read of his record once; Teams still gives the new address.
    t.clock.advance(25 * 3_600_000);
    // (At the records' reader: the services' store view binds the store's methods once, out of a spy's reach.)
    const read = TeamsRefs.prototype.person;
    let refused = 0;
    const spy = vi.spyOn(TeamsRefs.prototype, 'person').mockImplementation(function (this: TeamsRefs, id: string) {
      if (id === 'teams:aad-m1' && refused === 0) {
        refused += 1;
        return Promise.reject(new AppError('STORE.UNAVAILABLE', 'store down (test)'));
      }
      return read.call(this, id);
    });
    try {
      expect(await say(MADS, 'queue')).toContain('AU IT Support');
    } finally {
      spy.mockRestore();
    }
    expect(refused).toBe(1);
    expect(lookups[MADS.id]).toBe(3);
    expect(await record('teams:aad-m1')).toMatchObject({ email: 'mads.kjaer@au.dk', heldEmail: 'mads.berg@au.dk' });
    // His next turn reads it, and he is still staff by the catalogue's address.
    t.clock.advance(60_000);
    expect(await say(MADS, 'queue')).toContain('AU IT Support');
  });

  it('finds a staff member by the address held back too: what is sent to it reaches him, his rights stay', async () => {
    await madsHeld();
    const { store, directory } = t.app.services;
    expect(await store.getRef('teams.ref.email', 'mads.berg@au.dk')).toEqual({ personId: 'teams:aad-m1' });
    expect(await directory.search('mads.berg@au.dk')).toEqual([
      expect.objectContaining({ id: 'teams:aad-m1', email: 'mads.berg@au.dk' }),
    ]);
    expect(await directory.search('mads.kjaer@au.dk')).toContainEqual(
      expect.objectContaining({ id: 'teams:aad-m1', email: 'mads.kjaer@au.dk' }),
    );
    // A case assigned to him by the new address: what Noah adds to it goes to his chat.
    await say(NOAH, 'help');
    const c = await store.createCase(
      buildNewCase({
        title: 'Noah cannot print',
        categoryId: 'vpn',
        groupId: GROUP,
        ownerGroupId: GROUP,
        locale: 'en',
        status: 'assigned',
        assignee: { id: 'email:mads.berg@au.dk', name: 'Mads Berg', email: 'mads.berg@au.dk' },
        user: { id: 'teams:aad-noah', name: NOAH.name },
      }),
    );
    const before = t.calls.length;
    await say(NOAH, `add ${c.number} Called him about it`);
    for (let i = 0; i < 5; i++) await t.app.services.dispatcher.runOnce();
    const toMads = t.calls.slice(before).filter((k) => k.path.includes(`/a:personal-${MADS.id}/activities`));
    expect(toMads.map((k) => cardJson(k.body)).join('\n')).toContain('Called him about it');
  });
  it('indexes the held address of a record held before such addresses were indexed, at its next write', async () => {
    await madsHeld();
    const { store } = t.app.services;
    await store.deleteRef('teams.ref.email', 'mads.berg@au.dk');
    // Two hours on (a record is rewritten at most hourly when nothing changed; Teams is asked daily), he writes.
    t.clock.advance(2 * 3_600_000);
    expect(await say(MADS, 'queue')).toContain('AU IT Support');
    expect(lookups[MADS.id]).toBe(2);
    expect(await store.getRef('teams.ref.email', 'mads.berg@au.dk')).toEqual({ personId: 'teams:aad-m1' });
  });
});
