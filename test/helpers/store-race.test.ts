import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServices, type Services } from './services.js';
import { beforeCall } from './store-race.js';

describe('beforeCall', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it("runs the action once, before the nth call reaches the store, with that call's arguments", async () => {
    const seen: unknown[][] = [];
    const race = beforeCall(
      s.store,
      'putRef',
      async (args) => {
        seen.push(args);
        // The action's own call counts, and goes straight through.
        expect(await s.store.getRef('k', 'a')).toEqual({ n: 1 });
        await s.store.putRef('k', 'b', { n: 0 });
      },
      2,
    );
    await s.store.putRef('k', 'a', { n: 1 });
    expect(race.ran).toBe(false);
    await s.store.putRef('k', 'b', { n: 2 });
    await s.store.putRef('k', 'c', { n: 3 });

    expect(race.ran).toBe(true);
    expect(seen).toEqual([['k', 'b', { n: 2 }]]);
    // The action's write landed first; the raced call's after it.
    expect(await s.store.getRef('k', 'b')).toEqual({ n: 2 });
    expect(await s.store.getRef('k', 'c')).toEqual({ n: 3 });
  });
});
