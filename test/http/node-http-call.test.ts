import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { ErrorCode, type WebAPIHTTPError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../src/bot/slack/slack-client.js';
import { nodeFetch, nodeHttpCall } from '../../src/http/node-http-call.js';
import { createLogger } from '../../src/logger.js';
import { loopbackOnly } from '../helpers/loopback-only.js';
import { answerJson, type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.js';

let server: ScriptedServer | undefined;

loopbackOnly();
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function platform(handle: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  server = await startScriptedServer(handle);
  return server;
}

const slack = (base: string, timeoutMs = 2_000) =>
  createSlackClient({ botToken: 'xoxb-test', logger: createLogger('silent'), slackApiUrl: `${base}api/`, timeoutMs });

describe('Slack Web API calls over node:http (nodeFetch)', () => {
  it('posts the form the Web API client builds and reads its answer, without fetch', async () => {
    const local = await platform((_req, res) =>
      answerJson(res, 200, { ok: true, ts: '1700000000.000100', channel: 'C1' }, { 'x-oauth-scopes': 'chat:write' }),
    );
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'INC-000123 *claimed* by Bo ✓' } }];
    const result = await slack(local.base).chat.postMessage({ channel: 'C1', text: 'Claimed', blocks });
    expect(result.ts).toBe('1700000000.000100');
    expect(result.response_metadata?.scopes).toEqual(['chat:write']);
    const [req] = local.seen;
    expect(req?.url).toBe('/api/chat.postMessage');
    expect(req?.headers.authorization).toBe('Bearer xoxb-test');
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(req?.body);
    expect(form.get('channel')).toBe('C1');
    expect(JSON.parse(form.get('blocks') ?? '[]')).toEqual(blocks);
    expect(req?.headers['sec-fetch-mode']).toBeUndefined();
  });

  it("turns 429 into the client's rate-limit error with Retry-After, and a 500 into its HTTP error", async () => {
    const local = await platform((req, res) =>
      req.url.endsWith('chat.update')
        ? answerJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '3' })
        : answerJson(res, 500, { ok: false }),
    );
    const client = slack(local.base);
    const limited = (await client.chat
      .update({ channel: 'C1', ts: '1', text: 'x' })
      .catch((e) => e)) as WebAPIRateLimitedError;
    expect(limited.code).toBe(ErrorCode.RateLimitedError);
    expect(limited.retryAfter).toBe(3);
    const broken = (await client.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e) => e)) as WebAPIHTTPError;
    expect(broken.code).toBe(ErrorCode.HTTPError);
    expect(broken.statusCode).toBe(500);
  });

  it('gives up after the time allowed on a Web API that never answers', async () => {
    const local = await platform(() => undefined);
    const err = (await slack(local.base, 300)
      .chat.postMessage({ channel: 'C1', text: 'x' })
      .catch((e) => e)) as Error & { original?: Error };
    expect(err.message).toMatch(/no answer within 300 ms/);
    expect(err.original?.name).toBe('TimeoutError');
  });

  it("answers a response URL as Bolt's respond does: JSON body, status readable, body drained", async () => {
    const local = await platform((_req, res) => answerJson(res, 404, { ok: false, error: 'expired_url' }));
    const send = nodeFetch(2_000);
    const res = await send(`${local.base}commands/T1/123/abc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Your case INC-000123 is registered', response_type: 'ephemeral' }),
    });
    expect(res.ok).toBe(false);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: 'expired_url' });
    await expect(res.text()).rejects.toThrow(/already been read/);
    expect(local.seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(local.seen[0]?.body ?? '{}')).toMatchObject({ response_type: 'ephemeral' });
  });

  it("waits for a slow answer past the keep-alive agent's idle-socket timeout, up to its own bound", async () => {
    // Node's global agents close sockets idle for `timeout` (5 s); a call still waiting for its answer is not cut.
    const options = (http.globalAgent as unknown as { options: { timeout?: number } }).options;
    const idle = options.timeout;
    options.timeout = 100;
    try {
      const local = await platform((_req, res) => {
        setTimeout(() => answerJson(res, 200, { ok: true }), 400);
      });
      const answer = await nodeHttpCall(new URL(`${local.base}api/slow`), { method: 'POST', headers: {} }, 2_000);
      expect(answer === 'redirect' ? answer : answer.body.toString()).toBe('{"ok":true}');
    } finally {
      options.timeout = idle;
    }
  });

  it("stops a waiting call when the caller's signal aborts, and never starts one already aborted", async () => {
    const local = await platform(() => undefined);
    const control = new AbortController();
    const url = new URL(`${local.base}api/held`);
    const waiting = nodeHttpCall(url, { method: 'POST', headers: {}, signal: control.signal }, 5_000);
    await expect.poll(() => local.seen.length).toBe(1);
    control.abort(new Error('the turn gave up'));
    await expect(waiting).rejects.toThrow('the turn gave up');
    const before = AbortSignal.abort(new Error('too late'));
    await expect(nodeHttpCall(url, { method: 'POST', headers: {}, signal: before }, 5_000)).rejects.toThrow('too late');
    expect(local.seen).toHaveLength(1);
  });

  it('reads a compressed answer as a body stream too', async () => {
    const local = await platform((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync('{"ok":true}'));
    });
    const res = await nodeFetch(2_000)(`${local.base}api/x`);
    expect(await new Response(res.body).text()).toBe('{"ok":true}');
    expect(local.seen[0]?.method).toBe('GET');
  });

  it('hands what it does not carry — a FormData upload, a redirect — to fetch', async () => {
    const local = await platform((req, res) => {
      if (req.url.endsWith('/old')) {
        res.writeHead(308, { location: '/new' });
        res.end();
      } else answerJson(res, 200, { ok: true, at: req.url });
    });
    const send = nodeFetch(2_000);
    const form = new FormData();
    form.append('file', new Blob(['log line']), 'log.txt');
    expect(await (await send(`${local.base}upload`, { method: 'POST', body: form })).json()).toEqual({
      ok: true,
      at: '/upload',
    });
    expect(local.seen[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(await (await send(`${local.base}old`, { method: 'POST', body: 'x' })).json()).toEqual({
      ok: true,
      at: '/new',
    });
    // Upload by fetch; the redirect asked by node, asked again and followed by fetch.
    expect(local.seen.map((s) => [s.url, s.headers['sec-fetch-mode'] ?? 'node'])).toEqual([
      ['/upload', 'cors'],
      ['/old', 'node'],
      ['/old', 'cors'],
      ['/new', 'cors'],
    ]);
  });
});
