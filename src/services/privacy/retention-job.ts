import type { Logger } from 'pino';
import type { CaseStore } from '../../models/case-store.js';
import type { Clock } from '../clock.js';
import { DAY_MS } from '../dates.js';
import type { ReportLinks } from '../reports/report-links.js';
import type { PrivacyService } from './privacy-service.js';

export interface RetentionJobDeps {
  privacy: PrivacyService;
  store: Pick<CaseStore, 'purgeConversations' | 'purgeOutbox' | 'deleteFiles'>;
  clock: Clock;
  logger: Logger;
  /** Months after closing when a case is anonymised (catalogue `retention.closedCaseMonths`). */
  closedCaseMonths: number;
  /** Days a delivered message stays in the outbox (catalogue `retention.deliveredMessageDays`). */
  deliveredMessageDays: number;
  /** Report charts older than `chartDays` are deleted on the same run; default 90 days. */
  links?: ReportLinks;
  chartDays?: number;
}

/**
 * Days an expired intake or order draft is kept before it is deleted: someone coming back within them is still
 * shown what they had answered ("your earlier draft expired"), as the intake does for an expired draft.
 */
export const EXPIRED_DRAFT_DAYS = 7;

/**
 * Days after which a file never linked to a case is deleted. Such a file was sent into a report draft (or with an
 * addition whose case write never happened): a draft expires 24 h after its last answer and is deleted
 * `EXPIRED_DRAFT_DAYS` (a week) later, so 1 + 7 days after the file came, the draft that could still have
 * registered it is gone in the usual case, and nothing will link the file any more. (A draft kept alive by daily
 * answers for over a week loses its earliest files: its registration then links only those still there.)
 */
export const UNLINKED_FILE_DAYS = 1 + EXPIRED_DRAFT_DAYS;

/** What one retention run removed. */
export interface RetentionOutcome {
  anonymised: number;
  chartsPruned: number;
  conversationsPurged: number;
  messagesPurged: number;
  /** Files never linked to a case (abandoned drafts' pictures), deleted after `UNLINKED_FILE_DAYS`. */
  filesPurged: number;
}

/**
 * Runs retention once a day (the first tick after start, then every `intervalMs`, default 24 h): anonymises
 * closed cases past retention (their attachments deleted), prunes old report charts, deletes conversations
 * (abandoned intake and order drafts) expired more than `EXPIRED_DRAFT_DAYS` ago, the files never linked to a case
 * saved more than `UNLINKED_FILE_DAYS` ago, and the outbox copies of messages delivered more than
 * `deliveredMessageDays` ago. Safe with several instances: anonymising an anonymised case is skipped, a concurrent
 * change is retried on the fresh case, and deleting what is gone already deletes nothing.
 */
export class RetentionJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly deps: RetentionJobDeps) {}

  async runOnce(): Promise<RetentionOutcome> {
    const now = this.deps.clock.now();
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const anonymised = await this.deps.privacy.anonymiseExpired(this.deps.closedCaseMonths);
    const chartsPruned = (await this.deps.links?.pruneCharts(daysAgo(this.deps.chartDays ?? 90))) ?? 0;
    const conversationsPurged = await this.deps.store.purgeConversations(daysAgo(EXPIRED_DRAFT_DAYS).toISOString());
    const messagesPurged = await this.deps.store.purgeOutbox(daysAgo(this.deps.deliveredMessageDays).toISOString());
    const filesPurged = await this.deps.store.deleteFiles({
      unlinkedBefore: daysAgo(UNLINKED_FILE_DAYS).toISOString(),
    });
    const outcome = { anonymised, chartsPruned, conversationsPurged, messagesPurged, filesPurged };
    if (Object.values(outcome).some((n) => n > 0)) this.deps.logger.info(outcome, 'retention run');
    return outcome;
  }

  start(intervalMs = DAY_MS, firstDelayMs = 60_000): void {
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
