import nock from 'nock';
import { expect } from 'vitest';
import type { CardAction } from '../../src/cards/card-actions.js';
import type { Case, Locale, Person } from '../../src/models/case.js';
import type { CaseStore, OutboxDraft } from '../../src/models/case-store.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { postCardDraft } from '../../src/services/outbox/deliveries.js';
import { appPerTest } from './app-per-test.js';
import { buildNewCase } from './case-builder.js';
import { type FlakyStore, flakyStore, switchOnAfterEach } from './flaky-store.js';
import { type HardenedApp, teamsText } from './hardening-app.js';
import { people } from './people.js';
import { okCase } from './services.js';
import { slackUsers } from './slack-harness.js';
import { slackDm, slackEvent } from './slack-requests.js';
import { ANNA, aPersonalMessage, personalConversation, SERVICE_URL } from './teams-activities.js';

/**
 * A user's replies to staff on an open case through the whole app (`startHardenedApp`): the case, Anna on Teams and
 * in her Slack DM, and a store whose writes of her text always meet another write of the case.
 */
export const ANNA_TEAMS_EMAIL = 'anna.jensen@cas.au.dk';

/**
 * A whole app per test (`appPerTest(prefix)`) over a SQLite store that can be switched off (`flaky().down`, with
 * `readsToo`), Anna on Teams and Anna and Bo on Slack, no rate limit: how the user-reply outage tests start it. The
 * store is switched back on after each test, before the app stops.
 */
export function userReplyOutageApps(prefix: string): { start: () => Promise<HardenedApp>; flaky: () => FlakyStore } {
  const apps = appPerTest(prefix);
  let current: FlakyStore | undefined;
  switchOnAfterEach(() => current);
  return {
    start: () =>
      apps.start((dataDir) => {
        current = flakyStore(new SqliteCaseStore({ dataDir }));
        return {
          store: current.store,
          rateLimit: false,
          teamsEmails: { [ANNA.id]: ANNA_TEAMS_EMAIL },
          slackUsers: [slackUsers.anna, slackUsers.bo],
        };
      }),
    flaky: () => {
      if (!current) throw new Error('start() the app first');
      return current;
    },
  };
}
export const annaInTeams: Person = { id: `teams:${ANNA.aadObjectId}`, name: ANNA.name, email: ANNA_TEAMS_EMAIL };
export const annaInSlack: Person = { id: 'slack:U0ANNA', name: 'Anna Berg', email: 'anna.berg@cas.au.dk' };
/** Bo in Slack, whose profile says Danish (`slackUsers.bo`). */
export const boInSlack: Person = { id: 'slack:U0BO', name: 'Bo Nielsen', email: 'bo.nielsen@cas.au.dk' };

/** `user`'s Wi-Fi case of ARTS Support (`title`, in `locale`), its card posted to the group's channels (outbox). */
export function artsWifiCase(
  app: HardenedApp,
  user: Person,
  title = 'No wifi',
  locale: Locale = user.locale ?? 'en',
): Promise<Case> {
  return app.app.services.store.createCase(
    buildNewCase({
      title,
      categoryId: 'wifi-eduroam',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      user,
      locale,
    }),
    (s): OutboxDraft[] => [postCardDraft(s, 'arts-support')],
  );
}

/** `user`'s Wi-Fi case of ARTS Support (in their locale), its card posted, claimed by Jonas; asked `question` when given. */
export async function claimedCase(app: HardenedApp, user: Person, question?: string): Promise<Case> {
  const store = app.app.services.store;
  const created = await artsWifiCase(app, user);
  const act = async (action: Record<string, unknown>) => {
    const fresh = (await store.getCase(created.id))!;
    const done = await app.app.services.cases.act(people.jonas, {
      ...action,
      caseId: fresh.id,
      version: fresh.version,
    } as CardAction);
    return okCase(done);
  };
  const c = await act({ verb: 'claim' });
  return question ? act({ verb: 'set_status', status: 'awaiting_user', question }) : c;
}

/** The store's write of the user's text to case `c` (an answer or an addition), for `answerLost`'s `match`. */
export const usersWriteTo =
  (c: Case) =>
  ([next]: unknown[]): boolean =>
    (next as Case).id === c.id &&
    ['user_replied', 'user_comment'].includes((next as Case).history.at(-1)?.action ?? '');

/** What the case's user wrote, as stored on case `id`. */
export async function usersNotes(app: HardenedApp, id: string): Promise<string[]> {
  return (await app.app.services.store.getCase(id))!.notes.filter((n) => n.fromUser).map((n) => n.text);
}

