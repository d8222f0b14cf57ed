import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { isBreached } from '../../../src/models/sla.js';
import { linkedSince, skipLinkedPeriod } from '../../../src/services/major/leave-major.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Services, threadTexts, toPerson, wifiInput } from '../../helpers/services.js';
import { buildDigest, buildSweeper } from '../../helpers/sla.js';
import { createMajorHarness, type MajorHarness } from './major-harness.js';

describe('leaving a finished major incident on return to the technician', () => {
  let h: MajorHarness;
  beforeEach(async () => {
    h = await createMajorHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** Bo's report joins at intake; the major incident is worked for `workedDays` days and resolved. */
  async function resolvedWithParent(workedDays = 0): Promise<{ parent: Case; child: Case }> {
    const parent = await h.declareEduroam();
    const joined = await h.reportWifi(people.bo, { parentId: parent.id });
    await h.majors.joined(joined, 'da');
    await h.outbox.take();
    h.clock.advance(workedDays * 86_400_000);
    const p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'Restarted' }),
    );
    await h.outbox.take();
    const child = (await h.store.getCase(joined.id))!;
    expect(child.status).toBe('resolved');
    return { parent, child };
  }

  it('unlinks the report, posts its card, gives it a ladder and a digest line when its parent was resolved', async () => {
    const { parent, child } = await resolvedWithParent();
    h.clock.advance(10 * 86_400_000);
    const returned = okCase(
      await h.service.act(people.jonas, {
        verb: 'return_to_technician',
        caseId: child.id,
        version: child.version,
        reason: 'Bo still has no wifi',
      }),
    );
    const sent = await h.outbox.take();
    // Its own clock leaves out the ten days it was linked: not late on leaving. The parent's solution reached Bo
    // personally when it was resolved: that was his first response.
    expect(returned.firstResponseAt).toBe(child.resolvedAt);
    expect(isBreached('resolution', returned.sla, h.clock.now())).toBe(false);
    expect(returned.status).toBe('in_progress');
    expect(returned.parentId).toBeUndefined();
    expect(returned.nextTimerAt).toBeDefined();
    expect(returned.history.at(-1)).toMatchObject({ action: 'unlink_major', from: parent.number });
    expect(sent.filter((m) => m.kind === 'post_card')).toEqual([
      expect.objectContaining({ kind: 'post_card', caseId: child.id, groupId: child.groupId }),
    ]);
    expect(threadTexts(sent).some((t) => t.includes(`${child.number}: `) && t.includes(parent.number))).toBe(true);
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(0);

    h.clock.advance(30 * 86_400_000);
    const lists = await buildDigest(h).lists(returned.groupId, h.clock.now());
    const ids = [...lists.inactive, ...lists.breached].map((c) => c.id);
    expect(ids).toContain(child.id);
  });

  it('leaves a report its user reopens after the parent was resolved with the linked period not counted', async () => {
    const { parent, child } = await resolvedWithParent(7);
    h.clock.advance(5 * 86_400_000);
    const reopened = okCase(
      await h.service.act(people.bo, { verb: 'still_a_problem', caseId: child.id, version: child.version }),
    );
    expect(reopened.parentId).toBeUndefined();
    expect(reopened.history.map((e) => e.action).slice(-2)).toEqual(['reopen', 'unlink_major']);
    expect(reopened.sla.pausedIntervals).toEqual([{ from: child.createdAt, to: h.clock.now().toISOString() }]);
    expect(isBreached('resolution', reopened.sla, h.clock.now())).toBe(false);
    expect(reopened.firstResponseAt).toBeDefined();
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(0);
  });

  it('keeps a report linked when its major incident is open again', async () => {
    const { parent, child } = await resolvedWithParent();
    const p = (await h.store.getCase(parent.id))!;
    await h.store.updateCase({ ...p, status: 'in_progress' }, p.version, []);
    const returned = okCase(
      await h.service.act(people.jonas, {
        verb: 'return_to_technician',
        caseId: child.id,
        version: child.version,
        reason: 'Not yet',
      }),
    );
    expect(returned.parentId).toBe(parent.id);
    expect((await h.outbox.take()).filter((m) => m.kind === 'post_card')).toEqual([]);
  });
});

