import { describe, expect, it } from 'vitest';
import { startPeriodic } from '../../src/services/periodic.js';

describe('startPeriodic', () => {
  it('runs at once, skips ticks while a run is in flight, and stop waits for that run', async () => {
    let runs = 0;
    let release!: () => void;
    const job = startPeriodic(
      () => {
        runs++;
        return new Promise<void>((r) => {
          release = r;
        });
      },
      5,
      () => undefined,
    );
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = job.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('reports a failing run and keeps going', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const job = startPeriodic(
      async () => {
        runs++;
        throw new Error('boom');
      },
      5,
      (err) => errors.push(err),
    );
    await new Promise((r) => setTimeout(r, 40));
    await job.stop();
    expect(runs).toBeGreaterThan(1);
    expect(errors.length).toBe(runs);
  });
});
