import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import {
  buildServices,
  type Sent,
  type Services,
  shippedCatalogue,
  okCase,
  wifiInput,
} from '../../helpers/services.js';
import { buildDigest, minutes } from '../../helpers/sla.js';
import { createMajorHarness, type MajorHarness } from '../major/major-harness.js';
import { BusinessCalendar } from '../../../src/models/business-calendar.js';

const DAY = 86_400_000;
const calendar = BusinessCalendar.fromConfig(shippedCatalogue().catalogue.calendar, 'Europe/Copenhagen');

/**
 * 08:30 in Copenhagen on a business day a few days from today, and the next non-business day after it. The
 * store expires "processed" marks by the real clock, so the scenario runs in the near future, not on a fixed date.
 */
function digestDays(): { digestAt: Date; nextBusinessAt: Date; closedDayAt: Date } {
  const eightThirty = (from: number, business: boolean): Date => {
    for (let k = 0; k < 30; k++) {
      const day = new Date(from + k * DAY);
      if (calendar.isBusinessDay(day) !== business) continue;
      const local = calendar.localDate(day);
      const opening = calendar.nextOpening(new Date(`${local}T00:00:00Z`));
      // On a closed day "08:30" is its local date at the usual wall time.
      const at = business ? opening : new Date(`${local}T06:30:00Z`);
      return new Date(at.getTime() + (business ? minutes(30) : 0));
    }
    throw new Error('no day found');
  };
  const digestAt = eightThirty(Date.now() + 2 * DAY, true);
  return {
    digestAt,
    nextBusinessAt: eightThirty(digestAt.getTime() + DAY, true),
    closedDayAt: eightThirty(digestAt.getTime() + DAY, false),
  };
}

const digests = (sent: readonly Sent[]) =>
  sent.flatMap((m) => (m.kind === 'send_person' && m.key.startsWith('digest:') ? [m] : []));

