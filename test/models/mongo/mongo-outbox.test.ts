import { describe, expect, it } from 'vitest';
import { indexesOf, indexServing, offlineStore, sortOf } from './offline-store.js';

const AT = '2025-03-03T10:00:00.000Z';
const LATER = '2025-03-03T10:05:00.000Z';

describe('MongoCaseStore.claimOutbox (no server)', () => {
  it('claims in the order the messages were written (time, then seq), as the index gives it', async () => {
    const { store, sent, models } = await offlineStore();
    await store.claimOutbox(AT, 'w', 60_000, 10);
    await store.close();

    const claim = sent.find((c) => c.model === 'outbox' && c.method === 'findOneAndUpdate');
    // Messages written together are claimed in the order they were written (`seq`), as on SQLite.
    expect(sortOf(claim)).toEqual({ createdAt: 1, seq: 1 });
    expect(indexServing(indexesOf(models, 'outbox'), claim!.filter, sortOf(claim))).toBe('state_created_seq');
  });

  it("checks a case's earlier pending messages on the index of its pending messages", async () => {
    const fresh = { _id: 'm1', caseId: 'c1', state: 'pending', createdAt: AT, seq: 1, attempts: 1 };
    let given = false;
    const { store, sent, models } = await offlineStore({
      outbox: {
        findOneAndUpdate: () => {
          if (given) return null;
          given = true;
          return fresh;
        },
      },
    });
    await store.claimOutbox(AT, 'w', 60_000, 10);
    await store.close();

    const check = sent.find((c) => c.model === 'outbox' && c.method === 'find');
    expect(check?.filter).toMatchObject({ caseId: { $in: ['c1'] }, state: 'pending' });
    const [keys, options] = indexesOf(models, 'outbox').find(([, o]) => o.name === 'case_state_created_seq')!;
    expect(Object.keys(keys)).toEqual(['caseId', 'state', 'createdAt', 'seq']);
    // Partial on `caseId` existing: `$in` of strings implies it, so the server may use the index for the check.
    expect(options.partialFilterExpression).toEqual({ caseId: { $exists: true } });
  });

  const msg = (id: string, caseId: string | undefined, seq: number, extra: Record<string, unknown> = {}) => ({
    _id: id,
    key: id,
    kind: 'send_person',
    payload: {},
    state: 'pending',
    attempts: 1,
    nextAttemptAt: AT,
    createdAt: AT,
    seq,
    ...(caseId ? { caseId } : {}),
    ...extra,
  });

  /** A claim over `due` (oldest first), with `waiting` the pending messages that wait for a retry or are leased. */
  async function claim(due: ReturnType<typeof msg>[], waiting: ReturnType<typeof msg>[], limit: number) {
    const { store, sent } = await offlineStore({
      outbox: {
        // The oldest due message the filter lets through (ids and held-back cases left out), as the server picks.
        findOneAndUpdate: (call) => {
          const f = call.filter as { _id?: { $nin?: string[] }; caseId?: { $nin?: string[] } };
          return (
            due.find((d) => !f._id?.$nin?.includes(d._id) && !(d.caseId && f.caseId?.$nin?.includes(d.caseId))) ?? null
          );
        },
        find: (call) => {
          const cases = (call.filter['caseId'] as { $in: string[] }).$in;
          return { toArray: async () => waiting.filter((w) => w.caseId && cases.includes(w.caseId)) };
        },
      },
    });
    const got = await store.claimOutbox(LATER, 'disp-a', 60_000, limit);
    await store.close();
    return { got: got.map((m) => m.id), sent };
  }

  it("hands back a case's messages that come after one waiting for a retry and fills their places from other cases", async () => {
    const { got, sent } = await claim(
      [
        msg('a1', 'case-a', 1),
        msg('a3', 'case-a', 3),
        msg('b1', 'case-b', 4),
        msg('n1', undefined, 5),
        msg('c1', 'case-c', 6),
      ],
      [msg('a2', 'case-a', 2, { nextAttemptAt: '2025-03-03T10:30:00.000Z' })],
      3,
    );

    // a1 comes before the waiting a2, so it goes; a3 waits for a2.
    expect(got).toEqual(['a1', 'b1', 'n1']);
    const released = sent.find((c) => c.method === 'updateMany');
    expect(JSON.parse(JSON.stringify(released?.filter))).toMatchObject({
      _id: { $in: ['a3'] },
      leaseOwner: 'disp-a',
      state: 'pending',
    });
    expect(released?.second).toEqual({ $unset: { leaseOwner: '', leaseUntil: '' }, $inc: { attempts: -1 } });
    const refill = sent.filter((c) => c.method === 'findOneAndUpdate').at(-1);
    expect(JSON.parse(JSON.stringify(refill?.filter))).toMatchObject({ caseId: { $nin: ['case-a'] } });
    // The check asks for the cases' earlier messages leased by others or waiting for a retry.
    const check = sent.find((c) => c.method === 'find');
    expect(JSON.parse(JSON.stringify(check?.filter))).toEqual({
      caseId: { $in: ['case-a', 'case-b'] },
      state: 'pending',
      $or: [
        { leaseUntil: { $gt: LATER }, leaseOwner: { $ne: 'disp-a' } },
        { attempts: { $gt: 0 }, nextAttemptAt: { $gt: LATER } },
      ],
    });
  });

  it('returns what it claimed in the order the messages were written, whatever round claimed them', async () => {
    const { got } = await claim(
      [msg('a1', 'case-a', 2), msg('b1', 'case-b', 3), msg('c1', 'case-c', 4)],
      [msg('a0', 'case-a', 1, { leaseUntil: '2025-03-03T10:05:30.000Z', leaseOwner: 'disp-z' })],
      2,
    );
    expect(got).toEqual(['b1', 'c1']);
  });
});

