import { Agent, setGlobalDispatcher } from 'undici';

/** Connecting to Teams or Slack takes at most this long, whatever the whole call may take. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Bounds every `fetch` of this thread — the Agents SDK's Bot Connector calls and Bolt's response-URL answers have
 * no timeout of their own (Node's default waits 5 minutes for an answer) — by `timeoutMs` for the answer's headers
 * and again between body chunks. A stalled call then fails like any other passing failure: a direct reply is
 * retried (`withReplyRetries`), an outbox message goes back to the outbox with back-off. Each thread has its own
 * dispatcher, so the main thread and the outbox worker both call this.
 */
export function limitPlatformCalls(timeoutMs: number): void {
  setGlobalDispatcher(
    new Agent({
      connect: { timeout: Math.min(timeoutMs, CONNECT_TIMEOUT_MS) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    }),
  );
}
