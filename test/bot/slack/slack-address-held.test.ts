import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import nock from 'nock';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RunningApp as App, startApp } from '../../../src/app.js';
import { USER_CACHE_REF } from '../../../src/bot/slack/slack-directory.js';
import { loadConfig } from '../../../src/config/env.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import type { Case } from '../../../src/models/case.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { defaultTransports } from '../../../src/transports.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { loopbackOnly } from '../../helpers/loopback-only.js';
import { formOf, SLACK_API_ORIGIN, slackUsers, usersInfoBody } from '../../helpers/slack-harness.js';
import { slackEvent } from '../../helpers/slack-requests.js';
import { postSigned, TEST_SIGNING_SECRET } from '../../helpers/slack-signer.js';
import { tempDirs } from '../../helpers/temp-dir.js';

/**
 * Slack, in the whole app: a staff member whose Slack address changes while config/catalogue.yaml names them by the
 * former one keeps that one (and their staff rights), as on Teams; and messages to the former address of someone
 * whose cases are still being moved reach them.
 */

const dirs = tempDirs('slack-address-held-');
afterAll(() => dirs.cleanup());
loopbackOnly();

/** Jonas is a member of ARTS Support in config/catalogue.yaml, by his former address. */
const jonas = slackUsers.jonas;
const OLD = jonas.email;
const NEW = 'jonas.holm@au.dk';

let running: App | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** The whole app with Slack on (HTTP), in `dataDir`, with the catalogue at `cataloguePath` (default the shipped). */
async function startSlackApp(
  dataDir: string,
  logger: Logger,
  cataloguePath?: string,
): Promise<{ app: App; base: string }> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    OUTBOX_DELIVERY: 'inline',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    ...(cataloguePath ? { CATALOGUE_PATH: cataloguePath } : {}),
  });
  const app = await startApp(config, {
    logger,
    transports: defaultTransports(config, {
      slackApiUrl: `${SLACK_API_ORIGIN}/api/`,
      slackIdentity: { botId: 'B01', botUserId: 'U0BOT' },
    }),
  });
  running = app;
  return { app, base: `http://127.0.0.1:${app.http.port}` };
}

/** A logger whose warnings are collected into `lines`. */
function collecting(lines: Record<string, unknown>[]): Logger {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return pino({ level: 'warn' }, sink) as unknown as Logger;
}

/** The cached profile of Jonas as the bot looked him up before (fresh now). */
async function jonasKnown(app: App, email = OLD, movingFrom?: string): Promise<void> {
  const person = { id: `slack:${jonas.id}`, name: jonas.name, email, locale: 'en' };
  await app.services.store.putRef(USER_CACHE_REF, jonas.id, {
    person,
    fetchedAt: new Date().toISOString(),
    ...(movingFrom ? { movingFrom } : {}),
  });
}

function caseBy(app: App, email: string): Promise<Case> {
  const user = { id: `email:${email}`, name: jonas.name, email };
  return app.services.store.createCase(buildNewCase({ title: 'VPN drops', intakeChannel: 'slack', user }));
}

/** Posts a signed event and waits for its work (and the moves it started). */
async function sendEvent(app: App, base: string, id: string, event: Record<string, unknown>): Promise<void> {
  const res = await postSigned(`${base}/slack/events`, slackEvent(id, event));
  expect(res.status).toBe(200);
  for (const t of app.transports) await t.settled?.();
}

/** Jonas opens App Home: the home view the bot published. */
async function jonasHome(app: App, base: string, id: string): Promise<string> {
  const views: string[] = [];
  nock(SLACK_API_ORIGIN)
    .post('/api/views.publish')
    .reply(200, (_uri, body) => {
      views.push(formOf(body)['view'] ?? '');
      return { ok: true };
    });
  await sendEvent(app, base, id, { type: 'app_home_opened', user: jonas.id, tab: 'home' });
  expect(views).toHaveLength(1);
  return views[0]!;
}

/** What App Home shows staff only: their group's queue. */
const QUEUE = 'Queue: ARTS Support';
const changedTo = (email: string) => (usersInfoBody({ ...jonas, email }) as { user: object }).user;

