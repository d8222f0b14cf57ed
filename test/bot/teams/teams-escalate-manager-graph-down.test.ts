import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { GraphManagers, LOGIN_URL } from '../../../src/bot/teams/graph-managers.js';
import { TeamsRefs } from '../../../src/bot/teams/teams-refs.js';
import type { Case } from '../../../src/models/case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import { TENANT_ID, type TestUser } from '../../helpers/teams-activities.js';
import { GRAPH_ORIGIN, startTeamsGraphApp } from '../../helpers/teams-graph-app.js';

/**
 * Teams with `TEAMS_GRAPH_MANAGERS=true`: a click on "Manager" by the central dispatch's supervisor (nobody above
 * her in the catalogue, no managers file) while Microsoft Graph answers 5xx or does not answer is told that her
 * manager could not be looked up right now, to try again in a moment, in her language — not "nobody above you" — and
 * nothing is recorded; once Graph answers, the same click reaches her manager. Through the real Teams server with
 * credentials (a signed Bot Framework token); Graph and Entra ID faked by nock.
 */

const apps = teamsAppPerTest('teams-escalate-manager-graph-down-');
const APP_ID = '00000000-0000-4000-8000-0000000000ab';
const LOGIN = new URL(LOGIN_URL).origin;

/** The central dispatch's supervisor in config/catalogue.yaml: nobody above her there. */
const LONE: TestUser = { id: '29:lone', aadObjectId: 'aad-lone', name: 'Lone Bech Hansen' };

/** The app with Graph managers, Helle (Lone's manager in Entra ID) having written to the bot; Lone's clicks. */
async function start() {
  const { app, click } = await startTeamsGraphApp(apps, { '29:lone': 'lone.bech@au.dk' });
  await new TeamsRefs(app.app.services.store).savePerson(
    'teams:aad-helle',
    { userId: '29:helle', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk' },
    new Date(),
  );
  return { app, click: (data: Record<string, unknown>, da = false) => click(LONE, data, da) };
}

/** How Graph answers for Lone's manager: down (503), no answer (a timed-out connection), or naming Helle. */
type GraphState = '503' | 'timeout' | 'helle';

/** Graph's answers for Lone's manager, as `state()` says at each request. */
function loneManager(state: () => GraphState) {
  return nock(GRAPH_ORIGIN, { reqheaders: { authorization: 'Bearer app-token' } })
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
      // "brugerkataloget" (the user directory), not "kataloget", which the Danish texts use for the catalogue.
      expect(da).toContain(
        `${c.number} kan ikke eskaleres til din leder lige nu: opslaget af, hvem din leder er, kunne ikke gennemføres (brugerkataloget kunne ikke nås). Intet er registreret. Prøv igen om et øjeblik.`,
      );
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
    nock(GRAPH_ORIGIN).get('/v1.0/users/aad-lone/manager').query(true).delay(60_000).reply(200, { id: 'aad-helle' });
    const graph = new GraphManagers({ tenantId: TENANT_ID, clientId: APP_ID, clientSecret: 's', timeoutMs: 50 });
    await expect(graph.managerOf('aad-lone')).rejects.toThrow(/abort|timeout/i);
  });
});
