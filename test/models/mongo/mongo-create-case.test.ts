import { describe, expect, it } from 'vitest';
import type { OutboxDraft } from '../../../src/models/case-store.js';
import { caseToDocument } from '../../../src/models/mongo/documents.js';
import { buildCase, buildNewCase } from '../../helpers/case-builder.js';
import { offlineStore, type SentCall } from './offline-store.js';

const upsertedKeys = (sent: SentCall[]): string[] =>
  sent.filter((c) => c.model === 'outbox' && c.method === 'updateOne').map((c) => String(c.filter['key']));

describe('MongoCaseStore.createCase without transactions (no server)', () => {
  const receipt = (c: { id: string; number: string }): OutboxDraft[] => [
    { key: `${c.id}:receipt`, kind: 'send_person', payload: { number: c.number } },
    { key: `${c.id}:v1:post_card`, kind: 'post_card', payload: {} },
  ];

  it('writes the drafts when a registration is retried for a case stored at version 1 (the first try lost them)', async () => {
    const stored = caseToDocument(buildCase({ id: 'reg-1', number: 'INC-000007', version: 1 }));
    const { store, sent } = await offlineStore({ cases: { findOne: () => stored } });
    expect(store.usesTransactions).toBe(false);

    const again = await store.createCase({ ...buildNewCase(), id: 'reg-1' }, receipt);
    await store.close();

    expect(again).toMatchObject({ id: 'reg-1', number: 'INC-000007' });
    expect(upsertedKeys(sent)).toEqual(['reg-1:receipt', 'reg-1:v1:post_card']);
    const upsert = sent.find((c) => c.model === 'outbox' && c.method === 'updateOne');
    expect(upsert?.second).toMatchObject({
      $setOnInsert: { caseId: 'reg-1', state: 'pending', payload: { number: 'INC-000007' } },
    });
    expect(upsert?.third).toMatchObject({ upsert: true });
    // No number was used.
    expect(sent.filter((c) => c.model === 'counters')).toEqual([]);
  });

  it('writes nothing when the case has been changed since it was created', async () => {
    const stored = caseToDocument(buildCase({ id: 'reg-2', number: 'INC-000008', version: 3 }));
    const { store, sent } = await offlineStore({ cases: { findOne: () => stored } });
    await store.createCase({ ...buildNewCase(), id: 'reg-2' }, receipt);
    await store.close();
    expect(upsertedKeys(sent)).toEqual([]);
  });

  it("writes the drafts as a retry when it loses the race to create the same case, from the winner's case", async () => {
    const winner = caseToDocument(buildCase({ id: 'reg-3', number: 'INC-000009', version: 1 }));
    let stored = false;
    const { store, sent } = await offlineStore({
      cases: {
        findOne: () => (stored ? winner : null),
        insertMany: () => {
          stored = true;
          throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
        },
      },
      counters: { findOneAndUpdate: () => ({ _id: 'incident', seq: 10 }) },
    });
    const got = await store.createCase({ ...buildNewCase(), id: 'reg-3' }, receipt);
    await store.close();
    expect(got.number).toBe('INC-000009');
    expect(upsertedKeys(sent)).toEqual(['reg-3:receipt', 'reg-3:v1:post_card']);
  });
});
