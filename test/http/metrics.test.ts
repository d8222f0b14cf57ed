import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/http/metrics.js';
import { type RunningServer, startHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { buildNewCase } from '../helpers/case-builder.js';

/** One sample of Prometheus' text format: name, labels and value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the exposition text (comments skipped); throws on a line that is not a sample. */
function parseProm(text: string): Sample[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

let running: RunningServer | undefined;
let store: SqliteCaseStore | undefined;
afterEach(async () => {
  await running?.close(1000);
  await store?.close();
  running = undefined;
});

describe('createMetrics', () => {
  it('exposes latency per route, turns, outbox, dead letters and cases by status when scraped over HTTP', async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    const clock = new ManualClock('2025-04-01T10:00:00.000Z');
    await store.createCase(buildNewCase({ status: 'registered' }));
    await store.createCase(buildNewCase({ status: 'registered' }));
    await store.createCase(buildNewCase({ status: 'closed' }));
    await store.enqueueOutbox([{ key: 'k1', kind: 'send_person', payload: {} }]);
    const [first] = await store.claimOutbox('9999-01-01T00:00:00.000Z', 'w', 60_000, 10);
    await store.deadOutbox(first!.id, 'w', 'gone');
    await store.enqueueOutbox([{ key: 'k2', kind: 'send_person', payload: {} }]);
    // The pending message is 90 s old at scrape time.
    const [pending] = await store.listOutbox({ state: 'pending' });
    clock.set(new Date(Date.parse(pending!.createdAt) + 90_000));

    const metrics = createMetrics({ store, clock, processMetrics: false });
    metrics.recordTurn('teams');
    metrics.recordTurn('teams');
    metrics.recordTurn('slack');
    metrics.recordSlaBreach('resolution');
    metrics.recordOutboxWorkerEnded();
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('silent'),
      readiness: {},
      mount: (app) => {
        metrics.mount(app);
        app.get('/things/:id', (_req, res) => {
          res.json({ ok: true });
        });
      },
    });
    const base = `http://127.0.0.1:${running.port}`;
    for (const id of ['a', 'b', 'c']) expect((await fetch(`${base}/things/${id}`)).status).toBe(200);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const samples = parseProm(await res.text());

    // Three requests under one route pattern, not three paths.
    expect(
      value(samples, 'http_request_duration_seconds_count', { route: '/things/:id', method: 'GET', status: '200' }),
    ).toBe(3);
    expect(samples.some((s) => s.labels.route === '/things/a')).toBe(false);
    expect(value(samples, 'http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(1);
    expect(value(samples, 'bot_turns_total', { platform: 'teams' })).toBe(2);
    expect(value(samples, 'bot_turns_total', { platform: 'slack' })).toBe(1);
    expect(value(samples, 'sla_breaches_total', { kind: 'resolution' })).toBe(1);
    expect(value(samples, 'sla_breaches_total', { kind: 'response' })).toBe(0);
    expect(value(samples, 'outbox_worker_restarts_total')).toBe(1);
    expect(value(samples, 'outbox_pending_messages')).toBe(1);
    expect(value(samples, 'outbox_dead_letters')).toBe(1);
    expect(value(samples, 'outbox_oldest_pending_age_seconds')).toBe(90);
    expect(value(samples, 'cases_by_status', { status: 'registered' })).toBe(2);
    expect(value(samples, 'cases_by_status', { status: 'closed' })).toBe(1);
    expect(value(samples, 'cases_by_status', { status: 'in_progress' })).toBe(0);
  });

  it('answers 401 without the bearer token and the metrics with it when a token is set', async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    const token = 'scrape-token-0123456789';
    const metrics = createMetrics({ store, clock: new ManualClock('2025-04-01T10:00:00.000Z'), token });
    metrics.recordTurn('slack');
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('silent'),
      readiness: {},
      mount: (app) => metrics.mount(app),
    });
    const url = `http://127.0.0.1:${running.port}/metrics`;
    const bare = await fetch(url);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await bare.text()).not.toContain('bot_turns_total');
    for (const authorization of ['Bearer wrong-token-0123456789', `Basic ${token}`, `Bearer ${token}x`, 'Bearer ']) {
      expect((await fetch(url, { headers: { authorization } })).status).toBe(401);
    }
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(value(parseProm(await ok.text()), 'bot_turns_total', { platform: 'slack' })).toBe(1);
  });
});
