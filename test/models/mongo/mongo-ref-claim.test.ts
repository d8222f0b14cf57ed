import { describe, expect, it } from 'vitest';
import { offlineStore } from './offline-store.js';

const AT = '2025-03-03T10:00:00.000Z';

/**
 * `putRefIfOlder` as the server would get it (no server here; the contract suite runs it against one when
 * configured): its conditions must reach the server as operators, not as equalities `sanitizeFilter` makes of them.
 */
describe('MongoCaseStore.putRefIfOlder (no server)', () => {
  it('upserts the record only where its time is missing, not a string or earlier than the given time', async () => {
    const { store, sent } = await offlineStore();
    await store.putRefIfOlder('outbox.unbound', 'network', { alertedAt: AT }, 'alertedAt', AT);
    await store.close();

    const update = sent.find((c) => c.model === 'refs' && c.method === 'updateOne');
    expect(JSON.parse(JSON.stringify(update?.filter))).toEqual({
      kind: 'outbox.unbound',
      key: 'network',
      $or: [{ 'value.alertedAt': { $not: { $type: 'string' } } }, { 'value.alertedAt': { $lt: AT } }],
    });
    expect(update?.third).toMatchObject({ upsert: true });
  });

  it('says whether it stored the record: matched or inserted, not when the unique key refused the insert', async () => {
    const answer = (result: () => unknown) => offlineStore({ refs: { updateOne: result } });
    const claim = async (result: () => unknown) => {
      const { store } = await answer(result);
      try {
        return await store.putRefIfOlder('outbox.unbound', 'network', { alertedAt: AT }, 'alertedAt', AT);
      } finally {
        await store.close();
      }
    };
    const outcome = (matchedCount: number, upsertedCount: number) => () => ({
      acknowledged: true,
      matchedCount,
      modifiedCount: matchedCount,
      upsertedCount,
      upsertedId: upsertedCount ? 'x' : null,
    });
    expect(await claim(outcome(1, 0))).toBe(true);
    expect(await claim(outcome(0, 1))).toBe(true);
    expect(
      await claim(() => {
        throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
      }),
    ).toBe(false);
  });
});
