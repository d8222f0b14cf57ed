import { DeliveryError } from '../../services/ports/chat-gateway.js';

/** Retry delay used when Teams answers 429 without a usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 5_000;

/** The HTTP status a failed Bot Connector call carries; undefined when it got no answer. */
export function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown; response?: { status?: unknown } };
  const status = e.status ?? e.statusCode ?? e.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterOf(err: unknown, now: Date): number | undefined {
  const headers = (err as { response?: { headers?: unknown } }).response?.headers;
  let raw: string | null | undefined;
  if (headers && typeof (headers as Headers).get === 'function') raw = (headers as Headers).get('retry-after');
  else if (headers && typeof headers === 'object') raw = (headers as Record<string, string | undefined>)['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * Turns a failed Bot Connector call into the outbox's `DeliveryError`: 429 → retry after Retry-After (seconds or
 * an HTTP date; 5 s when absent); 400/403/404/410 → permanent (the message is bad, or the conversation or the
 * bot's place in it is gone: retrying cannot help); 5xx, network errors and the rest → retry with back-off.
 * 401 is retried too: the connector refused the bot's own token (a rotated or expired secret, a changed app
 * registration, clock skew), which fails every message alike until it is mended — made permanent, one credential
 * problem dead-lettered every message at once, while retried they go out once the token is good again (and are
 * dead-lettered only after the outbox's attempts run out).
 */
export function toDeliveryError(err: unknown, what: string, now: Date = new Date()): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const status = statusOf(err);
  if (status === 429) {
    return new DeliveryError(`Teams throttled ${what} (429)`, {
      retryAfterMs: retryAfterOf(err, now) ?? DEFAULT_RETRY_AFTER_MS,
      cause: err,
    });
  }
  if (status !== undefined && [400, 403, 404, 410].includes(status)) {
    return new DeliveryError(`Teams refused ${what} (${status})`, { permanent: true, cause: err });
  }
  const reason = status !== undefined ? `HTTP ${status}` : err instanceof Error ? err.message : String(err);
  return new DeliveryError(`Teams could not ${what}: ${reason.slice(0, 200)}`, { cause: err });
}
