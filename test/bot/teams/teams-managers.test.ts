import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import type { Case } from '../../../src/models/case.js';
import { readOrder } from '../../../src/services/orders/order.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, type TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-managers-');

/** An employee at Arts (no staff role). */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
/** Anna's manager in the managers file (not in the catalogue). */
const LISE: TestUser = { id: '29:lise', aadObjectId: 'aad-lise', name: 'Lise Damgaard' };
/** The central dispatch's supervisor in config/catalogue.yaml: nobody above her there. */
const LONE: TestUser = { id: '29:lone', aadObjectId: 'aad-lone', name: 'Lone Bech Hansen' };
/** A member of the central dispatch (it-support): Lone is above him. */
const PETER: TestUser = { id: '29:peter', aadObjectId: 'aad-peter', name: 'Peter Aagaard' };
/** Lone's manager in the managers file. */
const HELLE: TestUser = { id: '29:helle', aadObjectId: 'aad-helle', name: 'Helle Vestergaard' };
const EMAILS = {
  '29:anna': 'anna.employee@au.dk',
  '29:lise': 'lise.damgaard@cas.au.dk',
  '29:lone': 'lone.bech@au.dk',
  '29:helle': 'helle.vestergaard@au.dk',
  '29:peter': 'peter.aagaard@au.dk',
};
const MANAGERS = [
  'email;manager',
  'anna.employee@au.dk;lise.damgaard@cas.au.dk',
  'Lone.Bech@au.dk;helle.vestergaard@au.dk',
  '',
].join('\n');

let logged: Record<string, unknown>[] = [];

/** The app with a managers file (`MANAGERS_FILE`; none with null), its log lines collected into `logged`. */
async function start(managers: string | null = MANAGERS): Promise<TeamsApp> {
  const dataDir = await apps.dirs.make();
  const file = path.join(dataDir, 'managers.csv');
  if (managers !== null) await writeFile(file, managers);
  logged = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logged.push(JSON.parse(line));
      done();
    },
  });
  return apps.start({
    dataDir,
    emails: EMAILS,
    env: managers === null ? {} : { MANAGERS_FILE: file },
    logger: createLogger('warn', sink),
  });
}

/** `user`'s Action.Execute click; the invoke's answer. */
async function click(app: TeamsApp, user: TestUser, data: Record<string, unknown>): Promise<string> {
  const res = await app.post(anActionInvoke(user, data));
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
}

/** What went to `user`'s personal chat with the bot. */
function toChat(app: TeamsApp, user: TestUser): string[] {
  return app.calls
    .filter((c) => c.method === 'POST' && c.path.includes(`/a:personal-${user.id}/activities`))
    .map((c) => cardJson(c.body) + JSON.stringify(c.body['text'] ?? ''));
}

