import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: where the bot runs from (its catalogue path is relative to it). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BotProcess {
  bot: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * Starts the bot in a process of its own — `node <args>` from the repository root, default configuration (the
 * outbox delivered by the worker thread), Teams anonymous, Slack off, SQLite in `dataDir` — on `port`; resolves
 * once `/healthz` answers, and fails with the process's output when it exits first or does not answer in 60 s.
 */
export async function startBotProcess(args: string[], dataDir: string, port: number): Promise<BotProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  };
  for (const key of ['OUTBOX_DELIVERY', 'TEAMS_CLIENT_ID', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'MONGODB_URI'])
    delete env[key];
  const bot = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  bot.stdout?.on('data', collect);
  bot.stderr?.on('data', collect);
  const until = Date.now() + 60_000;
  for (;;) {
    if (bot.exitCode !== null) throw new Error(`the bot exited (${bot.exitCode}):\n${output}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { bot, output: () => output };
    if (Date.now() > until) {
      bot.kill('SIGKILL');
      throw new Error(`the bot did not answer /healthz:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