describe('MongoCaseStore.retryOutbox and deadOutbox (no server)', () => {
  const reached = { repliedIn: [{ platform: 'teams', messageId: 'card-1' }] };

  /** The update each call sent to the outbox collection. */
  async function updatesOf(calls: (store: Awaited<ReturnType<typeof offlineStore>>['store']) => Promise<void>) {
    const { store, sent } = await offlineStore();
    await calls(store);
    await store.close();
    return sent.filter((c) => c.model === 'outbox' && c.method === 'updateOne').map((c) => c.second);
  }

  it("sets what a partly delivered message got out as its result, and leaves the result alone without it, as SQLite's coalesce does", async () => {
    const updates = await updatesOf(async (store) => {
      await store.retryOutbox('m1', 'w', LATER, 'HTTP 503', reached);
      await store.retryOutbox('m1', 'w', LATER, 'HTTP 503');
      await store.deadOutbox('m1', 'w', 'HTTP 403', reached);
      await store.deadOutbox('m1', 'w', 'HTTP 403');
    });

    const unlease = { $unset: { leaseOwner: '', leaseUntil: '' } };
    expect(updates).toEqual([
      { $set: { nextAttemptAt: LATER, lastError: 'HTTP 503', result: reached }, ...unlease },
      { $set: { nextAttemptAt: LATER, lastError: 'HTTP 503' }, ...unlease },
      { $set: { state: 'dead', lastError: 'HTTP 403', result: reached }, ...unlease },
      { $set: { state: 'dead', lastError: 'HTTP 403' }, ...unlease },
    ]);
  });
});

describe('MongoCaseStore.renewOutboxLease (no server)', () => {
  it('extends the lease in one update conditional on its owner still holding the pending message, never shortening it', async () => {
    let matched = 1;
    const { store, sent } = await offlineStore({
      outbox: {
        updateOne: () => ({ acknowledged: true, matchedCount: matched, modifiedCount: matched, upsertedCount: 0 }),
      },
    });
    expect(await store.renewOutboxLease('m1', 'disp-a', AT, 30_000)).toBe(true);
    matched = 0;
    expect(await store.renewOutboxLease('m1', 'disp-a', LATER, 30_000)).toBe(false);
    await store.close();

    const renewals = sent.filter((c) => c.model === 'outbox' && c.method === 'updateOne');
    expect(renewals).toHaveLength(2);
    expect(JSON.parse(JSON.stringify(renewals[0]?.filter))).toEqual({
      _id: 'm1',
      leaseOwner: 'disp-a',
      state: 'pending',
    });
    expect(renewals[0]?.second).toEqual({ $max: { leaseUntil: '2025-03-03T10:00:30.000Z' } });
    expect(renewals[1]?.second).toEqual({ $max: { leaseUntil: '2025-03-03T10:05:30.000Z' } });
  });
});
