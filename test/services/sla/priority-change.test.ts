import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Sent, type Services, threadTexts, toPerson } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';

/** The texts of the 75 % reminders among `sent` (in the thread, or to the assignee). */
function reminders(sent: readonly Sent[]): string[] {
  return sent.flatMap((m) =>
    (m.kind === 'thread_reply' || m.kind === 'send_person') && m.view.text.includes('75 %') ? [m.view.text] : [],
  );
}

describe('SlaSweeper after a priority change', () => {
  let s: Services;
  beforeEach(async () => {
    // Monday 3 March 2025, 10:00 in Copenhagen (CET).
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
  });
  afterEach(async () => {
    await s.close();
  });

  const on = (c: Case) => ({ caseId: c.id, version: c.version });
  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  it('counts a raised resolution target from the change, so an old case raised to P1 is not breached at once', async () => {
    let c = await s.reportWifi(people.anna); // P3: resolution due Thursday 10:00 (1440 business minutes)
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', ...on(c) }));
    // Tuesday 10:00: the case turns out to be urgent. P1 counted from registration was due Monday 14:00.
    s.clock.set('2025-03-04T09:00:00Z');
    c = okCase(await s.service.act(people.jonas, { verb: 'classify', ...on(c), priority: 'P1' }));
    await s.outbox.take();

    const sweeper = buildSweeper(s);
    expect((await sweeper.sweepOnce()).fired).toBe(0);
    const raised = await fresh(c);
    expect(raised.sla.breaches).toEqual([]);
    // P1 runs around the clock: 240 minutes from the change, Tuesday 14:00.
    expect(raised.sla.resolutionDueAt).toBe('2025-03-04T13:00:00.000Z');
    expect(raised.nextTimerAt).toBe('2025-03-04T12:00:00.000Z'); // the 75 % reminder

    s.clock.set('2025-03-04T13:01:00Z');
    await sweeper.sweepOnce();
    const sent = await s.outbox.take();
    // The user hears the deadline the case had since the change, not one before it.
    expect(toPerson(sent, people.anna.id)[0]?.text).toContain('than we aimed for (Tue 4 Mar, 14:00)');
    expect((await fresh(c)).sla.breaches).toEqual([{ kind: 'resolution', at: '2025-03-04T13:01:00.000Z' }]);
  });

  it('breaches neither target at once when an unclaimed case is raised to P1 after its new response time', async () => {
    const c = await s.reportWifi(people.anna); // P3: response due 14:00 (13:00Z)
    // 12:30: raised. P1 counted from registration: response due 10:30, already passed.
    s.clock.set('2025-03-03T11:30:00Z');
    okCase(await s.service.act(people.jonas, { verb: 'classify', ...on(c), priority: 'P1' }));
    await s.outbox.take();

    const sweeper = buildSweeper(s);
    await sweeper.sweepOnce();
    expect(threadTexts(await s.outbox.take()).filter((t) => t.includes('overskredet'))).toEqual([]);
    const raised = await fresh(c);
    expect(raised.sla.breaches).toEqual([]);
    // 30 minutes from the change to respond, 240 to resolve.
    expect(raised.sla.responseDueAt).toBe('2025-03-03T12:00:00.000Z');
    expect(raised.sla.resolutionDueAt).toBe('2025-03-03T15:30:00.000Z');
  });

  it('never moves a deadline out by raising the priority: the earlier deadline the case had stays', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', ...on(c) }));
    // Thursday 09:30: P3 resolution due at 10:00 (09:00Z); P1 from the change would give until 13:30.
    s.clock.set('2025-03-06T08:30:00Z');
    c = okCase(await s.service.act(people.jonas, { verb: 'classify', ...on(c), priority: 'P1' }));
    expect((await fresh(c)).sla.resolutionDueAt).toBe('2025-03-06T09:00:00.000Z');
  });

  it('keeps counting a lowered priority from registration', async () => {
    let c = await s.reportWifi(people.anna);
    s.clock.set('2025-03-04T09:00:00Z');
    c = okCase(await s.service.act(people.jonas, { verb: 'classify', ...on(c), priority: 'P4' }));
    // P4: 4800 business minutes (ten business days) from Monday 10:00.
    expect((await fresh(c)).sla.resolutionDueAt).toBe('2025-03-17T09:00:00.000Z');
  });
  it('does not remind again after a raise that leaves the deadline the reminder was about', async () => {
    const sweeper = buildSweeper(s);
    let c = await s.reportWifi(people.anna); // P3: resolution due Thursday 10:00, its reminder Wednesday 12:00
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', ...on(c) }));
    s.clock.set('2025-03-05T11:00:00Z');
    await sweeper.sweepOnce();
    expect(reminders(await s.outbox.take())).toEqual([expect.stringContaining('75 % of the resolution time')]);

    // Wednesday 12:30: raised to P2. 480 business minutes from the change end after Thursday 10:00, so the
    // deadline stays Thursday 10:00: the one Jonas was just reminded of.
    s.clock.set('2025-03-05T11:30:00Z');
    c = okCase(await s.service.act(people.jonas, { verb: 'classify', ...on(await fresh(c)), priority: 'P2' }));
    expect((await fresh(c)).sla.resolutionDueAt).toBe('2025-03-06T09:00:00.000Z');
    await s.outbox.take();

    s.clock.set('2025-03-06T08:59:00Z');
    await sweeper.sweepOnce();
    expect(reminders(await s.outbox.take())).toEqual([]);
  });
});
