import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { CardRef, PersonRef } from '../../../src/models/case.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { type ChatGateway, DeliveryError } from '../../../src/services/ports/chat-gateway.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import { RecordingGateway } from '../../helpers/recording-gateway.js';
import { ALERT_PERSON, CHANNELS, createHarness, type Harness, message } from './dispatcher-harness.js';

const anna = buildPerson('anna');

describe('OutboxDispatcher', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
  });

  afterEach(async () => {
    await h.store.close();
  });

  const outboxByKey = async (key: string) => {
    const all = await h.store.listOutbox({ limit: 1000 });
    const found = all.find((m) => m.key === key);
    if (!found) throw new Error(`no outbox message ${key}`);
    return found;
  };

  describe('send_person', () => {
    it('delivers once through the gateway that reaches the person when run repeatedly', async () => {
      await h.store.enqueueOutbox([draft('receipt:1', { kind: 'send_person', person: anna, view: message('Hej') })]);
      const d = h.dispatcher();

      expect(await d.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
      expect(await d.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });

      const sent = h.teams.deliveredOf('sendToPerson');
      expect(sent).toHaveLength(1);
      expect(sent[0]?.person.id).toBe(anna.id);
      expect(sent[0]?.message.text).toBe('Hej');
      expect(h.slack.calls).toHaveLength(0);
      const stored = await outboxByKey('receipt:1');
      expect(stored.state).toBe('sent');
      expect(stored.attempts).toBe(1);
      expect(stored.result).toMatchObject({ platform: 'teams', messageId: sent[0]?.messageId });
    });

    it('uses the Slack gateway when only Slack reaches the person', async () => {
      const bo = { id: 'slack:U0BO', name: 'Bo Berg' };
      await h.store.enqueueOutbox([draft('ping:bo', { kind: 'send_person', person: bo, view: message('Ping') })]);

      await h.dispatcher().runOnce();

      expect(h.slack.deliveredOf('sendToPerson').map((c) => c.person.id)).toEqual([bo.id]);
      expect(h.teams.calls).toHaveLength(0);
    });

    it('uses a gateway added to the array after construction when a transport starts late', async () => {
      const gateways: ChatGateway[] = [];
      const d = h.dispatcher({ gateways });
      gateways.push(h.teams);
      await h.store.enqueueOutbox([draft('late', { kind: 'send_person', person: anna, view: message('Hej') })]);

      expect(await d.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
      expect(h.teams.deliveredOf('sendToPerson')).toHaveLength(1);
    });

    it('dead-letters the message when no gateway reaches the person', async () => {
      const email = { id: 'email:x@au.dk', name: 'X' };
      await h.store.enqueueOutbox([draft('lost', { kind: 'send_person', person: email, view: message('?') })]);

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, dead: 1 });
      expect((await outboxByKey('lost')).state).toBe('dead');
    });
  });

  describe('post_card', () => {
    it('posts to both platforms and stores the card refs on the case when the group has both channels', async () => {
      // As registration does it: the draft is written with the case, before the case id is known.
      const c = await h.store.createCase(buildNewCase(), [
        draft('card:1', { kind: 'post_card', caseId: '', groupId: 'servicedesk' }),
      ]);

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });

      const teamsPost = h.teams.deliveredOf('postCaseCard');
      const slackPost = h.slack.deliveredOf('postCaseCard');
      expect(teamsPost.map((p) => p.target.channelId)).toEqual([CHANNELS['servicedesk']![0]!.channelId]);
      expect(slackPost.map((p) => p.target.channelId)).toEqual(['C0SERVICE']);
      const stored = await h.store.getCase(c.id);
      expect(stored?.cards).toEqual<CardRef[]>([
        {
          platform: 'teams',
          groupId: 'servicedesk',
          channelId: '19:servicedesk@thread.tacv2',
          messageId: teamsPost[0]!.messageId!,
          conversationId: teamsPost[0]!.conversationId!,
          active: true,
        },
        {
          platform: 'slack',
          groupId: 'servicedesk',
          channelId: 'C0SERVICE',
          messageId: slackPost[0]!.messageId!,
          conversationId: 'C0SERVICE',
          active: true,
        },
      ]);
      // The posted card carries the version the case has once its refs are stored, so its buttons are fresh.
      expect(teamsPost[0]?.card.version).toBe(stored?.version);
    });

    it('never posts twice to a channel that already has the active card when another post_card comes', async () => {
      const c = await h.store.createCase(buildNewCase());
      await h.store.enqueueOutbox([draft('card:a', { kind: 'post_card', caseId: c.id, groupId: 'servicedesk' })]);
      await h.dispatcher().runOnce();
      await h.store.enqueueOutbox([draft('card:b', { kind: 'post_card', caseId: c.id, groupId: 'servicedesk' })]);

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });

      expect(h.teams.callsOf('postCaseCard')).toHaveLength(1);
      expect(h.slack.callsOf('postCaseCard')).toHaveLength(1);
      expect((await h.store.getCase(c.id))?.cards).toHaveLength(2);
    });

    it('retries only the platform that failed when the other one got its card', async () => {
      const c = await h.store.createCase(buildNewCase());
      await h.store.enqueueOutbox([draft('card:p', { kind: 'post_card', caseId: c.id, groupId: 'servicedesk' })]);
      h.teams.failNext(1, new DeliveryError('Teams is down'));
      const d = h.dispatcher();

      expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
      expect((await h.store.getCase(c.id))?.cards.map((r) => r.platform)).toEqual(['slack']);

      h.clock.advance(60_000);
      expect(await d.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });

      expect(h.slack.callsOf('postCaseCard')).toHaveLength(1);
      expect(h.teams.callsOf('postCaseCard')).toHaveLength(2);
      expect(h.teams.deliveredOf('postCaseCard')).toHaveLength(1);
      expect((await h.store.getCase(c.id))?.cards.map((r) => r.platform).sort()).toEqual(['slack', 'teams']);
    });

    it('keeps the refs and enqueues a card refresh when the case changed while the card was posted', async () => {
      const c = await h.store.createCase(buildNewCase());
      await h.store.enqueueOutbox([draft('card:r', { kind: 'post_card', caseId: c.id, groupId: 'servicedesk' })]);
      const held = h.slack.hold('postCaseCard');
      const run = h.dispatcher().runOnce();
      await held.arrived;
      const fresh = (await h.store.getCase(c.id))!;
      await h.store.updateCase({ ...fresh, status: 'in_progress' }, fresh.version);
      held.release();

      expect(await run).toEqual({ sent: 1, retried: 0, dead: 0 });

      const stored = (await h.store.getCase(c.id))!;
      expect(stored.status).toBe('in_progress');
      expect(stored.cards).toHaveLength(2);
      const refresh = await outboxByKey(`refresh:${c.id}:v${stored.version}`);
      expect(refresh.kind).toBe('update_cards');
      expect(refresh.state).toBe('pending');
    });

    it('posts nothing when the case has moved to another group before its card got out', async () => {
      const c = await h.store.createCase(buildNewCase({ groupId: 'network' }));
      await h.store.enqueueOutbox([draft('card:old', { kind: 'post_card', caseId: c.id, groupId: 'servicedesk' })]);

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
      expect(h.teams.calls).toHaveLength(0);
      expect(h.slack.calls).toHaveLength(0);
    });
  });

  describe('update_cards', () => {
    it('updates active cards with the case card and moved cards with the moved card', async () => {
      const cards: CardRef[] = [
        { platform: 'teams', groupId: 'servicedesk', channelId: 'sd', messageId: 'old-t', active: false },
        { platform: 'slack', groupId: 'servicedesk', channelId: 'C0SERVICE', messageId: 'old-s', active: false },
        { platform: 'teams', groupId: 'network', channelId: 'net', messageId: 'new-t', active: true },
      ];
      const c = await h.store.createCase(buildNewCase({ groupId: 'network', cards }));
      await h.store.enqueueOutbox([draft('upd:1', { kind: 'update_cards', caseId: c.id })]);

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });

      const teams = h.teams.deliveredOf('updateCaseCard');
      expect(teams.map((u) => [u.ref.messageId, u.card.banner])).toEqual([
        ['old-t', 'moved from servicedesk'],
        ['new-t', undefined],
      ]);
      expect(teams.every((u) => u.card.version === c.version && u.card.caseId === c.id)).toBe(true);
      const slack = h.slack.deliveredOf('updateCaseCard');
      expect(slack.map((u) => [u.ref.messageId, u.card.banner])).toEqual([['old-s', 'moved from servicedesk']]);
    });
  });

  describe('thread_reply', () => {
    it('replies in every active card thread and not in moved ones', async () => {
      const cards: CardRef[] = [
        { platform: 'teams', groupId: 'servicedesk', channelId: 'sd', messageId: 'old-t', active: false },
        { platform: 'teams', groupId: 'network', channelId: 'net', messageId: 'new-t', active: true },
        { platform: 'slack', groupId: 'network', channelId: 'C0NETWORK', messageId: 'new-s', active: true },
      ];
      const c = await h.store.createCase(buildNewCase({ groupId: 'network', cards }));
      await h.store.enqueueOutbox([
        draft('reply:1', { kind: 'thread_reply', caseId: c.id, view: message('Anna answered') }),
      ]);

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });

      expect(h.teams.deliveredOf('replyInThread').map((r) => r.ref.messageId)).toEqual(['new-t']);
      expect(h.slack.deliveredOf('replyInThread').map((r) => r.ref.messageId)).toEqual(['new-s']);
    });

    it('retries only the thread that failed when the other one got the reply', async () => {
      const cards: CardRef[] = [
        { platform: 'teams', groupId: 'network', channelId: 'net', messageId: 'new-t', active: true },
        { platform: 'slack', groupId: 'network', channelId: 'C0NETWORK', messageId: 'new-s', active: true },
      ];
      const c = await h.store.createCase(buildNewCase({ groupId: 'network', cards }));
      await h.store.enqueueOutbox([draft('reply:2', { kind: 'thread_reply', caseId: c.id, view: message('Hi') })]);
      h.slack.failNext(1);
      const d = h.dispatcher();

      await d.runOnce();
      h.clock.advance(60_000);
      await d.runOnce();
      await d.runOnce();

      expect(h.teams.deliveredOf('replyInThread')).toHaveLength(1);
      expect(h.slack.deliveredOf('replyInThread')).toHaveLength(1);
      // The reply itself was retried, for the Slack thread only: no message of its own was added for it.
      expect(await h.store.listOutbox({ caseId: c.id })).toMatchObject([
        {
          key: 'reply:2',
          state: 'sent',
          attempts: 2,
          result: {
            replied: 2,
            repliedIn: [
              { platform: 'teams', messageId: 'new-t' },
              { platform: 'slack', messageId: 'new-s' },
            ],
          },
        },
      ]);
    });

    it('replies in the one thread a reply written by an earlier version for a single thread names', async () => {
      const cards: CardRef[] = [
        { platform: 'teams', groupId: 'network', channelId: 'net', messageId: 'new-t', active: true },
        { platform: 'slack', groupId: 'network', channelId: 'C0NETWORK', messageId: 'new-s', active: true },
      ];
      const c = await h.store.createCase(buildNewCase({ groupId: 'network', cards }));
      // Left pending at an upgrade: earlier versions retried a reply's missing thread as such a message.
      await h.store.enqueueOutbox([
        {
          key: 'reply:old:slack:new-s',
          kind: 'thread_reply',
          caseId: c.id,
          payload: { caseId: c.id, view: message('Hi'), only: { platform: 'slack', messageId: 'new-s' } },
        },
      ]);

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
      expect(h.teams.deliveredOf('replyInThread')).toHaveLength(0);
      expect(h.slack.deliveredOf('replyInThread').map((r) => r.ref.messageId)).toEqual(['new-s']);
    });

    it('dead-letters a reply refused for good in one thread, keeping the threads it reached on it', async () => {
      const cards: CardRef[] = [
        { platform: 'teams', groupId: 'network', channelId: 'net', messageId: 'new-t', active: true },
        { platform: 'slack', groupId: 'network', channelId: 'C0NETWORK', messageId: 'new-s', active: true },
      ];
      const c = await h.store.createCase(buildNewCase({ groupId: 'network', cards }));
      await h.store.enqueueOutbox([draft('reply:gone', { kind: 'thread_reply', caseId: c.id, view: message('Hi') })]);
      h.slack.failNext(1, new DeliveryError('channel_not_found', { permanent: true }), 'replyInThread');

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, dead: 1 });

      expect(await outboxByKey('reply:gone')).toMatchObject({
        state: 'dead',
        lastError: 'DeliveryError: channel_not_found',
        result: { replied: 1, repliedIn: [{ platform: 'teams', messageId: 'new-t' }] },
      });
    });

    it('waits for the card when the case has none yet but its group has a channel', async () => {
      const c = await h.store.createCase(buildNewCase());
      // The card's post is still to come (written to go later: it holds the reply back neither in the store nor
      // in the batch), so the reply waits for it.
      const later = new Date(h.clock.now().getTime() + 60_000).toISOString();
      await h.store.enqueueOutbox([
        draft('post:3', { kind: 'post_card', caseId: c.id, groupId: c.groupId }, { notBefore: later }),
      ]);
      // Written in a later millisecond than the post (the store stamps the wall clock).
      await new Promise((resolve) => setTimeout(resolve, 5));
      await h.store.enqueueOutbox([draft('reply:3', { kind: 'thread_reply', caseId: c.id, view: message('Hi') })]);

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
    });
  });

  describe('failures', () => {
    it('delivers exactly once with back-off between attempts when the gateway fails twice then succeeds', async () => {
      await h.store.enqueueOutbox([draft('flaky', { kind: 'send_person', person: anna, view: message('Hej') })]);
      h.teams.failNext(2, new DeliveryError('503 from Teams'));
      const d = h.dispatcher({ baseDelayMs: 1_000, random: () => 0.5 });

      const t0 = h.clock.now().getTime();
      expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
      const afterFirst = await outboxByKey('flaky');
      // Full jitter on a ceiling of 1 s: 0.5 × 1000 ms.
      expect(afterFirst.nextAttemptAt).toBe(new Date(t0 + 500).toISOString());
      expect(afterFirst.lastError).toContain('503 from Teams');

      h.clock.advance(499);
      expect(await d.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
      h.clock.advance(1);
      const t1 = h.clock.now().getTime();
      expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
      // The ceiling doubles: 0.5 × 2000 ms.
      expect((await outboxByKey('flaky')).nextAttemptAt).toBe(new Date(t1 + 1_000).toISOString());

      h.clock.advance(1_000);
      expect(await d.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });

      expect(h.teams.deliveredOf('sendToPerson')).toHaveLength(1);
      expect(h.teams.callsOf('sendToPerson')).toHaveLength(3);
      const final = await outboxByKey('flaky');
      expect(final.state).toBe('sent');
      expect(final.attempts).toBe(3);
    });

    it('retries at exactly now + Retry-After when the platform answers 429', async () => {
      await h.store.enqueueOutbox([draft('busy', { kind: 'send_person', person: anna, view: message('Hej') })]);
      h.teams.failNext(1, new DeliveryError('429 Too Many Requests', { retryAfterMs: 7_000 }));
      const d = h.dispatcher();

      const t0 = h.clock.now().getTime();
      await d.runOnce();
      expect((await outboxByKey('busy')).nextAttemptAt).toBe(new Date(t0 + 7_000).toISOString());

      h.clock.advance(6_999);
      expect(await d.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
      h.clock.advance(1);
      expect(await d.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
      expect(h.teams.deliveredOf('sendToPerson')).toHaveLength(1);
    });

    it('does not use up attempts on 429s for the first hour of throttling, then counts them', async () => {
      await h.store.enqueueOutbox([draft('throttled', { kind: 'send_person', person: anna, view: message('Hej') })]);
      const d = h.dispatcher({ maxAttempts: 3 });
      const throttle = () => h.teams.failNext(1, new DeliveryError('429 Too Many Requests', { retryAfterMs: 600_000 }));
      // Ten minutes apart, six 429s in the first hour: more than its 3 attempts, and still pending.
      for (let i = 0; i < 6; i++) {
        throttle();
        expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
        h.clock.advance(600_000);
      }
      expect((await outboxByKey('throttled')).state).toBe('pending');
      // Throttled for an hour now: its 429s count, and with a 5xx between them the message keeps what it was.
      throttle();
      expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
      h.clock.advance(600_000);
      h.teams.failNext(1, new DeliveryError('503 from Teams'));
      expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
      h.clock.advance(600_000);
      throttle();
      expect(await d.runOnce()).toEqual({ sent: 0, retried: 0, dead: 1 });
      const dead = await outboxByKey('throttled');
      expect(dead.state).toBe('dead');
      expect(dead.attempts).toBe(9);
    });

    it('delivers a message throttled more times than its attempts once the platform takes it', async () => {
      await h.store.enqueueOutbox([draft('busy', { kind: 'send_person', person: anna, view: message('Hej') })]);
      h.teams.failNext(5, new DeliveryError('429 Too Many Requests', { retryAfterMs: 1_000 }));
      const d = h.dispatcher({ maxAttempts: 2 });
      for (let i = 0; i < 5; i++) {
        expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
        h.clock.advance(1_000);
      }
      expect(await d.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
      expect(h.teams.deliveredOf('sendToPerson')).toHaveLength(1);
    });

    it('treats an unknown error as transient', async () => {
      await h.store.enqueueOutbox([draft('odd', { kind: 'send_person', person: anna, view: message('Hej') })]);
      h.teams.failNext(1, new TypeError('socket hang up'));

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
      const stored = await outboxByKey('odd');
      expect(stored.state).toBe('pending');
      expect(stored.lastError).toContain('socket hang up');
    });

    it('dead-letters at once and alerts 1st-level support when the error is permanent', async () => {
      const c = await h.store.createCase(buildNewCase());
      await h.store.enqueueOutbox([
        draft('gone', { kind: 'send_person', person: anna, view: message('Hej') }, { caseId: c.id }),
      ]);
      h.teams.failNext(1, new DeliveryError('user not found', { permanent: true }), 'sendToPerson');
      const d = h.dispatcher();

      expect(await d.runOnce()).toEqual({ sent: 0, retried: 0, dead: 1 });

      const dead = await outboxByKey('gone');
      expect(dead.state).toBe('dead');
      expect(dead.attempts).toBe(1);
      const alert = await outboxByKey(`dead:${dead.id}`);
      expect(alert.state).toBe('pending');
      expect(alert.kind).toBe('send_person');
      expect(alert.caseId).toBe(c.id);

      expect(await d.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
      const [delivered] = h.teams.deliveredOf('sendToPerson');
      expect(delivered?.person.id).toBe(ALERT_PERSON.id);
      expect(delivered?.message.facts).toEqual(
        expect.arrayContaining([
          { label: 'Sag', value: c.number },
          { label: 'Fejl', value: 'DeliveryError: user not found' },
        ]),
      );
    });

    it('dead-letters and alerts once when the attempts run out', async () => {
      await h.store.enqueueOutbox([draft('doomed', { kind: 'send_person', person: anna, view: message('Hej') })]);
      h.teams.failNext(10, new DeliveryError('503'), 'sendToPerson');
      const d = h.dispatcher({ maxAttempts: 3, alertLocale: 'en' });

      const outcomes = [];
      for (let i = 0; i < 3; i++) {
        outcomes.push(await d.runOnce());
        h.clock.advance(600_000);
      }

      expect(outcomes.map((o) => o.dead)).toEqual([0, 0, 1]);
      const dead = await outboxByKey('doomed');
      expect(dead.state).toBe('dead');
      expect(dead.attempts).toBe(3);
      expect(h.teams.callsOf('sendToPerson').filter((c) => c.person.id === anna.id)).toHaveLength(3);
      const alerts = (await h.store.listOutbox({ limit: 100 })).filter((m) => m.key.startsWith('dead:'));
      expect(alerts.map((m) => m.key)).toEqual([`dead:${dead.id}`]);
      expect(alerts[0]?.payload).toMatchObject({ view: { locale: 'en', title: 'A message could not be delivered' } });
    });

    it("counts in the alert's Attempts only the attempts that counted, and says how many 429s did not", async () => {
      await h.store.enqueueOutbox([draft('busy', { kind: 'send_person', person: anna, view: message('Hej') })]);
      h.teams.failNext(4, new DeliveryError('429 Too Many Requests', { retryAfterMs: 1_000 }), 'sendToPerson');
      const d = h.dispatcher({ maxAttempts: 3, alertLocale: 'en' });
      for (let i = 0; i < 4; i++) {
        expect(await d.runOnce()).toEqual({ sent: 0, retried: 1, dead: 0 });
        h.clock.advance(1_000);
      }
      h.teams.failNext(3, new DeliveryError('503 from Teams'), 'sendToPerson');
      const outcomes = [];
      for (let i = 0; i < 3; i++) {
        outcomes.push(await d.runOnce());
        h.clock.advance(600_000);
      }
      expect(outcomes.map((o) => o.dead)).toEqual([0, 0, 1]);
      const dead = await outboxByKey('busy');
      expect(dead.attempts).toBe(7);

      const alert = await outboxByKey(`dead:${dead.id}`);
      const facts = (alert.payload as { view: MessageView }).view.facts;
      expect(facts).toEqual(
        expect.arrayContaining([
          { label: 'Attempts', value: '3' },
          { label: 'Throttled (429), not counted', value: '4' },
        ]),
      );
    });

    it('names no throttling in the alert of a message that was never throttled', async () => {
      await h.store.enqueueOutbox([draft('plain', { kind: 'send_person', person: anna, view: message('Hej') })]);
      h.teams.failNext(1, new DeliveryError('user not found', { permanent: true }), 'sendToPerson');
      await h.dispatcher({ alertLocale: 'da' }).runOnce();
      const dead = await outboxByKey('plain');
      const facts = ((await outboxByKey(`dead:${dead.id}`)).payload as { view: MessageView }).view.facts ?? [];
      expect(facts.find((f) => f.label === 'Forsøg')).toEqual({ label: 'Forsøg', value: '1' });
      expect(facts.map((f) => f.label)).not.toContain('Begrænset (429), ikke talt med');
    });

    it('raises no alert about an alert that died itself', async () => {
      await h.store.enqueueOutbox([
        draft('dead:earlier', { kind: 'send_person', person: { id: 'email:x', name: 'X' }, view: message('!') }),
      ]);

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, dead: 1 });
      const alerts = (await h.store.listOutbox({ limit: 100 })).filter((m) => m.key.startsWith('dead:'));
      expect(alerts).toHaveLength(1);
    });

    it('dead-letters a card message whose case no longer exists', async () => {
      await h.store.enqueueOutbox([draft('nocase', { kind: 'update_cards', caseId: 'no-such-case' })]);

      expect(await h.dispatcher().runOnce()).toEqual({ sent: 0, retried: 0, dead: 1 });
      expect((await outboxByKey('nocase')).lastError).toContain('no longer exists');
    });
  });

  describe('leases', () => {
    it('delivers each message once when two dispatchers share the store', async () => {
      const keys = Array.from({ length: 7 }, (_, i) => `m${i}`);
      await h.store.enqueueOutbox(keys.map((k) => draft(k, { kind: 'send_person', person: anna, view: message(k) })));
      const a = h.dispatcher({ owner: 'a', batchSize: 3 });
      const b = h.dispatcher({ owner: 'b', batchSize: 3 });
      // Hold a's first delivery so b claims while a's batch is in flight.
      const held = h.teams.hold();
      const runA = a.runOnce();
      await held.arrived;
      const runB = b.runOnce();
      const summaryB = await runB;
      held.release();
      const summaryA = await runA;
      const rest = await Promise.all([a.runOnce(), b.runOnce()]);

      expect(summaryA.sent).toBe(3);
      expect(summaryB.sent).toBe(3);
      expect(summaryA.sent + summaryB.sent + rest.reduce((n, s) => n + s.sent, 0)).toBe(7);
      const texts = h.teams.deliveredOf('sendToPerson').map((c) => c.message.text);
      expect([...texts].sort()).toEqual(keys);
    });

    it('delivers a message claimed by a crashed dispatcher once its lease expires', async () => {
      await h.store.enqueueOutbox([draft('orphan', { kind: 'send_person', person: anna, view: message('Hej') })]);
      const [claimed] = await h.store.claimOutbox(h.clock.now().toISOString(), 'crashed', 30_000, 10);
      expect(claimed?.key).toBe('orphan');
      const d = h.dispatcher({ leaseMs: 30_000 });

      expect(await d.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
      h.clock.advance(30_000);
      expect(await d.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });

      expect(h.teams.deliveredOf('sendToPerson')).toHaveLength(1);
      const stored = await outboxByKey('orphan');
      expect(stored.state).toBe('sent');
      expect(stored.attempts).toBe(2);
    });

    it('leaves the rest of a batch alone when its lease ran out during delivery', async () => {
      await h.store.enqueueOutbox([
        draft('slow', { kind: 'send_person', person: anna, view: message('1') }),
        draft('late', { kind: 'send_person', person: anna, view: message('2') }),
      ]);
      const held = h.teams.hold();
      const run = h.dispatcher({ leaseMs: 10_000 }).runOnce();
      await held.arrived;
      h.clock.advance(10_000);
      held.release();

      expect(await run).toEqual({ sent: 1, retried: 0, dead: 0 });
      expect(h.teams.deliveredOf('sendToPerson').map((c) => c.message.text)).toEqual(['1']);
      expect((await outboxByKey('late')).state).toBe('pending');
    });
  });

  describe('concurrency', () => {
    /** A Teams gateway whose person messages take a few event-loop turns, recording what overlapped. */
    class SlowGateway extends RecordingGateway {
      inFlight = new Set<string>();
      most = 0;
      overlapWithinCase = false;
      override async sendToPerson(person: PersonRef, view: MessageView): Promise<{ messageId?: string }> {
        const caseOf = (view.text ?? '').split('/')[0] ?? '';
        if (this.inFlight.has(caseOf)) this.overlapWithinCase = true;
        this.inFlight.add(caseOf);
        this.most = Math.max(this.most, this.inFlight.size);
        for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
        this.inFlight.delete(caseOf);
        return super.sendToPerson(person, view);
      }
    }

    /** Three messages for each of `cases` cases, enqueued case by case in order. */
    const enqueue = async (cases: number) => {
      for (let c = 0; c < cases; c++) {
        const created = await h.store.createCase(buildNewCase());
        const drafts = [1, 2, 3].map((n) =>
          draft(
            `c${c}:${n}`,
            { kind: 'send_person', person: anna, view: message(`case${c}/${n}`) },
            {
              caseId: created.id,
            },
          ),
        );
        await h.store.enqueueOutbox(drafts);
      }
    };
    const textsOf = (g: RecordingGateway, c: number) =>
      g
        .deliveredOf('sendToPerson')
        .map((call) => call.message.text ?? '')
        .filter((t) => t.startsWith(`case${c}/`));

    it('delivers several cases at once but each case in order when the batch holds many cases', async () => {
      const slow = new SlowGateway('teams');
      await enqueue(5);
      const summary = await h.dispatcher({ gateways: [slow, h.slack], concurrency: 3 }).runOnce();

      expect(summary).toEqual({ sent: 15, retried: 0, dead: 0 });
      expect(slow.most).toBe(3);
      expect(slow.overlapWithinCase).toBe(false);
      for (let c = 0; c < 5; c++) expect(textsOf(slow, c)).toEqual([`case${c}/1`, `case${c}/2`, `case${c}/3`]);
    });

    it('delivers one message at a time when concurrency is 1', async () => {
      const slow = new SlowGateway('teams');
      await enqueue(3);
      await h.dispatcher({ gateways: [slow, h.slack], concurrency: 1 }).runOnce();

      expect(slow.most).toBe(1);
      expect(slow.deliveredOf('sendToPerson').map((c) => c.message.text)).toEqual(
        [0, 1, 2].flatMap((c) => [1, 2, 3].map((n) => `case${c}/${n}`)),
      );
    });
  });
});
