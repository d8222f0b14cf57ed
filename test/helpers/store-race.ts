import { expect } from 'vitest';
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

/**
 * Runs `meanwhile` once, just before the next write of a case (`updateCase`): another writer landing between a
 * reader's read and its write. The store's own method is its class's (expected: the services' views of it pass
 * through to it), shadowed here, calling the class's method after `meanwhile`; `ran` says whether it did.
 */
export function beforeNextWrite(store: CaseStore, meanwhile: () => Promise<void>): { readonly ran: boolean } {
  expect(Object.hasOwn(store, 'updateCase')).toBe(false);
  const own = (Object.getPrototypeOf(store) as CaseStore).updateCase;
  const state = { ran: false };
  store.updateCase = async (...args) => {
    if (!state.ran) {
      state.ran = true;
      await meanwhile();
    }
    return own.apply(store, args);
  };
  return state;
}
