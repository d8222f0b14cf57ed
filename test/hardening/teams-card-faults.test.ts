import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { teamsTexts } from '../../src/bot/teams/teams-texts.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import type { Case, Person } from '../../src/models/case.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { type FlakyStore, flakyStore } from '../helpers/flaky-store.js';
import { appPerTest } from '../helpers/app-per-test.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { CONNECTOR, startTeamsApp, type TeamsApp } from '../helpers/teams-app.js';
import { ANNA, aClickOnChannelCard, anActionInvoke, type TestUser } from '../helpers/teams-activities.js';

/** An ARTS Support member on Teams (the fake member look-up gives his e-mail). */
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const apps = appPerTest('teams-card-faults-');
let t: TeamsApp | undefined;
let flaky: FlakyStore | undefined;

// Registered after the app's hooks, so it runs before them: the store is back before the app is stopped (a test
// boots either the whole app or the Teams app alone).
afterEach(async () => {
  if (flaky) {
    flaky.down = false;
    flaky.readsToo = false;
  }
  await t?.stop();
  t = undefined;
});

function start(): Promise<HardenedApp> {
  return apps.start((dataDir) => {
    flaky = flakyStore(new SqliteCaseStore({ dataDir }));
    return {
      store: flaky.store,
      clock: new ManualClock('2025-03-03T09:00:00Z'),
      rateLimit: false,
      teamsEmails: { [JONAS.id]: 'jonas.vestergaard@au.dk' },
    };
  });
}

/** Every Action.Execute / Action.ShowCard of a card (not its refresh): type, verb and title. */
function actionsOf(card: unknown): { type: string; verb?: string; title?: string; data?: Record<string, unknown> }[] {
  const found: { type: string; verb?: string; title?: string; data?: Record<string, unknown> }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o['type'] === 'Action.Execute' || o['type'] === 'Action.ShowCard') {
        found.push({
          type: String(o['type']),
          ...(typeof o['verb'] === 'string' ? { verb: o['verb'] } : {}),
          ...(typeof o['title'] === 'string' ? { title: o['title'] } : {}),
          ...(o['data'] ? { data: o['data'] as Record<string, unknown> } : {}),
        });
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return found;
}

/** The card an invoke was answered with. */
async function answered(res: Response): Promise<Record<string, unknown>> {
  expect(res.status).toBe(200);
  const body = (await res.json()) as { type?: string; value?: Record<string, unknown> };
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value ?? {};
}

/** Jonas as the case services know him. */
const JONAS_PERSON: Person = { id: 'teams:aad-jonas', name: JONAS.name, email: 'jonas.vestergaard@au.dk' };
/** Anna as the case services know her: the user of the cases below. */
const ANNA_PERSON: Person = { id: 'teams:aad-anna', name: ANNA.name, email: 'anna.jensen@au.dk', locale: 'en' };

/** A fresh ARTS Support case of Anna's, nobody on it. */
const artsCase = (app: HardenedApp): Promise<Case> =>
  app.app.services.store.createCase(
    buildNewCase({
      categoryId: 'wifi-eduroam',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      locale: 'en',
      user: ANNA_PERSON,
    }),
  );

/** An ARTS Support case Jonas has claimed. */
async function claimedCase(app: HardenedApp): Promise<Case> {
  const c = await artsCase(app);
  const out = await app.app.services.actions.act(JONAS_PERSON, { verb: 'claim', caseId: c.id, version: c.version });
  if (!out.ok) throw new Error(out.reply.text);
  return out.case;
}

/** The value an input of the card shows (`id`), in its forms and sub-forms too; undefined without such an input. */
function inputValue(card: unknown, id: string): unknown {
  let found: unknown;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o['type'] === 'string' && o['type'].startsWith('Input.') && o['id'] === id) found = o['value'];
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(card);
  return found;
}

/** A click by `user` in the desk's channel with the Danish client when `da`. */
const channelClick = (user: TestUser, data: Record<string, unknown>, da = false) => ({
  ...anActionInvoke(user, data, 'channel'),
  ...(da ? { locale: 'da-DK' } : {}),
});

