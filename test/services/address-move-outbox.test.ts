import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseStore, OutboxMessage } from '../../src/models/case-store.js';
import { MongoCaseStore } from '../../src/models/mongo/mongo-case-store.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { moveAddressCases } from '../../src/services/address-cases.js';
import { draft } from '../../src/services/outbox/deliveries.js';
import { buildNewCase } from '../helpers/case-builder.js';

/**
 * The move of a person's cases to their new address (`moveAddressCases`) re-addresses the personal messages still
 * to go to the former one, in each store: SQLite always, MongoDB when `MONGODB_URI` names a server (a test database
 * per store, dropped afterwards; skipped with the reason otherwise).
 */

const OLD = 'anna.employee@au.dk';
const NEW = 'anna.holm@au.dk';
const anna = { id: `email:${OLD}`, name: 'Anna Employee', email: OLD };
const bo = { id: 'email:bo.nielsen@au.dk', name: 'Bo Nielsen', email: 'bo.nielsen@au.dk' };
const text = (t: string) => ({ kind: 'message' as const, locale: 'en' as const, text: t });
/** Past the store's own stamps (the wall clock): every message is due. */
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const mongoUri = process.env['MONGODB_URI'];
const mongoSkip = mongoUri ? undefined : 'set MONGODB_URI to run it against MongoDB';
if (mongoSkip) console.warn(`SKIPPED address-move outbox contract for MongoDB: ${mongoSkip}`);
const databases: string[] = [];
afterAll(async () => {
  if (!mongoUri || databases.length === 0) return;
  const conn = await mongoose.createConnection(mongoUri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  for (const name of databases) await conn.useDb(name, { useCache: false }).dropDatabase();
  await conn.close();
});

const stores: { name: string; make: () => CaseStore; skip?: string }[] = [
  { name: 'SQLite', make: () => new SqliteCaseStore({ file: ':memory:' }) },
  {
    name: 'MongoDB',
    make: () => {
      const dbName = `incident_bot_test_${randomUUID().replaceAll('-', '')}`;
      databases.push(dbName);
      return new MongoCaseStore({ uri: mongoUri ?? '', dbName });
    },
    ...(mongoSkip ? { skip: mongoSkip } : {}),
  },
];

for (const { name, make, skip } of stores) {
  (skip ? describe.skip : describe)(`moveAddressCases and the outbox: ${name}`, () => {
    let store: CaseStore;
    beforeEach(async () => {
      store = make();
      await store.init();
    });
    afterEach(async () => {
      await store.close();
    });

    const byKey = async (key: string): Promise<OutboxMessage> =>
      (await store.listOutbox({ limit: 100 })).find((m) => m.key === key)!;

    it('addresses the pending personal messages to the former address to the new one, leases and progress kept', async () => {
      const c = await store.createCase(
        buildNewCase({ title: 'VPN', categoryId: 'vpn', groupId: 'it-support', user: anna }),
      );
      await store.enqueueOutbox([
        draft('retrying', { kind: 'send_person', person: anna, view: text('Retried') }, { caseId: c.id }),
        draft('sent', { kind: 'send_person', person: anna, view: text('Sent') }),
        draft('leased', { kind: 'send_person', person: anna, view: text('Being sent') }),
        draft('other', { kind: 'send_person', person: bo, view: text('For Bo') }),
        draft('digest', { kind: 'send_person', person: anna, view: text('Later') }, { notBefore: later(600) }),
        draft('channel', { kind: 'post_group_message', groupId: 'it-support', view: text(`About ${anna.id}`) }),
      ]);
      await store.claimOutbox(later(1), 'disp-a', 60_000, 10);
      await store.retryOutbox((await byKey('retrying')).id, 'disp-a', later(30), 'HTTP 503', { throttles: 1 });
      await store.ackOutbox((await byKey('sent')).id, 'disp-a', later(1));
      await store.retryOutbox((await byKey('other')).id, 'disp-a', later(30), 'HTTP 503');
      await store.retryOutbox((await byKey('channel')).id, 'disp-a', later(30), 'HTTP 503');

      expect(await moveAddressCases(store, OLD, NEW)).toBe(1);

      const now = { id: `email:${NEW}`, name: anna.name, email: NEW };
      expect(await byKey('retrying')).toMatchObject({
        state: 'pending',
        payload: { person: now, view: text('Retried') },
        result: { throttles: 1 },
        lastError: 'HTTP 503',
        caseId: c.id,
      });
      expect(await byKey('digest')).toMatchObject({ state: 'pending', payload: { person: now } });
      // Being delivered: re-addressed, its lease its owner's still (it acks it).
      const leased = await byKey('leased');
      expect(leased).toMatchObject({ state: 'pending', leaseOwner: 'disp-a', payload: { person: now } });
      await store.ackOutbox(leased.id, 'disp-a', later(2));
      expect((await byKey('leased')).state).toBe('sent');
      // Delivered already, someone else's, or no personal message: as they were.
      expect((await byKey('sent')).payload['person']).toEqual(anna);
      expect((await byKey('other')).payload['person']).toEqual(bo);
      expect((await byKey('channel')).payload).toEqual({ groupId: 'it-support', view: text(`About ${anna.id}`) });
    });
  });
}
