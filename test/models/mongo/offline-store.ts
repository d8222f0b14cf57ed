import { MongoCaseStore, type MongoCaseStoreOptions } from '../../../src/models/mongo/mongo-case-store.js';
import type { MongoModels } from '../../../src/models/mongo/schemas.js';

/** Nothing listens on port 1: `init()` gives up after the short server-selection timeout. */
const UNREACHABLE = 'mongodb://127.0.0.1:1/offline';

/** A call that reached a collection (a mongoose model's collection), with what mongoose sent on. */
export interface SentCall {
  model: keyof MongoModels;
  method: string;
  /** The filter as it left mongoose (cast, sanitised: what the server would get). */
  filter: Record<string, unknown>;
  /** The update (updates) or the options (reads). */
  second?: unknown;
  third?: unknown;
}

/** What a stubbed collection method answers: by method name, a function of the call. */
export type Answers = Partial<Record<string, (call: SentCall) => unknown>>;

/** The collection methods mongoose's queries and `Model.insertMany` end in. */
const METHODS = [
  'find',
  'findOne',
  'findOneAndUpdate',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'countDocuments',
  'insertMany',
] as const;

const DEFAULT_ANSWERS: Record<(typeof METHODS)[number], (call: SentCall) => unknown> = {
  find: () => ({ toArray: async () => [] }),
  findOne: () => null,
  findOneAndUpdate: () => null,
  updateOne: () => ({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null }),
  updateMany: () => ({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null }),
  replaceOne: () => ({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: 'x' }),
  deleteOne: () => ({ acknowledged: true, deletedCount: 0 }),
  deleteMany: () => ({ acknowledged: true, deletedCount: 0 }),
  countDocuments: () => 0,
  insertMany: () => ({ acknowledged: true, insertedCount: 1, insertedIds: {} }),
};

/**
 * A MongoDB store without a server: its connection is configured by its own `init()` (which fails to connect, but
 * leaves mongoose set up as the adapter sets it up: `sanitizeFilter` and all), and every collection method a query
 * ends in is stubbed to record what mongoose would send to the server and to answer from `answers` (else nothing
 * found, nothing changed). A store method's filters then go through the same casting and sanitising as in
 * production, so a test sees what the server would get.
 */
export async function offlineStore(
  answers: Partial<Record<keyof MongoModels, Answers>> = {},
  options: Partial<MongoCaseStoreOptions> = {},
): Promise<{ store: MongoCaseStore; sent: SentCall[]; models: MongoModels }> {
  const store = new MongoCaseStore({ uri: UNREACHABLE, serverSelectionTimeoutMS: 100, ...options });
  await store.init().catch(() => undefined);
  const models = (store as unknown as { m: MongoModels }).m;
  const sent: SentCall[] = [];
  for (const [name, model] of Object.entries(models) as [keyof MongoModels, MongoModels[keyof MongoModels]][]) {
    const collection = model.collection as unknown as Record<string, unknown>;
    for (const method of METHODS) {
      collection[method] = async (filter: unknown, second?: unknown, third?: unknown) => {
        const call: SentCall = { model: name, method, filter: filter as Record<string, unknown>, second, third };
        sent.push(call);
        return (answers[name]?.[method] ?? DEFAULT_ANSWERS[method])(call);
      };
    }
  }
  return { store, sent, models };
}

/**
 * Every value in `filter` (nested through `$and`/`$or`/`$nor` and objects) that is an equality with an operator
 * object, `{ $eq: { $gte: … } }`: what `sanitizeFilter` makes of an operator the adapter forgot to mark trusted.
 * Such a condition matches nothing a store writes.
 */
export function neutralisedOperators(filter: unknown, path = ''): string[] {
  if (filter === null || typeof filter !== 'object') return [];
  if (Array.isArray(filter)) return filter.flatMap((f, i) => neutralisedOperators(f, `${path}[${i}]`));
  const found: string[] = [];
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$eq' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      if (Object.keys(value).some((k) => k.startsWith('$'))) found.push(`${at} = ${JSON.stringify(value)}`);
    }
    found.push(...neutralisedOperators(value, at));
  }
  return found;
}

export type Keys = Record<string, 1 | -1 | string>;
export type IndexSpec = [Keys, { name?: string; expireAfterSeconds?: number; partialFilterExpression?: unknown }];

export const indexesOf = (models: MongoModels, model: keyof MongoModels): IndexSpec[] =>
  models[model].schema.indexes() as IndexSpec[];

/** The fields a filter tests for equality with a plain value (not an operator, not `$or` and the like). */
export const equalityFields = (filter: Record<string, unknown>): string[] =>
  Object.entries(filter)
    .filter(([k, v]) => !k.startsWith('$') && (v === null || typeof v !== 'object'))
    .map(([k]) => k);

/**
 * The index that gives a query's sort as it is, without sorting in memory: its keys are the query's equality
 * fields (any of them, in any order), then exactly the sort's keys in the sort's order, all in the sort's
 * directions or all reversed.
 */
export function indexServing(indexes: IndexSpec[], filter: Record<string, unknown>, sort: Keys): string | undefined {
  const equal = new Set(equalityFields(filter));
  const sortKeys = Object.entries(sort);
  for (const [keys, options] of indexes) {
    const entries = Object.entries(keys);
    let i = 0;
    while (i < entries.length && equal.has(entries[i]![0])) i++;
    const rest = entries.slice(i, i + sortKeys.length);
    if (rest.length !== sortKeys.length) continue;
    const sameOrder = rest.every(([k], j) => k === sortKeys[j]![0]);
    const forward = rest.every(([, d], j) => d === sortKeys[j]![1]);
    const backward = rest.every(([, d], j) => d === -Number(sortKeys[j]![1]));
    if (sameOrder && (forward || backward)) return options.name;
  }
  return undefined;
}

export const sortOf = (call: SentCall | undefined): Keys => {
  const options = (call?.method === 'findOneAndUpdate' ? call.third : call?.second) as { sort?: Keys } | undefined;
  return options?.sort ?? {};
};
