import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountReportRoutes } from '../../src/http/reports-routes.js';
import { type RunningServer, startHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { ReportLinks } from '../../src/services/reports/report-links.js';
import { ReportService } from '../../src/services/reports/report-service.js';
import { buildCalendar } from '../helpers/business-calendar-fixture.js';
import { decodePng } from '../helpers/png.js';
import { people } from '../helpers/people.js';
import { seedReportCases } from '../helpers/report-fixture.js';
import { shippedCatalogue } from '../helpers/services.js';

describe('mountReportRoutes', () => {
  let running: RunningServer;
  let store: SqliteCaseStore;
  let clock: ManualClock;
  let links: ReportLinks;
  let reports: ReportService;
  let base: string;

  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    await seedReportCases(store);
    clock = new ManualClock('2025-05-05T08:00:00.000Z');
    links = new ReportLinks({ store, clock, publicUrl: 'https://bot.example.org' });
    const catalogue = shippedCatalogue();
    reports = new ReportService({
      store,
      catalogue,
      calendar: buildCalendar(),
      clock,
      timeZone: 'Europe/Copenhagen',
      defaultLocale: 'en',
      links,
    });
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('silent'),
      readiness: {},
      mount: (app) => mountReportRoutes(app, { reports, links, catalogue }),
    });
    base = `http://127.0.0.1:${running.port}`;
  });
  afterEach(async () => {
    await running.close(1000);
    await store.close();
  });

  const local = (url: string): string => url.replace('https://bot.example.org', base);

  it('serves the CSV when the link is signed and refuses it when tampered with or expired', async () => {
    const url = (await links.csvUrl('arts-support', '2025-04'))!;
    const ok = await fetch(local(url));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/csv/);
    const body = await ok.text();
    // Arts in April: 4 opened, 3 resolved; March: H only.
    expect(body).toContain('opened,,4,1');
    expect(body).toContain('resolved,,3,1');

    expect((await fetch(local(url.replace('arts-support', 'all')))).status).toBe(404);
    expect((await fetch(local(url.replace('2025-04.csv', '2025-03.csv')))).status).toBe(404);
    expect((await fetch(local(url.replace(/sig=[^&]+/, 'sig=AAAA')))).status).toBe(404);
    expect((await fetch(local(url.replace(/[?].*$/, '')))).status).toBe(404);
    clock.advance(91 * 86_400_000);
    expect((await fetch(local(url))).status).toBe(404);
  });

  it('serves a chart PNG by its id when the stats card links it, and 404 for other ids', async () => {
    const view = await reports.statsView(people.jonas, { groupId: 'arts-support', period: '2025-04' }, 'da');
    const res = await fetch(local(view.image!.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = decodePng(Buffer.from(await res.arrayBuffer()));
    expect([png.width, png.height]).toEqual([view.image!.width, view.image!.height]);
    expect((await fetch(`${base}/charts/${'A'.repeat(43)}.png`)).status).toBe(404);
    expect((await fetch(`${base}/charts/short.png`)).status).toBe(404);
  });
});
