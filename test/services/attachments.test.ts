import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { StoredFile } from '../../src/models/case-store.js';
import {
  cleanFileName,
  FileTooBig,
  formatBytes,
  type IncomingFile,
  keepFiles,
  readLimited,
} from '../../src/services/attachments.js';
import { ManualClock } from '../../src/services/clock.js';
import { Slots } from '../../src/services/slots.js';
import { people } from '../helpers/people.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10]);

function deps(saved: StoredFile[], maxBytes?: number) {
  return {
    store: { saveFile: async (f: StoredFile) => void saved.push(f) },
    clock: new ManualClock(new Date('2026-03-02T09:00:00Z')),
    logger: createLogger('silent'),
    ...(maxBytes !== undefined ? { maxBytes } : {}),
  };
}

const file = (name: string, data: Buffer | (() => Promise<Buffer>), extra: Partial<IncomingFile> = {}) => {
  const calls = { n: 0 };
  const f: IncomingFile & { calls: typeof calls } = {
    name,
    calls,
    download: async () => {
      calls.n++;
      return { data: typeof data === 'function' ? await data() : data };
    },
    ...extra,
  };
  return f;
};

describe('keepFiles', () => {
  it('stores every file it can fetch, unlinked, and names the refused ones with the reason', async () => {
    const saved: StoredFile[] = [];
    const big = file('huge.mov', Buffer.alloc(1), { size: 11 });
    const broken = file('gone.pdf', async () => {
      throw new Error('download answered 404');
    });
    const growing = file('log.txt', async () => {
      throw new FileTooBig(10);
    });
    const { kept, refused } = await keepFiles(deps(saved, 10), people.anna, [
      file('C:\\Users\\anna\\shot.png', PNG, { contentType: 'image/*' }),
      big,
      broken,
      growing,
      file('notes.txt', Buffer.from('hello'), { contentType: 'Text/Plain; charset=utf-8' }),
    ]);
    expect(kept.map((k) => [k.name, k.contentType, k.size])).toEqual([
      ['shot.png', 'image/png', PNG.length],
      ['notes.txt', 'text/plain', 5],
    ]);
    expect(refused).toEqual([
      { name: 'huge.mov', reason: 'too_big' },
      { name: 'gone.pdf', reason: 'failed' },
      { name: 'log.txt', reason: 'too_big' },
    ]);
    // A file the platform says is too big is not downloaded at all.
    expect(big.calls.n).toBe(0);
    expect(saved.map((f) => f.id)).toEqual(kept.map((k) => k.id));
    expect(saved[0]!.data.equals(PNG)).toBe(true);
    expect(saved[0]!.caseId).toBeUndefined();
    expect(saved[0]!.by).toEqual({ id: people.anna.id, name: people.anna.name, email: people.anna.email });
    expect(kept[0]!.at).toBe('2026-03-02T09:00:00.000Z');
    // The id is 256 random bits, the download link's only key.
    expect(kept[0]!.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(kept[0]!.id).not.toBe(kept[1]!.id);
  });

  it('holds at most the shared slots of files at once, across people and platforms, from download until stored', async () => {
    const slots = new Slots(1);
    const log: string[] = [];
    const stored: (() => void)[] = [];
    const shared = {
      ...deps([]),
      slots,
      store: {
        saveFile: (f: StoredFile) =>
          new Promise<void>((resolve) => {
            log.push(`store ${f.name}`);
            stored.push(resolve);
          }),
      },
    };
    const timed = (name: string) =>
      file(name, async () => {
        log.push(`download ${name}`);
        return PNG;
      });
    const anna = keepFiles(shared, people.anna, [timed('a1.png'), timed('a2.png')]);
    const bo = keepFiles(shared, people.bo, [timed('b1.png')]);
    const tick = () => new Promise((r) => setImmediate(r));
    await tick();
    // Anna's first file is being stored: nobody else downloads meanwhile.
    expect(log).toEqual(['download a1.png', 'store a1.png']);
    expect(slots.waiting).toBe(1);
    stored.shift()!();
    await tick();
    // Bo asked before Anna's second file: his goes first.
    expect(log.slice(2)).toEqual(['download b1.png', 'store b1.png']);
    stored.shift()!();
    await tick();
    stored.shift()!();
    expect((await anna).kept.map((k) => k.name)).toEqual(['a1.png', 'a2.png']);
    expect((await bo).kept.map((k) => k.name)).toEqual(['b1.png']);
    expect(log.slice(4)).toEqual(['download a2.png', 'store a2.png']);
    expect(slots.running).toBe(0);
  });

  it('tells a picture from its bytes when the platform says only "image/*" or nothing', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const { kept } = await keepFiles(deps([]), people.anna, [
      file('a', jpeg),
      file('b.svg', svg, { contentType: 'image/*' }),
      file('c.gif', Buffer.from('GIF89a...')),
    ]);
    expect(kept.map((k) => k.contentType)).toEqual(['image/jpeg', 'application/octet-stream', 'image/gif']);
  });
});

describe('cleanFileName', () => {
  it('keeps the last path part, drops control and direction characters and shortens long names keeping the extension', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('re\u202eport\u0000.png')).toBe('report.png');
    expect(cleanFileName('   ')).toBe('file');
    expect(cleanFileName('..')).toBe('file');
    const long = cleanFileName(`${'x'.repeat(300)}.pdf`);
    expect(long).toHaveLength(120);
    expect(long.endsWith('….pdf')).toBe(true);
    // Cut between characters, not inside an emoji.
    const emoji = Array.from(cleanFileName('😀'.repeat(200)));
    expect(emoji).toHaveLength(120);
    expect(() => encodeURIComponent(emoji.join(''))).not.toThrow();
  });
});

describe('readLimited', () => {
  it('reads a body within the limit and refuses one over it, declared or streamed', async () => {
    expect((await readLimited(new Response(PNG), 100)).equals(PNG)).toBe(true);
    await expect(
      readLimited(new Response('x'.repeat(20), { headers: { 'content-length': '20' } }), 10),
    ).rejects.toThrow(FileTooBig);
    const stream = new ReadableStream({
      pull(c) {
        c.enqueue(new Uint8Array(8));
      },
    });
    await expect(readLimited(new Response(stream), 100)).rejects.toThrow(FileTooBig);
    await expect(readLimited(new Response('nope', { status: 403 }), 100)).rejects.toThrow('download answered 403');
  });
});

describe('formatBytes', () => {
  it('writes sizes the way each language does', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(245_760, 'en')).toBe('240 KB');
    expect(formatBytes(1_258_291, 'en')).toBe('1.2 MB');
    expect(formatBytes(1_258_291, 'da')).toBe('1,2 MB');
    expect(formatBytes(15 * 1024 * 1024, 'da')).toBe('15 MB');
  });
});
