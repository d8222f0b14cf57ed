import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_URL, GraphManagers, GraphRefusal, LOGIN_URL } from '../../../src/bot/teams/graph-managers.js';

/**
 * A Graph token kept from before that Graph no longer takes (revoked, the secret rotated) answers 401: the manager is
 * asked once more with a fresh token, so a supervisor is not told that an administrator must grant the bot what it
 * has. A fresh token's 401 is a refusal the bot is not allowed past (`denied`), asked once.
 */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const GRAPH = new URL(GRAPH_URL).origin;
const LOGIN = new URL(LOGIN_URL).origin;

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

function token(value: string) {
  return nock(LOGIN).post(`/${TENANT}/oauth2/v2.0/token`).reply(200, { expires_in: 3599, access_token: value });
}

function manager(bearer: string, status: number, body: Record<string, unknown>) {
  return nock(GRAPH, { reqheaders: { authorization: `Bearer ${bearer}` } })
    .get('/v1.0/users/aad-anna/manager')
    .query(true)
    .reply(status, body);
}

const lise = { id: 'aad-lise', displayName: 'Lise Damgaard', mail: 'lise.damgaard@au.dk' };
const denied = { error: { code: 'InvalidAuthenticationToken' } };

describe('GraphManagers with a token Graph no longer takes', () => {
  it('asks once more with a fresh token', async () => {
    const graph = new GraphManagers({ tenantId: TENANT, clientId: 'app-id', clientSecret: 'app-secret' });
    token('old-token');
    manager('old-token', 200, lise);
    expect((await graph.managerOf('aad-anna'))?.id).toBe('aad-lise');

    const fresh = token('new-token');
    const stale = manager('old-token', 401, denied);
    const again = manager('new-token', 200, lise);
    expect((await graph.managerOf('aad-anna'))?.id).toBe('aad-lise');
    expect(stale.isDone() && fresh.isDone() && again.isDone()).toBe(true);
  });

  it("refuses, not allowed, at a fresh token's 401, asking Graph once", async () => {
    const graph = new GraphManagers({ tenantId: TENANT, clientId: 'app-id', clientSecret: 'app-secret' });
    token('new-token');
    const asked = manager('new-token', 401, denied);
    const err = await graph.managerOf('aad-anna').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRefusal);
    expect(err).toMatchObject({ reason: 'graph 401', denied: true });
    expect(asked.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
