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
  /** The next write `answerLost` picks, when set. */
  lost?: LostAnswer;
}

/**
 * A write whose answer is lost (`answerLost`): the store `landed` it (default true; `withoutOutbox`: the case only,
 * as MongoDB without transactions when the connection drops between the case and its outbox) or not, answers
 * `STORE.UNAVAILABLE` all the same, and is `down` from then on (`readsToo` as given).
 */
export interface LostAnswer {
  method: string;
  /** Which call of `method` (its arguments); any when left out. */
  match?: (args: unknown[]) => boolean;
  landed?: boolean;
  withoutOutbox?: boolean;
  readsToo?: boolean;
}

/** Makes the next write `lost.method` (that `lost.match`es) land but answer with an outage (`LostAnswer`). */
export function answerLost(flaky: FlakyStore, lost: LostAnswer): void {
  flaky.lost = lost;
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
        const lost = state.lost;
        if (lost && !state.down && lost.method === name && (lost.match?.(args) ?? true)) {
          state.lost = undefined;
          return (async () => {
            if (lost.landed ?? true) {
              const landing = lost.withoutOutbox && name === 'updateCase' ? [args[0], args[1], []] : args;
              await (value as (...a: unknown[]) => unknown).apply(target, landing);
            }
            state.down = true;
            state.readsToo = lost.readsToo ?? false;
            throw new AppError('STORE.UNAVAILABLE', `store down (test) after ${name}: its answer was lost`);
          })();
        }
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
 * off, no answer to be lost (`answerLost`). Call it after the app's per-test hooks (`appPerTest`, `teamsAppPerTest`):
 * after-each hooks run last registered first, so the store is back before the app is stopped.
 */
export function switchOnAfterEach(current: () => FlakyStore | undefined): void {
  afterEach(() => {
    const flaky = current();
    if (!flaky) return;
    flaky.down = false;
    flaky.readsToo = false;
    flaky.lost = undefined;
  });
}
