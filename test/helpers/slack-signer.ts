import { createHmac } from 'node:crypto';

/** The signing secret the Slack tests configure. */
export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/**
 * Slack's request signature (v0): `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with the signing
 * secret. `timestamp` is in seconds (default now).
 */
export function slackSignature(secret: string, body: string, timestamp: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedRequestOptions {
  /** Default: now. */
  timestamp?: number;
  secret?: string;
  /** Sign with this instead (a forged or wrong signature). */
  signature?: string;
  /** Leave the signature headers out. */
  unsigned?: boolean;
  headers?: Record<string, string>;
}

export type SlackBody =
  | { kind: 'form'; fields: Record<string, string> }
  | { kind: 'interactive'; payload: Record<string, unknown> }
  | { kind: 'event'; json: Record<string, unknown> };

function encode(body: SlackBody): { text: string; contentType: string } {
  switch (body.kind) {
    case 'form':
      return { text: new URLSearchParams(body.fields).toString(), contentType: 'application/x-www-form-urlencoded' };
    case 'interactive':
      return {
        text: new URLSearchParams({ payload: JSON.stringify(body.payload) }).toString(),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 'event':
      return { text: JSON.stringify(body.json), contentType: 'application/json' };
  }
}

/** Posts a request to the server the way Slack does: encoded body, `X-Slack-Request-Timestamp`, `X-Slack-Signature`. */
export async function postSigned(url: string, body: SlackBody, opts: SignedRequestOptions = {}): Promise<Response> {
  const { text, contentType } = encode(body);
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType, ...opts.headers };
  if (!opts.unsigned) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] =
      opts.signature ?? slackSignature(opts.secret ?? TEST_SIGNING_SECRET, text, timestamp);
  }
  return fetch(url, { method: 'POST', headers, body: text });
}
