import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';

/** The baseline: a bare Bolt app. */
export interface BareSlackApp {
  url: string;
  close(): Promise<void>;
}

/**
 * The smallest Bolt app over HTTP: an `ExpressReceiver` on /slack/events verifying the same signing secret, with
 * `processBeforeResponse: false` as ours, a slash command listener and a block-action listener that only `ack()`.
 * The bot identity is given, so Bolt never calls `auth.test`.
 */
export async function startBareSlackApp(signingSecret: string, command: string): Promise<BareSlackApp> {
  const receiver = new ExpressReceiver({ signingSecret, endpoints: '/slack/events', processBeforeResponse: false });
  const app = new App({
    receiver,
    token: 'xoxb-bare-token',
    botId: 'B0BARE',
    botUserId: 'U0BARE',
    logLevel: LogLevel.ERROR,
  });
  app.command(command, async ({ ack }) => {
    await ack();
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const server: Server = await new Promise((resolve) => {
    const s = receiver.app.listen(0, '127.0.0.1', () => resolve(s));
    // As our server (src/http/server.ts): idle keep-alive connections are kept 65 s, not Node's 5 s, so the load
    // generator does not open new ones inside this side's window after the other side's series and outbox wait.
    s.keepAliveTimeout = 65_000;
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
