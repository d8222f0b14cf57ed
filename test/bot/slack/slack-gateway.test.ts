import nock from 'nock';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../../src/bot/slack/slack-client.js';
import { SlackGateway } from '../../../src/bot/slack/slack-gateway.js';
import type { CardRef } from '../../../src/models/case.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.js';
import { DeliveryError } from '../../../src/services/ports/chat-gateway.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { formOf, jsonField, SLACK_API_ORIGIN, SLACK_API_URL } from '../../helpers/slack-harness.js';
import { renderTestCard } from '../../services/outbox/dispatcher-harness.js';

/** Every mrkdwn text object in a block tree. */
function mrkdwnTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  const own = o['type'] === 'mrkdwn' && typeof o['text'] === 'string' ? [o['text']] : [];
  return [...own, ...Object.values(o).flatMap(mrkdwnTexts)];
}

const logger = pino({ level: 'silent' });
const ref: CardRef = {
  platform: 'slack',
  groupId: 'arts-support',
  channelId: 'C0ARTSSUP',
  conversationId: 'C0ARTSSUP',
  messageId: '1700000000.000100',
  active: true,
};

describe('SlackGateway', () => {
  let store: SqliteCaseStore;
  let gateway: SlackGateway;
  beforeEach(async () => {
    nock.disableNetConnect();
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    gateway = new SlackGateway({
      client: createSlackClient({ botToken: 'xoxb-t', logger, slackApiUrl: SLACK_API_URL }),
      store,
    });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await store.close();
  });

  it('posts a top-level message with the message blocks to the channel when posting a group message', async () => {
    let body: Record<string, string> | undefined;
    nock(SLACK_API_ORIGIN)
      .post('/api/chat.postMessage', (b) => {
        body = formOf(b);
        return true;
      })
      .reply(200, { ok: true, channel: 'C0ARTSSUP', ts: '1700000000.000200' });
    const out = await gateway.postMessage(
      { platform: 'slack', groupId: 'arts-support', channelId: 'C0ARTSSUP' },
      { kind: 'message', locale: 'en', title: 'Major incident INC-000777', text: 'Eduroam is down on campus' },
    );
    expect(out).toEqual({ messageId: '1700000000.000200' });
    expect(body?.['channel']).toBe('C0ARTSSUP');
    expect(body?.['thread_ts']).toBeUndefined();
    expect(JSON.stringify(jsonField(body, 'blocks'))).toContain('Eduroam is down on campus');
  });

  it('posts the card to the channel and returns ts and channel when posting a case card', async () => {
    let body: Record<string, string> | undefined;
    nock(SLACK_API_ORIGIN)
      .post('/api/chat.postMessage', (b) => {
        body = formOf(b);
        return true;
      })
      .reply(200, { ok: true, channel: 'C0ARTSSUP', ts: '1700000000.000100' });
    const c = await store.createCase(buildNewCase({ title: '<!channel> urgent & <@U0BOSS> please' }));
    const out = await gateway.postCaseCard(
      { platform: 'slack', groupId: 'arts-support', channelId: 'C0ARTSSUP' },
      renderTestCard(c, 'slack'),
    );
    expect(out).toEqual({ messageId: '1700000000.000100', conversationId: 'C0ARTSSUP' });
    expect(body?.['channel']).toBe('C0ARTSSUP');
    // Slack interprets `<!channel>` only in mrkdwn (and the notification text); plain_text never pings.
    const mrkdwn = [body?.['text'] ?? '', ...mrkdwnTexts(jsonField(body, 'blocks'))].join(' ');
    expect(mrkdwn).not.toContain('<!channel>');
    expect(mrkdwn).not.toContain('<@U0BOSS>');
    expect(body?.['text']).toContain('&lt;!channel&gt;');
  });

  it('updates the card in place with chat.update when updating a case card', async () => {
    let body: Record<string, string> | undefined;
    nock(SLACK_API_ORIGIN)
      .post('/api/chat.update', (b) => {
        body = formOf(b);
        return true;
      })
      .reply(200, { ok: true });
    const c = await store.createCase(buildNewCase({}));
    await gateway.updateCaseCard(ref, renderTestCard(c, 'slack'));
    expect(body?.['channel']).toBe('C0ARTSSUP');
    expect(body?.['ts']).toBe('1700000000.000100');
    expect(jsonField<unknown[]>(body, 'blocks').length).toBeGreaterThan(0);
  });

  it('replies in the thread with the mention when the view names a Slack person', async () => {
    let body: Record<string, string> | undefined;
    nock(SLACK_API_ORIGIN)
      .post('/api/chat.postMessage', (b) => {
        body = formOf(b);
        return true;
      })
      .reply(200, { ok: true, ts: '1700000000.000200' });
    await gateway.replyInThread(ref, {
      kind: 'message',
      locale: 'en',
      text: 'Escalated to you',
      mention: { id: 'slack:U0KAREN', name: 'Karen' },
    });
    expect(body?.['thread_ts']).toBe('1700000000.000100');
    expect(body?.['text']).toContain('<@U0KAREN>');
  });

  it('opens the DM once and posts there when sending to a person', async () => {
    const posted: Record<string, string>[] = [];
    const open = nock(SLACK_API_ORIGIN)
      .post('/api/conversations.open', (b) => formOf(b)['users'] === 'U0BO')
      .once()
      .reply(200, { ok: true, channel: { id: 'D0BO' } });
    nock(SLACK_API_ORIGIN)
      .post('/api/chat.postMessage', (b) => {
        posted.push(formOf(b));
        return true;
      })
      .times(2)
      .reply(200, { ok: true, ts: '1700000000.000300' });
    const bo = { id: 'slack:U0BO', name: 'Bo' };
    expect(await gateway.sendToPerson(bo, { kind: 'message', locale: 'da', text: 'Din sag er løst' })).toEqual({
      messageId: '1700000000.000300',
    });
    await gateway.sendToPerson(bo, { kind: 'message', locale: 'da', text: 'Igen' });
    expect(open.isDone()).toBe(true);
    expect(posted.map((p) => p['channel'])).toEqual(['D0BO', 'D0BO']);
  });

  it('throws a DeliveryError with retryAfterMs when chat.postMessage answers 429 with Retry-After', async () => {
    nock(SLACK_API_ORIGIN)
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '7' });
    const err = await gateway.replyInThread(ref, { kind: 'message', locale: 'en', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryAfterMs).toBe(7000);
    expect((err as DeliveryError).permanent).toBe(false);
  });

  it('throws a permanent DeliveryError when the channel is gone', async () => {
    nock(SLACK_API_ORIGIN).post('/api/chat.update').reply(200, { ok: false, error: 'channel_not_found' });
    const c = await store.createCase(buildNewCase({}));
    const err = await gateway.updateCaseCard(ref, renderTestCard(c, 'slack')).catch((e: unknown) => e);
    expect((err as DeliveryError).permanent).toBe(true);
  });

  it('refuses people of other platforms permanently when sending to a person', async () => {
    expect(gateway.canReach('teams:anna')).toBe(false);
    const err = await gateway
      .sendToPerson({ id: 'teams:anna', name: 'Anna' }, { kind: 'message', locale: 'en', text: 'x' })
      .catch((e: unknown) => e);
    expect((err as DeliveryError).permanent).toBe(true);
  });

  it('is retried by the outbox after Retry-After when chat.postMessage is rate limited', async () => {
    const clock = new ManualClock('2025-03-03T09:00:00.000Z');
    const c = await store.createCase(buildNewCase({ groupId: 'arts-support' }));
    const dispatcher = new OutboxDispatcher({
      store,
      gateways: [gateway],
      clock,
      logger,
      renderCard: (x, platform) => renderTestCard(x, platform),
      renderMovedCard: (x, _ref, platform) => renderTestCard(x, platform, 'moved'),
      channelTargets: async (groupId) => [{ platform: 'slack', groupId, channelId: 'C0ARTSSUP' }],
      alert: () => [],
      random: () => 0.5,
    });
    await store.enqueueOutbox([
      draft(
        'post:1',
        { kind: 'post_card', caseId: c.id, groupId: 'arts-support' },
        { notBefore: clock.now().toISOString() },
      ),
    ]);
    nock(SLACK_API_ORIGIN)
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '30' });
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1, sent: 0 });
    const [pending] = await store.listOutbox({ state: 'pending' });
    expect(pending?.nextAttemptAt).toBe('2025-03-03T09:00:30.000Z');
    clock.advance(30_000);
    nock(SLACK_API_ORIGIN)
      .post('/api/chat.postMessage')
      .reply(200, { ok: true, channel: 'C0ARTSSUP', ts: '1700000000.000900' });
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });
    const stored = await store.getCase(c.id);
    expect(stored?.cards).toEqual([
      expect.objectContaining({ platform: 'slack', channelId: 'C0ARTSSUP', messageId: '1700000000.000900' }),
    ]);
  });
});
