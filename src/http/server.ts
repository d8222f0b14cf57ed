import { randomUUID } from 'node:crypto';
import http from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../logger.js';

/** A readiness probe: true when the dependency answers. */
export type ReadinessCheck = () => Promise<boolean>;

export interface HttpServerOptions {
  logger: Logger;
  /** Checked by /readyz; all must answer true. */
  readiness: Record<string, ReadinessCheck>;
  /** Mounts transports (Teams /api/messages, Slack /slack/events, /metrics …) on the app. */
  mount?: (app: Express) => void;
}

/** How long connections may take or sit idle (ms); the defaults are `HTTP_TIMEOUTS`, tests pass small ones. */
export interface HttpTimeouts {
  /** From a request's first byte until its headers are complete. */
  headersMs: number;
  /** From a request's first byte until it is fully received. */
  requestMs: number;
  /** An idle kept-alive connection between two requests (above the 60 s idle timeout of common load balancers). */
  keepAliveMs: number;
  /**
   * A connection on which nothing moves, whatever it is doing — also one that never sends a byte, which the
   * header and request timeouts (counted from the first byte) never end. Above `keepAliveMs`.
   */
  idleMs: number;
  /** How often Node checks the header and request timeouts. */
  checkIntervalMs: number;
}

/** The production timeouts of the one HTTP server. */
export const HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 15_000,
  requestMs: 30_000,
  keepAliveMs: 65_000,
  idleMs: 70_000,
  checkIntervalMs: 5_000,
};

export interface RunningServer {
  app: Express;
  server: http.Server;
  /** The port actually bound (useful with port 0 in tests). */
  port: number;
  /**
   * Shuts the server down: stops listening; requests in flight are finished and answered with
   * `Connection: close`; any request that comes on an open connection meanwhile gets 503 (`/readyz` too); each
   * connection is closed once it is idle. Resolves when none is left, or after `timeoutMs`, when the rest are cut.
   */
  close(timeoutMs?: number): Promise<void>;
  /** True once `close` has begun. */
  readonly closing: boolean;
}

/** What a request that comes after shutdown began is answered (with `Connection: close`). */
const SHUTTING_DOWN = JSON.stringify({ error: 'shutting down', status: 'not ready' });

/**
 * Builds the one HTTP server every transport shares: request ids, /healthz (alive), /readyz (dependencies
 * reachable), then whatever `mount` adds; unknown routes → 404 JSON; errors never crash the process.
 */
export function createHttpApp(opts: HttpServerOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const reqId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
    res.setHeader('x-request-id', reqId);
    res.locals.reqId = reqId;
    res.locals.log = opts.logger.child({ reqId });
    const started = process.hrtime.bigint();
    // A request answered before its body was all read (a 413 after 1 MB, a 401 before the body) ends its
    // connection: Node keeps the unread rest queued on it, and a next request sent there would never be read.
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<typeof writeHead>) {
      if (!req.complete && !this.headersSent) this.setHeader('connection', 'close');
      return writeHead.apply(this, args);
    } as typeof writeHead;
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      (res.locals.log as Logger).debug({ method: req.method, path: req.path, status: res.statusCode, ms }, 'request');
    });
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const results: Record<string, boolean> = {};
    await Promise.all(
      Object.entries(opts.readiness).map(async ([name, check]) => {
        try {
          results[name] = await check();
        } catch {
          results[name] = false;
        }
      }),
    );
    const ready = Object.values(results).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: results });
  });
  opts.mount?.(app);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status =
      typeof err === 'object' && err && 'status' in err ? Number((err as { status: unknown }).status) : 500;
    const log = (res.locals.log as Logger | undefined) ?? opts.logger;
    if (status >= 500) log.error({ err }, 'request failed');
    if (!res.headersSent) {
      res.status(Number.isInteger(status) && status >= 400 && status < 600 ? status : 500).json({
        error: status === 413 ? 'request body too large' : status < 500 ? 'bad request' : 'internal error',
      });
    }
  });
  return app;
}

/**
 * Starts listening; resolves once bound. A connection ends when it sits idle (`timeouts.idleMs`, also one that
 * never sends a byte), sends its headers too slowly (`headersMs`) or its request too slowly (`requestMs`).
 */
export function startHttpServer(
  opts: HttpServerOptions & { port: number; host?: string; timeouts?: Partial<HttpTimeouts> },
): Promise<RunningServer> {
  const app = createHttpApp(opts);
  const t: HttpTimeouts = { ...HTTP_TIMEOUTS, ...opts.timeouts };
  let closing = false;
  /** Responses of requests taken before shutdown began, not finished yet. */
  const inFlight = new Set<http.ServerResponse>();
  const server = http.createServer(
    {
      headersTimeout: t.headersMs,
      requestTimeout: t.requestMs,
      connectionsCheckingInterval: t.checkIntervalMs,
    },
    (req, res) => {
      if (closing) {
        // On a connection opened before shutdown: not taken (the client may send it again, to another instance).
        req.resume();
        res.writeHead(503, { 'content-type': 'application/json', connection: 'close', 'retry-after': '1' });
        res.end(SHUTTING_DOWN);
        return;
      }
      inFlight.add(res);
      res.once('close', () => {
        inFlight.delete(res);
        // Its connection stays open only when the headers went out before shutdown began: closed once idle.
        if (closing) setImmediate(() => server.closeIdleConnections());
      });
      app(req, res);
    },
  );
  server.keepAliveTimeout = t.keepAliveMs;
  server.timeout = t.idleMs;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      resolve({
        app,
        server,
        port,
        get closing() {
          return closing;
        },
        close: (timeoutMs = 10_000) =>
          new Promise<void>((done) => {
            closing = true;
            // Answers still to come close their connections behind them.
            for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
            const timer = setTimeout(() => {
              server.closeAllConnections();
              done();
            }, timeoutMs);
            timer.unref();
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
