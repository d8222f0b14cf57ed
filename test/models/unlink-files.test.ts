import { afterAll, describe, expect, it } from 'vitest';
import type { StoredFile } from '../../src/models/case-store.js';
import { fileStores } from '../helpers/sqlite-stores.js';
import { tempDirs } from '../helpers/temp-dir.js';
import { neutralisedOperators, offlineStore } from './mongo/offline-store.js';

const dirs = tempDirs('unlink-files-');
const AT = '2025-03-03T10:00:00.000Z';
afterAll(async () => {
  await dirs.cleanup();
});

function file(id: string, caseId?: string): StoredFile {
  return {
    id,
    name: `${id}.png`,
    contentType: 'image/png',
    size: 3,
    at: AT,
    by: { id: 'teams:anna', name: 'Anna' },
    data: Buffer.from([1, 2, 3]),
    ...(caseId ? { caseId } : {}),
  };
}

describe('CaseStore.unlinkFiles', () => {
  const open = fileStores();

  it('SQLite: takes only the files linked to that case off it; they are then purged as files no case took', async () => {
    const store = await open(`${await dirs.make()}/cases.db`);
    for (const f of [file('sent', 'case-a'), file('kept', 'case-a'), file('other', 'case-b'), file('draft')])
      await store.saveFile(f);

    await store.unlinkFiles(['sent', 'other', 'draft', 'unknown'], 'case-a');
    await store.unlinkFiles([], 'case-a');

    expect((await store.getFile('sent'))?.caseId).toBeUndefined();
    expect((await store.getFile('kept'))?.caseId).toBe('case-a');
    expect((await store.getFile('other'))?.caseId).toBe('case-b');
    expect((await store.listFiles({ caseIds: ['case-a'] })).map((f) => f.id)).toEqual(['kept']);
    expect(await store.deleteFiles({ unlinkedBefore: '2025-03-04T00:00:00.000Z' })).toBe(2);
    expect(await store.getFile('sent')).toBeNull();
    expect((await store.getFile('kept'))?.data).toEqual(Buffer.from([1, 2, 3]));
  });

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
