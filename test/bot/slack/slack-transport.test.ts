import nock from 'nock';
import { describe, expect, it } from 'vitest';
import express from 'express';
import { createLogger } from '../../../src/logger.js';
import { mountSlack } from '../../../src/bot/slack/slack-transport.js';
import { slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { slackDm } from '../../helpers/slack-requests.js';
import { postSigned } from '../../helpers/slack-signer.js';

const dmEvent = (eventId: string, text: string) =>
  slackDm(eventId, slackUsers.bo, text, { channel: 'D0BO', ts: '1700000000.000100', eventTime: 1_700_000_000 });

describe('slack transport', () => {
  const h = slackHarnessPerTest();

  it('answers 401 and processes nothing when the signature is wrong', async () => {
    const calls: string[] = [];
    h.api()
      .post(/.*/)
      .reply(200, (uri) => {
        calls.push(uri);
        return { ok: true };
      })
      .persist();
    const res = await h.send(dmEvent('Ev1', 'printer broken'), { signature: 'v0=0123456789abcdef' });
    expect(res.status).toBe(401);
    expect(calls).toEqual([]);
    expect(await h.services.store.markProcessed('slack:event:Ev1', new Date(Date.now() + 60_000).toISOString())).toBe(
      true,
    );
  });

  it('answers 401 when the signature headers are missing', async () => {
    const res = await h.send(dmEvent('Ev2', 'hello'), { unsigned: true });
    expect(res.status).toBe(401);
  });

  it('answers 401 when the timestamp is older than five minutes even with a valid signature', async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.send(dmEvent('Ev3', 'hello'), { timestamp: sixMinutesAgo });
    expect(res.status).toBe(401);
    expect(await h.services.store.markProcessed('slack:event:Ev3', new Date(Date.now() + 60_000).toISOString())).toBe(
      true,
    );
  });

  it('processes an event once when Slack retries it with the same event id', async () => {
    h.knowUsers(slackUsers.bo);
    const posted: Record<string, unknown>[] = [];
    h.api()
      .post('/api/chat.postMessage', (b) => {
        posted.push(b);
        return true;
      })
      .reply(200, { ok: true, channel: 'D0BO', ts: '1700000001.000200' })
      .persist();
    const first = await h.send(dmEvent('Ev4', 'My printer in building 1481 does not print'));
    expect(first.status).toBe(200);
    const afterFirst = posted.length;
    expect(afterFirst).toBeGreaterThan(0);
    const retry = await h.send(dmEvent('Ev4', 'My printer in building 1481 does not print'), {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    expect(posted.length).toBe(afterFirst);
  });

  it('resolves the bot identity with one auth.test at start and never per request', async () => {
    // The harness intercepted auth.test exactly once (not persisted): a second call would fail the request.
    h.knowUsers(slackUsers.bo);
    const responded: unknown[] = [];
    nock('https://hooks.slack.test')
      .post('/commands/1', (b) => {
        responded.push(b);
        return true;
      })
      .reply(200, 'ok')
      .persist();
    for (const n of [1, 2, 3]) {
      const res = await h.send({
        kind: 'form',
        fields: {
          command: '/incident',
          text: 'help',
          user_id: slackUsers.bo.id,
          user_name: 'bo',
          team_id: 'T0AU',
          channel_id: 'C0RANDOM',
          trigger_id: `trig-${n}`,
          response_url: 'https://hooks.slack.test/commands/1',
          api_app_id: 'A0APP',
          token: 'legacy',
        },
      });
      expect(res.status).toBe(200);
    }
    expect(responded).toHaveLength(3);
    expect(h.transport.identity).toMatchObject({ botId: 'B0BOT', botUserId: 'U0BOT' });
  });
});

describe('mountSlack', () => {
  it('says Slack is off on /slack/events when no transport is configured', async () => {
    const app = express();
    mountSlack(app, null, createLogger('silent'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as { port: number }).port;
      const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, { kind: 'event', json: { type: 'x' } });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/Slack is not configured/);
    } finally {
      server.close();
    }
  });
});
