import type { AppConfig } from './config/env.js';
import type { CaseStore } from './models/case-store.js';
import { SqliteCaseStore } from './models/sqlite/sqlite-case-store.js';
import { type Clock, systemClock } from './services/clock.js';

/** How a store is opened beside the configuration. */
export interface CreateStoreOptions {
  /**
   * Who checkpoints the SQLite WAL (see `SqliteStoreOptions.checkpoints`): by default a checkpoint thread of the
   * store's own; with the outbox delivery worker, that worker's connection on a timer (`timer`) and the main
   * connection not at all (`elsewhere`).
   */
  checkpoints?: 'thread' | 'timer' | 'elsewhere';
  /** Where the store's start-up warnings go (MongoDB without transactions); default Node's process warnings. */
  warn?: (message: string) => void;
}

/**
 * The store the configuration asks for; it stamps its own times (`updatedAt`, outbox) with `clock`. The MongoDB
 * adapter is imported only when `MONGODB_URI` is set: mongoose costs ~18 MB of memory that an embedded run never
 * uses.
 */
export async function createStore(
  config: AppConfig,
  clock: Clock = systemClock,
  opts: CreateStoreOptions = {},
): Promise<CaseStore> {
  const now = () => clock.now();
  if (!config.mongodbUri) {
    return new SqliteCaseStore({
      dataDir: config.dataDir,
      now,
      ...(opts.checkpoints ? { checkpoints: opts.checkpoints } : {}),
    });
  }
  const { MongoCaseStore } = await import('./models/mongo/mongo-case-store.js');
  return new MongoCaseStore({ uri: config.mongodbUri, now, ...(opts.warn ? { warn: opts.warn } : {}) });
}

/**
 * Starts the WAL checkpoints on `store` itself (an SQLite store opened with `checkpoints: 'elsewhere'` whose
 * delivery worker could not start); nothing for MongoDB.
 */
export function checkpointInBackground(store: CaseStore): void {
  if (store instanceof SqliteCaseStore) store.checkpointInBackground();
}
