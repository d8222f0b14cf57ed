import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../src/services/ttl-cache.js';
import { ManualClock } from '../../src/services/clock.js';

describe('TtlCache', () => {
  it('returns a value until its lifetime is over, then reads as missing', () => {
    const clock = new ManualClock('2025-03-03T09:00:00.000Z');
    const cache = new TtlCache<string, number>({ clock });
    cache.set('a', 1, 1000);
    clock.advance(999);
    expect(cache.get('a')).toBe(1);
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps nothing when the lifetime is zero or negative', () => {
    const clock = new ManualClock('2025-03-03T09:00:00.000Z');
    const cache = new TtlCache<string, number>({ clock });
    cache.set('a', 1, 1000);
    cache.set('a', 2, 0);
    cache.set('b', 3, -5);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used entry when full', () => {
    const clock = new ManualClock('2025-03-03T09:00:00.000Z');
    const cache = new TtlCache<string, number>({ clock, maxEntries: 2 });
    cache.set('a', 1, 1000);
    cache.set('b', 2, 1000);
    expect(cache.get('a')).toBe(1); // a is now the most recently used
    cache.set('c', 3, 1000);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('forgets an entry on delete and replaces it on set', () => {
    const clock = new ManualClock('2025-03-03T09:00:00.000Z');
    const cache = new TtlCache<string, number>({ clock });
    cache.set('a', 1, 1000);
    cache.set('a', 2, 5000);
    clock.advance(2000);
    expect(cache.get('a')).toBe(2);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('takes the time from the caller when given, and reads an entry as missing before the time it was stored', () => {
    const cache = new TtlCache<string, number>();
    const at = new Date('2025-03-03T09:00:00.000Z');
    cache.set('a', 1, 60_000, at);
    expect(cache.get('a', new Date(at.getTime() + 59_999))).toBe(1);
    expect(cache.get('a', new Date(at.getTime() - 1))).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
