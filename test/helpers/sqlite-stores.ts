import { afterEach } from 'vitest';
import { SqliteCaseStore, type SqliteStoreOptions } from '../../src/models/sqlite/sqlite-case-store.js';

/**
 * For a describe block: a function opening an SQLite store on a file (no background checkpoints unless `options`
 * say otherwise, so a test's raw connection sees what it wrote), every store opened closed after each test.
 */
export function fileStores(): (file: string, options?: SqliteStoreOptions) => Promise<SqliteCaseStore> {
  const open: SqliteCaseStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (file, options = {}) => {
    const store = new SqliteCaseStore({ file, checkpointIntervalMs: 0, ...options });
    open.push(store);
    await store.init();
    return store;
  };
}
