import type { TurnContext } from '@microsoft/agents-hosting';
import type { Services, Transport, TransportFactory } from './app.js';
import { SlackGateway } from './bot/slack/slack-gateway.js';
import { slackFileDeps } from './bot/slack/slack-files.js';
import { slackRateLimit } from './bot/slack/slack-rate-limit.js';
import { createSlackTransport, mountSlack } from './bot/slack/slack-transport.js';
import { TeamsBot } from './bot/teams/teams-bot.js';
import { TeamsDirectory } from './bot/teams/teams-directory.js';
import { rateLimitedTurn } from './bot/teams/teams-rate-limit.js';
import { TEAMS_MOVE_TEXTS, TeamsRefs } from './bot/teams/teams-refs.js';
import { moveGuestCases } from './bot/teams/teams-guest-cases.js';
import { SEARCH_INVOKE } from './bot/teams/teams-search.js';
import { createTeamsAdapter, mountTeams, mountTeamsOff, TEAMS_OFF_MESSAGE } from './bot/teams/teams-transport.js';
import {
  type GatewayOverrides,
  graphManagersFor,
  slackClient,
  slackDirectory,
  teamsGateway,
} from './delivery-channels.js';
import { type AppConfig, isLoopbackHost, teamsServed } from './config/env.js';
import { moveAddressCases } from './services/address-cases.js';
import { AddressMoves } from './services/address-moves.js';
import type { Clock } from './services/clock.js';
import type { Logger } from './logger.js';
import type { Person, Platform } from './models/case.js';
import { type IncomingFile, type KeptFiles, keepFiles } from './services/attachments.js';
import { type RateLimitOptions, RateLimiter } from './services/rate-limit.js';
import { isAdmin, isStaff } from './services/roles.js';
import { DailyDigest } from './services/sla/daily-digest.js';

/** Test seams: where the platforms' APIs live (nock intercepts them in tests). */
export interface TransportOverrides extends GatewayOverrides {
  /** Skips Slack's one `auth.test` at start (tests, or a known bot). */
  slackIdentity?: { botId: string; botUserId: string; teamId?: string };
  /**
   * Per-person rate limiting of inbound requests, over the configured `RATE_LIMIT_BURST`/`RATE_LIMIT_PER_SECOND`
   * (default 20 at once, then 5/s, on the app's clock); `false` turns it off.
   */
  rateLimit?: RateLimitOptions | false;
}

function limiterFor(config: AppConfig, overrides: TransportOverrides, clock: Clock): RateLimiter | undefined {
  if (overrides.rateLimit === false || config.rateLimit.burst === 0) return undefined;
  return new RateLimiter({
    clock,
    burst: config.rateLimit.burst,
    refillPerSecond: config.rateLimit.perSecond,
    ...(overrides.rateLimit ?? {}),
  });
}

/** `keepFiles` for one platform's transport, its outcome counted in the metrics (`attachments_total`). */
function filesKeeper(s: Services, platform: Platform, logger: Logger) {
  return async (person: Person, files: readonly IncomingFile[]): Promise<KeptFiles> => {
    const result = await keepFiles({ store: s.store, clock: s.clock, logger, slots: s.fileSlots }, person, files);
    s.metrics.recordFiles(platform, result);
    return result;
  };
}

/**
 * What `/api/messages` answers outside production while Teams has no credentials and the bot listens on a network
 * address (for Slack) without ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true.
 */
export const TEAMS_OFF_ON_NETWORK_MESSAGE =
  'Teams is off: TEAMS_CLIENT_ID/TEAMS_CLIENT_SECRET are not set and HOST is not a loopback address (anonymous Teams is served only on loopback, or with ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true)';

/**
 * A daily digest for reading only (a click in a digest shows it again as it stands); the app's own `DailyDigest`
 * sends them.
 */
function digestReader(s: Services, config: AppConfig, log: Logger): DailyDigest {
  return new DailyDigest({
    store: s.store,
    catalogue: s.catalogue,
    calendar: s.calendar,
    clock: s.clock,
    directory: s.directory,
    timeZone: config.timeZone,
    defaultLocale: config.defaultLocale,
    logger: log,
  });
}

/**
 * Teams is on with credentials (JWTs verified) and, outside production, without them (anonymous, logged) on a
 * loopback address or with ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true; in production without credentials (Slack alone),
 * and outside production on a network address Slack needs, it is off and `/api/messages` answers 503 saying so.
 * Its card actions, messages and installs go to `POST /api/messages`; the gateway sends proactive messages and
 * channel cards.
 */
