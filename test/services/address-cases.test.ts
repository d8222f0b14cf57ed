import { describe, expect, it } from 'vitest';
import type { Case, CaseStatus } from '../../src/models/case.js';
import type { CaseStore } from '../../src/models/case-store.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { moveAddressCases } from '../../src/services/address-cases.js';
import { withStoreOverrides } from '../../src/services/store-overrides.js';
import { buildNewCase } from '../helpers/case-builder.js';

const OLD = 'anna.employee@au.dk';
const NEW = 'anna.holm@au.dk';

describe('moveAddressCases', () => {
  it('moves the cases awaiting the user and the solved ones first (those the person acts on)', async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    const user = { id: `email:${OLD}`, name: 'Anna Employee', email: OLD };
    const made: Case[] = [];
    for (const status of ['registered', 'in_progress', 'resolved', 'registered', 'awaiting_user'] as CaseStatus[]) {
      const c = await store.createCase(buildNewCase({ title: status, categoryId: 'vpn', groupId: 'it-support', user }));
      made.push(status === 'registered' ? c : await store.updateCase({ ...c, status }, c.version, []));
    }
    const order: string[] = [];
    const recording: CaseStore = withStoreOverrides(store, {
      updateCase: async (...args) => {
        order.push(args[0].status);
        return store.updateCase(...args);
      },
    });
    expect(await moveAddressCases(recording, OLD, NEW)).toBe(5);
    expect(order.slice(0, 2).sort()).toEqual(['awaiting_user', 'resolved']);
    for (const c of made) expect((await store.getCase(c.id))?.user.id).toBe(`email:${NEW}`);
    await store.close();
  });
});
