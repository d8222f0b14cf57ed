import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRow } from './run.js';

const TARGET_MB = 250;
const MB = 2 ** 20;

/**
 * Resident memory of the whole bot in a process of its own (see support/memory-child.ts): idle after start and
 * GC, and with 10 000 intake conversations in progress (drafts live in the store, not in the heap).
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
  return [
    {
      name: 'memory: RSS idle (after start + GC)',
      value: mb(m.idleRss),
      unit: 'MB',
      target,
      pass: mb(m.idleRss) < TARGET_MB,
    },
    {
      name: `memory: RSS with ${m.conversations} intake conversations in progress (after GC)`,
      value: mb(m.activeRss),
      unit: 'MB',
      target,
      pass: mb(m.activeRss) < TARGET_MB,
    },
    {
      name: 'memory: peak RSS while starting them',
      value: mb(m.peakRss),
      unit: 'MB',
      target,
      pass: mb(m.peakRss) < TARGET_MB,
    },
    {
      name: 'memory: JS heap used idle / with conversations',
      value: mb(m.activeHeap),
      unit: 'MB',
      baseline: mb(m.idleHeap),
    },
  ];
}
