import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Services, toPerson, wifiInput } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';

describe('SLA clock: first response, linked reports, reopening', () => {
  let s: Services;
  beforeEach(async () => {
    // Monday 3 March 2025, 10:00 in Copenhagen. A Wi-Fi case is P3: response 240 business minutes (due 14:00),
    // resolution 1 440 business minutes.
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
  });
  afterEach(async () => {
    await s.close();
  });
  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  it.each([
    ['awaiting_user', { question: 'Which room exactly?' }],
    ['awaiting_vendor', { vendorName: 'Cisco', vendorRef: 'TAC-1' }],
  ] as const)(
    'a case set to %s without a claim has had its first response: no response breach later',
    async (status, extra) => {
      let c = await s.reportWifi(people.anna);
      // A desk member asks the user (or tells them of the vendor) at once, without claiming first: set_status passes
      // through In progress, and the user gets a personal message from the named person.
      s.clock.set('2025-03-03T09:05:00Z');
      c = okCase(
        await s.service.act(people.jonas, { verb: 'set_status', caseId: c.id, version: c.version, status, ...extra }),
      );
      expect(c.status).toBe(status);
      expect(c.firstResponseAt).toBe('2025-03-03T09:05:00.000Z');
      await s.outbox.take();

      s.clock.set('2025-03-03T13:01:00Z'); // past the response due time (14:00 local)
      await buildSweeper(s).sweepOnce();
      expect((await fresh(c)).sla.breaches).toEqual([]);
      expect(toPerson(await s.outbox.take(), people.karen.id)).toEqual([]);
    },
  );

  it('an earlier first response is kept when the case later waits for the user', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    s.clock.set('2025-03-03T10:00:00Z');
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_user',
        question: 'Which room?',
      }),
    );
    expect(c.firstResponseAt).toBe('2025-03-03T09:00:00.000Z');
  });

  it('reports linked to a major incident carry no ladder of their own: one ping, for the parent', async () => {
    const parent = await s.reportWifi(people.carl);
    const linked: Case[] = [];
    for (const u of [people.anna, people.bo, people.emma]) {
      linked.push(await s.register(wifiInput(u, { parentId: parent.id }), u));
    }
    for (const c of linked) expect(c.nextTimerAt).toBeUndefined();
    await s.outbox.take();
    s.clock.set('2025-03-03T13:01:00Z'); // the response target of all four cases has passed
    await buildSweeper(s).sweepOnce();
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.karen.id)).toHaveLength(1);
    expect((await fresh(parent)).sla.breaches.map((b) => b.kind)).toEqual(['response']);
    for (const c of linked) expect((await fresh(c)).sla.breaches).toEqual([]);
    // The users of linked reports are not told "late" one by one either.
    for (const u of [people.anna, people.bo, people.emma]) expect(toPerson(sent, u.id)).toEqual([]);
  });

  it('a case reopened a week after its resolution goes on from where its clock stood', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    s.clock.set('2025-03-03T10:00:00Z'); // one business hour used of 24
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'Reset AP' }),
    );
    const dueBefore = c.sla.resolutionDueAt!;
    // Anna says it still fails the next Monday, within the reopen window and before the auto-close.
    s.clock.set('2025-03-10T08:00:00Z');
    c = await fresh(c);
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    expect(c.sla.pausedIntervals).toEqual([{ from: '2025-03-03T10:00:00.000Z', to: '2025-03-10T08:00:00.000Z' }]);
    // Pushed by the five business days it sat resolved (Mon 11:00 → Mon 09:00 local, 37 business hours).
    expect(Date.parse(c.sla.resolutionDueAt!)).toBeGreaterThan(Date.parse(dueBefore) + 6 * 86_400_000);
    await s.outbox.take();

    s.clock.set('2025-03-10T08:01:00Z');
    await buildSweeper(s).sweepOnce();
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.karen.id)).toEqual([]);
    expect(toPerson(sent, people.anna.id)).toEqual([]);
    expect((await fresh(c)).sla.breaches).toEqual([]);

    // The 23 business hours left still run out: the breach comes when they have.
    s.clock.set(new Date(Date.parse(c.sla.resolutionDueAt!) + 60_000).toISOString());
    await buildSweeper(s).sweepOnce();
    expect((await fresh(c)).sla.breaches.map((b) => b.kind)).toEqual(['resolution']);
  });

  it.each([
    ['returns it to its technician', 'return'],
    ['closes it without a documented solution (returned instead)', 'close'],
  ] as const)('a case 1st level %s days after its resolution goes on from where its clock stood', async (_, how) => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    s.clock.set('2025-03-03T10:00:00Z'); // one business hour used of 24
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'Reset AP' }),
    );
    if (how === 'close') {
      // The solution was wiped (edited away): the quality check returns the case instead of closing it.
      c = await s.store.updateCase({ ...c, solution: { ...c.solution!, text: ' ' } }, c.version);
    }
    // The next Monday Emma (1st level) checks it from the digest.
    s.clock.set('2025-03-10T08:00:00Z');
    c = okCase(
      how === 'return'
        ? await s.service.act(people.emma, {
            verb: 'return_to_technician',
            caseId: c.id,
            version: c.version,
            reason: 'Which AP? Document it.',
          })
        : await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }),
    );
    expect(c.status).toBe('in_progress');
    expect(c.sla.pausedIntervals).toEqual([{ from: '2025-03-03T10:00:00.000Z', to: '2025-03-10T08:00:00.000Z' }]);
    await s.outbox.take();

    s.clock.set('2025-03-10T08:01:00Z');
    await buildSweeper(s).sweepOnce();
    // 23 business hours are left: no breach, no supervisor ping, no "taking longer" to Anna.
    const sent = await s.outbox.take();
    expect((await fresh(c)).sla.breaches).toEqual([]);
    expect(toPerson(sent, people.karen.id)).toEqual([]);
    expect(toPerson(sent, people.anna.id)).toEqual([]);
  });

  it('a case resolved before anyone claimed it has had its first response: none missed when it is reopened', async () => {
    let c = await s.reportWifi(people.anna);
    // Jonas solves it from the pile 20 minutes later; Anna hears the solution from him personally.
    s.clock.set('2025-03-03T09:20:00Z');
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'Reset AP' }),
    );
    expect(c.firstResponseAt).toBe('2025-03-03T09:20:00.000Z');
    await s.outbox.take();
    // Wednesday 10:00, past the response due time (Monday 14:00): Anna says it still fails.
    s.clock.set('2025-03-05T09:00:00Z');
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    await s.outbox.take();
    s.clock.set('2025-03-05T09:01:00Z');
    await buildSweeper(s).sweepOnce();
    expect((await fresh(c)).sla.breaches).toEqual([]);
    expect(toPerson(await s.outbox.take(), people.karen.id)).toEqual([]);
  });

  it.each([
    ['a quick case', { solution: 'Password reset on the spot.', quick: true }],
    [
      'a known solution the user applied',
      { solution: 'Forget the network and join again.', articleId: 'kb-1', quick: true },
    ],
  ])('%s registered solved has had its first response: none missed when it is reopened', async (_, resolvedWith) => {
    let c = await s.register(wifiInput(people.anna, { resolvedWith }), people.anna);
    expect(c.status).toBe('resolved');
    expect(c.firstResponseAt).toBe(c.createdAt);
    await s.outbox.take();
    s.clock.set('2025-03-05T09:00:00Z'); // Wednesday, past the response due time (Monday 14:00)
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    await s.outbox.take();
    s.clock.set('2025-03-05T09:01:00Z');
    await buildSweeper(s).sweepOnce();
    expect((await fresh(c)).sla.breaches).toEqual([]);
    expect(toPerson(await s.outbox.take(), people.karen.id)).toEqual([]);
  });
});
