import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/logger.js';
import { OutboxThread, type OutboxThreadOptions } from '../src/outbox-thread.js';
import { draft } from '../src/services/outbox/deliveries.js';
import { OutboxDispatcher } from '../src/services/outbox/dispatcher.js';
import { defaultTransports } from '../src/transports.js';
import { buildNewCase, buildPerson } from './helpers/case-builder.js';
import { type LocalPlatform, startLocalPlatform } from './helpers/local-platform.js';
import { loopbackOnly } from './helpers/loopback-only.js';
import { TEST_SIGNING_SECRET } from './helpers/slack-signer.js';
import { anActionInvoke } from './helpers/teams-activities.js';
import { tempDirs } from './helpers/temp-dir.js';

const dirs = tempDirs();
const STAND_IN = new URL('./helpers/outbox-worker-stand-in.ts', import.meta.url);
const ARTS_TEAMS_CHANNEL = '19:arts-support@thread.tacv2';
const ARTS_SLACK_CHANNEL = 'C0ARTSSUP';
const JONAS = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

async function eventually<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

loopbackOnly();
afterAll(async () => {
  await dirs.cleanup();
});

describe('startApp with OUTBOX_DELIVERY=worker (the default)', () => {
  let app: RunningApp | undefined;
  let platform: LocalPlatform | undefined;
  afterEach(async () => {
    await app?.stop();
    await platform?.close();
    app = undefined;
  });

  it('posts, updates and answers in threads from the worker thread when a case is registered and claimed', async () => {
    platform = await startLocalPlatform({ [JONAS.id]: 'jonas.vestergaard@au.dk' });
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: await dirs.make(),
      LOG_LEVEL: 'info',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
    });
    expect(config.outboxDelivery).toBe('worker');
    const where = { teamsServiceUrl: platform.teamsServiceUrl, slackApiUrl: platform.slackApiUrl };
    const { logger, lines } = capturingLogger();
    app = await startApp(config, {
      logger,
      transports: defaultTransports(config, { ...where, slackIdentity: { botId: 'B01', botUserId: 'U0BOT' } }),
      outbox: { overrides: where },
    });
    expect(app.services.dispatcher).toBeInstanceOf(OutboxThread);
    const started = lines.find((l) => String(l.msg).startsWith('incident bot listening'));
    expect(started?.outbox).toBe('delivered by a worker thread');

    // Registered with its card for the ARTS desk: the write in this thread wakes the worker.
    const created = await app.services.store.createCase(
      buildNewCase({ groupId: 'arts-support', ownerGroupId: 'arts-support', user: buildPerson('anna') }),
      [draft('worker-test:post', { kind: 'post_card', caseId: '', groupId: 'arts-support' })],
    );
    const teamsPost = await platform.waitFor(
      (c) => c.method === 'POST' && /\/teams\/v3\/conversations\/?$/.test(c.path),
      'the Teams channel card',
    );
    expect(JSON.stringify(teamsPost.body)).toContain(ARTS_TEAMS_CHANNEL);
    expect(JSON.stringify(teamsPost.body)).toContain(created.number);
    const slackPost = await platform.waitFor(
      (c) => c.path === '/api/chat.postMessage' && c.body.channel === ARTS_SLACK_CHANNEL,
      'the Slack channel card',
    );
    expect(String(slackPost.body.blocks)).toContain(created.number);
    // The worker stored where the cards are, through its own connection.
    const withCards = await eventually(async () => {
      const c = await app?.services.store.getCase(created.id);
      return c && c.cards.length === 2 ? c : undefined;
    }, 'both card references stored');

    // A claim from the Teams card: answered by this thread, its card updates and thread replies by the worker.
    const invoke = {
      ...anActionInvoke(JONAS, { verb: 'claim', caseId: created.id, version: withCards.version }, 'channel'),
      serviceUrl: platform.teamsServiceUrl,
    };
    const res = await fetch(`http://127.0.0.1:${app.http.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(invoke),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('AdaptiveCard');
    expect((await app.services.store.getCase(created.id))?.assignee?.email).toBe('jonas.vestergaard@au.dk');
    const teamsUpdate = await platform.waitFor(
      (c) => c.method === 'PUT' && c.path.includes(ARTS_TEAMS_CHANNEL),
      'the Teams card update',
    );
    expect(JSON.stringify(teamsUpdate.body)).toContain('Jonas');
    const slackUpdate = await platform.waitFor((c) => c.path === '/api/chat.update', 'the Slack card update');
    expect(String(slackUpdate.body.blocks)).toContain('Jonas');
    const teamsReply = await platform.waitFor(
      (c) =>
        c.method === 'POST' && c.path.includes(`${ARTS_TEAMS_CHANNEL};messageid=`) && c.path.includes('/activities'),
      'a Teams thread reply',
    );
    expect(JSON.stringify(teamsReply.body)).toContain('Jonas');
    const slackReply = await platform.waitFor(
      (c) => c.path === '/api/chat.postMessage' && c.body.thread_ts !== undefined,
      'a Slack thread reply',
    );
    expect(slackReply.body.channel).toBe(ARTS_SLACK_CHANNEL);
  }, 60_000);

  it.runIf(process.platform === 'linux')(
    'runs the delivery worker at a lower CPU priority (OUTBOX_WORKER_NICE) while the request thread keeps its own',
    async () => {
      /** The nice value of each of this process's threads, by thread id (/proc/self/task/<tid>/stat, field 19). */
      const niceness = () =>
        new Map(
          readdirSync('/proc/self/task').map((tid) => {
            const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
            return [Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])] as const;
          }),
        );
      const before = niceness();
      expect(before.get(process.pid)).toBe(0);
      platform = await startLocalPlatform();
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: await dirs.make(),
        OUTBOX_WORKER_NICE: '7',
      });
      const where = { teamsServiceUrl: platform.teamsServiceUrl, slackApiUrl: platform.slackApiUrl };
      app = await startApp(config, {
        logger: createLogger('silent'),
        transports: defaultTransports(config, where),
        outbox: { overrides: where },
      });
      expect(app.services.dispatcher).toBeInstanceOf(OutboxThread);
      const lowered = await eventually(async () => {
        const now = [...niceness()].filter(([tid, nice]) => nice === 7 && !before.has(tid));
        return now.length > 0 ? now : undefined;
      }, 'a new thread at nice 7');
      // One thread, the worker's: the request thread, and every other thread started since, keep their priority.
      expect(lowered).toHaveLength(1);
      expect(niceness().get(process.pid)).toBe(0);
      expect([...niceness()].filter(([tid, nice]) => nice !== 0 && !before.has(tid))).toEqual(lowered);
    },
    60_000,
  );

  it('delivers from the main thread, and says why, when the worker cannot start', async () => {
    platform = await startLocalPlatform();
    const dataDir = await dirs.make();
    await writeFile(path.join(dataDir, 'fail-boot'), '');
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const { logger, lines } = capturingLogger();
    app = await startApp(config, {
      logger,
      transports: defaultTransports(config, { teamsServiceUrl: platform.teamsServiceUrl }),
      outbox: { entry: STAND_IN },
    });
    expect(app.services.dispatcher).toBeInstanceOf(OutboxDispatcher);
    const failed = lines.find((l) => String(l.msg).startsWith('the outbox worker could not start'));
    expect(failed?.level).toBe(50);
    expect(JSON.stringify(failed?.err)).toContain('the catalogue could not be read');
    expect(lines.find((l) => String(l.msg).startsWith('incident bot listening'))?.outbox).toBe(
      'delivered in the main thread',
    );
    await app.services.store.createCase(buildNewCase({ groupId: 'arts-support', ownerGroupId: 'arts-support' }), [
      draft('fallback-test:post', { kind: 'post_card', caseId: '', groupId: 'arts-support' }),
    ]);
    await platform.waitFor(
      (c) => c.method === 'POST' && /\/teams\/v3\/conversations\/?$/.test(c.path),
      'the Teams channel card',
    );
  }, 60_000);
});

/**
 * The stand-in worker behind an `OutboxThread`, with a data directory of its own where `mark` drops the files that
 * change the stand-in's behaviour (`fail-boot`, `slow-boot`, `die-on-stop`).
 */
async function standIn(opts: Pick<OutboxThreadOptions, 'restartDelayMs' | 'onEnded' | 'closeTimeoutMs'> = {}) {
  const { logger, lines } = capturingLogger();
  const dataDir = await dirs.make();
  return {
    lines,
    logged: (start: string) => lines.filter((l) => String(l.msg).startsWith(start)),
    exists: (name: string) => existsSync(path.join(dataDir, name)),
    mark: (name: string) => writeFile(path.join(dataDir, name), ''),
    unmark: (name: string) => rm(path.join(dataDir, name)),
    start: () => OutboxThread.start({ config: loadConfig({ DATA_DIR: dataDir }), logger, entry: STAND_IN, ...opts }),
  };
}

describe('OutboxThread', () => {
  it('restarts a worker that died, starts it again, and stops restarting once closed', async () => {
    let unexpectedEnds = 0;
    const w = await standIn({ restartDelayMs: 20, onEnded: () => unexpectedEnds++ });
    const thread = await w.start();
    try {
      thread.start(1_000);
      expect(await thread.runOnce()).toEqual({ sent: 1, retried: 0, dead: 0 });
      expect(unexpectedEnds).toBe(0);

      thread.kick(); // the stand-in dies on a kick
      const ended = await eventually(async () => w.logged('the outbox worker ended')[0], 'the death logged');
      expect(ended).toMatchObject({ level: 50, exitCode: 3, restartInMs: 20 });
      // The new worker is told to start again: its count of starts is 1, not 0.
      const summary = await eventually(() => thread.runOnce().catch(() => undefined), 'the worker back');
      expect(summary.sent).toBe(1);
      expect(unexpectedEnds).toBe(1);
    } finally {
      await thread.close();
    }
    await expect(thread.runOnce()).rejects.toThrow(/not running/);
    expect(unexpectedEnds).toBe(1); // closing is not an unexpected end
  }, 30_000);

  it('ends a worker still starting when closed during a restart', async () => {
    const w = await standIn({ restartDelayMs: 1 });
    const thread = await w.start();
    thread.start(1_000);
    await w.mark('slow-boot');
    thread.kick(); // dies; its successor takes a second to start
    await eventually(async () => w.logged('the outbox worker ended')[0], 'the death logged');
    await new Promise((r) => setTimeout(r, 100));
    await thread.close();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(w.exists('booted')).toBe(false);
    expect(w.logged('the outbox worker did not come back')).toEqual([]);
  }, 30_000);

  it('counts a worker that ends while stopping as stopped', async () => {
    const w = await standIn();
    const thread = await w.start();
    try {
      thread.start(1_000);
      await w.mark('die-on-stop');
      await expect(thread.stop()).resolves.toBeUndefined();
    } finally {
      await thread.close();
    }
  }, 30_000);

  it('stops waiting for a batch that does not finish after closeTimeoutMs, says so, and close ends the worker', async () => {
    const w = await standIn({ closeTimeoutMs: 200 });
    const thread = await w.start();
    thread.start(1_000);
    await w.mark('hang-on-stop');
    await w.mark('hang-on-close');
    const started = Date.now();
    await expect(thread.stop()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(w.logged('the outbox worker did not stop its batch in time')).toHaveLength(1);
    const closing = Date.now();
    await thread.close();
    expect(Date.now() - closing).toBeLessThan(2_000);
    await expect(thread.runOnce()).rejects.toThrow(/not running/);
  }, 30_000);

  it('refuses to start with the reason when the worker cannot build its part', async () => {
    const w = await standIn();
    await w.mark('fail-boot');
    await expect(w.start()).rejects.toThrow('the outbox worker could not start: the catalogue could not be read');
  }, 30_000);

  it('keeps trying when a restarted worker cannot start, until one can', async () => {
    const w = await standIn({ restartDelayMs: 20 });
    const thread = await w.start();
    try {
      thread.start(1_000);
      await w.mark('fail-boot');
      thread.kick();
      await eventually(async () => w.logged('the outbox worker did not come back').at(1), 'two failed restarts logged');
      await w.unmark('fail-boot');
      const summary = await eventually(() => thread.runOnce().catch(() => undefined), 'the worker back');
      expect(summary.sent).toBe(1);
    } finally {
      await thread.close();
    }
  }, 30_000);
});
