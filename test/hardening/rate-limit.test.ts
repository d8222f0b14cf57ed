import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/services/clock.js';
import { RateLimiter, rateLimitedText } from '../../src/services/rate-limit.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { type HardenedApp, inBatches, teamsText } from '../helpers/hardening-app.js';
import { ANNA, aPersonalMessage, MIA, personalConversation } from '../helpers/teams-activities.js';

describe('RateLimiter', () => {
  it('allows the burst, then refuses with one notice per window when a person floods', () => {
    const clock = new ManualClock('2025-03-03T09:00:00Z');
    const limiter = new RateLimiter({ burst: 3, refillPerSecond: 1, noticeWindowMs: 10_000, clock });
    const decisions = Array.from({ length: 8 }, () => limiter.take('slack:U1'));
    expect(decisions).toEqual(['allow', 'allow', 'allow', 'notify', 'drop', 'drop', 'drop', 'drop']);
    expect(limiter.take('slack:U2')).toBe('allow');
    clock.advance(1000);
    expect(limiter.take('slack:U1')).toBe('allow');
    expect(limiter.take('slack:U1')).toBe('drop');
    clock.advance(10_000);
    // Refilled to the burst again: a new window.
    expect([1, 2, 3, 4].map(() => limiter.take('slack:U1'))).toEqual(['allow', 'allow', 'allow', 'notify']);
  });

  it('keeps at most maxBuckets people when many different people write', () => {
    const clock = new ManualClock('2025-03-03T09:00:00Z');
    const limiter = new RateLimiter({ burst: 2, refillPerSecond: 1, maxBuckets: 100, clock });
    for (let i = 0; i < 1000; i++) limiter.take(`teams:p${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
    // The most recent flooder is still remembered.
    limiter.take('teams:p999');
    expect(limiter.take('teams:p999')).toBe('notify');
  });

  it('forgets people whose bucket has refilled when they have gone quiet', () => {
    const clock = new ManualClock('2025-03-03T09:00:00Z');
    const limiter = new RateLimiter({ burst: 5, refillPerSecond: 5, noticeWindowMs: 1000, clock });
    for (let i = 0; i < 50; i++) limiter.take(`slack:U${i}`);
    expect(limiter.size).toBe(50);
    clock.advance(5_000);
    limiter.take('slack:Unew');
    expect(limiter.size).toBe(1);
  });
});

describe('rate limiting through the app', () => {
  let h: HardenedApp | undefined;
  const apps = appPerTest('hardening-rate-');

  it('refuses most of a 1 000-request Slack burst with one friendly message while another user is served', async () => {
    const clock = new ManualClock('2025-03-03T09:00:00Z');
    h = await apps.start(() => ({
      clock,
      slackUsers: [
        { id: 'U0FLOOD', name: 'Flo Od', locale: 'en-US' },
        { id: 'U0CALM', name: 'Cal M', locale: 'da-DK' },
      ],
    }));
    const app = h;
    const command = (user: string, i: number) => () =>
      app.slack({
        kind: 'form',
        fields: {
          command: '/incident',
          text: 'help',
          user_id: user,
          user_name: user.toLowerCase(),
          channel_id: 'C0GENERAL',
          team_id: 'T1',
          trigger_id: `trigger-${user}-${i}`,
          response_url: `https://hooks.slack.test/commands/${user}/${i}`,
        },
      });
    const tasks = Array.from({ length: 1000 }, (_, i) => command('U0FLOOD', i));
    // The calm user's 15 requests are spread through the burst.
    for (let i = 0; i < 15; i++) tasks.splice(i * 60 + 30, 0, command('U0CALM', i));
    const statuses = await inBatches(
      tasks.map((t) => async () => (await t()).status),
      25,
    );
    expect(statuses.every((s) => s === 200)).toBe(true);

    const friendly = () =>
      h!.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['text'] === rateLimitedText.en);
    await expect.poll(() => friendly().length, { timeout: 10_000 }).toBe(1);
    expect(friendly()[0]!.body['channel']).toBe('U0FLOOD');
    // Every allowed request was answered; the calm user got all 15 and never the friendly message.
    const answered = (user: string) => h!.responses.filter((r) => r.path.includes(`/commands/${user}/`));
    await expect.poll(() => answered('U0CALM').length, { timeout: 10_000 }).toBe(15);
    await expect.poll(() => answered('U0FLOOD').length, { timeout: 10_000 }).toBe(20);
    const calmPosts = h.slackCalls.filter((c) => c.body['channel'] === 'U0CALM' || c.body['user'] === 'U0CALM');
    expect(calmPosts.every((c) => c.method === 'users.info')).toBe(true);
    expect(h.slackCalls.some((c) => c.body['text'] === rateLimitedText.da)).toBe(false);
  }, 120_000);

  it('refuses most of a 1 000-message Teams burst with one friendly message while another user is served', async () => {
    const clock = new ManualClock('2025-03-03T09:00:00Z');
    h = await apps.start(() => ({ clock }));
    const app = h;
    const tasks = Array.from({ length: 1000 }, () => () => app.teams(aPersonalMessage(ANNA, 'help')));
    for (let i = 0; i < 15; i++) tasks.splice(i * 60 + 30, 0, () => app.teams(aPersonalMessage(MIA, 'help')));
    const statuses = await inBatches(
      tasks.map((t) => async () => (await t()).status),
      25,
    );
    expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true);

    const to = (user: typeof ANNA) =>
      h!.teamsCalls.filter(
        (c) =>
          c.path.includes(encodeURIComponent(personalConversation(user).id)) ||
          c.path.includes(personalConversation(user).id),
      );
    const friendly = (user: typeof ANNA) => to(user).filter((c) => teamsText(c).includes(rateLimitedText.en));
    await expect.poll(() => to(ANNA).length, { timeout: 10_000 }).toBe(20 + 1);
    expect(friendly(ANNA)).toHaveLength(1);
    expect(to(MIA)).toHaveLength(15);
    expect(friendly(MIA)).toHaveLength(0);
  }, 120_000);

  const annaCalls = (app: HardenedApp) =>
    app.teamsCalls.filter(
      (c) =>
        c.path.includes(encodeURIComponent(personalConversation(ANNA).id)) ||
        c.path.includes(personalConversation(ANNA).id),
    );
  /** Anna sends 30 `help` messages, 10 at a time; every request is answered with 2xx. */
  const flood = async (app: HardenedApp) => {
    const statuses = await inBatches(
      Array.from({ length: 30 }, () => async () => (await app.teams(aPersonalMessage(ANNA, 'help'))).status),
      10,
    );
    expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true);
  };

  it('takes the burst from RATE_LIMIT_BURST when it is set', async () => {
    const clock = new ManualClock('2025-03-03T09:00:00Z');
    h = await apps.start(() => ({ clock, env: { RATE_LIMIT_BURST: '5' } }));
    const app = h;
    await flood(app);
    await expect.poll(() => annaCalls(app).length, { timeout: 10_000 }).toBe(5 + 1);
    expect(annaCalls(app).filter((c) => teamsText(c).includes(rateLimitedText.en))).toHaveLength(1);
  }, 60_000);

  it('turns the limit off when RATE_LIMIT_BURST is 0', async () => {
    const clock = new ManualClock('2025-03-03T09:00:00Z');
    h = await apps.start(() => ({ clock, env: { RATE_LIMIT_BURST: '0' } }));
    const app = h;
    await flood(app);
    await expect.poll(() => annaCalls(app).length, { timeout: 10_000 }).toBe(30);
    expect(annaCalls(app).some((c) => teamsText(c).includes(rateLimitedText.en))).toBe(false);
  }, 60_000);
});
