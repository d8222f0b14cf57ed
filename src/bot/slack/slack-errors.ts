import * as webApi from '@slack/web-api';
import { DeliveryError } from '../../services/ports/chat-gateway.js';

/**
 * Slack API errors retrying cannot fix: the target is gone or the bot may not post there, or the message itself
 * is refused. Everything else (network, 5xx, auth hiccups) is worth another try by the outbox.
 */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'users_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_arguments',
  'restricted_action',
  'missing_scope',
]);

/**
 * Refusals that say the bot cannot answer the person *there*: a channel it is not in (an ephemeral case card looked
 * up in any channel), a DM between other people, an archived or post-restricted channel. Another way of answering
 * (the bot's DM) still works. A response URL's own refusals: `responseUrlRefused`.
 */
const NOT_THERE_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_in_channel',
  'restricted_action',
]);

/** Connection failures that come before a request is sent: the other side cannot have taken anything. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * True when Slack refused an answer because of where it was sent (see `NOT_THERE_ERRORS`), not what it was, or
 * when a response URL certainly took no answer (`responseUrlRefused`).
 */
export function cannotAnswerThere(err: unknown): boolean {
  const code = slackErrorCode(err);
  if (code !== undefined) return NOT_THERE_ERRORS.has(code);
  return responseUrlRefused(err);
}

/**
 * True when a response URL certainly did not show the answer, so that answering elsewhere cannot show it twice:
 * Slack answered 4xx (404/410 or 400/403 with `expired_url`, `used_url` and the like: the URL is used up or
 * expired; a 429: not taken), or the connection failed before the request went out (refused, unknown host). Not
 * after a 5xx, a timeout or a connection lost once the request was sent: Slack may have posted it.
 */
export function responseUrlRefused(err: unknown): boolean {
  const e = err as { code?: unknown; statusCode?: unknown };
  // Bolt's `respond()` throws this for any answer of the response URL that is not 2xx.
  if (e.code === 'slack_bolt_respond_error') {
    return typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500;
  }
  return notSent(err);
}

/** True when the error, or one it wraps (the Web API client's `original`, a `cause`), matches `test`. */
function inChain(err: unknown, test: (e: { code?: unknown; name?: unknown }) => boolean): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    if (test(e as { code?: unknown; name?: unknown })) return true;
    const wrapped = e as { original?: unknown; cause?: unknown };
    e = wrapped.original ?? wrapped.cause;
  }
  return false;
}

/** True when the call's connection failed before anything was sent (`NOT_SENT_CODES`, however wrapped). */
function notSent(err: unknown): boolean {
  return inChain(err, (e) => typeof e.code === 'string' && NOT_SENT_CODES.has(e.code));
}

/**
 * True when a call failed because Slack did not answer within the platform timeout (a `TimeoutError`, however the
 * Web API client or a `DeliveryError` wrapped it): Slack may have done what was asked.
 */
export function isTimeout(err: unknown): boolean {
  return inChain(err, (e) => e.name === 'TimeoutError');
}

/** The Slack error string (`channel_not_found`) of a Web API platform error, else undefined. */
export function slackErrorCode(err: unknown): string | undefined {
  if (err instanceof webApi.WebAPIPlatformError) return err.data.error;
  if (typeof err === 'object' && err !== null && 'data' in err) {
    const data = (err as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string') return data.error;
  }
  return undefined;
}

/**
 * Turns a WebClient failure into the port's `DeliveryError`: a 429 (rejected rate-limited call) carries
 * `retryAfterMs` from Retry-After; the errors above, and HTTP 4xx other than 429, are permanent.
 */
export function toDeliveryError(err: unknown, what: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError(`Slack ${what}: rate limited, retry after ${err.retryAfter} s`, {
      retryAfterMs: Math.max(0, err.retryAfter) * 1000,
      cause: err,
    });
  }
  const code = slackErrorCode(err);
  if (code !== undefined) {
    return new DeliveryError(`Slack ${what}: ${code}`, { permanent: PERMANENT_ERRORS.has(code), cause: err });
  }
  // Bolt's `respond()` (a response URL): 404/410 once the URL expired, 429/5xx when Slack is busy.
  const respond = err as { code?: unknown; statusCode?: unknown };
  if (respond.code === 'slack_bolt_respond_error' && typeof respond.statusCode === 'number') {
    const status = respond.statusCode;
    const permanent = status >= 400 && status < 500 && status !== 429;
    return new DeliveryError(`Slack ${what}: HTTP ${status}`, { permanent, cause: err });
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    const permanent = err.statusCode >= 400 && err.statusCode < 500 && err.statusCode !== 429;
    return new DeliveryError(`Slack ${what}: HTTP ${err.statusCode}`, { permanent, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError(`Slack ${what}: ${message}`, { cause: err });
}
