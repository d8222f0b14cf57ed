import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRow } from './run.js';

const TARGET_MB = 250;
const MB = 2 ** 20;

/** The memory child compiled with the project's compiler options (plain `node`, no tsx), as the bot is deployed. */
async function compiledChild(): Promise<string> {
  const root = process.cwd();
  const out = path.join(root, 'dist', '.bench-memory');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const tsconfig = path.join(out, 'tsconfig.json');
  await writeFile(
    tsconfig,
    JSON.stringify({
      extends: path.join(root, 'tsconfig.json'),
      compilerOptions: { outDir: out, rootDir: root, noEmit: false },
      include: [path.join(root, 'src'), path.join(root, 'bench', 'support')],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', tsconfig], { maxBuffer: 1 << 22, timeout: 300_000 });
  return path.join(out, 'bench', 'support', 'memory-child.js');
}

async function measure(label: string, args: string[]): Promise<BenchRow[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', ...args], {
    env: process.env,
    maxBuffer: 1 << 20,
    timeout: 300_000,
  });
  const line = stdout.trim().split('\n').pop() ?? '{}';
  const m = JSON.parse(line) as Record<string, number>;
  const mb = (v: number | undefined) => (v ?? Number.NaN) / MB;
  const target = `< ${TARGET_MB} MB`;
  const row = (name: string, bytes: number | undefined): BenchRow => ({
    name: `memory (${label}): ${name}`,
    value: mb(bytes),
    unit: 'MB',
    target,
    pass: mb(bytes) < TARGET_MB,
  });
  return [
    row('RSS just after start (after GC)', m.startedRss),
    row('RSS idle (20 s after start, GC)', m.idleRss),
    row(`RSS with ${m.conversations} intake conversations in progress (right after, GC)`, m.busyRss),
    row(`RSS with ${m.conversations} intake conversations in progress (20 s later, GC)`, m.activeRss),
    row('peak RSS while starting them', m.peakRss),
    {
      name: `memory (${label}): JS heap used idle / with conversations`,
      value: mb(m.activeHeap),
      unit: 'MB',
      baseline: mb(m.idleHeap),
    },
  ];
}

/**
 * Resident memory of the whole bot in a process of its own (see support/memory-child.ts), both threads (requests
 * and outbox delivery) together: just after start and GC, idle (20 s later), and with 10 000 intake conversations
 * in progress (drafts live in the store, not in the heap) right after starting them and 20 s later. Measured twice:
 * compiled to JavaScript and run by plain `node`, as the bot is deployed (`npm run build`, `node dist/main.js`),
 * and under tsx, as `npm start` runs it — tsx's loader (a thread of its own, transpiled sources, source maps) takes
 * ~60 MB more.
 */
export async function run(): Promise<BenchRow[]> {
  const compiled = await measure('compiled, as deployed', [await compiledChild()]);
  const underTsx = await measure('npm start, under tsx', [
    '--import',
    'tsx',
    fileURLToPath(new URL('./support/memory-child.ts', import.meta.url)),
  ]);
  return [...compiled, ...underTsx];
}
