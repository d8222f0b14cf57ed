import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startApp } from '../../../src/app.js';
import { SlackDirectory, USER_CACHE_REF } from '../../../src/bot/slack/slack-directory.js';
import { slackPersonRefs } from '../../../src/bot/slack/slack-ref-people.js';
import { loadConfig } from '../../../src/config/env.js';
import { createLogger } from '../../../src/logger.js';
import type { Case } from '../../../src/models/case.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { moveAddressCases } from '../../../src/services/address-cases.js';
import { defaultTransports } from '../../../src/transports.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { loopbackOnly } from '../../helpers/loopback-only.js';
import { people } from '../../helpers/people.js';
import { privacyFor } from '../../helpers/privacy.js';
import { shippedCatalogue } from '../../helpers/services.js';
import {
  recordPosts,
  type SlackHarness,
  slackHarnessPerTest,
  slackUsers,
  usersInfoBody,
} from '../../helpers/slack-harness.js';
import { slackDm, slackEvent } from '../../helpers/slack-requests.js';
import { postSigned, TEST_SIGNING_SECRET } from '../../helpers/slack-signer.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs('slack-address-change-');
afterAll(() => dirs.cleanup());
loopbackOnly();

const jonas = slackUsers.jonas;
const OLD = jonas.email;
const NEW = 'jonas.holm@au.dk';

/** A case registered for Jonas by e-mail before the bot knew him in Slack (`email:<his former address>`). */
async function caseByEmail(h: SlackHarness): Promise<Case> {
  const user = { id: `email:${OLD}`, name: jonas.name, email: OLD };
  return h.services.store.createCase(buildNewCase({ title: 'VPN drops every hour', intakeChannel: 'slack', user }));
}

/** Jonas's `mine` in his DM: what the bot posted. */
async function mine(h: SlackHarness, eventId: string): Promise<string> {
  const posted = recordPosts(h);
  await h.send(slackDm(eventId, jonas, 'mine'));
  return posted.join('\n');
}

