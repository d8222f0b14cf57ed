import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { socketTransport } from '../../helpers/slack-socket-transport.js';
import { describeStartupFailure } from '../../../src/startup-failure.js';

describe('slack transport start in Socket Mode', () => {
  afterEach(() => {
    nock.cleanAll();
  });

  it('names SLACK_APP_TOKEN, not the bot token, when apps.connections.open refuses the app token', async () => {
    nock('https://slack.com')
      .post('/api/apps.connections.open')
      .reply(200, { ok: false, error: 'invalid_auth' })
      .persist();
    const transport = await socketTransport('xapp-refused-token');
    const err = await transport.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    await transport.stop().catch(() => {});
    expect(err).toBeDefined();
    const failure = describeStartupFailure(err, { host: '0.0.0.0', port: 3978 });
    expect(failure.exitCode).toBe(78);
    expect(failure.message).toContain('apps.connections.open: invalid_auth');
    expect(failure.message).toContain('SLACK_APP_TOKEN');
    expect(failure.message).not.toContain('SLACK_BOT_TOKEN');
  });
});
