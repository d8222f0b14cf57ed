import { majorStats } from '../major/major-stats.js';
import { orderStats } from '../orders/order-stats.js';
import { z } from 'zod';
import type { FactView, MessageView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import { type Case, type Locale, OPEN_STATUSES, type Person } from '../../models/case.js';
import type { CaseQuery, CaseStore } from '../../models/case-store.js';
import type { Clock } from '../clock.js';
import { categoryLabel, groupLabel, statusLabel } from '../lifecycle/labels.js';
import { isStaff } from '../roles.js';
import { type ChartInput, type ChartOptions, renderChart } from './report-chart.js';
import { figuresCsv } from './report-csv.js';
import { complianceByGroup, computeFigures, type ReportFigures, weeklySeries } from './report-figures.js';
import type { ReportLinks } from './report-links.js';
import { formatDecimal, formatMinutes, formatShare, reportMessages, sharePercent } from './report-messages.js';
import { addDays, DAY_MS, localDateOf, localMidnight } from '../dates.js';
import {
  isMonth,
  isoWeek,
  isoWeekStart,
  monthPeriod,
  previousMonth,
  type ReportPeriod,
  resolvePeriod,
} from './report-period.js';

export interface ReportServiceDeps {
  store: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  clock: Clock;
  timeZone: string;
  defaultLocale: Locale;
  /** Chart and CSV links; without them (or without PUBLIC_URL) views carry no image and no download link. */
  links?: ReportLinks;
  chart?: ChartOptions;
}

/** What `stats` takes: an optional group id (`all` = every group) and period (`week`, `month`, `YYYY-MM`). */
export interface StatsArgs {
  groupId?: string;
  period?: string;
}

/** A month's figures against the month before. */
export interface MonthlyReport {
  month: string;
  previousMonth: string;
  groupId?: string;
  current: ReportFigures;
  previous: ReportFigures;
}

/** Cases resolved or evaluated in a period may have been registered this long before it. */
const LOOKBACK_DAYS = 400;
const PAGE = 5_000;
/** The weekly chart shows at least this many weeks. */
const MIN_CHART_WEEKS = 6;
/** A group id longer than this is no group's (answered as an unknown group). */
const MAX_GROUP_ID = 100;
/** A word of digits with date separators (and a week's `w`), maybe signed: a period typed some other way. */
const DATE_LIKE = /^[-+]?\d[\d./w-]*$/i;

const statsArgsSchema = z
  .object({
    groupId: z.string().trim().toLowerCase().optional(),
    period: z.string().trim().toLowerCase().max(40).optional(),
  })
  .strict();

/** Words that are an attempt at a period: `week`, `month`, `YYYY-MM`, the ISO week label `YYYY-Www`, digits only. */
const PERIOD_WORD = /^(week|month|uge|måned|\d{4}-\d{1,2}|\d{4}-w\d{1,2})$/i;

/**
 * Splits the words after `stats` into group and period: a word that looks like a period (`week`, `month`,
 * `YYYY-MM`, `YYYY-Www` as the bot labels weeks, and `week N`/`uge N` with the number) is the period, any other the
 * group. More than one of either is refused with a usage hint. Whether the period exists is `statsView`'s answer.
 */
export function parseStatsArgs(text: string): StatsArgs | { error: 'too_many' } {
  const raw = text.trim().split(/\s+/).filter(Boolean);
  const words: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const w = raw[i]!;
    const next = raw[i + 1];
    // "week 10" / "uge 54": one period attempt, not the period "week" and the group "10".
    if (/^(week|uge)$/i.test(w) && next !== undefined && /^\d+$/.test(next)) {
      words.push(`week ${next}`);
      i++;
    } else words.push(w);
  }
  const periods = words.filter((w) => PERIOD_WORD.test(w) || /^week \d+$/.test(w));
  const groups = words.filter((w) => !periods.includes(w));
  if (periods.length > 1 || groups.length > 1) return { error: 'too_many' };
  const alias: Record<string, string> = { uge: 'week', måned: 'month' };
  const period = periods[0] ? (alias[periods[0].toLowerCase()] ?? periods[0]) : undefined;
  return { ...(groups[0] ? { groupId: groups[0] } : {}), ...(period ? { period } : {}) };
}

