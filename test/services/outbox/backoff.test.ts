import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../src/services/outbox/backoff.js';

const policy = { baseDelayMs: 1_000, maxDelayMs: 600_000 };

describe('backoffDelayMs', () => {
  it('doubles the ceiling with every failed attempt when jitter is at its top', () => {
    const almostOne = () => 0.999_999;
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, policy, almostOne))).toEqual([999, 1_999, 3_999, 7_999]);
  });

  it('draws the delay from the whole range below the ceiling when jitter varies', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.25)).toBe(1_000);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(2_000);
  });

  it('caps the delay at maxDelayMs when attempts grow large', () => {
    expect(backoffDelayMs(11, policy, () => 0.5)).toBe(300_000);
    expect(backoffDelayMs(5_000, policy, () => 0.5)).toBe(300_000);
  });

  it('clamps a random source outside [0, 1) when it misbehaves', () => {
    expect(backoffDelayMs(1, policy, () => 7)).toBe(1_000);
    expect(backoffDelayMs(1, policy, () => -1)).toBe(0);
  });
});
