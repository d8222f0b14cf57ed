/**
 * At most `size` pieces of work at once; the others wait their turn, first come first served. A piece that fails
 * frees its slot as one that succeeds does.
 */
export class Slots {
  private busy = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Slots need a size of at least 1, not ${size}`);
  }

  /** Pieces running now. */
  get running(): number {
    return this.busy;
  }

  /** Pieces waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy < this.size) this.busy++;
    // The slot is handed over by the piece that frees it, so `busy` stays as it is.
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.busy--;
    }
  }
}
