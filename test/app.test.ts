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
import { buildNewCase } from './helpers/case-builder.js';
import { people } from './helpers/people.js';
import { formOf, jsonField, slackUsers, usersInfoBody } from './helpers/slack-harness.js';
import { caseButtonClick } from './helpers/slack-requests.js';
import { postSigned, TEST_SIGNING_SECRET } from './helpers/slack-signer.js';
import { ANNA, anActionInvoke, aPersonalMessage } from './helpers/teams-activities.js';
import { tempDirs } from './helpers/temp-dir.js';
import { loopbackOnly } from './helpers/loopback-only.js';

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

/** Deliveries in the test's thread, where nock fakes Teams and Slack (nock cannot see a worker thread). */
function baseEnv(dataDir: string): Record<string, string> {
  return { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', OUTBOX_DELIVERY: 'inline' };
}

loopbackOnly();
afterAll(async () => {
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
    // Where anonymous Teams can be reached from: the address it listens on, loopback here.
    expect(started?.msg).toContain(`listening on 127.0.0.1:${app.http.port}`);
    expect(started?.msg).toContain('listening on 127.0.0.1: reachable from this machine only');
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

describe('startApp wiring of major incidents and equipment orders', () => {
  let app: RunningApp;
  let base: string;
  const SUMMARY = { da: 'Eduroam er nede på hele campus', en: 'Eduroam is down across campus' };

  beforeAll(async () => {
    const config = loadConfig({
      ...baseEnv(await dirs.make()),
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
    });
    app = await startApp(config, {
      logger: createLogger('silent'),
      transports: defaultTransports(config, {
        slackApiUrl: SLACK_API,
        teamsServiceUrl: SERVICE_URL,
        slackIdentity: { botId: 'B01', botUserId: 'U0BOT' },
      }),
    });
    base = `http://127.0.0.1:${app.http.port}`;
  });
  afterAll(async () => {
    await app.stop();
  });

  /** Slack's Web API: users.info knows the fixture users; every other call is answered ok and recorded. */
  function slackApi(): { path: string; body: Record<string, string> }[] {
    const calls: { path: string; body: Record<string, string> }[] = [];
    for (const u of Object.values(slackUsers)) {
      nock('https://slack.test')
        .post('/api/users.info', (b) => formOf(b)['user'] === u.id)
        .reply(200, usersInfoBody(u))
        .persist();
    }
    nock('https://slack.test')
      .post(/\/api\/.*/)
      .reply(200, (path, body) => {
        calls.push({ path, body: formOf(body) });
        return { ok: true, channel: 'C0ANY', ts: '1700000000.000900', view: { id: 'V0ORDER' } };
      })
      .persist();
    return calls;
  }

  /** Teams' connector: records the activities the bot sends. */
  function teamsConnector(): { path: string; body: unknown }[] {
    const sent: { path: string; body: unknown }[] = [];
    nock('https://smba.test')
      .post(/\/activities/)
      .reply(200, (path, body) => {
        sent.push({ path, body });
        return { id: `sent-${sent.length}` };
      })
      .persist();
    return sent;
  }

  async function postTeams(activity: unknown): Promise<Response> {
    return fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  }

  it('opens the order form on Slack "/incident order" and hands its submission to the order engine', async () => {
    const calls = slackApi();
    const res = await postSigned(`${base}/slack/events`, {
      kind: 'form',
      fields: {
        command: '/incident',
        text: 'order',
        user_id: slackUsers.anna.id,
        user_name: 'anna',
        channel_id: 'D0ANNA',
        team_id: 'T1',
        trigger_id: 'trigger-order',
        response_url: 'https://hooks.slack.test/commands/2',
      },
    });
    expect(res.status).toBe(200);
    await expect.poll(() => calls.some((c) => c.path === '/api/views.open'), { timeout: 5000 }).toBe(true);
    const opened = calls.find((c) => c.path === '/api/views.open')!;
    expect(opened.body['trigger_id']).toBe('trigger-order');
    const modal = jsonField<{
      callback_id: string;
      private_metadata: string;
      title: { text: string };
      blocks: { block_id?: string }[];
    }>(opened.body, 'view');
    expect(modal.title.text).toBe('Order equipment');
    expect(JSON.parse(modal.private_metadata).submit).toEqual({ verb: 'order_items', draft: expect.any(String) });
    const qty = modal.blocks.map((b) => b.block_id).find((id) => id?.startsWith('qty.'));
    expect(qty).toBeDefined();

    const submitted = await postSigned(`${base}/slack/events`, {
      kind: 'interactive',
      payload: {
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: slackUsers.anna.id, name: 'anna' },
        api_app_id: 'A0APP',
        trigger_id: 'trigger-submit',
        view: {
          id: 'V0ORDER',
          type: 'modal',
          callback_id: modal.callback_id,
          private_metadata: modal.private_metadata,
          hash: 'h1',
          state: { values: { [qty!]: { [qty!]: { type: 'number_input', value: '2' } } } },
        },
      },
    });
    const ack = (await submitted.json()) as {
      response_action: string;
      view: { private_metadata: string; blocks: { block_id?: string }[] };
    };
    // The order engine took the items and moved on to the details step (delivery, cost centre).
    expect(ack.response_action).toBe('update');
    expect(JSON.parse(ack.view.private_metadata).submit).toEqual({ verb: 'order_details', draft: expect.any(String) });
    expect(ack.view.blocks.map((b) => b.block_id)).toContain('costCentre');
    expect(await app.services.orders.isActive(`slack:modal:${slackUsers.anna.id}`)).toBe(true);
  });

  it('declares a major incident when staff click declare_major on a Slack case card', async () => {
    slackApi();
    const c = await app.services.store.createCase(
      buildNewCase({ categoryId: 'wifi-eduroam', groupId: 'arts-support', ownerGroupId: 'arts-support' }),
    );
    const action = {
      verb: 'declare_major',
      caseId: c.id,
      version: c.version,
      summaryDa: SUMMARY.da,
      summaryEn: SUMMARY.en,
    };
    const res = await postSigned(
      `${base}/slack/events`,
      caseButtonClick({ id: slackUsers.jonas.id, name: 'jonas' }, action),
    );
    expect(res.status).toBe(200);
    await expect
      .poll(async () => (await app.services.store.getCase(c.id))?.major?.summary, { timeout: 5000 })
      .toEqual(SUMMARY);
    expect((await app.services.majors.openMajors('wifi-eduroam')).map((m) => m.id)).toContain(c.id);
  });

  it('answers a Teams Action.Execute order_start with the order form card', async () => {
    teamsConnector();
    const res = await postTeams(anActionInvoke(ANNA, { verb: 'order_start' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { statusCode: number; value: { type: string } };
    expect(body.statusCode).toBe(200);
    expect(body.value.type).toBe('AdaptiveCard');
    const card = JSON.stringify(body.value);
    expect(card).toContain('qty.laptop-thinkpad-t14-g5');
    expect(card).toContain('order_items');
  });

  it('offers to join the open major incident when a Teams user picks its category at intake', async () => {
    slackApi();
    const sent = teamsConnector();
    const parent = await app.services.store.createCase(
      buildNewCase({ categoryId: 'wifi-eduroam', groupId: 'arts-support', ownerGroupId: 'arts-support' }),
    );
    const declared = await app.services.majors.declare(people.jonas, parent.number, SUMMARY);
    expect(declared.ok).toBe(true);
    const carl = { id: '29:carl', aadObjectId: 'aad-carl', name: 'Carl Holm' };
    expect((await postTeams(aPersonalMessage(carl, 'My laptop cannot reach the internet in the library'))).status).toBe(
      200,
    );
    expect(sent.length).toBeGreaterThan(0);
    const res = await postTeams(anActionInvoke(carl, { verb: 'intake_category', categoryId: 'wifi-eduroam' }));
    const card = JSON.stringify(((await res.json()) as { value: unknown }).value);
    expect(card).toContain(SUMMARY.en);
    expect(card).toContain('intake_join_major');
    expect(card).toContain(parent.id);
  });
});

describe('startApp wiring of stats, admin and major commands in chat', () => {
  let app: RunningApp;
  let base: string;
  const BIRGITTE = { id: 'U0BIRGITTE', name: 'Birgitte Lund', email: 'birgitte.lund@au.dk', locale: 'en-GB' };
  const JONAS_TEAMS = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
  const TEAMS_EMAILS: Record<string, string> = { '29:jonas': people.jonas.email, '29:anna': 'anna.holm@au.dk' };

  beforeAll(async () => {
    const config = loadConfig({
      ...baseEnv(await dirs.make()),
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
    });
    app = await startApp(config, {
      logger: createLogger('silent'),
      transports: defaultTransports(config, {
        slackApiUrl: SLACK_API,
        teamsServiceUrl: SERVICE_URL,
        slackIdentity: { botId: 'B01', botUserId: 'U0BOT' },
      }),
    });
    base = `http://127.0.0.1:${app.http.port}`;
  });
  afterAll(async () => {
    await app.stop();
  });

  /** Slack: users.info for the fixture users and Birgitte (admin); records the slash command answers. */
  function slack(): { responses: unknown[]; calls: { path: string; body: Record<string, string> }[] } {
    const responses: unknown[] = [];
    const calls: { path: string; body: Record<string, string> }[] = [];
    for (const u of [...Object.values(slackUsers), BIRGITTE]) {
      nock('https://slack.test')
        .post('/api/users.info', (b) => formOf(b)['user'] === u.id)
        .reply(200, usersInfoBody(u))
        .persist();
    }
    nock('https://hooks.slack.test')
      .post(/.*/)
      .reply(200, (_path, body) => {
        responses.push(body);
        return 'ok';
      })
      .persist();
    nock('https://slack.test')
      .post(/\/api\/.*/)
      .reply(200, (path, body) => {
        calls.push({ path, body: formOf(body) });
        if (path.endsWith('/files.getUploadURLExternal')) {
          return { ok: true, upload_url: 'https://files.slack.test/upload/v1/abc', file_id: 'F0EXPORT' };
        }
        if (path.endsWith('/conversations.open')) return { ok: true, channel: { id: 'D0BIRGITTE' } };
        if (path.endsWith('/files.completeUploadExternal')) return { ok: true, files: [{ id: 'F0EXPORT' }] };
        return { ok: true, channel: 'C0ANY', ts: '1700000000.000900' };
      })
      .persist();
    return { responses, calls };
  }

  function slashCommand(user: { id: string }, text: string) {
    return postSigned(`${base}/slack/events`, {
      kind: 'form',
      fields: {
        command: '/incident',
        text,
        user_id: user.id,
        user_name: 'someone',
        channel_id: 'C0SOMEWHERE',
        team_id: 'T1',
        trigger_id: 'trigger-1',
        response_url: 'https://hooks.slack.test/commands/7',
      },
    });
  }

  /** Teams: member e-mails for the staff lookup; records what the bot sends. */
  function teams(): unknown[] {
    const sent: unknown[] = [];
    nock('https://smba.test')
      .get(/\/members\/.+/)
      .reply((uri) => {
        const id = decodeURIComponent(uri.split('/members/')[1] ?? '');
        const email = TEAMS_EMAILS[id];
        return email ? [200, { id, email, userPrincipalName: email }] : [404, {}];
      })
      .persist();
    nock('https://smba.test')
      .post(/\/activities/)
      .reply(200, (_path, body) => {
        sent.push(body);
        return { id: `sent-${sent.length}` };
      })
      .persist();
    return sent;
  }

  function postTeams(activity: unknown): Promise<Response> {
    return fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  }

  async function turnCount(platform: 'teams' | 'slack'): Promise<number> {
    const text = await (await fetch(`${base}/metrics`)).text();
    const m = new RegExp(`^bot_turns_total\\{platform="${platform}"\\} (\\d+)`, 'm').exec(text);
    return Number(m?.[1] ?? Number.NaN);
  }

  it('answers Slack "/incident stats" with the figures for staff and with the refusal for others', async () => {
    const { responses } = slack();
    expect((await slashCommand(slackUsers.jonas, 'stats arts-support week')).status).toBe(200);
    await expect.poll(() => responses.length, { timeout: 5000 }).toBe(1);
    const figures = JSON.stringify(responses[0]);
    expect(figures).toContain('Figures for ARTS Support');
    expect(figures).toContain('Open cases now');

    expect((await slashCommand(slackUsers.anna, 'stats')).status).toBe(200);
    await expect.poll(() => responses.length, { timeout: 5000 }).toBe(2);
    const refused = JSON.stringify(responses[1]);
    expect(refused).toContain('Figures are for support staff only');
    expect(refused).not.toContain('Open cases now');

    expect((await slashCommand(slackUsers.jonas, 'stats arts-support week month')).status).toBe(200);
    await expect.poll(() => responses.length, { timeout: 5000 }).toBe(3);
    expect(JSON.stringify(responses[2])).toContain('/incident stats [group] [period]');
  });

  it('uploads an admin export as a JSON file to the admin DM and refuses a non-admin on Slack', async () => {
    const { responses, calls } = slack();
    await app.services.store.createCase(buildNewCase({ user: people.anna, reporter: people.anna }));
    let uploaded = '';
    nock('https://files.slack.test')
      .post('/upload/v1/abc')
      .reply(200, (_path, body) => {
        uploaded = typeof body === 'string' ? body : JSON.stringify(body);
        return 'OK';
      });

    expect((await slashCommand(slackUsers.jonas, `admin export ${people.anna.email}`)).status).toBe(200);
    await expect.poll(() => responses.length, { timeout: 5000 }).toBe(1);
    expect(JSON.stringify(responses[0])).toContain('Only data-protection admins');
    expect(calls.some((c) => c.path.includes('files.'))).toBe(false);

    expect((await slashCommand(BIRGITTE, `admin export ${people.anna.email}`)).status).toBe(200);
    await expect.poll(() => responses.length, { timeout: 5000 }).toBe(3);
    expect(JSON.stringify(responses[1])).toContain(`Data export for ${people.anna.email}`);
    expect(JSON.stringify(responses[2])).toContain(`export-${people.anna.email}.json`);
    const complete = calls.find((c) => c.path.endsWith('/files.completeUploadExternal'));
    expect(complete?.body['channel_id']).toBe('D0BIRGITTE');
    // The upload is multipart form data with the file as its one part.
    const data = JSON.parse(uploaded.slice(uploaded.indexOf('{'), uploaded.lastIndexOf('}') + 1)) as {
      query: string;
      cases: { case: { user: { email: string } } }[];
    };
    expect(data.query).toBe(people.anna.email);
    expect(data.cases.length).toBeGreaterThan(0);
    expect(data.cases[0]?.case.user.email).toBe(people.anna.email);
  });

  it('replies to a Teams "stats" message from staff with the stats card and counts the turn', async () => {
    const sent = teams();
    const before = await turnCount('teams');
    expect((await postTeams(aPersonalMessage(JONAS_TEAMS, 'stats'))).status).toBe(200);
    expect(await turnCount('teams')).toBe(before + 1);
    expect(sent).toHaveLength(1);
    const card = JSON.stringify(sent[0]);
    expect(card).toContain('AdaptiveCard');
    expect(card).toContain('Figures for all groups');
    expect(card).toContain('Open cases now');
  });

  it('declares a major incident from a Teams "major declare" message by staff and answers with the case card', async () => {
    const sent = teams();
    const c = await app.services.store.createCase(
      buildNewCase({ categoryId: 'wifi-eduroam', groupId: 'arts-support', ownerGroupId: 'arts-support' }),
    );
    const text = `major declare ${c.number} Eduroam is down in the Nobel Park buildings`;
    expect((await postTeams(aPersonalMessage(JONAS_TEAMS, text))).status).toBe(200);
    const stored = await app.services.store.getCase(c.id);
    expect(stored?.major?.summary.en).toBe('Eduroam is down in the Nobel Park buildings');
    const reply = JSON.stringify(sent.at(-1));
    expect(reply).toContain(c.number);
    expect(reply).toContain('AdaptiveCard');
  });

  it('counts Slack turns in bot_turns_total', async () => {
    const { responses } = slack();
    const before = await turnCount('slack');
    expect((await slashCommand(slackUsers.anna, 'help')).status).toBe(200);
    await expect.poll(() => responses.length, { timeout: 5000 }).toBe(1);
    expect(await turnCount('slack')).toBe(before + 1);
    // Typing in a searched menu (one options request per keystroke) is not a turn.
    const typing = await postSigned(`${base}/slack/events`, {
      kind: 'form',
      fields: {
        payload: JSON.stringify({
          type: 'block_suggestion',
          user: { id: slackUsers.jonas.id, name: 'jonas' },
          team: { id: 'T1' },
          action_id: 'assign',
          block_id: 'case|unknown|1|menus',
          value: 'an',
        }),
      },
    });
    expect(typing.status).toBe(200);
    expect(await typing.json()).toEqual({ options: [] });
    expect(await turnCount('slack')).toBe(before + 1);
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
