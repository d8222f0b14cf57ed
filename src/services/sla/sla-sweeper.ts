import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { Case, Locale, PersonRef } from '../../models/case.js';
import type { CaseStore } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import type { Clock } from '../clock.js';
import type { Directory } from '../ports/directory.js';
import { applyRungs } from './apply-rungs.js';
import { computeNextTimer, dueRungs, type LadderDeps } from './ladder.js';
import { timeFormatter } from './time-formatter.js';

export interface SlaSweeperDeps {
  store: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  clock: Clock;
  logger: Logger;
  /** IANA zone for times shown to people (TIME_ZONE). */
  timeZone: string;
  /** Language of channel threads and of staff the directory does not know (DEFAULT_LOCALE). */
  defaultLocale: Locale;
  /** Optional: finds supervisors by e-mail and staff languages; without it catalogue e-mails are used. */
  directory?: Directory;
  /** Lease owner name; default `<host>:<pid>:<random>`, unique per sweeper. */
  owner?: string;
  /** How long claimed timers are ours (default 60 s); after that another sweeper may take them over. */
  leaseMs?: number;
  /** Cases claimed per batch (default 100). */
  batch?: number;
}

/** What one sweep did. */
export interface SweepSummary {
  /** Rungs fired. */
  fired: number;
  /** Cases claimed and looked at. */
  cases: number;
}

/** Batches taken per sweep at most, so one sweep ends even when timers keep coming due. */
const MAX_BATCHES = 50;

/**
 * Fires the escalation ladder from durable timers. Each sweep leases the cases whose `nextTimerAt` has come
 * (indexed: the cost follows the number of due timers, not of open cases), decides which rungs are due and not
 * yet in `sla.fired`, and stores them in one versioned update per case together with their outbox messages and
 * the case's next timer. Two sweepers on one store never hold the same case at once; a sweeper that dies keeps
 * its cases only until the lease runs out, so a restart loses no reminder; a human change in between
 * (`CASE.CONFLICT`) is re-read and the rungs decided again once.
 */
export class SlaSweeper {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly ladder: LadderDeps;
  private readonly actor: PersonRef;
  private readonly formatTime: (iso: string, locale: Locale) => string;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: SlaSweeperDeps) {
    this.owner = deps.owner ?? `${hostname()}:${process.pid}:sla:${randomUUID().slice(0, 8)}`;
    this.leaseMs = deps.leaseMs ?? 60_000;
    this.batch = deps.batch ?? 100;
    this.ladder = { catalogue: deps.catalogue, calendar: deps.calendar };
    this.actor = { id: 'system:sla', name: deps.catalogue.catalogue.sla.botName };
    this.formatTime = timeFormatter(deps.timeZone);
  }

  /** One sweep over every due timer (in batches); runs are serialised within this sweeper. */
  sweepOnce(): Promise<SweepSummary> {
    const run = this.chain.then(() => this.sweep());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Sweeps every `intervalMs` (default 30 s) until `stop()`. Errors are logged, never thrown out of the loop.
   * The timer does not keep the process alive on its own.
   */
  start(intervalMs = 30_000): void {
    if (this.timer) return;
    const tick = () => {
      this.sweepOnce().catch((err: unknown) => this.deps.logger.error({ err }, 'SLA sweep failed'));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref?.();
    tick();
  }

  /** Stops the loop and waits for a sweep in flight: for graceful shutdown. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  private async sweep(): Promise<SweepSummary> {
    const summary: SweepSummary = { fired: 0, cases: 0 };
    for (let i = 0; i < MAX_BATCHES; i++) {
      const now = this.deps.clock.now();
      const claimed = await this.deps.store.claimDueTimers(now.toISOString(), this.owner, this.leaseMs, this.batch);
      for (const c of claimed) {
        summary.cases++;
        try {
          summary.fired += await this.process(c, now);
        } catch (err) {
          // The lease runs out and a later sweep tries again; the other cases go ahead.
          this.deps.logger.error({ err, case: c.number }, 'SLA timer could not be handled');
        }
      }
      if (claimed.length < this.batch) break;
    }
    if (summary.fired > 0) this.deps.logger.info(summary, 'SLA ladder fired');
    return summary;
  }

  /** Fires the due rungs of one claimed case; returns how many fired. Releases the lease after a store write. */
  private async process(claimed: Case, now: Date): Promise<number> {
    const { store } = this.deps;
    let c: Case | null = claimed;
    for (let attempt = 1; c; attempt++) {
      const rungs = dueRungs(c, now, this.ladder);
      try {
        if (rungs.length === 0) {
          // Nothing due (the case changed since its timer was set): just put the timer right.
          const nextTimerAt = computeNextTimer(c, this.ladder);
          if (nextTimerAt !== c.nextTimerAt) await store.updateCase(withTimer(c, nextTimerAt), c.version);
          await store.releaseTimer(c.id, this.owner);
          return 0;
        }
        const env = { ...this.deps, ...this.ladder, actor: this.actor, now, formatTime: this.formatTime };
        const { next, drafts } = await applyRungs(env, c, rungs);
        await store.updateCase(withTimer(next, computeNextTimer(next, this.ladder)), c.version, drafts);
        await store.releaseTimer(c.id, this.owner);
        return rungs.length;
      } catch (err) {
        if (!isAppError(err, 'CASE.CONFLICT') || attempt >= 2) throw err;
        // Somebody changed the case meanwhile: decide again on the fresh case, once.
        c = await store.getCase(claimed.id);
      }
    }
    return 0;
  }
}

function withTimer(c: Case, nextTimerAt: string | undefined): Case {
  const { nextTimerAt: _old, ...rest } = c;
  return nextTimerAt === undefined ? rest : { ...rest, nextTimerAt };
}
