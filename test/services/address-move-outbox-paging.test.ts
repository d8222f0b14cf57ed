import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseStore, OutboxMessage } from '../../src/models/case-store.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { readdressOutbox } from '../../src/services/address-cases.js';
import { draft } from '../../src/services/outbox/deliveries.js';

/**
 * The move of a person's cases re-addresses her pending personal messages page by page (`readdressOutbox`): a
 * message delivered by the delivery worker while the pages are read passes none over.
 */

const OLD = 'anna.employee@au.dk';
const NEW = 'anna.holm@au.dk';
const anna = { id: `email:${OLD}`, name: 'Anna Employee', email: OLD };
const bo = { id: 'email:bo.nielsen@au.dk', name: 'Bo Nielsen', email: 'bo.nielsen@au.dk' };
const text = (t: string) => ({ kind: 'message' as const, locale: 'en' as const, text: t });
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('readdressOutbox while messages are delivered', () => {
  let store: SqliteCaseStore;
  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
  });
  afterEach(async () => {
    await store.close();
  });

  const byKey = async (key: string): Promise<OutboxMessage> =>
    (await store.listOutbox({ limit: 100 })).find((m) => m.key === key)!;

  it("re-addresses Anna's message although one before it is delivered after the first page was read", async () => {
    await store.enqueueOutbox([
      draft('bo-1', { kind: 'send_person', person: bo, view: text('For Bo') }),
      draft('bo-2', { kind: 'send_person', person: bo, view: text('For Bo too') }),
      draft('anna', { kind: 'send_person', person: anna, view: text('For Anna') }),
    ]);
    await store.claimOutbox(later(1), 'worker', 60_000, 10);
    const first = (await byKey('bo-1')).id;
    // The delivery worker acks Bo's first message right after the first page is read.
    let reads = 0;
    const delivering = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop !== 'listOutbox') return Reflect.get(target, prop, receiver);
        return async (filter: Parameters<CaseStore['listOutbox']>[0]) => {
          const page = await target.listOutbox(filter);
          if (++reads === 1) await target.ackOutbox(first, 'worker', later(1));
          return page;
        };
      },
    });

    expect(await readdressOutbox(delivering, `email:${OLD}`, NEW, undefined, 2)).toBe(1);

    expect(await byKey('anna')).toMatchObject({
      state: 'pending',
      leaseOwner: 'worker',
      payload: { person: { id: `email:${NEW}`, name: anna.name, email: NEW }, view: text('For Anna') },
    });
    expect((await byKey('bo-1')).state).toBe('sent');
    expect((await byKey('bo-2')).payload['person']).toEqual(bo);
  });
});
