import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Case, Locale, Person } from '../../../src/models/case.js';
import type { CaseStore } from '../../../src/models/case-store.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, recordConnector, startTeamsApp, type TeamsApp } from '../../helpers/teams-app.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs('teams-answer-race-');

const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const ANNA_PERSON: Person = { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk' };
/** Jonas, ARTS Support (config/catalogue.yaml), who resolves Anna's case. */
const JONAS: Person = { id: 'teams:aad-jonas', name: 'Jonas Vestergaard', email: 'jonas.vestergaard@au.dk' };

/** ARTS Support's channel (config/catalogue.yaml) and the case's card in it. */
const ARTS_CHANNEL = '19:arts-support@thread.tacv2';
const ARTS_CARD = {
  platform: 'teams' as const,
  groupId: 'arts-support',
  channelId: ARTS_CHANNEL,
  messageId: '1700000000099',
  conversationId: `${ARTS_CHANNEL};messageid=1700000000099`,
  active: true,
};

let t: TeamsApp | undefined;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(async () => {
  await t?.stop();
  t = undefined;
  nock.cleanAll();
});
afterAll(async () => {
  nock.enableNetConnect();
  await dirs.cleanup();
});

interface Node {
  [key: string]: unknown;
}

/** Every element of an Adaptive Card of the given type, in order. */
function elements(card: unknown, type: string): Node[] {
  const found: Node[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Node;
      if (o['type'] === type) found.push(o);
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return found;
}

/**
 * Anna's ARTS Support case (in `locale`), claimed and resolved by Jonas through the services; the "is it solved?"
 * card the bot delivered to Anna's personal chat.
 */
async function solvedCard(locale: Locale): Promise<{ app: TeamsApp; c: Case; card: unknown }> {
  const app = await startTeamsApp({ dataDir: await dirs.make(), emails: { '29:anna': 'anna.employee@au.dk' } });
  t = app;
  recordConnector(app.calls);
  // Anna has talked to the bot, so Teams can reach her.
  expect((await app.post(aPersonalMessage(ANNA, 'help'))).status).toBe(200);
  const s = app.app.services;
  const registered = await s.store.createCase(
    buildNewCase({
      title: 'VPN drops at home',
      categoryId: 'vpn',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      locale,
      user: { ...ANNA_PERSON, locale },
    }),
  );
  // Its card in ARTS Support's channel, whose thread hears what happens to it.
  const created = await s.store.updateCase({ ...registered, cards: [ARTS_CARD] }, registered.version, []);
  const claimed = await s.actions.act(JONAS, { verb: 'claim', caseId: created.id, version: created.version });
  if (!claimed.ok) throw new Error(claimed.reply.text);
  const done = await s.actions.act(JONAS, {
    verb: 'resolve',
    caseId: created.id,
    version: claimed.case.version,
    solution: 'New VPN profile installed.',
  });
  if (!done.ok) throw new Error(done.reply.text);
  app.calls.length = 0;
  await s.dispatcher.runOnce();
  const toAnna = app.calls.filter((c) => c.method === 'POST' && c.path.includes(`/a:personal-${ANNA.id}/activities`));
  const cards = toAnna.map((c) => JSON.parse(cardJson(c.body))[0]);
  const card = cards.find((k) => elements(k, 'Action.Execute').some((b) => b['verb'] === 'still_a_problem'));
  expect(card).toBeDefined();
  app.calls.length = 0;
  return { app, c: done.case, card };
}

/** Anna's click on the card's `verb` button, with what she typed merged into the data as Teams does. */
async function click(app: TeamsApp, card: unknown, verb: string, typed: Record<string, string>): Promise<string> {
  const button = elements(card, 'Action.Execute').find((b) => b['verb'] === verb);
  expect(button).toBeDefined();
  const res = await app.post(anActionInvoke(ANNA, { ...(button!['data'] as Node), ...typed }));
  expect(res.status).toBe(200);
  return res.text();
}

/** What the bot posted anywhere (chats, the group's channel and threads) after the click, once delivered. */
async function delivered(app: TeamsApp): Promise<string> {
  await app.app.services.dispatcher.runOnce();
  return app.calls.map((c) => JSON.stringify(c.body)).join('\n');
}

/**
 * Runs `meanwhile` once, just before the next write of a case: another writer landing between a reader's read and
 * its write. The store's own method is its class's (the services' views of it pass through to it): shadowed here,
 * calling the class's method after `meanwhile`.
 */
function beforeNextWrite(store: CaseStore, meanwhile: () => Promise<void>): { readonly ran: boolean } {
  expect(Object.hasOwn(store, 'updateCase')).toBe(false);
  const own = (Object.getPrototypeOf(store) as CaseStore).updateCase;
  const state = { ran: false };
  store.updateCase = async (...args) => {
    if (!state.ran) {
      state.ran = true;
      await meanwhile();
    }
    return own.apply(store, args);
  };
  return state;
}

/**
 * Anna's "Yes, solved" and "No, still a problem" on Teams meeting another write between their read and their write:
 * her own double click, Jonas's note at the same moment. The answer is applied to the case as it is now.
 */
describe('Teams: an answer to "is it solved?" racing another write', () => {
  it('answers a double-clicked "Yes, solved" with "already confirmed", not "changed meanwhile by Anna"', async () => {
    const { app, c, card } = await solvedCard('en');
    // The second click's request arrives while the first is between reading the case and writing it.
    let first = '';
    const race = beforeNextWrite(app.app.services.store, async () => {
      first = await click(app, card, 'confirm_solved', {});
    });
    const second = await click(app, card, 'confirm_solved', {});
    expect(race.ran).toBe(true);
    expect(first).toContain(`Thank you! Case ${c.number} will be closed once support has checked the solution.`);
    expect(second).toContain(`You have already confirmed that ${c.number} is solved. Thank you!`);
    expect(second).not.toContain('meanwhile');
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.history.filter((h) => h.action === 'user_confirmed')).toHaveLength(1);
    await delivered(app);
    // One confirmation in the group's thread (in the deployment's language).
    const thread = app.calls.filter((k) => k.method === 'POST' && k.path.includes(ARTS_CHANNEL));
    expect(thread.filter((k) => JSON.stringify(k.body).includes('Anna Employee bekræfter'))).toHaveLength(1);
  });

  it('reopens on "No, still a problem" when Jonas writes a note at the same moment (Danish)', async () => {
    const { app, c, card } = await solvedCard('da');
    const race = beforeNextWrite(app.app.services.store, async () => {
      const now = (await app.app.services.store.getCase(c.id))!;
      const noted = await app.app.services.actions.act(JONAS, {
        verb: 'note',
        caseId: c.id,
        version: now.version,
        text: 'Checked the VPN logs',
        visibility: 'internal',
      });
      expect(noted.ok).toBe(true);
    });
    const answer = await click(app, card, 'still_a_problem', { 'still_a_problem.comment': 'Den falder stadig ud.' });
    expect(race.ran).toBe(true);
    expect(answer).toContain(`Sag ${c.number} er genåbnet`);
    expect(answer).not.toContain('i mellemtiden');
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.slice(-2).map((h) => h.action)).toEqual(['note', 'reopen']);
  });
});
