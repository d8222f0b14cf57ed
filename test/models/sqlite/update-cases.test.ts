import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxDraft } from '../../../src/models/case-store.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { buildNewCase } from '../../helpers/case-builder.js';

const at = (hhmmss: string): string => `2025-03-03T${hhmmss}.000Z`;
const ping = (key: string): OutboxDraft => ({ key, kind: 'thread_reply', payload: { text: key } });

describe('SqliteCaseStore.updateCases', () => {
  const open: SqliteCaseStore[] = [];
  const openStore = async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    open.push(store);
    await store.init();
    return store;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('stores each write on its own when others in the batch conflict or are missing', async () => {
    const store = await openStore();
    const a = await store.createCase(buildNewCase({ title: 'a' }));
    const b = await store.createCase(buildNewCase({ title: 'b' }));
    await store.updateCase({ ...b, title: 'changed by a person' }, b.version);

    const results = await store.updateCases([
      { next: { ...a, title: 'a by sweeper' }, expectedVersion: a.version, outbox: [ping('a')] },
      { next: { ...b, title: 'b by sweeper' }, expectedVersion: b.version, outbox: [ping('b')] },
      { next: { ...a, id: 'gone', title: 'gone' }, expectedVersion: 1, outbox: [ping('gone')] },
    ]);

    expect(results).toEqual([
      { ok: true, id: a.id, version: a.version + 1 },
      { ok: false, id: b.id, code: 'CASE.CONFLICT' },
      { ok: false, id: 'gone', code: 'CASE.NOT_FOUND' },
    ]);
    expect((await store.getCase(a.id))?.title).toBe('a by sweeper');
    expect((await store.getCase(b.id))?.title).toBe('changed by a person');
    expect((await store.listOutbox({})).map((m) => m.key)).toEqual(['a']);
  });

  it('checks a second write of the same case against the first one in the same batch', async () => {
    const store = await openStore();
    const c = await store.createCase(buildNewCase({ nextTimerAt: at('10:00:00') }));

    const results = await store.updateCases([
      { next: { ...c, status: 'in_progress', nextTimerAt: at('11:00:00') }, expectedVersion: c.version },
      { next: { ...c, title: 'stale' }, expectedVersion: c.version },
      { next: { ...c, status: 'registered', nextTimerAt: at('10:00:00') }, expectedVersion: c.version + 1 },
    ]);

    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const stored = await store.getCase(c.id);
    expect(stored).toMatchObject({ version: c.version + 2, status: 'registered', nextTimerAt: at('10:00:00') });
    // The indexed columns follow the last write: the case is found by its status and its timer is due again.
    expect((await store.findCases({ statuses: ['registered'] })).map((x) => x.id)).toEqual([c.id]);
    expect(await store.findCases({ statuses: ['in_progress'] })).toEqual([]);
    expect((await store.claimDueTimers(at('10:30:00'), 'sweeper', 60_000, 10)).map((x) => x.id)).toEqual([c.id]);
  });
});