/**
 * Service goals for chat and the monthly report (PROCESS.md: registration feeds service goals; issue 8). Reads
 * through `findCases` in pages; all durations are business minutes on the catalogue calendar.
 */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  /** The figures of a scope over `[from, to)` (see `ReportFigures` for what each counts). */
  async figures(args: { groupId?: string; from: Date; to: Date }): Promise<ReportFigures> {
    const { periodCases, openCases } = await this.load(args.groupId, args.from, args.to);
    return {
      ...computeFigures({ ...args, periodCases, openCases, calendar: this.deps.calendar }),
      ...(await this.serviceFigures(args.from, args.to)),
    };
  }

  /** Major incidents and equipment orders of `[from, to)`: counted for the whole service, whatever the scope. */
  private async serviceFigures(from: Date, to: Date): Promise<Pick<ReportFigures, 'majors' | 'orders'>> {
    const { store, calendar } = this.deps;
    const [majors, orders] = await Promise.all([
      majorStats(store, from.toISOString(), to.toISOString()),
      orderStats(store, from, to, { calendar }),
    ]);
    return { majors, orders };
  }

  /** `month` (`YYYY-MM`) against the month before, for one group or all. */
  async monthlyReport(month: string, groupId?: string): Promise<MonthlyReport> {
    const prev = previousMonth(month);
    const period = monthPeriod(month, this.deps.timeZone);
    const before = monthPeriod(prev, this.deps.timeZone);
    const { periodCases, openCases } = await this.load(groupId, before.from, period.to);
    const base = { periodCases, openCases, calendar: this.deps.calendar, ...(groupId ? { groupId } : {}) };
    return {
      month,
      previousMonth: prev,
      ...(groupId ? { groupId } : {}),
      current: {
        ...computeFigures({ ...base, from: period.from, to: period.to }),
        ...(await this.serviceFigures(period.from, period.to)),
      },
      previous: {
        ...computeFigures({ ...base, from: before.from, to: before.to }),
        ...(await this.serviceFigures(before.from, before.to)),
      },
    };
  }

  /** The monthly report as CSV (`metric,label,<month>,<previous>`); labels in the default locale. */
  async csv(month: string, groupId?: string): Promise<string> {
    const report = await this.monthlyReport(month, groupId);
    const locale = this.deps.defaultLocale;
    return figuresCsv({
      month: report.month,
      previousMonth: report.previousMonth,
      current: report.current,
      previous: report.previous,
      categoryName: (id) => categoryLabel(this.deps.catalogue, id, locale),
      groupName: (id) => groupLabel(this.deps.catalogue, id, locale),
    });
  }

  /**
   * The `stats [group] [period]` reply: facts and a chart (opened vs resolved per week, SLA compliance per
   * group). Staff only; unknown groups and bad periods get a clear answer instead of figures.
   */
  async statsView(viewer: Person, args: StatsArgs, locale: Locale): Promise<MessageView> {
    const m = reportMessages[locale];
    if (!isStaff(viewer, this.deps.catalogue)) return { kind: 'message', locale, text: m.staffOnly };
    const parsed = statsArgsSchema.safeParse(args);
    const said = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
    if (!parsed.success) return { kind: 'message', locale, text: m.badPeriod(said(String(args.period ?? ''))) };
    // "all", or in Danish "alle" (unless the catalogue has a group of that id): every group.
    const every =
      parsed.data.groupId === 'all' || (parsed.data.groupId === 'alle' && !this.deps.catalogue.group('alle'));
    const groupId = every ? undefined : parsed.data.groupId;
    if (groupId && (groupId.length > MAX_GROUP_ID || !this.deps.catalogue.group(groupId))) {
      // A date or a year written another way than a period ("2025-03-01", "03-2025", "2025/03", "2025") is a try at
      // the period: said so, with the periods there are, not that no group has that id.
      if (DATE_LIKE.test(groupId))
        return { kind: 'message', locale, text: m.badPeriod(said(String(args.groupId).trim())) };
      return { kind: 'message', locale, text: m.unknownGroup(said(groupId)) };
    }

    const period = resolvePeriod(parsed.data.period ?? 'month', this.deps.clock.now(), this.deps.timeZone);
    if (!period) return { kind: 'message', locale, text: m.badPeriod(said(String(args.period ?? ''))) };
    const chartFrom = this.chartStart(period);
    const { periodCases, openCases } = await this.load(groupId, chartFrom, period.to);
    const figures = {
      ...computeFigures({
        periodCases,
        openCases,
        from: period.from,
        to: period.to,
        calendar: this.deps.calendar,
        ...(groupId ? { groupId } : {}),
      }),
      ...(await this.serviceFigures(period.from, period.to)),
    };
    const scope = groupId ? groupLabel(this.deps.catalogue, groupId, locale) : m.allGroups;
    // The CSV (the `/reports/…csv` route) is the monthly report's: a month against the one before. A week has none.
    const csvUrl = isMonth(period.label) ? await this.deps.links?.csvUrl(groupId ?? 'all', period.label) : undefined;
    const view: MessageView = {
      kind: 'message',
      locale,
      title: m.statsTitle(scope, period.label),
      text: [m.statsText, ...(csvUrl ? [m.csv(csvUrl)] : [])].join('\n\n'),
      facts: this.facts(figures, null, locale),
    };
    const image = await this.chartImage(periodCases, chartFrom, period, locale);
    return image ? { ...view, image } : view;
  }

  /** The monthly report message (facts with the previous month in brackets, chart, CSV link). */
  async monthlyReportView(month: string, groupId: string | undefined, locale: Locale): Promise<MessageView> {
    const m = reportMessages[locale];
    if (!isMonth(month)) throw new RangeError(`expected YYYY-MM, got "${month}"`);
    const report = await this.monthlyReport(month, groupId);
    const period = monthPeriod(month, this.deps.timeZone);
    const chartFrom = this.chartStart(period);
    const { periodCases } = await this.load(groupId, chartFrom, period.to);
    const scope = groupId ? groupLabel(this.deps.catalogue, groupId, locale) : m.allGroups;
    const csvUrl = await this.deps.links?.csvUrl(groupId ?? 'all', month);
    const view: MessageView = {
      kind: 'message',
      locale,
      title: m.monthlyTitle(scope, month),
      text: [m.monthlyText(report.previousMonth), m.statsText, ...(csvUrl ? [m.csv(csvUrl)] : [])].join('\n\n'),
      facts: this.facts(report.current, report.previous, locale),
    };
    const image = await this.chartImage(periodCases, chartFrom, period, locale);
    return image ? { ...view, image } : view;
  }

  private facts(f: ReportFigures, prev: ReportFigures | null, locale: Locale): FactView[] {
    const m = reportMessages[locale];
    const cat = this.deps.catalogue;
    const was = (text: string): string => (prev ? ` (${text})` : '');
    const joinCounts = (entries: [string, number][]): string =>
      entries
        .filter(([, n]) => n > 0)
        .map(([label, n]) => `${label} ${n}`)
        .join(' · ') || m.none;
    const durations = (d: ReportFigures['firstResponse']): string =>
      `${formatMinutes(d.mean, locale)} / ${formatMinutes(d.median, locale)}`;
    const measured = f.resolution.count;
    return [
      {
        label: m.openNow,
        value: `${f.open.total}: ${joinCounts(Object.entries(f.open.byStatus).map(([s, n]) => [statusLabel(s as never, locale), n]))}`,
      },
      { label: m.openByPriority, value: joinCounts(Object.entries(f.open.byPriority)) },
      {
        label: m.openByGroup,
        value: joinCounts(
          Object.entries(f.open.byGroup)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 6)
            .map(([g, n]) => [groupLabel(cat, g, locale), n]),
        ),
      },
      {
        label: m.openedResolved,
        value: `${f.opened} / ${f.resolved}${was(prev ? `${prev.opened} / ${prev.resolved}` : '')}`,
      },
      {
        label: m.firstResponse,
        value: `${durations(f.firstResponse)}${was(prev ? durations(prev.firstResponse) : '')}`,
      },
      { label: m.resolution, value: `${durations(f.resolution)}${was(prev ? durations(prev.resolution) : '')}` },
      {
        label: m.sla,
        value: `${formatShare(f.slaCompliance, locale)}${measured > 0 ? ` ${m.of(measured)}` : ''}${was(prev ? formatShare(prev.slaCompliance, locale) : '')}`,
      },
      {
        label: m.reopen,
        value: `${formatShare(f.reopenRate, locale)}${was(prev ? formatShare(prev.reopenRate, locale) : '')}`,
      },
      {
        label: m.satisfaction,
        value: `${formatDecimal(f.satisfaction.average, locale)}${f.satisfaction.count > 0 ? ` / 5, ${m.answers(f.satisfaction.count)}` : ''}${was(prev ? formatDecimal(prev.satisfaction.average, locale) : '')}`,
      },
      {
        label: m.topCategories,
        value: joinCounts(f.topCategories.map((t) => [categoryLabel(cat, t.categoryId, locale), t.count])),
      },
      { label: m.quickCases, value: `${f.quickCases}${was(prev ? String(prev.quickCases) : '')}` },
      ...(f.majors && f.majors.majors > 0
        ? [
            {
              label: m.majors,
              value: m.majorsValue(
                f.majors.majors,
                f.majors.linkedReports,
                formatMinutes(f.majors.meanTimeToResolveMinutes, locale),
              ),
            },
          ]
        : []),
      ...(f.orders && f.orders.orders > 0
        ? [
            {
              label: m.orders,
              value: m.ordersValue(
                f.orders.orders,
                formatMinutes(f.orders.meanApprovalMinutes, locale),
                formatDecimal(f.orders.meanDeliveryDays, locale),
                formatShare(f.orders.onTimeShare, locale),
              ),
            },
          ]
        : []),
    ];
  }

  /** The chart starts on the Monday of the period's first week, at least MIN_CHART_WEEKS weeks before its end. */
  private chartStart(period: ReportPeriod): Date {
    const tz = this.deps.timeZone;
    const lastDay = localDateOf(new Date(period.to.getTime() - 1), tz);
    const earliest = addDays(isoWeekStart(lastDay), -7 * (MIN_CHART_WEEKS - 1));
    const first = isoWeekStart(localDateOf(period.from, tz));
    return localMidnight([first, earliest].sort()[0]!, tz);
  }

  private async chartImage(
    cases: readonly Case[],
    chartFrom: Date,
    period: ReportPeriod,
    locale: Locale,
  ): Promise<MessageView['image'] | undefined> {
    const links = this.deps.links;
    if (!links?.enabled) return undefined;
    const chart = await renderChart(this.chartInput(cases, chartFrom, period, locale), this.deps.chart);
    const saved = await links.saveChart(chart.png, chart);
    return saved.url
      ? { url: saved.url, alt: reportMessages[locale].chartAlt, width: chart.width, height: chart.height }
      : undefined;
  }

  /**
   * What the stats chart shows: opened and resolved per week from `chartFrom`, and SLA compliance per group in the
   * period, in per cent with one decimal by the facts' rule (`sharePercent`: 1999 of 2000 is 99.9, not 100.0).
   */
  chartInput(cases: readonly Case[], chartFrom: Date, period: ReportPeriod, locale: Locale): ChartInput {
    const m = reportMessages[locale];
    const tz = this.deps.timeZone;
    const weeks: { date: string; at: Date }[] = [];
    for (let d = localDateOf(chartFrom, tz); localMidnight(d, tz) < period.to; d = addDays(d, 7)) {
      weeks.push({ date: d, at: localMidnight(d, tz) });
    }
    const points = weeklySeries(cases, weeks, period.to).map((p) => ({
      week: m.week(isoWeek(p.weekStart).week),
      opened: p.opened,
      resolved: p.resolved,
    }));
    const bars = complianceByGroup(cases, period.from, period.to).map((g) => ({
      group: groupLabel(this.deps.catalogue, g.groupId, locale),
      percent: sharePercent(g.compliance, 1),
    }));
    return {
      title: m.chartTitle(period.label),
      weekly: { title: m.weeklyTitle, openedLabel: m.opened, resolvedLabel: m.resolved, points },
      compliance: { title: m.complianceTitle, emptyLabel: m.noResolved, bars },
    };
  }

  /** The scope's cases registered in `[from - LOOKBACK_DAYS, to)` and its cases open now. */
  private async load(
    groupId: string | undefined,
    from: Date,
    to: Date,
  ): Promise<{ periodCases: Case[]; openCases: Case[] }> {
    const scope: CaseQuery = groupId ? { groupIds: [groupId] } : {};
    const createdFrom = new Date(from.getTime() - LOOKBACK_DAYS * DAY_MS).toISOString();
    const [periodCases, openCases] = await Promise.all([
      this.all({ ...scope, createdFrom, createdTo: to.toISOString() }),
      this.all({ ...scope, statuses: [...OPEN_STATUSES] }),
    ]);
    return { periodCases, openCases };
  }

  private async all(query: CaseQuery): Promise<Case[]> {
    const out: Case[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.deps.store.findCases({ ...query, limit: PAGE, offset });
      out.push(...page);
      if (page.length < PAGE) return out;
    }
  }
}
