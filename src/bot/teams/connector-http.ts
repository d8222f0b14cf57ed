import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import {
  type AuthConfiguration,
  CloudAdapter,
  type ConnectorClient,
  type HttpClient,
  HttpError,
  type HttpRequestConfig,
  type HttpResponse,
} from '@microsoft/agents-hosting';

/** A Bot Connector answer larger than this is refused (they are a few hundred bytes; a member list a few KB). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

type Request = HttpClient['request'];

/**
 * The SDK's CloudAdapter, with every Bot Connector client it makes — for a turn's replies and member look-ups,
 * and for proactive sends — calling Teams through Node's own http(s) client (`connectorOverNodeHttp`) instead of
 * `fetch`. Authentication, the outbound host check and everything else are the SDK's.
 */
export class TeamsCloudAdapter extends CloudAdapter {
  constructor(
    auth: AuthConfiguration,
    private readonly timeoutMs: number,
  ) {
    super(auth);
  }

  protected override async createConnectorClient(
    ...args: Parameters<CloudAdapter['createConnectorClient']>
  ): Promise<ConnectorClient> {
    return connectorOverNodeHttp(await super.createConnectorClient(...args), this.timeoutMs);
  }

  protected override async createConnectorClientWithIdentity(
    ...args: Parameters<CloudAdapter['createConnectorClientWithIdentity']>
  ): Promise<ConnectorClient> {
    return connectorOverNodeHttp(await super.createConnectorClientWithIdentity(...args), this.timeoutMs);
  }
}

/**
 * Makes `client`'s JSON calls go through `node:http`/`node:https` (keep-alive, the global agents) rather than the
 * SDK's `fetch`: in Node 20 each `fetch` builds web streams for the request and the answer body and tees the
 * request body in case of a redirect — ~0.4 ms of CPU a call against ~0.13 ms here (`bench/`), and a claim makes
 * six such calls. The contract is the SDK's `HttpClient.request`: the same URL, headers and JSON body; the
 * answer parsed as JSON (or kept as text); an `HttpError` carrying status and headers for any answer outside 2xx,
 * so 429's Retry-After and the permanent 4xx are read as before. The whole call, answer body included, is bounded
 * by `timeoutMs` (as `limitPlatformCalls` bounds `fetch`), failing with a `TimeoutError`. What this path does not
 * do — stream or binary answers (attachment views), form bodies, a redirect — is handed to the SDK's own request.
 */
export function connectorOverNodeHttp(client: ConnectorClient, timeoutMs: number): ConnectorClient {
  const httpClient = client.httpClient;
  const sdkRequest: Request = httpClient.request.bind(httpClient);
  const viaNode = async <T>(config: HttpRequestConfig): Promise<HttpResponse<T>> => {
    const call = prepare(httpClient, config);
    if (!call) return sdkRequest<T>(config);
    const answer = await send(call, config, timeoutMs);
    if (answer === 'redirect') return sdkRequest<T>(config);
    const response = { data: answer.data as T, status: answer.status, statusText: answer.statusText, config };
    let headers: Headers | undefined;
    Object.defineProperty(response, 'headers', {
      enumerable: true,
      get: () => {
        headers ??= toHeaders(answer.headers);
        return headers;
      },
    });
    const full = response as HttpResponse<T>;
    if (answer.status < 200 || answer.status >= 300) {
      throw new HttpError(`Request failed with status ${answer.status}`, full as HttpResponse, config);
    }
    return full;
  };
  httpClient.request = viaNode;
  return client;
}

interface PreparedCall {
  url: URL;
  transport: typeof http | typeof https;
  headers: Record<string, string | number>;
  body?: Buffer;
}

/** URL, headers and body as the SDK's `HttpClient` builds them; undefined when this path does not carry the call. */
function prepare(httpClient: HttpClient, config: HttpRequestConfig): PreparedCall | undefined {
  if (config.responseType !== undefined && config.responseType !== 'json') return undefined;
  const url = buildUrl(httpClient.baseURL, config.url, config.params);
  if (!url) return undefined;
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!transport) return undefined;
  const headers: Record<string, string | number> = {};
  for (const [name, value] of Object.entries({ ...httpClient.defaultHeaders, ...config.headers })) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  const { data } = config;
  let body: Buffer | undefined;
  if (data !== undefined && data !== null) {
    const type = String(headers['content-type'] ?? '');
    if (type.includes('application/x-www-form-urlencoded')) return undefined;
    if (typeof data === 'string') body = Buffer.from(data, 'utf8');
    else if (data instanceof Uint8Array) body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    else if (data instanceof ArrayBuffer) body = Buffer.from(data);
    else if (isPlainData(data)) {
      if (!type) headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify(data), 'utf8');
    } else return undefined;
    headers['content-length'] = body.byteLength;
  }
  return { url, transport, headers, ...(body ? { body } : {}) };
}

/** Neither of the body kinds `fetch` sends as they are (URLSearchParams, Blob, FormData, a stream). */
function isPlainData(data: unknown): boolean {
  return !(
    data instanceof URLSearchParams ||
    data instanceof Blob ||
    data instanceof FormData ||
    data instanceof ReadableStream
  );
}

function buildUrl(base: string, path: string, params: HttpRequestConfig['params']): URL | undefined {
  let text: string;
  if (path.startsWith('http://') || path.startsWith('https://')) text = path;
  else {
    if (!base) return undefined;
    text = `${base.endsWith('/') ? base.slice(0, -1) : base}${path.startsWith('/') ? path : `/${path}`}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, value);
  }
  return url;
}

interface Answer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  data: unknown;
}

/** One request; resolves with the parsed answer, or 'redirect' (unread) for the SDK's `fetch` to follow. */
function send(call: PreparedCall, config: HttpRequestConfig, timeoutMs: number): Promise<Answer | 'redirect'> {
  return new Promise((resolve, reject) => {
    const { signal } = config;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const limit = config.timeout && config.timeout > 0 ? Math.min(config.timeout, timeoutMs) : timeoutMs;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (err: unknown) => {
      finish(() => reject(err));
      req.destroy();
    };
    const onAbort = () => fail(signal?.reason);
    const req = call.transport.request(call.url, { method: config.method.toUpperCase(), headers: call.headers });
    const timer = setTimeout(
      () => fail(new DOMException(`no answer within ${limit} ms`, 'TimeoutError')),
      limit,
    ).unref();
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location) {
        res.resume();
        finish(() => resolve('redirect'));
        return;
      }
      readBody(res).then((text) => {
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          data = text;
        }
        finish(() => resolve({ status, statusText: res.statusMessage ?? '', headers: res.headers, data }));
      }, fail);
    });
    req.end(call.body);
  });
}

/** The answer body as text, decoded when the server compressed it anyway (none is asked for). */
function readBody(res: IncomingMessage): Promise<string> {
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
        reject(new Error(`Teams answered with more than ${MAX_ANSWER_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    source.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    source.on('error', reject);
    // A connection closed in the middle of the body (no 'end'): settles the call rather than leaving it waiting.
    res.on('close', () => {
      if (!res.complete) reject(new Error('Teams closed the connection before its answer was complete'));
    });
  });
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}
