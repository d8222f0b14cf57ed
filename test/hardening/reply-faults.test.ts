import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { teamsTexts } from '../../src/bot/teams/teams-texts.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { type HardenedApp, HOOKS_ORIGIN, teamsText } from '../helpers/hardening-app.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { slashCommand } from '../helpers/slack-requests.js';
import { ANNA, aPersonalMessage, personalConversation } from '../helpers/teams-activities.js';

const apps = appPerTest('hardening-replies-');

const replyPath = new RegExp(`/teams/v3/conversations/${personalConversation(ANNA).id}/activities`);
const toAnna = (app: HardenedApp) => app.teamsCalls.filter((c) => c.path.includes(personalConversation(ANNA).id));
const dm = (text: string, id: string) => ({
  kind: 'event' as const,
  json: {
    type: 'event_callback',
    event_id: id,
    team_id: 'T1',
    event: { type: 'message', channel_type: 'im', channel: 'D0BO', user: 'U0BO', text, ts: `${id}.1` },
  },
});

describe('direct replies when Teams or Slack fail for a moment', () => {
  it('answers a Teams message through a 503 and a 429 with Retry-After, once', async () => {
    // Registered before the app's own fakes, so these answer first, once each.
    const fails = nock('https://smba.test')
      .post(replyPath)
      .reply(503, { error: { code: 'ServiceUnavailable' } })
      .post(replyPath)
      .reply(429, { error: { code: 'Throttled' } }, { 'Retry-After': '1' });
    const h = await apps.start();
    const started = Date.now();
    expect((await h.teams(aPersonalMessage(ANNA, 'help'))).status).toBe(200);
    expect(fails.isDone()).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(toAnna(h)).toHaveLength(1);
    expect(teamsText(toAnna(h)[0]!)).toContain('status');
  }, 30_000);

  it('does not try a Teams reply again when Teams refuses it for good (403)', async () => {
    const refused = nock('https://smba.test')
      .post(replyPath)
      .reply(403, { error: { code: 'Forbidden' } });
    const h = await apps.start();
    expect((await h.teams(aPersonalMessage(ANNA, 'help'))).status).toBe(200);
    expect(refused.isDone()).toBe(true);
    // Not sent again: what reached Teams next is the handler's "something went wrong", not the help once more.
    expect(toAnna(h)).toHaveLength(1);
    expect(teamsText(toAnna(h)[0]!)).toContain(teamsTexts.en.failed.split(';')[0]);
  }, 30_000);

  it('answers a Slack DM through a 503 from chat.postMessage, and a slash command through a failing response URL', async () => {
    const slackFails = nock('https://slack.test').post('/api/chat.postMessage').reply(503, 'upstream unavailable');
    const hookFails = nock(HOOKS_ORIGIN).post('/commands/help').reply(500, 'try later');
    const app = await apps.start(() => ({ slackUsers: [slackUsers.bo] }));
    const posts = () => app.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'D0BO');

    expect((await app.slack(dm('hjælp', 'Ev1'))).status).toBe(200);
    await expect.poll(() => posts().length, { timeout: 5000 }).toBe(1);
    expect(slackFails.isDone()).toBe(true);
    expect(JSON.stringify(posts()[0]!.body)).toContain('status');

    const help = await app.slack(slashCommand(slackUsers.bo, 'help', { responseUrl: `${HOOKS_ORIGIN}/commands/help` }));
    expect(help.status).toBe(200);
    await expect.poll(() => app.responses.length, { timeout: 5000 }).toBe(1);
    expect(hookFails.isDone()).toBe(true);
    expect(app.responses[0]?.path).toBe('/commands/help');
    expect(JSON.stringify(app.responses[0]?.body)).toContain('/incident status');
    // Nothing more arrives later: each answer went out once.
    await new Promise((r) => setTimeout(r, 1500));
    expect(posts()).toHaveLength(1);
    expect(app.responses).toHaveLength(1);
  }, 30_000);

  it('handles a Teams message delivered twice with the same id once (Teams resends after 15 s without an answer)', async () => {
    const app = await apps.start();
    const first = aPersonalMessage(ANNA, 'The printer on floor 2 does not print anything');
    expect((await app.teams(first)).status).toBe(200);
    const key = `teams:${personalConversation(ANNA).id}:${ANNA.aadObjectId}`;
    const draft = await app.app.services.store.getConversation(key);
    expect(draft).not.toBeNull();
    const answer = aPersonalMessage(ANNA, '1');
    expect((await app.teams(answer)).status).toBe(200);
    const afterAnswer = await app.app.services.store.getConversation(key);
    expect(afterAnswer?.state).not.toEqual(draft?.state);
    const replies = toAnna(app).length;

    // The same answer again (Teams' redelivery): no reply, and the next question is not answered with "1".
    expect((await app.teams(answer)).status).toBe(200);
    expect(toAnna(app)).toHaveLength(replies);
    expect((await app.app.services.store.getConversation(key))?.state).toEqual(afterAnswer?.state);
    // A new message with its own id is handled as usual.
    expect((await app.teams(aPersonalMessage(ANNA, '1'))).status).toBe(200);
    expect(toAnna(app).length).toBeGreaterThan(replies);
    // On SQLite (one process) the ids are remembered in memory only: no store write per message.
    const future = new Date(Date.now() + 60_000).toISOString();
    const seenKey = `teams:message:${personalConversation(ANNA).id}|${answer.id}`;
    expect(await app.app.services.store.markProcessed(seenKey, future)).toBe(true);
  }, 30_000);

  it('records Teams message ids in the store when it is shared by several instances (MongoDB)', async () => {
    const dataDir = await apps.dirs.make();
    const sqlite = new SqliteCaseStore({ dataDir });
    // The SQLite adapter standing in for MongoDB (no mongod here): only its kind tells the app it is shared.
    const shared = new Proxy(sqlite, {
      get: (target, prop) => (prop === 'kind' ? 'mongo' : Reflect.get(target, prop, target)),
    });
    const h = await apps.start(() => ({ store: shared }), dataDir);
    const message = aPersonalMessage(ANNA, 'The printer on floor 2 does not print anything');
    expect((await h.teams(message)).status).toBe(200);
    const future = new Date(Date.now() + 60_000).toISOString();
    const seenKey = `teams:message:${personalConversation(ANNA).id}|${message.id}`;
    expect(await sqlite.markProcessed(seenKey, future)).toBe(false);
  }, 30_000);
});
