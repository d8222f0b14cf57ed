import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One measured number of a benchmark. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
}

/**
 * Runs every `bench/*.ts` file's exported `run()` one after the other (`npm run bench`, or name files to run
 * only those: `npm run bench -- sla-sweep`) and prints one table. Measurements, not tests: nothing here fails
 * on a number.
 */
async function main(): Promise<void> {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const only = process.argv.slice(2).map((a) => a.replace(/\.ts$/, ''));
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
    .sort();
  const rows: BenchRow[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run?: () => Promise<BenchRow[]> };
    if (typeof mod.run !== 'function') {
      console.warn(`${file}: no exported run(), skipped`);
      continue;
    }
    console.error(`running ${file} …`);
    rows.push(...(await mod.run()));
  }
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  console.log(`${'benchmark'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(12)}  ----`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value.toFixed(2).padStart(12)}  ${r.unit}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