describe('DailyDigest', () => {
  const { digestAt, nextBusinessAt, closedDayAt } = digestDays();
  let s: Services;
  let quiet: Case;
  let ready: Case;
  let fresh: Case;

  beforeEach(async () => {
    s = await buildServices({ now: new Date(digestAt.getTime() - 14 * DAY).toISOString() });
    quiet = await s.reportWifi(people.anna);
    quiet = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: quiet.id, version: quiet.version }));

    s.clock.set(new Date(digestAt.getTime() - DAY));
    ready = await s.reportWifi(people.bo);
    ready = okCase(await s.service.act(people.emma, { verb: 'claim', caseId: ready.id, version: ready.version }));
    ready = okCase(
      await s.service.act(people.emma, {
        verb: 'resolve',
        caseId: ready.id,
        version: ready.version,
        solution: 'New driver.',
      }),
    );

    s.clock.set(new Date(digestAt.getTime() - minutes(10)));
    fresh = await s.reportWifi(people.carl);
    await s.outbox.take();
  });
  afterEach(async () => {
    await s.close();
  });

  it('lists cases ready to close, quiet for days and with a missed deadline, for the group that owns them', async () => {
    const lists = await buildDigest(s).lists('arts-support', digestAt);
    expect(lists.ready.map((c) => c.id)).toEqual([ready.id]);
    expect(lists.inactive.map((c) => c.id)).toEqual([quiet.id]);
    expect(lists.breached.map((c) => c.id)).toEqual([quiet.id]);
    expect(JSON.stringify(lists)).not.toContain(fresh.id);
  });

  it('leaves quick cases and known solutions the user applied out of the ready-to-close list: nobody has to check them', async () => {
    s.clock.set(new Date(digestAt.getTime() - DAY));
    const quick = await s.register(
      wifiInput(people.carl, { resolvedWith: { solution: 'Password reset on the spot.', quick: true } }),
      people.jonas,
    );
    const known = await s.register(
      wifiInput(people.anna, { resolvedWith: { solution: 'Forget the network.', articleId: 'kb-1', quick: true } }),
      people.anna,
    );
    expect([quick.status, known.status]).toEqual(['resolved', 'resolved']);
    const lists = await buildDigest(s).lists('arts-support', digestAt);
    expect(lists.ready.map((c) => c.id)).toEqual([ready.id]);
  });

  it('lists a quick case the user reopened and a technician then resolved: it has a solution to check', async () => {
    s.clock.set(new Date(digestAt.getTime() - 3 * DAY));
    let c = await s.register(
      wifiInput(people.carl, { resolvedWith: { solution: 'Password reset on the spot.', quick: true } }),
      people.jonas,
    );
    expect(c).toMatchObject({ status: 'resolved', quick: true });
    s.clock.set(new Date(digestAt.getTime() - 2 * DAY));
    c = okCase(await s.service.act(people.carl, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    expect(c).toMatchObject({ status: 'registered', quick: false, reopenCount: 1 });
    c = okCase(await s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version }));
    s.clock.set(new Date(digestAt.getTime() - DAY));
    c = okCase(
      await s.service.act(people.emma, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Replaced the network card.',
      }),
    );
    expect(c.status).toBe('resolved');
    const lists = await buildDigest(s).lists('arts-support', digestAt);
    expect(lists.ready.map((r) => r.id)).toEqual([c.id, ready.id]);
  });

  it('sends each member and the supervisor of the group one digest at the configured time, in their language', async () => {
    const digest = buildDigest(s);
    s.clock.set(new Date(digestAt.getTime() - minutes(1)));
    expect(await digest.runOnce()).toEqual({ groups: 0, messages: 0 });

    s.clock.set(digestAt);
    const group = s.catalogue.requireGroup('arts-support');
    expect(await digest.runOnce()).toEqual({ groups: 1, messages: group.members.length + 1 });
    const sent = digests(await s.outbox.take());
    expect(sent.map((m) => m.kind === 'send_person' && m.person.id).sort()).toEqual(
      ['email:rasmus.bang@au.dk', people.emma.id, people.jonas.id, people.karen.id].sort(),
    );
    const toKaren = sent.find((m) => m.kind === 'send_person' && m.person.id === people.karen.id);
    const toJonas = sent.find((m) => m.kind === 'send_person' && m.person.id === people.jonas.id);
    if (toKaren?.kind !== 'send_person' || toJonas?.kind !== 'send_person') throw new Error('digest missing');
    expect(toKaren.view.title).toMatch(/^Daglig opfølgning for ARTS Support/);
    expect(toJonas.view.title).toMatch(/^Daily follow-up for ARTS Support/);
    const text = toJonas.view.text;
    expect(text).toContain('Ready to close: 1. No activity: 1. Deadline missed: 1.');
    expect(text.indexOf(ready.number)).toBeGreaterThan(text.indexOf('Ready to close ('));
    expect(text.indexOf(quiet.number)).toBeGreaterThan(text.indexOf('No activity for 3 days'));
    expect(text).toContain(`${quiet.number} "${quiet.title}": Jonas Vestergaard; the resolution time missed`);
    expect(text).not.toContain(fresh.number);
    expect(toJonas.view.actions).toEqual([
      {
        action: { verb: 'close', caseId: ready.id, version: ready.version, digest: 'arts-support' },
        label: `Close ${ready.number}`,
        style: 'positive',
      },
      {
        action: { verb: 'refresh', caseId: quiet.id, version: quiet.version, digest: 'arts-support' },
        label: `Show ${quiet.number}`,
      },
    ]);
  });

  it('sends once per day even with a second instance on the same store, again the next business day, never on a closed day', async () => {
    const first = buildDigest(s);
    const second = buildDigest(s);
    s.clock.set(digestAt);
    const runs = await Promise.all([first.runOnce(), second.runOnce()]);
    expect(runs.reduce((n, r) => n + r.groups, 0)).toBe(1);
    s.clock.advance(minutes(120));
    expect(await second.runOnce()).toEqual({ groups: 0, messages: 0 });
    expect(digests(await s.outbox.take())).toHaveLength(4);

    s.clock.set(closedDayAt);
    expect((await first.runOnce()).groups).toBe(0);
    s.clock.set(nextBusinessAt);
    expect((await second.runOnce()).groups).toBe(1);
    expect(digests(await s.outbox.take())).toHaveLength(4);
  });
});