describe('the SLA clock of a report leaving its major incident', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
  });
  afterEach(async () => {
    await s.close();
  });

  it('does not count the linked period when the report is unlinked four business days later', async () => {
    const parent = await s.reportWifi(people.carl);
    const child = await s.register(wifiInput(people.anna, { parentId: parent.id }), people.anna);
    await s.outbox.take();
    s.clock.set('2025-03-07T12:00:00Z');
    const c = (await s.store.getCase(child.id))!;
    const unlinked = okCase(
      await s.service.act(people.jonas, { verb: 'unlink_major', caseId: c.id, version: c.version }),
    );
    expect(unlinked.parentId).toBeUndefined();
    // Nobody wrote to Anna about the major incident while she was linked: no first response yet, and its target
    // is pushed by the four days linked, as the resolution target is.
    expect(unlinked.firstResponseAt).toBeUndefined();
    expect(c.sla.responseDueAt).toBeDefined();
    expect(Date.parse(unlinked.sla.responseDueAt!)).toBeGreaterThan(Date.parse('2025-03-07T12:00:00Z'));
    expect(isBreached('response', unlinked.sla, '2025-03-07T12:01:00Z')).toBe(false);
    expect(unlinked.sla.pausedSince).toBeUndefined();
    expect(unlinked.sla.pausedIntervals).toEqual([{ from: c.createdAt, to: '2025-03-07T12:00:00.000Z' }]);
    expect(isBreached('resolution', unlinked.sla, '2025-03-07T12:01:00Z')).toBe(false);
    await s.outbox.take();

    s.clock.set('2025-03-07T12:01:00Z');
    await buildSweeper(s).sweepOnce();
    const after = (await s.store.getCase(child.id))!;
    expect(after.sla.breaches).toEqual([]);
    const pings = toPerson(await s.outbox.take(), people.karen.id).filter((m) => m.text.includes(child.number));
    expect(pings).toEqual([]);
  });

  it('counts a report linked by staff from the link, not from its creation', async () => {
    const registered = await s.reportWifi(people.anna);
    const link = { at: '2025-03-04T09:00:00.000Z', actor: { id: people.jonas.id, name: people.jonas.name } };
    const c = { ...registered, history: [...registered.history, { ...link, action: 'link_major', detail: 'INC-1' }] };
    expect(linkedSince(c)).toBe(link.at);
    expect(linkedSince(registered)).toBe(registered.createdAt);
  });

  it('keeps a pause running from before the link and counts one begun while linked from the link', () => {
    const base = {
      responseTargetMinutes: 60,
      resolutionTargetMinutes: 480,
      responseDueAt: '2025-03-03T10:00:00.000Z',
      resolutionDueAt: '2025-03-03T17:00:00.000Z',
      pausedIntervals: [],
      breaches: [],
      fired: [],
    };
    const calendar = s.calendar;
    const before = { ...base, pausedSince: '2025-03-03T09:30:00.000Z' };
    expect(skipLinkedPeriod(before, '2025-03-03T10:00:00.000Z', '2025-03-05T10:00:00.000Z', calendar, true)).toBe(
      before,
    );
    const during = { ...base, pausedSince: '2025-03-03T11:00:00.000Z' };
    const skipped = skipLinkedPeriod(during, '2025-03-03T10:00:00.000Z', '2025-03-05T10:00:00.000Z', calendar, true);
    expect(skipped.pausedSince).toBe('2025-03-03T11:00:00.000Z');
    expect(skipped.pausedIntervals).toEqual([{ from: '2025-03-03T10:00:00.000Z', to: '2025-03-03T11:00:00.000Z' }]);
    expect(skipped.resolutionDueAt).toBe('2025-03-03T18:00:00.000Z');
  });

  it('pushes the clock only by the linked time not already paused (a pause taken while linked counts once)', () => {
    const sla = {
      responseTargetMinutes: 60,
      resolutionTargetMinutes: 480,
      responseDueAt: '2025-03-03T10:00:00.000Z',
      resolutionDueAt: '2025-03-03T17:00:00.000Z',
      // Waiting for the user for an hour while linked: that hour was pushed when the user answered.
      pausedIntervals: [{ from: '2025-03-03T11:00:00.000Z', to: '2025-03-03T12:00:00.000Z' }],
      breaches: [],
      fired: [],
    };
    const skipped = skipLinkedPeriod(sla, '2025-03-03T10:00:00.000Z', '2025-03-03T14:00:00.000Z', s.calendar, true);
    expect(skipped.pausedIntervals).toEqual([
      { from: '2025-03-03T11:00:00.000Z', to: '2025-03-03T12:00:00.000Z' },
      { from: '2025-03-03T10:00:00.000Z', to: '2025-03-03T11:00:00.000Z' },
      { from: '2025-03-03T12:00:00.000Z', to: '2025-03-03T14:00:00.000Z' },
    ]);
    expect(skipped.resolutionDueAt).toBe('2025-03-03T20:00:00.000Z');
  });
});

describe('the unclaimed ping of a report leaving its major incident', () => {
  let h: MajorHarness;
  beforeEach(async () => {
    h = await createMajorHarness(); // Monday 3 March 2025, 10:00 in Copenhagen
  });
  afterEach(async () => {
    await h.close();
  });

  it('counts the minutes unclaimed from the unlink, when its card reaches the pile, not from its registration', async () => {
    const parent = await h.declareEduroam();
    // Bo cannot work at all: P2, pinged when unclaimed for 60 minutes. He joins the major incident at intake.
    const joined = await h.reportWifi(people.bo, { parentId: parent.id, urgency: 'high' });
    expect(joined.priority).toBe('P2');
    await h.majors.joined(joined, 'da');
    await h.outbox.take();
    // Three hours later Jonas finds Bo's problem is another one and unlinks it: its card reaches the pile now.
    h.clock.set('2025-03-03T12:00:00Z');
    okCase(await h.service.act(people.jonas, { verb: 'unlink_major', caseId: joined.id, version: joined.version }));
    await h.outbox.take();
    const unclaimed = (texts: string[]) => texts.filter((t) => t.includes('uden at nogen har taget den'));
    h.clock.set('2025-03-03T12:01:00Z');
    await buildSweeper(h).sweepOnce();
    expect(unclaimed(threadTexts(await h.outbox.take()))).toEqual([]);
    // 60 minutes after the unlink it is pinged as any report left in the pile.
    h.clock.set('2025-03-03T13:01:00Z');
    await buildSweeper(h).sweepOnce();
    expect(unclaimed(threadTexts(await h.outbox.take()))).toHaveLength(1);
  });
});
