import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';

/** A real logger at `level` whose JSON lines are parsed into `lines`, for tests that check what was logged. */
export function collectingLogger(level = 'warn') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}
