import { type ChildProcess, execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, startBotProcess } from './helpers/bot-process.js';
import { freePort } from './helpers/teams-playground.js';
import { tempDirs } from './helpers/temp-dir.js';

/** Inside the repository (under the ignored dist/), so the compiled files find node_modules as dist/ does. */
const OUT = path.join(ROOT, 'dist', `.test-build-${process.pid}`);
const dirs = tempDirs('build-');
let bot: ChildProcess | undefined;

afterAll(async () => {
  bot?.kill('SIGKILL');
  await rm(OUT, { recursive: true, force: true });
  await dirs.cleanup();
});

describe('the compiled bot (npm run build, node dist/main.js)', () => {
  it('starts from the compiled files alone, delivers its outbox in the worker thread and answers /healthz and /readyz', async () => {
    // What `npm run build` runs, into a directory of this test's own.
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', OUT], {
      cwd: ROOT,
      maxBuffer: 1 << 22,
    });

    // Plain node: no tsx loader, so a source file or asset the build leaves out fails here.
    const port = await freePort();
    const started = await startBotProcess([path.join(OUT, 'main.js')], await dirs.make(), port);
    bot = started.bot;
    const output = started.output;
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(output()).toContain('"outbox":"delivered by a worker thread"');

    const exited = new Promise<number | null>((resolve) => bot?.once('exit', resolve));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('shutting down');
  }, 120_000);
});
