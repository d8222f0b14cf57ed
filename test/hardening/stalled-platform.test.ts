import { request } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logger.js';
import { draft } from '../../src/services/outbox/deliveries.js';
import { defaultTransports } from '../../src/transports.js';
import { buildNewCase, buildPerson } from '../helpers/case-builder.js';
import { type LocalPlatform, type PlatformCall, startLocalPlatform } from '../helpers/local-platform.js';
import { loopbackOnly } from '../helpers/loopback-only.js';
import { TEST_SIGNING_SECRET } from '../helpers/slack-signer.js';
import { ANNA, aPersonalMessage, personalConversation } from '../helpers/teams-activities.js';
import { tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs('hardening-stalled-');
let app: RunningApp | undefined;
let platform: LocalPlatform | undefined;

loopbackOnly();
afterEach(async () => {
  await app?.stop();
  await platform?.close();
  app = undefined;
  platform = undefined;
});
afterAll(() => dirs.cleanup());

/** The app as `npm start` runs it (outbox in its worker thread), against the local platform, calls bounded to 1 s. */
async function start(local: LocalPlatform): Promise<RunningApp> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: await dirs.make(),
    LOG_LEVEL: 'silent',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    PLATFORM_TIMEOUT_MS: '1000',
  });
  const where = { teamsServiceUrl: local.teamsServiceUrl, slackApiUrl: local.slackApiUrl };
  return startApp(config, {
    logger: createLogger('silent'),
    transports: defaultTransports(config, { ...where, slackIdentity: { botId: 'B01', botUserId: 'U0BOT' } }),
    outbox: { overrides: where },
  });
}

/** POSTs JSON with node:http and resolves with the status. */
function postJson(url: string, body: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Holds the first call `match` accepts (a platform that takes the request and never answers), answers the rest. */
function holdFirst(local: LocalPlatform, match: (c: PlatformCall) => boolean): void {
  let seen = 0;
  local.hold((c) => match(c) && seen++ === 0);
}

describe('a platform that takes a call and never answers', () => {
  it('gives a stalled Teams reply up after PLATFORM_TIMEOUT_MS and sends it again, within the same turn', async () => {
    platform = await startLocalPlatform();
    app = await start(platform);
    const isReply = (c: PlatformCall) => c.method === 'POST' && c.path.includes(personalConversation(ANNA).id);
    holdFirst(platform, isReply);
    const started = Date.now();
    // Over node:http: the app bounds this thread's `fetch` to 1 s, and this request waits longer.
    const res = await postJson(
      `http://127.0.0.1:${app.http.port}/api/messages`,
      JSON.stringify({ ...aPersonalMessage(ANNA, 'help'), serviceUrl: platform.teamsServiceUrl }),
    );
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(platform.held.filter(isReply)).toHaveLength(1);
    const answered = platform.calls.filter((c) => isReply(c) && !platform?.held.includes(c));
    expect(answered).toHaveLength(1);
    expect(JSON.stringify(answered[0]?.body)).toContain('status');
  }, 30_000);

  it('lets the outbox worker give a stalled card post up and deliver it on a later attempt, once', async () => {
    platform = await startLocalPlatform();
    app = await start(platform);
    const isCardPost = (c: PlatformCall) => c.method === 'POST' && /\/teams\/v3\/conversations\/?$/.test(c.path);
    holdFirst(platform, isCardPost);
    const created = await app.services.store.createCase(
      buildNewCase({ groupId: 'arts-support', ownerGroupId: 'arts-support', user: buildPerson('anna') }),
      [draft('stalled-test:post', { kind: 'post_card', caseId: '', groupId: 'arts-support' })],
    );
    const store = app.services.store;
    await expect
      .poll(async () => (await store.getCase(created.id))?.cards.some((r) => r.platform === 'teams'), {
        timeout: 20_000,
        interval: 100,
      })
      .toBe(true);
    const [row] = await store.listOutbox({ caseId: created.id, kind: 'post_card' });
    expect(row?.state).toBe('sent');
    expect(row?.attempts).toBe(2);
    expect(platform.held.filter(isCardPost)).toHaveLength(1);
    expect(platform.calls.filter((c) => isCardPost(c) && !platform?.held.includes(c))).toHaveLength(1);
  }, 30_000);
});
