import { BusinessCalendar } from '../src/models/business-calendar.js';
import type { BenchRow } from './run.js';
import { startBareTeamsBot } from './support/bare-teams.js';
import { BENCH_STAFF, startBenchApp, staffTeamsId } from './support/bench-app.js';
import { type Latency, measureLatency, sideBySide } from './support/load.js';
import { benchCase } from './support/new-case.js';

/** 1 000 a series, so a p99 is the 10th slowest rather than the 4th. */
const REQUESTS = Number(process.env.BENCH_TEAMS_REQUESTS ?? 1_000);
const WARM_UP = 100;
const ROUNDS = 2;
const TARGET = 1.5;
const TENANT = 'tenant-bench';
/** The ARTS desk's channel in config/catalogue.yaml. */
const ARTS_CHANNEL = '19:arts-support@thread.tacv2';

let seq = 0;
function activityBase(serviceUrl: string, from: string, conversation: Record<string, unknown>) {
  seq += 1;
  return {
    id: `act-${seq}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from: { id: from, aadObjectId: `aad-${from}`, name: from },
    recipient: { id: '28:bench-bot', name: 'Incident bot' },
    conversation,
    channelData: { tenant: { id: TENANT } },
  };
}

/**
 * A message in a user's personal chat; the default text, as a first message, starts an intake (the bot proposes
 * categories and asks which).
 */
function personalMessage(serviceUrl: string, user: string, text = 'The Wi-Fi in building 1485 drops') {
  const conversation = { id: `a:personal-${user}`, conversationType: 'personal', tenantId: TENANT };
  return { ...activityBase(serviceUrl, user, conversation), type: 'message', text };
}

/** A typing indicator in a personal chat (neither bot answers it). */
function typing(serviceUrl: string, user: string) {
  const conversation = { id: `a:personal-${user}`, conversationType: 'personal', tenantId: TENANT };
  return { ...activityBase(serviceUrl, user, conversation), type: 'typing' };
}

/** `Action.Execute` of the claim button on a case's channel card. */
function claimInvoke(serviceUrl: string, staff: string, caseId: string, version: number) {
  const conversation = {
    id: `${ARTS_CHANNEL};messageid=1700000000001`,
    conversationType: 'channel',
    isGroup: true,
    tenantId: TENANT,
  };
  const data = { verb: 'claim', caseId, version };
  return {
    ...activityBase(serviceUrl, staff, conversation),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: '1700000000001',
    value: { action: { type: 'Action.Execute', verb: 'claim', data }, trigger: 'manual' },
    channelData: { tenant: { id: TENANT }, team: { id: '19:arts-it@thread.tacv2' }, channel: { id: ARTS_CHANNEL } },
  };
}

async function post(url: string, activity: object): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

function rows(label: string, c: number, ours: Latency, bare: Latency): BenchRow[] {
  const target = `<= ${TARGET}x bare`;
  return [
    {
      name: `teams: ${label}, concurrency ${c}, p50`,
      value: ours.p50,
      unit: 'ms',
      baseline: bare.p50,
      target,
      pass: ours.p50 <= TARGET * bare.p50,
    },
    {
      name: `teams: ${label}, concurrency ${c}, p99`,
      value: ours.p99,
      unit: 'ms',
      baseline: bare.p99,
      target,
      pass: ours.p99 <= TARGET * bare.p99,
    },
    {
      name: `teams: ${label}, concurrency ${c}, CPU per request`,
      value: ours.cpuMs,
      unit: 'ms',
      baseline: bare.cpuMs,
    },
    ...(c === 1 && ours.callsPerRequest !== undefined && bare.callsPerRequest !== undefined
      ? [
          {
            name: `teams: ${label}, connector calls per request (in the window)`,
            value: ours.callsPerRequest,
            unit: '',
            baseline: bare.callsPerRequest,
          },
        ]
      : []),
  ];
}

/**
 * Teams turn latency through the whole bot (express → JWT middleware (anonymous) → CloudAdapter → TeamsBot →
 * services → SQLite → reply to the connector) against a bare Agents SDK echo bot, both talking to the same local
 * mock connector, at concurrency 1 and 50. Three turns: the first message of an intake (a new user each time:
 * member lookup, conversation state written, first question sent), an answer inside a running intake (the
 * category question answered with "1": state read, checked and written, next question sent) and a claim
 * (Action.Execute on a registered case by a different staff member each time: versioned store write with outbox,
 * fresh card in the invoke response). The series run A/B interleaved, two rounds, the better round of each counted.
 */
export async function run(): Promise<BenchRow[]> {
  const bench = await startBenchApp();
  const bare = await startBareTeamsBot();
  try {
    const { store, catalogue } = bench.app.services;
    const calendar = BusinessCalendar.fromConfig(catalogue.catalogue.calendar, 'Europe/Copenhagen');
    const ours = `${bench.base}/api/messages`;
    const serviceUrl = bench.connector.serviceUrl;
    const out: BenchRow[] = [];
    let user = 0;
    let staff = 0;
    let claimed = 0;

    // Cases to claim: one per measured and warm-up claim of every round.
    const perSeries = REQUESTS + WARM_UP;
    const cases: { id: string; version: number }[] = [];
    const createdAt = new Date().toISOString();
    // c1 and c50, plus the paused-outbox series at c1.
    for (let i = 0; i < perSeries * ROUNDS * 3; i++) {
      const c = await store.createCase(benchCase(i, createdAt, catalogue, calendar));
      cases.push({ id: c.id, version: c.version });
    }
    let nextCase = 0;

    for (const concurrency of [1, 50]) {
      // The load generator's connections to each bot, opened before any timed series: opening ~50 at once (in this
      // one process, and more as requests race for them) took 100–400 ms, and landed in whichever side's first
      // round came first — the echo's second round still opened some (its first-message p99 at 50 was 125 ms in
      // one run). A typing activity from one person: neither bot answers it.
      for (const url of [ours, bare.url]) {
        await measureLatency(() => post(url, typing(serviceUrl, '29:pool-warmer')).then(() => undefined), {
          requests: 10 * concurrency,
          concurrency,
          warmUp: 0,
        });
      }
      const calls = async () => Object.values(await bench.connector.counts()).reduce((a, b) => a + b, 0);
      const opts = { requests: REQUESTS, concurrency, warmUp: WARM_UP, calls };
      const [intake, bareMessage] = await sideBySide(
        () =>
          measureLatency(
            () => post(ours, personalMessage(serviceUrl, `29:intake-${user++}`)).then(() => undefined),
            opts,
          ).finally(() => bench.settle()),
        () =>
          measureLatency(
            () => post(bare.url, personalMessage(serviceUrl, `29:bare-${user++}`)).then(() => undefined),
            opts,
          ),
        ROUNDS,
      );
      out.push(...rows('intake first message (new person) vs echo', concurrency, intake, bareMessage));

      // A step inside a running intake: the person answers the category question by typing "1" (the first
      // proposal). Their conversations are started beforehand, untimed; the echo bot gets the same text.
      const answering: string[] = [];
      // (+100: the load generator skips up to one request per worker at each phase.)
      const toStart = (REQUESTS + WARM_UP) * ROUNDS + 100;
      await measureLatency(
        async () => {
          const who = `29:answer-${user++}`;
          await post(ours, personalMessage(serviceUrl, who));
          answering.push(who);
        },
        { requests: toStart, concurrency: 10, warmUp: 0 },
      );
      await bench.settle();
      let nextAnswer = 0;
      const [answer, bareAnswer] = await sideBySide(
        () =>
          measureLatency(async () => {
            const who = answering[nextAnswer++];
            if (!who) throw new Error('ran out of started intakes');
            await post(ours, personalMessage(serviceUrl, who, '1'));
          }, opts).finally(() => bench.settle()),
        () =>
          measureLatency(
            () => post(bare.url, personalMessage(serviceUrl, `29:bare-${user++}`, '1')).then(() => undefined),
            opts,
          ),
        ROUNDS,
      );
      out.push(...rows('intake answer (a step in a running intake) vs echo', concurrency, answer, bareAnswer));
      const answered = answering[0];
      const moved = answered ? await store.getConversation(`teams:a:personal-${answered}:aad-${answered}`) : null;
      const step = (moved?.state as { step?: string } | undefined)?.step;
      if (step === undefined || step === 'category') {
        throw new Error(
          `the answer "1" did not move the intake on (step ${step ?? 'none'}): the series measured no step`,
        );
      }

      const ourClaims = () =>
        measureLatency(async () => {
          const c = cases[nextCase++];
          if (!c) throw new Error('ran out of bench cases');
          const body = await post(ours, claimInvoke(serviceUrl, staffTeamsId(staff++ % BENCH_STAFF), c.id, c.version));
          if (!body.includes('AdaptiveCard')) throw new Error(`claim answered without a card: ${body.slice(0, 200)}`);
          claimed++;
        }, opts);
      const bareClaims = () =>
        measureLatency(
          () => post(bare.url, claimInvoke(serviceUrl, `29:bare-${user++}`, 'x', 1)).then(() => undefined),
          opts,
        );
      const [claim, bareInvoke] = await sideBySide(() => ourClaims().finally(() => bench.settle()), bareClaims, ROUNDS);
      out.push(...rows('card action claim vs echo invoke', concurrency, claim, bareInvoke));
      if (concurrency === 1) {
        // Diagnostic, no target: the claim's own request path, with the outbox paused during the series (the
        // card updates and messages it leaves are delivered afterwards, untimed) — what the clicker waits for
        // when no other delivery shares the event loop.
        const { dispatcher } = bench.app.services;
        const [paused, bareAgain] = await sideBySide(
          async () => {
            await dispatcher.stop();
            try {
              return await ourClaims();
            } finally {
              dispatcher.start();
              await bench.settle();
            }
          },
          bareClaims,
          ROUNDS,
        );
        const label = 'teams: claim with the outbox paused (request path only) vs echo invoke, concurrency 1';
        out.push(
          { name: `${label}, p50`, value: paused.p50, unit: 'ms', baseline: bareAgain.p50 },
          { name: `${label}, CPU per request`, value: paused.cpuMs, unit: 'ms', baseline: bareAgain.cpuMs },
        );
      }
    }
    const first = cases[0] ? await store.getCase(cases[0].id) : null;
    if (!first?.assignee) throw new Error('the first claimed case has no assignee: the claims did not go through');
    console.error(
      `  teams: ${claimed} claims answered with a card; connector saw ${JSON.stringify(await bench.connector.counts())}`,
    );
    return out;
  } finally {
    await bare.close();
    await bench.close();
  }
}
