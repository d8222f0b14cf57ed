import {
  type AuthConfiguration,
  CloudAdapter,
  type ConnectorClient,
  type HttpClient,
  HttpError,
  type HttpRequestConfig,
  type HttpResponse,
} from '@microsoft/agents-hosting';
import { bodyBytes, type NodeCall, nodeHttpCall, toHeaders } from '../../http/node-http-call.js';

type Request = HttpClient['request'];

/**
 * The SDK's CloudAdapter, with every Bot Connector client it makes — for a turn's replies and member look-ups,
 * and for proactive sends — calling Teams through Node's own http(s) client (`connectorOverNodeHttp`) instead of
 * `fetch`. Authentication, the outbound host check and everything else are the SDK's.
 */
export class TeamsCloudAdapter extends CloudAdapter {
  /**
   * The tenant a single-tenant bot serves (the configuration's `tenantId`, TEAMS_TENANT_ID), as given — not one
   * the SDK fills in from its own defaults; undefined for a multi-tenant or anonymous bot. `mountTeams` drops
   * activities of other tenants.
   */
  readonly servedTenantId: string | undefined;

  constructor(
    auth: AuthConfiguration,
    private readonly timeoutMs: number,
  ) {
    super(auth);
    this.servedTenantId = auth.tenantId || undefined;
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
 * Makes `client`'s JSON calls go through `nodeHttpCall` (node:http/https, keep-alive) rather than the SDK's
 * `fetch` — a third of the CPU per call (see there). The contract is the SDK's `HttpClient.request`: the same URL,
 * headers and JSON body; the answer parsed as JSON (or kept as text); an `HttpError` carrying status and headers
 * for any answer outside 2xx, so 429's Retry-After and the permanent 4xx are read as before. The whole call is
 * bounded by `timeoutMs`. What this path does not do — stream or binary answers (attachment views), form bodies,
 * a redirect — is handed to the SDK's own request.
 */
export function connectorOverNodeHttp(client: ConnectorClient, timeoutMs: number): ConnectorClient {
  const httpClient = client.httpClient;
  const sdkRequest: Request = httpClient.request.bind(httpClient);
  const viaNode = async <T>(config: HttpRequestConfig): Promise<HttpResponse<T>> => {
    const call = prepare(httpClient, config);
    if (!call) return sdkRequest<T>(config);
    const limit = config.timeout && config.timeout > 0 ? Math.min(config.timeout, timeoutMs) : timeoutMs;
    const answer = await nodeHttpCall(call.url, { ...call.call, signal: config.signal }, limit);
    if (answer === 'redirect') return sdkRequest<T>(config);
    const text = answer.body.toString('utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
    const response = { data: data as T, status: answer.status, statusText: answer.statusText, config };
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

/** URL, headers and body as the SDK's `HttpClient` builds them; undefined when this path does not carry the call. */
function prepare(httpClient: HttpClient, config: HttpRequestConfig): { url: URL; call: NodeCall } | undefined {
  if (config.responseType !== undefined && config.responseType !== 'json') return undefined;
  const url = buildUrl(httpClient.baseURL, config.url, config.params);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...httpClient.defaultHeaders, ...config.headers })) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  const { data } = config;
  let body: Buffer | undefined;
  if (data !== undefined && data !== null) {
    const type = headers['content-type'] ?? '';
    if (type.includes('application/x-www-form-urlencoded') || data instanceof URLSearchParams) return undefined;
    const bytes = bodyBytes(data as RequestInit['body']);
    if (bytes) body = bytes;
    else if (isPlainData(data)) {
      if (!type) headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify(data), 'utf8');
    } else return undefined;
  }
  return { url, call: { method: config.method.toUpperCase(), headers, ...(body ? { body } : {}) } };
}

/** Whether `data` (neither text nor bytes) is to be sent as JSON: not a Blob, FormData or stream. */
function isPlainData(data: unknown): boolean {
  return !(data instanceof Blob || data instanceof FormData || data instanceof ReadableStream);
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
