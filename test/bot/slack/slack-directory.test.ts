import nock from 'nock';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

  it('answers repeated lookups from memory without reading the store again', async () => {
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, usersInfoBody(slackUsers.anna));
    await directory.lookup('slack:U0ANNA');
    let reads = 0;
    const getRef = store.getRef.bind(store);
    store.getRef = async (kind, key) => {
      reads += 1;
      return getRef(kind, key);
    };
    expect((await directory.lookup('slack:U0ANNA'))?.name).toBe('Anna Berg');
    expect(await directory.lookup('slack:U0ANNA')).toMatchObject({ email: 'anna.berg@cas.au.dk', locale: 'en' });
    expect(reads).toBe(0);
  });

  it('reads the store again once the memory lifetime is over, and Slack only when the profile is stale', async () => {
    const client = createSlackClient({
      botToken: 'xoxb-t',
      logger: pino({ level: 'silent' }),
      slackApiUrl: SLACK_API_URL,
    });
    const dir = new SlackDirectory({ client, store, clock, defaultLocale: 'da', ttlMs: 60_000, memoryTtlMs: 10_000 });
    const info = nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, usersInfoBody(slackUsers.anna));
    await dir.lookup('slack:U0ANNA');
    expect(info.isDone()).toBe(true);
    // Another instance refreshed the profile in the shared store meanwhile.
    const stored = await store.getRef('slack_user', 'U0ANNA');
    await store.putRef('slack_user', 'U0ANNA', {
      ...stored,
      person: { ...(stored?.['person'] as object), name: 'Anna B. Berg' },
    });
    clock.advance(9_999);
    expect((await dir.lookup('slack:U0ANNA'))?.name).toBe('Anna Berg');
    clock.advance(1);
    expect((await dir.lookup('slack:U0ANNA'))?.name).toBe('Anna B. Berg');
  });

  it('never keeps a profile in memory past its freshness', async () => {
    const client = createSlackClient({
      botToken: 'xoxb-t',
      logger: pino({ level: 'silent' }),
      slackApiUrl: SLACK_API_URL,
    });
    const dir = new SlackDirectory({ client, store, clock, defaultLocale: 'da', ttlMs: 60_000, memoryTtlMs: 600_000 });
    const info = nock(SLACK_API_ORIGIN)
      .post('/api/users.info')
      .reply(200, usersInfoBody(slackUsers.anna))
      .post('/api/users.info')
      .reply(200, usersInfoBody({ ...slackUsers.anna, locale: 'da-DK' }));
    expect((await dir.lookup('slack:U0ANNA'))?.locale).toBe('en');
    clock.advance(60_000);
    expect((await dir.lookup('slack:U0ANNA'))?.locale).toBe('da');
    expect(info.isDone()).toBe(true);
  });

  it('asks Slack once for lookups of one user that overlap', async () => {
    const info = nock(SLACK_API_ORIGIN)
      .post('/api/users.info')
      .delay(20)
      .reply(200, usersInfoBody(slackUsers.anna))
      .post('/api/users.info')
      .reply(200, usersInfoBody(slackUsers.anna));
    const found = await Promise.all([1, 2, 3].map(() => directory.lookup('slack:U0ANNA')));
    expect(found.map((p) => p?.name)).toEqual(['Anna Berg', 'Anna Berg', 'Anna Berg']);
    expect(info.pendingMocks()).toHaveLength(1);
  });

  it('forgets a remembered user Slack no longer knows once the memory is over', async () => {
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, usersInfoBody(slackUsers.anna));
    await directory.lookup('slack:U0ANNA');
    clock.advance(61_000);
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, { ok: false, error: 'user_not_found' });
    expect(await directory.lookup('slack:U0ANNA')).toBeNull();
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, { ok: false, error: 'user_not_found' });
    expect(await directory.lookup('slack:U0ANNA')).toBeNull();
    expect(await store.getRef('slack_user', 'U0ANNA')).toBeNull();
  });

  it('does not keep a stale answer in memory: the next lookup asks Slack again', async () => {
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, usersInfoBody(slackUsers.anna));
    await directory.lookup('slack:U0ANNA');
    clock.advance(120_000);
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(503, 'down');
    expect((await directory.lookup('slack:U0ANNA'))?.name).toBe('Anna Berg');
    const again = nock(SLACK_API_ORIGIN)
      .post('/api/users.info')
      .reply(200, usersInfoBody({ ...slackUsers.anna, name: 'Anna Q. Berg' }));
    expect((await directory.lookup('slack:U0ANNA'))?.name).toBe('Anna Q. Berg');
    expect(again.isDone()).toBe(true);
  });

  it('uses the stale entry when Slack is unreachable', async () => {
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, usersInfoBody(slackUsers.anna));
    await directory.lookup('slack:U0ANNA');
    clock.advance(120_000);
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(503, 'down');
    expect((await directory.lookup('slack:U0ANNA'))?.name).toBe('Anna Berg');
  });
  it('forgets an erased person kept in memory, by id and by e-mail, so the next look-up asks again', async () => {
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, usersInfoBody(slackUsers.anna));
    await directory.lookup('slack:U0ANNA');
    // Kept in memory: found by e-mail with no Slack call.
    expect((await directory.search('anna.berg@cas.au.dk')).map((p) => p.id)).toEqual(['slack:U0ANNA']);
    // The erase removed the store's cached profile; memory goes too.
    await store.deleteRef('slack_user', 'U0ANNA');
    directory.forget(['email:anna.berg@cas.au.dk'], 'Anna.Berg@cas.au.dk');
    const gone = nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, { ok: false, error: 'user_not_found' });
    expect(await directory.lookup('slack:U0ANNA')).toBeNull();
    expect(gone.isDone()).toBe(true);
    const unknown = nock(SLACK_API_ORIGIN)
      .post('/api/users.lookupByEmail')
      .reply(200, { ok: false, error: 'users_not_found' });
    expect(await directory.search('anna.berg@cas.au.dk')).toEqual([]);
    expect(unknown.isDone()).toBe(true);
  });

  it('finds a person by e-mail through Slack, once while remembered, without reading every cached profile; by name in the cache', async () => {
    nock(SLACK_API_ORIGIN).post('/api/users.info').reply(200, usersInfoBody(slackUsers.bo));
    await directory.lookup('slack:U0BO');
    const byEmail = nock(SLACK_API_ORIGIN)
      .post('/api/users.lookupByEmail', (b) => formOf(b)['email'] === 'anna.berg@cas.au.dk')
      .reply(200, usersInfoBody(slackUsers.anna));
    const listRefs = vi.spyOn(store, 'listRefs');
    expect((await directory.search(' Anna.Berg@cas.au.dk ')).map((p) => p.id)).toEqual(['slack:U0ANNA']);
    expect(byEmail.isDone()).toBe(true);
    expect(listRefs).not.toHaveBeenCalled();
    // Asked again soon (the next SLA ping): from memory, no Slack call; after the memory's lifetime, Slack again.
    expect((await directory.search('anna.berg@cas.au.dk')).map((p) => p.id)).toEqual(['slack:U0ANNA']);
    clock.advance(6 * 60_000);
    const again = nock(SLACK_API_ORIGIN).post('/api/users.lookupByEmail').reply(200, usersInfoBody(slackUsers.anna));
    expect((await directory.search('anna.berg@cas.au.dk')).map((p) => p.id)).toEqual(['slack:U0ANNA']);
    expect(again.isDone()).toBe(true);
    // An address Slack does not know is still looked for among the cached profiles; a name only there.
    nock(SLACK_API_ORIGIN).post('/api/users.lookupByEmail').reply(200, { ok: false, error: 'users_not_found' });
    expect(await directory.search('nobody@au.dk')).toEqual([]);
    expect((await directory.search('nielsen')).map((p) => p.id)).toEqual(['slack:U0BO']);
    expect(listRefs).toHaveBeenCalledTimes(2);
  });
});
