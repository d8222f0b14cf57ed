import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_URL, LOGIN_URL } from '../../../src/bot/teams/graph-managers.js';
import { TeamsRefs } from '../../../src/bot/teams/teams-refs.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const GRAPH = new URL(GRAPH_URL).origin;
const LOGIN = new URL(LOGIN_URL).origin;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

/** Graph's answer for Lone's manager. */
function loneManager(status: number, body: Record<string, unknown>) {
  return nock(GRAPH, { reqheaders: { authorization: 'Bearer graph-token' } })
    .get('/v1.0/users/aad-lone/manager')
    .query({ $select: 'id,displayName,mail,userPrincipalName' })
    .reply(status, body);
}

describe('the case card of a supervisor with nobody above her in the catalogue, while Microsoft Graph is down', () => {
  const apps = teamsAppPerTest('graph-managers-down-');
  const creds = { TEAMS_CLIENT_ID: 'app-id', TEAMS_CLIENT_SECRET: 'app-secret', TEAMS_TENANT_ID: TENANT };

  it('offers "Manager" as the click decides, and follows Graph once it answers again, not ten minutes later', async () => {
    // (Through the case service, as graph-managers: the Teams server would want a signed Bot Framework token.)
    const t = await apps.start({ emails: {}, env: { ...creds, TEAMS_GRAPH_MANAGERS: 'true' }, record: false });
    await new TeamsRefs(t.app.services.store).savePerson(
      'teams:aad-helle',
      { userId: '29:helle', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk' },
      new Date(),
    );
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' });
    const down = loneManager(503, { error: { code: 'serviceNotAvailable' } });
    // The central dispatch's case, seen by its supervisor.
    const c = await t.app.services.store.createCase(
      buildNewCase({ categoryId: 'vpn', groupId: 'it-support', ownerGroupId: 'it-support', locale: 'en' }),
    );
    const lone = { id: 'teams:aad-lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk', locale: 'en' as const };
    const offered = (card: { menus: { verb: string; options: { value: string }[] }[] }) =>
      card.menus.find((m) => m.verb === 'escalate_group')?.options.some((o) => o.value === 'manager:supervisor');

    const during = await t.app.services.cases.act(lone, { verb: 'refresh', caseId: c.id });
    if (!during.ok) throw new Error('refresh refused');
    expect(down.isDone()).toBe(true);
    // Graph not answering is no answer: not "nobody above her".
    expect(during.card.nobodyAbove).toBeUndefined();
    expect(offered(during.card)).toBe(true);

    // Graph is back, naming Helle, within ten minutes (the app's clock did not move): asked again, and followed.
    const back = loneManager(200, {
      id: 'aad-helle',
      displayName: 'Helle Vestergaard',
      mail: 'helle.vestergaard@au.dk',
    });
    const after = await t.app.services.cases.act(lone, { verb: 'refresh', caseId: c.id });
    if (!after.ok) throw new Error('refresh refused');
    expect(back.isDone()).toBe(true);
    expect(after.card.nobodyAbove).toBeUndefined();
    expect(offered(after.card)).toBe(true);
  });
});
