import { gzipSync } from 'node:zlib';
import { Activity } from '@microsoft/agents-activity';
import { ConnectorClient, HttpError } from '@microsoft/agents-hosting';
import { afterEach, describe, expect, it } from 'vitest';
import { connectorOverNodeHttp, TeamsCloudAdapter } from '../../../src/bot/teams/connector-http.js';
import { toDeliveryError } from '../../../src/bot/teams/teams-delivery-error.js';
import { loopbackOnly } from '../../helpers/loopback-only.js';
import {
  answerJson,
  type ScriptedServer,
  type SeenRequest,
  startScriptedServer,
} from '../../helpers/scripted-server.js';

let server: ScriptedServer | undefined;
let seen: SeenRequest[] = [];

loopbackOnly();
afterEach(async () => {
  await server?.close();
  server = undefined;
  seen = [];
});

/** A local Bot Connector answering each request with `handle`; its base URL. */
async function connector(handle: Parameters<typeof startScriptedServer>[0]): Promise<string> {
  server = await startScriptedServer(handle);
  seen = server.seen;
  return server.base;
}

const json = answerJson;
const message = (text: string) => Activity.fromObject({ type: 'message', text });

function client(base: string, timeoutMs = 2_000): ConnectorClient {
  return connectorOverNodeHttp(ConnectorClient.createClientWithToken(base, 'token-123'), timeoutMs);
}

describe('Bot Connector calls over node:http', () => {
  it('sends what the SDK would send and returns the parsed answer, without fetch', async () => {
    const base = await connector((_req, res) => json(res, 201, { id: 'activity-9' }));
    const conversation = '19:desk@thread.tacv2;messageid=17000 æ';
    const answer = await client(base).sendToConversation(conversation, message('Hej, Anna ✓'));
    expect(answer).toEqual({ id: 'activity-9' });
    // The same call by the SDK's own fetch, for comparison.
    await ConnectorClient.createClientWithToken(base, 'token-123').sendToConversation(
      conversation,
      message('Hej, Anna ✓'),
    );
    const [req, byFetch] = seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(byFetch?.url);
    expect(req?.url).toBe('/v3/conversations/19:desk@thread.tacv2;messageid=17000%20%C3%A6/activities');
    expect(req?.body).toBe(byFetch?.body);
    expect(req?.headers.authorization).toBe('Bearer token-123');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['user-agent']).toMatch(/agents-sdk-js/);
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({ type: 'message', text: 'Hej, Anna ✓' });
    // fetch marks every request it makes; the first came from node's http client.
    expect(req?.headers['sec-fetch-mode']).toBeUndefined();
    expect(byFetch?.headers['sec-fetch-mode']).toBe('cors');
  });

  it('reads a member look-up (GET) and an answer that is text rather than JSON', async () => {
    const base = await connector((req, res) => {
      if (req.method === 'GET') json(res, 200, { id: '29:anna', email: 'anna@au.dk' });
      else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      }
    });
    const teams = client(base);
    await expect(teams.getConversationMember('29:anna', 'a:conv')).resolves.toMatchObject({ email: 'anna@au.dk' });
    await expect(teams.updateActivity('a:conv', 'act-1', message('x'))).resolves.toBe('ok');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /v3/conversations/a:conv/members/29:anna',
      'PUT /v3/conversations/a:conv/activities/act-1',
    ]);
  });

  it("fails a 429 with the SDK's HttpError, its Retry-After readable, and a 404 as permanent", async () => {
    const base = await connector((req, res) =>
      req.url.includes('gone')
        ? json(res, 404, { error: { code: 'NotFound' } })
        : json(res, 429, {}, { 'retry-after': '7' }),
    );
    const teams = client(base);
    const throttled = await teams.sendToConversation('busy', message('x')).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(HttpError);
    expect((throttled as HttpError).status).toBe(429);
    expect((throttled as HttpError).response.headers.get('retry-after')).toBe('7');
    expect(toDeliveryError(throttled, 'send').retryAfterMs).toBe(7_000);
    const gone = await teams.sendToConversation('gone', message('x')).catch((e: unknown) => e);
    expect((gone as HttpError).status).toBe(404);
    expect(toDeliveryError(gone, 'send').permanent).toBe(true);
  });

  it('gives up on a connector that never answers after the time allowed, with a TimeoutError', async () => {
    const base = await connector(() => undefined);
    const started = Date.now();
    const err = await client(base, 300)
      .sendToConversation('a:conv', message('x'))
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(toDeliveryError(err, 'send').permanent).toBe(false);
  });

  it('gives up on an answer whose body stalls, and on one cut off mid-way', async () => {
    const base = await connector((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"id":');
      if (req.url.includes('cut')) res.socket?.destroy();
    });
    const teams = client(base, 300);
    await expect(teams.sendToConversation('stall', message('x'))).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(teams.sendToConversation('cut', message('x'))).rejects.toThrow();
  });

  it('fails on a closed port like any passing network failure (retried, not permanent)', async () => {
    const base = await connector(() => undefined);
    await server?.close();
    const err = await client(base)
      .sendToConversation('a:conv', message('x'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const delivery = toDeliveryError(err, 'send');
    expect(delivery.permanent).toBe(false);
    expect(delivery.message).toMatch(/ECONNREFUSED/);
  });

  it('reads a compressed answer, and hands a redirect to fetch to follow', async () => {
    const base = await connector((req, res) => {
      if (req.url.includes('moved')) {
        res.writeHead(307, { location: '/v3/conversations/here/activities' });
        res.end();
      } else if (req.url.includes('here')) json(res, 200, { id: 'after-redirect' });
      else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(JSON.stringify({ id: 'zipped' })));
      }
    });
    const teams = client(base);
    await expect(teams.sendToConversation('zip', message('x'))).resolves.toEqual({ id: 'zipped' });
    await expect(teams.sendToConversation('moved', message('x'))).resolves.toEqual({ id: 'after-redirect' });
    // The redirect was asked twice (node, then fetch) and followed once.
    expect(seen.map((s) => s.url)).toEqual([
      '/v3/conversations/zip/activities',
      '/v3/conversations/moved/activities',
      '/v3/conversations/moved/activities',
      '/v3/conversations/here/activities',
    ]);
    expect(seen[2]?.headers['sec-fetch-mode']).toBe('cors');
  });

  it("is what the bot's adapter uses for proactive sends", async () => {
    const base = await connector((_req, res) => json(res, 200, { id: 'proactive-1' }));
    const adapter = new TeamsCloudAdapter({}, 2_000);
    const reference = {
      channelId: 'msteams',
      serviceUrl: base,
      conversation: { id: 'a:personal-anna', conversationType: 'personal' },
      user: { id: '29:anna' },
      agent: { id: '28:bot' },
    };
    let id: string | undefined;
    await adapter.continueConversation('app-id', reference as never, async (context) => {
      id = (await context.sendActivity('Your case INC-000001 is with the ARTS desk'))?.id;
    });
    expect(id).toBe('proactive-1');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers['sec-fetch-mode']).toBeUndefined();
    expect(JSON.parse(seen[0]?.body ?? '{}')).toMatchObject({ text: 'Your case INC-000001 is with the ARTS desk' });
  });
});
