import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../src/models/sqlite/open-database.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { slackTexts } from '../../src/bot/slack/slack-replies.js';
import { teamsTexts } from '../../src/bot/teams/teams-texts.js';
import { intakeMessages } from '../../src/services/intake/intake-messages.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { driveToSummary, stepOf } from '../helpers/drive-intake.js';
import { type FlakyStore, flakyStore } from '../helpers/flaky-store.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { type HardenedApp, teamsText } from '../helpers/hardening-app.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { caseButtonClick, modalSubmission, slashCommand } from '../helpers/slack-requests.js';
import {
  ANNA,
  anActionInvoke,
  aPersonalMessage,
  personalConversation,
  type TestUser,
} from '../helpers/teams-activities.js';

/** An ARTS Support member on Teams (the fake member look-up gives his e-mail). */
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const apps = appPerTest('hardening-store-');
let flaky: FlakyStore;

// Registered after the app's hooks, so it runs before them: the store is back before the app is stopped.
afterEach(() => {
  if (flaky) {
    flaky.down = false;
    flaky.readsToo = false;
  }
});

function start(opts: { dispatchIntervalMs?: number } = {}): Promise<HardenedApp> {
  return apps.start((dataDir) => {
    flaky = flakyStore(new SqliteCaseStore({ dataDir }));
    return {
      store: flaky.store,
      clock: new ManualClock('2025-03-03T09:00:00Z'),
      slackUsers: [slackUsers.bo, slackUsers.jonas],
      teamsEmails: { [JONAS.id]: 'jonas.vestergaard@au.dk' },
      ...opts,
    };
  });
}

describe('intake while the store is unavailable', () => {
  it('keeps the answers, says so in English, and registers exactly one case on Teams once the store is back', async () => {
    const app = await start();
    const key = `teams:${personalConversation(ANNA).id}:${ANNA.aadObjectId}`;
    const person = { id: `teams:${ANNA.aadObjectId}`, name: ANNA.name, locale: 'en' as const };
    const summary = await driveToSummary(
      app.app.services.intake,
      { conversationKey: key, person, platform: 'teams', locale: 'en' },
      'The printer on floor 2 does not print anything',
    );
    expect(stepOf(summary)).toBe('intake-summary');

    flaky.down = true;
    const refused = await app.teams(aPersonalMessage(ANNA, 'confirm'));
    expect(refused.status).toBe(200);
    const toAnna = () => app.teamsCalls.filter((c) => c.path.includes(personalConversation(ANNA).id));
    await expect.poll(() => toAnna().length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    const told = toAnna().map(teamsText).join('\n');
    expect(told).toContain(intakeMessages.en.storeDownTitle);
    expect(told).toContain('Your answers are kept');
    expect(flaky.refused).toContain('createCase');
    expect(await app.app.services.store.countCases({})).toBe(0);
    // The draft is untouched: still at the summary.
    expect(await app.app.services.intake.isActive(key)).toBe(true);

    flaky.down = false;
    const sentBefore = toAnna().length;
    expect((await app.teams(aPersonalMessage(ANNA, 'confirm'))).status).toBe(200);
    await expect.poll(() => toAnna().length, { timeout: 5000 }).toBeGreaterThan(sentBefore);
    const cases = await app.app.services.store.findCases({});
    expect(cases).toHaveLength(1);
    expect(cases[0]!.title).toContain('building 1481');
    expect(toAnna().slice(sentBefore).map(teamsText).join('\n')).toContain(cases[0]!.number);
    expect(await app.app.services.intake.isActive(key)).toBe(false);

    // Another "confirm" now starts nothing twice: still one case.
    await app.teams(aPersonalMessage(ANNA, 'confirm'));
    expect(await app.app.services.store.countCases({})).toBe(1);
  }, 60_000);

  it('tells a Slack user in Danish and registers one case from the same DM conversation when the store is back', async () => {
    const app = await start();
    const key = 'slack:dm:U0BO';
    const person = { id: 'slack:U0BO', name: 'Bo Nielsen', locale: 'da' as const };
    await driveToSummary(
      app.app.services.intake,
      { conversationKey: key, person, platform: 'slack', locale: 'da' },
      'Printeren på 2. sal printer ikke',
    );
    const dm = (text: string, id: string) =>
      app.slack({
        kind: 'event',
        json: {
          type: 'event_callback',
          event_id: id,
          team_id: 'T1',
          event: { type: 'message', channel_type: 'im', channel: 'D0BO', user: 'U0BO', text, ts: `${id}.1` },
        },
      });
    const posts = () => app.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'D0BO');

    flaky.down = true;
    expect((await dm('bekræft', 'Ev1')).status).toBe(200);
    await expect.poll(() => posts().length, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(posts())).toContain(intakeMessages.da.storeDownTitle);
    expect(JSON.stringify(posts())).toContain('Dine svar er gemt');
    expect(await app.app.services.store.countCases({})).toBe(0);

    flaky.down = false;
    const before = posts().length;
    expect((await dm('bekræft', 'Ev2')).status).toBe(200);
    // The event is acknowledged before it is handled, and the receipt goes out through the outbox: wait for what is
    // awaited (the case, then its receipt), not for any next post, which may be a late one from before.
    await expect.poll(() => app.app.services.store.countCases({}), { timeout: 15_000 }).toBe(1);
    const cases = await app.app.services.store.findCases({});
    expect(cases).toHaveLength(1);
    await expect.poll(() => JSON.stringify(posts().slice(before)), { timeout: 15_000 }).toContain(cases[0]!.number);
  }, 60_000);
});

