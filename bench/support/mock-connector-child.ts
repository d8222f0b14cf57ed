import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The mock platform's process (started by `startMockConnector`): a tiny HTTP server on 127.0.0.1 that accepts
 * what the Agents SDK and the Slack WebClient send — POST/PUT of activities (a fresh activity id), GET of a
 * conversation member (an e-mail: bench staff `29:staff-<n>` resolve to `staff-<n>@au.dk`), Slack `users.info`
 * (a profile with the same e-mails for `USTAFF<n>`), anything else `{ ok: true, ts }`. Bodies are read and dropped;
 * every answer is immediate. Says its port over IPC, answers `counts`, exits on `close`.
 */
function emailOf(id: string): string {
  const m = /^(?:29:staff-|USTAFF)(\d+)$/.exec(id);
  return m ? `staff-${m[1]}@au.dk` : `${id.replace(/[^a-z0-9]/gi, '').toLowerCase()}@example.dk`;
}

function answer(method: string, url: string, body: string, seq: number): unknown {
  if (method === 'GET' && url.includes('/members/')) {
    const id = decodeURIComponent(/\/members\/([^/?]+)/.exec(url)?.[1] ?? 'unknown');
    return { id, name: id, email: emailOf(id), userPrincipalName: emailOf(id) };
  }
  if (method === 'POST' && url.includes('users.info')) {
    const user = new URLSearchParams(body).get('user') ?? 'U0';
    const profile = { real_name: user, email: emailOf(user) };
    return { ok: true, user: { id: user, name: user, real_name: user, locale: 'en-US', profile } };
  }
  return { ok: true, id: `activity-${seq}`, ts: `1700000000.${String(seq).padStart(6, '0')}`, channel: 'C0BENCH' };
}

const counts: Record<string, number> = {};
let seq = 0;
const server = createServer((req, res) => {
  const method = req.method ?? 'GET';
  counts[method] = (counts[method] ?? 0) + 1;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seq += 1;
    const text = JSON.stringify(answer(method, req.url ?? '', Buffer.concat(chunks).toString('utf8'), seq));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message) => {
  if (message === 'counts') process.send?.({ counts });
  if (message === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
