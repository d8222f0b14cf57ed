import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GRAPH_URL, GraphManagers, LOGIN_URL } from '../../../src/bot/teams/graph-managers.js';
import { TeamsDirectory } from '../../../src/bot/teams/teams-directory.js';
import { TeamsRefs } from '../../../src/bot/teams/teams-refs.js';
import { loadConfig } from '../../../src/config/env.js';
import { createLogger } from '../../../src/logger.js';
import { AppError } from '../../../src/models/errors.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { compositeDirectory } from '../../../src/services/people-directory.js';
import { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { shippedCatalogue } from '../../helpers/services.js';
import { collectingLogger } from '../../helpers/collecting-logger.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const GRAPH = new URL(GRAPH_URL).origin;
const LOGIN = new URL(LOGIN_URL).origin;
const T0 = new Date('2025-03-03T09:00:00.000Z');

/** The token endpoint, answering `times` client-credentials requests of the bot's app with a one-hour token. */
function tokenEndpoint(times = 1) {
  return nock(LOGIN)
    .post(`/${TENANT}/oauth2/v2.0/token`, (b: Record<string, string>) => {
      return (
        b['client_id'] === 'app-id' &&
        b['client_secret'] === 'app-secret' &&
        b['grant_type'] === 'client_credentials' &&
        b['scope'] === 'https://graph.microsoft.com/.default'
      );
    })
    .times(times)
    .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' });
}

/** Graph's answer for the manager of `userId`. */
function managerEndpoint(userId: string, status: number, body: Record<string, unknown> = {}) {
  return nock(GRAPH, { reqheaders: { authorization: 'Bearer graph-token' } })
    .get(`/v1.0/users/${userId}/manager`)
    .query({ $select: 'id,displayName,mail,userPrincipalName' })
    .reply(status, body);
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('TeamsDirectory: managers from Microsoft Graph', () => {
  let store: SqliteCaseStore;
  let refs: TeamsRefs;
  let now: number;
  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    refs = new TeamsRefs(store, { refreshMs: 60_000, recheckMs: 5_000 });
    now = T0.getTime();
    await refs.savePerson('teams:aad-anna', { userId: '29:anna', name: 'Anna Berg', email: 'anna.berg@au.dk' }, T0);
  });
  afterEach(async () => {
    nock.cleanAll();
    await store.close();
  });

  const directory = (logger = createLogger('silent')) =>
    new TeamsDirectory(refs, undefined, () => now, {
      graph: new GraphManagers({ tenantId: TENANT, clientId: 'app-id', clientSecret: 'app-secret', now: () => now }),
      logger,
    });

  it('answers with the manager Graph names, as the bot knows her, and keeps the token until it nearly expires', async () => {
    await refs.savePerson('teams:aad-lise', { userId: '29:lise', name: 'Lise D.', email: 'lise.damgaard@au.dk' }, T0);
    const token = tokenEndpoint(2);
    const asked = [
      managerEndpoint('aad-anna', 200, { id: 'aad-lise', displayName: 'Lise Damgaard', mail: 'Lise.Damgaard@au.dk' }),
      managerEndpoint('aad-anna', 200, { id: 'aad-lise', displayName: 'Lise Damgaard', mail: 'Lise.Damgaard@au.dk' }),
      managerEndpoint('aad-anna', 200, { id: 'aad-lise', displayName: 'Lise Damgaard', mail: 'Lise.Damgaard@au.dk' }),
    ];
    const dir = directory();
    expect(await dir.managerOf('teams:aad-anna')).toEqual({
      id: 'teams:aad-lise',
      name: 'Lise D.',
      email: 'lise.damgaard@au.dk',
    });
    now += 50 * 60_000;
    await dir.managerOf('teams:aad-anna');
    expect(token.pendingMocks()).toHaveLength(1);
    now += 6 * 60_000;
    await dir.managerOf('teams:aad-anna');
    expect(token.isDone()).toBe(true);
    expect(asked.every((s) => s.isDone())).toBe(true);
  });

  it('finds a manager met under another id by her e-mail', async () => {
    await refs.savePerson('teams:29:lise', { userId: '29:lise', name: 'Lise D.', email: 'lise.damgaard@au.dk' }, T0);
    await refs.indexEmails(T0);
    tokenEndpoint();
    managerEndpoint('aad-anna', 200, { id: 'aad-lise', displayName: 'Lise Damgaard', mail: 'lise.damgaard@au.dk' });
    expect((await directory().managerOf('teams:aad-anna'))?.id).toBe('teams:29:lise');
  });

  it('finds a guest manager met under another id by her own address, Graph naming only her #EXT# UPN', async () => {
    const upn = 'Lise.Damgaard_gmail.com#EXT#@autenant.onmicrosoft.com';
    await refs.savePerson('teams:29:lise', { userId: '29:lise', name: 'Lise D.', upn }, T0);
    await refs.indexEmails(T0);
    tokenEndpoint();
    managerEndpoint('aad-anna', 200, { id: 'aad-lise', displayName: 'Lise Damgaard', userPrincipalName: upn });
    expect(await directory().managerOf('teams:aad-anna')).toEqual({
      id: 'teams:29:lise',
      name: 'Lise D.',
      email: 'lise.damgaard@gmail.com',
      username: upn,
    });
  });

  it('answers null, logging it once, for a manager who never wrote to the bot; null when Graph names none', async () => {
    const { logger, lines } = collectingLogger();
    const dir = directory(logger);
    tokenEndpoint();
    managerEndpoint('aad-anna', 200, { id: 'aad-lise', displayName: 'Lise Damgaard', mail: 'lise.damgaard@au.dk' });
    managerEndpoint('aad-anna', 200, { id: 'aad-lise', displayName: 'Lise Damgaard', mail: 'lise.damgaard@au.dk' });
    expect(await dir.managerOf('teams:aad-anna')).toBeNull();
    expect(await dir.managerOf('teams:aad-anna')).toBeNull();
    expect(lines.filter((l) => String(l['msg']).includes('Microsoft Graph'))).toEqual([
      expect.objectContaining({ manager: 'lise.damgaard@au.dk' }),
    ]);
    managerEndpoint('aad-bo', 404, { error: { code: 'Request_ResourceNotFound' } });
    expect(await dir.managerOf('teams:aad-bo')).toBeNull();
  });

  it('forgets a manager it warned about once she is erased, by her e-mail or her user principal name', async () => {
    const { logger, lines } = collectingLogger();
    const teams = directory(logger);
    const dir = compositeDirectory([{ prefix: 'teams:', directory: teams }]);
    const privacy = new PrivacyService({
      store,
      catalogue: shippedCatalogue(),
      clock: new ManualClock(T0.toISOString()),
      defaultLocale: 'en',
      personRefs: [],
      directory: dir,
    });
    const lise = { id: 'aad-lise', displayName: 'Lise Damgaard', mail: 'lise.damgaard@au.dk' };
    // Bo's manager has no mail in Entra ID, only her user principal name.
    const per = { id: 'aad-per', displayName: 'Per Kragh', userPrincipalName: 'per.kragh@au.dk' };
    tokenEndpoint();
    for (const [user, manager] of [
      ['aad-anna', lise],
      ['aad-bo', per],
      ['aad-anna', lise],
      ['aad-bo', per],
    ] as const) {
      managerEndpoint(user, 200, manager);
      expect(await dir.managerOf?.(`teams:${user}`)).toBeNull();
    }
    const warned = () => lines.filter((l) => String(l['msg']).includes('Microsoft Graph')).map((l) => l['manager']);
    expect(warned()).toEqual(['lise.damgaard@au.dk', 'per.kragh@au.dk']);

    expect((await privacy.erasePerson(people.birgitte, 'lise.damgaard@au.dk')).ok).toBe(true);
    expect((await privacy.erasePerson(people.birgitte, 'per.kragh@au.dk')).ok).toBe(true);
    for (const [user, manager] of [
      ['aad-anna', lise],
      ['aad-bo', per],
    ] as const) {
      managerEndpoint(user, 200, manager);
      expect(await dir.managerOf?.(`teams:${user}`)).toBeNull();
    }
    expect(warned()).toEqual(['lise.damgaard@au.dk', 'per.kragh@au.dk', 'lise.damgaard@au.dk', 'per.kragh@au.dk']);
  });

  it('answers null when Graph refuses, logging each cause once in ten minutes, and again at once after it answered', async () => {
    const { logger, lines } = collectingLogger();
    const dir = directory(logger);
    const refusals = () => lines.filter((l) => String(l['msg']).startsWith('Microsoft Graph did not answer'));
    const denials = () => lines.filter((l) => String(l['msg']).includes('does not allow the bot to read'));
    const ask = async (status: number, body: Record<string, unknown> = { error: { code: 'x' } }) => {
      const graph = managerEndpoint('aad-anna', status, body);
      const answer = await dir.managerOf('teams:aad-anna');
      expect(graph.isDone()).toBe(true);
      return answer;
    };
    tokenEndpoint();
    expect(await ask(503)).toBeNull();
    expect(await ask(503)).toBeNull();
    expect(refusals()).toHaveLength(1);
    expect(JSON.stringify(refusals()[0])).toContain('503');
    // Another cause is logged at once; the first stays quiet within its ten minutes.
    expect(await ask(502)).toBeNull();
    now += 9 * 60_000;
    expect(await ask(503)).toBeNull();
    expect(refusals()).toHaveLength(2);
    expect(JSON.stringify(refusals()[1])).toContain('502');
    now += 60_000;
    expect(await ask(503)).toBeNull();
    expect(refusals()).toHaveLength(3);
    // Not allowed (403): said once what to grant, not again ten minutes on.
    expect(await ask(403)).toBeNull();
    now += 11 * 60_000;
    expect(await ask(403)).toBeNull();
    expect(denials()).toHaveLength(1);
    expect(JSON.stringify(denials()[0])).toMatch(/TEAMS_GRAPH_MANAGERS.*User\.Read\.All/);
    // Once Graph answers, the next refusal is news again.
    expect(await ask(404)).toBeNull();
    expect(await ask(503)).toBeNull();
    expect(await ask(403)).toBeNull();
    expect(refusals()).toHaveLength(4);
    expect(denials()).toHaveLength(2);
  });

  it('asks nobody without Graph configured, and only for Teams people', async () => {
    // Any call would fail: the network is off and nothing is faked.
    expect(await new TeamsDirectory(refs).managerOf('teams:aad-anna')).toBeNull();
    expect(await directory().managerOf('slack:U0ANNA')).toBeNull();
  });
});

