import type { DeliveryError } from '../services/ports/chat-gateway.js';

/** How a reply sent while a request is handled is retried when Teams or Slack fails for a moment. */
export interface ReplyRetryOptions {
  /** Waits before the second, third … attempt when the platform names no Retry-After (ms); default 250, 1000. */
  backoffMs?: readonly number[];
  /** A Retry-After longer than this is not waited for inside a request (ms); default 3000. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_BACKOFF_MS = [250, 1000] as const;
const DEFAULT_MAX_WAIT_MS = 3000;
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends a direct reply (the next intake question, a command's answer), trying again when the platform's failure
 * is passing — 429 (after its Retry-After, when that is short), 5xx, a timeout or a lost connection — as
 * `classify` (the platform's `toDeliveryError`) judges it. Refusals that another try cannot fix (a gone
 * conversation, a bad message) and waits longer than `maxWaitMs` end at once with the platform's own error. Direct
 * replies are not in the outbox (they answer what the person just did), so this is their only retry.
 */
export async function withReplyRetries<T>(
  send: () => Promise<T>,
  classify: (err: unknown) => DeliveryError,
  opts: ReplyRetryOptions = {},
): Promise<T> {
  const backoff = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
  const maxWait = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const sleep = opts.sleep ?? sleepFor;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const failure = classify(err);
      const wait = failure.retryAfterMs ?? backoff[attempt];
      if (failure.permanent || attempt >= backoff.length || wait === undefined || wait > maxWait) throw err;
      await sleep(wait);
    }
  }
}
