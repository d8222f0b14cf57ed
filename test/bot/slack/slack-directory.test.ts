import nock from 'nock';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../../src/bot/slack/slack-client.js';
import { SlackDirectory } from '../../../src/bot/slack/slack-directory.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { formOf, SLACK_API_ORIGIN, SLACK_API_URL, slackUsers, usersInfoBody } from '../../helpers/slack-harness.js';

describe('SlackDirectory', () => {
  let store: SqliteCaseStore;
  let clock: ManualClock;
  let directory: SlackDirectory;
  beforeEach(async () => {
    nock.disableNetConnect();
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    clock = new ManualClock('2025-03-03T09:00:00.000Z');
    const client = createSlackClient({
      botToken: 'xoxb-t',
      logger: pino({ level: 'silent' }),
      slackApiUrl: SLACK_API_URL,
    });
    directory = new SlackDirectory({ client, store, clock, defaultLocale: 'da', ttlMs: 60_000 });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await store.close();
  });

  it('reads name, e-mail and locale with include_locale and caches them until they expire', async () => {
    const info = nock(SLACK_API_ORIGIN)
      .post('/api/users.info', (b) => formOf(b)['user'] === 'U0ANNA' && String(formOf(b)['include_locale']) === 'true')
      .twice()
      .reply(200, usersInfoBody(slackUsers.anna));
    const first = await directory.lookup('slack:U0ANNA');
    expect(first).toMatchObject({ id: 'slack:U0ANNA', name: 'Anna Berg', email: 'anna.berg@cas.au.dk', locale: 'en' });
    await directory.lookup('slack:U0ANNA');
    expect(info.pendingMocks()).toHaveLength(1);
    clock.advance(61_000);
    await directory.lookup('slack:U0ANNA');
    expect(info.isDone()).toBe(true);
  });

  it('falls back to DEFAULT_LOCALE when Slack gives a language the bot does not speak', async () => {
    nock(SLACK_API_ORIGIN)
      .post('/api/users.info')
      .reply(200, usersInfoBody({ ...slackUsers.bo, locale: 'fr-FR' }));
    expect((await directory.lookup('slack:U0BO'))?.locale).toBe('da');
  });

  it('returns null for unknown users and for ids of other platforms', async () => {
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, { ok: false, error: 'user_not_found' });
    expect(await directory.lookup('slack:U0GONE')).toBeNull();
    expect(await directory.lookup('teams:anna')).toBeNull();
  });

  it('uses the stale entry when Slack is unreachable', async () => {
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, usersInfoBody(slackUsers.anna));
    await directory.lookup('slack:U0ANNA');
    clock.advance(120_000);
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(503, 'down');
    expect((await directory.lookup('slack:U0ANNA'))?.name).toBe('Anna Berg');
  });
});