describe('a Slack person whose e-mail address changed', () => {
  describe('told by Slack (user_change)', () => {
    const h = slackHarnessPerTest({}, jonas);

    it('takes the cases naming them by the former address along, and the profile takes the new address', async () => {
      const c = await caseByEmail(h);
      expect((await h.person(jonas)).email).toBe(OLD);

      const changed = usersInfoBody({ ...jonas, email: NEW }) as { user: object };
      const res = await h.send(slackEvent('EvChange1', { type: 'user_change', user: changed.user }));
      expect(res.status).toBe(200);
      await h.directory.settled();

      const moved = await h.services.store.getCase(c.id);
      expect(moved?.user).toMatchObject({ id: `email:${NEW}`, email: NEW });
      expect((await h.person(jonas)).email).toBe(NEW);
      // The move is done: the cached profile no longer marks one.
      expect(await h.services.store.getRef(USER_CACHE_REF, jonas.id)).not.toHaveProperty('movingFrom');
      expect(await mine(h, 'EvMine1')).toContain(c.number);
    });

    it('changes nothing for a status change, nor for someone the bot never looked up', async () => {
      const c = await caseByEmail(h);
      await h.person(jonas);
      const same = usersInfoBody(jonas) as { user: object };
      expect((await h.send(slackEvent('EvChange2', { type: 'user_change', user: same.user }))).status).toBe(200);
      const stranger = usersInfoBody({ id: 'U0NEW', name: 'Nina New', email: 'nina@au.dk' }) as { user: object };
      expect((await h.send(slackEvent('EvChange3', { type: 'user_change', user: stranger.user }))).status).toBe(200);
      await h.directory.settled();
      expect((await h.services.store.getCase(c.id))?.user.id).toBe(`email:${OLD}`);
      expect(await h.services.store.getRef(USER_CACHE_REF, 'U0NEW')).toBeNull();
    });
  });

  describe('a move that fails', () => {
    const h = slackHarnessPerTest({}, jonas);

    it('stays marked on the profile and is taken up at the next look-up, or the next start', async () => {
      const c = await caseByEmail(h);
      await h.person(jonas);
      const { store, clock } = h.services;
      const logger = createLogger('silent');
      // This instance's store refuses the case writes.
      const failing = new SlackDirectory({
        client: h.client,
        store,
        clock,
        defaultLocale: 'en',
        logger,
        moveAddress: async () => {
          throw new Error('refused');
        },
      });
      const changed = usersInfoBody({ ...jonas, email: NEW }) as { user: { id: string } };
      await failing.changed(changed.user);
      await failing.settled();
      expect((await store.getCase(c.id))?.user.id).toBe(`email:${OLD}`);
      expect(await store.getRef(USER_CACHE_REF, jonas.id)).toMatchObject({ person: { email: NEW }, movingFrom: OLD });

      // The next start (another directory, as the app has after a restart) takes it up.
      const next = new SlackDirectory({
        client: h.client,
        store,
        clock,
        defaultLocale: 'en',
        logger,
        moveAddress: (from, to, signal) => moveAddressCases(store, from, to, signal),
      });
      expect(await next.resumeMoves()).toBe(1);
      await next.settled();
      expect((await store.getCase(c.id))?.user.id).toBe(`email:${NEW}`);
      expect(await store.getRef(USER_CACHE_REF, jonas.id)).not.toHaveProperty('movingFrom');
    });

    it('is taken up when the bot next reads the profile', async () => {
      const c = await caseByEmail(h);
      await h.person(jonas);
      const { store } = h.services;
      // Marked by another instance whose move failed.
      const kept = (await store.getRef(USER_CACHE_REF, jonas.id)) as { person: object };
      await store.putRef(USER_CACHE_REF, jonas.id, {
        ...kept,
        person: { ...kept.person, email: NEW },
        movingFrom: OLD,
      });
      h.services.clock.advance(6 * 60 * 1000);
      expect((await h.person(jonas)).email).toBe(NEW);
      await h.directory.settled();
      expect((await store.getCase(c.id))?.user.id).toBe(`email:${NEW}`);
    });
  });

  describe('noticed when the profile is fetched again (no user_change received)', () => {
    const h = slackHarnessPerTest({});

    it('moves the cases of the former address as well', async () => {
      const c = await caseByEmail(h);
      h.api().post('/api/users.info').reply(200, usersInfoBody(jonas));
      h.api()
        .post('/api/users.info')
        .reply(200, usersInfoBody({ ...jonas, email: NEW }))
        .persist();
      expect((await h.person(jonas)).email).toBe(OLD);
      // Past the 12 h a profile is trusted: Slack is asked again and names the new address.
      h.services.clock.advance(13 * 60 * 60 * 1000);
      expect((await h.person(jonas)).email).toBe(NEW);
      await h.directory.settled();
      expect((await h.services.store.getCase(c.id))?.user).toMatchObject({ id: `email:${NEW}`, email: NEW });
      expect(await mine(h, 'EvMine2')).toContain(c.number);
    });
  });

  describe('in the whole app', () => {
    it('subscribes the Slack directory to user_change, and such an event is no turn in the metrics', async () => {
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: await dirs.make(),
        LOG_LEVEL: 'silent',
        OUTBOX_DELIVERY: 'inline',
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-test-token',
      });
      const app = await startApp(config, {
        logger: createLogger('silent'),
        transports: defaultTransports(config, {
          slackApiUrl: 'https://slack.test/api/',
          slackIdentity: { botId: 'B01', botUserId: 'U0BOT' },
        }),
      });
      try {
        const { store } = app.services;
        // Anna, whom the catalogue does not name (a staff member's address it names is held: slack-address-held).
        const anna = slackUsers.anna;
        const [OLD, NEW] = [anna.email, 'anna.holm@cas.au.dk'];
        const user = { id: `email:${OLD}`, name: anna.name, email: OLD };
        const c = await store.createCase(buildNewCase({ title: 'VPN drops', intakeChannel: 'slack', user }));
        // The bot looked Anna up before (her cached profile).
        const person = { id: `slack:${anna.id}`, name: anna.name, email: OLD, locale: 'en' };
        await store.putRef(USER_CACHE_REF, anna.id, { person, fetchedAt: new Date().toISOString() });
        const base = `http://127.0.0.1:${app.http.port}`;
        const turns = async () => {
          const text = await (await fetch(`${base}/metrics`)).text();
          return Number(/bot_turns_total\{platform="slack"\} (\d+)/.exec(text)?.[1] ?? 0);
        };
        const before = await turns();
        const changed = usersInfoBody({ ...anna, email: NEW }) as { user: object };
        const res = await postSigned(
          `${base}/slack/events`,
          slackEvent('EvApp1', { type: 'user_change', user: changed.user }),
        );
        expect(res.status).toBe(200);
        for (const t of app.transports) await t.settled?.();
        expect((await store.getCase(c.id))?.user.id).toBe(`email:${NEW}`);
        expect(await turns()).toBe(before);
      } finally {
        await app.stop();
      }
    });
  });

  describe('erased or exported while the move of their cases is not done', () => {
    /** Jonas's profile with the new address, moving from the former: a case by each address, one by his id. */
    async function jonasMoving() {
      const store = new SqliteCaseStore({ file: ':memory:' });
      await store.init();
      const person = { id: `slack:${jonas.id}`, name: jonas.name, email: NEW, locale: 'en' as const };
      await store.putRef(USER_CACHE_REF, jonas.id, { person, fetchedAt: '2026-03-02T09:00:00Z', movingFrom: OLD });
      const byOld = await caseByEmail({ services: { store } } as unknown as SlackHarness);
      const byNew = await store.createCase(
        buildNewCase({ title: 'VPN slow', user: { id: `email:${NEW}`, name: jonas.name, email: NEW } }),
      );
      const byId = await store.createCase(buildNewCase({ title: 'Printer', intakeChannel: 'slack', user: person }));
      const clock = new ManualClock('2026-03-02T10:00:00Z');
      const privacy = privacyFor({ store, catalogue: shippedCatalogue(), clock }, { personRefs: slackPersonRefs });
      const namesJonas = async (id: string) => /jonas|vestergaard|holm/i.test(JSON.stringify(await store.getCase(id)));
      return { store, privacy, cases: [byOld, byNew, byId], namesJonas };
    }

    it('erases the cases of both addresses and his id, asked by either address', async () => {
      for (const asked of [OLD, NEW]) {
        const { store, privacy, cases, namesJonas } = await jonasMoving();
        expect((await privacy.erasePerson(people.birgitte, asked)).ok).toBe(true);
        for (const c of cases) expect(await namesJonas(c.id)).toBe(false);
        expect(await store.getRef(USER_CACHE_REF, jonas.id)).toBeNull();
      }
    });

    it('exports the cases of both addresses asked by the former one', async () => {
      const { privacy, cases } = await jonasMoving();
      const exported = await privacy.exportPerson(people.birgitte, OLD);
      expect(exported.ok).toBe(true);
      if (!exported.ok) return;
      expect(exported.data.cases.map((c) => c.number).sort()).toEqual(cases.map((c) => c.number).sort());
    });
  });

  it('is subscribed to in the app manifest (user_change)', () => {
    const manifest = parse(readFileSync(new URL('../../../manifest/slack/manifest.yml', import.meta.url), 'utf8')) as {
      settings: { event_subscriptions: { bot_events: string[] } };
    };
    expect(manifest.settings.event_subscriptions.bot_events).toContain('user_change');
  });
});
