import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/models/case.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { type HardenedApp, reportPrinterAsBo, SLACK_BO } from '../helpers/hardening-app.js';

const apps = appPerTest('hardening-outbox-');

/** What reached each place: the group's Slack channel, its Teams channel, and Bo's DM. */
function deliveries(app: HardenedApp, c: Case) {
  const group = app.app.services.catalogue.group(c.groupId)!;
  const slackChannel = group.channels.slack?.channelId;
  const teamsChannel = group.channels.teams?.channelId;
  const posts = app.slackCalls.filter((x) => x.method === 'chat.postMessage');
  return {
    slackCard: posts.filter((x) => x.body['channel'] === slackChannel).length,
    teamsCard: app.teamsCalls.filter((x) => JSON.stringify(x.body).includes(`"id":"${teamsChannel}"`)).length,
    receipt: posts.filter((x) => x.body['channel'] !== slackChannel && JSON.stringify(x.body).includes(c.number))
      .length,
  };
}

/**
 * A socket error as Node raises it (an Error with a code). nock 14 emits a plain object given to `replyWithError`
 * on `fetch` calls only; on node:http requests — how the bot calls Teams and Slack — nothing would ever happen.
 */
function socketTimedOut(): Error {
  return Object.assign(new Error('socket timed out'), { code: 'ETIMEDOUT' });
}

async function drained(app: HardenedApp): Promise<void> {
  await expect
    .poll(async () => (await app.app.services.store.outboxStats()).pending, { timeout: 30_000, interval: 100 })
    .toBe(0);
}

describe('outbox against failing platforms', () => {
  it('retries through 429, 5xx and timeouts on Slack and Teams and delivers every message exactly once', async () => {
    // Registered before the app's own fakes, so these failures answer first, once each.
    const slackFails = nock('https://slack.test')
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' })
      .post('/api/chat.postMessage')
      .reply(503, 'upstream unavailable')
      .post('/api/chat.postMessage')
      .replyWithError(socketTimedOut());
    const teamsFails = nock('https://smba.test')
      .post(/\/teams\/v3\/conversations\/?$/)
      .reply(429, { error: { code: 'Throttled' } }, { 'Retry-After': '1' })
      .post(/\/teams\/v3\/conversations\/?$/)
      .reply(502, { error: { code: 'BadGateway' } })
      .post(/\/teams\/v3\/conversations\/?$/)
      .replyWithError(socketTimedOut());
    const h = await apps.start(() => ({ slackUsers: [SLACK_BO] }));
    const c = await reportPrinterAsBo(h);
    await drained(h);

    // Every injected failure was hit.
    expect(slackFails.isDone()).toBe(true);
    expect(teamsFails.isDone()).toBe(true);
    const stats = await h.app.services.store.outboxStats();
    expect(stats.dead).toBe(0);
    const rows = await h.app.services.store.listOutbox({ caseId: c.id });
    expect(rows.map((r) => r.kind).sort()).toEqual(['post_card', 'send_person']);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    expect(deliveries(h, c)).toEqual({ slackCard: 1, teamsCard: 1, receipt: 1 });
  }, 60_000);

  it('waits out a run of 429s longer than its attempts instead of dead-lettering the card', async () => {
    // Slack throttles the bot for more answers in a row than a message has attempts (8); each says when to retry.
    const throttled = nock('https://slack.test')
      .post('/api/chat.postMessage')
      .times(12)
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '0' });
    const h = await apps.start(() => ({ slackUsers: [SLACK_BO] }));
    const c = await reportPrinterAsBo(h);
    await drained(h);

    expect(throttled.isDone()).toBe(true);
    expect((await h.app.services.store.outboxStats()).dead).toBe(0);
    const rows = await h.app.services.store.listOutbox({ caseId: c.id });
    expect(rows.map((r) => [r.kind, r.state]).sort()).toEqual([
      ['post_card', 'sent'],
      ['send_person', 'sent'],
    ]);
    expect(deliveries(h, c)).toEqual({ slackCard: 1, teamsCard: 1, receipt: 1 });
  }, 60_000);

  it('delivers exactly once after a restart when the process died between the case change and the send', async () => {
    const dataDir = await apps.dirs.make();
    const first = await apps.start(() => ({ slackUsers: [SLACK_BO], dispatchIntervalMs: 60_000 }), dataDir);
    // The dispatcher never gets to run: the "process" dies right after the change is stored.
    await first.app.services.dispatcher.stop();
    const c = await reportPrinterAsBo(first);
    const pending = await first.app.services.store.listOutbox({ caseId: c.id, state: 'pending' });
    expect(pending.map((r) => r.kind).sort()).toEqual(['post_card', 'send_person']);
    expect(first.slackCalls.filter((x) => x.method === 'chat.postMessage')).toHaveLength(0);
    expect(first.teamsCalls).toHaveLength(0);
    await first.stop();
    nock.cleanAll();

    let h = await apps.start(() => ({ slackUsers: [SLACK_BO] }), dataDir);
    await drained(h);
    expect(deliveries(h, c)).toEqual({ slackCard: 1, teamsCard: 1, receipt: 1 });
    const rows = await h.app.services.store.listOutbox({ caseId: c.id });
    expect(rows.map((r) => r.state).sort()).toEqual(pending.map(() => 'sent'));
    // A second restart sends nothing again.
    await h.stop();
    nock.cleanAll();
    h = await apps.start(() => ({ slackUsers: [SLACK_BO] }), dataDir);
    await h.app.services.dispatcher.runOnce();
    expect(h.slackCalls.filter((x) => x.method === 'chat.postMessage')).toHaveLength(0);
    expect(h.teamsCalls).toHaveLength(0);
  }, 60_000);
});
