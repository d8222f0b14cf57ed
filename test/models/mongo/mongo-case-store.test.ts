import { randomUUID } from 'node:crypto';
import { MongoMemoryReplSet } from 'mongodb-memory-server-core';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import { MongoCaseStore } from '../../../src/models/mongo/mongo-case-store.js';
import { runCaseStoreContract } from '../case-store-contract.js';

/** Nothing listens on port 1: the driver gives up after the short server-selection timeout. */
const UNREACHABLE = 'mongodb://127.0.0.1:1/x';

async function initError(store: CaseStore): Promise<AppError> {
  try {
    await store.init();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  } finally {
    await store.close();
  }
  throw new Error('expected init() to fail');
}

describe('MongoCaseStore', () => {
  it('reports its kind and answers ping with false when not initialised', async () => {
    const store = new MongoCaseStore({ uri: UNREACHABLE });
    expect(store.kind).toBe('mongo');
    expect(await store.ping()).toBe(false);
    await store.close();
  });

  it('throws STORE.UNAVAILABLE naming the server when init cannot reach it', async () => {
    const err = await initError(new MongoCaseStore({ uri: UNREACHABLE, serverSelectionTimeoutMS: 150 }));
    expect(err.code).toBe('STORE.UNAVAILABLE');
    expect(err.message).toMatch(/^MongoDB at mongodb:\/\/127\.0\.0\.1:1\/x is not reachable: \S/);
    expect(err.details).toMatchObject({ uri: UNREACHABLE });
  });

  it('redacts the password in the message and details when init fails for a URI with credentials', async () => {
    const uri = 'mongodb://bot:Hemmelig%2FKode42@127.0.0.1:1/incidents?authSource=admin';
    const err = await initError(new MongoCaseStore({ uri, serverSelectionTimeoutMS: 150 }));
    expect(err.code).toBe('STORE.UNAVAILABLE');
    expect(err.message).toContain('MongoDB at mongodb://bot:****@127.0.0.1:1/incidents?authSource=admin is not');
    const shown = `${err.message} ${JSON.stringify(err.details)}`;
    expect(shown).not.toContain('Hemmelig');
    expect(shown).not.toContain('Kode42');
  });

  it('throws STORE.UNAVAILABLE when the URI cannot be parsed', async () => {
    const err = await initError(new MongoCaseStore({ uri: 'mongodb://bot:pw@', serverSelectionTimeoutMS: 150 }));
    expect(err.code).toBe('STORE.UNAVAILABLE');
    expect(err.message).not.toContain(':pw@');
  });
});

/**
 * The shared contract against a real server: `MONGODB_URI` (a test database per store, dropped afterwards), or a
 * single-node replica set started from the `mongod` at `MONGOMS_SYSTEM_BINARY` (so transactions are exercised).
 * Nothing can be downloaded here, so without either the contract is reported as skipped with the reason.
 */
const envUri = process.env['MONGODB_URI'];
const systemBinary = process.env['MONGOMS_SYSTEM_BINARY'];
const skip =
  envUri || systemBinary
    ? undefined
    : 'MongoDB contract skipped: set MONGODB_URI or MONGOMS_SYSTEM_BINARY (no mongod can be downloaded here)';

// The default reporter prints no titles of skipped suites: say why on the console too.
if (skip) console.warn(`SKIPPED ${skip}`);

let replSet: MongoMemoryReplSet | undefined;
let serverUri = envUri ?? '';
const databases: string[] = [];

beforeAll(async () => {
  if (skip || envUri) return;
  replSet = await MongoMemoryReplSet.create({
    binary: { systemBinary },
    replSet: { count: 1, storageEngine: 'wiredTiger' },
  });
  serverUri = replSet.getUri();
});

afterAll(async () => {
  if (databases.length > 0 && serverUri) {
    const conn = await mongoose.createConnection(serverUri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    for (const name of databases) await conn.useDb(name, { useCache: false }).dropDatabase();
    await conn.close();
  }
  await replSet?.stop();
});

runCaseStoreContract(
  'MongoDB',
  async (options) => {
    const dbName = `incident_bot_test_${randomUUID().replaceAll('-', '')}`;
    databases.push(dbName);
    return new MongoCaseStore({ uri: serverUri, dbName, ...options });
  },
  skip ? { skip } : {},
);
