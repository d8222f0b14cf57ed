import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADA, ANNA, anActionInvoke, aPersonalMessage, SERVICE_URL, TENANT_ID } from '../../helpers/teams-activities.js';
import { CONNECTOR_HOST, startTeamsHarness, type TeamsHarness } from '../../helpers/teams-harness.js';
import { aSigningKey, botFrameworkClaims, signToken } from '../../helpers/teams-jwt.js';

const APP_ID = '00000000-0000-4000-8000-0000000000aa';
const TEAMS = { clientId: APP_ID, clientSecret: 'test-secret', tenantId: TENANT_ID, anonymous: false };
/** Where the SDK fetches the signing keys of tokens issued by the Bot Framework. */
const BF_KEYS_HOST = 'https://login.botframework.com';
const BF_KEYS_PATH = '/v1/.well-known/keys';

let h: TeamsHarness | undefined;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  nock.cleanAll();
});

/** MSAL (client credentials) discovers the tenant's OpenID metadata, then asks for the bot's own token. */
function mockBotToken(): void {
  nock('https://login.microsoftonline.com')
    .persist()
    .get(/\/discovery\/instance/)
    .reply(200, {
      tenant_discovery_endpoint: `https://login.microsoftonline.com/${TENANT_ID}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [
        {
          preferred_network: 'login.microsoftonline.com',
          preferred_cache: 'login.windows.net',
          aliases: ['login.microsoftonline.com'],
        },
      ],
    })
    .get(/\/\.well-known\/openid-configuration/)
    .reply(200, {
      token_endpoint: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/token`,
      issuer: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      authorization_endpoint: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/authorize`,
      jwks_uri: `https://login.microsoftonline.com/${TENANT_ID}/discovery/v2.0/keys`,
      end_session_endpoint: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/logout`,
    })
    .post(/\/oauth2\/v2\.0\/token/)
    .reply(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'bot-app-token' });
}

async function expectRefused(res: Response, harness: TeamsHarness) {
  expect(res.status).toBe(401);
  expect(harness.intake.inputs).toHaveLength(0);
  expect(await harness.refs.person('teams:aad-anna')).toBeNull();
}

describe('mountTeams with credentials', () => {
  it('refuses a request without a token when a client id is configured', async () => {
    h = await startTeamsHarness(TEAMS);
    await expectRefused(await h.post(aPersonalMessage(ANNA, 'hello')), h);
  });

  it('refuses a malformed authorization header', async () => {
    h = await startTeamsHarness(TEAMS);
    const res = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify(aPersonalMessage(ANNA, 'hello')),
    });
    await expectRefused(res, h);
  });

  it('refuses a self-signed token when its key is not among the published keys', async () => {
    h = await startTeamsHarness(TEAMS);
    const published = aSigningKey('kid-forged');
    const forger = aSigningKey('kid-forged');
    nock(BF_KEYS_HOST)
      .get(BF_KEYS_PATH)
      .reply(200, { keys: [published.jwk] });
    const token = signToken(forger, botFrameworkClaims(APP_ID, SERVICE_URL));
    await expectRefused(await h.post(aPersonalMessage(ANNA, 'hello'), token), h);
  });

  it('refuses a token for another audience', async () => {
    h = await startTeamsHarness(TEAMS);
    const key = aSigningKey('kid-aud');
    nock(BF_KEYS_HOST)
      .get(BF_KEYS_PATH)
      .reply(200, { keys: [key.jwk] });
    const token = signToken(key, botFrameworkClaims('some-other-bot', SERVICE_URL));
    await expectRefused(await h.post(aPersonalMessage(ANNA, 'hello'), token), h);
  });

  it('refuses an expired token even when correctly signed', async () => {
    h = await startTeamsHarness(TEAMS);
    const key = aSigningKey('kid-expired');
    nock(BF_KEYS_HOST)
      .get(BF_KEYS_PATH)
      .reply(200, { keys: [key.jwk] });
    const past = Math.floor(Date.now() / 1000) - 3 * 3600;
    const token = signToken(key, botFrameworkClaims(APP_ID, SERVICE_URL, past));
    await expectRefused(await h.post(aPersonalMessage(ANNA, 'hello'), token), h);
  });

  it('processes the activity and answers with an app token when the JWT is valid', async () => {
    h = await startTeamsHarness(TEAMS);
    const key = aSigningKey('kid-valid');
    nock(BF_KEYS_HOST)
      .get(BF_KEYS_PATH)
      .reply(200, { keys: [key.jwk] });
    mockBotToken();
    let auth: string | undefined;
    nock(CONNECTOR_HOST)
      .post(/\/activities/)
      .reply(function () {
        auth = String(this.req.headers.authorization);
        return [200, { id: 'r1' }];
      });
    const res = await h.post(
      aPersonalMessage(ANNA, 'The printer is broken'),
      signToken(key, botFrameworkClaims(APP_ID, SERVICE_URL)),
    );
    expect(res.status).toBe(200);
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['The printer is broken']);
    expect(auth).toBe('Bearer bot-app-token');
  });

  it('fetches a pasted picture from the connector with the bot token, and a shared file without it', async () => {
    h = await startTeamsHarness(TEAMS);
    const key = aSigningKey('kid-files');
    nock(BF_KEYS_HOST)
      .get(BF_KEYS_PATH)
      .reply(200, { keys: [key.jwk] });
    mockBotToken();
    nock(CONNECTOR_HOST)
      .post(/\/activities/)
      .reply(200, { id: 'r1' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7]);
    const seen: Record<string, string | undefined> = {};
    nock(CONNECTOR_HOST)
      .get('/teams/v3/attachments/att-1/views/original')
      .reply(function () {
        seen['picture'] = this.req.headers.authorization as string | undefined;
        return [200, png];
      });
    nock('https://contoso-my.sharepoint.com')
      .get('/personal/anna/download.aspx')
      .query(true)
      .reply(function () {
        seen['file'] = (this.req.headers.authorization as string | undefined) ?? 'none';
        return [200, 'line 1\nline 2\n'];
      });
    const attachments = [
      { contentType: 'image/*', contentUrl: `${SERVICE_URL}v3/attachments/att-1/views/original` },
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        name: 'vpn.log',
        content: { downloadUrl: 'https://contoso-my.sharepoint.com/personal/anna/download.aspx?x=1', fileType: 'log' },
      },
    ];
    const res = await h.post(
      aPersonalMessage(ANNA, 'VPN drops every hour', { attachments }),
      signToken(key, botFrameworkClaims(APP_ID, SERVICE_URL)),
    );
    expect(res.status).toBe(200);
    expect(seen).toEqual({ picture: 'Bearer bot-app-token', file: 'none' });
    const files = h.intake.inputs[0]?.files ?? [];
    expect(files.map((f) => [f.name, f.contentType, f.size])).toEqual([
      ['picture.png', 'image/png', png.length],
      ['vpn.log', 'application/octet-stream', 14],
    ]);
    expect((await h.store.getFile(files[0]!.id))?.data.equals(png)).toBe(true);
  });
});

describe('mountTeams with a tenant configured (TEAMS_TENANT_ID)', () => {
  const EVIL = 'tenant-evil';
  const fromEvil = { conversation: { id: 'a:personal-evil', conversationType: 'personal', tenantId: EVIL } };
  let connectorCalls: string[];
  let keys = 0;

  /** The harness with credentials and TEAMS_TENANT_ID, a valid Bot Framework token, and a recording connector. */
  async function start(): Promise<string> {
    h = await startTeamsHarness(TEAMS);
    // A key id of its own each time: the SDK caches the published keys by key id across adapters.
    keys += 1;
    const key = aSigningKey(`kid-tenant-${keys}`);
    nock(BF_KEYS_HOST)
      .get(BF_KEYS_PATH)
      .reply(200, { keys: [key.jwk] });
    mockBotToken();
    connectorCalls = [];
    nock(CONNECTOR_HOST)
      .persist()
      .post(/\/activities/)
      .reply(200, (path) => {
        connectorCalls.push(path);
        return { id: 'r1' };
      });
    return signToken(key, botFrameworkClaims(APP_ID, SERVICE_URL));
  }

  it('drops a message from another tenant before anything is run or stored', async () => {
    const token = await start();
    const evilServiceUrl = 'https://smba.evil.test/teams/';
    const res = await h!.post(
      aPersonalMessage(ADA, 'admin export anna.jensen@example.dk', {
        ...fromEvil,
        serviceUrl: evilServiceUrl,
        channelData: { tenant: { id: EVIL } },
      }),
      token,
    );
    expect(res.status).toBe(200);
    expect(h!.staff.calls).toEqual([]);
    expect(connectorCalls).toEqual([]);
    expect(await h!.refs.person('teams:aad-ada')).toBeNull();
    expect(await h!.refs.serviceUrl(undefined)).toBeUndefined();
    expect(await h!.refs.serviceUrl(EVIL)).toBeUndefined();
  });

  it('answers a card action from another tenant 403 without running it', async () => {
    const token = await start();
    const click = anActionInvoke(ANNA, { verb: 'claim', caseId: 'c1', version: 1 });
    const res = await h!.post({ ...click, ...fromEvil, channelData: { tenant: { id: EVIL } } }, token);
    expect(res.status).toBe(403);
    expect(h!.cases.acts).toEqual([]);
    expect(await h!.refs.person('teams:aad-anna')).toBeNull();
  });

  it('drops an activity whose channel data names another tenant, whatever its conversation says', async () => {
    const token = await start();
    const res = await h!.post(aPersonalMessage(ANNA, 'hello', { channelData: { tenant: { id: EVIL } } }), token);
    expect(res.status).toBe(200);
    expect(h!.intake.inputs).toEqual([]);
  });

  it('serves its own tenant as before, the tenant id compared without regard to case', async () => {
    const token = await start();
    const own = { tenant: { id: TENANT_ID.toUpperCase() } };
    const res = await h!.post(aPersonalMessage(ANNA, 'The printer is broken', { channelData: own }), token);
    expect(res.status).toBe(200);
    expect(h!.intake.inputs.map((i) => i.text)).toEqual(['The printer is broken']);
    expect(await h!.refs.serviceUrl(undefined)).toBe(SERVICE_URL);
  });
});
