import { afterEach } from 'vitest';
import type { CaseStore } from '../../src/models/case-store.js';
import { AppError } from '../../src/models/errors.js';

/** Store methods that write (or lease, which writes): the ones that fail while the store is "down". */
const WRITES =
  /^(createCase|updateCase|claimCase|claimDueTimers|releaseTimer|enqueueOutbox|claimOutbox|ackOutbox|retryOutbox|deadOutbox|deleteOutbox|rewriteOutboxPayload|purgeOutbox|saveConversation|deleteConversation|purgeConversations|markProcessed|putRef|putRefIfOlder|renewOutboxLease|deleteRef|saveFile|linkFiles|unlinkFiles|deleteFiles|saveArticle|deleteArticle)$/;

/**
 * A real store behind a switch: while `down`, every write throws `STORE.UNAVAILABLE`; reads go on working unless
 * `readsToo` (a store that does not answer at all).
 */
export interface FlakyStore {
  store: CaseStore;
  down: boolean;
  readsToo: boolean;
  /** Calls refused while down, by method name. */
  refused: string[];
}

/** Wraps `inner` (e.g. a SqliteCaseStore) in the switchable double. */
export function flakyStore(inner: CaseStore): FlakyStore {
  const state: FlakyStore = { store: inner, down: false, readsToo: false, refused: [] };
  state.store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const name = String(prop);
      return (...args: unknown[]) => {
        if (state.down && (state.readsToo || WRITES.test(name)) && name !== 'close') {
          state.refused.push(name);
          return Promise.reject(new AppError('STORE.UNAVAILABLE', `store down (test): ${name}`));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return state;
}

/**
 * After each test, switches the test's flaky store (`current()`, when there is one) back on: `down` and `readsToo`
 * off. Call it after the app's per-test hooks (`appPerTest`, `teamsAppPerTest`): after-each hooks run last
 * registered first, so the store is back before the app is stopped.
 */
export function switchOnAfterEach(current: () => FlakyStore | undefined): void {
  afterEach(() => {
    const flaky = current();
    if (!flaky) return;
    flaky.down = false;
    flaky.readsToo = false;
  });
}
