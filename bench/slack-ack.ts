import { createHmac } from 'node:crypto';
import { caseBlockId } from '../src/cards/slack/slack-action-payload.js';
import { BusinessCalendar } from '../src/models/business-calendar.js';
import type { BenchRow } from './run.js';
import { startBareSlackApp } from './support/bare-slack.js';
import { BENCH_SIGNING_SECRET, BENCH_STAFF, staffSlackId, startBenchApp } from './support/bench-app.js';
import { type Latency, measureLatency, sideBySide } from './support/load.js';
import { benchCase } from './support/new-case.js';

/** 2 000 a series: a p99 of 400 (their 4th slowest) moved by ±0.4× between identical runs. */
const REQUESTS = Number(process.env.BENCH_SLACK_REQUESTS ?? 2_000);
const WARM_UP = 100;
const ROUNDS = 2;
const CONCURRENCY = 10;
const TARGET = 1.5;
/** Slack's deadline for an acknowledgement. */
const SLACK_DEADLINE_MS = 3000;

/** Posts a form body signed the way Slack signs it (v0 HMAC-SHA256 of `v0:<ts>:<body>`); throws unless 200. */
async function postSigned(url: string, form: Record<string, string>): Promise<void> {
  const body = new URLSearchParams(form).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', BENCH_SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
    body,
  });
  await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
}

/**
 * A slash command as Slack posts it. `responseUrl` is where `respond()` posts the answer: the mock connector for
 * our bot, so the reply is a real HTTP round trip as with Slack's hooks URL (a refused port would make every
 * answer a cheap connection error instead); the bare app never responds.
 */
function slash(command: string, user: string, text: string, responseUrl: string): Record<string, string> {
  return {
    command,
    text,
    user_id: user,
    user_name: user,
    channel_id: `D${user}`,
    team_id: 'T0AU',
    trigger_id: `trigger-${user}`,
    response_url: responseUrl,
  };
}

function claimClick(user: string, caseId: string, version: number): Record<string, string> {
  const action = { verb: 'claim', caseId, version };
  const payload = {
    type: 'block_actions',
    team: { id: 'T0AU' },
    user: { id: user, name: user },
    api_app_id: 'A0APP',
    trigger_id: `trigger-${user}`,
    container: { type: 'message', channel_id: 'C0ARTSSUP', message_ts: '1700000000.000100' },
    channel: { id: 'C0ARTSSUP', name: 'arts-support' },
    message: { ts: '1700000000.000100', text: 'case' },
    actions: [
      {
        type: 'button',
        action_id: 'claim',
        block_id: caseBlockId(caseId, version, 'actions'),
        value: JSON.stringify(action),
        action_ts: '1',
      },
    ],
  };
  return { payload: JSON.stringify(payload) };
}

function rows(label: string, ours: Latency, bare: Latency): BenchRow[] {
  return [
    { name: `slack: ${label} ack, p50`, value: ours.p50, unit: 'ms', baseline: bare.p50 },
    {
      name: `slack: ${label} ack, p99`,
      value: ours.p99,
      unit: 'ms',
      baseline: bare.p99,
      target: `<= ${TARGET}x bare, < ${SLACK_DEADLINE_MS} ms`,
      pass: ours.p99 <= TARGET * bare.p99 && ours.p99 < SLACK_DEADLINE_MS,
    },
    {
      name: `slack: ${label}, CPU per request (work after the ack included)`,
      value: ours.cpuMs,
      unit: 'ms',
      baseline: bare.cpuMs,
    },
    ...(ours.callsPerRequest !== undefined && bare.callsPerRequest !== undefined
      ? [
          {
            name: `slack: ${label}, Web API calls per request (work after the ack included)`,
            value: ours.callsPerRequest,
            unit: '',
            baseline: bare.callsPerRequest,
          },
        ]
      : []),
  ];
}

/**
 * Slack acknowledgement latency (HTTP 200 to Slack) through the whole bot against a bare Bolt app with the same
 * receiver kind and signing, at concurrency 10, signed requests: `/incident help` and a claim button click on a
 * registered case (a different staff member each time). Our work after the ack (the reply, the claim, card
 * updates through the outbox) keeps running in the same process, as it would in production.
 */
export async function run(): Promise<BenchRow[]> {
  const bench = await startBenchApp();
  const command = bench.app.services.config.slack.command;
  const bare = await startBareSlackApp(BENCH_SIGNING_SECRET, command);
  try {
    const { store, catalogue } = bench.app.services;
    const calendar = BusinessCalendar.fromConfig(catalogue.catalogue.calendar, 'Europe/Copenhagen');
    const ours = `${bench.base}/slack/events`;
    const responseUrl = `${bench.connector.serviceUrl}hooks/commands/1`;
    const createdAt = new Date().toISOString();
    const cases: { id: string; version: number }[] = [];
    for (let i = 0; i < (REQUESTS + WARM_UP) * ROUNDS; i++) {
      const c = await store.createCase(benchCase(i, createdAt, catalogue, calendar));
      cases.push({ id: c.id, version: c.version });
    }
    let user = 0;
    let staff = 0;
    let next = 0;
    const calls = async () => Object.values(await bench.connector.counts()).reduce((a, b) => a + b, 0);
    const opts = { requests: REQUESTS, concurrency: CONCURRENCY, warmUp: WARM_UP, calls };
    // Our series count the work after each ack (it may run after the last ack); the bare app has none.
    const ourOpts = { ...opts, drain: () => bench.requestsDone() };
    const [help, bareHelp] = await sideBySide(
      () =>
        measureLatency(() => postSigned(ours, slash(command, `UUSER${user++}`, 'help', responseUrl)), ourOpts).finally(
          () => bench.settle(),
        ),
      () => measureLatency(() => postSigned(bare.url, slash(command, `UUSER${user++}`, 'help', responseUrl)), opts),
      ROUNDS,
    );
    const [claim, bareClick] = await sideBySide(
      () =>
        measureLatency(() => {
          const c = cases[next++];
          if (!c) throw new Error('ran out of bench cases');
          return postSigned(ours, claimClick(staffSlackId(staff++ % BENCH_STAFF), c.id, c.version));
        }, ourOpts).finally(() => bench.settle()),
      () => measureLatency(() => postSigned(bare.url, claimClick(`UBARE${user++}`, 'x', 1)), opts),
      ROUNDS,
    );
    // Let the work after the acks finish, then check the claims really happened.
    await new Promise((r) => setTimeout(r, 2000));
    const first = cases[0] ? await store.getCase(cases[0].id) : null;
    if (!first?.assignee) throw new Error('the first clicked case has no assignee: the claims did not go through');
    return [...rows(`${command} help`, help, bareHelp), ...rows('claim button', claim, bareClick)];
  } finally {
    await bare.close();
    await bench.close();
  }
}