/** The keys of case `id`'s outbox messages telling Jonas (who has the case, `claimedCase`) of the user's text. */
export async function toJonas(app: HardenedApp, id: string): Promise<string[]> {
  const rows = await app.app.services.store.listOutbox({ caseId: id, limit: 1000 });
  return rows.map((m) => m.key).filter((k) => k.includes(':send:user_') && k.endsWith(people.jonas.id));
}

/**
 * Every write of the user's text to case `c` meets another write landing just before it, while `on`: each try
 * conflicts; other writes go through. `tries` counts them.
 */
export function alwaysConflicting(store: CaseStore, c: Case): { tries: number; on: boolean } {
  const own = (Object.getPrototypeOf(store) as CaseStore).updateCase;
  const state = { tries: 0, on: true };
  store.updateCase = async (next, expectedVersion, outbox) => {
    const action = next.history.at(-1)?.action;
    if (state.on && next.id === c.id && (action === 'user_replied' || action === 'user_comment')) {
      state.tries += 1;
      const now = (await store.getCase(c.id))!;
      await own.call(store, { ...now }, now.version, []);
    }
    return own.call(store, next, expectedVersion, outbox);
  };
  return state;
}

/** The first bytes of a PNG: what a pasted screenshot is taken for. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 0xff]);

/** A picture pasted into a Teams message (`id` names its download, faked once by nock; kept as picture.png). */
export function teamsPicture(id: string): Record<string, unknown> {
  nock('https://smba.test').get(`/teams/v3/attachments/${id}/views/original`).reply(200, PNG);
  return { contentType: 'image/*', contentUrl: `${SERVICE_URL}v3/attachments/${id}/views/original` };
}

/** What the bot answered Anna in her Teams chat to `text` (with `attachments`), her Teams locale `locale`. */
export async function annaWritesInTeams(
  app: HardenedApp,
  text: string,
  locale = 'en-US',
  attachments: Record<string, unknown>[] = [],
): Promise<string> {
  const since = app.teamsCalls.length;
  const extra = { locale, ...(attachments.length > 0 ? { attachments } : {}) };
  expect((await app.teams(aPersonalMessage(ANNA, text, extra))).status).toBe(200);
  const chat = personalConversation(ANNA).id;
  return app.teamsCalls
    .slice(since)
    .filter((c) => decodeURIComponent(c.path).includes(chat))
    .map(teamsText)
    .join('\n');
}

/**
 * What the bot answered a Slack user (`userId`, Anna unless given) in their DM to `text` (event `id`, answered after
 * its acknowledgement).
 */
export async function annaWritesInSlack(
  app: HardenedApp,
  text: string,
  id: string,
  userId = 'U0ANNA',
): Promise<string> {
  const channel = `D${userId.slice(1)}`;
  const posts = () => app.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);
  const since = posts().length;
  expect((await app.slack(slackDm(id, { id: userId }, text, { channel, ts: `${id}.1` }))).status).toBe(200);
  await expect.poll(() => posts().length, { timeout: 10_000 }).toBeGreaterThan(since);
  return posts()
    .slice(since)
    .map((c) => `${c.body['text'] ?? ''}\n${c.body['blocks'] ?? ''}`)
    .join('\n');
}

/**
 * What the bot answered in the Slack DM of `userId` to `text` sent with a screenshot (event `id`; its download faked
 * once by nock, kept as screenshot.png), answered after the event's acknowledgement.
 */
export async function writesWithScreenshotInSlack(
  app: HardenedApp,
  userId: string,
  text: string,
  id: string,
): Promise<string> {
  const channel = `D${userId.slice(1)}`;
  const posts = () => app.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === channel);
  const since = posts().length;
  const path = `/files-pri/T1-F${id}/download/screenshot.png`;
  nock('https://files.slack.com').get(path).reply(200, PNG);
  const file = {
    id: `F${id}`,
    name: 'screenshot.png',
    mimetype: 'image/png',
    size: PNG.length,
    url_private_download: `https://files.slack.com${path}`,
  };
  const event = { type: 'message', subtype: 'file_share', channel, channel_type: 'im', user: userId, text };
  expect((await app.slack(slackEvent(id, { ...event, ts: `${id}.1`, files: [file] }))).status).toBe(200);
  await expect.poll(() => posts().length, { timeout: 10_000 }).toBeGreaterThan(since);
  return posts()
    .slice(since)
    .map((c) => `${c.body['text'] ?? ''}\n${c.body['blocks'] ?? ''}`)
    .join('\n');
}
