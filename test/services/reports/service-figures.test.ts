import { describe, expect, it } from 'vitest';
import { ReportService } from '../../../src/services/reports/report-service.js';
import { people } from '../../helpers/people.js';
import { buildOrderServices, placeOrder } from '../../helpers/orders.js';
import { buildServices, okCase } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';
import { createMajorHarness } from '../major/major-harness.js';

const deps = (s: { store: never; catalogue: never; calendar: never; clock: never }) =>
  new ReportService({ ...s, timeZone: 'Europe/Copenhagen', defaultLocale: 'en' });

describe('ReportService (major incidents and orders)', () => {
  it('counts major incidents and their linked reports in the figures, the stats facts and the CSV', async () => {
    const h = await createMajorHarness();
    const parent = await h.declareEduroam();
    await h.buildReports(3, parent.id);
    const reports = deps(h as never);
    const now = h.clock.now();
    const from = new Date(now.getTime() - 86_400_000);
    const to = new Date(now.getTime() + 86_400_000);
    const figures = await reports.figures({ from, to });
    expect(figures.majors).toEqual({ majors: 1, linkedReports: 3, meanTimeToResolveMinutes: null });
    expect(figures.orders?.orders).toBe(0);

    const view = await reports.statsView(people.jonas, { period: now.toISOString().slice(0, 7) }, 'en');
    const fact = view.facts?.find((f) => f.label === 'Major incidents');
    expect(fact?.value).toMatch(/^1, 3 linked reports/);
    expect(view.facts?.some((f) => f.label === 'Equipment orders')).toBe(false);

    const csv = await reports.csv(now.toISOString().slice(0, 7));
    expect(csv).toContain('major_incidents,,1,0\r\n');
    expect(csv).toContain('major_linked_reports,,3,0\r\n');
  });

  it('counts equipment orders in the figures and the stats facts', async () => {
    const s = await buildOrderServices();
    await placeOrder(s, people.anna, { 'qty.headset-jabra-evolve2-65': '1' });
    await placeOrder(s, people.anna, { 'qty.screen-dell-p2425h': '2' });
    const reports = deps(s as never);
    const now = s.clock.now();
    const figures = await reports.figures({
      from: new Date(now.getTime() - 86_400_000),
      to: new Date(now.getTime() + 86_400_000),
    });
    expect(figures.orders?.orders).toBe(2);
    expect(figures.majors?.majors).toBe(0);
    const view = await reports.statsView(people.jonas, { period: now.toISOString().slice(0, 7) }, 'en');
    expect(view.facts?.find((f) => f.label === 'Equipment orders')?.value).toMatch(/^2, approval /);
  });
});

describe('ReportService (figures of cases worked through the lifecycle)', () => {
  it('counts a case resolved straight from the pile in the first-response times, its resolution being the response', async () => {
    const s = await buildServices({ now: '2025-03-03T09:00:00Z' }); // Monday 10:00 in Copenhagen
    try {
      let claimed = await s.reportWifi(people.anna);
      let fromPile = await s.reportWifi(people.carl);
      s.clock.set('2025-03-03T09:20:00Z');
      fromPile = okCase(
        await s.service.act(people.jonas, {
          verb: 'resolve',
          caseId: fromPile.id,
          version: fromPile.version,
          solution: 'Reset AP',
        }),
      );
      s.clock.set('2025-03-03T10:00:00Z');
      claimed = okCase(
        await s.service.act(people.jonas, { verb: 'claim', caseId: claimed.id, version: claimed.version }),
      );
      const figures = await deps(s as never).figures({
        from: new Date('2025-03-01T00:00:00Z'),
        to: new Date('2025-04-01T00:00:00Z'),
      });
      // 20 and 60 business minutes: the case solved from the pile is no longer left out of the mean.
      expect(figures.firstResponse).toEqual({ mean: 40, median: 40, count: 2 });
    } finally {
      await s.close();
    }
  });

  it('leaves the reports resolved with a major incident out of the times and SLA compliance: the parent counts', async () => {
    const h = await createMajorHarness();
    try {
      const parent = await h.declareEduroam();
      for (const user of [people.bo, people.carl, people.peter]) {
        await h.majors.joined(await h.reportWifi(user, { parentId: parent.id }), 'da');
      }
      // The major incident misses its resolution target, then is resolved with its reports.
      h.clock.set(new Date(Date.parse(parent.sla.resolutionDueAt!) + 60_000).toISOString());
      await buildSweeper(h).sweepOnce();
      const breached = (await h.store.getCase(parent.id))!;
      expect(breached.sla.breaches.map((b) => b.kind)).toContain('resolution');
      okCase(
        await h.service.act(people.jonas, {
          verb: 'resolve',
          caseId: parent.id,
          version: breached.version,
          solution: 'The wireless controller was replaced.',
        }),
      );
      const now = h.clock.now().getTime();
      const figures = await deps(h as never).figures({
        from: new Date(now - 7 * 86_400_000),
        to: new Date(now + 86_400_000),
      });
      expect(figures.resolved).toBe(4);
      expect(figures.slaCompliance).toBe(0);
      expect(figures.resolution.count).toBe(1);
      expect(figures.firstResponse.count).toBe(1);
      expect(figures.reopenRate).toBe(0);
      expect(figures.majors).toMatchObject({ majors: 1, linkedReports: 3 });
    } finally {
      await h.close();
    }
  });
});
