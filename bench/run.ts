import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * One measured number of a benchmark. `baseline` (same unit) is the bare framework or raw driver measured in the
 * same run; the table prints `value / baseline` as the ratio. `target` is the goal in words and `pass` whether
 * it was met (left out for figures that have no goal).
 */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  target?: string;
  pass?: boolean;
  /** A row that was not measured (e.g. MongoDB without MONGODB_URI): printed instead of the numbers. */
  skipped?: string;
}

/** The benchmark files to run: names from the command line, else `BENCH_ONLY` (comma separated), else all. */
function selected(files: string[]): string[] {
  const args = process.argv.slice(2);
  const env = process.env.BENCH_ONLY?.split(',').filter(Boolean) ?? [];
  const only = (args.length > 0 ? args : env).map((a) => a.trim().replace(/\.ts$/, ''));
  return files.filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')));
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString('en-US');
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 10) return v.toFixed(1);
  return v.toFixed(abs >= 1 ? 2 : 3);
}

/** The rows as a Markdown table (the README takes it as is). */
export function formatTable(rows: BenchRow[]): string {
  const header = ['benchmark', 'figure', 'baseline', 'ratio', 'target', 'result'];
  const lines = rows.map((r) => {
    if (r.skipped) return [r.name, '-', '-', '-', r.target ?? '', `skipped: ${r.skipped}`];
    const figure = `${num(r.value)} ${r.unit}`;
    const baseline = r.baseline === undefined ? '' : `${num(r.baseline)} ${r.unit}`;
    const ratio = r.baseline === undefined || r.baseline === 0 ? '' : `${(r.value / r.baseline).toFixed(2)}x`;
    const result = r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL';
    return [r.name, figure, baseline, ratio, r.target ?? '', result];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [row(header), row(widths.map((w) => '-'.repeat(w))), ...lines.map(row)].join('\n');
}

/**
 * Runs every `bench/*.ts` file's exported `run()` one after the other and prints one table with the machine it
 * ran on. `npm run bench` runs all; `BENCH_ONLY=sla-sweep npm run bench` (or `npm run bench -- sla-sweep`) runs
 * the named files only. Measurements, not tests: a missed target prints FAIL but the exit code stays 0.
 */
async function main(): Promise<void> {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const files = selected(
    (await readdir(dir)).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('.')).sort(),
  );
  const rows: BenchRow[] = [];
  const started = performance.now();
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run?: () => Promise<BenchRow[]> };
    if (typeof mod.run !== 'function') {
      console.warn(`${file}: no exported run(), skipped`);
      continue;
    }
    const t = performance.now();
    console.error(`running ${file} …`);
    rows.push(...(await mod.run()));
    console.error(`  ${file} took ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const cpus = os.cpus();
  console.log(
    `\nMachine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, ` +
      `Node ${process.version}, ${os.platform()} ${os.release()}; total ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  console.log(formatTable(rows));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