describe('TEAMS_GRAPH_MANAGERS', () => {
  const apps = teamsAppPerTest('graph-managers-');
  const creds = { TEAMS_CLIENT_ID: 'app-id', TEAMS_CLIENT_SECRET: 'app-secret', TEAMS_TENANT_ID: TENANT };

  it('is off by default and needs the bot credentials with a tenant', () => {
    expect(loadConfig(creds).teams.graphManagers).toBeUndefined();
    expect(loadConfig({ ...creds, TEAMS_GRAPH_MANAGERS: 'true' }).teams.graphManagers).toBe(true);
    for (const env of [
      { TEAMS_GRAPH_MANAGERS: 'true' },
      { TEAMS_GRAPH_MANAGERS: 'true', TEAMS_CLIENT_ID: 'app-id', TEAMS_CLIENT_SECRET: 'app-secret' },
    ]) {
      let problems: string[] = [];
      try {
        loadConfig(env);
      } catch (err) {
        problems = (err as AppError).details['problems'] as string[];
      }
      expect(problems).toContain(
        'TEAMS_GRAPH_MANAGERS="true": Microsoft Graph is asked with the bot\'s own app, so set TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID too',
      );
    }
    expect(() => loadConfig({ ...creds, TEAMS_GRAPH_MANAGERS: 'yes' })).toThrow(AppError);
  });

  it('logs a refusal once in the running app, not as a directory that did not answer at every look-up', async () => {
    const { logger, lines } = collectingLogger();
    const t = await apps.start({
      emails: {},
      env: { ...creds, TEAMS_GRAPH_MANAGERS: 'true' },
      logger,
      record: false,
    });
    tokenEndpoint();
    const graph = managerEndpoint('aad-anna', 403, { error: { code: 'Authorization_RequestDenied' } });
    const again = managerEndpoint('aad-anna', 403, { error: { code: 'Authorization_RequestDenied' } });
    expect(await t.app.services.directory.managerOf?.('teams:aad-anna')).toBeNull();
    expect(await t.app.services.directory.managerOf?.('teams:aad-anna')).toBeNull();
    expect(graph.isDone() && again.isDone()).toBe(true);
    const logged = lines.map((l) => String(l['msg']));
    expect(logged.filter((m) => m.includes('Microsoft Graph does not allow the bot to read'))).toHaveLength(1);
    expect(logged).not.toContain('a directory did not answer; carrying on without it');
  });

  it.each([
    ['leaves it out when Graph names no manager of hers', 404, { error: { code: 'Request_ResourceNotFound' } }, false],
    [
      'offers it when Graph names her manager, whom the bot reaches',
      200,
      { id: 'aad-helle', displayName: 'Helle Vestergaard', mail: 'helle.vestergaard@au.dk' },
      true,
    ],
  ])(
    'asks Graph before the card of a supervisor with nobody above her in the catalogue is rendered: %s',
    async (_, status, body, offered) => {
      // (Through the case service: the Teams server would want a signed Bot Framework token with these credentials.)
      const t = await apps.start({ emails: {}, env: { ...creds, TEAMS_GRAPH_MANAGERS: 'true' }, record: false });
      await new TeamsRefs(t.app.services.store).savePerson(
        'teams:aad-helle',
        { userId: '29:helle', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk' },
        new Date(),
      );
      tokenEndpoint();
      const graph = managerEndpoint('aad-lone', status, body);
      // The central dispatch's case, seen by its supervisor.
      const c = await t.app.services.store.createCase(
        buildNewCase({ categoryId: 'vpn', groupId: 'it-support', ownerGroupId: 'it-support', locale: 'en' }),
      );
      const lone = { id: 'teams:aad-lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk', locale: 'en' as const };
      const seen = await t.app.services.cases.act(lone, { verb: 'refresh', caseId: c.id });
      if (!seen.ok) throw new Error('refresh refused');
      expect(graph.isDone()).toBe(true);
      const escalate = seen.card.menus.find((m) => m.verb === 'escalate_group');
      expect(escalate?.options.some((o) => o.value === 'manager:supervisor')).toBe(offered);
      expect(seen.card.nobodyAbove).toBe(offered ? undefined : true);
      // Graph's answer is kept for her next cards: not asked again (no more answers faked).
      const again = await t.app.services.cases.act(lone, { verb: 'refresh', caseId: c.id });
      expect(again.ok && again.card.nobodyAbove).toBe(offered ? undefined : true);
    },
  );

  it("is the Teams directory's source of managers in the running app when set", async () => {
    const t = await apps.start({
      emails: {},
      env: { ...creds, TEAMS_GRAPH_MANAGERS: 'true' },
      record: false,
    });
    tokenEndpoint();
    const graph = managerEndpoint('aad-anna', 404, { error: { code: 'Request_ResourceNotFound' } });
    expect(await t.app.services.directory.managerOf?.('teams:aad-anna')).toBeNull();
    expect(graph.isDone()).toBe(true);
  });
});
