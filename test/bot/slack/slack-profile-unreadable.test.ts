import { describe, expect, it } from 'vitest';
import { USER_CACHE_REF } from '../../../src/bot/slack/slack-directory.js';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { appPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import type { HardenedApp } from '../../helpers/hardening-app.js';
import { type SlackUserFixture, slackUsers } from '../../helpers/slack-harness.js';
import { slackEvent } from '../../helpers/slack-requests.js';

/**
 * Slack, in the whole app: a profile Slack gives while the one kept in the store cannot be read (a store that does
 * not answer the read) serves that request only, as on Teams. Kept, it replaced the address the catalogue holds for
 * a staff member (who was not staff for the memory's 5 minutes, or for good when the store took the write) and
 * left the cases by a changed address's former one behind.
 */

const apps = appPerTest('slack-profile-unreadable-');

/** The store, whose reads of cached Slack profiles fail while `unreadable.on`. */
function withUnreadableProfiles(inner: CaseStore, unreadable: { on: boolean }): CaseStore {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'getRef' || typeof value !== 'function') return value;
      return (kind: string, key: string) =>
        unreadable.on && kind === USER_CACHE_REF
          ? Promise.reject(new AppError('STORE.UNAVAILABLE', 'store down (test): getRef'))
          : value.call(target, kind, key);
    },
  });
}

async function start(user: SlackUserFixture, unreadable: { on: boolean }): Promise<HardenedApp> {
  return apps.start((dataDir) => ({
    store: withUnreadableProfiles(new SqliteCaseStore({ dataDir }), unreadable),
    rateLimit: false,
    slackUsers: [user],
  }));
}

/** The profile the bot cached of `u` before, with `email`, fetched `ageMs` ago. */
async function known(app: HardenedApp, u: SlackUserFixture, email: string, ageMs = 0): Promise<void> {
  const person = { id: `slack:${u.id}`, name: u.name, email, locale: 'en' };
  await app.app.services.store.putRef(USER_CACHE_REF, u.id, {
    person,
    fetchedAt: new Date(Date.now() - ageMs).toISOString(),
  });
}

/** `u` opens App Home: the home view the bot published then. */
async function home(app: HardenedApp, u: SlackUserFixture, id: string): Promise<string> {
  const since = app.slackCalls.length;
  const res = await app.slack(slackEvent(id, { type: 'app_home_opened', user: u.id, tab: 'home' }));
  expect(res.status).toBe(200);
  await expect
    .poll(() => app.slackCalls.slice(since).some((c) => c.method === 'views.publish'), { timeout: 10_000 })
    .toBe(true);
  for (const t of app.app.transports) await t.settled?.();
  return app.slackCalls.slice(since).find((c) => c.method === 'views.publish')?.body['view'] ?? '';
}

describe('Slack: a profile fetched while the cached one cannot be read', () => {
  it("does not take a staff member's new address the catalogue holds beyond that request", async () => {
    // Jonas is a member of ARTS Support in config/catalogue.yaml by his former address; Slack gives a new one.
    const jonas = { ...slackUsers.jonas, email: 'jonas.holm@au.dk' };
    const unreadable = { on: false };
    const app = await start(jonas, unreadable);
    await known(app, jonas, slackUsers.jonas.email);

    unreadable.on = true;
    await home(app, jonas, 'EvHomeDown');
    unreadable.on = false;

    // Staff again at once: App Home shows his group's queue; the cached profile still names the catalogue's address.
    expect(await home(app, jonas, 'EvHomeUp')).toContain('Queue: ARTS Support');
    expect(await app.app.services.store.getRef(USER_CACHE_REF, jonas.id)).toMatchObject({
      person: { email: slackUsers.jonas.email },
    });
  });

  it("leaves no case by a user's former address behind: the next look-up moves them", async () => {
    const OLD = slackUsers.anna.email;
    const anna = { ...slackUsers.anna, email: 'anna.berg@au.dk' };
    const unreadable = { on: false };
    const app = await start(anna, unreadable);
    // Cached 13 hours ago: the next look-up asks Slack.
    await known(app, anna, OLD, 13 * 60 * 60 * 1000);
    const user = { id: `email:${OLD}`, name: anna.name, email: OLD };
    const c = await app.app.services.store.createCase(
      buildNewCase({ title: 'VPN drops', intakeChannel: 'slack', user }),
    );

    unreadable.on = true;
    await home(app, anna, 'EvHomeDown');
    unreadable.on = false;
    await home(app, anna, 'EvHomeUp');

    expect((await app.app.services.store.getCase(c.id))?.user).toMatchObject({
      id: `email:${anna.email}`,
      email: anna.email,
    });
  });
});
