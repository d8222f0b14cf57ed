import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case, NewCase } from '../../../src/models/case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, type TeamsApp } from '../../helpers/teams-app.js';

/**
 * Teams: the case card offers "Manager" (the Escalate menu's manager choice, the "Escalate to manager" form) to the
 * central dispatch's supervisor, with nobody above her in the catalogue, exactly when a hierarchical escalation
 * would reach someone: her manager in MANAGERS_FILE as the file is now, and only once the bot can reach that
 * manager; also on the case card an outbox message carries to her. A click on "Manager" that reaches nobody is
 * answered saying why, in her language.
 */

const apps = teamsAppPerTest('teams-escalate-manager-offered-');

/** The central dispatch's supervisor in config/catalogue.yaml: nobody above her there. */
const LONE: TestUser = { id: '29:lone', aadObjectId: 'aad-lone', name: 'Lone Bech Hansen' };
/** Lone's manager in the managers file (not in the catalogue). */
const HELLE: TestUser = { id: '29:helle', aadObjectId: 'aad-helle', name: 'Helle Vestergaard' };
/** A member of ARTS Support (config/catalogue.yaml). */
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const EMAILS = {
  '29:lone': 'lone.bech@au.dk',
  '29:helle': 'helle.vestergaard@au.dk',
  '29:jonas': 'jonas.vestergaard@au.dk',
};
/** A managers file naming Helle as Lone's manager. */
const WITH_HELLE = 'email;manager\nlone.bech@au.dk;helle.vestergaard@au.dk\n';
/** A managers file naming nobody for Lone. */
const WITHOUT_LONE = 'email;manager\nanna.employee@au.dk;lise.damgaard@cas.au.dk\n';

/** The app with a managers file of `text` (none with null). */
async function start(text: string | null): Promise<TeamsApp> {
  const dataDir = await apps.dirs.make();
  const file = path.join(dataDir, 'managers.csv');
  if (text !== null) await writeFile(file, text);
  return apps.start({ dataDir, emails: EMAILS, env: text === null ? {} : { MANAGERS_FILE: file } });
}

/** `user`'s Action.Execute click (in Danish with `da`); the invoke's answer. */
async function click(app: TeamsApp, user: TestUser, data: Record<string, unknown>, da = false): Promise<string> {
  const res = await app.post({ ...anActionInvoke(user, data), ...(da ? { locale: 'da-DK' } : {}) });
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
}

