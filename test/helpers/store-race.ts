import type { CaseStore } from '../../src/models/case-store.js';

/**
 * Makes the `nth` call (1-based; calls made by `action` itself count too) of the store's `method` run `action` first,
 * with that call's arguments, and then go to the store: another writer landing between a reader's read and its
 * write. `ran` says whether it did.
 */
export function beforeCall(
  store: CaseStore,
  method: keyof CaseStore,
  action: (args: unknown[]) => Promise<void>,
  nth = 1,
): { readonly ran: boolean } {
  const original = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(store);
  const state = { ran: false };
  let calls = 0;
  (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    if (++calls === nth) {
      state.ran = true;
      await action(args);
    }
    return original(...args);
  };
  return state;
}
