import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { LOGIN_URL } from '../../../src/bot/teams/graph-managers.js';
import { TeamsRefs } from '../../../src/bot/teams/teams-refs.js';
import type { Case } from '../../../src/models/case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import { TENANT_ID, type TestUser } from '../../helpers/teams-activities.js';
import { GRAPH_ORIGIN, startTeamsGraphApp } from '../../helpers/teams-graph-app.js';
import { collectingLogger } from '../../helpers/collecting-logger.js';

/**
 * Teams with `TEAMS_GRAPH_MANAGERS=true`, a click on "Manager" by the central dispatch's supervisor (nobody above her
 * in the catalogue, no managers file): while Microsoft Graph does not allow the bot to read managers (403: no
 * User.Read.All; 401; Entra ID refusing the bot's credentials: a wrong or expired secret, an unknown tenant, the app
 * not in the tenant) she is told that an administrator must fix the bot's permission or credentials — not to try
 * again in a moment — and the log says once what to grant, with the cause; when Graph names a manager who has never written to
 * the bot, she is told whom, as with the managers file — not that nobody is above her. In English and Danish, nothing
 * recorded. Through the real Teams server with a signed Bot Framework token; Graph and Entra ID faked by nock.
 */

const apps = teamsAppPerTest('teams-escalate-manager-graph-denied-');
const LOGIN = new URL(LOGIN_URL).origin;

/** The central dispatch's supervisor in config/catalogue.yaml: nobody above her there. */
const LONE: TestUser = { id: '29:lone', aadObjectId: 'aad-lone', name: 'Lone Bech Hansen' };

/** The app with Graph managers, a case of the central dispatch, and Lone's clicks on "Manager" on it. */
async function start() {
  const { logger, lines } = collectingLogger();
  const { app, click } = await startTeamsGraphApp(apps, { '29:lone': 'lone.bech@au.dk' }, logger);
  const c = await app.app.services.store.createCase(buildDispatchCase());
  return {
    app,
    c,
    lines,
    clickManager: (da = false) => click(LONE, managerClick(c), da),
  };
}

