import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** A local stand-in for the Bot Connector service (Teams' outbound REST API) and the Slack Web API. */
export interface MockConnector {
  /** `http://127.0.0.1:<port>/`: put it in activities' `serviceUrl`. */
  serviceUrl: string;
  /** Requests received so far, by method. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

type FromChild = { port: number } | { counts: Record<string, number> };

/**
 * Starts the mock platform (bench/support/mock-connector-child.ts) in a child process of its own, as Teams and
 * Slack are elsewhere: in the bench's own process its request handling and, worse, its accepting of new
 * connections waited behind the bot's work on the one event loop — a burst of 50 new conversations then saw
 * replies accepted up to a second late, a stall no real platform adds — and its CPU counted as the bot's.
 * The child inherits the bench's `tsx` loader (`process.execArgv`), if any.
 */
export async function startMockConnector(): Promise<MockConnector> {
  // `.ts` under tsx; `.js` when the bench runs compiled (the memory bench's deployed-form run).
  const program = import.meta.url.endsWith('.ts') ? './mock-connector-child.ts' : './mock-connector-child.js';
  const child: ChildProcess = fork(fileURLToPath(new URL(program, import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // One listener for the whole life of the child: each message settles the oldest waiter.
  const waiting: { resolve: (m: FromChild) => void; reject: (e: Error) => void }[] = [];
  child.on('message', (m: FromChild) => waiting.shift()?.resolve(m));
  child.on('exit', () => {
    for (const w of waiting.splice(0)) w.reject(new Error('the mock connector process exited'));
  });
  const next = (): Promise<FromChild> => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = await next();
  if (!('port' in ready)) throw new Error('the mock connector did not say its port');
  return {
    serviceUrl: `http://127.0.0.1:${ready.port}/`,
    async counts() {
      child.send('counts');
      const answer = await next();
      if (!('counts' in answer)) throw new Error('the mock connector did not answer with its counts');
      return answer.counts;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send('close');
      await exited;
    },
  };
}
