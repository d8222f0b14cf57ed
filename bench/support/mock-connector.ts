import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for the Bot Connector service (Teams' outbound REST API). */
export interface MockConnector {
  /** `http://127.0.0.1:<port>/`: put it in activities' `serviceUrl`. */
  serviceUrl: string;
  /** Requests received so far, by method. */
  counts: Record<string, number>;
  close(): Promise<void>;
}

/**
 * A tiny HTTP server on 127.0.0.1 that accepts what the Agents SDK sends: POST/PUT of activities (answered with
 * a fresh activity id; Slack Web API calls get `ok: true`) and GET of a conversation member (answered with `member(userId)`, e.g. an e-mail that makes
 * the user staff in the catalogue). Bodies are read and dropped; every answer is immediate, so the figures
 * measure the bot, not the network.
 */
export async function startMockConnector(
  member: (userId: string) => Record<string, string> = (id) => ({ id, name: id }),
  /** Answers for other calls (e.g. Slack's `users.info`); undefined falls back to an `{ ok, id, ts }` answer. */
  respond: (method: string, url: string, body: string) => unknown = () => undefined,
): Promise<MockConnector> {
  const counts: Record<string, number> = {};
  let seq = 0;
  const server: Server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    counts[method] = (counts[method] ?? 0) + 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seq += 1;
      let body: unknown = respond(method, req.url ?? '', Buffer.concat(chunks).toString('utf8')) ?? {
        ok: true,
        id: `activity-${seq}`,
        ts: `1700000000.${String(seq).padStart(6, '0')}`,
        channel: 'C0BENCH',
      };
      if (method === 'GET' && /\/members\//.test(req.url ?? '')) {
        const m = /\/members\/([^/?]+)/.exec(req.url ?? '');
        body = member(decodeURIComponent(m?.[1] ?? 'unknown'));
      }
      const text = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
