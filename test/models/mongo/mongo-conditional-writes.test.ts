import { describe, expect, it } from 'vitest';
import type { NewArticle } from '../../../src/models/case-store.js';
import { neutralisedOperators, offlineStore, type SentCall } from './offline-store.js';

const ARTICLE: NewArticle = {
  id: 'case-inc-000007',
  title: 'Eduroam drops in building 1481',
  body: 'Replace the access point.',
  keywords: ['eduroam'],
  locale: 'en',
  sourceCase: 'INC-000007',
  createdAt: '2025-03-03T10:00:00.000Z',
};

/** What the server would get (BSON drops the trusted mark, a symbol). */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const replaced = (calls: SentCall[]) => calls.filter((c) => c.model === 'articles' && c.method === 'replaceOne');

/**
 * The MongoDB adapter's conditional article writes and the outbox payload rewrite, as the server would get them
 * (no server here: the store contract runs against a real `mongod` only where one is installed).
 */
describe('MongoCaseStore conditional writes (no server)', () => {
  it('writes an article saved from a case version only over none or an earlier one, and refuses on the key clash', async () => {
    let clash = false;
    const { store, sent } = await offlineStore({
      articles: {
        replaceOne: () => {
          if (clash) throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
          return { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: 'x' };
        },
      },
    });
    const saved = await store.saveArticle(ARTICLE, { sourceVersion: 9 });
    expect(saved).toMatchObject({ id: ARTICLE.id, sourceVersion: 9, body: ARTICLE.body });
    expect(typeof saved?.revision).toBe('string');
    const [call] = replaced(sent);
    expect(plain(call?.filter)).toEqual({
      _id: ARTICLE.id,
      $or: [{ sourceVersion: null }, { sourceVersion: { $lte: 9 } }],
    });
    expect(neutralisedOperators(call?.filter)).toEqual([]);
    expect(call?.second).toMatchObject({ sourceVersion: 9, revision: saved?.revision });
    expect(call?.third).toMatchObject({ upsert: true });

    // A later version is stored: the filter misses it, and the upsert's insert clashes on the id.
    clash = true;
    expect(await store.saveArticle(ARTICLE, { sourceVersion: 5 })).toBeNull();
    await store.close();
  });

  it('replaces an article only at the revision read, never upserting it', async () => {
    let matched = 0;
    const { store, sent } = await offlineStore({
      articles: {
        replaceOne: () => ({ acknowledged: true, matchedCount: matched, modifiedCount: matched, upsertedCount: 0 }),
      },
    });
    expect(await store.saveArticle({ ...ARTICLE, revision: 'r1' }, { revision: 'r1' })).toBeNull();
    matched = 1;
    const saved = await store.saveArticle({ ...ARTICLE, revision: 'r1' }, { revision: 'r1' });
    expect(saved?.revision).not.toBe('r1');
    expect(await store.saveArticle(ARTICLE, { revision: null })).not.toBeNull();
    const calls = replaced(sent);
    expect(calls.map((c) => plain(c.filter))).toEqual([
      { _id: ARTICLE.id, revision: 'r1' },
      { _id: ARTICLE.id, revision: 'r1' },
      { _id: ARTICLE.id, revision: null },
    ]);
    expect(calls.every((c) => (c.third as { upsert?: boolean } | undefined)?.upsert !== true)).toBe(true);
    await store.close();
  });

  it('deletes an article only when it was saved from that version or an earlier one', async () => {
    const { store, sent } = await offlineStore({
      articles: { deleteOne: () => ({ acknowledged: true, deletedCount: 1 }) },
    });
    expect(await store.deleteArticle(ARTICLE.id!, { sourceVersion: 4 })).toBe(true);
    const call = sent.find((c) => c.model === 'articles' && c.method === 'deleteOne');
    expect(plain(call?.filter)).toEqual({
      _id: ARTICLE.id,
      $or: [{ sourceVersion: null }, { sourceVersion: { $lte: 4 } }],
    });
    expect(neutralisedOperators(call?.filter)).toEqual([]);
    await store.close();
  });

  it('rewrites the payload of a pending outbox message only', async () => {
    let matched = 0;
    const { store, sent } = await offlineStore({
      outbox: {
        updateOne: () => ({ acknowledged: true, matchedCount: matched, modifiedCount: matched, upsertedCount: 0 }),
      },
    });
    expect(await store.rewriteOutboxPayload('m1', { text: 'About [removed]' })).toBe(false);
    matched = 1;
    expect(await store.rewriteOutboxPayload('m1', { text: 'About [removed]' })).toBe(true);
    const call = sent.find((c) => c.model === 'outbox' && c.method === 'updateOne');
    expect(plain(call?.filter)).toEqual({ _id: 'm1', state: 'pending' });
    expect(plain(call?.second)).toEqual({ $set: { payload: { text: 'About [removed]' } } });
    await store.close();
  });
});
