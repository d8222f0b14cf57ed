/** Requests whose work may wait before the lane starts more than one piece a turn. */
export const ACK_LANE_HIGH_WATER = 1_000;

/**
 * Turns for the work that follows an acknowledgement, one per turn of the event loop.
 *
 * Slack wants every request acknowledged within 3 s, and the bot answers at once (`ack()` first, work after). But
 * the work after an ack runs on the same thread as the next requests: a claim's store write and card take a few
 * milliseconds of CPU, and while they run, requests that have already arrived wait to be read and acknowledged.
 * Under a rush (many clicks at once) acknowledgements then waited for the work of every click before them.
 *
 * `turn()` resolves in the order asked, one caller per event-loop turn (`setImmediate`), so between two pieces of
 * work the loop reads the sockets again and acknowledges whatever has arrived. The work itself is neither dropped
 * nor reordered, only started a turn later; once started, it runs as before (its own awaits included).
 *
 * Under a load the thread cannot keep up with, acknowledging first means the work falls behind: in the Slack
 * benchmark (10 requests at once, as fast as they are answered) 1 660 requests' work waited after 2 100
 * acknowledgements, replies came a second late, and every waiting request's objects were kept alive. So once more
 * than `highWater` wait, a turn starts `ceil(waiting / highWater)` pieces, one after the other: the backlog stays
 * near `highWater` and acknowledgements slow down instead — a burst below it is answered as before.
 */
export class AckLane {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** `highWater`: how many may wait before a turn starts more than one (default `ACK_LANE_HIGH_WATER`). */
  constructor(private readonly highWater = ACK_LANE_HIGH_WATER) {}

  /** Resolves when it is this caller's turn. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** Callers still waiting for their turn. */
  get length(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    // Queued together, these run in the same check phase, each after the microtasks of the one before.
    const count = Math.max(1, Math.ceil(this.waiting.length / this.highWater));
    let left = count;
    for (let i = 0; i < count; i++) {
      setImmediate(() => {
        this.waiting.shift()?.();
        left -= 1;
        if (left > 0) return;
        this.scheduled = false;
        // Queued from inside the check phase, the next turn waits for the next loop turn: I/O is polled in between.
        this.schedule();
      });
    }
  }
}
