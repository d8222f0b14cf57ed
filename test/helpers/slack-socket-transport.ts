import { createSlackClient } from '../../src/bot/slack/slack-client.js';
import { createSlackTransport, type SlackTransportDeps } from '../../src/bot/slack/slack-transport.js';
import { createLogger } from '../../src/logger.js';

/**
 * A Slack transport in Socket Mode whose bot token is known good (its identity is given), with the app token
 * `appToken`: only what building the app and the dedupe middleware read, so a test's event reaches no handler of
 * the bot, and starting it tries only the app token.
 */
export async function socketTransport(appToken = 'xapp-test-token') {
  const logger = createLogger('silent');
  const client = createSlackClient({ botToken: 'xoxb-test-token', logger });
  const deps = {
    client,
    store: { markProcessed: async () => true },
    logger,
    defaultLocale: 'en',
    command: '/incident',
    signingSecret: 'test-signing-secret',
    botToken: 'xoxb-test-token',
    appToken,
    socketMode: true,
    identity: { botId: 'B0BOT', botUserId: 'U0BOT', teamId: 'T0AU' },
  } as unknown as SlackTransportDeps;
  return createSlackTransport(deps);
}
