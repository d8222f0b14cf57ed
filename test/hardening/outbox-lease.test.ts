import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryChannels } from '../../src/delivery-channels.js';
import { createLogger } from '../../src/logger.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { createOutboxDispatcher } from '../../src/outbox-delivery.js';
import { ManualClock } from '../../src/services/clock.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { HARDENING_SLACK_API, HARDENING_TEAMS_URL, reportPrinterAsBo, SLACK_BO } from '../helpers/hardening-app.js';
import { formOf } from '../helpers/slack-harness.js';

/** How long each platform call of the card post takes: just inside the longest PLATFORM_TIMEOUT_MS (25 s). */
const SLOW_CALL_MS = 25_000;
let second: SqliteCaseStore | undefined;

// Registered before the app's hooks, so it runs after the app is stopped.
afterEach(async () => {
  await second?.close();
  second = undefined;
});
const apps = appPerTest('hardening-lease-');

describe('an outbox delivery whose platform calls together take longer than the lease', () => {
  it('is not sent a second time by another instance sharing the store', async () => {
    const dataDir = await apps.dirs.make();
    const clock = new ManualClock(new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000));
    // The case card's posts: Teams creates the channel conversation, Slack posts into the channel; each takes 25 s
    // (the test clock moves on while the call is answered). The second post is answered only once the test says so,
    // so it can look at the store while the delivery is in flight, 50 s after the message was claimed.
    const cardPosts: string[] = [];
    let secondArrived: () => void = () => {};
    const secondInFlight = new Promise<void>((resolve) => {
      secondArrived = resolve;
    });
    let answerSecond: () => void = () => {};
    const slowly = (platform: string, answer: () => void): void => {
      cardPosts.push(platform);
      clock.advance(SLOW_CALL_MS);
      if (cardPosts.length < 2) {
        answer();
        return;
      }
      answerSecond = answer;
      secondArrived();
    };
    const slowTeams = nock('https://smba.test')
      .post(/\/teams\/v3\/conversations\/?$/, (body) => Boolean(body?.channelData?.channel?.id))
      .reply(200, (_path, body, callback) => {
        const channelId = (body as { channelData: { channel: { id: string } } }).channelData.channel.id;
        slowly('teams', () =>
          callback(null, { id: `${channelId};messageid=1700000000001`, activityId: '1700000000001' }),
        );
      });
    const slowSlack = nock('https://slack.test')
      .post('/api/chat.postMessage', (body) => typeof body?.channel === 'string' && body.channel.startsWith('C'))
      .reply(200, (_path, raw, callback) => {
        const channel = formOf(raw as string)['channel'];
        slowly('slack', () => callback(null, { ok: true, ts: '1700000000.000001', channel }));
      });
    const h = await apps.start(() => ({ clock, slackUsers: [SLACK_BO], dispatchIntervalMs: 60_000 }), dataDir);
    const services = h.app.services;
    // Both dispatchers are driven by hand.
    await services.dispatcher.stop();
    const c = await reportPrinterAsBo(h);
    const pending = await services.store.listOutbox({ caseId: c.id, state: 'pending' });
    expect(pending.map((m) => m.kind).sort()).toEqual(['post_card', 'send_person']);

    // Another instance: its own store connection, gateways and dispatcher, as the delivery worker builds them.
    second = new SqliteCaseStore({ dataDir, checkpoints: 'elsewhere' });
    await second.init();
    const logger = createLogger('silent');
    const channels = deliveryChannels(
      services.config,
      { teamsServiceUrl: HARDENING_TEAMS_URL, slackApiUrl: HARDENING_SLACK_API },
      { store: second, clock, logger },
    );
    const other = createOutboxDispatcher({
      config: services.config,
      logger,
      clock,
      store: second,
      writeStore: second,
      catalogue: services.catalogue,
      calendar: services.calendar,
      gateways: channels.gateways,
      directory: services.directory,
    });

    const first = services.dispatcher.runOnce();
    await secondInFlight;
    expect(cardPosts.sort()).toEqual(['slack', 'teams']);
    // 50 s after the claim: the first lease (30 s) has run out, but it was renewed before the second call.
    const card = (await second.listOutbox({ caseId: c.id })).find((m) => m.kind === 'post_card');
    expect(card?.state).toBe('pending');
    expect(card?.leaseOwner).toBeDefined();
    expect(Date.parse(card?.leaseUntil ?? '')).toBeGreaterThan(clock.now().getTime());
    expect(await other.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
    answerSecond();
    expect((await first).sent).toBe(1);
    expect(slowTeams.isDone()).toBe(true);
    expect(slowSlack.isDone()).toBe(true);

    // Whatever is left (the receipt, held behind the card) goes out once, from either instance.
    clock.advance(60_000);
    await other.runOnce();
    await services.dispatcher.runOnce();
    const rows = await second.listOutbox({ caseId: c.id });
    expect(rows.map((m) => [m.kind, m.state]).sort()).toEqual([
      ['post_card', 'sent'],
      ['send_person', 'sent'],
    ]);
    expect(rows.every((m) => m.attempts === 1 || m.kind === 'send_person')).toBe(true);
    const group = services.catalogue.group(c.groupId)!;
    // One card in each channel: the slow posts only, nothing from the persistent fakes.
    expect(cardPosts).toHaveLength(2);
    expect(h.teamsCalls.filter((x) => JSON.stringify(x.body).includes(`"${group.channels.teams?.channelId}"`))).toEqual(
      [],
    );
    expect(h.slackCalls.filter((x) => x.method === 'chat.postMessage' && x.body['channel']?.startsWith('C'))).toEqual(
      [],
    );
    expect((await services.store.getCase(c.id))?.cards).toHaveLength(2);
  }, 60_000);
});
