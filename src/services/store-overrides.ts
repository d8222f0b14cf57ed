import type { CaseStore } from '../models/case-store.js';

/**
 * A view of `store` in which the methods in `overrides` replace the store's own and everything else passes
 * through (bound to the store, bound once per method). The services layer the store this way (SLA timer stamps,
 * a major incident's follow-up, waking the outbox) without each repeating the proxy.
 */
export function withStoreOverrides(store: CaseStore, overrides: Partial<CaseStore>): CaseStore {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop in overrides) return overrides[prop as keyof CaseStore];
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      let fn = bound.get(prop);
      if (!fn) {
        fn = value.bind(target);
        bound.set(prop, fn);
      }
      return fn;
    },
  });
}