describe('Teams: a case-card click while the store is unavailable', () => {
  it('answers a Claim with the case card, its buttons kept, "not answering" on it; the same button works once the store is back', async () => {
    const app = await start();
    const c = await artsCase(app);
    flaky!.down = true;
    const card = await answered(
      await app.teams(channelClick(JONAS, { verb: 'claim', caseId: c.id, version: c.version })),
    );
    const text = JSON.stringify(card);
    expect(text).toContain(teamsTexts.en.storeDown);
    expect(text).toContain(c.number);
    const claim = actionsOf(card).find((a) => a.verb === 'claim');
    expect(claim?.data).toMatchObject({ caseId: c.id, version: c.version });
    // The card keeps refreshing itself for Jonas.
    expect(card['refresh']).toMatchObject({ action: { verb: 'refresh' }, userIds: [JONAS.id] });
    expect(flaky!.refused).toContain('claimCase');
    expect((await app.app.services.store.getCase(c.id))?.assignee).toBeUndefined();

    flaky!.down = false;
    const again = await answered(await app.teams(channelClick(JONAS, claim!.data!)));
    expect(JSON.stringify(again)).not.toContain(teamsTexts.en.storeDown);
    expect((await app.app.services.store.getCase(c.id))?.assignee?.email).toBe('jonas.vestergaard@au.dk');
  }, 30_000);

  it('keeps what was typed into the note, solution, status, assign and escalation forms, in Danish for a Danish client', async () => {
    const app = await start();
    const c = await claimedCase(app);
    const submissions: Record<string, unknown>[] = [
      { verb: 'note', 'note.text': 'Driver reinstalled, rebooting', 'note.visibility': 'public' },
      { verb: 'resolve', 'resolve.solution': 'New eduroam profile installed' },
      { verb: 'set_status', 'set_status.status': 'awaiting_user', 'set_status.question': 'Which building?' },
      { verb: 'assign', 'assign.assigneeEmail': 'emma.skov@au.dk' },
      { verb: 'escalate_group', 'escalate_group.groupId': 'bss-support', 'escalate_group.reason': 'Their network' },
      { verb: 'escalate_manager', 'escalate_manager.reasonCode': 'complaint', 'escalate_manager.reason': 'Angry' },
    ];
    flaky!.down = true;
    for (const submitted of submissions) {
      const data = { ...submitted, caseId: c.id, version: c.version };
      const card = await answered(await app.teams(channelClick(JONAS, data, true)));
      const text = JSON.stringify(card);
      expect(text, String(submitted['verb'])).toContain(teamsTexts.da.storeDown);
      expect(text).toContain(c.number);
      // The form's button is there to press again, and what was typed is in its inputs.
      expect(actionsOf(card).map((a) => a.verb)).toContain(submitted['verb']);
      for (const [id, value] of Object.entries(submitted)) {
        if (id !== 'verb') expect(inputValue(card, id), id).toBe(value);
      }
    }
    expect((await app.app.services.store.getCase(c.id))?.version).toBe(c.version);
  }, 60_000);

  it('gives the classify form back with the choices made, and a way back to the case', async () => {
    const app = await start();
    const c = await claimedCase(app);
    flaky!.down = true;
    const card = await answered(
      await app.teams(
        channelClick(JONAS, {
          verb: 'classify',
          caseId: c.id,
          version: c.version,
          categoryId: 'vpn',
          type: 'service_request',
          priority: 'P2',
          reason: 'It is a request for access',
        }),
      ),
    );
    expect(JSON.stringify(card)).toContain(teamsTexts.en.storeDown);
    expect(inputValue(card, 'categoryId')).toBe('vpn');
    expect(inputValue(card, 'type')).toBe('service_request');
    expect(inputValue(card, 'priority')).toBe('P2');
    expect(inputValue(card, 'reason')).toBe('It is a request for access');
    const verbs = actionsOf(card).map((a) => a.verb);
    expect(verbs).toContain('classify');
    expect(verbs).toContain('refresh');
  }, 30_000);

  it('gives the declare-major-incident form back with both summaries written', async () => {
    const app = await start();
    const c = await claimedCase(app);
    const open = await answered(
      await app.teams(
        channelClick(JONAS, { verb: 'open_form', form: 'declare_major', caseId: c.id, version: c.version }),
      ),
    );
    const submit = actionsOf(open).find((a) => a.verb === 'declare_major');
    expect(submit).toBeDefined();
    flaky!.down = true;
    const summaries = { summaryDa: 'Eduroam er nede i Nobelparken', summaryEn: 'Eduroam is down in Nobelparken' };
    const card = await answered(await app.teams(channelClick(JONAS, { ...submit!.data, ...summaries })));
    expect(JSON.stringify(card)).toContain(teamsTexts.en.storeDown);
    expect(inputValue(card, 'summaryDa')).toBe(summaries.summaryDa);
    expect(inputValue(card, 'summaryEn')).toBe(summaries.summaryEn);
    expect(actionsOf(card).map((a) => a.verb)).toEqual(expect.arrayContaining(['declare_major', 'refresh']));
    expect((await app.app.services.store.getCase(c.id))?.major).toBeUndefined();
  }, 30_000);

  it("gives the user's rating form back with the rating and comment given", async () => {
    const app = await start();
    const c = await claimedCase(app);
    const resolved = await app.app.services.actions.act(JONAS_PERSON, {
      verb: 'resolve',
      caseId: c.id,
      version: c.version,
      solution: 'New eduroam profile installed',
    });
    if (!resolved.ok) throw new Error(resolved.reply.text);
    const closed = await app.app.services.actions.act(JONAS_PERSON, {
      verb: 'close',
      caseId: c.id,
      version: resolved.case.version,
    });
    if (!closed.ok) throw new Error(closed.reply.text);
    flaky!.down = true;
    const rating = { verb: 'evaluate', caseId: c.id, version: closed.case.version, score: '4', comment: 'Quick help' };
    const card = await answered(await app.teams(anActionInvoke(ANNA, rating)));
    expect(JSON.stringify(card)).toContain(teamsTexts.en.storeDown);
    expect(inputValue(card, 'score')).toBe('4');
    expect(inputValue(card, 'comment')).toBe('Quick help');
    const send = actionsOf(card).find((a) => a.verb === 'evaluate');
    expect(send?.data).toMatchObject({ caseId: c.id, version: closed.case.version });
    expect(flaky!.refused).toContain('updateCase');

    flaky!.down = false;
    await answered(await app.teams(anActionInvoke(ANNA, { ...send!.data, score: '4', comment: 'Quick help' })));
    expect((await app.app.services.store.getCase(c.id))?.evaluation?.score).toBe(4);
  }, 30_000);

  it('answers with the notice and a button back to the case when the store answers no reads either; the button brings the card once it is back', async () => {
    const app = await start();
    const c = await artsCase(app);
    flaky!.down = true;
    flaky!.readsToo = true;
    const card = await answered(
      await app.teams(channelClick(JONAS, { verb: 'claim', caseId: c.id, version: c.version })),
    );
    expect(JSON.stringify(card)).toContain(teamsTexts.en.storeDown);
    const back = actionsOf(card).find((a) => a.verb === 'refresh');
    expect(back?.title).toBe(teamsTexts.en.backToCase);
    expect(back?.data).toMatchObject({ verb: 'refresh', caseId: c.id, version: c.version });
    // And Teams asks for the case card by itself (the button's refresh), so the card comes back when Jonas looks.
    expect(card['refresh']).toEqual({
      action: { type: 'Action.Execute', verb: 'refresh', data: back?.data },
      userIds: [JONAS.id],
    });

    flaky!.down = false;
    flaky!.readsToo = false;
    const again = await answered(await app.teams(channelClick(JONAS, back!.data!)));
    expect(JSON.stringify(again)).toContain(c.number);
    expect(actionsOf(again).map((a) => a.verb)).toContain('claim');
  }, 30_000);
});

