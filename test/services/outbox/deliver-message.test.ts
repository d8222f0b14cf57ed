import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../../src/models/case-store.js';
import { createDeliverer } from '../../../src/services/outbox/deliver-message.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import { createHarness, type Harness, message, renderTestCard } from './dispatcher-harness.js';

const karen = buildPerson('karen', { id: 'teams:karen', name: 'Karen Supervisor' });

describe('createDeliverer', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
  });

  afterEach(async () => {
    await h.store.close();
  });

  /** Claims the one pending message. */
  const claimOne = async (): Promise<OutboxMessage> => {
    const [m] = await h.store.claimOutbox(h.clock.now().toISOString(), 'test', 30_000, 10);
    if (!m) throw new Error('nothing to deliver');
    return m;
  };

  /** A personal renderer that records whom and in which language it rendered for. */
  const personal = () => {
    const rendered: { viewer: string; locale: string; version: number }[] = [];
    return {
      rendered,
      renderCardFor: (c: Parameters<typeof renderTestCard>[0], viewer: { id: string }, locale: 'da' | 'en') => {
        rendered.push({ viewer: viewer.id, locale, version: c.version });
        return { ...renderTestCard(c, 'teams'), title: `${c.title} for ${viewer.id}`, locale };
      },
    };
  };

  it('renders the named case card for the recipient from the case as stored at delivery when the message asks for one', async () => {
    const c = await h.store.createCase(buildNewCase({ title: 'Printer' }));
    await h.store.enqueueOutbox([
      draft(
        'ping:karen',
        {
          kind: 'send_person',
          person: karen,
          view: { ...message('Frist overskredet'), locale: 'en' },
          caseCardFor: { caseId: c.id },
        },
        { caseId: c.id },
      ),
    ]);
    // The case moves on between enqueueing and delivery: the card shows the later state.
    const later = await h.store.updateCase({ ...c, title: 'Printer on fire' }, c.version);
    const p = personal();

    const result = await createDeliverer({ ...h.deps(), renderCardFor: p.renderCardFor })(await claimOne());

    const [sent] = h.teams.deliveredOf('sendToPerson');
    expect(sent?.message.text).toBe('Frist overskredet');
    expect(sent?.message.caseCard).toMatchObject({
      caseId: c.id,
      version: later.version,
      title: `Printer on fire for ${karen.id}`,
      locale: 'en',
    });
    expect(p.rendered).toEqual([{ viewer: karen.id, locale: 'en', version: later.version }]);
    expect(result).toMatchObject({ platform: 'teams', cardVersion: later.version });
  });

  it('uses the channel card of the platform that reaches the person when no personal renderer is given', async () => {
    const c = await h.store.createCase(buildNewCase());
    await h.store.enqueueOutbox([
      draft('ping:bo', {
        kind: 'send_person',
        person: { id: 'slack:U0BO', name: 'Bo' },
        view: message('Hej'),
        caseCardFor: { caseId: c.id },
      }),
    ]);

    await createDeliverer(h.deps())(await claimOne());

    const [sent] = h.slack.deliveredOf('sendToPerson');
    expect(sent?.message.caseCard).toMatchObject({ caseId: c.id, title: `${c.title} (slack)` });
  });

  it('takes the case from the message when the draft was written with the case being created', async () => {
    const c = await h.store.createCase(buildNewCase(), [
      draft('created:karen', {
        kind: 'send_person',
        person: karen,
        view: message('Ny sag'),
        caseCardFor: { caseId: '' },
      }),
    ]);
    const p = personal();

    await createDeliverer({ ...h.deps(), renderCardFor: p.renderCardFor })(await claimOne());

    expect(h.teams.deliveredOf('sendToPerson')[0]?.message.caseCard?.caseId).toBe(c.id);
  });

  it('delivers the card stored in the message as it is when the row was written before cards were named', async () => {
    const c = await h.store.createCase(buildNewCase());
    const stored = renderTestCard({ ...c, title: 'As enqueued' }, 'teams');
    await h.store.enqueueOutbox([
      draft('old:karen', { kind: 'send_person', person: karen, view: { ...message('Gammel'), caseCard: stored } }),
    ]);
    await h.store.updateCase({ ...c, title: 'Changed since' }, c.version);
    const p = personal();

    const claimed = await claimOne();
    const result = await createDeliverer({ ...h.deps(), renderCardFor: p.renderCardFor })(claimed);

    // The card names the message it came in (its id: a click on the card can show the message again).
    expect(h.teams.deliveredOf('sendToPerson')[0]?.message).toEqual({
      ...message('Gammel'),
      caseCard: stored,
      deliveredFrom: claimed.id,
    });
    expect(p.rendered).toEqual([]);
    expect(result).not.toHaveProperty('cardVersion');
  });

  it('sends the message without a card when the named case no longer exists', async () => {
    await h.store.enqueueOutbox([
      draft('gone:karen', {
        kind: 'send_person',
        person: karen,
        view: message('Om en slettet sag'),
        caseCardFor: { caseId: 'gone' },
      }),
    ]);

    await createDeliverer(h.deps())(await claimOne());

    const [sent] = h.teams.deliveredOf('sendToPerson');
    expect(sent?.message).toEqual(message('Om en slettet sag'));
  });

  /** Card refs of a case the service desk passed to the network desk: the desk's is active, the owner's not. */
  const ref = (groupId: string, messageId: string, active: boolean) => ({
    platform: 'teams' as const,
    groupId,
    channelId: `19:${groupId}@thread.tacv2`,
    messageId,
    active,
  });
  const escalated = (status: 'in_progress' | 'resolved') =>
    buildNewCase({
      status,
      groupId: 'network',
      ownerGroupId: 'servicedesk',
      cards: [ref('servicedesk', 'owner-card', false), ref('network', 'desk-card', true)],
    });

  it('replies in the thread of the group where it happened when the case has moved on and its new card is still to come', async () => {
    // Claimed at the service desk (reply written), then escalated to the network desk before the reply went out:
    // the desk's card is no longer active and the network's post is queued behind the reply.
    const c = await h.store.createCase(
      buildNewCase({ groupId: 'network', cards: [ref('servicedesk', 'desk-card', false)] }),
    );
    await h.store.enqueueOutbox([
      draft(`${c.id}:claim`, {
        kind: 'thread_reply',
        caseId: c.id,
        view: message('Jonas tog sagen'),
        groupId: 'servicedesk',
      }),
      draft(`${c.id}:post`, { kind: 'post_card', caseId: c.id, groupId: 'network' }),
    ]);
    expect(await createDeliverer(h.deps())(await claimOne())).toMatchObject({ replied: 1 });
    expect(h.teams.deliveredOf('replyInThread').map((r) => [r.ref.messageId, r.message.text])).toEqual([
      ['desk-card', 'Jonas tog sagen'],
    ]);
  });

  it("renders the owner's card as its channel's working card when the desk resolved the case, and as moved before", async () => {
    const rendered: { messageId: string; groupId: string | undefined }[] = [];
    const deliver = createDeliverer(
      h.deps({
        renderCard: (c, platform, groupId) => {
          rendered.push({ messageId: c.cards.find((r) => r.groupId === groupId)?.messageId ?? '?', groupId });
          return renderTestCard(c, platform, `working for ${groupId}`);
        },
      }),
    );
    const open = await h.store.createCase(escalated('in_progress'));
    await h.store.enqueueOutbox([draft('u1', { kind: 'update_cards', caseId: open.id })]);
    await deliver(await claimOne());
    expect(h.teams.deliveredOf('updateCaseCard').map((u) => [u.ref.messageId, u.card.banner])).toEqual([
      ['owner-card', 'moved from servicedesk'],
      ['desk-card', 'working for network'],
    ]);

    const resolved = await h.store.updateCase({ ...open, status: 'resolved' }, open.version);
    await h.store.enqueueOutbox([draft('u2', { kind: 'update_cards', caseId: resolved.id })]);
    await deliver(await claimOne());
    expect(
      h.teams
        .deliveredOf('updateCaseCard')
        .slice(2)
        .map((u) => [u.ref.messageId, u.card.banner]),
    ).toEqual([
      ['owner-card', 'working for servicedesk'],
      ['desk-card', 'working for network'],
    ]);
    expect(rendered.at(-2)).toEqual({ messageId: 'owner-card', groupId: 'servicedesk' });
  });

  it("replies under the owner's card too while the case is back with its owner, and only under the desk's before", async () => {
    const deliver = createDeliverer(h.deps());
    const open = await h.store.createCase(escalated('in_progress'));
    await h.store.enqueueOutbox([draft('t1', { kind: 'thread_reply', caseId: open.id, view: message('Arbejder') })]);
    await deliver(await claimOne());
    expect(h.teams.deliveredOf('replyInThread').map((r) => r.ref.messageId)).toEqual(['desk-card']);

    const resolved = await h.store.updateCase({ ...open, status: 'resolved' }, open.version);
    await h.store.enqueueOutbox([draft('t2', { kind: 'thread_reply', caseId: resolved.id, view: message('Løst') })]);
    await deliver(await claimOne());
    expect(
      h.teams
        .deliveredOf('replyInThread')
        .slice(1)
        .map((r) => r.ref.messageId),
    ).toEqual(['desk-card', 'owner-card']);
  });

  it("replies under its major incident's card, its number first, for a linked report without a card of its own", async () => {
    const deliver = createDeliverer(h.deps());
    const parent = await h.store.createCase(
      buildNewCase({ title: 'Eduroam down', groupId: 'servicedesk', cards: [ref('servicedesk', 'major-card', true)] }),
    );
    const child = await h.store.createCase(buildNewCase({ title: 'No wifi', parentId: parent.id }));
    await h.store.enqueueOutbox([draft('t1', { kind: 'thread_reply', caseId: child.id, view: message('Noteret') })]);
    expect(await deliver(await claimOne())).toMatchObject({ replied: 1, inThreadOf: parent.number });
    expect(h.teams.deliveredOf('replyInThread').map((r) => [r.ref.messageId, r.message.text])).toEqual([
      ['major-card', `${child.number}: Noteret`],
    ]);
    // Its major incident gone (erased): no card is coming for it, nor for the report, so the reply is skipped
    // rather than retried into a dead letter.
    const orphan = await h.store.createCase(buildNewCase({ title: 'No mail', parentId: 'erased-major' }));
    await h.store.enqueueOutbox([draft('t0', { kind: 'thread_reply', caseId: orphan.id, view: message('Noteret') })]);
    expect(await deliver(await claimOne())).toEqual({ skipped: 'linked to a major incident: no card of its own' });
    expect(h.teams.deliveredOf('replyInThread')).toHaveLength(1);
    // An unlinked case whose card is still to come (its post, written before the reply, waiting to go) keeps
    // waiting for it, as before.
    const fresh = await h.store.createCase(buildNewCase({ title: 'Printer', groupId: 'servicedesk' }));
    const later = new Date(h.clock.now().getTime() + 60_000).toISOString();
    await h.store.enqueueOutbox([
      draft(
        'p2',
        { kind: 'post_card', caseId: fresh.id, groupId: 'servicedesk' },
        { caseId: fresh.id, notBefore: later },
      ),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the reply is written in a later millisecond
    await h.store.enqueueOutbox([draft('t2', { kind: 'thread_reply', caseId: fresh.id, view: message('Arbejder') })]);
    await expect(deliver(await claimOne())).rejects.toThrow('the case card has not been posted yet');
  });

  it('hands a major incident follow-up to the runner it was given and keeps what the runner returned', async () => {
    const followUp = {
      kind: 'major_follow_up' as const,
      parentId: 'parent-1',
      version: 7,
      change: { kind: 'note' as const, text: 'Restarting the controller' },
      actor: karen,
    };
    await h.store.enqueueOutbox([draft('parent-1:major-follow-up:v7', followUp, { caseId: 'parent-1' })]);
    const ran: unknown[] = [];
    const deliver = createDeliverer({
      ...h.deps(),
      runMajorFollowUp: async (f) => {
        ran.push(f);
        return { fannedOut: 3 };
      },
    });

    const result = await deliver(await claimOne());

    expect(ran).toEqual([followUp]);
    expect(result).toEqual({ fannedOut: 3 });
    expect(h.teams.calls).toHaveLength(0);
  });

  it('skips a major incident follow-up when no runner is configured', async () => {
    await h.store.enqueueOutbox([
      draft('p:major-follow-up:v2', {
        kind: 'major_follow_up',
        parentId: 'p',
        version: 2,
        change: { kind: 'resolve', resolvedAt: '2025-03-03T09:00:00.000Z' },
        actor: karen,
      }),
    ]);
    expect(await createDeliverer(h.deps())(await claimOne())).toEqual({ skipped: 'no runner' });
  });

  it('skips a message to a placeholder person (a quick case naming nobody, an erased user) instead of dead-lettering it', async () => {
    // Written before the erase, or by a writer that did not check: there is nobody to send it to, which is no fault.
    const erased = { id: 'anonymous:5c1d', name: 'Erased person' };
    await h.store.enqueueOutbox([draft('closed:x', { kind: 'send_person', person: erased, view: message('Lukket') })]);
    expect(await createDeliverer(h.deps())(await claimOne())).toEqual({ skipped: 'nobody to send it to' });
    expect(h.teams.deliveredOf('sendToPerson')).toEqual([]);
    expect(h.slack.deliveredOf('sendToPerson')).toEqual([]);
  });

  describe('a person addressed only by e-mail', () => {
    const lene = { id: 'email:lene.leder@au.dk', name: 'Lene Leder', email: 'lene.leder@au.dk' };
    const directory = (known: { id: string; name: string; email?: string }[]) => ({
      lookup: async () => null,
      search: async (q: string) => known.filter((p) => p.email?.toLowerCase() === q.toLowerCase()),
    });
    const enqueue = () =>
      h.store.enqueueOutbox([draft('dead:x', { kind: 'send_person', person: lene, view: message('Besked død') })]);

    it('is found on a platform at delivery and gets the message there', async () => {
      await enqueue();
      const deliver = createDeliverer({
        ...h.deps(),
        directory: directory([{ id: 'slack:U0LENE', name: 'Lene Leder', email: 'Lene.Leder@au.dk' }]),
      });
      expect(await deliver(await claimOne())).toMatchObject({ platform: 'slack' });
      expect(h.slack.deliveredOf('sendToPerson').map((s) => [s.person.id, s.message.text])).toEqual([
        ['slack:U0LENE', 'Besked død'],
      ]);
    });

    it('nobody of that address on any platform: refused for good, saying whom', async () => {
      await enqueue();
      const deliver = createDeliverer({
        ...h.deps(),
        directory: directory([{ id: 'slack:U0OTHER', name: 'Other', email: 'other@au.dk' }]),
      });
      await expect(deliver(await claimOne())).rejects.toMatchObject({
        permanent: true,
        message: 'no gateway can reach email:lene.leder@au.dk',
      });
      expect(h.slack.deliveredOf('sendToPerson')).toEqual([]);
    });
  });
  it("renders a linked report's cards with its major incident read at delivery (number and status)", async () => {
    const major = await h.store.createCase(buildNewCase({ title: 'Wi-Fi down in building 1481', groupId: 'network' }));
    const linked = await h.store.createCase(
      buildNewCase({ title: 'No Wi-Fi', groupId: 'network', parentId: major.id, cards: [] }),
    );
    const seen: { kind: string; parent: unknown }[] = [];
    const deliver = createDeliverer(
      h.deps({
        renderCard: (c, platform, _groupId, parent) => {
          seen.push({ kind: 'channel', parent });
          return renderTestCard(c, platform);
        },
        renderCardFor: (c, _viewer, _locale, parent) => {
          seen.push({ kind: 'person', parent });
          return renderTestCard(c, 'teams');
        },
      }),
    );
    await h.store.enqueueOutbox([draft('post', { kind: 'post_card', caseId: linked.id, groupId: 'network' })]);
    await deliver(await claimOne());
    await h.store.enqueueOutbox([draft('update', { kind: 'update_cards', caseId: linked.id })]);
    await deliver(await claimOne());
    await h.store.enqueueOutbox([
      draft(
        'card',
        {
          kind: 'send_person',
          person: karen,
          view: { ...message('Opdatering'), locale: 'da' },
          caseCardFor: { caseId: linked.id },
        },
        { caseId: linked.id },
      ),
    ]);
    await deliver(await claimOne());
    const named = { number: major.number, status: major.status };
    // Posted and updated in network's two channels (Teams and Slack), then the personal card.
    expect(seen.map((r) => r.kind)).toEqual(['channel', 'channel', 'channel', 'channel', 'person']);
    for (const r of seen) expect(r.parent).toMatchObject(named);
  });
});
