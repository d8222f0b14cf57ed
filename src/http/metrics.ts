import { createHash, timingSafeEqual } from 'node:crypto';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { CASE_STATUSES, type Platform } from '../models/case.js';
import type { CaseStore } from '../models/case-store.js';
import type { KeptFiles } from '../services/attachments.js';
import type { Clock } from '../services/clock.js';

export interface MetricsDeps {
  store: CaseStore;
  clock: Clock;
  /** Add Node's process metrics (CPU, memory, event loop lag); default true. */
  processMetrics?: boolean;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>` (401 otherwise); unset, it is open. */
  token?: string;
}

/** SHA-256 of a text, so that two tokens of any lengths compare in constant time. */
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
function bearerMatches(req: Request, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] !== undefined && timingSafeEqual(digest(m[1]), digest(token));
}

/** The Prometheus side of the app: one registry per app (no global), the `/metrics` route and the hooks. */
export interface Metrics {
  readonly registry: Registry;
  /** Counts one bot turn (a message, card action or command handled) on a platform. */
  recordTurn(platform: Platform): void;
  /** Counts one SLA breach as the sweeper records it. */
  recordSlaBreach(kind: 'response' | 'resolution'): void;
  /** Counts one unexpected end of the outbox delivery worker (it is restarted; see `OutboxThread`). */
  recordOutboxWorkerEnded(): void;
  /** Counts what became of the pictures and files of one message: kept (and their bytes), or refused and why. */
  recordFiles(platform: Platform, result: KeptFiles): void;
  /** Times every request, labelled by its route pattern (never the raw path, so labels stay few). */
  readonly middleware: RequestHandler;
  /** Adds the middleware and `GET /metrics`; call before the transports mount their routes. */
  mount(app: Express): void;
}

/** The route pattern of a handled request (`/reports/:scope/:file`), or `unmatched`. */
function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  return 'unmatched';
}

/**
 * Builds the metrics. Store-backed gauges (outbox depth and oldest age, dead letters, cases by status) are read
 * on each scrape with count queries only, so a scrape costs a handful of indexed counts.
 */
export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry();
  if (deps.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const turns = new Counter({
    name: 'bot_turns_total',
    help: 'Bot turns handled (messages, commands, card actions; not typeahead searches), per chat platform',
    labelNames: ['platform'] as const,
    registers,
  });
  const breaches = new Counter({
    name: 'sla_breaches_total',
    help: 'SLA breaches recorded by the sweeper, per kind',
    labelNames: ['kind'] as const,
    registers,
  });
  const workerEnds = new Counter({
    name: 'outbox_worker_restarts_total',
    help: 'Times the outbox delivery worker ended unexpectedly and was restarted (messages wait in the store)',
    registers,
  });
  const files = new Counter({
    name: 'attachments_total',
    help: 'Pictures and files people sent, per chat platform and outcome (kept, too_big, failed)',
    labelNames: ['platform', 'outcome'] as const,
    registers,
  });
  const fileBytes = new Counter({
    name: 'attachment_bytes_total',
    help: 'Bytes of the pictures and files kept, per chat platform',
    labelNames: ['platform'] as const,
    registers,
  });
  for (const p of ['teams', 'slack'] as const) turns.inc({ platform: p }, 0);
  for (const k of ['response', 'resolution'] as const) breaches.inc({ kind: k }, 0);

  new Gauge({
    name: 'outbox_pending_messages',
    help: 'Outbox messages waiting for delivery',
    registers,
    async collect() {
      this.set((await deps.store.outboxStats()).pending);
    },
  });
  new Gauge({
    name: 'outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest pending outbox message (0 when none)',
    registers,
    async collect() {
      const { oldestPendingAt } = await deps.store.outboxStats();
      const age = oldestPendingAt ? (deps.clock.now().getTime() - Date.parse(oldestPendingAt)) / 1000 : 0;
      this.set(Math.max(0, age));
    },
  });
  new Gauge({
    name: 'outbox_dead_letters',
    help: 'Outbox messages given up on (dead letters)',
    registers,
    async collect() {
      this.set((await deps.store.outboxStats()).dead);
    },
  });
  new Gauge({
    name: 'cases_by_status',
    help: 'Cases per status',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      const counts = await Promise.all(CASE_STATUSES.map((s) => deps.store.countCases({ statuses: [s] })));
      CASE_STATUSES.forEach((s, i) => {
        this.set({ status: s }, counts[i] ?? 0);
      });
    },
  });

  const middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const end = latency.startTimer();
    res.on('finish', () => {
      end({ method: req.method, route: routeOf(req), status: String(res.statusCode) });
    });
    next();
  };

  return {
    registry,
    recordTurn: (platform) => turns.inc({ platform }),
    recordSlaBreach: (kind) => breaches.inc({ kind }),
    recordOutboxWorkerEnded: () => workerEnds.inc(),
    recordFiles: (platform, { kept, refused }) => {
      if (kept.length > 0) {
        files.inc({ platform, outcome: 'kept' }, kept.length);
        fileBytes.inc(
          { platform },
          kept.reduce((n, f) => n + f.size, 0),
        );
      }
      for (const r of refused) files.inc({ platform, outcome: r.reason });
    },
    middleware,
    mount(app) {
      app.use(middleware);
      app.get('/metrics', async (req, res, next) => {
        if (deps.token !== undefined && !bearerMatches(req, deps.token)) {
          res.setHeader('www-authenticate', 'Bearer realm="metrics"');
          res.status(401).type('text/plain').send('/metrics needs Authorization: Bearer <METRICS_TOKEN>\n');
          return;
        }
        try {
          const body = await registry.metrics();
          res.setHeader('content-type', registry.contentType);
          res.send(body);
        } catch (err) {
          next(err);
        }
      });
    },
  };
}
