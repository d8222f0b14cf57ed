import { oncePerMark } from '../periodic.js';
import type { Logger } from 'pino';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { Locale } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import type { Clock } from '../clock.js';
import { draft } from '../outbox/deliveries.js';
import { addDays, DAY_MS, localDateOf, localMidnight } from '../dates.js';
import { previousMonth } from './report-period.js';
import type { ReportService } from './report-service.js';

export interface MonthlyReportJobDeps {
  reports: ReportService;
  store: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  clock: Clock;
  timeZone: string;
  defaultLocale: Locale;
  logger: Logger;
}

/** `building`: another tick (this or another instance) holds the month's lease, or one that failed held it lately. */
export type MonthlyReportOutcome = 'disabled' | 'not_due' | 'done_already' | 'building' | 'posted';

/**
 * How long the once-per-month marker is kept: ten years. One small row a month, and the store's expiry check
 * uses its own clock, so a short expiry could let a month through twice after clock skew.
 */
const MARK_DAYS = 3_660;
/** How long one tick holds the month's report while building it; a tick that failed frees it after this. */
const LEASE_MS = 10 * 60_000;

/**
 * Posts last month's report on the first business day of the month, at the catalogue's `reports.time` or later,
 * in the channel of `reports.channelGroupId`, through the outbox. Due from then until the month ends: when no tick
 * succeeded that day (every instance down, the store not answering), the first successful tick after it posts the
 * report late rather than never. Only last month's report is ever due: one still not posted when the next month
 * ends is skipped. Once per month however many instances tick:
 * the month is marked done (`report:<reported YYYY-MM>`) only after the report is in the outbox, whose key makes a
 * repeat queue nothing; a short lease (`…:lease`) keeps two instances from building it at once. A tick that fails
 * (the store busy, a chart that would not render) or a process that dies before the mark leaves the report to a
 * later tick.
 */
export class MonthlyReportJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  /** The reported month this instance saw done: later ticks of the month need not ask the store. */
  private doneMonth?: string;

  constructor(private readonly deps: MonthlyReportJobDeps) {}

  /** Checks once; returns what it did. */
  async tick(): Promise<MonthlyReportOutcome> {
    const config = this.deps.catalogue.catalogue.reports;
    if (!config.channelGroupId) return 'disabled';
    const now = this.deps.clock.now();
    const tz = this.deps.timeZone;
    const today = localDateOf(now, tz);
    const first = this.firstBusinessDay(today.slice(0, 7));
    if (first === undefined || today < first) return 'not_due';
    const [h, m] = config.time.split(':').map(Number) as [number, number];
    if (now.getTime() < localMidnight(first, tz).getTime() + (h * 60 + m) * 60_000) return 'not_due';

    const month = previousMonth(today.slice(0, 7));
    if (this.doneMonth === month) return 'done_already';
    const expires = new Date(now.getTime() + MARK_DAYS * DAY_MS).toISOString();
    const { channelGroupId } = config;
    const times = { leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(), doneUntil: expires };
    const outcome = await oncePerMark(this.deps.store, `report:${month}`, times, async () => {
      const view = await this.deps.reports.monthlyReportView(month, config.groupId, this.deps.defaultLocale);
      await this.deps.store.enqueueOutbox([
        draft(`report:${month}:${config.groupId ?? 'all'}`, {
          kind: 'post_group_message',
          groupId: channelGroupId,
          view,
        }),
      ]);
    });
    if (outcome === 'busy') return 'building';
    this.doneMonth = month;
    if (outcome === 'done') return 'done_already';
    this.deps.logger.info({ month, channelGroupId }, 'monthly report queued');
    return 'posted';
  }

  /** Ticks every `intervalMs` (default one minute); errors are logged and the next tick tries again. */
  start(intervalMs = 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((err: unknown) => this.deps.logger.error({ err }, 'monthly report failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** The first business day (`YYYY-MM-DD`) of a month (`YYYY-MM`); none if the calendar gives it none. */
  private firstBusinessDay(month: string): string | undefined {
    const noon = (d: string): Date => new Date(localMidnight(d, this.deps.timeZone).getTime() + 12 * 3_600_000);
    for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) {
      if (this.deps.calendar.isBusinessDay(noon(d))) return d;
    }
    return undefined;
  }
}