export function teamsTransport(config: AppConfig, overrides: TransportOverrides = {}): TransportFactory {
  return async (s) => {
    const log = s.logger.child({ channel: 'teams' });
    if (!teamsServed(config)) {
      // In production without credentials (Slack alone); outside production anonymous Teams on a network address
      // Slack needs, without the explicit opt-in.
      const production = config.nodeEnv === 'production';
      return {
        platform: 'teams',
        mount: (app) => mountTeamsOff(app, log, production ? TEAMS_OFF_MESSAGE : TEAMS_OFF_ON_NETWORK_MESSAGE),
        describe: () =>
          production
            ? 'Teams off (NODE_ENV=production without TEAMS_CLIENT_ID: /api/messages answers 503)'
            : `Teams off (no TEAMS_CLIENT_ID and HOST ${config.host} is not loopback: /api/messages answers 503)`,
      };
    }
    const adapter = createTeamsAdapter(config.teams, log, config.platformTimeoutMs);
    const refs = new TeamsRefs(s.store);
    // Once per store, in the background (tens of thousands of writes on a large one): the e-mail index over the
    // people met before it existed. Until it is done, a search by e-mail reads every record, as before.
    void refs.indexEmails(s.clock.now()).then(
      (indexed) => {
        if (indexed > 0) log.info({ indexed }, 'indexed the e-mails of the Teams people met so far');
      },
      (err: unknown) => log.warn({ err }, 'the Teams e-mail index was not filled; it is tried again at the next start'),
    );
    // Once per store, in the background: cases naming a guest by the `#EXT#` UPN an earlier version took for their
    // address are rewritten to their own address, so they show in the guest's `mine`.
    void moveGuestCases(s.store, refs, s.clock.now()).then(
      (moved) => {
        if (moved > 0) log.info({ moved }, 'cases of Teams guests moved from their #EXT# UPN to their own address');
      },
      (err: unknown) =>
        log.warn(
          { err },
          "Teams guests' cases were not moved to their own address; it is tried again at the next start",
        ),
    );
    // Cases following a person's changed address, moved in the background; the moves a failure or a stop left
    // undone are taken up at the start.
    const addressMoves = new AddressMoves({
      refs,
      move: (from, to, signal) => moveAddressCases(s.store, from, to, signal),
      clock: s.clock,
      logger: log,
      texts: TEAMS_MOVE_TEXTS,
    });
    void addressMoves
      .resume()
      .catch((err: unknown) =>
        log.warn(
          { err },
          "moves of cases to Teams people's changed addresses were not taken up; tried again at their next turn",
        ),
      );
    const gateway = teamsGateway(config, overrides, adapter, refs, s.clock);
    const bot = new TeamsBot({
      intake: s.conversations,
      cases: s.actions,
      staff: s,
      refs,
      catalogue: s.catalogue,
      isStaff: (p) => isStaff(p, s.catalogue),
      isAdmin: (p) => isAdmin(p, s.catalogue),
      digest: digestReader(s, config, log),
      sentMessages: s.store,
      clock: s.clock,
      logger: log,
      defaultLocale: config.defaultLocale,
      // Several instances share a MongoDB store: a message Teams delivers again may reach another one. SQLite is one
      // process, which its own memory covers without a write per message.
      ...(s.store.kind === 'mongo'
        ? { sharedSeen: (key: string, expiresAt: string) => s.store.markProcessed(key, expiresAt) }
        : {}),
      keepFiles: filesKeeper(s, 'teams', log),
      addressMoves,
      // Case lists asked for where others read along go to the asker's personal chat (teams-chat.ts, `privately`).
      personalChat: (personId, view) => gateway.sendInPersonalChat(personId, view),
    });
    const limiter = limiterFor(config, overrides, s.clock);
    // Counted once per turn that reaches the bot (not the ones the rate limiter turned away), also when it fails;
    // typeahead searches (one per keystroke in a searched menu) are not turns.
    const counted = async (context: TurnContext): Promise<void> => {
      try {
        await bot.run(context);
      } finally {
        if (context.activity.name !== SEARCH_INVOKE) s.metrics.recordTurn('teams');
      }
    };
    const onTurn = limiter
      ? rateLimitedTurn({ limiter, defaultLocale: config.defaultLocale, logger: log }, counted)
      : counted;
    const transport: Transport = {
      platform: 'teams',
      gateway,
      directory: new TeamsDirectory(refs, undefined, undefined, graphManagersFor(config, log, s.graphTrouble)),
      mount: (app) => mountTeams(app, { adapter, onTurn, logger: log }),
      settled: () => addressMoves.settled(),
      stop: () => addressMoves.stop(),
      describe: () =>
        config.teams.anonymous
          ? `Teams on /api/messages ANONYMOUS (no TEAMS_CLIENT_ID: requests are not authenticated), listening on ${
              config.host
            }: ${
              isLoopbackHost(config.host)
                ? 'reachable from this machine only'
                : 'REACHABLE FROM THE NETWORK (ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true)'
            }`
          : 'Teams on /api/messages with Bot Framework JWT validation',
    };
    return transport;
  };
}

