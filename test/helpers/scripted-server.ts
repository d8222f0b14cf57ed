import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the scripted server received it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>/` */
  base: string;
  seen: SeenRequest[];
  /** Stops accepting and drops open connections (a later call meets a closed port). */
  close(): Promise<void>;
}

/**
 * A plain HTTP server on 127.0.0.1 whose every answer is written by `handle` (which may also never answer, cut a
 * body short or redirect) — for the platform-call edge cases nock does not fake faithfully. Records each request
 * with its whole body.
 */
export async function startScriptedServer(
  handle: (req: SeenRequest, res: ServerResponse) => void,
): Promise<ScriptedServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const one = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(one);
      handle(one, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let closed: Promise<void> | undefined;
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    seen,
    close() {
      closed ??= new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Writes `body` as JSON with `status` and any extra headers. */
export function answerJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
