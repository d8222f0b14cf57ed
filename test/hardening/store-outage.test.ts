import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { intakeMessages } from '../../src/services/intake/intake-messages.js';
import { driveToSummary, stepOf } from '../helpers/drive-intake.js';
import { type FlakyStore, flakyStore } from '../helpers/flaky-store.js';
import { type HardenedApp, startHardenedApp, teamsText } from '../helpers/hardening-app.js';
import { ANNA, aPersonalMessage, personalConversation } from '../helpers/teams-activities.js';
import { tempDirs } from '../helpers/temp-dir.js';
import { loopbackOnly } from '../helpers/loopback-only.js';

const dirs = tempDirs('hardening-store-');
let h: HardenedApp | undefined;
let flaky: FlakyStore;

loopbackOnly();
afterEach(async () => {
  if (flaky) flaky.down = false;
  await h?.stop();
  h = undefined;
});
afterAll(async () => {
  await dirs.cleanup();
});

async function start(): Promise<HardenedApp> {
  const dataDir = await dirs.make();
  flaky = flakyStore(new SqliteCaseStore({ dataDir }));
  h = await startHardenedApp({
    dataDir,
    store: flaky.store,
    clock: new ManualClock('2025-03-03T09:00:00Z'),
    slackUsers: [{ id: 'U0BO', name: 'Bo Nielsen', email: 'bo.nielsen@cas.au.dk', locale: 'da-DK' }],
  });
  return h;
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
    await expect.poll(() => posts().length, { timeout: 5000 }).toBeGreaterThan(before);
    const cases = await app.app.services.store.findCases({});
    expect(cases).toHaveLength(1);
    expect(JSON.stringify(posts().slice(before))).toContain(cases[0]!.number);
  }, 60_000);
});
