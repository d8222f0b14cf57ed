import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { GRAPH_URL, GraphManagers, LOGIN_URL } from '../../../src/bot/teams/graph-managers.js';
import { TeamsRefs } from '../../../src/bot/teams/teams-refs.js';
import type { Case } from '../../../src/models/case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import { anActionInvoke, SERVICE_URL, TENANT_ID, type TestUser } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';
import { aSigningKey, botFrameworkClaims, signToken } from '../../helpers/teams-jwt.js';

/**
 * Teams with `TEAMS_GRAPH_MANAGERS=true`: a click on "Manager" by the central dispatch's supervisor (nobody above
 * her in the catalogue, no managers file) while Microsoft Graph answers 5xx or does not answer is told that her
 * manager could not be looked up right now, to try again in a moment, in her language — not "nobody above you" — and
 * nothing is recorded; once Graph answers, the same click reaches her manager. Through the real Teams server with
 * credentials (a signed Bot Framework token); Graph and Entra ID faked by nock.
 */

const apps = teamsAppPerTest('teams-escalate-manager-graph-down-');
const APP_ID = '00000000-0000-4000-8000-0000000000ab';
const GRAPH = new URL(GRAPH_URL).origin;
const LOGIN = new URL(LOGIN_URL).origin;
const BF_KEYS = { host: 'https://login.botframework.com', path: '/v1/.well-known/keys' };
/** The Bot Framework's signing key (one for the file: the SDK keeps the keys it fetched). */
const key = aSigningKey('kid-graph-down');

/** The central dispatch's supervisor in config/catalogue.yaml: nobody above her there. */
const LONE: TestUser = { id: '29:lone', aadObjectId: 'aad-lone', name: 'Lone Bech Hansen' };

/** The app with Teams credentials and Graph managers; Entra ID gives any token asked for (the bot's, Graph's). */
async function start(): Promise<{
  app: TeamsApp;
  click: (data: Record<string, unknown>, da?: boolean) => Promise<string>;
}> {
  const app = await apps.start({
    emails: { '29:lone': 'lone.bech@au.dk' },
    env: {
      TEAMS_CLIENT_ID: APP_ID,
      TEAMS_CLIENT_SECRET: 'app-secret',
      TEAMS_TENANT_ID: TENANT_ID,
      TEAMS_GRAPH_MANAGERS: 'true',
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
  // Helle, Lone's manager in Entra ID, has written to the bot.
  await new TeamsRefs(app.app.services.store).savePerson(
    'teams:aad-helle',
    { userId: '29:helle', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk' },
    new Date(),
  );
  const url = `http://127.0.0.1:${app.app.http.port}/api/messages`;
  const click = async (data: Record<string, unknown>, da = false): Promise<string> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${signToken(key, botFrameworkClaims(APP_ID, SERVICE_URL))}`,
      },
      body: JSON.stringify({ ...anActionInvoke(LONE, data), ...(da ? { locale: 'da-DK' } : {}) }),
    });
    expect(res.status).toBe(200);
    return JSON.stringify(await res.json());
  };
  return { app, click };
}

/** How Graph answers for Lone's manager: down (503), no answer (a timed-out connection), or naming Helle. */
type GraphState = '503' | 'timeout' | 'helle';

/** Graph's answers for Lone's manager, as `state()` says at each request. */
function loneManager(state: () => GraphState) {
  return nock(GRAPH, { reqheaders: { authorization: 'Bearer app-token' } })
    .persist()
    .get('/v1.0/users/aad-lone/manager')
    .query({ $select: 'id,displayName,mail,userPrincipalName' })
    .reply((_uri, _body, done) => {
      const now = state();
      if (now === 'timeout') done(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }), [0, '']);
      else if (now === '503') done(null, [503, { error: { code: 'serviceNotAvailable' } }]);
      else done(null, [200, { id: 'aad-helle', displayName: 'Helle Vestergaard', mail: 'helle.vestergaard@au.dk' }]);
    });
}

/** Lone's click on "Manager" in the Escalate menu. */
function managerClick(c: Case) {
  return {
    verb: 'escalate_group',
    caseId: c.id,
    version: c.version,
    'escalate_group.groupId': 'manager:supervisor',
    'escalate_group.reason': 'The user has complained twice',
  };
}

describe('Teams: "Manager" clicked while Microsoft Graph does not answer', () => {
  it.each<GraphState>(['503', 'timeout'])(
    'says to try again in a moment when Graph gives %s, records nothing, and reaches her manager once it answers',
    async (down) => {
      const { app, click } = await start();
      let graph: GraphState = down;
      loneManager(() => graph);
      const c = await app.app.services.store.createCase(buildDispatchCase());

      const en = await click(managerClick(c));
      expect(en).toContain(
        `${c.number} cannot be escalated to your manager right now: the directory that says who your manager is could not be reached. Nothing was recorded. Please try again in a moment.`,
      );
      expect(en).not.toContain('nobody above you');
      const da = await click(managerClick(c), true);
      expect(da).toContain(`${c.number} kan ikke eskaleres til din leder lige nu:`);
      expect(da).toContain('Prøv igen om et øjeblik.');
      expect(da).not.toContain('ingen over dig');
      expect((await app.app.services.store.getCase(c.id))?.escalations).toEqual([]);

      // Graph answers again, naming Helle: the same click reaches her.
      graph = 'helle';
      await click(managerClick(c));
      expect((await app.app.services.store.getCase(c.id))?.escalations.at(-1)).toMatchObject({
        kind: 'hierarchical',
        toPerson: { id: 'teams:aad-helle' },
      });
    },
  );
});

describe('GraphManagers', () => {
  it('gives up on a Graph that does not answer within timeoutMs, as on one that cannot be reached', async () => {
    nock(LOGIN)
      .post(`/${TENANT_ID}/oauth2/v2.0/token`)
      .reply(200, { token_type: 'Bearer', expires_in: 3600, access_token: 'app-token' });
    nock(GRAPH).get('/v1.0/users/aad-lone/manager').query(true).delay(60_000).reply(200, { id: 'aad-helle' });
    const graph = new GraphManagers({ tenantId: TENANT_ID, clientId: APP_ID, clientSecret: 's', timeoutMs: 50 });
    await expect(graph.managerOf('aad-lone')).rejects.toThrow(/abort|timeout/i);
  });
});
