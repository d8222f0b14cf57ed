import type { Logger } from '../../logger.js';
import type { Clock } from '../../services/clock.js';
import type { TeamsRefs } from './teams-refs.js';

/** What `AddressMoves` needs: the records, the move itself (`moveAddressCases`), a clock and a logger. */
export interface AddressMovesDeps {
  refs: Pick<TeamsRefs, 'finishMove' | 'pendingMoves'>;
  /** Moves the cases naming someone by `from` alone to `to`; how many were written. Stops when `signal` aborts. */
  move: (from: string, to: string, signal: AbortSignal) => Promise<number>;
  clock: Clock;
  logger: Logger;
}

/**
 * The moves of the cases of Teams people whose address changed, off the turn path: a staff member with thousands
 * of cases by their former address (`email:<address>`) made the turn that took the new one wait for every write.
 * The record takes the new address with `movingFrom` (the former one) first; the move runs here, and only once every
 * case is moved does `movingFrom` leave the record (`TeamsRefs.finishMove`). A move that fails part-way, or that the
 * app stopping cut short, is taken up again at the person's next message or click (`start`) or the next start of
 * the app (`resume`): the cases moved stay moved, a run again finds the others. One move per person at a time in a
 * process; another instance running the same one at the same moment writes each case once (versioned writes).
 */
export class AddressMoves {
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly deps: AddressMovesDeps) {}

  /** Starts the move of the person's cases from `from` to `to` in the background, unless it runs already here. */
  start(personId: string, from: string, to: string): void {
    if (this.running.has(personId) || this.stopping.signal.aborted) return;
    const run = this.run(personId, from, to).finally(() => this.running.delete(personId));
    this.running.set(personId, run);
  }

  /** Takes up the moves that a failure or a stop left undone (read from the store); how many were started. */
  async resume(): Promise<number> {
    const pending = await this.deps.refs.pendingMoves();
    for (const { personId, from, to } of pending) this.start(personId, from, to);
    return pending.length;
  }

  /** Resolves once no move runs (those started meanwhile too). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Stops the moves between two cases and waits for them; what is left is taken up at the next start. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.settled();
  }

  private async run(personId: string, from: string, to: string): Promise<void> {
    const { logger } = this.deps;
    try {
      const moved = await this.deps.move(from, to, this.stopping.signal);
      await this.deps.refs.finishMove(personId, from, this.deps.clock.now());
      if (moved > 0) logger.info({ moved }, "Teams: cases moved to a person's changed address");
    } catch (err) {
      if (this.stopping.signal.aborted) {
        logger.info(
          "Teams: a move of cases to a person's changed address stopped with the app; taken up at the next start",
        );
        return;
      }
      // Names nobody: neither address nor the person.
      logger.warn(
        { err },
        'Teams: the cases naming a person by their former address were not all moved to their new one; the move is taken up again at their next message or click, or the next start',
      );
    }
  }
}
