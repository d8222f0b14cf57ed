import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTSIDE_AU_IT } from '../../../src/cards/card-actions.js';
import { MANAGER_TARGET, presentCase } from '../../../src/services/case-view.js';
import type { Case, Person } from '../../../src/models/case.js';
import type { ChannelTarget } from '../../../src/services/ports/chat-gateway.js';
import { type ChannelCardOutbox, channelCardOutbox } from '../../helpers/channel-card-outbox.js';
import { people } from '../../helpers/people.js';
import { buildSweeper } from '../../helpers/sla.js';
import { buildServices, okCase, type Services, threadTexts, toPerson, wifiInput } from '../../helpers/services.js';

describe('CaseService escalation', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('pings the supervisor personally with a mention and the case card, and replies in the thread', async () => {
    const c = await s.reportWifi();
    const out = await s.service.act(people.jonas, {
      verb: 'escalate_manager',
      caseId: c.id,
      version: c.version,
      reasonCode: 'complaint',
      reason: 'The user has complained twice',
    });
    if (!out.ok) throw new Error(out.reply.text);
    expect(out.case.escalations[0]).toMatchObject({
      kind: 'hierarchical',
      reasonCode: 'complaint',
      toPerson: { id: people.karen.id, name: 'Karen Møller' },
      by: { id: people.jonas.id },
    });
    const sent = await s.outbox.take();
    const ping = toPerson(sent, people.karen.id)[0];
    expect(ping?.mention).toEqual({ id: people.karen.id, name: 'Karen Møller' });
    expect(ping?.text).toContain('Jonas Vestergaard (ARTS Support) eskalerer sag');
    expect(ping?.text).toContain('Klage');
    expect(ping?.caseCard?.number).toBe(c.number);
    // The supervisor's copy of the card carries the acknowledge button.
    expect(ping?.caseCard?.actions.map((a) => a.action.verb)).toContain('acknowledge_escalation');
    const thread = sent.find((m) => m.kind === 'thread_reply');
    expect(thread?.kind === 'thread_reply' && thread.view.mention).toEqual({
      id: people.karen.id,
      name: 'Karen Møller',
    });

    const ack = await s.service.act(people.karen, {
      verb: 'acknowledge_escalation',
      caseId: c.id,
      version: out.case.version,
    });
    if (!ack.ok) throw new Error(ack.reply.text);
    expect(ack.case.escalations[0]?.acknowledgedAt).toBe(s.clock.now().toISOString());
    expect(threadTexts(await s.outbox.take())[0]).toContain('Karen Møller (ARTS Support) har kvitteret');
  });

  it('pings by e-mail id when the directory does not know the supervisor', async () => {
    let c = await s.reportWifi();
    const moved = await s.service.act(people.jonas, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      groupId: 'ops-cloud',
      reason: 'VM',
    });
    if (!moved.ok) throw new Error(moved.reply.text);
    c = moved.case;
    await s.service.act(people.jonas, {
      verb: 'escalate_manager',
      caseId: c.id,
      version: c.version,
      reasonCode: 'other',
      reason: 'Slow',
    });
    const sent = await s.outbox.take();
    const pings = sent.filter((m) => m.kind === 'send_person' && m.person.id !== people.anna.id);
    expect(pings.map((m) => m.kind === 'send_person' && m.person)).toEqual([
      { id: 'email:lisbeth.kaae@au.dk', name: 'Lisbeth Kaae', email: 'lisbeth.kaae@au.dk' },
    ]);
  });

  it('treats the manager option of the escalate menu as a hierarchical escalation', async () => {
    const c = await s.reportWifi();
    const out = await s.service.act(people.jonas, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      groupId: MANAGER_TARGET,
      reason: 'Urgent',
    });
    if (!out.ok) throw new Error(out.reply.text);
    expect(out.case.groupId).toBe('arts-support');
    expect(out.case.escalations[0]).toMatchObject({ kind: 'hierarchical', reasonCode: 'other', reason: 'Urgent' });
  });

  it('opens the escalation form of a resolved case for the manager alone, and refuses it once the case is closed', async () => {
    let c = await s.reportWifi();
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    const resolved = await s.service.act(people.jonas, {
      verb: 'resolve',
      caseId: c.id,
      version: c.version,
      solution: 'Replaced the access point.',
    });
    c = okCase(resolved);
    const offered = resolved.ok && resolved.card.actions.find((a) => a.action['form'] === 'escalate');
    expect(offered).toBeTruthy();
    const open = () =>
      s.service.act(people.jonas, { verb: 'open_form', form: 'escalate', caseId: c.id, version: c.version });
    const opened = await open();
    const form = opened.ok ? opened.reply?.form : undefined;
    expect(form?.inputs.map((i) => i.id)).toEqual(['reasonCode', 'reason']);
    expect(form?.submit.map((b) => [b.action.verb, b.label])).toEqual([
      ['escalate_manager', 'Escalate to the manager'],
    ]);
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    const closed = await open();
    expect(closed).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
  });

  it('marks the old card inactive and posts one for the new group when the case moves', async () => {
    let c = await s.reportWifi();
    // As if the dispatcher had posted the card in ARTS Support's channel.
    c = await s.store.updateCase(
      { ...c, cards: [{ platform: 'teams', groupId: 'arts-support', channelId: 'ch', messageId: 'm1', active: true }] },
      c.version,
    );
    const out = await s.service.act(people.jonas, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      groupId: 'ops-network',
      reason: 'AP',
    });
    if (!out.ok) throw new Error(out.reply.text);
    expect(out.case.cards).toEqual([
      { platform: 'teams', groupId: 'arts-support', channelId: 'ch', messageId: 'm1', active: false },
    ]);
    const sent = await s.outbox.take();
    expect(sent.filter((m) => m.kind === 'post_card')).toMatchObject([{ groupId: 'ops-network', caseId: c.id }]);
    expect(sent.filter((m) => m.kind === 'update_cards')).toHaveLength(1);
  });

  // PROCESS.md step 4: an urgent case is followed by a direct ping to the team lead, also of the group it is passed
  // on to (not only a card in their channel, and an "unclaimed" reply 15 minutes later).
  it("pings the new group's supervisor when an urgent case is escalated there, and not for a normal one", async () => {
    const c = await s.register(wifiInput(people.anna, { impact: 'high', urgency: 'high' }), people.anna);
    expect(c).toMatchObject({ priority: 'P1', groupId: 'arts-support' });
    const claimed = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    await s.outbox.take();
    okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: c.id,
        version: claimed.version,
        groupId: 'ops-network',
        reason: 'Access points in 1481 down',
      }),
    );
    const toErik = toPerson(await s.outbox.take(), people.erik.id);
    expect(toErik).toHaveLength(1);
    expect(toErik[0]).toMatchObject({ mention: { id: people.erik.id }, title: c.number });
    expect(toErik[0]?.text).toBe(
      `Erik Strand: case ${c.number} ("${c.title}") from Anna Berg is urgent (P1 Critical) and was just escalated ` +
        'from ARTS Support to Operations: Network by Jonas Vestergaard (ARTS Support). Please see that someone takes it now.',
    );

    const normal = await s.reportWifi();
    expect(normal.priority).not.toBe('P1');
    okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: normal.id,
        version: normal.version,
        groupId: 'ops-network',
        reason: 'AP',
      }),
    );
    expect(toPerson(await s.outbox.take(), people.erik.id)).toEqual([]);
  });

  describe('the status a case arrives with at the new group (nobody there has it yet)', () => {
    /** Anna's Wi-Fi case, claimed by Jonas at ARTS Support and set to `status` by him. */
    async function claimedAndSet(
      status: 'in_progress' | 'awaiting_user' | 'awaiting_vendor',
      extra: { question?: string; vendorName?: string; vendorRef?: string } = {},
    ): Promise<Case> {
      let c = await s.reportWifi();
      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      c = okCase(
        await s.service.act(people.jonas, { verb: 'set_status', caseId: c.id, version: c.version, status, ...extra }),
      );
      await s.outbox.take();
      return c;
    }

    const escalate = async (c: Case): Promise<Case> =>
      okCase(
        await s.service.act(people.jonas, {
          verb: 'escalate_group',
          caseId: c.id,
          version: c.version,
          groupId: 'ops-network',
          reason: 'Access point',
        }),
      );

    it('is Registered, in the pile of the new group, when it was In progress', async () => {
      const c = await escalate(await claimedAndSet('in_progress'));
      expect(c).toMatchObject({ status: 'registered', groupId: 'ops-network' });
      expect(c.assignee).toBeUndefined();
      expect(c.history.at(-1)).toMatchObject({ action: 'escalate_group', from: 'arts-support', to: 'ops-network' });
      const q = await s.service.queue(people.thor, 'ops-network');
      expect(q.text).toContain('Registered (1)');
      expect(q.text).not.toContain('In progress');
    });

    it('is Registered when it awaited the user: the question is withdrawn, the clock runs again, the user is told', async () => {
      const asked = await claimedAndSet('awaiting_user', { question: 'Which room?' });
      expect(asked.sla.pausedSince).toBeDefined();
      s.clock.advance(60 * 60_000);
      const c = await escalate(asked);
      expect(c.status).toBe('registered');
      expect(c.pendingQuestion).toBeUndefined();
      expect(c.sla.pausedSince).toBeUndefined();
      // The hour it waited for the user is not counted against the desk.
      const due = asked.sla.resolutionDueAt;
      expect(due).toBeDefined();
      expect(c.sla.resolutionDueAt).toBe(new Date(Date.parse(due ?? '') + 60 * 60_000).toISOString());
      const sent = await s.outbox.take();
      const moved = toPerson(sent, people.anna.id)[0];
      expect(moved?.text).toContain('has passed your case');
      expect(moved?.text).toContain(
        'You need not answer the question from Jonas Vestergaard (ARTS Support) any more ("Which room?")',
      );
      expect(threadTexts(sent).join('\n')).toContain('Afventede bruger (spørgsmålet "Which room?" er trukket tilbage)');
      // A chat message from her now is not taken as the answer to the withdrawn question.
      expect(await s.service.userReply(people.anna, 'Room 235')).toBeNull();
    });

    it("is Registered when it awaited a vendor, with the vendor kept on the case and named in the new group's thread", async () => {
      const c = await escalate(await claimedAndSet('awaiting_vendor', { vendorName: 'Cisco', vendorRef: 'TAC-77' }));
      expect(c.status).toBe('registered');
      expect(c.vendor).toEqual({ name: 'Cisco', reference: 'TAC-77' });
      const sent = await s.outbox.take();
      expect(threadTexts(sent).join('\n')).toContain('Afventede leverandør: Cisco (TAC-77)');
      expect(toPerson(sent, people.anna.id)[0]?.text).not.toContain('need not answer');
    });
  });

  it('refuses an unknown group and the group that already has the case', async () => {
    const c = await s.reportWifi();
    const unknown = await s.service.act(people.jonas, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      groupId: 'nope',
      reason: 'x',
    });
    expect(unknown).toMatchObject({ ok: false, code: 'GROUP.NOT_FOUND' });
    const same = await s.service.act(people.jonas, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      groupId: 'arts-support',
      reason: 'x',
    });
    expect(same).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect((await s.store.getCase(c.id))?.version).toBe(c.version);
  });

  it('refuses handing a case over to the unit outside AU IT that has it already, however its name is written', async () => {
    let c = await s.reportWifi();
    const handOver = (unit: string) =>
      s.service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        groupId: OUTSIDE_AU_IT,
        unit,
        reason: 'Cabling in the wall',
      });
    c = okCase(await handOver('AU Bygninger'));
    await s.outbox.take();
    const again = await handOver('au bygninger');
    expect(again).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    if (!again.ok) expect(again.reply.text).toBe(`${c.number} is already with AU Bygninger.`);
    expect((await s.store.getCase(c.id))?.escalations).toHaveLength(1);
    expect(await s.outbox.take()).toEqual([]);
    // Another unit takes it over from there as before.
    okCase(await handOver('AU Økonomi'));
  });
});

