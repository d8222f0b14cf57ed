import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { people } from './helpers/people.js';
import { loopbackOnly } from './helpers/loopback-only.js';
import { tempDirs } from './helpers/temp-dir.js';

const dirs = tempDirs('app-privacy-');

loopbackOnly();
afterAll(() => dirs.cleanup());

describe('startApp: data protection', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it('erases what Teams and Slack keep of a person with no case, also when neither transport runs', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: await dirs.make(), OUTBOX_DELIVERY: 'inline' });
    app = await startApp(config, { logger: pino({ level: 'silent' }), transports: [] });
    const { store, privacy } = app.services;
    // Written by the transports when the person used the bot in Teams and in Slack (earlier, with them switched on).
    await store.putRef('teams.ref', 'teams:aad-eva', { userId: '29:eva', name: 'Eva Holm', upn: 'Eva.Holm@au.dk' });
    await store.putRef('teams.ref.email', 'eva.holm@au.dk', { personId: 'teams:aad-eva' });
    const eva = { id: 'slack:U0EVA', name: 'Eva Holm', email: 'eva.holm@au.dk' };
    await store.putRef('slack_user', 'U0EVA', { person: eva, fetchedAt: '2025-03-03T09:00:00.000Z' });
    await store.putRef('slack_dm_channel', 'U0EVA', { channelId: 'D0EVA' });
    await store.putRef('slack_dm_channel', 'U0OTHER', { channelId: 'D0OTHER' });

    const exported = await privacy.exportPerson(people.birgitte, 'eva.holm@au.dk');
    if (!exported.ok) throw new Error('refused');
    expect(exported.data.refs.map((r) => `${r.kind}/${r.key}`).sort()).toEqual([
      'slack_dm_channel/U0EVA',
      'slack_user/U0EVA',
      'teams.ref.email/eva.holm@au.dk',
      'teams.ref/teams:aad-eva',
    ]);

    expect((await privacy.erasePerson(people.birgitte, 'eva.holm@au.dk')).ok).toBe(true);
    expect(await store.getRef('teams.ref', 'teams:aad-eva')).toBeNull();
    expect(await store.getRef('teams.ref.email', 'eva.holm@au.dk')).toBeNull();
    expect(await store.getRef('slack_user', 'U0EVA')).toBeNull();
    expect(await store.getRef('slack_dm_channel', 'U0EVA')).toBeNull();
    expect(await store.getRef('slack_dm_channel', 'U0OTHER')).toEqual({ channelId: 'D0OTHER' });
  });
});
