import net from 'node:net';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { postSigned } from '../helpers/slack-signer.js';
import { ANNA, aPersonalMessage, SERVICE_URL, TENANT_ID } from '../helpers/teams-activities.js';
import { aSigningKey, botFrameworkClaims, signToken } from '../helpers/teams-jwt.js';

const APP_ID = '00000000-0000-4000-8000-0000000000ab';
const BF_KEYS = { host: 'https://login.botframework.com', path: '/v1/.well-known/keys' };
let h: HardenedApp | undefined;

const apps = appPerTest('hardening-abuse-');

const dmEvent = (eventId: string, text: string) => ({
  kind: 'event' as const,
  json: {
    type: 'event_callback',
    event_id: eventId,
    team_id: 'T1',
    event: { type: 'message', channel_type: 'im', channel: 'D0BO', user: 'U0BO', text, ts: '1700000000.000100' },
  },
});

async function healthy(app: HardenedApp): Promise<void> {
  expect((await fetch(`${app.base}/healthz`)).status).toBe(200);
}

describe('Slack signatures', () => {
  it('refuses missing, wrong and stale signatures, and processes a replayed event id once', async () => {
    h = await apps.start(() => ({ slackUsers: [{ id: 'U0BO', name: 'Bo', locale: 'da' }] }));
    const dms = () => h!.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'D0BO');

    expect((await h.slack(dmEvent('Ev0', 'printer'), { unsigned: true })).status).toBe(401);
    expect((await h.slack(dmEvent('Ev0', 'printer'), { signature: 'v0=00ff' })).status).toBe(401);
    expect((await h.slack(dmEvent('Ev0', 'printer'), { secret: 'another-apps-secret' })).status).toBe(401);
    // A request captured and replayed six minutes later: its signature is valid, its timestamp is not.
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await h.slack(dmEvent('Ev0', 'printer'), { timestamp: stale })).status).toBe(401);
    expect(await h.app.services.intake.isActive('slack:dm:U0BO')).toBe(false);

    // The same event delivered twice inside the window (a replay, or Slack's retry): one turn.
    const ts = Math.floor(Date.now() / 1000);
    expect((await h.slack(dmEvent('Ev1', 'The printer is broken'), { timestamp: ts })).status).toBe(200);
    expect((await h.slack(dmEvent('Ev1', 'The printer is broken'), { timestamp: ts })).status).toBe(200);
    await expect.poll(() => dms().length, { timeout: 5000 }).toBeGreaterThan(0);
    const after = dms().length;
    expect((await h.slack(dmEvent('Ev2', 'hjælp'))).status).toBe(200);
    await expect.poll(() => dms().length, { timeout: 5000 }).toBeGreaterThan(after);
    // The first event produced its replies once: replaying it added nothing between.
    expect(
      dms()
        .slice(0, after)
        .every((c) => !JSON.stringify(c).includes('hjælp')),
    ).toBe(true);
    // One turn of the same text from somebody else, for comparison: the replay produced no more than that.
    const carl = dmEvent('Ev3', 'The printer is broken');
    Object.assign(carl.json.event, { channel: 'D0CARL', user: 'U0CARL' });
    expect((await h.slack(carl)).status).toBe(200);
    const carlPosts = () =>
      h!.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'D0CARL');
    await expect.poll(() => carlPosts().length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(after).toBe(carlPosts().length);
    await healthy(h);
  }, 60_000);
});

describe('Teams tokens with credentials configured', () => {
  it('answers 401 and stores nothing for forged, expired and wrong-audience tokens', async () => {
    h = await apps.start(() => ({
      env: { TEAMS_CLIENT_ID: APP_ID, TEAMS_CLIENT_SECRET: 'test-secret', TEAMS_TENANT_ID: TENANT_ID },
    }));
    const published = aSigningKey('kid-published');
    nock(BF_KEYS.host)
      .persist()
      .get(BF_KEYS.path)
      .reply(200, { keys: [published.jwk] });
    const forger = aSigningKey('kid-published');
    const past = Math.floor(Date.now() / 1000) - 3 * 3600;
    const tokens = {
      none: undefined,
      forged: signToken(forger, botFrameworkClaims(APP_ID, SERVICE_URL)),
      expired: signToken(published, botFrameworkClaims(APP_ID, SERVICE_URL, past)),
      wrongAudience: signToken(published, botFrameworkClaims('another-bot', SERVICE_URL)),
      garbage: 'not.a.jwt',
    };
    for (const [name, token] of Object.entries(tokens)) {
      const res = await h.teams(aPersonalMessage(ANNA, `hello ${name}`), token);
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
    }
    expect(await h.app.services.store.getRef('teams.ref', `teams:${ANNA.aadObjectId}`)).toBeNull();
    expect(await h.app.services.store.listConversations()).toEqual([]);
    expect(h.teamsCalls).toEqual([]);
    await healthy(h);
  }, 60_000);
});

describe('oversized bodies', () => {
  it('refuses bodies over 1 MB on /api/messages and /slack/events and keeps serving', async () => {
    h = await apps.start();
    const huge = 'x'.repeat(1_100_000);
    const teams = await h.teams(aPersonalMessage(ANNA, huge));
    expect([400, 413]).toContain(teams.status);
    const slack = await h.slack(dmEvent('EvBig', huge));
    expect([400, 413]).toContain(slack.status);
    const form = await postSigned(`${h.base}/slack/events`, {
      kind: 'form',
      fields: { command: '/incident', text: huge, user_id: 'U0BO', response_url: 'https://hooks.slack.test/x' },
    });
    expect([400, 413]).toContain(form.status);
    expect(await h.app.services.store.listConversations()).toEqual([]);
    await healthy(h);
    // And the endpoints still work for normal requests.
    expect((await h.teams(aPersonalMessage(ANNA, 'help'))).status).toBe(200);
  }, 60_000);

  it('closes the connection of a request refused before its body was read, so no later request is read as that body', async () => {
    h = await apps.start();
    // Slack's receiver reads a body until it passes 1 MB, then answers 413 and leaves the rest of it unread. Were
    // the connection kept, the next request on it would wait behind that rest for ever (fetch sends it there).
    const socket = net.connect(Number(new URL(h.base).port), '127.0.0.1');
    socket.on('error', () => {});
    let received = '';
    const head = new Promise<string>((resolve) => {
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        if (received.includes('\r\n\r\n')) resolve(received);
      });
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      'POST /slack/events HTTP/1.1\r\nhost: bot\r\ncontent-type: application/json\r\n' +
        `content-length: ${2 * 1024 * 1024}\r\n\r\n{"text":"${'x'.repeat(1_100_000)}`,
    );
    const response = await head;
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response.toLowerCase()).toContain('\r\nconnection: close\r\n');
    await closed;
    await healthy(h);
  }, 60_000);
});
