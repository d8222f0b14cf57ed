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

export interface RunningServer {
  app: Express;
  server: http.Server;
  /** The port actually bound (useful with port 0 in tests). */
  port: number;
  /** Stops accepting connections and waits for requests in flight (at most `timeoutMs`). */
  close(timeoutMs?: number): Promise<void>;
}

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

/** Starts listening; resolves once bound. */
export function startHttpServer(opts: HttpServerOptions & { port: number; host?: string }): Promise<RunningServer> {
  const app = createHttpApp(opts);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 30_000;
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
        close: (timeoutMs = 10_000) =>
          new Promise<void>((done) => {
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
