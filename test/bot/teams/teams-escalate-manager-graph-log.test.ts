import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { LOGIN_URL } from '../../../src/bot/teams/graph-managers.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import { collectingLogger } from '../../helpers/collecting-logger.js';
import { TENANT_ID, type TestUser } from '../../helpers/teams-activities.js';
import { GRAPH_ORIGIN, startTeamsGraphApp } from '../../helpers/teams-graph-app.js';

/**
 * Teams with `TEAMS_GRAPH_MANAGERS=true`: when a supervisor's click on "Manager" meets Microsoft Graph not allowing
 * the bot to read managers, the operator's log headline says what to do for that cause — Entra ID refusing the bot's
 * token (an unknown tenant, an app not in the tenant, a wrong or expired secret) is fixed in TEAMS_TENANT_ID,
 * TEAMS_CLIENT_ID or TEAMS_CLIENT_SECRET, not by granting a permission; Graph's 403 by granting User.Read.All — with
 * the cause still in `reason` and `err`. Through the real Teams server with a signed Bot Framework token; Graph and
 * Entra ID faked by nock.
 */

const apps = teamsAppPerTest('teams-escalate-manager-graph-log-');
const LOGIN = new URL(LOGIN_URL).origin;

/** The central dispatch's supervisor in config/catalogue.yaml: nobody above her there. */
const LONE: TestUser = { id: '29:lone', aadObjectId: 'aad-lone', name: 'Lone Bech Hansen' };

/** Lone's click on "Manager" in the Escalate menu of a case of the central dispatch; the operator's denial lines. */
async function clickManager() {
  const { logger, lines } = collectingLogger();
  const { app, click } = await startTeamsGraphApp(apps, { '29:lone': 'lone.bech@au.dk' }, logger);
  const c = await app.app.services.store.createCase(buildDispatchCase());
  const answer = await click(LONE, {
    verb: 'escalate_group',
    caseId: c.id,
    version: c.version,
    'escalate_group.groupId': 'manager:supervisor',
    'escalate_group.reason': 'The user has complained twice',
  });
  expect(answer).toContain('An administrator must fix');
  return lines.filter((l) => String(l['msg']).startsWith('TEAMS_GRAPH_MANAGERS=true, but'));
}

/** Entra ID refusing Graph's token with this answer (faked before the app's own token endpoint, so it answers first). */
function tokenRefused(status: number, error: string, description: string) {
  nock(LOGIN)
    .persist()
    .post(
      `/${TENANT_ID}/oauth2/v2.0/token`,
      (b: Record<string, string>) => b['scope'] === 'https://graph.microsoft.com/.default',
    )
    .reply(status, {
      error,
      error_description: `${description}\r\nTrace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2026-12-02 10:00:00Z`,
    });
}

describe("Teams: the operator's headline when Microsoft Graph does not allow the bot to read managers", () => {
  it.each([
    [
      'an unknown tenant',
      400,
      'invalid_request',
      "AADSTS90002: Tenant 'x' not found.",
      /set TEAMS_TENANT_ID to the directory \(tenant\) id of the bot's Entra app/,
    ],
    [
      'an app not in the tenant',
      400,
      'unauthorized_client',
      "AADSTS700016: Application with identifier 'y' was not found in the directory 'x'.",
      /check TEAMS_CLIENT_ID and TEAMS_TENANT_ID/,
    ],
    [
      'a wrong secret',
      401,
      'invalid_client',
      'AADSTS7000215: Invalid client secret provided.',
      /set TEAMS_CLIENT_SECRET to a current client secret/,
    ],
    [
      'an expired secret',
      401,
      'invalid_client',
      'AADSTS7000222: The provided client secret keys are expired.',
      /set TEAMS_CLIENT_SECRET to a current client secret/,
    ],
    [
      'a refusal it does not explain',
      400,
      'invalid_request',
      'AADSTS50000: There was an error issuing a token.',
      /check TEAMS_TENANT_ID, TEAMS_CLIENT_ID and TEAMS_CLIENT_SECRET/,
    ],
  ])(
    "says which setting to fix, not to grant a permission, when Entra ID refuses the bot's token (%s)",
    async (_, status, error, description, todo) => {
      tokenRefused(status, error, description);
      const denied = await clickManager();
      expect(denied).toHaveLength(1);
      const msg = String(denied[0]?.['msg']);
      expect(msg).toMatch(todo);
      expect(msg).toContain(`(token ${status}, ${description.slice(0, description.indexOf(':'))})`);
      expect(msg).not.toContain('User.Read.All');
      expect(msg).not.toMatch(/\bgrant\b/);
      expect(denied[0]?.['reason']).toBe(`token ${status}`);
      // Entra ID's own words stay in `err`, without its trace and correlation ids.
      const err = String((denied[0]?.['err'] as { message?: unknown } | undefined)?.message);
      expect(err).toContain(`(${status}: ${error}): ${description}`);
      expect(err).not.toContain('Trace ID');
    },
  );

  it('says to grant User.Read.All, and nothing about the credentials, when Graph answers 403', async () => {
    nock(GRAPH_ORIGIN)
      .persist()
      .get('/v1.0/users/aad-lone/manager')
      .query(true)
      .reply(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } });
    const denied = await clickManager();
    expect(denied).toHaveLength(1);
    const msg = String(denied[0]?.['msg']);
    expect(msg).toContain(
      "grant the bot's Entra app the Microsoft Graph application permission User.Read.All with admin consent",
    );
    expect(msg).not.toMatch(/TEAMS_CLIENT_SECRET|TEAMS_CLIENT_ID|TEAMS_TENANT_ID/);
    expect(denied[0]?.['reason']).toBe('graph 403');
  });
});
