import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { createOutboxDispatcher } from '../src/outbox-delivery.js';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../src/services/clock.js';
import { postCardDraft } from '../src/services/outbox/deliveries.js';
import { buildCalendar } from './helpers/business-calendar-fixture.js';
import { buildNewCase } from './helpers/case-builder.js';
import { RecordingGateway } from './helpers/recording-gateway.js';
import { fixtureDirectory, shippedCatalogue } from './helpers/services.js';

/**
 * The app's dispatcher (`createOutboxDispatcher`) with the shipped catalogue: a Teams-only deployment whose app was
 * removed from the team of group arts-emdrup (its binding marked removed, as `TeamsRefs.unbindChannel` leaves it).
 */
describe('createOutboxDispatcher: a group without any channel', () => {
  let store: SqliteCaseStore;
  let clock: ManualClock;
  let teams: RecordingGateway;

  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    clock = new ManualClock(new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000));
    // Reaches Teams people and people addressed by e-mail (the supervisors in the catalogue).
    teams = new RecordingGateway('teams', { canReach: (id) => id.startsWith('teams:') || id.startsWith('email:') });
    await store.putRef('teams.channel', 'arts-emdrup', {
      teamId: '19:arts-it@thread.tacv2',
      channelId: '19:arts-emdrup@thread.tacv2',
      removedAt: clock.now().toISOString(),
    });
  });
  afterEach(async () => {
    await store.close();
  });

  it("alerts the group's own supervisor and the 1st-level supervisors, each once", async () => {
    const catalogue = shippedCatalogue();
    const dispatcher = createOutboxDispatcher({
      config: loadConfig({}),
      logger: pino({ level: 'silent' }),
      clock,
      store,
      writeStore: store,
      catalogue,
      calendar: buildCalendar(),
      gateways: [teams],
      directory: fixtureDirectory(),
    });
    for (let n = 1; n <= 2; n++) {
      await store.createCase(buildNewCase({ groupId: 'arts-emdrup', ownerGroupId: 'arts-support' }), (c) => [
        postCardDraft(c, 'arts-emdrup'),
      ]);
    }
    for (let i = 0; i < 4; i++) {
      await dispatcher.runOnce();
      clock.advance(60_000);
    }

    expect(teams.deliveredOf('postCaseCard')).toEqual([]);
    const alerted = teams.deliveredOf('sendToPerson').map((s) => s.person.email);
    const expected = [
      'henrik.dalsgaard@au.dk', // arts-emdrup's supervisor
      ...catalogue.firstLevelGroups().map((g) => g.supervisor.email),
    ];
    expect(alerted).toEqual([...new Set(expected)]);
    for (const s of teams.deliveredOf('sendToPerson')) expect(s.message.text).toContain('queue arts-emdrup');
  });
});
