import { SerialJob } from '../periodic.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { Case, Locale, PersonRef } from '../../models/case.js';
import type { CaseStore, CaseWrite, OutboxDraft } from '../../models/case-store.js';
import { AppError, isAppError } from '../../models/errors.js';
import type { SlaKind } from '../../models/sla.js';
import type { Clock } from '../clock.js';
import {
  DEFAULT_MAJOR_PACING,
  type MajorPacing,
  type Pacer,
  paceAsFanOut,
  pacerAfterBacklog,
} from '../major/major-pacing.js';
import { closedReportsOfPerson } from '../major/major-fan-out.js';
import { linkedCases } from '../major/major-links.js';
import type { Directory } from '../ports/directory.js';
import { applyRungs } from './apply-rungs.js';
import {
  autoCloseAt,
  computeNextTimer,
  dueAmong,
  earliestUnfired,
  type LadderDeps,
  ladderRungs,
  type Rung,
  sameLadder,
} from './ladder.js';
import { catchUpLinkedAwaiting } from './linked-awaiting-timers.js';
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
  /** Batches one sweep takes at most (default 50), so one sweep ends even when timers keep coming due. */
  maxBatches?: number;
  /**
   * Told once per breach rung after its case was stored (metrics: `sla_breaches_total`); a breach whose write
   * lost to a concurrent change is told only when the re-decided write stores it. Errors it throws are logged.
   */
  onBreach?: (kind: SlaKind) => void;
  /** How fast the closes of a major incident's reports reach their users and threads (default `DEFAULT_MAJOR_PACING`). */
  majorPacing?: MajorPacing;
}

/** What one sweep did. */
export interface SweepSummary {
  /** Rungs fired. */
  fired: number;
  /** Cases claimed and looked at. */
  cases: number;
}

const DEFAULT_MAX_BATCHES = 50;
/**
 * How many sweeps in a row make the start-up pass over the linked reports awaiting their user again while a write
 * of it fails (`SlaSweeper.catchUp`); after that, only the next start does.
 */
