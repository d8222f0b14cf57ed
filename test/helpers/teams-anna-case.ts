import { expect } from 'vitest';
import type { CardAction } from '../../src/cards/card-actions.js';
import type { Case, Locale, Person } from '../../src/models/case.js';
import type { CaseStore } from '../../src/models/case-store.js';
import { buildNewCase } from './case-builder.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from './teams-activities.js';
import { cardJson, recordConnector, startTeamsApp, type TeamsApp } from './teams-app.js';

/**
 * Anna's ARTS Support case through the whole Teams app: what the tests of her answers on her personal cards
 * ("Yes, solved", "No, still a problem", the rating) share.
 */
export const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
export const ANNA_PERSON: Person = { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk' };
/** Jonas, ARTS Support (config/catalogue.yaml): he resolves Anna's case, and as 1st level closes it. */
export const JONAS: Person = { id: 'teams:aad-jonas', name: 'Jonas Vestergaard', email: 'jonas.vestergaard@au.dk' };

/** ARTS Support's channel (config/catalogue.yaml) and the case's card in it. */
export const ARTS_CHANNEL = '19:arts-support@thread.tacv2';
export const ARTS_CARD = {
  platform: 'teams' as const,
  groupId: 'arts-support',
  channelId: ARTS_CHANNEL,
  messageId: '1700000000099',
  conversationId: `${ARTS_CHANNEL};messageid=1700000000099`,
  active: true,
};

export interface CardNode {
  [key: string]: unknown;
}

/** Every element of an Adaptive Card of the given type, in order (its refresh block left out). */
export function cardElements(card: unknown, type: string): CardNode[] {
  const found: CardNode[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as CardNode;
      if (o['type'] === type) found.push(o);
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return found;
}

/** The texts of a card (title, paragraphs, facts), first to last, as one string. */
export const cardText = (card: unknown): string =>
  cardElements(card, 'TextBlock')
    .map((b) => String(b['text']))
    .join('\n');

/** `text` shows each of `said`, in that order. */
export function inOrder(text: string, ...said: string[]): void {
  const at = said.map((s) => text.indexOf(s));
  for (const [i, s] of said.entries()) expect(at[i], s).toBeGreaterThanOrEqual(0);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
}

/**
 * The Teams app on `dataDir` (on `store` when given), its connector calls recorded; Anna's e-mail known to the
 * member look-up.
 */
export async function startAnnaApp(dataDir: string, store?: CaseStore): Promise<TeamsApp> {
  const app = await startTeamsApp({
    dataDir,
    emails: { '29:anna': 'anna.employee@au.dk' },
    ...(store ? { store } : {}),
  });
  recordConnector(app.calls);
  return app;
}

/** Anna talks to the bot (so Teams can reach her); her ARTS Support case (in `locale`) with its channel card. */
export async function annasCase(app: TeamsApp, locale: Locale): Promise<Case> {
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
  return s.store.updateCase({ ...registered, cards: [ARTS_CARD] }, registered.version, []);
}

/** Jonas's action on the case through the services; the case as stored. */
export async function actAsJonas(app: TeamsApp, action: CardAction): Promise<Case> {
  const out = await app.app.services.actions.act(JONAS, action);
  if (!out.ok) throw new Error(out.reply.text);
  return out.case;
}

/** The cards delivered to Anna's personal chat since the calls were last cleared: the one with `verb`'s button. */
export async function deliveredToAnna(app: TeamsApp, verb: string): Promise<unknown> {
  await app.app.services.dispatcher.runOnce();
  const toAnna = app.calls.filter((c) => c.method === 'POST' && c.path.includes(`/a:personal-${ANNA.id}/activities`));
  const cards = toAnna.map((c) => JSON.parse(cardJson(c.body))[0]);
  app.calls.length = 0;
  const card = cards.find((k) => cardElements(k, 'Action.Execute').some((b) => b['verb'] === verb));
  expect(card).toBeDefined();
  return card;
}

/** Anna's click on the card's `verb` button, with what she typed merged into the data as Teams does. */
export async function clickAsAnna(
  app: TeamsApp,
  card: unknown,
  verb: string,
  typed: Record<string, string>,
): Promise<string> {
  const button = cardElements(card, 'Action.Execute').find((b) => b['verb'] === verb);
  expect(button).toBeDefined();
  const res = await app.post(anActionInvoke(ANNA, { ...(button!['data'] as CardNode), ...typed }));
  expect(res.status).toBe(200);
  return res.text();
}

/** What the bot posted anywhere (chats, the group's channel and threads) after the click, once delivered. */
export async function deliveredAnywhere(app: TeamsApp): Promise<string> {
  await app.app.services.dispatcher.runOnce();
  return app.calls.map((c) => JSON.stringify(c.body)).join('\n');
}

/**
 * Anna's ARTS Support case (in `locale`), claimed and resolved by Jonas through the services; the "is it solved?"
 * card the bot delivered to Anna's personal chat. `started` gets the app as soon as it runs (to stop it after the
 * test whatever happens next).
 */
export async function annasSolvedCard(
  dataDir: string,
  locale: Locale,
  started: (app: TeamsApp) => void,
): Promise<{ app: TeamsApp; c: Case; card: unknown }> {
  const app = await startAnnaApp(dataDir);
  started(app);
  let c = await annasCase(app, locale);
  c = await actAsJonas(app, { verb: 'claim', caseId: c.id, version: c.version });
  c = await actAsJonas(app, {
    verb: 'resolve',
    caseId: c.id,
    version: c.version,
    solution: 'New VPN profile installed.',
  });
  app.calls.length = 0;
  return { app, c, card: await deliveredToAnna(app, 'still_a_problem') };
}
