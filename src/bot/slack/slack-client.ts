import * as webApi from '@slack/web-api';
import { nodeFetch } from '../../http/node-http-call.js';
import type { Logger } from '../../logger.js';
import { slackLogger } from './slack-logger.js';

export type SlackWebClient = InstanceType<typeof webApi.WebClient>;

/** The real Slack API; tests point `slackApiUrl` at nock (e.g. `https://slack.test/api/`). */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export interface SlackClientOptions {
  botToken: string;
  logger: Logger;
  /** Default `https://slack.com/api/`. */
  slackApiUrl?: string;
  /** Per-call timeout (default 10 s): a hung call must not hold an outbox lease or a modal. */
  timeoutMs?: number;
}

/**
 * The one WebClient of the app (bot token). Rate-limited calls are rejected at once (`rejectRateLimitedCalls`)
 * and nothing is retried inside the client: the durable outbox owns retrying with back-off and honours
 * Retry-After, and interactive calls (views.open) are useless once their trigger expired anyway.
 */
export function createSlackClient(opts: SlackClientOptions): SlackWebClient {
  return new webApi.WebClient(opts.botToken, webClientOptions(opts));
}

/**
 * The options shared by our client and the clients Bolt builds per request (same URL, no retries). Their calls,
 * and Bolt's answers to response URLs, go over Node's http client (`nodeFetch`), each bounded by the timeout
 * there (so the client sets no abort signal of its own).
 */
export function webClientOptions(opts: Omit<SlackClientOptions, 'botToken'>): webApi.WebClientOptions {
  return {
    slackApiUrl: opts.slackApiUrl ?? DEFAULT_SLACK_API_URL,
    logger: slackLogger(opts.logger),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    fetch: nodeFetch(opts.timeoutMs ?? 10_000),
  };
}

/** Who the bot is, from one `auth.test` at start. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
  teamId?: string;
  /** Workspace URL, for log lines. */
  url?: string;
}

/**
 * Resolves the bot's identity once (one `auth.test`), so Bolt is given `botId`/`botUserId` and no request ever
 * waits on the network to authorise itself. Throws when the token is refused (start-up stops with the reason).
 */
export async function resolveBotIdentity(client: SlackWebClient): Promise<BotIdentity> {
  const res = await client.auth.test();
  if (!res.bot_id || !res.user_id) {
    throw new Error('Slack auth.test did not name a bot: SLACK_BOT_TOKEN must be a bot token (xoxb-…)');
  }
  return {
    botId: res.bot_id,
    botUserId: res.user_id,
    ...(res.team_id ? { teamId: res.team_id } : {}),
    ...(res.url ? { url: res.url } : {}),
  };
}
