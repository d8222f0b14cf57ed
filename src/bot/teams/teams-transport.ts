import type { AuthConfiguration, Request as AgentsRequest, TurnContext, WebResponse } from '@microsoft/agents-hosting';
import { CloudAdapter } from '@microsoft/agents-hosting';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../logger.js';
import type { AppConfig } from '../../config/env.js';

/** The route Teams (Azure Bot Service, the Agents Playground) posts activities to. */
export const TEAMS_MESSAGES_PATH = '/api/messages';
/** The channel id of Microsoft Teams in Bot Framework activities. */
export const TEAMS_CHANNEL = 'msteams';
/** Audience of the Bot Connector, for conversations the bot starts itself. */
export const BOT_CONNECTOR_AUDIENCE = 'https://api.botframework.com';
/**
 * The app id used for proactive turns when no client id is configured. The SDK refuses `continueConversation`
 * without one, even anonymous; with no client id the token it fetches is empty, so any non-empty value does.
 */
export const ANONYMOUS_APP_ID = 'anonymous-local-bot';
/** Largest activity body accepted (cards with long texts stay well below). */
const BODY_LIMIT = '1mb';

/** The Teams part of the configuration, as `loadConfig` returns it. */
export type TeamsConfig = AppConfig['teams'];

/** The SDK's auth settings for our config: the client id/secret/tenant, or nothing (anonymous, local only). */
export function teamsAuthConfig(teams: TeamsConfig): AuthConfiguration {
  if (teams.anonymous || !teams.clientId) return {};
  return {
    clientId: teams.clientId,
    clientSecret: teams.clientSecret,
    ...(teams.tenantId ? { tenantId: teams.tenantId } : {}),
  };
}

/** The app id proactive turns run as: the client id, or the anonymous placeholder. */
export function botAppId(teams: TeamsConfig): string {
  return teams.clientId ?? ANONYMOUS_APP_ID;
}

/**
 * Builds the SDK's CloudAdapter. With a client id every inbound request's Bot Framework JWT is validated (issuer
 * keys fetched by the SDK, audience = client id); without one the SDK runs anonymous outside production, which
 * this function logs as a warning. A turn that throws is logged; the handlers answer users themselves.
 */
export function createTeamsAdapter(teams: TeamsConfig, logger: Logger): CloudAdapter {
  const adapter = new CloudAdapter(teamsAuthConfig(teams));
  if (teams.anonymous) {
    logger.warn('Teams runs ANONYMOUS: inbound requests are not authenticated (no TEAMS_CLIENT_ID; local use only)');
  } else {
    logger.info({ clientId: teams.clientId, tenantId: teams.tenantId }, 'Teams: Bot Framework JWT validation on');
  }
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'Teams turn failed');
  };
  return adapter;
}

/** What `mountTeams` needs: the adapter and the turn handler (see `TeamsBot.run`). */
export interface TeamsMountDeps {
  adapter: CloudAdapter;
  onTurn: (context: TurnContext) => Promise<void>;
}

/**
 * Adds `POST /api/messages`: the JWT is checked first (401 without processing; the body is not even parsed), then
 * the body is parsed and the activity handed to the SDK, which answers invokes with the handler's invoke response.
 */
export function mountTeams(app: Express, deps: TeamsMountDeps): void {
  const { adapter } = deps;
  app.post(
    TEAMS_MESSAGES_PATH,
    (req: Request, res: Response, next: NextFunction) => {
      adapter.authorizeRequest(req as unknown as AgentsRequest, res as unknown as WebResponse, next).catch(next);
    },
    express.json({ limit: BODY_LIMIT }),
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
          res.status(400).json({ error: 'an activity object is required' });
          return;
        }
        await adapter.process(req as unknown as AgentsRequest, res as unknown as WebResponse, deps.onTurn);
      } catch (err) {
        next(err);
      }
    },
  );
}
