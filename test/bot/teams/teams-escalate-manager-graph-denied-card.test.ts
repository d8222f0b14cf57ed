import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { LOGIN_URL } from '../../../src/bot/teams/graph-managers.js';
import { TeamsRefs } from '../../../src/bot/teams/teams-refs.js';
import type { Case } from '../../../src/models/case.js';
import { GRAPH_ANSWER_MS, GRAPH_DENIED_MS } from '../../../src/services/manager-directory.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import { TENANT_ID, type TestUser } from '../../helpers/teams-activities.js';
import { GRAPH_ORIGIN, startTeamsGraphApp } from '../../helpers/teams-graph-app.js';

/**
 * Teams with `TEAMS_GRAPH_MANAGERS=true`: while Microsoft Graph refuses because the bot is not allowed to read
 * managers (Graph's 403; Entra ID refusing the bot's secret), the card of the central dispatch's supervisor (nobody
 * above her in the catalogue) does not offer "Manager" on Graph's account — each click would be refused — and offers
 * it again once Graph answers: asked again at her first card two minutes on (`GRAPH_DENIED_MS`, not the ten minutes
 * Graph's answers are kept; no look-up at the cards before), or at once when Graph answers a look-up meanwhile (her
 * click on "Manager" on an older card or the channel card); a managers file naming her manager, whom the bot
 * reaches, still counts. Through the real Teams server with a signed Bot Framework token; Graph and
 * Entra ID faked by nock.
 */

const apps = teamsAppPerTest('teams-escalate-manager-graph-denied-card-');
const LOGIN = new URL(LOGIN_URL).origin;

/** The central dispatch's supervisor in config/catalogue.yaml: nobody above her there. */
const LONE: TestUser = { id: '29:lone', aadObjectId: 'aad-lone', name: 'Lone Bech Hansen' };

/** Where the refusal comes from: Graph itself (403), Entra ID's token endpoint (401), or nowhere (Graph answers). */
type Refusing = 'graph' | 'token' | null;

/**
 * Entra ID's token for Graph and Graph's answer for Lone's manager (Helle), as `refusing()` says at each request.
 * Faked before the app is started, so the token endpoint here answers Graph's token requests first.
 */
function fakeGraph(refusing: () => Refusing) {
  nock(LOGIN)
    .persist()
    .post(`/${TENANT_ID}/oauth2/v2.0/token`, (b: Record<string, string>) => {
      return b['scope'] === 'https://graph.microsoft.com/.default';
    })
    .reply(() =>
      refusing() === 'token'
        ? [401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }]
        : [200, { token_type: 'Bearer', expires_in: 3600, access_token: 'app-token' }],
    );
  return nock(GRAPH_ORIGIN, { reqheaders: { authorization: 'Bearer app-token' } })
    .persist()
    .get('/v1.0/users/aad-lone/manager')
    .query({ $select: 'id,displayName,mail,userPrincipalName' })
    .reply(() =>
      refusing() === 'graph'
        ? [403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } }]
        : [200, { id: 'aad-helle', displayName: 'Helle Vestergaard', mail: 'helle.vestergaard@au.dk' }],
    );
}

