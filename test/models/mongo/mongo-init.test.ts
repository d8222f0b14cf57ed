import sift from 'sift';
import { describe, expect, it, vi } from 'vitest';
import { type MongoCaseStore, NO_TRANSACTIONS_WARNING } from '../../../src/models/mongo/mongo-case-store.js';
import { SUPERSEDED_INDEXES } from '../../../src/models/mongo/schemas.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { offlineStore } from './offline-store.js';

describe('MongoCaseStore.init (no server)', () => {
  /** Runs `init()` against a stand-in server that answers `hello` so and holds `cases` (raw documents). */
  async function initWith(hello: Record<string, unknown>, cases: Record<string, unknown>[] = []) {
    const warn = vi.fn();
    const { store, models } = await offlineStore({}, { warn });
    warn.mockClear();
    const written: unknown[] = [];
    const dropped: string[] = [];
    // The stand-in finds what the server would: the documents the filter matches (`sift`: MongoDB's query language,
    // as mongoose itself evaluates it).
    const collection = (docs: Record<string, unknown>[]) => ({
      find: (filter: Record<string, unknown> = {}) => {
        const found = docs.filter(sift.default(filter));
        return {
          toArray: async () => found,
          async *[Symbol.asyncIterator]() {
            yield* found;
          },
        };
      },
      bulkWrite: async (ops: unknown[]) => {
        written.push(...ops);
      },
    });
    const db = {
      admin: () => ({ command: async () => hello }),
      collection: (name: string) => collection(name === 'cases' ? cases : []),
    };
    const conn = (store as unknown as { conn: { openUri: unknown } }).conn;
    conn.openUri = async () => conn;
    Object.defineProperty(conn, 'db', { configurable: true, get: () => db });
    for (const [name, model] of Object.entries(models)) {
      const m = model as unknown as Record<string, unknown> & { collection: Record<string, unknown> };
      m['createCollection'] = async () => undefined;
      m['createIndexes'] = async () => undefined;
      m.collection['dropIndex'] = async (index: string) => {
        dropped.push(`${name}.${index}`);
      };
    }
    // The articles' backfill reads the driver's cursor straight from the collection.
    (models.articles.collection as unknown as Record<string, unknown>)['find'] = () => ({ toArray: async () => [] });
    await (store as MongoCaseStore).init();
    return { store, warn, written, dropped };
  }

  it('warns at start that a case change and its messages are not written together when the server has no transactions', async () => {
    const standalone = await initWith({ isWritablePrimary: true });
    expect(standalone.warn).toHaveBeenCalledWith(NO_TRANSACTIONS_WARNING);
    expect(NO_TRANSACTIONS_WARNING).toMatch(/no transactions.*replica set/s);
    expect(standalone.store.usesTransactions).toBe(false);
    const replicaSet = await initWith({ isWritablePrimary: true, setName: 'rs0' });
    expect(replicaSet.warn).not.toHaveBeenCalled();
    expect(replicaSet.store.usesTransactions).toBe(true);
  });

  it('drops the indexes later ones replaced before making the indexes', async () => {
    const { dropped } = await initWith({ setName: 'rs0' });
    const expected = Object.entries(SUPERSEDED_INDEXES).flatMap(([model, names]) => names.map((n) => `${model}.${n}`));
    expect(dropped).toEqual(expected);
  });

  it("fills the e-mails of older cases lower-cased as every write does, beyond ASCII ('ØSTER' finds 'øster')", async () => {
    const { written } = await initWith({ setName: 'rs0' }, [
      { _id: 'c1', user: { email: ' ØSTER@AU.DK ' }, reporter: { email: 'Bo@AU.dk' } },
      { _id: 'c2', user: { email: '' } },
      { _id: 'c3', user: buildPerson('åse', { email: 'ÅSE@AU.DK' }), reporter: { name: 'no e-mail' } },
    ]);
    const emails = (written as { updateOne: { filter: { _id: string }; update: { $set: Record<string, unknown> } } }[])
      .filter((op) => 'personEmails' in op.updateOne.update.$set)
      .map((op) => [op.updateOne.filter._id, op.updateOne.update.$set['personEmails']]);
    expect(emails).toEqual([
      ['c1', ['øster@au.dk', 'bo@au.dk']],
      ['c2', []],
      ['c3', ['åse@au.dk']],
    ]);
  });

  it('fills the staff e-mails of older cases, and reads no case whose staff e-mail is blank (nothing to fill)', async () => {
    const cases = [
      { _id: 'c1', version: 1, assignee: { email: '   ' } },
      { _id: 'c2', version: 1, caseOwner: { email: '\u00a0\t' }, assignee: { name: 'no e-mail' } },
      { _id: 'c3', version: 2, assignee: { email: ' Bo@AU.dk ' }, caseOwner: { email: ' ' } },
      { _id: 'c4', version: 1, caseOwner: { email: 'ØSTER@AU.DK' }, caseOwnerEmail: 'øster@au.dk' },
    ];
    const staff = (written: unknown[]) =>
      (written as { updateOne: { filter: Record<string, unknown>; update: { $set: Record<string, unknown> } } }[])
        .map((op) => op.updateOne)
        .filter((op) => !('personEmails' in op.update.$set) && !('searchText' in op.update.$set));
    const { written } = await initWith({ setName: 'rs0' }, cases);
    expect(staff(written)).toEqual([
      { filter: { _id: 'c3', version: 2 }, update: { $set: { assigneeEmail: 'bo@au.dk' } } },
    ]);
  });
});
