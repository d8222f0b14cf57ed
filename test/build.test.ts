import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/teams-playground.js';
import { tempDirs } from './helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
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

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: await dirs.make(),
      LOG_LEVEL: 'info',
    };
    for (const key of ['OUTBOX_DELIVERY', 'TEAMS_CLIENT_ID', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'MONGODB_URI'])
      delete env[key];
    // Plain node: no tsx loader, so a source file or asset the build leaves out fails here.
    bot = spawn(process.execPath, [path.join(OUT, 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    bot.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    bot.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const until = Date.now() + 60_000;
    for (;;) {
      if (bot.exitCode !== null) throw new Error(`the compiled bot exited (${bot.exitCode}):\n${output}`);
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > until) throw new Error(`the compiled bot did not answer /healthz:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(output).toContain('"outbox":"delivered by a worker thread"');

    const exited = new Promise<number | null>((resolve) => bot?.once('exit', resolve));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
  }, 120_000);
});
