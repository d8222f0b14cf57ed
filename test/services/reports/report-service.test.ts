import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { chartSpec } from '../../../src/services/reports/report-chart.js';
import { ReportLinks } from '../../../src/services/reports/report-links.js';
import { parseStatsArgs, ReportService, type StatsArgs } from '../../../src/services/reports/report-service.js';
import type { Case } from '../../../src/models/case.js';
import { buildCase } from '../../helpers/case-builder.js';
import { buildCalendar } from '../../helpers/business-calendar-fixture.js';
import { decodePng } from '../../helpers/png.js';
import { people } from '../../helpers/people.js';
import { seedReportCases } from '../../helpers/report-fixture.js';
import { shippedCatalogue } from '../../helpers/services.js';

const TZ = 'Europe/Copenhagen';
// April 2025 in Copenhagen: [31 Mar 22:00Z, 30 Apr 22:00Z).
/** `parseStatsArgs` of words that are one group and/or one period. */
function statsArgs(text: string): StatsArgs {
  const args = parseStatsArgs(text);
  if ('error' in args) throw new Error(`not stats arguments: ${text}`);
  return args;
}
const APRIL = { from: new Date('2025-03-31T22:00:00.000Z'), to: new Date('2025-04-30T22:00:00.000Z') };

describe('ReportService', () => {
  let store: SqliteCaseStore;
  let clock: ManualClock;
  let links: ReportLinks;
  let reports: ReportService;

  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    await seedReportCases(store);
    clock = new ManualClock('2025-05-05T08:00:00.000Z');
    links = new ReportLinks({ store, clock, publicUrl: 'https://bot.example.org/' });
    reports = new ReportService({
      store,
      catalogue: shippedCatalogue(),
      calendar: buildCalendar(),
      clock,
      timeZone: TZ,
      defaultLocale: 'en',
      links,
    });
  });
  afterEach(async () => {
    await store.close();
  });

  it('computes the hand-computed figures when cases span a weekend and Easter', async () => {
    const f = await reports.figures(APRIL);
    // Opened in April: A, B, C, D, F (E was registered in March, G in May, H in March).
    expect(f.opened).toBe(5);
    // Resolved in April: A (8 Apr), B (22 Apr), D (quick, 28 Apr), E (2 Apr).
    expect(f.resolved).toBe(4);
    expect(f.quickCases).toBe(1);
    // First response, non-quick cases registered in April with a response:
    //   A: Fri 15:00-16:00 (60) + Mon 08:00-09:00 (60) = 120; the weekend counts nothing.
    //   B: Wed 14:00-14:30 = 30.   C: Thu 09:00-11:00 = 120.
    //   mean (120 + 30 + 120) / 3 = 90; median of 30, 120, 120 = 120.
    expect(f.firstResponse).toEqual({ mean: 90, median: 120, count: 3 });
    // Resolution, non-quick cases resolved in April:
    //   A: Fri 60 + Mon 480 + Tue 08:00-10:00 120 = 660.
    //   B: Wed 14:00-16:00 120; Thu 17, Fri 18 (Easter), the weekend and Mon 21 (Easter Monday) closed;
    //      Tue 08:00-09:00 60 = 180.
    //   E: Fri 28 Mar 15:30-16:00 30 + Mon 31 Mar 480 + Tue 1 Apr 480 + Wed 08:00-08:30 30 = 1020
    //      (the DST change on Sun 30 Mar falls on a closed day).
    //   mean (660 + 180 + 1020) / 3 = 620; median 660.
    expect(f.resolution).toEqual({ mean: 620, median: 660, count: 3 });
    // SLA: A and E without a resolution breach, B breached: 2 of 3. Reopened: B, 1 of 3.
    expect(f.slaCompliance).toBeCloseTo(2 / 3, 10);
    expect(f.reopenRate).toBeCloseTo(1 / 3, 10);
    // Evaluations in April: A 5, B 2 → 3.5.
    expect(f.satisfaction).toEqual({ average: 3.5, count: 2 });
    // Categories of the five April registrations: printing (A, C) 2, vpn (B, F) 2, wifi-eduroam (D) 1.
    expect(f.topCategories).toEqual([
      { categoryId: 'printing', count: 2 },
      { categoryId: 'vpn', count: 2 },
      { categoryId: 'wifi-eduroam', count: 1 },
    ]);
    // Open now: C (in progress, P2, arts), F (registered, P3, network), G (registered, P4, arts).
    expect(f.open.total).toBe(3);
    expect(f.open.byStatus).toMatchObject({ registered: 2, in_progress: 1, assigned: 0 });
    expect(f.open.byPriority).toEqual({ P1: 0, P2: 1, P3: 1, P4: 1 });
    expect(f.open.byGroup).toEqual({ 'arts-support': 2, 'ops-network': 1 });
  });

  it('counts only the group when a group is given', async () => {
    const f = await reports.figures({ ...APRIL, groupId: 'arts-support' });
    // Arts in April: opened A, B, C, D; resolved A, B, D; measured resolutions A 660 and B 180.
    expect(f.opened).toBe(4);
    expect(f.resolved).toBe(3);
    expect(f.resolution).toEqual({ mean: 420, median: 420, count: 2 });
    expect(f.slaCompliance).toBe(0.5);
    expect(f.open.total).toBe(2);
  });

  it('compares the month with the month before in the monthly report', async () => {
    const r = await reports.monthlyReport('2025-04');
    expect(r.previousMonth).toBe('2025-03');
    expect(r.current.opened).toBe(5);
    // March: registered E (28 Mar) and H (3 Mar); resolved H, Mon 08:00-12:00 = 240 business minutes.
    expect(r.previous.opened).toBe(2);
    expect(r.previous.resolved).toBe(1);
    expect(r.previous.resolution).toEqual({ mean: 240, median: 240, count: 1 });
    expect(r.previous.slaCompliance).toBe(1);
  });

  it('writes the monthly figures as CSV when asked for a month', async () => {
    const csv = await reports.csv('2025-04');
    // The UTF-8 byte order mark first, so Excel reads the file as UTF-8 rather than ANSI.
    expect(csv.startsWith('\uFEFFmetric,label,')).toBe(true);
    const rows = csv.slice(1).trimEnd().split('\r\n');
    expect(rows[0]).toBe('metric,label,2025-04,2025-03');
    expect(rows).toContain('opened,,5,2');
    expect(rows).toContain('resolved,,4,1');
    expect(rows).toContain('resolution_mean_business_minutes,,620,240');
    expect(rows).toContain('sla_compliance_percent,,66.67,100');
    expect(rows).toContain('category:printing,Printing and scanning,2,1');
    expect(rows).toContain('open_now_group:ops-network,Operations: Network,1,');
  });

  it('renders facts and a decodable, many-coloured chart when staff ask for stats', async () => {
    const view = await reports.statsView(people.jonas, { period: '2025-04' }, 'en');
    expect(view.title).toBe('Figures for all groups, 2025-04');
    const fact = (label: string) => view.facts?.find((f) => f.label === label)?.value;
    expect(fact('Opened / resolved')).toBe('5 / 4');
    expect(fact('First response (mean / median)')).toBe('1 h 30 min / 2 h');
    expect(fact('Resolved within SLA')).toBe('67 % of 3');
    expect(view.image?.url).toMatch(/^https:\/\/bot\.example\.org\/charts\/[A-Za-z0-9_-]{43}\.png$/);

    const id = /charts\/(.+)\.png$/.exec(view.image!.url)![1]!;
    const png = await links.chart(id);
    expect(png).not.toBeNull();
    const decoded = decodePng(png!);
    expect(decoded.width).toBe(view.image!.width);
    expect(decoded.height).toBe(view.image!.height);
    expect(decoded.width).toBe(1000);
    expect(decoded.height).toBeGreaterThan(200);
    // The bars' own colours are there, and text/anti-aliasing make many more.
    expect(decoded.colours.has('003d73')).toBe(true);
    expect(decoded.colours.has('8bad3f')).toBe(true);
    expect(decoded.colours.has('e2001a')).toBe(true);
    expect(decoded.colours.size).toBeGreaterThan(20);
  });

  it('carries a signed CSV link for a month, as the README promises, that the CSV route accepts', async () => {
    const csvLink = (text: string | undefined) =>
      /https:\/\/bot\.example\.org\/reports\/([\w-]+)\/(\d{4}-\d{2})\.csv\?exp=(\d+)&sig=([\w-]+)/.exec(text ?? '');
    const month = csvLink((await reports.statsView(people.jonas, { period: '2025-04' }, 'en')).text);
    expect(month?.slice(1, 3)).toEqual(['all', '2025-04']);
    expect(await links.verifyCsv('all', '2025-04', month![3], month![4])).toBe(true);
    // A group's figures link to that group's CSV; "month" (the default) to this month's.
    const group = csvLink((await reports.statsView(people.jonas, statsArgs('arts-support 2025-04'), 'en')).text);
    expect(group?.slice(1, 3)).toEqual(['arts-support', '2025-04']);
    expect(csvLink((await reports.statsView(people.jonas, {}, 'da')).text)?.slice(1, 3)).toEqual(['all', '2025-05']);
    // The CSV compares whole months: a week has none.
    expect(csvLink((await reports.statsView(people.jonas, statsArgs('2025-W14'), 'en')).text)).toBeNull();
  });

  it('refuses figures when the viewer is not staff', async () => {
    const view = await reports.statsView(people.anna, {}, 'en');
    expect(view.text).toMatch(/support staff only/);
    expect(view.facts).toBeUndefined();
  });

  it('answers clearly when the group is unknown or the period is bad', async () => {
    expect((await reports.statsView(people.jonas, { groupId: 'nope' }, 'en')).text).toMatch(
      /don't know the group "nope"/,
    );
    expect((await reports.statsView(people.jonas, { period: '2025-13' }, 'da')).text).toMatch(/ikke en periode/);
    expect((await reports.statsView(people.jonas, { groupId: 'all', period: 'week' }, 'en')).facts).toBeDefined();
  });

  it('answers with the bad-period message when the year is out of range, instead of throwing', async () => {
    for (const period of ['0000-01', '0099-01', '1999-12', '9999-12']) {
      const view = await reports.statsView(people.jonas, { period }, 'en');
      expect(view.text, period).toBe(
        `"${period}" is not a period I understand. Use "week", "month", a month such as 2025-03 or a week such as ` +
          '2025-W10 (years 2000 to next year).',
      );
      expect(view.facts).toBeUndefined();
    }
    expect((await reports.statsView(people.jonas, { period: '0000-01' }, 'da')).text).toMatch(/ikke en periode/);
  });

  it('shows the week when given the week label the bot prints, and refuses a week the year lacks', async () => {
    const week = await reports.statsView(people.jonas, statsArgs('2025-W14'), 'en');
    expect(week.title).toBe('Figures for all groups, 2025-W14');
    expect(week.facts).toBeDefined();
    expect((await reports.statsView(people.jonas, statsArgs('uge 14'), 'en')).title).toBe(
      'Figures for all groups, 2025-W14',
    );
    expect((await reports.statsView(people.jonas, statsArgs('week 54'), 'en')).text).toMatch(
      /^"week 54" is not a period/,
    );
    expect((await reports.statsView(people.jonas, statsArgs('2025-W53'), 'en')).text).toMatch(
      /^"2025-W53" is not a period/,
    );
  });

  it('says the group is unknown when the group word is over 100 characters', async () => {
    const view = await reports.statsView(people.jonas, { groupId: 'x'.repeat(101) }, 'en');
    expect(view.text).toBe(
      `I don't know the group "${'x'.repeat(40)}…". Give the group's id, e.g. arts-support, or "all".`,
    );
  });

  it('shows dashes, a chart and no NaN when the period has no cases at all', async () => {
    const view = await reports.statsView(people.jonas, { period: '2019-02' }, 'en');
    const shown = JSON.stringify(view);
    expect(shown).not.toContain('NaN');
    expect(shown).not.toContain('Infinity');
    expect(view.image?.url).toMatch(/^https:\/\/bot\.example\.org\/charts\//);
  });
});

