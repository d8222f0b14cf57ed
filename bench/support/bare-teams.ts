import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Activity } from '@microsoft/agents-activity';
import { CloudAdapter, type Request as AgentsRequest, type WebResponse } from '@microsoft/agents-hosting';
import express from 'express';

/** The baseline: a bare Agents SDK echo bot. */
export interface BareTeamsBot {
  url: string;
  close(): Promise<void>;
}

/**
 * The smallest Agents SDK bot: an anonymous `CloudAdapter` behind `express.json()` on POST /api/messages that
 * echoes a message back into its conversation (one outbound POST to the connector, as our bot's reply) and answers
 * an `adaptiveCard/action` invoke with a small card, the same work a Teams bot cannot avoid.
 */
export async function startBareTeamsBot(): Promise<BareTeamsBot> {
  const adapter = new CloudAdapter({});
  const app = express();
  app.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
    await adapter.process(req as unknown as AgentsRequest, res as unknown as WebResponse, async (context) => {
      if (context.activity.type === 'invoke') {
        const card = {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: `echo ${context.activity.value ? 'action' : ''}` }],
        };
        await context.sendActivity(
          Activity.fromObject({
            type: 'invokeResponse',
            value: {
              status: 200,
              body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
            },
          }),
        );
        return;
      }
      if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    // As our server (src/http/server.ts): idle keep-alive connections are kept 65 s, not Node's 5 s, so the load
    // generator does not open new ones inside this side's window after the other side's series and outbox wait.
    s.keepAliveTimeout = 65_000;
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
