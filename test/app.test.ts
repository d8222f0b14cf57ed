import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/logger.js';
import { isAppError } from '../src/models/errors.js';
import { defaultTransports } from '../src/transports.js';
import { postSigned, TEST_SIGNING_SECRET } from './helpers/slack-signer.js';
import { tempDirs } from './helpers/temp-dir.js';

const dirs = tempDirs('app-test-');
const SLACK_API = 'https://slack.test/api/';
const SERVICE_URL = 'https://smba.test/teams/';

/** A logger whose JSON lines the test can read. */
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

function baseEnv(dataDir: string): Record<string, string> {
  return { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  nock.enableNetConnect();
  await dirs.cleanup();
});

describe('startApp', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it('serves Teams anonymously and Slack with verified signatures when both are configured', async () => {
    const config = loadConfig({
      ...baseEnv(await dirs.make()),
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
    });
    const { logger, lines } = capturingLogger();
    app = await startApp(config, {
      logger,
      transports: defaultTransports(config, {
        slackApiUrl: SLACK_API,
        teamsServiceUrl: SERVICE_URL,
        slackIdentity: { botId: 'B01', botUserId: 'U0BOT' },
      }),
    });
    const started = lines.find(
      (l) => typeof l.msg === 'string' && (l.msg as string).startsWith('incident bot listening'),
    );
    expect(started?.msg).toContain('embedded SQLite');
    expect(started?.msg).toContain('Teams on /api/messages ANONYMOUS');
    expect(started?.msg).toContain('Slack on /slack/events');

    let opened: { view?: { type?: string; callback_id?: string } } | undefined;
    nock('https://slack.test')
      .post('/api/views.open', (body) => {
        opened = { view: typeof body.view === 'string' ? JSON.parse(body.view) : body.view };
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V1' } });
    const base = `http://127.0.0.1:${app.http.port}`;
    const res = await postSigned(`${base}/slack/events`, {
      kind: 'form',
      fields: {
        command: '/incident',
        text: 'new',
        user_id: 'U123',
        user_name: 'anna',
        channel_id: 'D123',
        team_id: 'T1',
        trigger_id: 'trigger-1',
        response_url: 'https://hooks.slack.test/commands/1',
      },
    });
    expect(res.status).toBe(200);
    await expect.poll(() => opened?.view?.type, { timeout: 5000 }).toBe('modal');

    const forged = await postSigned(
      `${base}/slack/events`,
      { kind: 'form', fields: { command: '/incident', text: 'mine', user_id: 'U123' } },
      { signature: 'v0=deadbeef' },
    );
    expect(forged.status).toBe(401);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('stops before listening and lists the catalogue problems when the catalogue is broken', async () => {
    const dir = await dirs.make();
    const catalogue = path.join(dir, 'catalogue.yaml');
    writeFileSync(catalogue, 'organisation: { da: AU }\ngroups: []\n');
    const config = loadConfig({ ...baseEnv(dir), CATALOGUE_PATH: catalogue });
    const err = await startApp(config, { logger: createLogger('silent') }).catch((e: unknown) => e);
    expect(isAppError(err, 'CATALOGUE.INVALID')).toBe(true);
    const problems = (err as { details: { problems: string[] } }).details.problems;
    expect(problems.length).toBeGreaterThan(2);
    expect(problems.some((p) => p.startsWith('organisation.en'))).toBe(true);
  });

  it('gives a clear store error when the data file is not a database', async () => {
    const dir = await dirs.make();
    writeFileSync(path.join(dir, 'incident-bot.sqlite'), 'this is not a database, just text'.repeat(200));
    const config = loadConfig(baseEnv(dir));
    const err = await startApp(config, { logger: createLogger('silent') }).catch((e: unknown) => e);
    expect(isAppError(err, 'STORE.CORRUPT')).toBe(true);
    expect((err as Error).message).toContain('incident-bot.sqlite');
  });
});

describe('main', () => {
  it('exits with every configuration problem listed and no stack trace when the environment is wrong', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, PORT: 'eighty', TIME_ZONE: 'Nowhere/Land', SLACK_BOT_TOKEN: 'xoxp-secret-value' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('Configuration is invalid');
    expect(result.stderr).toContain('PORT="eighty"');
    expect(result.stderr).toContain('TIME_ZONE="Nowhere/Land"');
    expect(result.stderr).toContain('SLACK_SIGNING_SECRET=(unset)');
    expect(result.stderr).not.toContain('secret-value');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
