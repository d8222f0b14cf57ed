import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { ReportLinks } from '../reports/report-links.js';
import type { PrivacyService } from './privacy-service.js';

export interface RetentionJobDeps {
  privacy: PrivacyService;
  clock: Clock;
  logger: Logger;
  /** Months after closing when a case is anonymised (catalogue `retention.closedCaseMonths`). */
  closedCaseMonths: number;
  /** Report charts older than `chartDays` are deleted on the same run; default 90 days. */
  links?: ReportLinks;
  chartDays?: number;
}

/**
 * Runs retention once a day (the first tick after start, then every `intervalMs`, default 24 h): anonymises
 * closed cases past retention and prunes old report charts. Safe with several instances: anonymising an
 * anonymised case is skipped, and a concurrent change is retried on the fresh case.
 */
export class RetentionJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly deps: RetentionJobDeps) {}

  async runOnce(): Promise<{ anonymised: number; chartsPruned: number }> {
    const anonymised = await this.deps.privacy.anonymiseExpired(this.deps.closedCaseMonths);
    const before = new Date(this.deps.clock.now().getTime() - (this.deps.chartDays ?? 90) * 86_400_000);
    const chartsPruned = (await this.deps.links?.pruneCharts(before)) ?? 0;
    if (anonymised + chartsPruned > 0) this.deps.logger.info({ anonymised, chartsPruned }, 'retention run');
    return { anonymised, chartsPruned };
  }

  start(intervalMs = 86_400_000, firstDelayMs = 60_000): void {
    if (this.timer) return;
    const run = (): void => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((err: unknown) => this.deps.logger.error({ err }, 'retention run failed'))
        .finally(() => {
          this.running = undefined;
        });
    };
    const first = setTimeout(() => {
      run();
      this.timer = setInterval(run, intervalMs);
      this.timer.unref();
    }, firstDelayMs);
    first.unref();
    this.timer = first;
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      clearInterval(this.timer);
    }
    this.timer = undefined;
    await this.running;
  }
}
