import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { REF_KINDS, TeamsRefs } from '../../../src/bot/teams/teams-refs.js';

const T0 = new Date('2025-03-03T09:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const anna = { userId: '29:anna', name: 'Anna Holm', tenantId: 'tenant-1', serviceUrl: 'https://smba.example/emea/' };

describe('TeamsRefs', () => {
  let store: SqliteCaseStore;
  let refs: TeamsRefs;
  let putRef: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    refs = new TeamsRefs(store, 60_000);
    putRef = vi.spyOn(store, 'putRef');
  });
  afterEach(async () => {
    await store.close();
  });

  it('skips the person write when nothing but the time changed within the refresh interval', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    const saved = await refs.savePerson('teams:anna', { ...anna }, later(1_000));
    expect(putRef).toHaveBeenCalledTimes(1);
    expect(saved.updatedAt).toBe(T0.toISOString());
    expect((await refs.person('teams:anna'))?.updatedAt).toBe(T0.toISOString());
  });

  it('writes the person when a field changed', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    await refs.savePerson('teams:anna', { ...anna, name: 'Anna H. Holm', locale: 'da-DK' }, later(1_000));
    expect(putRef).toHaveBeenCalledTimes(2);
    expect(await refs.person('teams:anna')).toMatchObject({ name: 'Anna H. Holm', locale: 'da-DK' });
  });

  it('rewrites an unchanged person once the stored record is older than the refresh interval', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    await refs.savePerson('teams:anna', anna, later(60_000));
    expect(putRef).toHaveBeenCalledTimes(2);
    expect((await refs.person('teams:anna'))?.updatedAt).toBe(later(60_000).toISOString());
  });

  it('writes the person again when the stored record was deleted meanwhile', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    await store.deleteRef(REF_KINDS.person, 'teams:anna');
    await refs.savePerson('teams:anna', anna, later(1_000));
    expect(await refs.person('teams:anna')).toMatchObject({ userId: '29:anna' });
  });

  it('writes the service URL once per tenant until it changes or the refresh interval passes', async () => {
    await refs.saveServiceUrl('tenant-1', 'https://smba.example/emea/', T0);
    await refs.saveServiceUrl('tenant-1', 'https://smba.example/emea/', later(1_000));
    expect(putRef).toHaveBeenCalledTimes(2);
    await refs.saveServiceUrl('tenant-1', 'https://smba.example/amer/', later(2_000));
    expect(putRef).toHaveBeenCalledTimes(4);
    expect(await refs.serviceUrl('tenant-1')).toBe('https://smba.example/amer/');
    expect(await refs.serviceUrl(undefined)).toBe('https://smba.example/amer/');
    await refs.saveServiceUrl('tenant-1', 'https://smba.example/amer/', later(70_000));
    expect(putRef).toHaveBeenCalledTimes(6);
  });

  it('rewrites a channel binding only when it changed or its capture is older than the refresh interval', async () => {
    const binding = {
      teamId: '19:arts-it@thread.tacv2',
      channelId: '19:arts-support@thread.tacv2',
      serviceUrl: 'https://smba.example/emea/',
      tenantId: 'tenant-1',
      capturedAt: T0.toISOString(),
    };
    await refs.saveChannel('arts-support', binding);
    await refs.saveChannel('arts-support', { ...binding, capturedAt: later(1_000).toISOString() });
    expect(putRef).toHaveBeenCalledTimes(1);
    await refs.saveChannel('arts-support', { ...binding, teamName: 'ARTS IT', capturedAt: later(2_000).toISOString() });
    expect(putRef).toHaveBeenCalledTimes(2);
    expect(await refs.channel('arts-support')).toMatchObject({ teamName: 'ARTS IT' });
    await refs.saveChannel('arts-support', {
      ...binding,
      teamName: 'ARTS IT',
      capturedAt: later(70_000).toISOString(),
    });
    expect(putRef).toHaveBeenCalledTimes(3);
  });
});
