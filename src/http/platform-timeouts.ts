/** Marks the bounded `fetch`, so a second start in one thread (tests) re-bounds the original instead of nesting. */
const BOUNDED = Symbol.for('au-incident-bot.boundedFetch');

type BoundedFetch = typeof fetch & { [BOUNDED]?: { original: typeof fetch; timeoutMs: number } };

/** The readers of a response body; each is bounded by what is left of the call's time (see below). */
const READERS = ['arrayBuffer', 'blob', 'formData', 'json', 'text'] as const;

/**
 * Bounds every `fetch` of this thread by `timeoutMs`, from the call until its answer is read: the Agents SDK's
 * Bot Connector calls and Bolt's response-URL answers have no timeout of their own (Node's `fetch` waits up to
 * 5 minutes for headers, and as long again for a stalled body). A stalled call then fails with a `TimeoutError`
 * like any passing failure — a direct reply is sent again (`withReplyRetries`), an outbox message goes back with
 * back-off. One timer runs until the headers arrive, another while the body is read with `json()`, `text()` … (a
 * body nobody reads holds nothing up); both are cleared as soon as they are done, so a finished call leaves no
 * timer behind. A signal the caller gave still aborts the call until its headers arrive. Each thread has its own
 * `fetch`, so the main thread and the outbox worker both call this. (undici's `Agent` with `headersTimeout` would
 * do much the same, but loading undici into the worker costs ~10 MB of the 250 MB budget.)
 */
export function limitPlatformCalls(timeoutMs: number): void {
  const current = globalThis.fetch as BoundedFetch;
  const original = current[BOUNDED]?.original ?? current;
  const bounded: BoundedFetch = async (input, init) => {
    const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const control = new AbortController();
    const deadline = Date.now() + timeoutMs;
    const expire = () => control.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
    const headers = setTimeout(expire, timeoutMs).unref();
    // Forwarded until the headers arrive; removed then, so a long-lived caller signal gathers no listeners.
    const forward = () => control.abort(given?.reason);
    if (given?.aborted) forward();
    else given?.addEventListener('abort', forward, { once: true });
    try {
      const res = await original(input, { ...init, signal: control.signal });
      if (res.body) for (const name of READERS) boundReader(res, name, expire, deadline);
      return res;
    } finally {
      clearTimeout(headers);
      given?.removeEventListener('abort', forward);
    }
  };
  bounded[BOUNDED] = { original, timeoutMs };
  globalThis.fetch = bounded;
}

/** Makes `res[name]()` fail (`expire`) when the body is not read by `deadline`. */
function boundReader(res: Response, name: (typeof READERS)[number], expire: () => void, deadline: number): void {
  const read = res[name].bind(res) as () => Promise<unknown>;
  Object.defineProperty(res, name, {
    configurable: true,
    value: () => {
      const body = setTimeout(expire, Math.max(0, deadline - Date.now())).unref();
      return read().finally(() => clearTimeout(body));
    },
  });
}