/** A VPN case with the central dispatch (it-support), whose supervisor is Lone. */
function dispatchCase(app: TeamsApp, extra: Partial<NewCase> = {}): Promise<Case> {
  return app.app.services.store.createCase(buildDispatchCase(extra));
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

/** What Lone's card from a Refresh offers for an escalation to the manager. */
async function offeredToLone(app: TeamsApp, c: Case): Promise<{ choice: string[]; button: boolean }> {
  const answer = await click(app, LONE, { verb: 'refresh', caseId: c.id, version: c.version });
  expect(answer).toContain(c.number);
  return managerIn(answer);
}

/** Lone's click on "Manager" in the Escalate menu of a card that offered it; the answer. */
function loneClicksManager(app: TeamsApp, c: Case, da = false): Promise<string> {
  return click(
    app,
    LONE,
    {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      'escalate_group.groupId': 'manager:supervisor',
      'escalate_group.reason': 'The user has complained twice',
    },
    da,
  );
}

const OFFERED = { choice: ['Manager'], button: true };
const NOT_OFFERED = { choice: [], button: false };

describe('Teams: "Manager" on the card of a supervisor with nobody above her in the catalogue', () => {
  it("is left out while the bot cannot reach the file's manager of hers, whom a click names; offered once it can", async () => {
    const app = await start(WITH_HELLE);
    const c = await dispatchCase(app);
    // Helle has never written to the bot: an escalation to her could only be refused.
    expect(await offeredToLone(app, c)).toEqual(NOT_OFFERED);

    // "Manager" clicked on a card that still offers it: she is told why, in her language; nothing is recorded.
    const en = await loneClicksManager(app, c);
    expect(en).toContain(
      `${c.number} cannot be escalated to your manager yet: the managers file names helle.vestergaard@au.dk, whom the bot cannot reach (on Teams: they have never written to the bot).`,
    );
    const da = await loneClicksManager(app, c, true);
    expect(da).toContain(
      `${c.number} kan ikke eskaleres til din leder endnu: lederfilen angiver helle.vestergaard@au.dk, men botten kan ikke nå vedkommende`,
    );
    expect((await app.app.services.store.getCase(c.id))?.escalations).toEqual([]);

    // Helle writes to the bot: Lone's next card offers her, and the click reaches her.
    expect((await app.post(aPersonalMessage(HELLE, 'help'))).status).toBe(200);
    expect(await offeredToLone(app, c)).toEqual(OFFERED);
    await loneClicksManager(app, c);
    expect((await app.app.services.store.getCase(c.id))?.escalations.at(-1)).toMatchObject({
      kind: 'hierarchical',
      toPerson: { id: 'teams:aad-helle' },
    });
  });

  it('follows the managers file from the first card after it changed', async () => {
    const app = await start(WITH_HELLE);
    expect((await app.post(aPersonalMessage(HELLE, 'help'))).status).toBe(200);
    const c = await dispatchCase(app);
    expect(await offeredToLone(app, c)).toEqual(OFFERED);

    const file = app.app.services.config.managersFile!;
    await writeFile(file, WITHOUT_LONE);
    expect(await offeredToLone(app, c)).toEqual(NOT_OFFERED);
    await writeFile(file, WITH_HELLE);
    expect(await offeredToLone(app, c)).toEqual(OFFERED);
  });

  it('answers a click on "Manager" with nobody above her at all, in her language, and records nothing', async () => {
    const app = await start(null);
    const c = await dispatchCase(app);
    expect(await offeredToLone(app, c)).toEqual(NOT_OFFERED);
    expect(await loneClicksManager(app, c)).toContain(
      `${c.number} cannot be escalated to the manager: you are the supervisor of`,
    );
    expect(await loneClicksManager(app, c, true)).toContain(
      `${c.number} kan ikke eskaleres til lederen: du er selv leder for`,
    );
    expect((await app.app.services.store.getCase(c.id))?.escalations).toEqual([]);
  });

  it.each([
    ['leaves it out when the file names no manager of hers', WITHOUT_LONE, NOT_OFFERED],
    ['offers it when the file names her manager, whom the bot reaches', WITH_HELLE, OFFERED],
  ])('on the case card of an outbox message to her: %s', async (_, text, offered) => {
    const app = await start(text);
    for (const u of [LONE, HELLE]) expect((await app.post(aPersonalMessage(u, 'help'))).status).toBe(200);
    // An urgent case of ARTS Support that the central dispatch owns: Jonas hands it to the dispatch, whose
    // supervisor Lone gets the urgent ping with the case card, rendered when the outbox delivers it.
    const c = await dispatchCase(app, { groupId: 'arts-support', priority: 'P1' });
    await click(app, JONAS, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      'escalate_group.groupId': 'it-support',
      'escalate_group.reason': 'Needs the VPN team',
    });
    expect((await app.app.services.store.getCase(c.id))?.groupId).toBe('it-support');
    app.calls.length = 0;
    await app.app.services.dispatcher.runOnce();
    const toLone = app.calls
      .filter((x) => x.method === 'POST' && x.path.includes(`/a:personal-${LONE.id}/activities`))
      .map((x) => cardJson(x.body))
      .filter((card) => card.includes(c.number) && card.includes('escalate_group'));
    expect(toLone).toHaveLength(1);
    expect(managerIn(toLone[0]!)).toEqual(offered);
  });
});