describe('CaseService hierarchical escalation goes up, and is acknowledged by whom it reached', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices({ defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });
  const toManager = async (actor: Person, c: Case, reasonCode: 'complaint' | 'agreement_broken' = 'complaint') =>
    s.service.act(actor, {
      verb: 'escalate_manager',
      caseId: c.id,
      version: c.version,
      reasonCode,
      reason: 'User complained to the dean',
    });
  const atNetwork = async () => {
    const c = await s.reportWifi();
    return okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        groupId: 'ops-network',
        reason: 'AP',
      }),
    );
  };

  /** AU IT Support's supervisor (the central dispatch, the wifi category's default 1st-level group). */
  const lone: Person = { id: 'teams:lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk', locale: 'en' };
  /** A case of the central dispatch's (held and owned by AU IT Support). */
  const atCentral = () =>
    s.register(wifiInput(people.anna, { answers: { faculty: 'other', what: 'drops', where: '1481' } }), people.anna);

  it("goes above a 1st-level supervisor escalating her own group's case: to the central dispatch's supervisor", async () => {
    const c = await s.reportWifi();
    await s.outbox.take();
    const escalated = okCase(await toManager(people.karen, c));
    expect(escalated.escalations.at(-1)?.toPerson).toMatchObject({ email: lone.email });
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.karen.id)).toEqual([]);
    expect(sent.filter((m) => m.kind === 'send_person')).toMatchObject([{ person: { email: lone.email } }]);
  });

  it('refuses the top supervisor escalating her own case when the directory knows no manager of hers', async () => {
    const c = await atCentral();
    expect(c).toMatchObject({ groupId: 'it-support', ownerGroupId: 'it-support' });
    await s.outbox.take();
    const out = await toManager(lone, c);
    expect(out).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    if (!out.ok) {
      expect(out.reply.text).toBe(
        `${c.number} cannot be escalated to the manager: you are the supervisor of AU IT Support (central dispatch) ` +
          'yourself, and there is nobody above you to escalate it to here. Take it up with your own manager directly.',
      );
    }
    expect((await s.store.getCase(c.id))?.escalations).toEqual([]);
    expect((await s.outbox.take()).filter((m) => m.kind === 'send_person')).toEqual([]);
  });

  it("goes to the top supervisor's own manager when the directory knows one", async () => {
    s.directory.managerOf = async (id) => (id === lone.id ? people.birgitte : null);
    const c = await atCentral();
    await s.outbox.take();
    const escalated = okCase(await toManager(lone, c));
    expect(escalated.escalations.at(-1)?.toPerson).toMatchObject({ id: people.birgitte.id });
    expect(toPerson(await s.outbox.take(), people.birgitte.id)).toHaveLength(1);
    okCase(
      await s.service.act(people.birgitte, {
        verb: 'acknowledge_escalation',
        caseId: c.id,
        version: escalated.version,
      }),
    );
  });

  it('lets a manager outside the catalogue see the case and acknowledge from a stale card while it waits for her', async () => {
    // Carl is in no catalogue group (a head of IT from the managers file): the escalation is his only tie to the case.
    s.directory.managerOf = async (id) => (id === lone.id ? people.carl : null);
    const c = await atCentral();
    const escalated = okCase(await toManager(lone, c));
    const verbs = (card: { actions: { action: { verb: string } }[] } | undefined) =>
      card?.actions.map((a) => a.action.verb) ?? [];
    // The desk works on: his ping card is stale now.
    const noted = okCase(
      await s.service.act(lone, {
        verb: 'note',
        caseId: c.id,
        version: escalated.version,
        text: 'Called the user',
        visibility: 'internal',
      }),
    );
    // He may bring up the current case (Refresh) while the escalation waits for him, with Acknowledge on it …
    const refreshed = await s.service.act(people.carl, { verb: 'refresh', caseId: c.id, version: escalated.version });
    expect(refreshed.ok && verbs(refreshed.card)).toContain('acknowledge_escalation');
    // … a refusal of anything else shows him the current card too …
    const claimed = await s.service.act(people.carl, { verb: 'claim', caseId: c.id, version: noted.version });
    expect(claimed).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
    expect(claimed.ok ? [] : verbs(claimed.card)).toContain('acknowledge_escalation');
    // … and his click on the stale card acknowledges: what he takes note of does not depend on the notes since.
    const acknowledged = okCase(
      await s.service.act(people.carl, { verb: 'acknowledge_escalation', caseId: c.id, version: escalated.version }),
    );
    expect(acknowledged.escalations.at(-1)?.acknowledgedAt).toBeDefined();
    expect(acknowledged.history.at(-1)).toMatchObject({
      action: 'acknowledge_escalation',
      actor: { id: people.carl.id },
    });
    // Acknowledged, the case is the desk's business again: not his to look at.
    const after = await s.service.act(people.carl, { verb: 'refresh', caseId: c.id });
    expect(after).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
    expect(after.ok ? undefined : after.card).toBeUndefined();
  });

  it('answers a stale Acknowledge of an escalation already acknowledged with nothing to acknowledge', async () => {
    const c = await s.reportWifi();
    const escalated = okCase(await toManager(people.jonas, c));
    okCase(
      await s.service.act(people.karen, { verb: 'acknowledge_escalation', caseId: c.id, version: escalated.version }),
    );
    const again = await s.service.act(people.karen, {
      verb: 'acknowledge_escalation',
      caseId: c.id,
      version: escalated.version,
    });
    expect(again).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect((await s.store.getCase(c.id))?.history.filter((h) => h.action === 'acknowledge_escalation')).toHaveLength(1);
  });

  it("goes to the owner group's supervisor (head of support) when the holding group's supervisor escalates", async () => {
    const c = await atNetwork();
    await s.outbox.take();
    const escalated = okCase(await toManager(people.erik, c));
    expect(escalated.escalations.at(-1)).toMatchObject({
      kind: 'hierarchical',
      fromGroupId: 'ops-network',
      toPerson: { email: people.karen.email },
    });
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.karen.id)).toHaveLength(1);
    expect(toPerson(sent, people.erik.id)).toEqual([]);
    // Karen holds no role on the network desk's case but this: she acknowledges what reached her.
    const acknowledged = okCase(
      await s.service.act(people.karen, {
        verb: 'acknowledge_escalation',
        caseId: c.id,
        version: escalated.version,
      }),
    );
    expect(acknowledged.escalations.at(-1)?.acknowledgedAt).toBeDefined();
  });

  it("offers Acknowledge on the head of support's ping card, and on no card of the supervisor it did not reach", async () => {
    const c = await atNetwork();
    await s.outbox.take();
    const escalated = okCase(await toManager(people.erik, c));
    const verbs = (card: { actions: { action: { verb: string } }[] } | undefined) =>
      card?.actions.map((a) => a.action.verb);
    const ping = toPerson(await s.outbox.take(), people.karen.id)[0];
    expect(ping?.caseCard?.number).toBe(c.number);
    expect(verbs(ping?.caseCard)).toContain('acknowledge_escalation');
    // The acknowledge right is all she holds on the network desk's case.
    expect(verbs(ping?.caseCard)).not.toContain('claim');
    // Erik, the network desk's supervisor, escalated it himself: it waits for Karen, not for him.
    const erikCard = await s.service.act(people.erik, { verb: 'refresh', caseId: c.id });
    expect(erikCard.ok && verbs(erikCard.card)).not.toContain('acknowledge_escalation');
    expect(erikCard.ok && verbs(erikCard.card)).toContain('claim');
    okCase(
      await s.service.act(people.karen, { verb: 'acknowledge_escalation', caseId: c.id, version: escalated.version }),
    );
    const karenCard = await s.service.act(people.karen, { verb: 'refresh', caseId: c.id });
    expect(karenCard.ok && verbs(karenCard.card)).not.toContain('acknowledge_escalation');
  });

  it('acknowledges every open escalation addressed to the supervisor at once (a complaint and a broken agreement)', async () => {
    let c = await s.reportWifi();
    c = okCase(await toManager(people.jonas, c, 'complaint'));
    c = okCase(await toManager(people.emma, c, 'agreement_broken'));
    c = okCase(await s.service.act(people.karen, { verb: 'acknowledge_escalation', caseId: c.id, version: c.version }));
    expect(c.escalations.map((e) => e.acknowledgedAt !== undefined)).toEqual([true, true]);
    expect(c.history.filter((h) => h.action === 'acknowledge_escalation')).toHaveLength(1);
    const again = await s.service.act(people.karen, {
      verb: 'acknowledge_escalation',
      caseId: c.id,
      version: c.version,
    });
    expect(again).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
  });

  it('acknowledges from an older ping card only the escalations that card could show, not one made since', async () => {
    let c = await s.reportWifi();
    c = okCase(await toManager(people.jonas, c, 'complaint'));
    const complaintCard = c.version;
    c = okCase(await toManager(people.emma, c, 'agreement_broken'));
    c = okCase(
      await s.service.act(people.karen, { verb: 'acknowledge_escalation', caseId: c.id, version: complaintCard }),
    );
    expect(c.escalations.map((e) => e.acknowledgedAt !== undefined)).toEqual([true, false]);
    await s.outbox.take();
    // Clicked again, that card has nothing she could have read left: she gets the current case, which shows it.
    const again = await s.service.act(people.karen, {
      verb: 'acknowledge_escalation',
      caseId: c.id,
      version: complaintCard,
    });
    expect(again).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
    if (!again.ok) {
      expect(again.reply.text).toBe(
        `${c.number} er eskaleret til dig igen efter dette kort (af Emma Skov (ARTS Support)). Her er den aktuelle sag: læs den, og kvittér der.`,
      );
      expect(again.card?.version).toBe(c.version);
      expect(again.card?.actions.map((a) => a.action.verb)).toContain('acknowledge_escalation');
    }
    expect((await s.store.getCase(c.id))?.escalations[1]?.acknowledgedAt).toBeUndefined();
    expect(await s.outbox.take()).toEqual([]);
    c = okCase(await s.service.act(people.karen, { verb: 'acknowledge_escalation', caseId: c.id, version: c.version }));
    expect(c.escalations.map((e) => e.acknowledgedAt !== undefined)).toEqual([true, true]);
  });

  it("leaves an SLA breach escalated after the complaint's ping card open when that card is acknowledged", async () => {
    let c = await s.reportWifi();
    c = okCase(await toManager(people.jonas, c, 'complaint'));
    s.clock.set('2025-03-03T13:01:00Z');
    await buildSweeper(s).sweepOnce();
    const breached = (await s.store.getCase(c.id))!;
    expect(breached.escalations.map((e) => e.reasonCode)).toEqual(['complaint', 'agreement_broken']);
    const acknowledged = okCase(
      await s.service.act(people.karen, { verb: 'acknowledge_escalation', caseId: c.id, version: c.version }),
    );
    expect(acknowledged.escalations.map((e) => e.acknowledgedAt !== undefined)).toEqual([true, false]);
  });

  it("leaves an escalation to the previous group's supervisor to her, not to the new group's", async () => {
    let c = await s.reportWifi();
    c = okCase(await toManager(people.jonas, c));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        groupId: 'ops-network',
        reason: 'AP',
      }),
    );
    const byErik = await s.service.act(people.erik, {
      verb: 'acknowledge_escalation',
      caseId: c.id,
      version: c.version,
    });
    expect(byErik).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    if (!byErik.ok) expect(byErik.reply.text).toContain('went to Karen Møller, who acknowledges it');
    expect((await s.store.getCase(c.id))?.escalations[0]?.acknowledgedAt).toBeUndefined();
    // His card does not offer what he may not do; Karen's does, though the case left her group.
    const verbsOf = async (p: Person) => {
      const out = await s.service.act(p, { verb: 'refresh', caseId: c.id });
      return out.ok ? out.card.actions.map((a) => a.action.verb) : [];
    };
    expect(await verbsOf(people.erik)).not.toContain('acknowledge_escalation');
    expect(await verbsOf(people.karen)).toContain('acknowledge_escalation');
    // The network desk's channel card is shared: it keeps the button, and a click is answered as above.
    const channel = presentCase(c, null, { catalogue: s.catalogue, timeZone: 'Europe/Copenhagen', locale: 'en' });
    expect(channel.actions.map((a) => a.action.verb)).toContain('acknowledge_escalation');
    okCase(await s.service.act(people.karen, { verb: 'acknowledge_escalation', caseId: c.id, version: c.version }));
  });
});

