import { describe, expect, it } from 'vitest';
import { socketTransport } from '../../helpers/slack-socket-transport.js';

describe('slack transport in Socket Mode', () => {
  it('waits in stop() for the work after an event was acknowledged', async () => {
    const transport = await socketTransport();
    expect(transport.mode).toBe('socket');
    let finished = false;
    transport.bolt.event('reaction_added', async () => {
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    });
    let acked = false;
    const processing = transport.bolt.processEvent({
      body: {
        type: 'event_callback',
        team_id: 'T0AU',
        api_app_id: 'A0APP',
        event_id: 'Ev-socket-1',
        event_time: 1_700_000_000,
        event: {
          type: 'reaction_added',
          user: 'U0BO',
          reaction: 'eyes',
          item: { type: 'message', channel: 'C1', ts: '1.2' },
        },
      },
      ack: async () => {
        acked = true;
      },
      retryNum: undefined,
      retryReason: undefined,
      customProperties: {},
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(acked).toBe(true);
    expect(finished).toBe(false);
    await transport.stop();
    expect(finished, 'stop() returned while the work after the ack was still running').toBe(true);
    await processing;
  });
});
