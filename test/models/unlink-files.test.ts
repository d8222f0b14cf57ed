import { describe, expect, it } from 'vitest';
import { neutralisedOperators, offlineStore } from './mongo/offline-store.js';

// On both stores, against a real server for MongoDB: the case-store contract ("… when files are unlinked …").
describe('CaseStore.unlinkFiles', () => {
  it('MongoDB: asks for those ids linked to that case, and removes the link (no server)', async () => {
    const { store, sent } = await offlineStore();
    await store.unlinkFiles(['f1', 'f2'], 'c1');
    await store.close();
    const update = sent.find((c) => c.model === 'files' && c.method === 'updateMany');
    expect(JSON.parse(JSON.stringify(update?.filter))).toEqual({ _id: { $in: ['f1', 'f2'] }, caseId: 'c1' });
    expect(neutralisedOperators(update?.filter)).toEqual([]);
    expect(update?.second).toEqual({ $unset: { caseId: '' } });
  });
});
