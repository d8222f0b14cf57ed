import { describe, expect, it } from 'vitest';
import { AckLane } from '../../../src/bot/slack/ack-lane.js';

/** Keeps the thread busy for `ms`, as a piece of synchronous work (a store write, a card) does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose
  }
}

/** Counts the event loop's turns: an immediate that queues itself runs once in each turn's check phase. */
function loopTurns(): { now(): number; stop(): void } {
  let turn = 0;
  let on = true;
  const tick = () => {
    turn += 1;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    now: () => turn,
    stop: () => {
      on = false;
    },
  };
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

  it('starts more than one piece a turn once more than its high water wait, so the work cannot fall behind without bound', async () => {
    const lane = new AckLane(4);
    const started: number[] = [];
    const turns = loopTurns();
    const work = Array.from({ length: 12 }, () => lane.turn().then(() => started.push(turns.now())));
    expect(lane.length).toBe(12);
    await Promise.all(work);
    turns.stop();
    const perTurn = new Map<number, number>();
    for (const turn of started) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
    // The first turn was set when one waited: one. Then 11 waiting, high water 4: three; 8: two; 6: two; then 4 and
    // fewer: one a turn.
    expect([...perTurn.values()]).toEqual([1, 3, 2, 2, 1, 1, 1, 1]);
    expect(lane.length).toBe(0);
  });

  it('gives one turn at a time while no more than its high water wait', async () => {
    const lane = new AckLane();
    const order: number[] = [];
    const turns = loopTurns();
    await Promise.all(Array.from({ length: 20 }, () => lane.turn().then(() => order.push(turns.now()))));
    turns.stop();
    expect(new Set(order).size).toBe(20);
  });
});
