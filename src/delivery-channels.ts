import type { CloudAdapter } from '@microsoft/agents-hosting';
import { TeamsCloudAdapter } from './bot/teams/connector-http.js';
import { createSlackClient, type SlackWebClient } from './bot/slack/slack-client.js';
import { type CatalogueAddresses, SlackDirectory } from './bot/slack/slack-directory.js';
import { SlackGateway } from './bot/slack/slack-gateway.js';
import { GraphManagers } from './bot/teams/graph-managers.js';
import type { GraphTroubleSink } from './bot/teams/graph-trouble.js';
import { TeamsDirectory } from './bot/teams/teams-directory.js';
import { TeamsGateway } from './bot/teams/teams-gateway.js';
import { TeamsRefs } from './bot/teams/teams-refs.js';
import { botAppId, teamsAuthConfig } from './bot/teams/teams-transport.js';
import { type AppConfig, teamsServed } from './config/env.js';
import type { Logger } from './logger.js';
import type { CaseStore } from './models/case-store.js';
import type { Clock } from './services/clock.js';
import type { ChatGateway } from './services/ports/chat-gateway.js';
import type { Directory } from './services/ports/directory.js';

/** Where the gateways send: the platforms' real APIs by default; tests and the bench point them at fakes. */
export interface GatewayOverrides {
  teamsServiceUrl?: string;
  slackApiUrl?: string;
}

/**
 * Microsoft Graph as the Teams directory's source of managers, when `TEAMS_GRAPH_MANAGERS=true`. `trouble`: where
 * its refusals and answers are told (the process's `GraphTroubleLog`, or the delivery worker's messages to it), so
 * that one cause is logged once; without it the directory logs them itself on `logger`.
 */
export function graphManagersFor(config: AppConfig, logger: Logger, trouble?: GraphTroubleSink) {
  const { graphManagers, clientId, clientSecret, tenantId } = config.teams;
  if (!graphManagers || !clientId || !clientSecret || !tenantId) return undefined;
  return { graph: new GraphManagers({ tenantId, clientId, clientSecret }), logger, ...(trouble ? { trouble } : {}) };
}

/** The Teams gateway as both the transport and the delivery worker build it. */
export function teamsGateway(
  config: AppConfig,
  overrides: GatewayOverrides,
  adapter: CloudAdapter,
  refs: TeamsRefs,
  clock: Clock,
): TeamsGateway {
  return new TeamsGateway({
    adapter,
    refs,
    clock,
    appId: botAppId(config.teams),
    tenantId: config.teams.tenantId,
    serviceUrl: overrides.teamsServiceUrl,
  });
}

/** The Slack Web API client as both the transport and the delivery worker build it (calls bounded like `fetch`). */
export function slackClient(
  config: AppConfig,
  botToken: string,
  logger: Logger,
  slackApiUrl: string | undefined,
): SlackWebClient {
  return createSlackClient({ botToken, logger, slackApiUrl, timeoutMs: config.platformTimeoutMs });
}

/**
 * The Slack people look-up as both the transport and the delivery worker build it (`notFoundTtlMs`: how long "Slack
 * knows nobody by this address" is remembered; default the directory's).
 */
export function slackDirectory(
  config: AppConfig,
  client: SlackWebClient,
  store: CaseStore,
  clock: Clock,
  logger: Logger,
  catalogue: CatalogueAddresses | undefined,
  moveAddress?: (from: string, to: string, signal: AbortSignal) => Promise<number>,
  notFoundTtlMs?: number,
): SlackDirectory {
  return new SlackDirectory({
    client,
    store,
    clock,
    logger,
    defaultLocale: config.defaultLocale,
    ...(catalogue ? { catalogue } : {}),
    ...(moveAddress ? { moveAddress } : {}),
    ...(notFoundTtlMs !== undefined ? { notFoundTtlMs } : {}),
  });
}

/** The outbound half of the transports the configuration turns on: what the outbox delivery worker needs. */
export interface DeliveryChannels {
  gateways: ChatGateway[];
  /** The platforms' people look-ups, by the prefix of the person ids they answer for. */
  directories: { prefix: string; directory: Directory }[];
}

/**
 * Gateways (and directories) for the platforms the configuration turns on (see `teamsServed`), without their inbound side: the
 * delivery worker's, built from the same settings and overrides as the transports. The Teams adapter is the SDK's
 * own, for proactive sends only (the main thread already logged how inbound requests are checked). Kept apart
 * from `transports.ts` so the worker loads neither Bolt nor the bots' inbound handlers.
 */
export function deliveryChannels(
  config: AppConfig,
  overrides: GatewayOverrides,
  deps: {
    store: CaseStore;
    clock: Clock;
    logger: Logger;
    catalogue?: CatalogueAddresses;
    /** Where Microsoft Graph's refusals and answers go (the worker: to the main thread, which logs them). */
    graphTrouble?: GraphTroubleSink;
  },
): DeliveryChannels {
  const out: DeliveryChannels = { gateways: [], directories: [] };
  // Teams only where the transport serves it too: not in production without credentials (a Slack-only
  // deployment), where the Agents SDK refuses to build an adapter.
  if (teamsServed(config)) {
    const refs = new TeamsRefs(deps.store);
    const adapter = new TeamsCloudAdapter(teamsAuthConfig(config.teams), config.platformTimeoutMs);
    out.gateways.push(teamsGateway(config, overrides, adapter, refs, deps.clock));
    // Microsoft Graph too (TEAMS_GRAPH_MANAGERS): whether anyone is above the one a message's case card goes to.
    const graph = graphManagersFor(config, deps.logger.child({ channel: 'teams' }), deps.graphTrouble);
    out.directories.push({ prefix: 'teams:', directory: new TeamsDirectory(refs, undefined, undefined, graph) });
  }
  const { slack } = config;
  if (slack.enabled && slack.botToken) {
    const log = deps.logger.child({ channel: 'slack' });
    const client = slackClient(config, slack.botToken, log, overrides.slackApiUrl);
    out.gateways.push(new SlackGateway({ client, store: deps.store }));
    out.directories.unshift({
      prefix: 'slack:',
      // With the catalogue: a staff member's address it holds stays held (`SlackDirectory.take`). Remembering no
      // address Slack said nobody had: no `team_join` reaches this thread to end that, and a message to someone
      // found by nobody is a dead letter, so one to a member who just joined would be lost.
      directory: slackDirectory(config, client, deps.store, deps.clock, log, deps.catalogue, undefined, 0),
    });
  }
  return out;
}
