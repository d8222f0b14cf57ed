import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MEMORY_TTL_MS, USER_CACHE_REF } from '../../../src/bot/slack/slack-directory.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { formOf, SLACK_API_ORIGIN, slackUsers, usersInfoBody } from '../../helpers/slack-harness.js';
import { slackEvent } from '../../helpers/slack-requests.js';
import { postSigned, TEST_SIGNING_SECRET } from '../../helpers/slack-signer.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

/**
 * Slack, in the whole app: a staff member whose changed address is held back (config/catalogue.yaml still names him
 * by the former one, which Slack no longer knows) is found by the held address from memory when searched again soon
 * (SLA pings, escalations, digests): no second `users.lookupByEmail`, no second read of every cached profile.
 */

/** Jonas is a member of ARTS Support in config/catalogue.yaml, by his former address. */
const jonas = slackUsers.jonas;
const OLD = jonas.email;
const NEW = 'jonas.holm@au.dk';

const apps = teamsAppPerTest('slack-address-held-search-kept-');
afterEach(() => {
  vi.restoreAllMocks();
});

/** The whole app with Slack on (HTTP); Jonas's profile cached (fresh), then his address changed to NEW on Slack. */
async function jonasHeld(): Promise<TeamsApp> {
  const app = await apps.start({
    emails: {},
    env: { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-token' },
    transports: { slackApiUrl: `${SLACK_API_ORIGIN}/api/`, slackIdentity: { botId: 'B01', botUserId: 'U0BOT' } },
  });
  const { store } = app.app.services;
  await store.putRef(USER_CACHE_REF, jonas.id, {
    person: { id: `slack:${jonas.id}`, name: jonas.name, email: OLD, locale: 'en' },
    fetchedAt: app.clock.now().toISOString(),
  });
  await userChange(app, 'EvHeld1', NEW);
  expect(await store.getRef(USER_CACHE_REF, jonas.id)).toMatchObject({ person: { email: OLD }, heldEmail: NEW });
  return app;
}

/** Posts a signed `user_change` giving Jonas `email`, and waits for its work. */
async function userChange(app: TeamsApp, id: string, email: string): Promise<void> {
  const user = (usersInfoBody({ ...jonas, email }) as { user: object }).user;
  const res = await postSigned(
    `http://127.0.0.1:${app.app.http.port}/slack/events`,
    slackEvent(id, { type: 'user_change', user }),
  );
  expect(res.status).toBe(200);
  for (const t of app.app.transports) await t.settled?.();
}

/** Slack knows nobody by Jonas's former address (he has NEW there): how many times it was asked. */
function oldAddressUnknown(): { count: number } {
  const seen = { count: 0 };
  nock(SLACK_API_ORIGIN)
    .persist()
    .post('/api/users.lookupByEmail', (b) => formOf(b)['email'] === OLD)
    .reply(200, () => {
      seen.count += 1;
      return { ok: false, error: 'users_not_found' };
    });
  return seen;
}

/** The app's Slack directory searched by Jonas's held (catalogue) address: found as him, by it. */
async function searchOld(app: TeamsApp): Promise<void> {
  const slack = app.app.transports.find((t) => t.platform === 'slack')!;
  expect(await slack.directory?.search(OLD, 5)).toEqual([
    expect.objectContaining({ id: `slack:${jonas.id}`, email: OLD }),
  ]);
}

describe('Slack: a staff member searched again by the address the catalogue holds for him', () => {
  it('is found from memory: one Slack call and one read of the cached profiles for two searches', async () => {
    // The app's store is the SQLite one in its data directory, whose methods its wrappers bind when first used: spied
    // on before the app starts.
    const listRefs = vi.spyOn(SqliteCaseStore.prototype, 'listRefs');
    const profileReads = () => listRefs.mock.calls.filter(([kind]) => kind === USER_CACHE_REF).length;
    const app = await jonasHeld();
    const asked = oldAddressUnknown();
    const before = profileReads();

    await searchOld(app);
    await searchOld(app);
    expect(asked.count).toBe(1);
    expect(profileReads() - before).toBe(1);

    // Kept the usual memory time only: then Slack and the cached profiles are asked again.
    app.clock.advance(DEFAULT_MEMORY_TTL_MS);
    await searchOld(app);
    expect(asked.count).toBe(2);
    expect(profileReads() - before).toBe(2);
  });

  it('is looked up again after his address changed once more (user_change)', async () => {
    const app = await jonasHeld();
    const asked = oldAddressUnknown();
    await searchOld(app);
    expect(asked.count).toBe(1);

    await userChange(app, 'EvHeld2', 'j.holm@au.dk');
    expect(await app.app.services.store.getRef(USER_CACHE_REF, jonas.id)).toMatchObject({ heldEmail: 'j.holm@au.dk' });
    await searchOld(app);
    expect(asked.count).toBe(2);
  });
});
