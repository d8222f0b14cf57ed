import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import type { CaseStore } from '../../../src/models/case-store.js';
import { presentCase } from '../../../src/services/case-view.js';
import { createDeliverer } from '../../../src/services/outbox/deliver-message.js';
import type { CaseCardRequest } from '../../../src/services/outbox/deliveries.js';
import { computeNextTimer } from '../../../src/services/sla/ladder.js';
import { people, person } from '../../helpers/people.js';
import {
  buildServices,
  caseAwaitingAnna,
  kinds,
  type Sent,
  type Services,
  threadTexts,
  toPerson,
  okCase,
  resolvedInStudentsPlace,
  wifiInput,
} from '../../helpers/services.js';
import { RecordingGateway } from '../../helpers/recording-gateway.js';
import { privacyFor } from '../../helpers/privacy.js';
import { buildDigest, buildSweeper, minutes, silentLogger } from '../../helpers/sla.js';
import { createMajorHarness, type MajorHarness } from '../major/major-harness.js';

/** The case card the personal message to this person asks for (rendered at delivery). */
function cardFor(sent: readonly Sent[], personId: string): CaseCardRequest | undefined {
  const m = sent.find((x) => x.kind === 'send_person' && x.person.id === personId);
  return m?.kind === 'send_person' ? m.caseCardFor : undefined;
}

