import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** A platform answer larger than this is refused (Teams and Slack answer calls with a few KB at most). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One call: method, lower-case headers, an optional body, and a signal that aborts it. */
export interface NodeCall {
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal | null;
}

/** An answer, its body read in full (and decompressed, should the server have compressed it unasked). */
export interface NodeAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP(S) call to Teams or Slack over Node's own client (the global keep-alive agents) rather than `fetch`:
 * in Node 20 each `fetch` builds web streams for the request and answer bodies and tees the request body in case
 * of a redirect — ~0.4 ms of CPU a call against ~0.13 ms here (`bench/`, README *Benchmarks*), and a claim makes
 * six platform calls. The whole call, answer body included, is bounded by `timeoutMs` (as `limitPlatformCalls`
 * bounds `fetch`) and fails with a `TimeoutError`; an aborted `signal` fails it with its reason; a connection
 * closed mid-answer fails it. A redirect is not followed: the answer is 'redirect', unread, for the caller to
 * hand the call to `fetch`. `url` must be http: or https:.
 */
export function nodeHttpCall(url: URL, call: NodeCall, timeoutMs: number): Promise<NodeAnswer | 'redirect'> {
  return new Promise((resolve, reject) => {
    const { signal } = call;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let settled = false;
    let req: http.ClientRequest | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (err: unknown) => {
      finish(() => reject(err));
      req?.destroy();
    };
    const onAbort = () => fail(signal?.reason);
    const timer = setTimeout(
      () => fail(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs,
    ).unref();
    signal?.addEventListener('abort', onAbort, { once: true });
    const headers = call.body ? { ...call.headers, 'content-length': String(call.body.byteLength) } : call.headers;
    try {
      req = (url.protocol === 'https:' ? https : http).request(url, { method: call.method, headers });
    } catch (err) {
      fail(err); // e.g. a header value Node refuses
      return;
    }
    req.on('error', fail);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location) {
        res.resume();
        finish(() => resolve('redirect'));
        return;
      }
      readBody(res).then(
        (body) => finish(() => resolve({ status, statusText: res.statusMessage ?? '', headers: res.headers, body })),
        fail,
      );
    });
    req.end(call.body);
  });
}

/** The answer body, decoded when the server compressed it anyway (none is asked for). */
function readBody(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? createGunzip()
        : encoding === 'deflate'
          ? createInflate()
          : encoding === 'br'
            ? createBrotliDecompress()
            : undefined;
    const source = decoder ? res.pipe(decoder) : res;
    if (decoder) res.on('error', reject);
    const chunks: Buffer[] = [];
    let size = 0;
    source.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        res.destroy();
        reject(new Error(`the platform answered with more than ${MAX_ANSWER_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    source.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    source.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new Error('the platform closed the connection before its answer was complete'));
    });
  });
}

/** Node's answer headers as a WHATWG `Headers`. */
export function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** The bytes of a string, form or byte body; false for any other kind (a Blob, FormData, stream or object). */
export function bodyBytes(body: RequestInit['body']): Buffer | undefined | false {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return false;
}

/**
 * A `fetch` for the Slack Web API client and Bolt's response-URL answers (`clientOptions.fetch`): string, form
 * and byte bodies over `nodeHttpCall`, each call bounded by `timeoutMs`; anything else — a file upload's
 * FormData, a redirect, a Request object — goes to `fallback` (the thread's bounded `fetch`). The answer is a
 * small `Response` look-alike with what those clients read: ok, status, statusText, url, headers, text(),
 * json(), arrayBuffer() and, made on demand, body.
 */
export function nodeFetch(timeoutMs: number, fallback: typeof fetch = (...args) => globalThis.fetch(...args)) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (input instanceof Request) return fallback(input, init);
    const url = input instanceof URL ? input : new URL(input);
    const body = bodyBytes(init?.body);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || body === false) return fallback(input, init);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    if (init?.body instanceof URLSearchParams && !headers['content-type']) {
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    }
    if (body && !headers['content-type']) headers['content-type'] = 'text/plain;charset=UTF-8';
    const answer = await nodeHttpCall(
      url,
      { method: (init?.method ?? 'GET').toUpperCase(), headers, ...(body ? { body } : {}), signal: init?.signal },
      timeoutMs,
    );
    if (answer === 'redirect') return fallback(input, init);
    return new NodeResponse(url.href, answer) as unknown as Response;
  };
}

/** What the Slack clients read of a `Response`, over a body already read. */
class NodeResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly redirected = false;
  readonly type = 'basic';
  private headerCache: Headers | undefined;
  bodyUsed = false;

  constructor(
    readonly url: string,
    private readonly answer: NodeAnswer,
  ) {
    this.status = answer.status;
    this.statusText = answer.statusText;
    this.ok = answer.status >= 200 && answer.status < 300;
  }

  get headers(): Headers {
    this.headerCache ??= toHeaders(this.answer.headers);
    return this.headerCache;
  }

  get body(): ReadableStream<Uint8Array> {
    const bytes = this.take();
    return new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(bytes));
        controller.close();
      },
    });
  }

  async text(): Promise<string> {
    return this.take().toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  private take(): Buffer {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.bodyUsed = true;
    return this.answer.body;
  }
}
