import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { deliveryChannels } from '../src/delivery-channels.js';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import { systemClock } from '../src/services/clock.js';

const logger = pino({ level: 'silent' });

describe('deliveryChannels', () => {
  const store = new SqliteCaseStore({ file: ':memory:' });
  afterEach(async () => {
    await store.close();
  });

  it('gives the delivery worker a Teams gateway only when Slack is not configured', async () => {
    await store.init();
    const channels = deliveryChannels(loadConfig({}), {}, { store, clock: systemClock, logger });
    expect(channels.gateways.map((g) => g.platform)).toEqual(['teams']);
    expect(channels.directories.map((d) => d.prefix)).toEqual(['teams:']);
  });

  it('adds the Slack gateway and puts the Slack directory first when Slack is configured', async () => {
    await store.init();
    // On loopback, so anonymous Teams is served beside Slack (on a network address Teams would be off).
    const config = loadConfig({
      SLACK_SIGNING_SECRET: 'secret-0123456789abcdef',
      SLACK_BOT_TOKEN: 'xoxb-test',
      HOST: '127.0.0.1',
    });
    const channels = deliveryChannels(config, {}, { store, clock: systemClock, logger });
    expect(channels.gateways.map((g) => g.platform)).toEqual(['teams', 'slack']);
    // The same order as the transports give the app's composite directory: Slack, then Teams.
    expect(channels.directories.map((d) => d.prefix)).toEqual(['slack:', 'teams:']);
  });

  it('leaves Teams out in production without Teams credentials (Slack alone), where the Agents SDK refuses it', async () => {
    await store.init();
    const config = loadConfig({
      NODE_ENV: 'production',
      SLACK_SIGNING_SECRET: 'secret-0123456789abcdef',
      SLACK_BOT_TOKEN: 'xoxb-test',
    });
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production'; // what the SDK reads itself, as in the worker of a production process
    try {
      const channels = deliveryChannels(config, {}, { store, clock: systemClock, logger });
      expect(channels.gateways.map((g) => g.platform)).toEqual(['slack']);
      expect(channels.directories.map((d) => d.prefix)).toEqual(['slack:']);
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });
});
