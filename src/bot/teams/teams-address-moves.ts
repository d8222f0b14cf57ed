import type { Logger } from '../../logger.js';
import { AddressMoves as Moves } from '../../services/address-moves.js';
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
 * The moves of the cases of Teams people whose address changed (`AddressMoves` of services/address-moves, which
 * Slack shares): the record takes the new address with `movingFrom` (the former one) first; the move runs in the
 * background, and only once every case is moved does `movingFrom` leave the record (`TeamsRefs.finishMove`). A move
 * that fails part-way, or that the app stopping cut short, is taken up again at the person's next message or click
 * (`start`) or the next start of the app (`resume`).
 */
export class AddressMoves extends Moves {
  constructor(deps: AddressMovesDeps) {
    super({
      ...deps,
      texts: {
        moved: "Teams: cases moved to a person's changed address",
        stopped:
          "Teams: a move of cases to a person's changed address stopped with the app; taken up at the next start",
        failed:
          'Teams: the cases naming a person by their former address were not all moved to their new one; the move is taken up again at their next message or click, or the next start',
      },
    });
  }
}