/** Slack runs when its signing secret and bot token are set (HTTP on /slack/events, or Socket Mode). */
export function slackTransport(config: AppConfig, overrides: TransportOverrides = {}): TransportFactory {
  return async (s) => {
    const { slack } = config;
    if (!slack.enabled || !slack.signingSecret || !slack.botToken) {
      s.logger.info('Slack is off: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to turn it on');
      return null;
    }
    const log = s.logger.child({ channel: 'slack' });
    const client = slackClient(config, slack.botToken, log, overrides.slackApiUrl);
    // A person's changed address (user_change, a profile fetched again) takes their cases by the former one along, in
    // the background; the moves a failure or a stop left undone are taken up at the start.
    const directory = slackDirectory(config, client, s.store, s.clock, log, s.catalogue, (from, to, signal) =>
      moveAddressCases(s.store, from, to, signal),
    );
    void directory
      .resumeMoves()
      .catch((err: unknown) =>
        log.warn(
          { err },
          "moves of cases to Slack people's changed addresses were not taken up; tried again at their next look-up",
        ),
      );
    const bolt = await createSlackTransport({
      client,
      store: s.store,
      logger: log,
      cases: s.actions,
      intake: s.conversations,
      staff: s,
      directory: s.directory,
      profiles: directory,
      catalogue: s.catalogue,
      isStaff: (p) => isStaff(p, s.catalogue),
      isAdmin: (p) => isAdmin(p, s.catalogue),
      defaultLocale: config.defaultLocale,
      command: slack.command,
      signingSecret: slack.signingSecret,
      botToken: slack.botToken,
      appToken: slack.appToken,
      socketMode: slack.socketMode,
      slackApiUrl: overrides.slackApiUrl,
      identity: overrides.slackIdentity,
      keepFiles: filesKeeper(s, 'slack', log),
      fileDeps: slackFileDeps(client, slack.botToken),
      // A Close in a digest replaces it with the digest as it stands.
      digest: digestReader(s, config, log),
    });
    const limiter = limiterFor(config, overrides, s.clock);
    if (limiter) {
      const quickLocale = (userId: string) => bolt.quickLocale(userId);
      bolt.bolt.use(
        slackRateLimit({ limiter, client, directory, quickLocale, defaultLocale: config.defaultLocale, logger: log }),
      );
    }
    // Registered after dedupe and rate limiting: one count per command, action, submission or person's event
    // (the echoes of the bot's own DM messages and message edits are not turns, nor are the options requests
    // of a searched menu, one per keystroke).
    bolt.bolt.use(async ({ body, next }) => {
      const b = body as { type?: unknown; event?: { type?: unknown; bot_id?: unknown; subtype?: unknown } };
      const echo = b.event !== undefined && (b.event.bot_id !== undefined || b.event.subtype !== undefined);
      // A member's profile changed (user_change: anyone's status or huddle too) or a member joined (team_join) is no
      // turn of theirs.
      const profile = b.event?.type === 'user_change' || b.event?.type === 'team_join';
      if (!echo && !profile && b.type !== 'block_suggestion') s.metrics.recordTurn('slack');
      await next();
    });
    return {
      platform: 'slack',
      gateway: new SlackGateway({ client, store: s.store }),
      directory,
      mount: (app) => mountSlack(app, bolt.mode === 'http' ? bolt : null, log),
      start: () => bolt.start(),
      stop: async () => {
        await bolt.stop();
        await directory.stop();
      },
      settled: async () => {
        await bolt.settled();
        await directory.settled();
      },
      describe: () =>
        bolt.mode === 'socket'
          ? `Slack in Socket Mode as bot ${bolt.identity.botUserId}`
          : `Slack on /slack/events as bot ${bolt.identity.botUserId} (signatures verified)`,
    };
  };
}

/** The chat transports the configuration turns on. */
export function defaultTransports(config: AppConfig, overrides: TransportOverrides = {}): TransportFactory[] {
  return [teamsTransport(config, overrides), slackTransport(config, overrides)];
}
