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
 */
export class AckLane {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

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
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      // Queued from inside the check phase, the next turn waits for the next loop turn: I/O is polled in between.
      this.schedule();
    });
  }
}
