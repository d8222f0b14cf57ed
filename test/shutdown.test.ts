import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/logger.js';
import { exitGracefullyOnSignals, SHUTDOWN_DEADLINE_MS } from '../src/shutdown.js';

/** The process's signals and exit, faked; `stop` as the test gives it. */
function setUp(stop: () => Promise<void>, deadlineMs?: number) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  let stops = 0;
  exitGracefullyOnSignals({
    stop: () => {
      stops += 1;
      return stop();
    },
    logger: createLogger('silent'),
    signals,
    exit: (code) => exits.push(code),
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
  });
  return { signals, exits, stops: () => stops };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('exitGracefullyOnSignals', () => {
  it('stops the app and exits 0 on SIGTERM', async () => {
    const s = setUp(async () => {});
    s.signals.emit('SIGTERM');
    await vi.waitFor(() => expect(s.exits).toEqual([0]));
    expect(s.stops()).toBe(1);
  });

  it('exits 1 when stopping fails', async () => {
    const s = setUp(async () => {
      throw new Error('store would not close');
    });
    s.signals.emit('SIGINT');
    await vi.waitFor(() => expect(s.exits).toEqual([1]));
  });

  it('exits 1 at the deadline when stopping hangs (30 s by default)', async () => {
    vi.useFakeTimers();
    const s = setUp(() => new Promise<void>(() => {}));
    s.signals.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(SHUTDOWN_DEADLINE_MS - 1);
    expect(s.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.exits).toEqual([1]);
    expect(SHUTDOWN_DEADLINE_MS).toBe(30_000);
  });

  it('exits 1 at once on a second signal while stopping, without stopping twice', async () => {
    const s = setUp(() => new Promise<void>(() => {}), 60_000);
    s.signals.emit('SIGTERM');
    expect(s.exits).toEqual([]);
    s.signals.emit('SIGINT');
    expect(s.exits).toEqual([1]);
    expect(s.stops()).toBe(1);
  });
});