/** A VPN case held and owned by the central dispatch (it-support), whose supervisor is Lone. */
async function dispatchCase(app: TeamsApp): Promise<Case> {
  return app.app.services.store.createCase(
    buildDispatchCase({
      user: { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk', locale: 'en' },
    }),
  );
}

describe('Teams: managers from MANAGERS_FILE', () => {
  it("sends an order above the approval threshold to the requester's manager from the file, who approves it", async () => {
    const app = await start();
    // Lise has talked to the bot once, so Teams can reach her.
    expect((await app.post(aPersonalMessage(LISE, 'help'))).status).toBe(200);

    await click(app, ANNA, { verb: 'order_start' });
    await click(app, ANNA, { verb: 'order_items', 'qty.laptop-macbook-pro-14-m4': '2' });
    await click(app, ANNA, {
      verb: 'order_details',
      forWhom: 'self',
      faculty: 'arts',
      deliveryLocation: '1481-235',
      costCentre: '12345678',
    });
    await click(app, ANNA, { verb: 'order_confirm' });

    const [c] = await app.app.services.store.findCases({ personId: 'teams:aad-anna' });
    expect(c).toBeDefined();
    expect(readOrder(c!)?.totalDkk).toBeGreaterThan(10_000);
    expect(readOrder(c!)?.approval).toMatchObject({
      state: 'pending',
      approver: { id: 'teams:aad-lise', email: 'lise.damgaard@cas.au.dk' },
    });
    app.calls.length = 0;
    await app.app.services.dispatcher.runOnce();
    const toLise = toChat(app, LISE).join('\n');
    expect(toLise).toContain(c!.number);
    expect(toLise).toContain('order_approve');

    // Her Approve on that card is taken: she is the approver.
    await click(app, LISE, { verb: 'order_approve', caseId: c!.id, version: c!.version });
    expect((await app.app.services.store.getCase(c!.id))?.answers['approval']).toBe('approved');
  });

  it("takes a supervisor's hierarchical escalation to her manager from the file when nobody in the catalogue is above her", async () => {
    const app = await start();
    expect((await app.post(aPersonalMessage(HELLE, 'help'))).status).toBe(200);
    const c = await dispatchCase(app);

    await click(app, LONE, {
      verb: 'escalate_manager',
      caseId: c.id,
      version: c.version,
      'escalate_group.reasonCode': 'complaint',
      'escalate_group.reason': 'The user has complained twice about the VPN',
    });

    const after = (await app.app.services.store.getCase(c.id))!;
    expect(after.escalations.at(-1)).toMatchObject({
      kind: 'hierarchical',
      toPerson: { id: 'teams:aad-helle', name: 'Helle Vestergaard' },
    });
    app.calls.length = 0;
    await app.app.services.dispatcher.runOnce();
    const toHelle = toChat(app, HELLE).join('\n');
    expect(toHelle).toContain(c.number);
    expect(toHelle).toContain('<at>Helle Vestergaard</at>');
  });

  it('refuses as before, and says so in the log once, when the manager in the file has never talked to the bot', async () => {
    const app = await start();
    const c = await dispatchCase(app);
    const escalate = () =>
      click(app, LONE, {
        verb: 'escalate_manager',
        caseId: c.id,
        version: c.version,
        'escalate_group.reasonCode': 'complaint',
        'escalate_group.reason': 'The user has complained twice about the VPN',
      });

    // Refused naming the manager the bot cannot reach yet (not "nobody above you": the file names one).
    expect(await escalate()).toContain('the managers file names helle.vestergaard@au.dk, whom the bot cannot reach');
    expect(await escalate()).toContain('the managers file names helle.vestergaard@au.dk, whom the bot cannot reach');

    expect((await app.app.services.store.getCase(c.id))?.escalations).toEqual([]);
    const notes = logged.filter((l) => String(l['msg']).includes('managers file'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ manager: 'helle.vestergaard@au.dk' });
  });
});

describe('Teams: a broken MANAGERS_FILE', () => {
  it('stops start-up listing every problem with its line', async () => {
    const broken = ['email,manager', 'anna.employee@au.dk', 'lone.bech@au.dk,Helle', ''].join('\n');
    await expect(start(broken)).rejects.toThrow(
      /managers\.csv \(MANAGERS_FILE\) is invalid:\n {2}- line 2: expected 2 fields .*found 1\n {2}- line 3: the manager's "Helle" is not an e-mail address$/,
    );
  });
});

describe('Teams: the escalation to the manager on the card of a supervisor with nobody above her', () => {
  /**
   * What the card `user` gets back from her Refresh offers for an escalation to the manager: the Escalate menu's
   * manager choice ("manager:supervisor=Manager (…)"), and whether any button escalates to the manager (the card's
   * "Escalate to manager" form); with the groups the menu offers.
   */
  async function managerOffered(app: TeamsApp, user: TestUser, c: Case) {
    const answer = await click(app, user, { verb: 'refresh', caseId: c.id, version: c.version });
    expect(answer).toContain(c.number);
    const choices: string[] = [];
    JSON.parse(answer, (key, value) => {
      if (key === 'choices' && Array.isArray(value))
        for (const ch of value) if (typeof ch?.value === 'string') choices.push(`${ch.value}=${ch.title}`);
      return value;
    });
    return {
      choice: choices.filter((ch) => ch.startsWith('manager:supervisor=')),
      button: answer.includes('"verb":"escalate_manager"'),
      groups: choices.includes('arts-support=ARTS Support'),
    };
  }

  it("leaves it out of her card when the managers file names no manager of hers; a colleague's card names her", async () => {
    const app = await start(['email;manager', 'anna.employee@au.dk;lise.damgaard@cas.au.dk', ''].join('\n'));
    const c = await dispatchCase(app);

    expect(await managerOffered(app, LONE, c)).toEqual({ choice: [], button: false, groups: true });
    expect(await managerOffered(app, PETER, c)).toEqual({
      choice: ['manager:supervisor=Manager (Lone Bech Hansen)'],
      button: true,
      groups: true,
    });
    // The escalation form an older card's Escalate button asks for offers her the groups only, one of them needed.
    const form = await click(app, LONE, { verb: 'open_form', form: 'escalate', caseId: c.id, version: c.version });
    expect(form).toContain('"verb":"escalate_group"');
    expect(form).not.toContain('escalate_manager');
  });

  it('leaves it out without a managers file, and the Escalate button of a resolved case with it', async () => {
    const app = await start(null);
    const c = await dispatchCase(app);
    expect(await managerOffered(app, LONE, c)).toEqual({ choice: [], button: false, groups: true });

    // Resolved, the case may only go to the manager: her card has no Escalate at all; Peter's has.
    const resolved = await app.app.services.store.updateCase({ ...c, status: 'resolved' }, c.version);
    expect(await managerOffered(app, LONE, resolved)).toEqual({ choice: [], button: false, groups: false });
    expect(await managerOffered(app, PETER, resolved)).toEqual({ choice: [], button: true, groups: false });
  });

  it('offers it, as "Manager", when the managers file names her manager, and follows the file as it changes', async () => {
    const app = await start();
    // Helle has talked to the bot once, so an escalation reaches her.
    expect((await app.post(aPersonalMessage(HELLE, 'help'))).status).toBe(200);
    const c = await dispatchCase(app);
    const offered = { choice: ['manager:supervisor=Manager'], button: true, groups: true };
    expect(await managerOffered(app, LONE, c)).toEqual(offered);

    const file = app.app.services.config.managersFile!;
    await writeFile(file, 'email;manager\nanna.employee@au.dk;lise.damgaard@cas.au.dk\n');
    await vi.waitFor(async () => expect((await managerOffered(app, LONE, c)).button).toBe(false));
    await writeFile(file, MANAGERS);
    await vi.waitFor(async () => expect(await managerOffered(app, LONE, c)).toEqual(offered));
  });
});
