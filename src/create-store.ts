import type { AppConfig } from './config/env.js';
import type { CaseStore } from './models/case-store.js';
import { SqliteCaseStore } from './models/sqlite/sqlite-case-store.js';
import { type Clock, systemClock } from './services/clock.js';

/** How a store is opened beside the configuration. */
export interface CreateStoreOptions {
  /**
   * Whether this connection runs the SQLite WAL checkpoint worker (default true). The app's main connection does;
   * a second connection in the same process (the outbox delivery worker's) leaves it to that one.
   */
  checkpointer?: boolean;
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
      ...(opts.checkpointer === false ? { checkpointIntervalMs: 0 } : {}),
    });
  }
  const { MongoCaseStore } = await import('./models/mongo/mongo-case-store.js');
  return new MongoCaseStore({ uri: config.mongodbUri, now });
}
