import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { limitPlatformCalls } from '../../src/http/platform-timeouts.js';
import { loopbackOnly } from '../helpers/loopback-only.js';

const unbounded = globalThis.fetch;
let server: Server;
let base: string;

loopbackOnly();
beforeAll(async () => {
  // /slow answers after 500 ms; /stall sends its headers and never finishes the body; /never never answers.
  server = createServer((req, res) => {
    if (req.url === '/slow') setTimeout(() => res.end('late but fine'), 500);
    else if (req.url === '/stall') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('half');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  globalThis.fetch = unbounded;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('limitPlatformCalls', () => {
  it('fails a call with a TimeoutError when no answer comes, and when the answer stops half-way', async () => {
    limitPlatformCalls(300);
    const never = await fetch(`${base}/never`).catch((e: unknown) => e);
    expect((never as Error).name).toBe('TimeoutError');
    const stalled = await fetch(`${base}/stall`);
    expect(stalled.status).toBe(200);
    const body = await stalled.text().catch((e: unknown) => e);
    expect((body as Error).name).toBe('TimeoutError');
  });

  it('lets a call the caller aborts end at once, and a second bound replaces the first instead of adding to it', async () => {
    limitPlatformCalls(100);
    limitPlatformCalls(2000);
    expect(await (await fetch(`${base}/slow`)).text()).toBe('late but fine');

    const caller = new AbortController();
    const started = Date.now();
    const pending = fetch(`${base}/never`, { signal: caller.signal }).catch((e: unknown) => e);
    setTimeout(() => caller.abort(), 50);
    expect(((await pending) as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1000);

    // A finished call leaves no timer running until its bound (its timers: 1–2 s here; undici keeps its own).
    const set = vi.spyOn(globalThis, 'setTimeout');
    const cleared = vi.spyOn(globalThis, 'clearTimeout');
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/slow`)).text();
    const bounds = set.mock.calls.flatMap((call, i) =>
      Number(call[1]) > 1000 && Number(call[1]) <= 2000 ? [set.mock.results[i]?.value] : [],
    );
    expect(bounds.length).toBeGreaterThanOrEqual(3);
    const clearedHandles = new Set(cleared.mock.calls.map((call) => call[0]));
    expect(bounds.filter((t) => !clearedHandles.has(t))).toEqual([]);
    set.mockRestore();
    cleared.mockRestore();

    // A signal that outlives its calls keeps no listener from them.
    const longLived = new AbortController().signal;
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/slow`, { signal: longLived })).text();
    expect(getEventListeners(longLived, 'abort')).toHaveLength(0);
  });
});
