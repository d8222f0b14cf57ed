import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../src/app.js';
import { TEAMS_OFF_MESSAGE } from '../src/bot/teams/teams-transport.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/logger.js';
import { defaultTransports, TEAMS_OFF_ON_NETWORK_MESSAGE } from '../src/transports.js';
import { ROOT } from './helpers/bot-process.js';
import { loopbackOnly } from './helpers/loopback-only.js';
import { postSigned, TEST_SIGNING_SECRET } from './helpers/slack-signer.js';
import { ANNA, aPersonalMessage } from './helpers/teams-activities.js';
import { tempDirs } from './helpers/temp-dir.js';

const dirs = tempDirs('app-teams-off-');
const SLACK_ONLY = {
  NODE_ENV: 'production',
  SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
  SLACK_BOT_TOKEN: 'xoxb-test-token',
};

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

loopbackOnly();
afterAll(() => dirs.cleanup());

describe('startApp in production with Slack credentials only', () => {
  let app: RunningApp | undefined;
  let started: Record<string, unknown> | undefined;
  const nodeEnv = process.env.NODE_ENV;

  beforeAll(async () => {
    // The Agents SDK reads NODE_ENV itself (and refuses an anonymous adapter in production); so does the worker.
    process.env.NODE_ENV = 'production';
    const config = loadConfig({ ...SLACK_ONLY, PORT: '0', HOST: '127.0.0.1', DATA_DIR: await dirs.make() });
    const { logger, lines } = capturingLogger();
    app = await startApp(config, {
      logger,
      transports: defaultTransports(config, { slackIdentity: { botId: 'B01', botUserId: 'U0BOT' } }),
    });
    started = lines.find((l) => String(l.msg).startsWith('incident bot listening'));
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    process.env.NODE_ENV = nodeEnv;
  }, 60_000);

  it('starts without Teams, its outbox in the worker thread, and says so', () => {
    expect(started?.msg).toContain('Teams off');
    expect(started?.msg).toContain('Slack on /slack/events');
    expect(started?.outbox).toBe('delivered by a worker thread');
    expect(app?.services.dispatcher).toBeDefined();
  });

  it('answers /api/messages with 503 and a JSON message saying why', async () => {
    const res = await fetch(`http://127.0.0.1:${app?.http.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aPersonalMessage(ANNA, 'status INC-000001')),
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: TEAMS_OFF_MESSAGE });
  });

  it('serves Slack, signatures verified', async () => {
    const forged = await postSigned(
      `http://127.0.0.1:${app?.http.port}/slack/events`,
      { kind: 'form', fields: { command: '/incident', text: 'mine', user_id: 'U123' } },
      { signature: 'v0=deadbeef' },
    );
    expect(forged.status).toBe(401);
  });
});

describe('startApp outside production with Slack over HTTP and no Teams credentials', () => {
  let app: RunningApp | undefined;
  let started: Record<string, unknown> | undefined;

  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'development',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      PORT: '0',
      OUTBOX_DELIVERY: 'inline',
      DATA_DIR: await dirs.make(),
    });
    expect(config.host).toBe('0.0.0.0');
    const { logger, lines } = capturingLogger();
    app = await startApp(config, {
      logger,
      transports: defaultTransports(config, { slackIdentity: { botId: 'B01', botUserId: 'U0BOT' } }),
    });
    started = lines.find((l) => String(l.msg).startsWith('incident bot listening'));
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
  }, 60_000);

  it('listens on the network for Slack with Teams off (503), not anonymous Teams on the network', async () => {
    expect(started?.msg).toContain('Teams off');
    expect(started?.msg).toContain('Slack on /slack/events');
    const res = await fetch(`http://127.0.0.1:${app?.http.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aPersonalMessage(ANNA, 'status INC-000001')),
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: TEAMS_OFF_ON_NETWORK_MESSAGE });
    const forged = await postSigned(
      `http://127.0.0.1:${app?.http.port}/slack/events`,
      { kind: 'form', fields: { command: '/incident', text: 'mine', user_id: 'U123' } },
      { signature: 'v0=deadbeef' },
    );
    expect(forged.status).toBe(401);
  });
});

/** Runs `src/main.ts` with `env` until it exits: its exit code and everything it wrote. */
async function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const full: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATA_DIR: await dirs.make(), ...env };
  for (const k of ['TEAMS_CLIENT_ID', 'TEAMS_CLIENT_SECRET', 'MONGODB_URI', 'OUTBOX_DELIVERY', 'HOST']) {
    if (!(k in env)) delete full[k];
  }
  const bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: full,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  bot.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  bot.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => {
    const t = setTimeout(() => {
      bot.kill('SIGKILL');
      resolve(null);
    }, 60_000);
    bot.on('exit', (c) => {
      clearTimeout(t);
      resolve(c);
    });
  });
  return { code, output };
}

const STACK_LINE = /^\s+at /m;

describe('npm start when start-up fails', () => {
  it('gets past Teams in production with Slack credentials only, and ends on Slack with one line, not a stack trace', async () => {
    // No network to Slack here (or a test token it refuses): start-up ends at Slack's auth.test, no longer at the
    // Agents SDK's "ClientId required in production" thrown out of main.
    const { code, output } = await runMain({ ...SLACK_ONLY, HOST: '127.0.0.1' });
    expect(output).not.toContain('ClientId required');
    expect(output).toMatch(/^Cannot start: Slack (refused the bot token|could not be reached)/m);
    expect(output).not.toMatch(STACK_LINE);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
  }, 90_000);

  it('names a HOST that does not resolve in one line and exits 78', async () => {
    const { code, output } = await runMain({
      HOST: 'no-such-host.invalid',
      TEAMS_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
      TEAMS_CLIENT_SECRET: 'secret',
    });
    expect(output).toContain('Cannot start: HOST="no-such-host.invalid" does not resolve (ENOTFOUND)');
    expect(output).not.toMatch(STACK_LINE);
    expect(code).toBe(78);
  }, 90_000);

  it('lists the configuration problems and exits 78', async () => {
    const { code, output } = await runMain({ HOST: 'localhost:3978', PUBLIC_URL: 'http://bot.example.org' });
    expect(output).toMatch(/^Configuration is invalid:/m);
    expect(output).toContain('  - HOST="localhost:3978"');
    expect(output).toContain('  - PUBLIC_URL="http://bot.example.org"');
    expect(output).not.toMatch(STACK_LINE);
    expect(code).toBe(78);
  }, 90_000);
});
