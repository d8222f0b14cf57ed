/** Marks the bounded `fetch`, so a second start in one thread (tests) re-bounds the original instead of nesting. */
const BOUNDED = Symbol.for('au-incident-bot.boundedFetch');

type BoundedFetch = typeof fetch & { [BOUNDED]?: { original: typeof fetch; timeoutMs: number } };

/**
 * Bounds every `fetch` of this thread by `timeoutMs`, from the call until its answer is read: the Agents SDK's
 * Bot Connector calls and Bolt's response-URL answers have no timeout of their own (Node's `fetch` waits up to
 * 5 minutes for headers, and as long again for a stalled body). A stalled call then fails with a `TimeoutError`
 * like any passing failure — a direct reply is sent again (`withReplyRetries`), an outbox message goes back with
 * back-off. A signal the caller gave still aborts the call. Each thread has its own `fetch`, so the main thread
 * and the outbox worker both call this. (undici's `Agent` with `headersTimeout` would do the same, but loading
 * undici into the worker costs ~10 MB of the 250 MB budget.)
 */
export function limitPlatformCalls(timeoutMs: number): void {
  const current = globalThis.fetch as BoundedFetch;
  const original = current[BOUNDED]?.original ?? current;
  const bounded: BoundedFetch = (input, init) => {
    const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const control = new AbortController();
    setTimeout(() => {
      control.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs).unref();
    if (!given) return original(input, { ...init, signal: control.signal });
    // Forwarded while the call runs; removed after, so a long-lived caller signal gathers no listeners.
    const forward = () => control.abort(given.reason);
    if (given.aborted) forward();
    else given.addEventListener('abort', forward, { once: true });
    const call = original(input, { ...init, signal: control.signal });
    const stop = () => given.removeEventListener('abort', forward);
    call.then(stop, stop);
    return call;
  };
  bounded[BOUNDED] = { original, timeoutMs };
  globalThis.fetch = bounded;
}