/** Graph's answer for Lone's manager, at every request (her cards ask too). */
function loneManager(status: number, body: Record<string, unknown>) {
  return nock(GRAPH_ORIGIN, { reqheaders: { authorization: 'Bearer app-token' } })
    .persist()
    .get('/v1.0/users/aad-lone/manager')
    .query({ $select: 'id,displayName,mail,userPrincipalName' })
    .reply(status, body);
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

const notAllowed = (c: Case) => ({
  en: `${c.number} cannot be escalated to your manager: the bot is not set up to read who your manager is from the directory (Microsoft Entra ID). Nothing was recorded. An administrator must fix the bot's permission or credentials; trying again will not help until then. Take the case up with your manager directly.`,
  da: `${c.number} kan ikke eskaleres til din leder: botten er ikke sat op til at slå op i brugerkataloget (Microsoft Entra ID), hvem din leder er. Intet er registreret. En administrator skal rette bottens tilladelse eller adgangsoplysninger; det hjælper ikke at prøve igen indtil da. Tag sagen op med din leder direkte.`,
});

/** The operator's warnings that the bot may not read managers (each headline says what to do for its cause). */
const deniedWarnings = (lines: Record<string, unknown>[]) =>
  lines.filter((l) => String(l['msg']).startsWith('TEAMS_GRAPH_MANAGERS=true, but'));

describe('Teams: "Manager" clicked while Microsoft Graph does not allow the bot to read managers', () => {
  it.each([
    [403, 'Authorization_RequestDenied'],
    [401, 'InvalidAuthenticationToken'],
  ])('says an administrator must fix it when Graph answers %i, and logs what to grant once', async (status, code) => {
    const { app, c, lines, clickManager } = await start();
    const graph = loneManager(status, {
      error: { code, message: 'Insufficient privileges to complete the operation.' },
    });

    const en = await clickManager();
    expect(en).toContain(notAllowed(c).en);
    expect(en).not.toContain('try again in a moment');
    const da = await clickManager(true);
    expect(da).toContain(notAllowed(c).da);
    expect(da).not.toContain('Prøv igen om et øjeblik');
    expect(graph.isDone()).toBe(true);
    expect((await app.app.services.store.getCase(c.id))?.escalations).toEqual([]);

    const warned = deniedWarnings(lines);
    expect(warned).toHaveLength(1);
    expect(String(warned[0]?.['msg'])).toMatch(/TEAMS_GRAPH_MANAGERS.*User\.Read\.All/);
    expect(warned[0]?.['reason']).toBe(`graph ${status}`);
    expect(lines.filter((l) => String(l['msg']).startsWith('Microsoft Graph did not answer'))).toEqual([]);
  });

  it.each([
    ['a wrong secret', 401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.'],
    ['an expired secret', 401, 'invalid_client', 'AADSTS7000222: The provided client secret keys are expired.'],
    ['an unknown tenant', 400, 'invalid_request', "AADSTS90002: Tenant 'x' not found."],
    ['an app not in the tenant', 400, 'unauthorized_client', 'AADSTS700016: Application not found in the directory.'],
  ])(
    "says so too when Entra ID refuses the bot's credentials for Graph (%s), and logs the cause once",
    async (_, status, error, description) => {
      // Faked before the app's own token endpoint, so it answers Graph's token requests first.
      const token = nock(LOGIN)
        .persist()
        .post(`/${TENANT_ID}/oauth2/v2.0/token`, (b: Record<string, string>) => {
          return b['scope'] === 'https://graph.microsoft.com/.default';
        })
        .reply(status, { error, error_description: description });
      const { app, c, lines, clickManager } = await start();

      expect(await clickManager()).toContain(notAllowed(c).en);
      expect(await clickManager(true)).toContain(notAllowed(c).da);
      expect(token.isDone()).toBe(true);
      expect((await app.app.services.store.getCase(c.id))?.escalations).toEqual([]);
      expect(deniedWarnings(lines)).toHaveLength(1);
      expect(deniedWarnings(lines)[0]?.['reason']).toBe(`token ${status}`);
      expect(JSON.stringify(deniedWarnings(lines)[0]?.['err'])).toContain(`(${status}: ${error})`);
    },
  );
});

describe('Teams: "Manager" clicked when Microsoft Graph names a manager who never wrote to the bot', () => {
  it('names her and says the bot cannot reach her yet, as with the managers file; once she wrote, reaches her', async () => {
    const { app, c, clickManager } = await start();
    const helle = { id: 'aad-helle', displayName: 'Helle Vestergaard', mail: 'Helle.Vestergaard@au.dk' };
    loneManager(200, helle);

    const en = await clickManager();
    expect(en).toContain(
      `${c.number} cannot be escalated to your manager yet: the directory (Microsoft Entra ID) names Helle Vestergaard (helle.vestergaard@au.dk) as your manager, whom the bot cannot reach (on Teams: they have never written to the bot). Nothing was recorded. Ask your manager to send the bot a message once, or take the case up with them directly.`,
    );
    expect(en).not.toContain('nobody above you');
    const da = await clickManager(true);
    expect(da).toContain(
      `${c.number} kan ikke eskaleres til din leder endnu: brugerkataloget (Microsoft Entra ID) angiver Helle Vestergaard (helle.vestergaard@au.dk) som din leder, men botten kan ikke nå vedkommende (i Teams: har aldrig skrevet til botten). Intet er registreret. Bed din leder skrive til botten én gang, eller tag sagen op med vedkommende direkte.`,
    );
    expect(da).not.toContain('ingen over dig');
    expect((await app.app.services.store.getCase(c.id))?.escalations).toEqual([]);

    // Helle writes to the bot: the same click reaches her.
    await new TeamsRefs(app.app.services.store).savePerson(
      'teams:aad-helle',
      { userId: '29:helle', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk' },
      new Date(),
    );
    await clickManager();
    expect((await app.app.services.store.getCase(c.id))?.escalations.at(-1)).toMatchObject({
      kind: 'hierarchical',
      toPerson: { id: 'teams:aad-helle' },
    });
  });
});
