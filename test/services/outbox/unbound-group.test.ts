import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case } from '../../../src/models/case.js';
import type { CaseStore, OutboxMessage } from '../../../src/models/case-store.js';
import type { Delivery } from '../../../src/services/outbox/deliveries.js';
import { ownerCardDrafts } from '../../../src/services/lifecycle/owner-card.js';
import { draft, postCardDraft } from '../../../src/services/outbox/deliveries.js';
import { createDeliverer, UNBOUND_CHECK_MS } from '../../../src/services/outbox/deliver-message.js';
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

  /** The dispatcher's dependencies as `d` has them, on `store`. */
  const depsOn = (store: CaseStore, owner = 'test-dispatcher') =>
    h.deps({
      store,
      owner,
      channelTargets: async (groupId) => (groupId === 'network' ? bound : (CHANNELS[groupId] ?? [])),
      alert: (view, about): Delivery[] => {
        alerts.push({ view, ...(about ? { groupId: about.groupId } : {}) });
        return [{ kind: 'send_person', person: ALERT_PERSON, view }];
      },
    });

  /** The harness store, counting the calls of each method; `wrap` may replace a method's call. */
  function countingStore(wrap: Partial<Record<keyof CaseStore, (...args: unknown[]) => unknown>> = {}) {
    const calls: Record<string, number> = {};
    const store = new Proxy(h.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
          const own = wrap[prop as keyof CaseStore];
          return own ? own(...args) : value.apply(target, args);
        };
      },
    });
    return { store, calls };
  }

  /** The group's due alert message (`group_unbound` with `alert`), as a dispatcher would hand it over. */
  async function dueAlert(): Promise<OutboxMessage> {
    const all = await h.store.listOutbox({ kind: 'group_unbound', state: 'pending', limit: 10 });
    const alert = all.find((m) => m.payload['alert'] === true);
    if (!alert) throw new Error('no alert pending');
    return alert;
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
    // When the cards come once the group is bound: at the next look for its channel.
    expect(sent[0]!.text).toContain(`inden for ${UNBOUND_CHECK_MS / 60_000} minutter`);

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

  it("posts the owner's card of a case back with it once the owner group has a channel again, and counts it in the alert", async () => {
    // The service desk's case, owned by the network group (which has no channel), resolved and back with its owner.
    const c = await h.store.createCase(buildNewCase({ groupId: 'servicedesk', ownerGroupId: 'network' }), (n) => [
      postCardDraft(n, 'servicedesk'),
    ]);
    await d.runOnce();
    const posted = (await h.store.getCase(c.id))!;
    const resolved: Case = { ...posted, status: 'resolved', version: posted.version + 1 };
    await h.store.updateCase(resolved, posted.version, ownerCardDrafts(resolved));
    await runFor(3);
    const ownerPosts = (await h.store.listOutbox({ caseId: c.id, kind: 'post_card', limit: 10 })).filter(
      (m) => m.payload['groupId'] === 'network',
    );
    expect(ownerPosts.map((m) => m.result)).toEqual([{ skipped: 'no channel', groupId: 'network' }]);
    // The owner group's people are told, as for a desk card that could not be posted.
    expect(alerts.map((a) => a.groupId)).toEqual(['network']);
    expect(JSON.stringify(alertTexts()[0]!.facts)).toContain(`1: ${c.number}`);

    bound = CHANNELS.network!;
    await runFor(12);
    const ownerCards = (platform: 'teams' | 'slack') =>
      (platform === 'teams' ? h.teams : h.slack)
        .deliveredOf('postCaseCard')
        .filter((p) => p.target.groupId === 'network')
        .map((p) => p.card.number);
    expect(ownerCards('teams')).toEqual([c.number]);
    expect(ownerCards('slack')).toEqual([c.number]);
    const stored = (await h.store.getCase(c.id))!;
    // Stored as the owner's card is (inactive: a working card only while the case is back with the owner).
    expect(stored.cards.filter((r) => r.groupId === 'network').map((r) => r.active)).toEqual([false, false]);
    await runFor(30);
    expect(h.teams.deliveredOf('postCaseCard')).toHaveLength(2);
    expect(await h.store.listOutbox({ state: 'pending', limit: 100 })).toEqual([]);
  });

  it('does not read the group’s cases for an alert when the group is bound again or was alerted today', async () => {
    await register(1);
    await d.runOnce();
    const alert = await dueAlert();

    bound = CHANNELS.network!;
    const counted = countingStore();
    expect(await createDeliverer(depsOn(counted.store))(alert)).toEqual({ skipped: 'bound again', groupId: 'network' });
    expect(counted.calls['findCases']).toBeUndefined();

    bound = [];
    await h.store.putRef('outbox.unbound', 'network', { alertedAt: h.clock.now().toISOString() });
    const again = countingStore();
    expect(await createDeliverer(depsOn(again.store))(alert)).toMatchObject({ skipped: 'alerted already' });
    expect(again.calls['findCases']).toBeUndefined();
    expect(alerts).toEqual([]);
  });

  it('still sends the alert when the message that claimed the mark is delivered again (its process died after the claim)', async () => {
    await register(1);
    await d.runOnce();
    const alert = await dueAlert();
    const alertedAt = h.clock.now().toISOString();
    // Claimed by this very message, whose alert was not written yet: sent, under the keys a first try would use.
    await h.store.putRef('outbox.unbound', 'network', { alertedAt, by: alert.key });
    expect(await createDeliverer(depsOn(h.store))(alert)).toEqual({ alerted: 1, cases: 1, groupId: 'network' });
    // Claimed by another alert of the group: that one tells them.
    await h.store.putRef('outbox.unbound', 'network', { alertedAt, by: 'unbound:network:alert:other' });
    expect(await createDeliverer(depsOn(h.store))(alert)).toMatchObject({ skipped: 'alerted already' });
    expect(alerts).toHaveLength(1);
    expect((await h.store.listOutbox({ kind: 'send_person', limit: 10 })).map((m) => m.key)).toContain(
      `${alert.key}:0`,
    );
  });

  it('sends one alert when two instances deliver two alerts of the group at the same time', async () => {
    await register(1);
    await d.runOnce();
    // A second alert of the group, written for another minute (as a burst spanning two minutes writes).
    await h.store.enqueueOutbox([
      draft('unbound:network:alert:second', { kind: 'group_unbound', groupId: 'network', alert: true }),
    ]);
    // Only the two alerts are due then (the group's look is not what this is about).
    const looks = (await h.store.listOutbox({ kind: 'group_unbound', limit: 10 })).filter((m) => !m.payload['alert']);
    await h.store.deleteOutbox(looks.map((m) => m.id));
    h.clock.advance(2 * 60_000);
    // Both instances read the group's alert mark before either writes it.
    let arrived = 0;
    let release: () => void = () => {};
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const readTogether = async (...args: unknown[]) => {
      const [kind, key] = args as [string, string];
      const value = await h.store.getRef(kind, key);
      if (kind === 'outbox.unbound' && ++arrived === 2) release();
      if (kind === 'outbox.unbound') await bothRead;
      return value;
    };
    const instances = ['a', 'b'].map((owner) => {
      const { store } = countingStore({ getRef: readTogether });
      return h.dispatcher({ ...depsOn(store, owner), batchSize: 1 });
    });
    const alertsDelivered = () => h.store.listOutbox({ kind: 'group_unbound', state: 'sent', limit: 10 });
    await Promise.all(instances.map((i) => i.runOnce()));
    expect((await alertsDelivered()).filter((m) => m.payload['alert'] === true)).toHaveLength(2);

    await runFor(3);
    expect(alerts).toHaveLength(1);
    expect(alertTexts()).toHaveLength(1);
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
