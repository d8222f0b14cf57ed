import type { Logger } from '../logger.js';
import type { Clock } from './clock.js';

/** Where a platform keeps the moves of its people's cases to a changed address that are not done yet. */
export interface AddressMoveRecords {
  /** The person's move from `from` is done: the record no longer says it moves (unless another one began). */
  finishMove(personId: string, from: string, now: Date): Promise<void>;
  /** The moves a failure or a stop left undone. */
  pendingMoves(): Promise<{ personId: string; from: string; to: string }[]>;
}

/** What the log says of a move, in the platform's words (it names nobody: neither address nor the person). */
export interface AddressMoveTexts {
  moved: string;
  stopped: string;
  failed: string;
}

/** What `AddressMoves` needs: the records, the move itself (`moveAddressCases`), a clock and a logger. */
export interface AddressMovesDeps {
  refs: AddressMoveRecords;
  /** Moves the cases naming someone by `from` alone to `to`; how many were written. Stops when `signal` aborts. */
  move: (from: string, to: string, signal: AbortSignal) => Promise<number>;
  clock: Clock;
  logger: Logger;
  texts: AddressMoveTexts;
}

/**
 * The moves of the cases of people whose address changed, off the path of their requests: a staff member with
 * thousands of cases by their former address (`email:<address>`) made the request that took the new one wait for
 * every write. The platform's record takes the new address with the former one marked as being moved from first;
 * the move runs here, and only once every case is moved does the mark leave the record (`finishMove`). A move that
 * fails part-way, or that the app stopping cut short, is taken up again when the platform starts it again (`start`)
 * or at the next start of the app (`resume`): the cases moved stay moved, a run again finds the others. One move
 * per person at a time in a process; another instance running the same one at the same moment writes each case
 * once (versioned writes).
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
    const { logger, texts } = this.deps;
    try {
      const moved = await this.deps.move(from, to, this.stopping.signal);
      await this.deps.refs.finishMove(personId, from, this.deps.clock.now());
      if (moved > 0) logger.info({ moved }, texts.moved);
    } catch (err) {
      if (this.stopping.signal.aborted) {
        logger.info(texts.stopped);
        return;
      }
      logger.warn({ err }, texts.failed);
    }
  }
}
