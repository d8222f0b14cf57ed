import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { withOutboxKick } from '../../../src/services/outbox/kick-on-write.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';

const anna = buildPerson('anna');
const ping = (key: string) =>
  draft(key, { kind: 'send_person', person: anna, view: { kind: 'message', locale: 'da', text: key } });

describe('withOutboxKick', () => {
  let base: SqliteCaseStore;
  let kicks: number;
  let store: ReturnType<typeof withOutboxKick>;

  beforeEach(async () => {
    base = new SqliteCaseStore({ file: ':memory:' });
    await base.init();
    kicks = 0;
    store = withOutboxKick(base, () => {
      kicks++;
    });
  });
  afterEach(async () => {
    await base.close();
  });

  it('kicks once after each write that stores outbox messages, after they are stored', async () => {
    let pendingAtKick = -1;
    store = withOutboxKick(base, () => {
      kicks++;
      void base.outboxStats().then((s) => {
        pendingAtKick = s.pending;
      });
    });
    const c = await store.createCase(buildNewCase(), [ping('created')]);
    expect(kicks).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(pendingAtKick).toBe(1);

    const updated = await store.updateCase({ ...c, title: 'Changed' }, c.version, [ping('updated')]);
    const claimed = await store.claimCase(
      updated.id,
      anna,
      (x) => ({ ...x, assignee: anna }),
      () => [ping('claimed')],
    );
    expect(claimed.ok).toBe(true);
    await store.enqueueOutbox([ping('alone')]);
    const fresh = (await store.getCase(c.id))!;
    await store.updateCases?.([
      { next: { ...fresh, title: 'Batch' }, expectedVersion: fresh.version, outbox: [ping('batch')] },
    ]);
    expect(kicks).toBe(store.updateCases ? 5 : 4);
    expect((await store.outboxStats()).pending).toBe(store.updateCases ? 5 : 4);
  });

  it('does not kick for reads or for writes without outbox messages', async () => {
    const c = await store.createCase(buildNewCase());
    const u = await store.updateCase({ ...c, title: 'Changed' }, c.version);
    await store.updateCase({ ...u, title: 'Again' }, u.version, []);
    await store.enqueueOutbox([]);
    await store.getCase(c.id);
    await store.findCases({});
    expect(kicks).toBe(0);
  });

  it('does not kick when the write is refused', async () => {
    const c = await store.createCase(buildNewCase());
    await expect(store.updateCase({ ...c, title: 'Stale' }, c.version + 5, [ping('stale')])).rejects.toThrow();
    expect(kicks).toBe(0);
    expect((await store.outboxStats()).pending).toBe(0);
  });
});
