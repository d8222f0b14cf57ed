import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close(1000);
  running = undefined;
});

describe('startHttpServer', () => {
  it('answers /healthz and reports /readyz from its checks when a dependency is down', async () => {
    let storeUp = true;
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('silent'),
      readiness: { store: async () => storeUp },
    });
    const base = `http://127.0.0.1:${running.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: true } });
    storeUp = false;
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(((await notReady.json()) as { checks: Record<string, boolean> }).checks.store).toBe(false);
  });

  it('gives unknown routes a 404 and keeps serving after a handler throws', async () => {
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('silent'),
      readiness: {},
      mount: (app) => {
        app.get('/boom', () => {
          throw new Error('bug');
        });
      },
    });
    const base = `http://127.0.0.1:${running.port}`;
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ error: 'internal error' });
    expect(boom.headers.get('x-request-id')).toBeTruthy();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