describe('SlaSweeper', () => {
  let s: Services;
  beforeEach(async () => {
    // Monday 3 March 2025, 10:00 in Copenhagen (CET).
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
  });
  afterEach(async () => {
    await s.close();
  });

  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  it('reminds the group at 75 % of the response time and escalates the breach to the supervisor, once each, when nobody claims a P3 case', async () => {
    const sweeper = buildSweeper(s);
    const c = await s.reportWifi(people.anna); // P3: response 240 business minutes, due 14:00
    expect(c.nextTimerAt).toBe('2025-03-03T12:00:00.000Z'); // 13:00, 75 % of 240 minutes

    s.clock.set('2025-03-03T11:59:00Z');
    expect(await sweeper.sweepOnce()).toEqual({ fired: 0, cases: 0 });

    s.clock.set('2025-03-03T12:00:00Z');
    expect(await sweeper.sweepOnce()).toEqual({ fired: 1, cases: 1 });
    let sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['thread_reply', 'update_cards']);
    expect(threadTexts(sent)[0]).toContain('75 % af svartiden');
    expect(threadTexts(sent)[0]).toContain(c.number);
    expect(await sweeper.sweepOnce()).toEqual({ fired: 0, cases: 0 });

    // The due minute itself is on time.
    s.clock.set('2025-03-03T13:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(0);

    s.clock.set('2025-03-03T13:01:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    const after = await fresh(c);
    expect(after.sla.breaches).toEqual([{ kind: 'response', at: '2025-03-03T13:01:00.000Z' }]);
    expect(after.escalations).toEqual([
      expect.objectContaining({
        kind: 'hierarchical',
        reasonCode: 'agreement_broken',
        by: { id: 'system:sla', name: s.catalogue.catalogue.sla.botName },
        fromGroupId: 'arts-support',
        toPerson: expect.objectContaining({ id: people.karen.id }),
      }),
    ]);
    expect(after.sla.fired).toEqual(['response:75', 'response:breach']);
    sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['send_person', 'thread_reply', 'update_cards']);
    const ping = toPerson(sent, people.karen.id)[0];
    expect(ping?.mention).toEqual({ id: people.karen.id, name: people.karen.name });
    // The card is not carried in the outbox row: the message names it, rendered for Karen when delivered.
    expect(ping?.caseCard).toBeUndefined();
    expect(cardFor(sent, people.karen.id)).toEqual({ caseId: c.id });
    expect(ping?.text).toContain('Ansvarlig: ARTS Support'); // Karen reads Danish; nobody has the case
    expect(sent.find((m) => m.kind === 'thread_reply')).toMatchObject({ view: { mention: { id: people.karen.id } } });
    // Nothing of the user's: a missed response is staff business.
    expect(toPerson(sent, people.anna.id)).toEqual([]);

    // Next: the resolution reminder, Wednesday 12:00 (75 % of 1440 business minutes).
    expect(after.nextTimerAt).toBe('2025-03-05T11:00:00.000Z');
    expect(await sweeper.sweepOnce()).toEqual({ fired: 0, cases: 0 });
  });

  it("delivers the supervisor ping with Karen's case card rendered from the stored case when the dispatcher sends it", async () => {
    const sweeper = buildSweeper(s);
    const c = await s.reportWifi(people.anna);
    s.clock.set('2025-03-03T13:01:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(2);
    const stored = await fresh(c);
    const gateway = new RecordingGateway('teams');
    const deliver = createDeliverer({
      store: s.store,
      gateways: [gateway],
      clock: s.clock,
      logger: silentLogger,
      renderCard: (x) => presentCase(x, null, { catalogue: s.catalogue, timeZone: 'Europe/Copenhagen', locale: 'da' }),
      renderCardFor: (x, viewer, locale) =>
        presentCase(x, viewer, {
          catalogue: s.catalogue,
          timeZone: 'Europe/Copenhagen',
          locale,
          calendar: s.calendar,
          now: s.clock.now(),
        }),
      renderMovedCard: () => {
        throw new Error('not used');
      },
      channelTargets: async () => [],
    });
    // The store stamps messages with real time: claim them as due a minute from now.
    const due = new Date(Date.now() + 60_000).toISOString();
    const pings = (await s.store.claimOutbox(due, 'test', 30_000, 50)).filter(
      (m) => m.kind === 'send_person' && m.key.includes(':sla:'),
    );
    expect(pings).toHaveLength(1);
    for (const m of pings) await deliver(m);

    const [sent] = gateway.deliveredOf('sendToPerson');
    expect(sent?.person.id).toBe(people.karen.id);
    expect(sent?.message.text).toContain('Ansvarlig: ARTS Support');
    expect(sent?.message.caseCard).toMatchObject({
      caseId: c.id,
      version: stored.version,
      locale: 'da',
      breached: true,
    });
    expect(sent?.message.caseCard?.actions.map((a) => a.action.verb)).toContain('acknowledge_escalation');
  });

  it('keys a sweep’s messages by due time and case number, so they sort in the order the cases came due', async () => {
    const sweeper = buildSweeper(s);
    const first = await s.reportWifi(people.anna);
    s.clock.set('2025-03-03T09:10:00Z');
    const second = await s.reportWifi(people.bo);
    s.clock.set('2025-03-03T13:15:00Z'); // both response targets missed

    expect((await sweeper.sweepOnce()).cases).toBe(2);

    const keys = (await s.store.listOutbox({})).map((m) => m.key).filter((k) => k.includes(':sla:'));
    expect(keys.length).toBeGreaterThanOrEqual(6);
    const ofFirst = keys.filter((k) => k.includes(`:${first.number}:sla:`));
    const ofSecond = keys.filter((k) => k.includes(`:${second.number}:sla:`));
    expect(ofFirst.length + ofSecond.length).toBe(keys.length);
    expect(ofFirst).toContain(`2025-03-03T13:00:00.001Z:${first.number}:sla:v${first.version + 1}:update_cards`);
    expect([...keys].sort()).toEqual([...ofFirst.sort(), ...ofSecond.sort()]);
  });

  it('tells onBreach the kind once per stored breach and not for reminders when the response target passes', async () => {
    const told: string[] = [];
    const sweeper = buildSweeper(s, { onBreach: (kind) => told.push(kind) });
    await s.reportWifi(people.anna); // P3: 75 % at 13:00, breach after 14:00 (Copenhagen)
    s.clock.set('2025-03-03T12:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    expect(told).toEqual([]);
    s.clock.set('2025-03-03T13:01:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    expect(told).toEqual(['response']);
    expect((await sweeper.sweepOnce()).fired).toBe(0);
    expect(told).toEqual(['response']);
  });

  it('keeps sweeping and stores the breach when the onBreach hook throws', async () => {
    const sweeper = buildSweeper(s, {
      onBreach: () => {
        throw new Error('metrics down');
      },
    });
    const c = await s.reportWifi(people.anna);
    s.clock.set('2025-03-03T13:01:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(2);
    expect((await fresh(c)).sla.breaches.map((b) => b.kind)).toEqual(['response']);
  });

  it('reminds the assignee, then tells assignee, supervisor and user when the resolution target is breached', async () => {
    const sweeper = buildSweeper(s);
    let c = await s.reportWifi(people.anna);
    s.clock.advance(minutes(10));
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    expect(c.nextTimerAt).toBe('2025-03-05T11:00:00.000Z');
    await s.outbox.take();

    s.clock.set('2025-03-05T11:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    let sent = await s.outbox.take();
    const reminder = toPerson(sent, people.jonas.id)[0];
    expect(reminder?.locale).toBe('en');
    expect(reminder?.text).toContain(`75 % of the resolution time for case ${c.number}`);
    expect(cardFor(sent, people.jonas.id)).toEqual({ caseId: c.id });

    // Resolution due Thursday 10:00 (1440 business minutes from Monday 10:00).
    c = await fresh(c);
    expect(c.nextTimerAt).toBe('2025-03-06T09:00:00.001Z');
    s.clock.set('2025-03-06T09:05:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    sent = await s.outbox.take();
    expect(toPerson(sent, people.jonas.id)[0]?.text).toContain('was missed');
    expect(toPerson(sent, people.karen.id)[0]?.text).toContain('Ansvarlig: Jonas Vestergaard (ARTS Support)');
    const late = toPerson(sent, people.anna.id)[0];
    expect(late?.locale).toBe('en');
    expect(late?.text).toContain(`Your case ${c.number}`);
    expect(late?.text).toContain('is taking longer');
    expect(late?.text).toContain('Jonas Vestergaard (ARTS Support) keeps working on it');
    c = await fresh(c);
    expect(c.sla.breaches.map((b) => b.kind)).toEqual(['resolution']);
    expect(c.nextTimerAt).toBeUndefined();
  });

  it('tells a supervisor who works the case herself once about its breach, as supervisor, not again as assignee', async () => {
    let c = await s.reportWifi(people.anna);
    // Karen leads ARTS Support and takes the case herself.
    c = okCase(await s.service.act(people.karen, { verb: 'claim', caseId: c.id, version: c.version }));
    await s.outbox.take();
    s.clock.set(new Date(Date.parse(c.sla.resolutionDueAt!) + minutes(1)).toISOString());
    await buildSweeper(s).sweepOnce();
    const toKaren = toPerson(await s.outbox.take(), people.karen.id).filter((m) => !m.text.includes('75 %'));
    expect(toKaren.map((m) => m.text)).toEqual([expect.stringContaining('Ansvarlig: Karen Møller')]);
    expect((await fresh(c)).sla.breaches.map((b) => b.kind)).toEqual(['resolution']);
  });

  it('tells a supervisor once when she works the case from another platform (same e-mail, another id)', async () => {
    const karenOnSlack = person('karen', { id: 'slack:U0KAREN' });
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(karenOnSlack, { verb: 'claim', caseId: c.id, version: c.version }));
    await s.outbox.take();
    s.clock.set(new Date(Date.parse(c.sla.resolutionDueAt!) + minutes(1)).toISOString());
    await buildSweeper(s).sweepOnce();
    const sent = await s.outbox.take();
    const toHer = [...toPerson(sent, people.karen.id), ...toPerson(sent, karenOnSlack.id)];
    expect(toHer.filter((m) => !m.text.includes('75 %')).map((m) => m.text)).toEqual([
      expect.stringContaining('Ansvarlig: Karen Møller'),
    ]);
  });

  it('pings the group once when a P2 case is still unclaimed after the configured minutes', async () => {
    const sweeper = buildSweeper(s);
    const c = await s.reportWifi(people.anna, { urgency: 'high' }); // P2: response 60 min, ping after 60 min
    expect(c.priority).toBe('P2');
    s.clock.set('2025-03-03T09:45:00Z'); // 75 % of the response time
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    await s.outbox.take();

    s.clock.set('2025-03-03T10:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    const sent = await s.outbox.take();
    expect(threadTexts(sent)).toEqual([
      `${c.number} (P2) har ligget i bunken uden at nogen har taget den i 60 minutter. Hvem tager den?`,
    ]);
    expect((await fresh(c)).sla.fired).toContain(`unclaimed@${c.createdAt}`);
    s.clock.set('2025-03-03T10:30:00Z');
    await sweeper.sweepOnce();
    expect(threadTexts(await s.outbox.take()).filter((t) => t.includes('bunken'))).toEqual([]);
  });

  it.each([
    ['its user says it is still a problem', 'still_a_problem'],
    ['1st level returns it to its technician', 'return_to_technician'],
  ] as const)(
    'counts the unclaimed minutes of an urgent known-solution case from when it came back to the pile: %s',
    async (_, verb) => {
      // Anna applied a known solution to an urgent problem at 10:00: registered solved, nobody on it.
      let c = await s.register(
        wifiInput(people.anna, {
          impact: 'high',
          urgency: 'high',
          resolvedWith: { solution: 'Forget the network.', articleId: 'kb-1', quick: true },
        }),
        people.anna,
      );
      expect(c).toMatchObject({ priority: 'P1', status: 'resolved', quick: true });
      s.clock.set('2025-03-03T11:00:00Z');
      c = okCase(
        verb === 'still_a_problem'
          ? await s.service.act(people.anna, { verb, caseId: c.id, version: c.version })
          : await s.service.act(people.emma, { verb, caseId: c.id, version: c.version, reason: 'Not fixed.' }),
      );
      expect(c).toMatchObject({ status: 'registered', quick: false });
      expect(c.assignee).toBeUndefined();
      await s.outbox.take();
      const sweeper = buildSweeper(s);
      const pings = async () => threadTexts(await s.outbox.take()).filter((t) => t.includes('bunken'));
      s.clock.set('2025-03-03T11:14:00Z');
      await sweeper.sweepOnce();
      expect(await pings()).toEqual([]);
      // P1: the group is pinged 15 minutes after the case came back, once.
      s.clock.set('2025-03-03T11:15:00Z');
      await sweeper.sweepOnce();
      expect(await pings()).toEqual([
        `${c.number} (P1) har ligget i bunken uden at nogen har taget den i 15 minutter. Hvem tager den?`,
      ]);
      s.clock.set('2025-03-03T11:45:00Z');
      await sweeper.sweepOnce();
      expect(await pings()).toEqual([]);
    },
  );

  it('counts business time across a weekend and Easter when the case comes in before the holidays', async () => {
    const sweeper = buildSweeper(s);
    // Wednesday 16 April 2025, 14:00 CEST; Thursday, Friday and Monday are Easter holidays.
    s.clock.set('2025-04-16T12:00:00Z');
    const c = await s.reportWifi(people.anna);
    // 75 % of 240 minutes: 120 on Wednesday, 60 on Tuesday 22 April → 09:00 CEST.
    expect(c.nextTimerAt).toBe('2025-04-22T07:00:00.000Z');
    for (const at of ['2025-04-17T10:00:00Z', '2025-04-19T10:00:00Z', '2025-04-21T13:00:00Z', '2025-04-22T06:59:00Z']) {
      s.clock.set(at);
      expect((await sweeper.sweepOnce()).fired).toBe(0);
    }
    s.clock.set('2025-04-22T07:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    expect((await fresh(c)).sla.fired).toEqual(['response:75']);
  });

  it('reminds the user, then proposes to the assignee, while the case awaits the user; the reply resumes the clock', async () => {
    const sweeper = buildSweeper(s);
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    s.clock.set('2025-03-03T10:00:00Z'); // 11:00 CET
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_user',
        question: 'Which building and room?',
      }),
    );
    expect(c.sla.pausedSince).toBe('2025-03-03T10:00:00.000Z');
    // P3: reminder after 16 business hours → Wednesday 11:00 CET; no resolution rungs while paused.
    expect(c.nextTimerAt).toBe('2025-03-05T10:00:00.000Z');
    await s.outbox.take();

    s.clock.set('2025-03-05T10:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    let sent = await s.outbox.take();
    const reminder = toPerson(sent, people.anna.id)[0];
    expect(reminder?.text).toContain('Jonas Vestergaard (ARTS Support) is still waiting for your answer');
    expect(reminder?.text).toContain('Which building and room?');

    // Proposal after 40 business hours → Monday 10 March 11:00 CET.
    c = await fresh(c);
    expect(c.nextTimerAt).toBe('2025-03-10T10:00:00.000Z');
    s.clock.set('2025-03-10T10:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    sent = await s.outbox.take();
    expect(toPerson(sent, people.jonas.id)[0]?.text).toContain('Consider resolving it');
    expect(toPerson(sent, people.anna.id)).toEqual([]);

    // The user answers: the clock resumes with the resolution due pushed by the five business days paused.
    const before = c.sla.resolutionDueAt!;
    s.clock.set('2025-03-10T12:00:00Z');
    await s.service.userReply(people.anna, 'Building 1481, room 235');
    c = await fresh(c);
    expect(c.status).toBe('in_progress');
    expect(c.sla.pausedSince).toBeUndefined();
    expect(c.sla.resolutionDueAt! > before).toBe(true);
    expect(c.nextTimerAt).toBe(computeNextTimer(c, s));
    expect(c.nextTimerAt! > '2025-03-10T12:00:00.000Z').toBe(true);
    expect((await sweeper.sweepOnce()).fired).toBe(0);
  });

  it('names the person who has the case now in the reminder to the user, after the one who asked handed it on', async () => {
    // Jonas asks Anna which room she is in, then assigns the case to Emma: it stays Awaiting user, and Anna is told
    // Emma has it now (PROCESS.md principle 4).
    let c = await caseAwaitingAnna(s, 'Which room are you in?');
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'assign',
        caseId: c.id,
        version: c.version,
        assigneeEmail: people.emma.email,
      }),
    );
    expect(c).toMatchObject({ status: 'awaiting_user', assignee: { name: people.emma.name } });
    await s.outbox.take();
    // P3: the user is reminded after 16 business hours: Wednesday 5 March, 10:00.
    s.clock.set('2025-03-05T09:00:00Z');
    expect((await buildSweeper(s).sweepOnce()).fired).toBe(1);
    const reminder = toPerson(await s.outbox.take(), people.anna.id).map((v) => v.text);
    expect(reminder).toHaveLength(1);
    expect(reminder[0]).toContain(`${people.emma.name} (ARTS Support) is still waiting for your answer`);
    expect(reminder[0]).toContain('Which room are you in?');
    expect(reminder[0]).not.toContain(people.jonas.name);
  });

  it('closes a resolved case without the user’s answer after the configured business days, with notice', async () => {
    const sweeper = buildSweeper(s);
    s.clock.set('2025-04-16T08:00:00Z'); // Wednesday before Easter, 10:00 CEST
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Forgot the network and joined eduroam again.',
      }),
    );
    await s.outbox.take();
    // Five business days skipping Maundy Thursday, Good Friday, the weekend and Easter Monday: Monday 28 April.
    expect(c.nextTimerAt).toBe('2025-04-28T08:00:00.000Z');
    s.clock.set('2025-04-28T07:59:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(0);
    s.clock.set('2025-04-28T08:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    c = await fresh(c);
    expect(c).toMatchObject({ status: 'closed', closedAt: '2025-04-28T08:00:00.000Z' });
    expect(c.history.at(-1)).toMatchObject({ action: 'auto_close', actor: { id: 'system:sla' }, to: 'closed' });
    expect(c.nextTimerAt).toBeUndefined();
    const sent = await s.outbox.take();
    const toAnna = toPerson(sent, people.anna.id)[0];
    expect(toAnna?.text).toContain('is now closed. Jonas Vestergaard solved it');
    expect(threadTexts(sent)[0]).toContain('Lukket automatisk');
    // The usual end of a case whose user did not answer "Yes, solved": she is invited to rate it (PROCESS.md
    // principle 3: "later also to evaluate"), with the form a close by 1st level sends.
    expect(toAnna?.text).toContain('How did we do? Please rate us 1-5');
    expect(toAnna?.form?.inputs.map((i) => i.id)).toEqual(['score', 'comment']);
    const submit = toAnna?.form?.submit[0]?.action;
    expect(submit).toEqual({ verb: 'evaluate', caseId: c.id, version: c.version });
    const rated = await s.service.act(people.anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 4 });
    expect(okCase(rated).evaluation?.score).toBe(4);
    // One rating per resolution, as after a manual close.
    const again = await s.service.act(people.anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 1 });
    expect(again).toMatchObject({ ok: false });
  });

  it('does not take the rating of a close before a reopen as the rating of the auto-close since', async () => {
    const sweeper = buildSweeper(s);
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'A' }));
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    const first = toPerson(await s.outbox.take(), people.anna.id).at(-1)?.form?.submit[0]?.action;
    expect(first).toEqual({ verb: 'evaluate', caseId: c.id, version: c.version });
    const firstVersion = c.version;
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    c = okCase(await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'B' }));
    await s.outbox.take();
    s.clock.set(c.nextTimerAt!);
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    c = await fresh(c);
    expect(c.status).toBe('closed');
    const latest = toPerson(await s.outbox.take(), people.anna.id).at(-1)?.form?.submit[0]?.action;
    expect(latest).toEqual({ verb: 'evaluate', caseId: c.id, version: c.version });
    const old = await s.service.act(people.anna, { verb: 'evaluate', caseId: c.id, version: firstVersion, score: 5 });
    expect(old).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
    expect(old.reply?.text).toContain(`That rating is about an earlier close of ${c.number}`);
    expect(await fresh(c)).toMatchObject({ version: c.version });
    expect((await fresh(c)).evaluation).toBeUndefined();
    const rated = await s.service.act(people.anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 3 });
    expect(okCase(rated).evaluation?.score).toBe(3);
  });

  it('sends nothing to the placeholder of an erased user when it closes their resolved case, as a close by 1st level', async () => {
    const sweeper = buildSweeper(s);
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Rejoined eduroam.',
      }),
    );
    await s.outbox.take();
    expect((await privacyFor(s).erasePerson(people.birgitte, people.anna.email!)).ok).toBe(true);
    c = await fresh(c);
    expect(c.user.id).toMatch(/^anonymous:/);
    s.clock.set(c.nextTimerAt!);
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    expect((await fresh(c)).status).toBe('closed');
    const sent = await s.outbox.take();
    // The "closed, rate us" message would go to nobody and only dead-letter; the thread still hears of the close.
    expect(toPerson(sent, c.user.id)).toEqual([]);
    expect(kinds(sent)).not.toContain('send_person');
    expect(threadTexts(sent)[0]).toContain('Lukket automatisk');
  });

  it('closes a quick case quietly after the business days: it names nobody and has no card', async () => {
    const sweeper = buildSweeper(s);
    const c = await s.reportWifi(people.jonas, {
      resolvedWith: { solution: 'Set up eduroam on the phone.', quick: true },
    });
    expect(c.status).toBe('resolved');
    expect(c.nextTimerAt).toBe('2025-03-10T09:00:00.000Z'); // five business days later
    s.clock.set('2025-03-10T09:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    expect((await fresh(c)).status).toBe('closed');
    expect(kinds(await s.outbox.take())).toEqual(['update_cards']);
  });

  it('tells the named user of a quick case staff registered for them, with the invitation to rate it, when it closes without their answer', async () => {
    const sweeper = buildSweeper(s);
    // Emma (ARTS Support) gave Anna a known solution on the phone: a quick case, Anna got the receipt.
    const c = await s.reportWifi(people.anna, {
      reporter: people.emma,
      resolvedWith: { solution: 'Forget the network and join again.', quick: true },
    });
    expect(c).toMatchObject({ status: 'resolved', quick: true, reporter: { id: people.emma.id } });
    s.clock.set('2025-03-10T09:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    const closed = await fresh(c);
    expect(closed.status).toBe('closed');
    const sent = await s.outbox.take();
    const toAnna = toPerson(sent, people.anna.id);
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]?.text).toContain(`Your case ${c.number} ("${c.title}") is now closed. Emma`);
    expect(toAnna[0]?.form?.submit[0]?.action).toEqual({ verb: 'evaluate', caseId: c.id, version: closed.version });
    // No card, so no thread to reply in.
    expect(threadTexts(sent)).toEqual([]);
  });

  it('tells the named user of a quick case staff registered for them that it is closed because they confirmed it', async () => {
    let c = await s.reportWifi(people.anna, {
      reporter: people.emma,
      resolvedWith: { solution: 'Forget the network and join again.', quick: true },
    });
    s.clock.set('2025-03-03T09:20:00Z');
    c = okCase(await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version }));
    await s.outbox.take();
    s.clock.set('2025-03-03T09:21:00Z');
    expect((await buildSweeper(s).sweepOnce()).fired).toBe(1);
    const closed = await fresh(c);
    expect(closed.status).toBe('closed');
    const toAnna = toPerson(await s.outbox.take(), people.anna.id);
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]?.text).toContain('is now closed: you confirmed that the problem is solved');
    expect(toAnna[0]?.form?.submit[0]?.action).toEqual({ verb: 'evaluate', caseId: c.id, version: closed.version });
  });

  it('tells the user when it closes a quick case that was reopened and resolved by a technician', async () => {
    const sweeper = buildSweeper(s);
    let c = await s.reportWifi(people.anna, {
      resolvedWith: { solution: 'Set up eduroam on the phone.', quick: true },
    });
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'New profile.',
      }),
    );
    await s.outbox.take();
    s.clock.set('2025-03-10T09:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    expect((await fresh(c)).status).toBe('closed');
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.anna.id)[0]?.text).toContain('is now closed. Jonas Vestergaard solved it');
    expect(threadTexts(sent)[0]).toContain('Lukket automatisk');
  });

  it('tells the staff member standing in for an unnamed student, without asking them to rate it', async () => {
    const sweeper = buildSweeper(s);
    // Emma (ARTS Support) registered "Eduroam set up" for a student at the desk; the student came back.
    let c = await resolvedInStudentsPlace(s, 'Set up eduroam on the phone.');
    expect(c.user.id).toBe(people.emma.id);
    s.clock.set('2025-03-10T09:00:00Z');
    expect((await sweeper.sweepOnce()).fired).toBe(1);
    c = await fresh(c);
    expect(c.status).toBe('closed');
    const toEmma = toPerson(await s.outbox.take(), people.emma.id);
    expect(toEmma).toHaveLength(1);
    expect(toEmma[0]?.text).toContain(`${c.number} ("${c.title}") er nu lukket. Jonas Vestergaard løste den`);
    expect(toEmma[0]?.text).not.toContain('1-5');
    expect(toEmma[0]?.form).toBeUndefined();
    // Staff rating their own desk's case would flatter the satisfaction figures: no rating is taken.
    const rated = await s.service.act(people.emma, { verb: 'evaluate', caseId: c.id, version: c.version, score: 5 });
    expect(rated).toMatchObject({ ok: false });
    expect((await fresh(c)).evaluation).toBeUndefined();
  });

  it('leaves a confirmed resolved case to the 1st-level quality check instead of closing it', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'Fixed.' }),
    );
    expect(c.nextTimerAt).toBeDefined();
    c = okCase(await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version }));
    expect(c.nextTimerAt).toBeUndefined();
  });

  it('closes a known-solution case its user confirmed at the next sweep, and the digest does not list it meanwhile', async () => {
    // Anna applied a known solution at intake: a quick case nobody checks before it is closed.
    let c = await s.register(
      wifiInput(people.anna, { resolvedWith: { solution: 'Forget the network.', articleId: 'kb-1', quick: true } }),
      people.anna,
    );
    // Her "This solved it" is her confirmation ("Yes, solved" again is answered that she confirmed it already).
    expect(c).toMatchObject({ status: 'resolved', quick: true, nextTimerAt: '2025-03-03T09:00:00.000Z' });
    s.clock.set('2025-03-03T09:20:00Z');
    expect((await buildDigest(s).lists('arts-support', s.clock.now())).ready).toEqual([]);
    await s.outbox.take();
    s.clock.set('2025-03-03T09:21:00Z');
    expect((await buildSweeper(s).sweepOnce()).fired).toBe(1);
    c = await fresh(c);
    expect(c).toMatchObject({ status: 'closed', closedAt: '2025-03-03T09:21:00.000Z' });
    expect(c.history.at(-1)).toMatchObject({ action: 'auto_close', actor: { id: 'system:sla' } });
    expect(c.nextTimerAt).toBeUndefined();
    // A quick case has no card: closed quietly, as without her answer.
    expect(kinds(await s.outbox.take())).toEqual(['update_cards']);
  });

  it('keeps nextTimerAt current through the lifecycle operations', async () => {
    let c = await s.reportWifi(people.anna);
    const expectCurrent = async (x: Case) => {
      const stored = await fresh(x);
      expect(stored.nextTimerAt).toBe(computeNextTimer(stored, s));
      return stored;
    };
    expect((await expectCurrent(c)).nextTimerAt).toBe('2025-03-03T12:00:00.000Z');
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    expect((await expectCurrent(c)).nextTimerAt).toBe('2025-03-05T11:00:00.000Z');
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_user',
        question: 'Which room?',
      }),
    );
    expect((await expectCurrent(c)).nextTimerAt).toBe('2025-03-05T09:00:00.000Z');
    await s.service.userReply(people.anna, 'Room 235');
    c = await expectCurrent(c);
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'Fixed.' }),
    );
    expect((await expectCurrent(c)).nextTimerAt).toBe('2025-03-10T09:00:00.000Z');
    c = okCase(await s.service.act(people.jonas, { verb: 'close', caseId: c.id, version: c.version }));
    expect((await expectCurrent(c)).nextTimerAt).toBeUndefined();
  });

  it.each([
    ['one write per case (a store without updateCases)', 'updateCase'],
    ['one batch write per sweep (updateCases)', 'updateCases'],
  ] as const)(
    'decides again on the fresh case when a person changes it between claim and write, %s',
    async (_, method) => {
      const c = await s.reportWifi(people.anna);
      let interfered = false;
      const interfere = async (target: CaseStore) => {
        if (interfered) return;
        interfered = true;
        const now = (await target.getCase(c.id))!;
        okCase(
          await s.service.act(people.emma, {
            verb: 'note',
            caseId: c.id,
            version: now.version,
            text: 'Looked at the access point log.',
            visibility: 'internal',
          }),
        );
      };
      const racing: CaseStore = new Proxy(s.store, {
        get(target, prop, receiver) {
          // Without the batch method the sweeper falls back to updateCase, one case at a time.
          if (prop === 'updateCases' && method === 'updateCase') return undefined;
          if (prop === method) {
            return async (...args: unknown[]) => {
              await interfere(target);
              return (target[method] as (...a: unknown[]) => unknown).apply(target, args);
            };
          }
          const value = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const sweeper = buildSweeper(s, { store: racing });
      s.clock.set('2025-03-03T12:00:00Z');
      expect(await sweeper.sweepOnce()).toEqual({ fired: 1, cases: 1 });
      expect(interfered).toBe(true);
      const after = await fresh(c);
      // Emma's note is kept, and the reminder went out once on top of it.
      expect(after.notes[0]?.text).toBe('Looked at the access point log.');
      expect(after.sla.fired).toEqual(['response:75']);
      expect(after.nextTimerAt).toBe('2025-03-03T13:00:00.001Z');
      expect(threadTexts(await s.outbox.take()).filter((t) => t.includes('75 %'))).toHaveLength(1);
    },
  );

  it('leaves a case leased by a dead sweeper alone until the lease runs out, then fires it once', async () => {
    const c = await s.reportWifi(people.anna);
    s.clock.set('2025-03-03T12:00:00Z');
    // Another instance claimed the timer and died before writing anything.
    expect(await s.store.claimDueTimers(s.clock.now().toISOString(), 'dead-instance', 60_000, 10)).toHaveLength(1);
    const sweeper = buildSweeper(s, { owner: 'restarted' });
    expect(await sweeper.sweepOnce()).toEqual({ fired: 0, cases: 0 });
    s.clock.advance(61_000);
    expect(await sweeper.sweepOnce()).toEqual({ fired: 1, cases: 1 });
    expect(await sweeper.sweepOnce()).toEqual({ fired: 0, cases: 0 });
    const reminders = (await s.store.listOutbox({ caseId: c.id, kind: 'thread_reply' })).filter((m) =>
      m.key.includes(':sla:response:75'),
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.state).toBe('pending'); // the dispatcher sends it after the restart
  });
});

describe('SlaSweeper and a report resolved with its major incident', () => {
  let h: MajorHarness;
  beforeEach(async () => {
    h = await createMajorHarness(); // Monday 3 March 2025, 10:00 in Copenhagen
  });
  afterEach(async () => {
    await h.close();
  });

  it('closes the report at the next sweep once its user confirms: 1st level checks the parent, not each report', async () => {
    const parent = await h.declareEduroam();
    const child = await h.reportWifi(people.bo, { parentId: parent.id });
    await h.majors.joined(child, 'da');
    const p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'New AP' }),
    );
    let c = (await h.store.getCase(child.id))!;
    expect(c.status).toBe('resolved');
    h.clock.set('2025-03-03T10:00:00Z');
    c = okCase(await h.service.act(people.bo, { verb: 'confirm_solved', caseId: c.id, version: c.version }));
    expect(c).toMatchObject({ status: 'resolved', nextTimerAt: '2025-03-03T10:00:00.000Z' });
    // Not in 1st level's "Ready to close": the parent's line stands for it, and the ladder closes it.
    const lists = await buildDigest(h).lists('arts-support', h.clock.now());
    expect(lists.ready.map((r) => r.id)).toEqual([parent.id]);
    await h.outbox.take();

    h.clock.set('2025-03-03T10:01:00Z');
    expect((await buildSweeper(h).sweepOnce()).fired).toBe(1);
    c = (await h.store.getCase(child.id))!;
    expect(c).toMatchObject({ status: 'closed', closedAt: '2025-03-03T10:01:00.000Z' });
    const sent = await h.outbox.take();
    const toBo = toPerson(sent, people.bo.id);
    expect(toBo).toHaveLength(1);
    // He is told why, not that nobody heard from him, and invited to rate it.
    expect(toBo[0]?.text).toContain('du har bekræftet, at problemet er løst');
    expect(toBo[0]?.text).not.toContain('arbejdsdage');
    expect(toBo[0]?.form?.submit[0]?.action).toEqual({ verb: 'evaluate', caseId: c.id, version: c.version });
    expect(threadTexts(sent)).toContain(`Lukket automatisk: ${people.bo.name} har bekræftet, at problemet er løst.`);
  });
  it("waits for 1st level's check when the report was resolved by its own technician, its major incident still open", async () => {
    const parent = await h.declareEduroam();
    const child = await h.reportWifi(people.bo, { parentId: parent.id });
    await h.majors.joined(child, 'da');
    let c = (await h.store.getCase(child.id))!;
    // Jonas finds Bo's own fault (not the outage) and resolves the report; the major incident stays open.
    c = okCase(
      await h.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Reset the network settings on his laptop',
      }),
    );
    expect((await h.store.getCase(parent.id))!.status).toBe('registered');
    expect(c.parentId).toBe(parent.id);
    await h.outbox.take();
    h.clock.set('2025-03-03T10:00:00Z');
    const confirmed = await h.service.act(people.bo, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    c = okCase(confirmed);
    // He is told support checks it, and the thread says it is ready to close.
    expect(confirmed.reply?.text).toBe(`Tak for svaret! Sag ${c.number} lukkes, når support har tjekket løsningen.`);
    expect(c.nextTimerAt).toBeUndefined();
    expect(threadTexts(await h.outbox.take())).toContain(
      `${people.bo.name} bekræfter, at problemet er løst. Klar til lukning.`,
    );
    const lists = await buildDigest(h).lists('arts-support', h.clock.now());
    expect(lists.ready.map((r) => r.id)).toContain(c.id);
    // A week of sweeps later (the parent's rungs fire meanwhile) it is still there for 1st level to check and close.
    h.clock.set('2025-03-03T10:01:00Z');
    await buildSweeper(h).sweepOnce();
    h.clock.set('2025-03-10T10:00:00Z');
    await buildSweeper(h).sweepOnce();
    expect((await h.store.getCase(child.id))!.status).toBe('resolved');
  });
  it("puts its closed automatically reply in the major incident's thread also when the report left it before the reply went out", async () => {
    const parent = await h.declareEduroam();
    const child = await h.reportWifi(people.bo, { parentId: parent.id });
    await h.majors.joined(child, 'da');
    const p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'New AP' }),
    );
    await h.outbox.take();
    h.clock.set('2025-03-03T10:00:00Z');
    let c = (await h.store.getCase(child.id))!;
    c = okCase(await h.service.act(people.bo, { verb: 'confirm_solved', caseId: c.id, version: c.version }));
    h.clock.set('2025-03-03T10:01:00Z');
    expect((await buildSweeper(h).sweepOnce()).fired).toBe(1);
    // Before anything is delivered, Bo says it is still a problem after all: his report leaves the resolved major
    // incident (its own card is posted after the replies written before).
    c = (await h.store.getCase(child.id))!;
    expect(c.status).toBe('closed');
    okCase(await h.service.act(people.bo, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    expect((await h.store.getCase(child.id))!.parentId).toBeUndefined();
    const sent = await h.outbox.take();
    const inParent = (await h.repliesDelivered(sent, parent))
      .filter((r) => r.under === parent.number)
      .map((r) => r.text);
    expect(inParent).toContain(
      `${c.number}: Lukket automatisk: ${people.bo.name} har bekræftet, at problemet er løst.`,
    );
  });
});
