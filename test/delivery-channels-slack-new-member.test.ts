import nock from 'nock';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { deliveryChannels } from '../src/delivery-channels.js';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import { systemClock } from '../src/services/clock.js';
import { formOf, SLACK_API_ORIGIN, SLACK_API_URL, usersInfoBody } from './helpers/slack-harness.js';
import { loopbackOnly } from './helpers/loopback-only.js';

/**
 * The delivery worker's Slack directory (`deliveryChannels`) does not remember that Slack knew nobody by an address:
 * no `team_join` reaches the worker thread to end that, and a message to an address nobody has is a dead letter, so
 * a message to a member who has just joined would be lost for up to the main thread's 5 minutes.
 */

loopbackOnly();
const NEW = { id: 'U0NEW', name: 'Nanna Holm', email: 'nanna.holm@au.dk' };

describe("the delivery worker's Slack directory", () => {
  const store = new SqliteCaseStore({ file: ':memory:' });
  afterEach(async () => {
    await store.close();
  });

  it('finds a member who joined just after Slack said nobody had the address', async () => {
    await store.init();
    const config = loadConfig({ SLACK_SIGNING_SECRET: 'secret-0123456789abcdef', SLACK_BOT_TOKEN: 'xoxb-test' });
    const logger = pino({ level: 'silent' });
    const channels = deliveryChannels(config, { slackApiUrl: SLACK_API_URL }, { store, clock: systemClock, logger });
    const slack = channels.directories.find((d) => d.prefix === 'slack:')?.directory;
    let joined = false;
    nock(SLACK_API_ORIGIN)
      .persist()
      .post('/api/users.lookupByEmail', (b) => formOf(b)['email'] === NEW.email)
      .reply(200, () => (joined ? usersInfoBody(NEW) : { ok: false, error: 'users_not_found' }));

    expect(await slack?.search(NEW.email)).toEqual([]);
    joined = true;
    expect(await slack?.search(NEW.email)).toEqual([
      expect.objectContaining({ id: `slack:${NEW.id}`, email: NEW.email }),
    ]);
  });
});