describe('parseStatsArgs', () => {
  it('tells group and period apart when both are given in any order', () => {
    expect(parseStatsArgs('2025-04 arts-support')).toEqual({ groupId: 'arts-support', period: '2025-04' });
    expect(parseStatsArgs(' uge ')).toEqual({ period: 'week' });
    expect(parseStatsArgs('')).toEqual({});
    expect(parseStatsArgs('a b')).toEqual({ error: 'too_many' });
  });

  it('takes the ISO week label and "week N" / "uge N" as a period, not as a group', () => {
    expect(parseStatsArgs('2026-W10')).toEqual({ period: '2026-W10' });
    expect(parseStatsArgs('arts-support 2026-w10')).toEqual({ groupId: 'arts-support', period: '2026-w10' });
    expect(parseStatsArgs('week 54')).toEqual({ period: 'week 54' });
    expect(parseStatsArgs('uge 10 arts-support')).toEqual({ groupId: 'arts-support', period: 'week 10' });
    expect(parseStatsArgs('week arts-support')).toEqual({ groupId: 'arts-support', period: 'week' });
    expect(parseStatsArgs('week 10 month')).toEqual({ error: 'too_many' });
  });
});

describe("ReportService: the stats chart's compliance bars", () => {
  it('never shows 100 % short of all, nor 0 % above none, as the facts do', async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    const reports = new ReportService({
      store,
      catalogue: shippedCatalogue(),
      calendar: buildCalendar(),
      clock: new ManualClock('2025-05-05T08:00:00.000Z'),
      timeZone: TZ,
      defaultLocale: 'en',
    });
    /** `n` cases resolved in April at `groupId`, the first `late` of them past their resolution target. */
    const resolved = (groupId: string, n: number, late: number): Case[] =>
      Array.from({ length: n }, (_, i) => {
        const base = buildCase({
          id: `${groupId}-${i}`,
          groupId,
          status: 'resolved',
          createdAt: '2025-04-09T08:00:00.000Z',
          resolvedAt: '2025-04-10T08:00:00.000Z',
        });
        const breaches = i < late ? [{ kind: 'resolution' as const, at: '2025-04-09T12:00:00.000Z' }] : [];
        return { ...base, sla: { ...base.sla, breaches } };
      });
    // ARTS Support: 1999 of 2000 within SLA (99.95 %); the network team: 1 of 2001 (0.05 %); Cloud: all.
    const cases = [
      ...resolved('arts-support', 2000, 1),
      ...resolved('ops-network', 2001, 2000),
      ...resolved('ops-cloud', 3, 0),
    ];
    const input = reports.chartInput(cases, APRIL.from, { ...APRIL, label: '2025-04' }, 'en');
    const spec = chartSpec(input) as unknown as {
      hconcat: { data: { values: { group: string; percent: number }[] } }[];
    };
    const bars = Object.fromEntries(spec.hconcat[1]!.data.values.map((b) => [b.group, b.percent]));
    expect(bars).toEqual({ 'ARTS Support': 99.9, 'Operations: Network': 0.1, 'Operations: Cloud (Skyen)': 100 });
    await store.close();
  });
});