describe('DailyDigest when a run fails', () => {
  // Tuesday 4 March 2025, 08:30 in Copenhagen; the store stamps by the same manual clock.
  const at = new Date('2025-03-04T07:30:00Z');
  let s: Services;

  beforeEach(async () => {
    s = await buildServices({ now: '2025-03-03T09:00:00Z', storeOnClock: true });
    let c = await s.reportWifi(people.bo);
    c = okCase(await s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version }));
    okCase(await s.service.act(people.emma, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'Driver' }));
    await s.outbox.take();
    s.clock.set(at);
  });
  afterEach(async () => {
    await s.close();
  });

  /** The store, with `method` failing the first `times` calls (`match`: only calls whose first argument it accepts). */
  const failing = (method: 'enqueueOutbox' | 'markProcessed', times: number, match: (arg: unknown) => boolean) =>
    new Proxy(s.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop !== method) return value.bind(target);
        return async (...args: unknown[]) => {
          if (match(args[0]) && times-- > 0) throw new AppError('STORE.UNAVAILABLE', 'busy (test)');
          return value.apply(target, args);
        };
      },
    }) as CaseStore;

  it("sends the day's digest at a later run when queuing it failed, once the failed run's lease is over", async () => {
    const digest = buildDigest(s, { store: failing('enqueueOutbox', 1, () => true) });
    await expect(digest.runOnce()).rejects.toThrow('busy');
    s.clock.advance(minutes(1)); // the failed run still holds the day for a moment
    expect(await digest.runOnce()).toEqual({ groups: 0, messages: 0 });
    s.clock.advance(minutes(2));
    expect((await digest.runOnce()).groups).toBe(1);
    expect(digests(await s.outbox.take())).toHaveLength(4);
    s.clock.advance(minutes(10));
    expect(await digest.runOnce()).toEqual({ groups: 0, messages: 0 });
  });

  it('queues nothing twice when a run died after queuing the digest but before marking the day', async () => {
    const done = (key: unknown) => typeof key === 'string' && /^digest:arts-support:[\d-]+$/.test(key);
    const digest = buildDigest(s, { store: failing('markProcessed', 1, done) });
    await expect(digest.runOnce()).rejects.toThrow('busy');
    s.clock.advance(minutes(3));
    await digest.runOnce();
    s.clock.advance(minutes(3));
    expect(await digest.runOnce()).toEqual({ groups: 0, messages: 0 });
    expect(digests(await s.outbox.take())).toHaveLength(4);
  });

  it('leaves reports linked to a major incident out of the inactive and missed-deadline lists', async () => {
    const parent = await s.reportWifi(people.carl);
    const linked = await s.register(wifiInput(people.anna, { parentId: parent.id }), people.anna);
    s.clock.set('2025-03-11T07:30:00Z'); // a week later: both quiet for days and past their targets
    const lists = await buildDigest(s).lists('arts-support', s.clock.now());
    expect(lists.breached.map((c) => c.id)).toEqual([parent.id]);
    expect(lists.inactive.map((c) => c.id)).toEqual([parent.id]);
    expect(JSON.stringify(lists)).not.toContain(linked.id);
  });
});

describe('DailyDigest and a resolved major incident', () => {
  let h: MajorHarness;
  beforeEach(async () => {
    h = await createMajorHarness(); // Monday 3 March 2025, 10:00 in Copenhagen
  });
  afterEach(async () => {
    await h.close();
  });

  it('lists the major incident ready to close, not each of its reports resolved with it', async () => {
    const parent = await h.declareEduroam();
    const reports = [];
    for (const user of [people.bo, people.carl]) {
      reports.push(await h.reportWifi(user, { parentId: parent.id }));
    }
    const p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'New AP' }),
    );
    for (const r of reports) expect((await h.store.getCase(r.id))?.status).toBe('resolved');
    const lists = await buildDigest(h).lists('arts-support', new Date('2025-03-04T07:30:00Z'));
    expect(lists.ready.map((c) => c.id)).toEqual([parent.id]);
  });
});

describe('DailyDigest and the weekend', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices({ now: '2025-03-06T13:00:00Z' }); // Thursday 6 March 2025, 14:00 in Copenhagen
  });
  afterEach(async () => {
    await s.close();
  });

  it('counts the days without activity in business days: a case last touched on Thursday is quiet from Wednesday', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    const digest = buildDigest(s);
    const inactive = async (at: string) => (await digest.lists('arts-support', new Date(at))).inactive.map((x) => x.id);
    // Monday 08:30: four calendar days, but one business day and a morning (Friday, Monday).
    expect(await inactive('2025-03-10T07:30:00Z')).toEqual([]);
    expect(await inactive('2025-03-11T07:30:00Z')).toEqual([]);
    // Wednesday 08:30: Friday, Monday and Tuesday without activity.
    expect(await inactive('2025-03-12T07:30:00Z')).toEqual([c.id]);
    const now = new Date('2025-03-12T07:30:00Z');
    const view = digest.view(
      s.catalogue.requireGroup('arts-support'),
      await digest.lists('arts-support', now),
      '2025-03-12',
      now,
      'en',
    );
    expect(view.text).toContain('No activity for 3 business days or more:');
  });
});
