import nock from 'nock';
import { expect } from 'vitest';
import { GRAPH_URL, LOGIN_URL } from '../../src/bot/teams/graph-managers.js';
import type { Logger } from '../../src/logger.js';
import type { teamsAppPerTest } from './app-per-test.js';
import { anActionInvoke, SERVICE_URL, TENANT_ID, type TestUser } from './teams-activities.js';
import type { TeamsApp } from './teams-app.js';
import { aSigningKey, botFrameworkClaims, signToken } from './teams-jwt.js';

export const GRAPH_ORIGIN = new URL(GRAPH_URL).origin;
const LOGIN = new URL(LOGIN_URL).origin;
const APP_ID = '00000000-0000-4000-8000-0000000000ab';
const BF_KEYS = { host: 'https://login.botframework.com', path: '/v1/.well-known/keys' };
/** The Bot Framework's signing key (one for every test: the SDK keeps the keys it fetched). */
const key = aSigningKey('kid-graph-app');

/** A Teams app with credentials and Microsoft Graph managers, and `user`'s signed Action.Execute clicks. */
export interface TeamsGraphApp {
  app: TeamsApp;
  /** `user`'s Action.Execute click with a signed Bot Framework token (in Danish with `da`); the invoke's answer. */
  click(user: TestUser, data: Record<string, unknown>, da?: boolean): Promise<string>;
}

/**
 * The Teams app (`apps.start`) with Teams credentials and `TEAMS_GRAPH_MANAGERS=true`, served with authentication
 * (clicks carry a Bot Framework token signed by a key the faked Bot Framework publishes); Entra ID gives any token
 * asked for (the bot's, Graph's) as `app-token` (a token faked before this is started answers first). Graph itself is
 * for the test to fake (`GRAPH_ORIGIN`). `logger`: the app's, silent by default; `env`: more environment (e.g.
 * `MANAGERS_FILE`).
 */
export async function startTeamsGraphApp(
  apps: ReturnType<typeof teamsAppPerTest>,
  emails: Record<string, string>,
  logger?: Logger,
  env: Record<string, string> = {},
): Promise<TeamsGraphApp> {
  const app = await apps.start({
    emails,
    ...(logger ? { logger } : {}),
    env: {
      TEAMS_CLIENT_ID: APP_ID,
      TEAMS_CLIENT_SECRET: 'app-secret',
      TEAMS_TENANT_ID: TENANT_ID,
      TEAMS_GRAPH_MANAGERS: 'true',
      ...env,
    },
  });
  nock(BF_KEYS.host)
    .persist()
    .get(BF_KEYS.path)
    .reply(200, { keys: [key.jwk] });
  nock(LOGIN)
    .persist()
    .get(/\/discovery\/instance/)
    .reply(200, {
      tenant_discovery_endpoint: `${LOGIN}/${TENANT_ID}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: 'login.microsoftonline.com', aliases: ['login.microsoftonline.com'] }],
    })
    .get(/\/\.well-known\/openid-configuration/)
    .reply(200, {
      token_endpoint: `${LOGIN}/${TENANT_ID}/oauth2/v2.0/token`,
      issuer: `${LOGIN}/${TENANT_ID}/v2.0`,
      authorization_endpoint: `${LOGIN}/${TENANT_ID}/oauth2/v2.0/authorize`,
      jwks_uri: `${LOGIN}/${TENANT_ID}/discovery/v2.0/keys`,
    })
    .post(/\/oauth2\/v2\.0\/token/)
    .reply(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'app-token' });
  const url = `http://127.0.0.1:${app.app.http.port}/api/messages`;
  return {
    app,
    async click(user, data, da = false) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${signToken(key, botFrameworkClaims(APP_ID, SERVICE_URL))}`,
        },
        body: JSON.stringify({ ...anActionInvoke(user, data), ...(da ? { locale: 'da-DK' } : {}) }),
      });
      expect(res.status).toBe(200);
      return JSON.stringify(await res.json());
    },
  };
}
