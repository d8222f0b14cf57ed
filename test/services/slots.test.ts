import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/services/slots.js';

/** A piece of work that ends when told to, recording when it started. */
function piece(log: string[], name: string) {
  let finish!: (ok: boolean) => void;
  const done = new Promise<boolean>((resolve) => {
    finish = resolve;
  });
  const work = async () => {
    log.push(`start ${name}`);
    if (!(await done)) throw new Error(`${name} failed`);
    log.push(`end ${name}`);
    return name;
  };
  return { work, end: () => finish(true), fail: () => finish(false) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Slots', () => {
  it('runs at most its size at once and starts the waiting ones first come first served', async () => {
    const slots = new Slots(2);
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => piece(log, n));
    const results = [a!, b!, c!, d!].map((p) => slots.run(p.work));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect([slots.running, slots.waiting]).toEqual([2, 2]);
    b!.end();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    a!.end();
    c!.end();
    d!.end();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start a', 'start b', 'start c', 'start d']);
    expect([slots.running, slots.waiting]).toEqual([0, 0]);
  });

  it('frees the slot of a piece that fails and passes its error on', async () => {
    const slots = new Slots(1);
    const log: string[] = [];
    const [a, b] = ['a', 'b'].map((n) => piece(log, n));
    const first = slots.run(a!.work);
    const second = slots.run(b!.work);
    await tick();
    expect(log).toEqual(['start a']);
    a!.fail();
    await expect(first).rejects.toThrow('a failed');
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    b!.end();
    expect(await second).toBe('b');
    expect(slots.running).toBe(0);
  });

  it('refuses a size below one', () => {
    expect(() => new Slots(0)).toThrow(RangeError);
    expect(() => new Slots(1.5)).toThrow(RangeError);
  });
});
