import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case } from '../../../src/models/case.js';
import type { Delivery } from '../../../src/services/outbox/deliveries.js';
import { draft, postCardDraft } from '../../../src/services/outbox/deliveries.js';
import type { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.js';
import type { ChannelTarget } from '../../../src/services/ports/chat-gateway.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import { ALERT_PERSON, CHANNELS, createHarness, type Harness, message } from './dispatcher-harness.js';

/**
 * A group with no channel on any platform (the Teams app removed from its team and no Slack channel, or never
 * bound): its new cases' card posts neither vanish silently nor hold the case's other messages back.
 */
describe('card posts for a group without any channel', () => {
  let h: Harness;
  /** The network group's channels as the bindings say now: none at first. */
  let bound: ChannelTarget[];
  let alerts: { view: MessageView; groupId?: string }[];
  let d: OutboxDispatcher;

  beforeEach(async () => {
    h = await createHarness();
    bound = [];
    alerts = [];
    d = h.dispatcher({
      channelTargets: async (groupId) => (groupId === 'network' ? bound : (CHANNELS[groupId] ?? [])),
      alert: (view, about): Delivery[] => {
        alerts.push({ view, ...(about ? { groupId: about.groupId } : {}) });
        return [{ kind: 'send_person', person: ALERT_PERSON, view }];
      },
    });
  });
  afterEach(async () => {
    await h.store.close();
  });

  /** A new case of the network group as registration writes it: its card post, then the reporter's receipt. */
  async function register(n: number): Promise<Case> {
    return h.store.createCase(buildNewCase({ groupId: 'network', title: `Network case ${n}` }), (c) => [
      postCardDraft(c, 'network'),
      draft(`${c.id}:receipt`, {
        kind: 'send_person',
        person: buildPerson('anna'),
        view: message(`receipt ${c.number}`),
      }),
    ]);
  }

  /** Runs the dispatcher until nothing due is left, `minutes` apart. */
  async function runFor(minutes: number): Promise<void> {
    for (let i = 0; i < minutes; i++) {
      await d.runOnce();
      h.clock.advance(60_000);
    }
    await d.runOnce();
  }

  const alertTexts = () =>
    h.teams
      .deliveredOf('sendToPerson')
      .filter((s) => s.person.id === ALERT_PERSON.id)
      .map((s) => s.message);

  it('sends one alert for a burst of cases, naming the group, how many cases and how to fix it, and receipts go out', async () => {
    const cases = [await register(1), await register(2), await register(3)];
    await runFor(3);

    // No card anywhere, and the cards' posts are not reported as delivered into a channel.
    expect(h.teams.deliveredOf('postCaseCard')).toEqual([]);
    expect(h.slack.deliveredOf('postCaseCard')).toEqual([]);
    const posts = await h.store.listOutbox({ kind: 'post_card', limit: 100 });
    expect(posts.map((m) => [m.state, m.result])).toEqual(
      cases.map(() => ['sent', { skipped: 'no channel', groupId: 'network' }]),
    );
    // The reporters are not kept waiting behind the card that cannot go anywhere.
    const receipts = h.teams
      .deliveredOf('sendToPerson')
      .filter((s) => s.person.id !== ALERT_PERSON.id)
      .map((s) => s.message.text);
    expect(receipts).toEqual(cases.map((c) => `receipt ${c.number}`));

    // One alert for the burst, about the group, counting its cases without a card.
    expect(alerts.map((a) => a.groupId)).toEqual(['network']);
    const sent = alertTexts();
    expect(sent).toHaveLength(1);
    const text = `${sent[0]!.title}\n${sent[0]!.text}\n${JSON.stringify(sent[0]!.facts)}`;
    expect(text).toContain('network');
    expect(text).toContain('3');
    expect(text).toContain('queue network');
    expect(text).toMatch(/add the app|bind/i);

    // A further case the same day adds no second alert.
    await register(4);
    await runFor(3);
    expect(alertTexts()).toHaveLength(1);

    // A day later the group still has no channel: a new case brings the next alert, counting all five.
    h.clock.advance(24 * 3_600_000);
    await register(5);
    await runFor(3);
    const again = alertTexts();
    expect(again).toHaveLength(2);
    expect(JSON.stringify(again[1]!.facts)).toContain('5: ');
  });

  it('posts the cards of the open cases registered meanwhile once the group has a channel again', async () => {
    const open = [await register(1), await register(2)];
    const closed = await register(3);
    await runFor(3);
    await h.store.updateCase({ ...closed, status: 'closed' }, closed.version);
    expect(h.teams.deliveredOf('postCaseCard')).toEqual([]);

    // The app is added to the team again: the group's channel is bound anew.
    bound = CHANNELS.network!;
    await runFor(12);

    const posted = (platform: 'teams' | 'slack') =>
      (platform === 'teams' ? h.teams : h.slack)
        .deliveredOf('postCaseCard')
        .map((p) => p.card.number)
        .sort();
    expect(posted('teams')).toEqual(open.map((c) => c.number).sort());
    expect(posted('slack')).toEqual(open.map((c) => c.number).sort());
    for (const c of open) {
      const stored = await h.store.getCase(c.id);
      expect(stored!.cards.filter((r) => r.active && r.groupId === 'network')).toHaveLength(2);
    }

    // Nothing more comes of it: no second post, the checks stop.
    await runFor(30);
    expect(h.teams.deliveredOf('postCaseCard')).toHaveLength(2);
    expect(await h.store.listOutbox({ state: 'pending', limit: 100 })).toEqual([]);
  });

  it('posts the card when the group is bound, unbound again before the re-post ran, then bound for good', async () => {
    const c = await register(1);
    await d.runOnce();
    // Bound: a look writes the re-post ...
    bound = CHANNELS.network!;
    let repost: unknown;
    for (let i = 0; i < 10 && !repost; i++) {
      h.clock.advance(60_000);
      await d.runOnce();
      repost = (await h.store.listOutbox({ caseId: c.id, kind: 'post_card', limit: 10 })).find((m) =>
        m.key.includes(':bound'),
      );
    }
    expect(repost).toBeDefined();
    // ... which meets the group without a channel again (the app removed once more): skipped, as the first post was.
    bound = [];
    await runFor(3);
    expect(h.teams.deliveredOf('postCaseCard')).toEqual([]);
    // Added again, for good this time: the case's version is unchanged, yet its card is posted, once.
    bound = CHANNELS.network!;
    await runFor(30);
    expect(h.teams.deliveredOf('postCaseCard').map((p) => p.card.number)).toEqual([c.number]);
    expect(h.slack.deliveredOf('postCaseCard').map((p) => p.card.number)).toEqual([c.number]);
    expect(await h.store.listOutbox({ state: 'pending', limit: 100 })).toEqual([]);
  });

  it('stops checking once none of the group’s cases lacks a card (closed meanwhile), without an alert when none is left', async () => {
    const c = await register(1);
    // Closed before the alert was due: nothing is left to tell anyone about.
    await d.runOnce();
    const fresh = (await h.store.getCase(c.id))!;
    await h.store.updateCase({ ...fresh, status: 'closed' }, fresh.version);
    await runFor(20);
    expect((await h.store.listOutbox({ kind: 'post_card', limit: 10 })).map((m) => m.result)).toEqual([
      { skipped: 'no channel', groupId: 'network' },
    ]);
    expect(alertTexts()).toEqual([]);
    expect(await h.store.listOutbox({ state: 'pending', limit: 100 })).toEqual([]);
  });
});
