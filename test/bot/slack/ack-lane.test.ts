import { describe, expect, it } from 'vitest';
import { AckLane } from '../../../src/bot/slack/ack-lane.js';

/** Keeps the thread busy for `ms`, as a piece of synchronous work (a store write, a card) does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose
  }
}

describe('AckLane', () => {
  it('gives turns in the order asked, one per event-loop turn, with the loop going round in between', async () => {
    const lane = new AckLane();
    const order: string[] = [];
    const work = ['a', 'b', 'c'].map((name) =>
      lane.turn().then(() => {
        order.push(name);
        // Something that comes due while this work runs (as a request arriving does) runs before the next work.
        setTimeout(() => order.push(`due after ${name}`), 0);
        busy(3);
      }),
    );
    expect(lane.length).toBe(3);
    await Promise.all(work);
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['a', 'due after a', 'b', 'due after b', 'c', 'due after c']);
    expect(lane.length).toBe(0);
  });
});
