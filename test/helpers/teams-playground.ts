import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

/** Debian's Chromium, the browser the end-to-end tests drive (installed by .ci/run when missing). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Flags for a headless Chromium that stays off the network except for what the page loads. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
/** The Agents Playground's command-line entry (the `agentsplayground` bin of @microsoft/m365agentsplayground). */
export const PLAYGROUND_CLI = path.resolve('node_modules/@microsoft/m365agentsplayground/cli.js');
/** The mock tenant (users, team, channels) the repository ships for `npm run playground`. */
export const PLAYGROUND_CONFIG = path.resolve('.m365agentsplayground.yml');

/** Why the browser test cannot run here (no Chromium, no Playground), or undefined when it can. */
export function playgroundSkipReason(): string | undefined {
  if (!existsSync(CHROMIUM_PATH)) return `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`;
  if (!existsSync(PLAYGROUND_CLI)) return 'the Agents Playground is not installed (npm ci)';
  if (!existsSync(PLAYGROUND_CONFIG)) return `no ${path.basename(PLAYGROUND_CONFIG)} in the repository`;
  return undefined;
}

/** A TCP port that was free a moment ago (the Playground falls back to a random one if it is taken meanwhile). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPlayground {
  /** The web UI, e.g. `http://localhost:56150`. */
  url: string;
  port: number;
  /** Everything the Playground printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the Agents Playground (channel msteams, telemetry off) against `endpoint`, with the repository's mock
 * tenant, its log file in `workDir`, and a no-op `xdg-open` first on PATH so it does not try to open a browser.
 * Resolves once it prints the port it listens on; rejects with its output when it exits or stays silent for
 * `timeoutMs` (a bad config file makes it exit without a word on the console: see the log in `workDir`).
 */
export async function startPlayground(opts: {
  endpoint: string;
  workDir: string;
  port?: number;
  timeoutMs?: number;
}): Promise<RunningPlayground> {
  const shim = path.join(opts.workDir, 'bin');
  await mkdir(shim, { recursive: true });
  await writeFile(path.join(shim, 'xdg-open'), '#!/bin/sh\nexit 0\n');
  await chmod(path.join(shim, 'xdg-open'), 0o755);
  const port = opts.port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    [PLAYGROUND_CLI, '-e', opts.endpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'],
    {
      cwd: opts.workDir,
      env: {
        ...process.env,
        PATH: `${shim}${path.delimiter}${process.env.PATH ?? ''}`,
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG,
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(opts.workDir, 'm365agentsplayground.log'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the Agents Playground did not start:\n${output}`)),
      opts.timeoutMs ?? 60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Agents Playground exited (${code}):\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
  };
  try {
    const actual = await listening;
    return { url: `http://localhost:${actual}`, port: actual, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