describe('CaseService escalation back and forth', () => {
  const CHANNELS: Record<string, ChannelTarget[]> = {
    'arts-support': [{ platform: 'teams', groupId: 'arts-support', teamId: 't', channelId: '19:arts' }],
    'ops-network': [{ platform: 'teams', groupId: 'ops-network', teamId: 't', channelId: '19:network' }],
  };
  let s: Services;
  let outbox: ChannelCardOutbox;
  beforeEach(async () => {
    s = await buildServices({ defaultLocale: 'en' });
    outbox = channelCardOutbox(s.store, s.catalogue, CHANNELS);
  });
  afterEach(async () => {
    await s.close();
  });
  const settled = async (c: Case) => {
    await outbox.settle();
    return (await s.store.getCase(c.id))!;
  };
  const escalate = async (actor: Person, c: Case, groupId: string, reason: string) =>
    settled(
      okCase(await s.service.act(actor, { verb: 'escalate_group', caseId: c.id, version: c.version, groupId, reason })),
    );

  it('sent back to a group that had it, the case works on that group’s card again instead of a second card', async () => {
    let c = await settled(await s.reportWifi());
    c = await escalate(people.jonas, c, 'ops-network', 'Access point');
    c = await escalate(people.thor, c, 'arts-support', 'Not the network: a driver problem');
    expect(outbox.postsTo('19:arts')).toHaveLength(1);
    expect(outbox.postsTo('19:network')).toHaveLength(1);
    const [arts, network] = [
      c.cards.filter((r) => r.groupId === 'arts-support'),
      c.cards.filter((r) => r.groupId === 'ops-network'),
    ];
    expect(arts.map((r) => r.active)).toEqual([true]);
    expect(network.map((r) => r.active)).toEqual([false]);
    // The ARTS card was brought up to date as a working card again (with its buttons), not left saying "moved".
    const last = outbox.teams
      .deliveredOf('updateCaseCard')
      .filter((u) => u.ref.messageId === arts[0]!.messageId)
      .at(-1);
    expect(JSON.stringify(last?.card)).toContain('"verb":"claim"');
  });

  it('a supervisor pinged before the case moved may acknowledge the escalation, but not work the new desk’s case', async () => {
    let c = await s.reportWifi();
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_manager',
        caseId: c.id,
        version: c.version,
        reasonCode: 'complaint',
        reason: 'User complains',
      }),
    );
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        groupId: 'ops-network',
        reason: 'AP',
      }),
    );
    // Karen is ARTS Support's supervisor, not the network desk's.
    const claimed = await s.service.act(people.karen, { verb: 'claim', caseId: c.id, version: c.version });
    expect(claimed).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
    const resolved = await s.service.act(people.karen, {
      verb: 'resolve',
      caseId: c.id,
      version: c.version,
      solution: 'x',
    });
    expect(resolved).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
    const acknowledged = okCase(
      await s.service.act(people.karen, { verb: 'acknowledge_escalation', caseId: c.id, version: c.version }),
    );
    expect(acknowledged.history.at(-1)?.action).toBe('acknowledge_escalation');
  });

  describe('passed to another group by someone other than whoever had it', () => {
    it('tells the assignee, who is also the case owner the user was told keeps them informed, that it moved', async () => {
      let c = await s.reportWifi();
      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      await s.outbox.take();
      okCase(
        await s.service.act(people.karen, {
          verb: 'escalate_group',
          caseId: c.id,
          version: c.version,
          groupId: 'ops-network',
          reason: 'Access points down',
        }),
      );
      const sent = await s.outbox.take();
      expect(toPerson(sent, people.anna.id)[0]?.text).toContain(
        'Jonas Vestergaard (ARTS Support) still owns your case',
      );
      expect(toPerson(sent, people.jonas.id).map((m) => m.text)).toEqual([
        `Karen Møller (ARTS Support) passed case ${c.number} ("${c.title}"), which you had, to Operations: Network. You still own it: the user was told you keep them informed.`,
      ]);
    });

    it('tells a 2nd-level assignee it is no longer theirs, and the case owner at 1st level where it is now', async () => {
      let c = await s.reportWifi();
      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'escalate_group',
          caseId: c.id,
          version: c.version,
          groupId: 'ops-network',
          reason: 'Access points down',
        }),
      );
      c = okCase(await s.service.act(people.thor, { verb: 'claim', caseId: c.id, version: c.version }));
      await s.outbox.take();
      okCase(
        await s.service.act(people.erik, {
          verb: 'escalate_group',
          caseId: c.id,
          version: c.version,
          groupId: 'ops-cloud',
          reason: 'Controller VM down',
        }),
      );
      const sent = await s.outbox.take();
      expect(toPerson(sent, people.thor.id).map((m) => m.text)).toEqual([
        `Erik Strand (Operations: Network) passed case ${c.number} ("${c.title}"), which you had, to Operations: Cloud (Skyen). You no longer have it.`,
      ]);
      expect(toPerson(sent, people.jonas.id).map((m) => m.text)).toEqual([
        `Erik Strand (Operations: Network) passed case ${c.number} ("${c.title}") to Operations: Cloud (Skyen). You still own it: the user was told you keep them informed.`,
      ]);
      expect(toPerson(sent, people.erik.id)).toEqual([]);
    });

    it('tells nobody on staff personally when whoever had it passes it on', async () => {
      let c = await s.reportWifi();
      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      await s.outbox.take();
      okCase(
        await s.service.act(people.jonas, {
          verb: 'escalate_group',
          caseId: c.id,
          version: c.version,
          groupId: 'ops-network',
          reason: 'Access points down',
        }),
      );
      const sent = await s.outbox.take();
      expect(sent.flatMap((m) => (m.kind === 'send_person' ? [m.person.id] : []))).toEqual([people.anna.id]);
    });

    it('tells staff whose own report the case is once, and nothing when they pass it on themselves', async () => {
      // Jonas reported his own Wi-Fi problem and took it: he is its user, assignee and case owner.
      let c = await s.reportWifi(people.jonas);
      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      await s.outbox.take();
      c = okCase(
        await s.service.act(people.karen, {
          verb: 'escalate_group',
          caseId: c.id,
          version: c.version,
          groupId: 'ops-network',
          reason: 'Access points down',
        }),
      );
      expect(toPerson(await s.outbox.take(), people.jonas.id).map((m) => m.text)).toEqual([
        `Karen Møller (ARTS Support) passed case ${c.number} ("${c.title}"), which you had, to Operations: Network. You still own it.`,
      ]);
      // Emma reported her own case and passes it on herself: the thread says so; no message to her about it.
      let own = await s.reportWifi(people.emma);
      own = okCase(
        await s.service.act(people.emma, {
          verb: 'escalate_group',
          caseId: own.id,
          version: own.version,
          groupId: 'ops-cloud',
          reason: 'Controller VM',
        }),
      );
      expect((await s.outbox.take()).filter((m) => m.kind === 'send_person')).toEqual([]);
      // So when she hands another of hers over outside AU IT.
      const other = await s.reportWifi(people.emma);
      okCase(
        await s.service.act(people.emma, {
          verb: 'escalate_group',
          caseId: other.id,
          version: other.version,
          groupId: OUTSIDE_AU_IT,
          unit: 'AU Bygninger',
          reason: 'Cabling in the wall',
        }),
      );
      expect((await s.outbox.take()).filter((m) => m.kind === 'send_person')).toEqual([]);
    });
  });
});
