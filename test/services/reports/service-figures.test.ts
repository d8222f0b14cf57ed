import { describe, expect, it } from 'vitest';
import { ReportService } from '../../../src/services/reports/report-service.js';
import { people } from '../../helpers/people.js';
import { buildOrderServices, placeOrder } from '../../helpers/orders.js';
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
