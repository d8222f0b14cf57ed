import type { AuthConfiguration, Request as AgentsRequest, TurnContext, WebResponse } from '@microsoft/agents-hosting';
import type { CloudAdapter } from '@microsoft/agents-hosting';
import { TeamsCloudAdapter } from './connector-http.js';
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
 * this function logs as a warning. A turn that throws is logged; the handlers answer users themselves. Its
 * connector calls go over Node's http client, each bounded by `timeoutMs` (see `TeamsCloudAdapter`).
 */
export function createTeamsAdapter(teams: TeamsConfig, logger: Logger, timeoutMs: number): CloudAdapter {
  const adapter = new TeamsCloudAdapter(teamsAuthConfig(teams), timeoutMs);
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

/** What `/api/messages` answers while Teams is off (production without Teams credentials). */
export const TEAMS_OFF_MESSAGE =
  'Teams is off: NODE_ENV=production and TEAMS_CLIENT_ID/TEAMS_CLIENT_SECRET are not set (anonymous Teams runs only outside production)';

/**
 * `POST /api/messages` while Teams is off (a Slack-only production deployment): 503 with a JSON message saying
 * why, instead of a bare 404 — and nothing of the request is read. The log says so once at start.
 */
export function mountTeamsOff(app: Express, logger: Logger, message = TEAMS_OFF_MESSAGE): void {
  logger.info(message);
  app.post(TEAMS_MESSAGES_PATH, (_req: Request, res: Response) => {
    res.status(503).json({ error: message });
  });
}

/** What `mountTeams` needs: the adapter and the turn handler (see `TeamsBot.run`). */
export interface TeamsMountDeps {
  adapter: CloudAdapter;
  onTurn: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /**
   * The only tenant whose activities are handled (a single-tenant bot); default the adapter's
   * (`TeamsCloudAdapter.servedTenantId`: TEAMS_TENANT_ID with credentials), none: every tenant.
   */
  tenantId?: string;
}

/**
 * The tenant an activity names that is not `served` (compared without regard to case), else undefined: the
 * conversation's `tenantId` and the channel data's `tenant.id` are both checked, since either is read as the
 * activity's tenant later. An activity naming no tenant is let through (Teams always names one).
 */
export function foreignTenant(body: Record<string, unknown>, served: string | undefined): string | undefined {
  if (!served) return undefined;
  const field = (o: unknown, key: string): unknown =>
    typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;
  const named = [field(body['conversation'], 'tenantId'), field(field(body['channelData'], 'tenant'), 'id')];
  const own = served.toLowerCase();
  for (const tenant of named) {
    if (tenant === undefined || tenant === null) continue;
    if (typeof tenant !== 'string' || tenant.toLowerCase() !== own) return String(tenant).slice(0, 100);
  }
  return undefined;
}

/**
 * What is wrong with an activity the SDK refused to parse (its `Activity.fromObject` throws a zod error listing
 * the fields), as "path: message" lines (at most five); undefined for any other error.
 */
function activityIssues(err: unknown): string[] | undefined {
  if (!(err instanceof Error) || err.name !== 'ZodError') return undefined;
  const issues = (err as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return undefined;
  return issues.slice(0, 5).map((i: { path?: unknown; message?: unknown }) => {
    const at = Array.isArray(i.path) && i.path.length > 0 ? i.path.join('.') : '(activity)';
    return `${at}: ${typeof i.message === 'string' ? i.message : 'invalid'}`;
  });
}

/**
 * What an activity lacks that the SDK does not check before the turn, as "path: message" lines: where a reply
 * goes (`channelId`, `recipient.id`) and an invoke's `name` (without one the SDK answers 501, as for an invoke
 * the bot does not implement).
 */
function missingFields(body: Record<string, unknown>): string[] {
  const text = (v: unknown) => typeof v === 'string' && v !== '';
  const recipient = body['recipient'];
  return [
    ...(text(body['channelId']) ? [] : ['channelId: Required']),
    ...(recipient && typeof recipient === 'object' && text((recipient as Record<string, unknown>)['id'])
      ? []
      : ['recipient.id: Required']),
    ...(body['type'] === 'invoke' && !text(body['name']) ? ['name: Required'] : []),
  ];
}

/**
 * Adds `POST /api/messages`: the JWT is checked first (401 without processing; the body is not even parsed), then
 * the body is parsed and the activity handed to the SDK, which answers invokes with the handler's invoke response;
 * a body that is not an activity gets 400 with what is wrong. A single-tenant bot drops an activity of another
 * tenant before anything is read or stored (a valid Bot Framework token says only that Teams sent it, and the app
 * can be uploaded in any tenant): an invoke is answered 403, anything else an empty 200, and the log warns.
 */
export function mountTeams(app: Express, deps: TeamsMountDeps): void {
  const { adapter } = deps;
  const served = deps.tenantId ?? (adapter instanceof TeamsCloudAdapter ? adapter.servedTenantId : undefined);
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
        // The SDK does not check these before the turn, and cannot answer without them.
        const missing = missingFields(req.body as Record<string, unknown>);
        if (missing.length > 0) {
          deps.logger.warn({ issues: missing }, 'Teams request refused: not a valid activity');
          res.status(400).json({ error: 'not a valid activity', issues: missing });
          return;
        }
        const body = req.body as Record<string, unknown>;
        const tenant = foreignTenant(body, served);
        if (tenant !== undefined) {
          const type = typeof body['type'] === 'string' ? body['type'].slice(0, 50) : undefined;
          deps.logger.warn({ tenant, type }, 'Teams activity from another tenant dropped (TEAMS_TENANT_ID)');
          if (type === 'invoke') res.status(403).json({ error: 'this bot does not serve that tenant' });
          else res.status(200).end();
          return;
        }
        await adapter.process(req as unknown as AgentsRequest, res as unknown as WebResponse, deps.onTurn);
      } catch (err) {
        // The SDK validates the activity before any turn: a body that is JSON but not an activity is the sender's
        // mistake, answered 400 with what is wrong rather than a 500 and an error in the log.
        const issues = activityIssues(err);
        if (issues && !res.headersSent) {
          deps.logger.warn({ issues }, 'Teams request refused: not a valid activity');
          res.status(400).json({ error: 'not a valid activity', issues });
          return;
        }
        next(err);
      }
    },
  );
}