describe('Teams: a malformed case-card click', () => {
  it('answers wrong types, an unknown verb and an overlong verb with the case card, its buttons kept', async () => {
    const app = await start();
    const c = await artsCase(app);
    for (const data of [
      { verb: 'claim', caseId: c.id, version: 'soon' },
      { verb: 'set_status', caseId: c.id, version: c.version, status: ['resolved'] },
      { verb: 'self_destruct', caseId: c.id, version: c.version },
      { verb: 'x'.repeat(150), caseId: c.id, version: c.version },
    ]) {
      const card = await answered(await app.teams(channelClick(JONAS, data)));
      const what = String(data.verb).slice(0, 20);
      expect(JSON.stringify(card), what).toContain(c.number);
      expect(JSON.stringify(card), what).toContain('I could not use that');
      expect(
        actionsOf(card).map((a) => a.verb),
        what,
      ).toContain('claim');
    }
    expect((await app.app.services.store.getCase(c.id))?.version).toBe(c.version);
  }, 30_000);

  it('answers a click naming no case, or with data that is no object, with a friendly card', async () => {
    const app = await start();
    for (const data of [
      { verb: 'claim', version: 1 },
      { verb: 'claim', caseId: 42, version: 1 },
    ]) {
      const card = await answered(await app.teams(channelClick(JONAS, data)));
      expect(JSON.stringify(card)).toContain('I could not use that');
    }
    const invoke = anActionInvoke(JONAS, { verb: 'claim' }, 'channel');
    const res = await app.teams({ ...invoke, value: { action: { type: 'Action.Execute', data: ['claim'] } } });
    expect(JSON.stringify(await answered(res))).toContain('I could not use that');
  }, 30_000);
});

describe('Teams: a card click whose earlier message Teams refuses', () => {
  it('still answers Similar cases with the case card, its buttons kept, saying something went wrong', async () => {
    const app = await startTeamsApp({
      dataDir: await apps.dirs.make(),
      emails: { [JONAS.id]: 'jonas.vestergaard@au.dk' },
    });
    t = app;
    // The list goes as a reply in the card's thread in ARTS Support's channel (elsewhere it goes to the personal
    // chat: teams-similar-click-privately): Teams refuses it (and would any other message).
    const posted = {
      conversationId: '19:arts-support@thread.tacv2;messageid=1700000000001',
      channelId: '19:arts-support@thread.tacv2',
    };
    const thread = encodeURIComponent(posted.conversationId);
    nock(CONNECTOR)
      .persist()
      .post((uri) => uri.includes(thread))
      .reply(403, { error: { code: 'Forbidden', message: 'no' } });
    const c = await app.app.services.store.createCase(
      buildNewCase({ categoryId: 'wifi-eduroam', groupId: 'arts-support', ownerGroupId: 'arts-support', locale: 'en' }),
    );
    const res = await app.post(
      aClickOnChannelCard(JONAS, posted, { verb: 'similar', caseId: c.id, version: c.version }),
    );
    const card = await answered(res);
    const text = JSON.stringify(card);
    expect(text).toContain(JSON.stringify(teamsTexts.en.failed).slice(1, -1));
    expect(text).toContain(c.number);
    expect(actionsOf(card).map((a) => a.verb)).toEqual(expect.arrayContaining(['claim', 'similar']));
  }, 30_000);
});
