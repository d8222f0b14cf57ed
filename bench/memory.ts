import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRow } from './run.js';

const TARGET_MB = 250;
const MB = 2 ** 20;

/**
 * Resident memory of the whole bot in a process of its own (see support/memory-child.ts), both threads (requests
 * and outbox delivery) together: just after start and GC, idle (20 s later), and with 10 000 intake conversations
 * in progress (drafts live in the store, not in the heap) right after starting them and 20 s later.
 */
export async function run(): Promise<BenchRow[]> {
  const child = fileURLToPath(new URL('./support/memory-child.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', child], {
    env: process.env,
    maxBuffer: 1 << 20,
    timeout: 300_000,
  });
  const line = stdout.trim().split('\n').pop() ?? '{}';
  const m = JSON.parse(line) as Record<string, number>;
  const mb = (v: number | undefined) => (v ?? Number.NaN) / MB;
  const target = `< ${TARGET_MB} MB`;
  const row = (name: string, bytes: number | undefined): BenchRow => ({
    name,
    value: mb(bytes),
    unit: 'MB',
    target,
    pass: mb(bytes) < TARGET_MB,
  });
  return [
    row('memory: RSS just after start (after GC)', m.startedRss),
    row('memory: RSS idle (20 s after start, GC)', m.idleRss),
    row(`memory: RSS with ${m.conversations} intake conversations in progress (right after, GC)`, m.busyRss),
    row(`memory: RSS with ${m.conversations} intake conversations in progress (20 s later, GC)`, m.activeRss),
    row('memory: peak RSS while starting them', m.peakRss),
    {
      name: 'memory: JS heap used idle / with conversations',
      value: mb(m.activeHeap),
      unit: 'MB',
      baseline: mb(m.idleHeap),
    },
  ];
}
