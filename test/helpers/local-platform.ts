import { startScriptedServer } from './scripted-server.js';

/** One request the bot made to the local platform. */
export interface PlatformCall {
  method: string;
  path: string;
  /** JSON bodies parsed; Slack's form bodies as their fields. */
  body: Record<string, unknown>;
}

export interface LocalPlatform {
  /** Teams service URL (`…/teams/`): the connector's routes live under it. */
  teamsServiceUrl: string;
  /** Slack Web API base (`…/api/`). */
  slackApiUrl: string;
  calls: PlatformCall[];
  /** The calls that were held (see `hold`) and so never got an answer. */
  held: PlatformCall[];
  /**
   * From now on the calls `match` accepts get no answer: the request is taken and recorded, the connection left
   * open (as a platform that stalls). `null` answers everything again (held calls stay unanswered).
   */
  hold(match: ((call: PlatformCall) => boolean) | null): void;
  /**
   * Resolves with the first call (already made or still to come) that `match` accepts; rejects after `timeoutMs`
   * (10 s).
   */
  waitFor(match: (call: PlatformCall) => boolean, what: string, timeoutMs?: number): Promise<PlatformCall>;
  close(): Promise<void>;
}

function parse(raw: string, type: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (type?.includes('json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * The Bot Connector and the Slack Web API as a real HTTP server on 127.0.0.1, for what nock cannot fake: calls
 * made from a worker thread (the outbox delivery worker's), which nock — patching the test thread's `http` module
 * only — never sees. Records every call. Teams: new conversations answer `<channel>;messageid=<n>`, sends and
 * updates a fresh activity id, member look-ups the e-mail of `emails` (404 otherwise). Slack: `users.info` from
 * `emails` by user id, `conversations.open` a DM id, everything else `{ ok, ts, channel }`.
 */
export async function startLocalPlatform(emails: Record<string, string> = {}): Promise<LocalPlatform> {
  const calls: PlatformCall[] = [];
  const held: PlatformCall[] = [];
  let holding: ((call: PlatformCall) => boolean) | null = null;
  const waiters: { match: (c: PlatformCall) => boolean; resolve: (c: PlatformCall) => void }[] = [];
  let seq = 0;
  const answer = (call: PlatformCall): [number, unknown] => {
    seq += 1;
    const { method, path } = call;
    if (path.startsWith('/teams/')) {
      const member = /\/members\/([^/?]+)/.exec(path);
      if (method === 'GET' && member) {
        const id = decodeURIComponent(member[1] ?? '');
        const email = emails[id];
        return email ? [200, { id, email, userPrincipalName: email }] : [404, {}];
      }
      if (method === 'POST' && /\/v3\/conversations\/?$/.test(path)) {
        const channel = (call.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
        const n = 1_700_000_000_000 + seq;
        return [200, { id: channel ? `${channel};messageid=${n}` : `a:created-${n}`, activityId: String(n) }];
      }
      return [200, { id: `activity-${seq}` }];
    }
    const apiMethod = path.replace(/^\/api\//, '');
    if (apiMethod === 'users.info') {
      const id = String(call.body.user ?? '');
      const email = emails[id];
      if (!email) return [200, { ok: false, error: 'user_not_found' }];
      return [200, { ok: true, user: { id, name: id, real_name: id, profile: { real_name: id, email } } }];
    }
    if (apiMethod === 'conversations.open') return [200, { ok: true, channel: { id: `D${seq}` } }];
    const ts = `1700000000.${String(seq).padStart(6, '0')}`;
    return [200, { ok: true, ts, channel: call.body.channel ?? 'C0' }];
  };
  const server = await startScriptedServer((req, res) => {
    const call = { method: req.method, path: req.url, body: parse(req.body, req.headers['content-type']) };
    calls.push(call);
    for (const w of waiters.splice(0)) {
      if (w.match(call)) w.resolve(call);
      else waiters.push(w);
    }
    if (holding?.(call)) {
      held.push(call);
      return;
    }
    const [status, body] = answer(call);
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  const base = server.base.replace(/\/$/, '');
  return {
    teamsServiceUrl: `${base}/teams/`,
    slackApiUrl: `${base}/api/`,
    calls,
    held,
    hold(match) {
      holding = match;
    },
    waitFor(match, what, timeoutMs = 10_000) {
      const seen = calls.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the platform never saw ${what}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (c) => {
            clearTimeout(timer);
            resolve(c);
          },
        });
      });
    },
    close: () => server.close(),
  };
}
