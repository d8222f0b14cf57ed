import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HTTP_TIMEOUTS, type RunningServer, startHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close(100);
  running = undefined;
});

const silent = createLogger('silent');

function get(port: number, path: string, agent: http.Agent): Promise<{ status: number; connection?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      })
      .on('error', reject);
  });
}

/** A raw connection: what it received, and when it was closed (ms after `connect`), or null while open. */
function rawConnection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  const started = Date.now();
  let received = '';
  let closedAfter: number | null = null;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      closedAfter = Date.now() - started;
      resolve();
    }),
  );
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    socket,
    connected,
    closed,
    received: () => received,
    closedAfter: () => closedAfter,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startHttpServer shutdown', () => {
  it('finishes the request in flight with Connection: close, takes no new one and does not sit out its bound', async () => {
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: silent,
      readiness: {},
      mount: (app) => app.get('/turn', (_q, r) => void setTimeout(() => r.json({ ok: true }), 300)),
    });
    const server = running;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const started = Date.now();
    const inFlight = get(server.port, '/turn', agent);
    await sleep(50);
    const closed = server.close(10_000).then(() => Date.now() - started);
    expect(server.closing).toBe(true);
    const first = await inFlight;
    expect(first).toEqual({ status: 200, connection: 'close' });
    // Its kept-alive connection is gone, and nothing listens any more: a later turn is not taken.
    await sleep(100);
    const late = await get(server.port, '/turn', agent).catch((e: NodeJS.ErrnoException) => e.code);
    expect(late).toBe('ECONNREFUSED');
    expect(await closed, 'close() waited for its whole bound with nothing in flight').toBeLessThan(2_000);
    agent.destroy();
  });

  it('answers 503 with Connection: close to a request that comes on an open connection once closing, /readyz too', async () => {
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: silent,
      readiness: { store: async () => true },
      mount: (app) => app.get('/slow', (_q, r) => void setTimeout(() => r.json({ ok: true }), 300)),
    });
    const server = running;
    // A request under way (its headers half sent) when shutdown begins, on a connection close() does not cut.
    const conn = rawConnection(server.port);
    await conn.connected;
    conn.socket.write('GET /readyz HTTP/1.1\r\nHost: bot\r\n');
    await sleep(50);
    const keep = rawConnection(server.port);
    await keep.connected;
    keep.socket.write('GET /slow HTTP/1.1\r\nHost: bot\r\n\r\n');
    await sleep(50);
    const closed = server.close(5_000);
    conn.socket.write('\r\n');
    await conn.closed;
    expect(conn.received()).toMatch(/^HTTP\/1\.1 503 /);
    expect(conn.received().toLowerCase()).toContain('connection: close');
    expect(conn.received()).toContain('"shutting down"');
    await keep.closed;
    expect(keep.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(keep.received().toLowerCase()).toContain('connection: close');
    await closed;
  });

  it('closes a kept-alive connection as soon as its answer, whose headers went out before shutdown, is done', async () => {
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: silent,
      readiness: {},
      mount: (app) =>
        app.get('/stream', (_q, r) => {
          r.writeHead(200, { 'content-type': 'text/plain' });
          r.write('part 1\n');
          setTimeout(() => r.end('part 2\n'), 300);
        }),
    });
    const server = running;
    const conn = rawConnection(server.port);
    await conn.connected;
    conn.socket.write('GET /stream HTTP/1.1\r\nHost: bot\r\n\r\n');
    await sleep(100);
    const started = Date.now();
    await server.close(5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    await conn.closed;
    expect(conn.received()).toContain('part 2');
  });
});

describe('startHttpServer timeouts', () => {
  it('closes a connection that never sends a byte once it has been idle for idleMs', async () => {
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: silent,
      readiness: {},
      timeouts: { idleMs: 300 },
    });
    const conn = rawConnection(running.port);
    await Promise.race([conn.closed, sleep(3_000)]);
    expect(conn.closedAfter(), 'an idle connection was still open after 3 s').not.toBeNull();
    expect(conn.closedAfter()).toBeGreaterThanOrEqual(250);
  });

  it('closes a connection whose headers do not arrive within headersMs', async () => {
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: silent,
      readiness: {},
      timeouts: { headersMs: 200, requestMs: 1_000, checkIntervalMs: 50, idleMs: 10_000 },
    });
    const conn = rawConnection(running.port);
    await conn.connected;
    conn.socket.write('GET /healthz HTTP/1.1\r\nHost: bot\r\n');
    await Promise.race([conn.closed, sleep(3_000)]);
    expect(conn.closedAfter(), 'a connection with unfinished headers was still open after 3 s').not.toBeNull();
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('uses 15 s for headers and 70 s idle, above the 65 s keep-alive, by default', async () => {
    running = await startHttpServer({ port: 0, host: '127.0.0.1', logger: silent, readiness: {} });
    expect(running.server.headersTimeout).toBe(15_000);
    expect(running.server.keepAliveTimeout).toBe(65_000);
    expect(running.server.timeout).toBe(70_000);
    expect(HTTP_TIMEOUTS.idleMs).toBeGreaterThan(HTTP_TIMEOUTS.keepAliveMs);
  });
});