const CATCH_UP_TRIES = 10;

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
  private readonly maxBatches: number;
  private readonly ladder: LadderDeps;
  private readonly actor: PersonRef;
  private readonly formatTime: (iso: string, locale: Locale) => string;
  private readonly job: SerialJob<SweepSummary>;
  /** Groups whose supervisor a breach found nobody above (logged once each). */
  private readonly nobodyAboveIn = new Set<string>();
  /** The pacer of this sweep's messages about reports linked to a major incident (`fanOutPacer`). */
  private pacer: Promise<Pacer> | undefined;
  /** The reports of each major incident whose reports this sweep closes, read once a sweep (`closedToo`). */
  private linked = new Map<string, Promise<Case[]>>();
  /** Whether the linked reports awaiting their user have their timers (`catchUp`, once per sweeper). */
  private caughtUp = false;
  /** The sweeps whose `catchUp` left a report without its timer (a write that failed), up to `CATCH_UP_TRIES`. */
  private catchUpFailures = 0;

  constructor(private readonly deps: SlaSweeperDeps) {
    this.job = new SerialJob(
      () => this.sweep(),
      (err) => deps.logger.error({ err }, 'SLA sweep failed'),
    );
    this.owner = deps.owner ?? `${hostname()}:${process.pid}:sla:${randomUUID().slice(0, 8)}`;
    this.leaseMs = deps.leaseMs ?? 60_000;
    this.batch = deps.batch ?? 100;
    this.maxBatches = deps.maxBatches ?? DEFAULT_MAX_BATCHES;
    this.ladder = { catalogue: deps.catalogue, calendar: deps.calendar };
    this.actor = { id: 'system:sla', name: deps.catalogue.catalogue.sla.botName };
    this.formatTime = timeFormatter(deps.timeZone);
  }

  /** One sweep over every due timer (in batches); runs are serialised within this sweeper. */
  sweepOnce(): Promise<SweepSummary> {
    return this.job.runOnce();
  }

  /**
   * Sweeps every `intervalMs` (default 30 s) until `stop()`. Errors are logged, never thrown out of the loop.
   * The timer does not keep the process alive on its own.
   */
  start(intervalMs = 30_000): void {
    this.job.start(intervalMs);
  }

  /** Stops the loop and waits for a run in flight: for graceful shutdown. */
  async stop(): Promise<void> {
    await this.job.stop();
  }

  private async sweep(): Promise<SweepSummary> {
    const summary: SweepSummary = { fired: 0, cases: 0 };
    this.pacer = undefined;
    this.linked.clear();
    if (!this.caughtUp) this.caughtUp = await this.catchUp();
    for (let i = 0; i < this.maxBatches; i++) {
      const now = this.deps.clock.now();
      const claimed = await this.deps.store.claimDueTimers(now.toISOString(), this.owner, this.leaseMs, this.batch);
      summary.cases += claimed.length;
      summary.fired += this.deps.store.updateCases
        ? await this.processBatch(claimed, now)
        : await this.processEach(claimed, now);
      if (claimed.length < this.batch) break;
    }
    if (summary.fired > 0) this.deps.logger.info(summary, 'SLA ladder fired');
    return summary;
  }

  /** One case after the other, one store write each (stores without `updateCases`). */
  private async processEach(claimed: readonly Case[], now: Date): Promise<number> {
    let fired = 0;
    for (const c of claimed) {
      try {
        fired += await this.process(c, now, 1);
      } catch (err) {
        // The lease runs out and a later sweep tries again; the other cases go ahead.
        this.deps.logger.error({ err, case: c.number }, 'SLA timer could not be handled');
      }
    }
    return fired;
  }

  /**
   * The whole batch in one store transaction (`updateCases`): a sweep of 100 due cases costs one commit instead
   * of two per case, which was most of its time. Cases changed by a person in between are decided again one by
   * one, once, as `process` does.
   */
  private async processBatch(claimed: readonly Case[], now: Date): Promise<number> {
    const { store } = this.deps;
    const writes: CaseWrite[] = [];
    const rungCount = new Map<string, number>();
    const breachesById = new Map<string, SlaKind[]>();
    const byId = new Map<string, Case>();
    for (const c of claimed) {
      try {
        const decided = await this.decide(c, now);
        if (decided.write) {
          writes.push(decided.write);
          rungCount.set(c.id, decided.fired);
          breachesById.set(c.id, decided.breaches);
          byId.set(c.id, c);
        } else {
          await store.releaseTimer(c.id, this.owner);
        }
      } catch (err) {
        this.deps.logger.error({ err, case: c.number }, 'SLA timer could not be handled');
      }
    }
    if (writes.length === 0 || !store.updateCases) return 0;
    let fired = 0;
    const results = await store.updateCases(writes);
    for (const r of results) {
      if (r.ok) {
        fired += rungCount.get(r.id) ?? 0;
        this.told(breachesById.get(r.id) ?? []);
        continue;
      }
      const number = byId.get(r.id)?.number;
      try {
        if (r.code === 'CASE.NOT_FOUND') throw new AppError('CASE.NOT_FOUND', `Case ${r.id} does not exist.`);
        // Somebody changed the case meanwhile: decide again on the fresh case, once.
        const fresh = await store.getCase(r.id);
        if (fresh) fired += await this.process(fresh, now, 2);
      } catch (err) {
        this.deps.logger.error({ err, case: number }, 'SLA timer could not be handled');
      }
    }
    return fired;
  }

  /**
   * Before the first sweep's claim: the reports linked to a major incident that an earlier version set Awaiting user
   * without a timer get it (`catchUpLinkedAwaiting`), so this very sweep reminds their users of what is due. An
   * upgraded bot thus follows up the questions asked before the upgrade. True when done; a failed read, or a
   * report whose write failed (the store refusing writes for a moment at start-up), is logged and the pass is made
   * again at the next sweep, which goes ahead meanwhile (a report set already is not written again), at most
   * `CATCH_UP_TRIES` sweeps for a write that keeps failing.
   */
  private async catchUp(): Promise<boolean> {
    const { logger } = this.deps;
    let failed = 0;
    // Each report whose write failed is named at error in the first pass that failed and in the last one made; the
    // passes between (one a sweep) log it at debug, the count at warn: a store refusing the writes of many reports
    // for a while does not log each of them at every sweep.
    const named = this.catchUpFailures === 0 || this.catchUpFailures + 1 >= CATCH_UP_TRIES;
    try {
      const fixed = await catchUpLinkedAwaiting(this.deps.store, this.ladder, (err, c) => {
        failed += 1;
        const message = 'SLA timer of a linked report awaiting its user could not be set';
        if (named) logger.error({ err, case: c.number }, message);
        else logger.debug({ err, case: c.number }, message);
      });
      if (fixed > 0) logger.info({ fixed }, 'SLA timers set on linked reports awaiting their user (earlier version)');
      if (failed === 0) return true;
      this.catchUpFailures += 1;
      const last = this.catchUpFailures >= CATCH_UP_TRIES;
      logger.warn(
        { failed },
        last
          ? 'linked reports awaiting their user left without an SLA timer; checked again at the next start'
          : 'linked reports awaiting their user left without an SLA timer; tried again next sweep',
      );
      return last;
    } catch (err) {
      logger.warn({ err }, 'linked reports awaiting their user not checked for SLA timers; tried again next sweep');
      return false;
    }
  }

  /** What a claimed case needs: a write with its due rungs and next timer, or (write null) just the release. */
  private async decide(c: Case, now: Date): Promise<Decision> {
    // The ladder of the claimed case, computed once: it gives the due rungs and, after they are applied, the next
    // timer (`sameLadder`), instead of a second `computeNextTimer` over the next document.
    const ladder = ladderRungs(c, this.ladder);
    const rungs = dueAmong(ladder, c.sla.fired, now);
    if (rungs.length === 0) {
      // Nothing due (the case changed since its timer was set): just put the timer right.
      const nextTimerAt = earliestUnfired(ladder, c.sla.fired);
      if (nextTimerAt === c.nextTimerAt) return { fired: 0, breaches: [], write: null };
      return { fired: 0, breaches: [], write: this.write(withTimer(c, nextTimerAt), c.version, []) };
    }
    const env = {
      ...this.deps,
      ...this.ladder,
      actor: this.actor,
      now,
      formatTime: this.formatTime,
      nobodyAbove: (groupId: string) => this.nobodyAbove(groupId),
    };
    const closing = c.parentId !== undefined && rungs.some((r) => r.kind === 'auto_close');
    const applied = await applyRungs(env, c, rungs, closing ? await this.closedToo(c, now) : []);
    const { next } = applied;
    // The reports resolved with a major incident come due together (their auto-close): paced like its fan-outs.
    const drafts =
      c.parentId === undefined ? applied.drafts : paceAsFanOut(await this.fanOutPacer(now), c.parentId, applied.drafts);
    const nextTimerAt = sameLadder(c, next)
      ? earliestUnfired(ladder, next.sla.fired)
      : computeNextTimer(next, this.ladder);
    return {
      fired: rungs.length,
      breaches: breachesOf(rungs),
      write: this.write(withTimer(next, nextTimerAt), c.version, drafts),
    };
  }

  /**
   * The same person's other reports of `c`'s major incident that this sweep closes with it (their close due by
   * `now`), named in its close message (`closedReportsOfPerson`). The major incident's reports are read once a sweep.
   */
  private async closedToo(c: Case, now: Date): Promise<string[]> {
    const parentId = c.parentId;
    if (parentId === undefined) return [];
    let linked = this.linked.get(parentId);
    if (!linked) {
      linked = linkedCases(this.deps.store, parentId);
      this.linked.set(parentId, linked);
    }
    const due = now.toISOString();
    return closedReportsOfPerson(c, await linked, (o) => {
      const at = autoCloseAt(o, this.ladder);
      return at !== undefined && at <= due;
    });
  }

  /** One pacer per sweep, started after the fan-out messages still queued (`pacerAfterBacklog`). */
  private fanOutPacer(now: Date): Promise<Pacer> {
    this.pacer ??= pacerAfterBacklog(this.deps.store, this.deps.majorPacing ?? DEFAULT_MAJOR_PACING, now);
    return this.pacer;
  }

  /** Logs once per group that a breach on a case its supervisor works herself reached nobody above her. */
  private nobodyAbove(groupId: string): void {
    if (this.nobodyAboveIn.has(groupId)) return;
    this.nobodyAboveIn.add(groupId);
    this.deps.logger.warn(
      { group: groupId },
      "SLA breach on a case the group's supervisor works herself: no manager of hers is known (managers file, Microsoft Graph), so she is told as supervisor",
    );
  }

  /** Tells `onBreach` about breaches that were stored; a failing hook never fails the sweep. */
  private told(breaches: readonly SlaKind[]): void {
    const { onBreach } = this.deps;
    if (!onBreach) return;
    for (const kind of breaches) {
      try {
        onBreach(kind);
      } catch (err) {
        this.deps.logger.warn({ err, kind }, 'SLA breach hook failed');
      }
    }
  }

  private write(next: Case, expectedVersion: number, outbox: OutboxDraft[]): CaseWrite {
    return { next, expectedVersion, outbox, releaseTimerOwner: this.owner };
  }

  /**
   * Fires the due rungs of one claimed case with `updateCase`; returns how many fired. Releases the lease after a
   * store write. `attempt` 2 is the last: a second conflict is thrown.
   */
  private async process(claimed: Case, now: Date, attempt: number): Promise<number> {
    const { store } = this.deps;
    let c: Case | null = claimed;
    for (; c; attempt++) {
      try {
        const { fired, breaches, write } = await this.decide(c, now);
        if (write) await store.updateCase(write.next, write.expectedVersion, write.outbox);
        this.told(breaches);
        await store.releaseTimer(c.id, this.owner);
        return fired;
      } catch (err) {
        if (!isAppError(err, 'CASE.CONFLICT') || attempt >= 2) throw err;
        // Somebody changed the case meanwhile: decide again on the fresh case, once.
        c = await store.getCase(claimed.id);
      }
    }
    return 0;
  }
}

/** What a claimed case needs: how many rungs fire, which of them are breaches, and the write (null: release). */
interface Decision {
  fired: number;
  breaches: SlaKind[];
  write: CaseWrite | null;
}

function breachesOf(rungs: readonly Rung[]): SlaKind[] {
  return rungs.flatMap((r) => (r.kind === 'breach' && r.target ? [r.target] : []));
}

function withTimer(c: Case, nextTimerAt: string | undefined): Case {
  const { nextTimerAt: _old, ...rest } = c;
  return nextTimerAt === undefined ? rest : { ...rest, nextTimerAt };
}