/** The app with Graph managers (and `env`), Helle having written to the bot; a case of the central dispatch. */
async function start(env: Record<string, string> = {}) {
  const { app, click } = await startTeamsGraphApp(apps, { '29:lone': 'lone.bech@au.dk' }, undefined, env);
  await new TeamsRefs(app.app.services.store).savePerson(
    'teams:aad-helle',
    { userId: '29:helle', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk' },
    new Date(),
  );
  const c = await app.app.services.store.createCase(buildDispatchCase());
  return { app, c, click: (data: Record<string, unknown>) => click(LONE, data) };
}

/** What a card offers for an escalation to the manager: the menu's manager choices, and whether a button does. */
function managerIn(card: string): { choice: string[]; button: boolean } {
  const choices: string[] = [];
  JSON.parse(card, (key, value) => {
    if (key === 'choices' && Array.isArray(value))
      for (const ch of value) if (ch?.value === 'manager:supervisor') choices.push(String(ch.title));
    return value;
  });
  return { choice: choices, button: card.includes('escalate_manager') };
}

const OFFERED = { choice: ['Manager'], button: true };
const NOT_OFFERED = { choice: [], button: false };

const refresh = (c: Case) => ({ verb: 'refresh', caseId: c.id, version: c.version });
const managerClick = (c: Case) => ({
  verb: 'escalate_group',
  caseId: c.id,
  version: c.version,
  'escalate_group.groupId': 'manager:supervisor',
  'escalate_group.reason': 'The user has complained twice',
});

describe('Teams: "Manager" on the card while Microsoft Graph does not allow the bot to read managers', () => {
  it.each<[string, Refusing]>([
    ['Graph answers 403', 'graph'],
    ["Entra ID refuses the bot's secret", 'token'],
  ])('is left out while %s, and offered again once Graph answers', async (_, cause) => {
    let refusing: Refusing = cause;
    fakeGraph(() => refusing);
    const { app, c, click } = await start();

    const card = await click(refresh(c));
    expect(card).toContain(c.number);
    expect(managerIn(card)).toEqual(NOT_OFFERED);
    // A click on a card from before still says why.
    expect(await click(managerClick(c))).toContain('An administrator must');

    // An administrator grants it: once the refusal has been kept as long as Graph's answers are, her card offers
    // "Manager" again, and the click reaches Helle.
    refusing = null;
    app.clock.advance(GRAPH_ANSWER_MS);
    expect(managerIn(await click(refresh(c)))).toEqual(OFFERED);
    await click(managerClick(c));
    expect((await app.app.services.store.getCase(c.id))?.escalations.at(-1)).toMatchObject({
      kind: 'hierarchical',
      toPerson: { id: 'teams:aad-helle' },
    });
  });

  it.each<[string, Refusing]>([
    ['Graph answered 403', 'graph'],
    ["Entra ID refused the bot's secret", 'token'],
  ])(
    'is offered again two minutes after an administrator fixed it, not ten, without a look-up at each card before (%s)',
    async (_, cause) => {
      let refusing: Refusing = cause;
      const graph = fakeGraph(() => refusing);
      let lookUps = 0;
      graph.on('request', () => {
        lookUps += 1;
      });
      const { app, c, click } = await start();
      expect(managerIn(await click(refresh(c)))).toEqual(NOT_OFFERED);

      // Fixed: her cards within the two minutes go by the refusal kept, asking Graph nothing …
      refusing = null;
      const before = lookUps;
      app.clock.advance(GRAPH_DENIED_MS - 1_000);
      expect(managerIn(await click(refresh(c)))).toEqual(NOT_OFFERED);
      expect(managerIn(await click(refresh(c)))).toEqual(NOT_OFFERED);
      expect(lookUps).toBe(before);
      // … and the first one after asks once, and offers it.
      app.clock.advance(1_000);
      expect(managerIn(await click(refresh(c)))).toEqual(OFFERED);
      expect(lookUps).toBe(before + 1);
    },
  );

  it('is offered at once when Graph answers a look-up after the fix (her click on "Manager" from an older card)', async () => {
    let refusing: Refusing = 'graph';
    fakeGraph(() => refusing);
    const { app, c, click } = await start();
    expect(managerIn(await click(refresh(c)))).toEqual(NOT_OFFERED);

    // Fixed: her click on "Manager" (on an older card, or the channel card) is answered by Graph and reaches Helle;
    // her cards offer it from then on, with no time passed.
    refusing = null;
    await click(managerClick(c));
    const escalated = await app.app.services.store.getCase(c.id);
    expect(escalated?.escalations.at(-1)).toMatchObject({ kind: 'hierarchical', toPerson: { id: 'teams:aad-helle' } });
    expect(managerIn(await click(refresh(escalated ?? c)))).toEqual(OFFERED);
  });

  it('is offered when the managers file names her manager, whom the bot reaches', async () => {
    fakeGraph(() => 'graph');
    const dir = await apps.dirs.make();
    const file = path.join(dir, 'managers.csv');
    await writeFile(file, 'email;manager\nlone.bech@au.dk;helle.vestergaard@au.dk\n');
    const { app, c, click } = await start({ MANAGERS_FILE: file });

    expect(managerIn(await click(refresh(c)))).toEqual(OFFERED);
    await click(managerClick(c));
    expect((await app.app.services.store.getCase(c.id))?.escalations.at(-1)).toMatchObject({
      kind: 'hierarchical',
      toPerson: { id: 'teams:aad-helle' },
    });
  });
});
