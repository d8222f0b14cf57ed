import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../../src/bot/slack/slack-client.js';
import { createSlackTransport, type SlackTransportDeps } from '../../../src/bot/slack/slack-transport.js';
import { createLogger } from '../../../src/logger.js';
import { describeStartupFailure } from '../../../src/startup-failure.js';

const logger = createLogger('silent');

/** A Socket Mode transport whose bot token is known good (its identity is given): only the app token is tried. */
async function socketTransport() {
  const client = createSlackClient({ botToken: 'xoxb-test-token', logger });
  const deps = {
    client,
    store: { markProcessed: async () => true },
    logger,
    defaultLocale: 'en',
    command: '/incident',
    signingSecret: 'test-signing-secret',
    botToken: 'xoxb-test-token',
    appToken: 'xapp-refused-token',
    socketMode: true,
    identity: { botId: 'B0BOT', botUserId: 'U0BOT', teamId: 'T0AU' },
  } as unknown as SlackTransportDeps;
  return createSlackTransport(deps);
}

describe('slack transport start in Socket Mode', () => {
  afterEach(() => {
    nock.cleanAll();
  });

  it('names SLACK_APP_TOKEN, not the bot token, when apps.connections.open refuses the app token', async () => {
    nock('https://slack.com')
      .post('/api/apps.connections.open')
      .reply(200, { ok: false, error: 'invalid_auth' })
      .persist();
    const transport = await socketTransport();
    const err = await transport.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    await transport.stop().catch(() => {});
    expect(err).toBeDefined();
    const failure = describeStartupFailure(err, { host: '0.0.0.0', port: 3978 });
    expect(failure.exitCode).toBe(78);
    expect(failure.message).toContain('apps.connections.open: invalid_auth');
    expect(failure.message).toContain('SLACK_APP_TOKEN');
    expect(failure.message).not.toContain('SLACK_BOT_TOKEN');
  });
});
