import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Case, Locale, Person } from '../../../src/models/case.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, recordConnector, startTeamsApp, type TeamsApp } from '../../helpers/teams-app.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs('teams-still-');

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

/** The ids of the card's text inputs. */
const inputIds = (card: unknown) => elements(card, 'Input.Text').map((i) => i['id']);

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

describe('Teams: "No, still a problem" with what is still wrong', () => {
  it('takes the comment typed on the solved card: the group hears it and the history keeps it (English)', async () => {
    const { app, c, card } = await solvedCard('en');
    const inputs = elements(card, 'Input.Text');
    expect(inputs.map((i) => [i['id'], i['label'], i['isRequired'] ?? false])).toEqual([
      ['still_a_problem.comment', 'What is still wrong? (optional)', false],
    ]);
    const answer = await click(app, card, 'still_a_problem', {
      'still_a_problem.comment': 'Still drops every hour since Monday.',
    });
    expect(answer).toContain(`Case ${c.number} is reopened`);
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.at(-1)).toMatchObject({ action: 'reopen', detail: 'Still drops every hour since Monday.' });
    expect(stored?.notes[0]).toMatchObject({ text: 'Still drops every hour since Monday.', fromUser: true });
    // In the thread of the case's card in ARTS Support's channel.
    await app.app.services.dispatcher.runOnce();
    const told = app.calls.filter((k) => JSON.stringify(k.body).includes('Still drops every hour since Monday.'));
    expect(told.map((k) => k.path).some((p) => p.includes(ARTS_CHANNEL))).toBe(true);
  });

  it('offers the input in Danish and takes a Danish comment', async () => {
    const { app, c, card } = await solvedCard('da');
    expect(elements(card, 'Input.Text').map((i) => i['label'])).toEqual(['Hvad er stadig galt? (valgfrit)']);
    const answer = await click(app, card, 'still_a_problem', {
      'still_a_problem.comment': 'Det går stadig ned, også på kablet net.',
    });
    expect(answer).toContain(`Sag ${c.number} er genåbnet`);
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.history.at(-1)).toMatchObject({
      action: 'reopen',
      detail: 'Det går stadig ned, også på kablet net.',
    });
    expect(await delivered(app)).toContain('Det går stadig ned, også på kablet net.');
  });

  it('reopens with no comment when the input is left empty or blank', async () => {
    const { app, c, card } = await solvedCard('en');
    expect(inputIds(card)).toEqual(['still_a_problem.comment']);
    await click(app, card, 'still_a_problem', { 'still_a_problem.comment': '   ' });
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.at(-1)?.action).toBe('reopen');
    expect(stored?.history.at(-1)?.detail).toBeUndefined();
    expect(stored?.notes.filter((n) => n.fromUser)).toEqual([]);
  });

  it('"Yes, solved" leaves a typed comment alone', async () => {
    const { app, c, card } = await solvedCard('en');
    expect(inputIds(card)).toEqual(['still_a_problem.comment']);
    await click(app, card, 'confirm_solved', { 'still_a_problem.comment': 'Never mind.' });
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('resolved');
    expect(JSON.stringify(stored)).not.toContain('Never mind.');
    expect(await delivered(app)).not.toContain('Never mind.');
  });

  it('refuses a 100 000-character comment with a friendly answer, and leaves the case as it was', async () => {
    const { app, c, card } = await solvedCard('en');
    expect(inputIds(card)).toEqual(['still_a_problem.comment']);
    const answer = await click(app, card, 'still_a_problem', { 'still_a_problem.comment': 'x'.repeat(100_000) });
    expect(answer).toContain('I could not use that');
    expect(answer).not.toContain('xxxxxxxxxx');
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('resolved');
    expect(stored?.version).toBe(c.version);
  });

  it('refuses an oversized comment naming the input by its label, as the card shows it, and its limit', async () => {
    const { app, c, card } = await solvedCard('en');
    const answer = await click(app, card, 'still_a_problem', { 'still_a_problem.comment': 'x'.repeat(100_000) });
    expect(answer).toContain(
      'I could not use that: “What is still wrong?” is 100,000 characters; at most 2,000 fit. Nothing was saved: ' +
        'please shorten it and send it again.',
    );
    expect((await app.app.services.store.getCase(c.id))?.version).toBe(c.version);
  });

  it("takes the comment typed on Anna's own case card (after Refresh) with its No, still a problem", async () => {
    const { app, c } = await solvedCard('en');
    const res = await app.post(anActionInvoke(ANNA, { verb: 'refresh', caseId: c.id }));
    const own = ((await res.json()) as { value: unknown }).value;
    expect(inputIds(own)).toEqual(['still_a_problem.comment']);
    expect(elements(own, 'Input.Text')[0]?.['label']).toBe('What is still wrong? (optional)');
    await click(app, own, 'still_a_problem', { 'still_a_problem.comment': 'The profile is gone again.' });
    const stored = await app.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.history.at(-1)).toMatchObject({ action: 'reopen', detail: 'The profile is gone again.' });
    expect(await delivered(app)).toContain('The profile is gone again.');
  });
});
