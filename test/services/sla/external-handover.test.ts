import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Services, threadTexts, toPerson } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';

const LATE = 'taking longer than we aimed for';
const BUILDINGS = 'external:AU Bygninger';

/** Jonas hands the case over to AU Bygninger at `at`; its messages taken. */
async function handOver(s: Services, c: Case, at: string): Promise<Case> {
  s.clock.set(at);
  const handed = okCase(
    await s.service.act(people.jonas, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      groupId: BUILDINGS,
      reason: 'Power outage in the building',
    }),
  );
  await s.outbox.take();
  return handed;
}

/**
 * A case handed over outside AU IT (PROCESS.md step 6: passed on to another directorate, the user told who is
 * responsible now) is no longer measured against AU IT's targets: no reminder, no breach ping to the supervisor, no
 * "taking longer" to the user while the other unit has it. The case stays open with its owner, who follows it.
 */
describe('SLA clock: a case handed over outside AU IT', () => {
  let s: Services;
  beforeEach(async () => {
    // Monday 3 March 2025, 10:00 in Copenhagen. A Wi-Fi case is P3: response due 14:00, resolution 1 440 business
    // minutes (Thursday 6 March, 10:00).
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
  });
  afterEach(async () => {
    await s.close();
  });
  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  /** One sweep at `at`: what Anna and Karen (the ARTS Support supervisor) got, and the thread replies. */
  async function sweepAt(at: string) {
    s.clock.set(at);
    await buildSweeper(s).sweepOnce();
    const sent = await s.outbox.take();
    return {
      anna: toPerson(sent, people.anna.id).map((v) => v.text),
      karen: toPerson(sent, people.karen.id).map((v) => v.text),
      thread: threadTexts(sent),
    };
  }

  it('stops the clock at the hand-over: no breach, no ping, no "taking longer" however long the other unit takes', async () => {
    const c = await s.reportWifi(people.anna);
    expect(c.priority).toBe('P3');
    const handed = await handOver(s, c, '2025-03-03T09:30:00Z');
    // The hand-over told the user personally who has it now: that is the first response.
    expect(handed.firstResponseAt).toBe('2025-03-03T09:30:00.000Z');
    expect(handed.sla.pausedSince).toBe('2025-03-03T09:30:00.000Z');
    expect(handed.status).toBe('registered');

    // Past the response time, then two weeks on, well past the resolution time.
    expect(await sweepAt('2025-03-03T13:01:00Z')).toEqual({ anna: [], karen: [], thread: [] });
    expect(await sweepAt('2025-03-17T09:00:00Z')).toEqual({ anna: [], karen: [], thread: [] });
    const stored = await fresh(c);
    expect(stored.sla.breaches).toEqual([]);
    expect(stored.nextTimerAt).toBeUndefined();

    // The card says why the clock stands still.
    const card = await s.service.act(people.jonas, { verb: 'refresh', caseId: c.id, version: stored.version });
    expect(card.card?.slaLabel).toBe('paused (handed over outside AU IT)');
  });

  it('keeps the clock stopped through a question to the user and their answer', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = await handOver(s, c, '2025-03-03T09:30:00Z');
    s.clock.set('2025-03-04T09:00:00Z');
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_user',
        question: 'Has AU Bygninger been in touch with you?',
      }),
    );
    await s.outbox.take();
    s.clock.set('2025-03-04T10:00:00Z');
    expect(await s.service.userReply(people.anna, 'Not yet.')).not.toBeNull();
    await s.outbox.take();
    const answered = await fresh(c);
    expect(answered.status).toBe('in_progress');
    expect(answered.sla.pausedSince).toBe('2025-03-04T10:00:00.000Z');

    const later = await sweepAt('2025-03-17T09:00:00Z');
    expect(later.anna.filter((t) => t.includes(LATE))).toEqual([]);
    expect(later.karen).toEqual([]);
    expect((await fresh(c)).sla.breaches).toEqual([]);
  });

  it('sends no unclaimed ping for an urgent case handed over before anyone claimed it', async () => {
    const c = await s.reportWifi(people.anna, { urgency: 'high' });
    expect(c.priority).toBe('P2');
    await s.outbox.take();
    await handOver(s, c, '2025-03-03T09:10:00Z');
    const later = await sweepAt('2025-03-03T10:30:00Z');
    expect(later.thread.filter((t) => t.includes('bunken'))).toEqual([]);
  });

  it('runs the clock again, without the time outside, when the case comes back to a group of AU IT', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = await handOver(s, c, '2025-03-03T09:30:00Z');
    // A week later AU Bygninger finds the access point at fault: it goes to Operations: Network. Monday 10 March,
    // 10:30: the clock stood still for 5 business days (2 400 business minutes).
    s.clock.set('2025-03-10T09:30:00Z');
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        groupId: 'ops-network',
        reason: 'The access point is at fault after all',
      }),
    );
    await s.outbox.take();
    expect(c.sla.pausedSince).toBeUndefined();
    expect(c.sla.pausedIntervals).toEqual([{ from: '2025-03-03T09:30:00.000Z', to: '2025-03-10T09:30:00.000Z' }]);
    // Due Thursday 6 March 10:00 before, now Thursday 13 March 10:00.
    expect(c.sla.resolutionDueAt).toBe('2025-03-13T09:00:00.000Z');

    expect((await sweepAt('2025-03-13T09:00:00Z')).anna.filter((t) => t.includes(LATE))).toEqual([]);
    const after = await sweepAt('2025-03-13T09:00:01Z');
    expect(after.anna.filter((t) => t.includes(LATE))).toHaveLength(1);
    expect(after.thread.filter((t) => t.startsWith('Fristen for løsningstiden blev overskredet'))).toHaveLength(1);
  });

  it('runs the clock again when the case comes back to AU IT after the hand-over: resolved, then reopened', async () => {
    let c = await s.reportWifi(people.anna, { urgency: 'high' });
    expect(c.priority).toBe('P2');
    c = await handOver(s, c, '2025-03-03T09:10:00Z');
    // AU Bygninger restores the power; 1st level resolves the case Tuesday 10:00.
    s.clock.set('2025-03-04T09:00:00Z');
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Power is back',
      }),
    );
    await s.outbox.take();
    // Wednesday 10:00 Anna says it is still a problem: the Wi-Fi itself, AU IT's again.
    s.clock.set('2025-03-05T09:00:00Z');
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    await s.outbox.take();
    expect(c.sla.pausedSince).toBeUndefined();
    expect(c.nextTimerAt).toBeDefined();
    const card = await s.service.act(people.jonas, { verb: 'refresh', caseId: c.id, version: c.version });
    expect(card.card?.slaLabel).not.toBe('paused (handed over outside AU IT)');
    // Its P2 target (stopped at the hand-over 10 minutes in) runs out within days: the breach is pinged.
    const later = await sweepAt('2025-03-17T09:00:00Z');
    expect(later.karen.length).toBeGreaterThan(0);
    expect((await fresh(c)).sla.breaches).not.toEqual([]);
  });

  it('runs the clock again when 1st level returns the resolved case to its technician after the hand-over', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = await handOver(s, c, '2025-03-03T09:30:00Z');
    s.clock.set('2025-03-04T09:00:00Z');
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Power is back',
      }),
    );
    s.clock.set('2025-03-05T09:00:00Z');
    c = okCase(
      await s.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'The Wi-Fi was never checked',
      }),
    );
    await s.outbox.take();
    expect(c.status).toBe('in_progress');
    expect(c.sla.pausedSince).toBeUndefined();
    const later = await sweepAt('2025-03-17T09:00:00Z');
    expect(later.karen.length).toBeGreaterThan(0);
  });

  it('sends the unclaimed ping for an urgent case back in the pile after the hand-over, resolved and reopened', async () => {
    let c = await s.reportWifi(people.anna, { urgency: 'high' });
    c = await handOver(s, c, '2025-03-03T09:10:00Z');
    s.clock.set('2025-03-04T09:00:00Z');
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Power is back',
      }),
    );
    s.clock.set('2025-03-05T09:00:00Z');
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    // Jonas, who resolved it, puts it back in the pile; nobody takes it.
    c = okCase(await s.service.act(people.jonas, { verb: 'unassign', caseId: c.id, version: c.version }));
    await s.outbox.take();
    expect(c.assignee).toBeUndefined();
    const later = await sweepAt('2025-03-05T11:00:00Z');
    expect(later.thread.filter((t) => t.includes('bunken'))).toHaveLength(1);
  });
});

