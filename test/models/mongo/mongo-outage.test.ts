import {
  MongoError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/models/errors.js';
import { MongoCaseStore, mongoOutage } from '../../../src/models/mongo/mongo-case-store.js';

/** What the driver passes with a selection failure: the topology it saw (here: no server known). */
const NO_SERVERS = { type: 'Unknown', servers: new Map(), error: undefined } as never;

describe('mongoOutage', () => {
  it('recognises the driver errors of an unreachable or lost deployment', () => {
    const outages = [
      new MongoServerSelectionError('Server selection timed out after 5000 ms', NO_SERVERS),
      new MongoNetworkError('connection 3 to 10.0.0.7:27017 closed'),
      new MongoNetworkTimeoutError('connection timed out'),
      new MongoNotConnectedError('Client must be connected before running operations'),
      new MongoTopologyClosedError(),
    ];
    for (const err of outages) expect(mongoOutage(err), err.name).toMatch(new RegExp(`^${err.name}: `));
  });

  it('leaves server answers and other errors alone', () => {
    expect(mongoOutage(new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 }))).toBeUndefined();
    expect(mongoOutage(new MongoError('something else'))).toBeUndefined();
    expect(mongoOutage(new TypeError('x is not a function'))).toBeUndefined();
    expect(mongoOutage('MongoNetworkError')).toBeUndefined();
  });
});

describe('MongoCaseStore when the deployment stops answering', () => {
  it('throws STORE.UNAVAILABLE with the driver error as cause, and passes other errors on unchanged', async () => {
    const store = new MongoCaseStore({ uri: 'mongodb://127.0.0.1:1/x' });
    // The model call the method makes fails as the driver fails once no server can be selected.
    const lost = new MongoServerSelectionError('Server selection timed out after 5000 ms', NO_SERVERS);
    const models = (store as unknown as { m: { cases: { findOne: () => unknown } } }).m;
    models.cases.findOne = () => ({ lean: () => Promise.reject(lost) });
    const err = await store.getCase('c1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('STORE.UNAVAILABLE');
    expect((err as AppError).message).toBe(
      'The MongoDB store is not answering: MongoServerSelectionError: Server selection timed out after 5000 ms',
    );
    expect((err as AppError).cause).toBe(lost);

    const bug = new TypeError('cannot read properties of undefined');
    models.cases.findOne = () => ({ lean: () => Promise.reject(bug) });
    expect(await store.getCase('c1').catch((e: unknown) => e)).toBe(bug);
    await store.close();
  });
});