describe("Slack: a staff member's changed address that the catalogue names by the former one", () => {
  it('is held back: he keeps the former address and his staff rights, the operator is warned once', async () => {
    const lines: Record<string, unknown>[] = [];
    const { app, base } = await startSlackApp(await dirs.make(), collecting(lines));
    await jonasKnown(app);
    const c = await caseBy(app, OLD);
    expect(await jonasHome(app, base, 'EvHome1')).toContain(QUEUE);

    await sendEvent(app, base, 'EvChange1', { type: 'user_change', user: changedTo(NEW) });
    await sendEvent(app, base, 'EvChange2', { type: 'user_change', user: changedTo(NEW) });

    expect(await app.services.store.getRef(USER_CACHE_REF, jonas.id)).toMatchObject({
      person: { email: OLD },
      heldEmail: NEW,
    });
    expect(await app.services.store.getRef(USER_CACHE_REF, jonas.id)).not.toHaveProperty('movingFrom');
    expect((await app.services.store.getCase(c.id))?.user.id).toBe(`email:${OLD}`);
    // Still staff: App Home shows his groups' queue.
    expect(await jonasHome(app, base, 'EvHome2')).toContain(QUEUE);
    const warned = lines.filter((l) => String(l['msg']).startsWith("Slack: a staff member's address changed"));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ personId: `slack:${jonas.id}`, groups: ['arts-support'] });
    // Names no address.
    expect(JSON.stringify(warned[0])).not.toMatch(/jonas\.(vestergaard|holm)/);

    // What is sent to the new address reaches him: found by it, as him.
    const slack = app.transports.find((t) => t.platform === 'slack')!;
    expect(await slack.directory?.search(NEW)).toEqual([
      expect.objectContaining({ id: `slack:${jonas.id}`, email: NEW }),
    ]);
  });

  it('is taken, with his cases, once the catalogue names the new address (at the next start)', async () => {
    const dataDir = await dirs.make();
    const first = await startSlackApp(dataDir, createLogger('silent'));
    await jonasKnown(first.app);
    const c = await caseBy(first.app, OLD);
    await sendEvent(first.app, first.base, 'EvChange3', { type: 'user_change', user: changedTo(NEW) });
    expect((await first.app.services.store.getCase(c.id))?.user.id).toBe(`email:${OLD}`);
    await first.app.stop();
    running = undefined;

    // The operator puts the new address into the catalogue and starts the bot again.
    const shipped = await readFile(new URL('../../../config/catalogue.yaml', import.meta.url), 'utf8');
    const catalogue = path.join(dataDir, 'catalogue.yaml');
    await writeFile(catalogue, shipped.replaceAll(OLD, NEW));
    const { app, base } = await startSlackApp(dataDir, createLogger('silent'), catalogue);
    expect(await jonasHome(app, base, 'EvHome3')).toContain(QUEUE);
    for (const t of app.transports) await t.settled?.();
    expect(await app.services.store.getRef(USER_CACHE_REF, jonas.id)).toMatchObject({ person: { email: NEW } });
    expect(await app.services.store.getRef(USER_CACHE_REF, jonas.id)).not.toHaveProperty('heldEmail');
    expect((await app.services.store.getCase(c.id))?.user).toMatchObject({ id: `email:${NEW}`, email: NEW });
  });
});

describe('Slack: a message to the former address of someone whose cases are still being moved', () => {
  it('reaches him in his DM', async () => {
    const { app } = await startSlackApp(await dirs.make(), createLogger('silent'));
    // Jonas's address changed; the move of his cases from the former one is not done yet.
    await jonasKnown(app, NEW, OLD);
    const dm: string[] = [];
    nock(SLACK_API_ORIGIN)
      .persist()
      // Slack no longer knows the former address.
      .post('/api/users.lookupByEmail')
      .reply(200, { ok: false, error: 'users_not_found' })
      .post('/api/conversations.open', (b) => formOf(b)['users'] === jonas.id)
      .reply(200, { ok: true, channel: { id: 'D0JONAS' } })
      .post('/api/chat.postMessage', (b) => formOf(b)['channel'] === 'D0JONAS')
      .reply(200, (_uri, body) => {
        dm.push(formOf(body)['text'] ?? '');
        return { ok: true, channel: 'D0JONAS', ts: '1.1' };
      });
    const person = { id: `email:${OLD}`, name: jonas.name, email: OLD };
    await app.services.store.enqueueOutbox([
      draft('held:ping', { kind: 'send_person', person, view: { kind: 'message', locale: 'en', text: 'Ping' } }),
    ]);
    await app.services.dispatcher.runOnce();
    expect(dm.join('\n')).toContain('Ping');
    const [sent] = (await app.services.store.listOutbox({ limit: 10 })).filter((m) => m.key === 'held:ping');
    expect(sent?.state).toBe('sent');
  });
});

describe('the Slack app manifest', () => {
  it('subscribes to team_join, which makes an address Slack lately knew nobody by looked up again', async () => {
    const manifest = await readFile(new URL('../../../manifest/slack/manifest.yml', import.meta.url), 'utf8');
    expect(manifest).toMatch(/^\s+- team_join\b/m);
  });
});
