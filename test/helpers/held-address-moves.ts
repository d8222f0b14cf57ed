import { vi } from 'vitest';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';

/**
 * Holds the background move of a person's cases to `address` (`AddressMoves`): every case write naming its user,
 * assignee or case owner by `email:<address>` (those `held` says, default all) waits until the returned `release` is called; other writes (the
 * person's own answers) go through. Restored with `vi.restoreAllMocks` (call `release` first, or the move waits for
 * good).
 */
export function holdMovesTo(address: string, held: () => boolean = () => true): () => void {
  let release = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const write = SqliteCaseStore.prototype.updateCase;
  vi.spyOn(SqliteCaseStore.prototype, 'updateCase').mockImplementation(async function (
    this: SqliteCaseStore,
    ...args: Parameters<SqliteCaseStore['updateCase']>
  ) {
    const named = [args[0].user, args[0].assignee, args[0].caseOwner].some((p) => p?.id === `email:${address}`);
    if (named && held()) await gate;
    return write.apply(this, args);
  });
  return release;
}
