import type { CaseStore } from './case-store.js';
import { AppError, isAppError } from './errors.js';

/**
 * Every method of the `CaseStore` port. The type below fails to compile when the port gains a method this list
 * lacks, so no store call escapes `translateStoreFaults`.
 */
export const CASE_STORE_METHODS = [
  'init',
  'ping',
  'close',
  'createCase',
  'getCase',
  'getCaseByNumber',
  'updateCase',
  'claimCase',
  'updateCases',
  'findCases',
  'countCases',
  'searchCases',
  'claimDueTimers',
  'releaseTimer',
  'enqueueOutbox',
  'claimOutbox',
  'releaseOutbox',
  'renewOutboxLease',
  'ackOutbox',
  'retryOutbox',
  'deadOutbox',
  'getOutbox',
  'listOutbox',
  'outboxStats',
  'deleteOutbox',
  'rewriteOutboxPayload',
  'purgeOutbox',
  'getConversation',
  'saveConversation',
  'deleteConversation',
  'listConversations',
  'purgeConversations',
  'markProcessed',
  'isProcessed',
  'putRef',
  'putRefIfAbsent',
  'putRefIfOlder',
  'getRef',
  'listRefs',
  'countRefs',
  'deleteRef',
  'saveFile',
  'getFile',
  'linkFiles',
  'unlinkFiles',
  'renameFile',
  'deleteFiles',
  'listFiles',
  'scrubFreedSpace',
  'saveArticle',
  'getArticle',
  'deleteArticle',
  'searchArticles',
  'listArticles',
] as const satisfies readonly (keyof CaseStore)[];

type StoreMethod = {
  [K in keyof CaseStore]-?: NonNullable<CaseStore[K]> extends (...a: never[]) => unknown ? K : never;
}[keyof CaseStore];
type Unlisted = Exclude<StoreMethod, (typeof CASE_STORE_METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/** Tells whether a driver error means "the store is not answering" and, if so, says it in one line. */
export type FaultClassifier = (err: unknown) => string | undefined;

/**
 * Makes the store methods of `proto` (an adapter's prototype) throw `STORE.UNAVAILABLE` instead of the driver's own
 * error when `classify` recognises an outage (a locked or full disk, a lost connection …), the driver error kept as
 * `cause`. Callers then tell people "the case system is not answering, nothing was lost" for any adapter, without
 * knowing its driver. Other errors (bugs, conflicts, `AppError`s) pass unchanged. Applied once per class, at load.
 */
export function translateStoreFaults(proto: object, store: 'SQLite' | 'MongoDB', classify: FaultClassifier): void {
  const translate = (err: unknown): never => {
    if (isAppError(err)) throw err;
    const reason = classify(err);
    if (reason === undefined) throw err;
    throw new AppError(
      'STORE.UNAVAILABLE',
      `The ${store} store is not answering: ${reason}`,
      { reason },
      { cause: err },
    );
  };
  for (const name of CASE_STORE_METHODS) {
    const original: unknown = Reflect.get(proto, name);
    if (typeof original !== 'function') continue;
    const guarded = function (this: unknown, ...args: unknown[]): unknown {
      try {
        const out: unknown = original.apply(this, args);
        return out instanceof Promise ? out.catch(translate) : out;
      } catch (err) {
        return translate(err);
      }
    };
    Object.defineProperty(guarded, 'name', { value: name });
    Object.defineProperty(proto, name, { value: guarded, writable: true, configurable: true, enumerable: false });
  }
}