describe('a real SQLite outage: another connection holds the write lock', () => {
  it('answers other requests while a turn waits for the lock, and the turn goes on as usual once the lock is released', async () => {
    // The outbox dispatcher polls in this thread here (OUTBOX_DELIVERY=inline), so its polls wait for the lock too.
    const app = await start();
    await app.teams(aPersonalMessage(ANNA, 'help'));
    const key = `teams:${personalConversation(ANNA).id}:${ANNA.aadObjectId}`;
    const toAnna = () => app.teamsCalls.filter((c) => c.path.includes(personalConversation(ANNA).id));
    const before = toAnna().length;
    const lock = new Database(path.join(app.app.services.config.dataDir, SQLITE_FILE_NAME));
    let turn: Promise<Response> | undefined;
    try {
      lock.exec('BEGIN IMMEDIATE');
      let answered = false;
      turn = app.teams(aPersonalMessage(ANNA, 'The printer on floor 2 does not print anything')).finally(() => {
        answered = true;
      });
      // Her first message starts an intake: the draft's write waits for the lock, with the thread free meanwhile.
      await new Promise((r) => setTimeout(r, 300));
      const health = await fetch(`${app.base}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${app.base}/readyz`);
      expect(ready.status).toBe(200);
      expect(answered).toBe(false);
      expect(toAnna().length).toBe(before);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    expect((await turn)?.status).toBe(200);
    await expect.poll(() => toAnna().length, { timeout: 5000 }).toBeGreaterThan(before);
    const told = toAnna().slice(before).map(teamsText).join('\n');
    expect(told).not.toContain(teamsTexts.en.storeDown);
    expect(told).not.toContain(intakeMessages.en.storeDownTitle);
    expect(await app.app.services.intake.isActive(key)).toBe(true);
  });

  it('keeps the intake answers (SQLITE_BUSY past the store\'s patience reads as "could not register") and registers once the lock is gone', async () => {
    const app = await start();
    const key = `teams:${personalConversation(ANNA).id}:${ANNA.aadObjectId}`;
    const person = { id: `teams:${ANNA.aadObjectId}`, name: ANNA.name, locale: 'en' as const };
    // Anna has written before: her person record is fresh, so the turn below writes only the case.
    await app.teams(aPersonalMessage(ANNA, 'help'));
    await driveToSummary(
      app.app.services.intake,
      { conversationKey: key, person, platform: 'teams', locale: 'en' },
      'The printer on floor 2 does not print anything',
    );
    const toAnna = () => app.teamsCalls.filter((c) => c.path.includes(personalConversation(ANNA).id));
    const before = toAnna().length;
    const lock = new Database(path.join(app.app.services.config.dataDir, SQLITE_FILE_NAME));
    try {
      lock.exec('BEGIN IMMEDIATE');
      expect((await app.teams(aPersonalMessage(ANNA, 'confirm'))).status).toBe(200);
      await expect.poll(() => toAnna().length, { timeout: 10_000 }).toBeGreaterThan(before);
      const told = toAnna().slice(before).map(teamsText).join('\n');
      expect(told).toContain(intakeMessages.en.storeDownTitle);
      expect(told).toContain('Your answers are kept');
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    expect(await app.app.services.store.countCases({})).toBe(0);
    expect(await app.app.services.intake.isActive(key)).toBe(true);

    expect((await app.teams(aPersonalMessage(ANNA, 'confirm'))).status).toBe(200);
    const cases = await app.app.services.store.findCases({});
    expect(cases).toHaveLength(1);
    expect(await app.app.services.intake.isActive(key)).toBe(false);
  }, 30_000);
});

describe('staff and commands while the store is unavailable', () => {
  const artsCase = () =>
    buildNewCase({ categoryId: 'wifi-eduroam', groupId: 'arts-support', ownerGroupId: 'arts-support' });
  const slackClaim = (caseId: string, version: number) =>
    caseButtonClick(
      slackUsers.jonas,
      { verb: 'claim', caseId, version },
      {
        responseUrl: 'https://hooks.slack.test/actions/claim',
      },
    );

  it('answers a Teams claim with "not answering, nothing changed" (not a refusal), and the same click works once it is back', async () => {
    const app = await start();
    const c = await app.app.services.store.createCase(artsCase());
    flaky.down = true;
    const res = await app.teams(anActionInvoke(JONAS, { verb: 'claim', caseId: c.id, version: c.version }, 'channel'));
    expect(res.status).toBe(200);
    const card = JSON.stringify(await res.json());
    expect(card).toContain(teamsTexts.en.storeDown);
    // Jonas is still known as an ARTS member (member look-up), so he is not told he may not claim.
    expect(card).not.toContain('Only members');
    expect(flaky.refused).toContain('claimCase');
    expect((await app.app.services.store.getCase(c.id))?.assignee).toBeUndefined();

    flaky.down = false;
    const again = await app.teams(
      anActionInvoke(JONAS, { verb: 'claim', caseId: c.id, version: c.version }, 'channel'),
    );
    expect(again.status).toBe(200);
    expect(JSON.stringify(await again.json())).not.toContain(teamsTexts.en.storeDown);
    expect((await app.app.services.store.getCase(c.id))?.assignee?.email).toBe('jonas.vestergaard@au.dk');
  }, 30_000);

  it('tells a Slack claimer by the response URL instead of saying nothing, and the same click works once it is back', async () => {
    const app = await start();
    const c = await app.app.services.store.createCase(artsCase());
    flaky.down = true;
    expect((await app.slack(slackClaim(c.id, c.version))).status).toBe(200);
    await expect.poll(() => app.responses.length, { timeout: 5000 }).toBe(1);
    expect(app.responses[0]).toMatchObject({
      path: '/actions/claim',
      body: { response_type: 'ephemeral', replace_original: false, text: slackTexts.storeDown.en },
    });
    expect(flaky.refused).toContain('claimCase');
    expect((await app.app.services.store.getCase(c.id))?.assignee).toBeUndefined();

    flaky.down = false;
    expect((await app.slack(slackClaim(c.id, c.version))).status).toBe(200);
    await expect
      .poll(async () => (await app.app.services.store.getCase(c.id))?.assignee?.email, { timeout: 5000 })
      .toBe('jonas.vestergaard@au.dk');
    expect(app.responses).toHaveLength(1);
  }, 30_000);

  it('tells a Slack staff member, in the channel the form came from, when a submitted note could not be saved (its modal is closed)', async () => {
    const app = await start();
    const c = await app.app.services.store.createCase(artsCase());
    flaky.down = true;
    const meta = {
      base: { verb: 'note', caseId: c.id, version: c.version },
      submits: [{ verb: 'note', caseId: c.id, version: c.version }],
      channel: 'C0ARTSSUP',
    };
    const res = await app.slack(
      modalSubmission(
        slackUsers.jonas,
        { id: 'V0NOTE', callbackId: 'case_form', privateMetadata: JSON.stringify(meta) },
        { text: { text: { type: 'plain_text_input', value: 'Printer driver reinstalled' } } },
      ),
    );
    expect(res.status).toBe(200);
    // The form was acknowledged (closed) before the note failed to save: the answer goes where a saved note's
    // would have — an ephemeral note to Jonas in the desk's channel the form was opened from.
    const toJonas = () =>
      app.slackCalls.filter(
        (x) =>
          x.method === 'chat.postEphemeral' &&
          x.body['channel'] === 'C0ARTSSUP' &&
          x.body['user'] === slackUsers.jonas.id,
      );
    await expect.poll(() => toJonas().length, { timeout: 5000 }).toBe(1);
    // The notice, and the note as typed, to be copied and sent again (test/hardening/slack-form-outage.test.ts).
    expect(String(toJonas()[0]?.body['text']).startsWith(slackTexts.storeDown.en)).toBe(true);
    expect(toJonas()[0]?.body['blocks']).toContain('Printer driver reinstalled');
    expect(app.slackCalls.filter((x) => x.method === 'chat.postMessage')).toHaveLength(0);
    expect(flaky.refused).toContain('updateCase');
    expect((await app.app.services.store.getCase(c.id))?.version).toBe(c.version);
  }, 30_000);

  it('answers commands and chat messages on both platforms when the store answers nothing at all', async () => {
    const app = await start();
    flaky.down = true;
    flaky.readsToo = true;
    const mine = await app.slack(
      slashCommand(slackUsers.bo, 'mine', { responseUrl: 'https://hooks.slack.test/commands/mine' }),
    );
    expect(mine.status).toBe(200);
    await expect.poll(() => app.responses.length, { timeout: 5000 }).toBe(1);
    // Bo's Danish locale comes from Slack's profile although the store could not cache it.
    expect(app.responses[0]?.body['text']).toBe(slackTexts.storeDown.da);

    // A submitted report form: said in the modal itself.
    const submitted = await app.slack(modalSubmission(slackUsers.bo, { id: 'V0MODAL', callbackId: 'intake' }));
    expect(submitted.status).toBe(200);
    const modal = (await submitted.json()) as { response_action?: string; view?: unknown };
    expect(modal.response_action).toBe('update');
    // The intake engine's own answer when it cannot even read the draft.
    expect(JSON.stringify(modal.view)).toContain(intakeMessages.da.storeDownNew.slice(0, 40));

    const hello = await app.teams(aPersonalMessage(ANNA, 'status INC-000001'));
    expect(hello.status).toBe(200);
    const toAnna = () => app.teamsCalls.filter((c) => c.path.includes(personalConversation(ANNA).id));
    await expect.poll(() => toAnna().length, { timeout: 5000 }).toBe(1);
    expect(teamsText(toAnna()[0]!)).toContain(teamsTexts.en.storeDown);
  }, 30_000);
});