/**
 * The group holding a case it handed over outside AU IT takes it back when the other unit answers or fails: an
 * escalation to its own group, offered only then. The hand-over ends, the clock runs on from where it stood.
 */
describe('taking a case back from outside AU IT', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
  });
  afterEach(async () => {
    await s.close();
  });

  const takeBack = (c: Case, reason = 'AU Bygninger has restored the power') =>
    s.service.act(people.jonas, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      groupId: c.groupId,
      reason,
    });

  /** The escalation menu's options on Jonas's card of the case (value → label). */
  async function escalationChoices(c: Case): Promise<Record<string, string>> {
    const seen = await s.service.act(people.jonas, { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error(seen.reply.text);
    const menu = seen.card.menus.find((m) => m.verb === 'escalate_group');
    return Object.fromEntries((menu?.options ?? []).map((o) => [o.value, o.label]));
  }

  it('takes the case back: the clock runs on from where it stood, assignee and status kept, thread and user told', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    await s.outbox.take();
    const claimed = c.status;
    c = await handOver(s, c, '2025-03-03T09:30:00Z');
    // A week later AU Bygninger has restored the power; Jonas's group takes the case back.
    s.clock.set('2025-03-10T09:30:00Z');
    const back = okCase(await takeBack(c));
    expect(back).toMatchObject({ groupId: 'arts-support', status: claimed, assignee: { id: people.jonas.id } });
    expect(back.escalations.at(-1)).toMatchObject({
      kind: 'functional',
      fromGroupId: BUILDINGS,
      toGroupId: 'arts-support',
      reason: 'AU Bygninger has restored the power',
    });
    expect(back.sla.pausedSince).toBeUndefined();
    expect(back.sla.pausedIntervals).toEqual([{ from: '2025-03-03T09:30:00.000Z', to: '2025-03-10T09:30:00.000Z' }]);
    expect(back.sla.resolutionDueAt).toBe('2025-03-13T09:00:00.000Z');

    const sent = await s.outbox.take();
    expect(sent.filter((m) => m.kind === 'post_card')).toEqual([]);
    expect(threadTexts(sent)).toEqual([
      'Jonas Vestergaard (ARTS Support) har taget sagen tilbage fra AU Bygninger. Begrundelse: AU Bygninger has restored the power',
    ]);
    expect(toPerson(sent, people.anna.id).map((v) => v.text)).toEqual([
      `Jonas Vestergaard (ARTS Support) has taken your case ${c.number} ("${c.title}") back from AU Bygninger: ARTS Support at AU IT is responsible for solving it again.`,
    ]);
    const card = await s.service.act(people.jonas, { verb: 'refresh', caseId: c.id, version: back.version });
    expect(card.card?.slaLabel).not.toBe('paused (handed over outside AU IT)');
    // The card no longer says it is with the other unit.
    expect(card.card?.facts.map((f) => f.value)).not.toContain('AU Bygninger');

    s.clock.set('2025-03-13T09:00:01Z');
    await buildSweeper(s).sweepOnce();
    const late = toPerson(await s.outbox.take(), people.anna.id).filter((v) => v.text.includes(LATE));
    expect(late).toHaveLength(1);
  });

  it('offers the own group in the escalation menu and form only while the case is handed over outside', async () => {
    const c = await s.reportWifi(people.anna);
    expect(Object.keys(await escalationChoices(c))).not.toContain('arts-support');
    const handed = await handOver(s, c, '2025-03-03T09:30:00Z');
    expect((await escalationChoices(handed))['arts-support']).toBe('ARTS Support (take back from AU Bygninger)');
    const form = await s.service.act(people.jonas, {
      verb: 'open_form',
      form: 'escalate',
      caseId: c.id,
      version: handed.version,
    });
    const group = (form.ok ? form.reply?.form : undefined)?.inputs.find((i) => i.id === 'groupId');
    expect(group?.options).toContainEqual({
      value: 'arts-support',
      label: 'ARTS Support (take back from AU Bygninger)',
      takeBack: true,
    });

    const back = okCase(await takeBack(handed));
    expect(Object.keys(await escalationChoices(back))).not.toContain('arts-support');
    // Taken back, the case is with its group: a second take-back is refused and changes nothing.
    const again = await takeBack(back);
    expect(again).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect((await s.store.getCase(c.id))?.version).toBe(back.version);
  });

  it('refuses an escalation to the own group of a case that was never handed over outside', async () => {
    const c = await s.reportWifi(people.anna);
    const out = await takeBack(c);
    expect(out).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect(out.reply?.text).toContain('ARTS Support');
    expect((await s.store.getCase(c.id))?.escalations).toEqual([]);
  });

  it('puts an unclaimed case taken back in the pile: the unclaimed ping counts from the take-back', async () => {
    let c = await s.reportWifi(people.anna, { urgency: 'high' });
    expect(c.priority).toBe('P2');
    c = await handOver(s, c, '2025-03-03T09:10:00Z');
    s.clock.set('2025-03-04T09:00:00Z');
    okCase(await takeBack(c));
    await s.outbox.take();
    const pile = (at: string) => {
      s.clock.set(at);
      return buildSweeper(s)
        .sweepOnce()
        .then(() => s.outbox.take())
        .then((sent) => threadTexts(sent).filter((t) => t.includes('bunken')));
    };
    expect(await pile('2025-03-04T09:10:00Z')).toEqual([]);
    expect(await pile('2025-03-04T10:30:00Z')).toHaveLength(1);
  });
});
