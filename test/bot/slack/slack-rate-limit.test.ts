import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { SlackWebClient } from '../../../src/bot/slack/slack-client.js';
import { slackRateLimit } from '../../../src/bot/slack/slack-rate-limit.js';
import { createLogger } from '../../../src/logger.js';
import { ManualClock } from '../../../src/services/clock.js';
import type { Locale } from '../../../src/models/case.js';
import { RateLimiter, rateLimitedText } from '../../../src/services/rate-limit.js';
import { fixtureDirectory } from '../../helpers/services.js';
import { RESPONSE_ORIGIN, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { modalSubmission, slashCommand } from '../../helpers/slack-requests.js';

interface Seen {
  acks: unknown[];
  passed: number;
  messages: unknown[];
}

function limited(quickLocale: (userId: string) => Locale = () => 'en'): {
  middleware: Middleware<AnyMiddlewareArgs>;
  seen: Seen;
} {
  const seen: Seen = { acks: [], passed: 0, messages: [] };
  const client = {
    chat: {
      postMessage: async (m: unknown) => {
        seen.messages.push(m);
        return { ok: true };
      },
    },
  } as unknown as SlackWebClient;
  const middleware = slackRateLimit({
    limiter: new RateLimiter({ burst: 1, refillPerSecond: 0, clock: new ManualClock('2025-03-03T09:00:00Z') }),
    client,
    directory: fixtureDirectory([]),
    quickLocale,
    defaultLocale: 'en',
    logger: createLogger('silent'),
  });
  return { middleware, seen };
}

async function request(middleware: Middleware<AnyMiddlewareArgs>, seen: Seen, body: object): Promise<void> {
  const args = {
    body,
    ack: async (answer?: unknown) => {
      seen.acks.push(answer);
    },
    next: async () => {
      seen.passed += 1;
    },
  };
  await middleware(args as unknown as Parameters<Middleware<AnyMiddlewareArgs>>[0]);
}

describe('slackRateLimit', () => {
  it('answers a limited options request with no options and sends no message when someone types too fast', async () => {
    const { middleware, seen } = limited();
    const typing = { type: 'block_suggestion', user: { id: 'U1' }, action_id: 'assign', value: 'a' };
    await request(middleware, seen, typing);
    await request(middleware, seen, typing);
    expect(seen.passed).toBe(1);
    expect(seen.acks).toEqual([{ options: [] }]);
    expect(seen.messages).toEqual([]);
  });

  it('keeps typing and clicking on separate budgets when someone searches a menu, then clicks', async () => {
    const { middleware, seen } = limited();
    const typing = { type: 'block_suggestion', user: { id: 'U1' }, action_id: 'assign', value: 'a' };
    await request(middleware, seen, typing);
    await request(middleware, seen, typing);
    // The search budget (1) is spent; the click still has its own.
    await request(middleware, seen, { type: 'block_actions', user: { id: 'U1' }, actions: [] });
    expect(seen.passed).toBe(2);
    expect(seen.acks).toEqual([{ options: [] }]);
    expect(seen.messages).toEqual([]);
  });

  it('acknowledges a limited click without an answer and tells the person once when they click too fast', async () => {
    const { middleware, seen } = limited();
    const click = { type: 'block_actions', user: { id: 'U1' }, actions: [] };
    await request(middleware, seen, click);
    await request(middleware, seen, click);
    expect(seen.passed).toBe(1);
    expect(seen.acks).toEqual([undefined]);
    expect(seen.messages).toHaveLength(1);
  });

  /** A submitted form with these input blocks. */
  const submission = (blocks: string[]) => ({
    type: 'view_submission',
    user: { id: 'U1' },
    view: {
      id: 'V1',
      callback_id: 'case_form',
      state: { values: Object.fromEntries(blocks.map((b) => [b, { [b]: { type: 'plain_text_input', value: 'x' } }])) },
    },
  });

  it('keeps a limited form open with the message on its first input when someone submits too fast', async () => {
    const { middleware, seen } = limited();
    await request(middleware, seen, submission(['note.text', 'note.public']));
    await request(middleware, seen, submission(['note.text', 'note.public']));
    await request(middleware, seen, submission(['note.text', 'note.public']));
    expect(seen.passed).toBe(1);
    // Both limited ones (the notice and the dropped one alike): the modal stays, nothing typed is lost.
    expect(seen.acks).toEqual([
      { response_action: 'errors', errors: { 'note.text': rateLimitedText.en } },
      { response_action: 'errors', errors: { 'note.text': rateLimitedText.en } },
    ]);
    expect(seen.messages).toEqual([]);
  });

  it('pushes the message over a limited form without inputs, in the language kept of the person', async () => {
    const { middleware, seen } = limited((userId) => (userId === 'U1' ? 'da' : 'en'));
    await request(middleware, seen, submission([]));
    await request(middleware, seen, submission([]));
    expect(seen.acks).toHaveLength(1);
    expect(seen.acks[0]).toMatchObject({ response_action: 'push', view: { type: 'modal' } });
    expect(JSON.stringify(seen.acks[0])).toContain(rateLimitedText.da);
  });

  describe('with the transport', () => {
    const h = slackHarnessPerTest({}, slackUsers.bo);

    it("answers a limited form in the language the transport remembers from the person's last request", async () => {
      nock(RESPONSE_ORIGIN).post('/commands/help').reply(200, 'ok');
      h.transport.bolt.use(
        slackRateLimit({
          limiter: new RateLimiter({ burst: 2, refillPerSecond: 0, clock: new ManualClock('2025-03-03T09:00:00Z') }),
          client: h.client,
          directory: h.directory,
          quickLocale: h.transport.quickLocale,
          defaultLocale: 'en',
          logger: createLogger('silent'),
        }),
      );
      // Bo (Danish in Slack) asks for help: his look-up is remembered.
      await h.send(slashCommand(slackUsers.bo, 'help', { responseUrl: `${RESPONSE_ORIGIN}/commands/help` }));
      expect(h.transport.quickLocale(slackUsers.bo.id)).toBe('da');
      const form = modalSubmission(
        slackUsers.bo,
        { id: 'V1', callbackId: 'case_form' },
        { 'note.text': { 'note.text': { type: 'plain_text_input', value: 'x' } } },
      );
      await h.send(form);

      const limited = await h.send(form);

      expect(await limited.json()).toEqual({
        response_action: 'errors',
        errors: { 'note.text': rateLimitedText.da },
      });
    });
  });
});
