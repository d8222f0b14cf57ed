import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachmentDisposition, mountFileRoutes } from '../../src/http/files-routes.js';
import { type RunningServer, startHttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { toRef } from '../../src/models/case.js';
import type { StoredFile } from '../../src/models/case-store.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { type FlakyStore, flakyStore } from '../helpers/flaky-store.js';
import { people } from '../helpers/people.js';

function aFile(name: string, contentType: string, data: Buffer): StoredFile {
  return {
    id: randomBytes(32).toString('base64url'),
    name,
    contentType,
    size: data.length,
    at: '2025-03-03T09:00:00.000Z',
    by: toRef(people.anna),
    caseId: 'c1',
    data,
  };
}

/** A PNG signature and some bytes that are not valid UTF-8, so a text round trip would change them. */
const PNG_BYTES = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(4096)]);

describe('mountFileRoutes', () => {
  let running: RunningServer;
  let sqlite: SqliteCaseStore;
  let flaky: FlakyStore;
  let base: string;

  beforeEach(async () => {
    sqlite = new SqliteCaseStore({ file: ':memory:' });
    await sqlite.init();
    flaky = flakyStore(sqlite);
    running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('silent'),
      readiness: {},
      mount: (app) => mountFileRoutes(app, { store: flaky.store }),
    });
    base = `http://127.0.0.1:${running.port}`;
  });
  afterEach(async () => {
    await running.close(1000);
    await sqlite.close();
  });

  const url = (f: StoredFile, name = encodeURIComponent(f.name)) => `${base}/files/${f.id}/${name}`;

  it('serves exactly the stored bytes inline with their type when the file is a raster image', async () => {
    const png = aFile('screenshot.png', 'image/png', PNG_BYTES);
    await sqlite.saveFile(png);
    const res = await fetch(url(png));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG_BYTES)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe('inline');
    expect(res.headers.get('content-length')).toBe(String(PNG_BYTES.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('private, max-age=300');

    for (const type of ['image/jpeg', 'image/gif', 'image/webp']) {
      const img = aFile(`photo.${type.slice(6)}`, type, randomBytes(100));
      await sqlite.saveFile(img);
      const r = await fetch(url(img));
      expect([r.headers.get('content-type'), r.headers.get('content-disposition')]).toEqual([type, 'inline']);
      expect(Buffer.from(await r.arrayBuffer()).equals(img.data)).toBe(true);
    }
  });

  it('makes every other type a download of application/octet-stream when it is SVG, HTML, PDF or unknown', async () => {
    const files = [
      aFile(
        'drawing.svg',
        'image/svg+xml',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'),
      ),
      aFile('page.html', 'text/html', Buffer.from('<html><script>alert(document.cookie)</script></html>')),
      aFile('manual.pdf', 'application/pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n')),
      aFile('data.bin', 'application/octet-stream', randomBytes(2048)),
    ];
    for (const f of files) {
      await sqlite.saveFile(f);
      const res = await fetch(url(f));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="${f.name}"; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(Buffer.from(await res.arrayBuffer()).equals(f.data)).toBe(true);
    }
  });

  it('names a download with an ASCII stand-in and the UTF-8 name when the name is Danish, quoted or odd', async () => {
    const f = aFile('rapport "endelig" æøå 😀 100%.txt', 'text/plain', Buffer.from('hej'));
    await sqlite.saveFile(f);
    const disposition = (await fetch(url(f))).headers.get('content-disposition') ?? '';
    const ascii = /filename="([^"]*)"/.exec(disposition)?.[1];
    expect(ascii).toBe('rapport _endelig_ ___ __ 100_.txt');
    const encoded = /filename\*=UTF-8''(\S+)$/.exec(disposition)?.[1] ?? '';
    expect(encoded).not.toMatch(/['()*"]/);
    expect(decodeURIComponent(encoded)).toBe(f.name);
    expect(attachmentDisposition("it's (1)*.txt")).toBe(
      `attachment; filename="it's (1)*.txt"; filename*=UTF-8''it%27s%20%281%29%2A.txt`,
    );
  });

  it('ignores the name segment and answers HEAD with the headers only', async () => {
    const png = aFile('screenshot.png', 'image/png', PNG_BYTES);
    await sqlite.saveFile(png);
    const renamed = await fetch(url(png, 'something-else.exe'));
    expect(renamed.status).toBe(200);
    expect(renamed.headers.get('content-type')).toBe('image/png');
    // A malformed escape in the name does not matter either: it is never decoded.
    expect((await fetch(url(png, '%E0%A4%A.png'))).status).toBe(200);
    const head = await fetch(url(png), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(PNG_BYTES.length));
    expect(await head.text()).toBe('');
  });

  it('answers 404 when the id is malformed or unknown, and 405 for other methods', async () => {
    const png = aFile('screenshot.png', 'image/png', PNG_BYTES);
    await sqlite.saveFile(png);
    const unknown = randomBytes(32).toString('base64url');
    expect((await fetch(`${base}/files/${unknown}/x.png`)).status).toBe(404);
    for (const bad of [png.id.slice(1), `${png.id}A`, `${png.id.slice(1)}=`, '../../etc', 'A'.repeat(42) + '.']) {
      expect((await fetch(`${base}/files/${encodeURIComponent(bad)}/x.png`)).status).toBe(404);
    }
    expect((await fetch(`${base}/files/${png.id}`)).status).toBe(404);
    expect((await fetch(`${base}/files/${png.id}/a/b.png`)).status).toBe(404);
    expect((await fetch(`${base}/files`)).status).toBe(404);
    const post = await fetch(url(png), { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(url(png), { method: 'DELETE' })).status).toBe(405);
    expect((await sqlite.getFile(png.id))?.data.equals(PNG_BYTES)).toBe(true);
  });

  it('answers 503 with a short text when the store does not answer, and serves again once it does', async () => {
    const png = aFile('screenshot.png', 'image/png', PNG_BYTES);
    await sqlite.saveFile(png);
    flaky.down = true;
    flaky.readsToo = true;
    const res = await fetch(url(png));
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text.length).toBeLessThan(200);
    expect(text).not.toMatch(/store down|STORE\./);
    expect(flaky.refused).toEqual(['getFile']);
    flaky.down = false;
    expect((await fetch(url(png))).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
