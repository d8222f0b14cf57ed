import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseStore } from '../../../src/models/case-store.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { CHART_REF, ReportLinks } from '../../../src/services/reports/report-links.js';
import { ManualClock } from '../../../src/services/clock.js';

describe('ReportLinks', () => {
  let store: SqliteCaseStore;
  const clock = new ManualClock('2025-05-02T08:00:00.000Z');
  const make = () => new ReportLinks({ store, clock, publicUrl: 'https://bot.example.org' });
  const query = (url: string) => new URL(url).searchParams;

  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
  });
  afterEach(async () => {
    await store.close();
  });

  it("accepts each other's links when two instances make the signing key at the same time", async () => {
    // B finds no key, then stalls until A has made, stored and read back its own.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let stalled = false;
    const slowStore = Object.create(store) as CaseStore;
    slowStore.getRef = async (kind, key) => {
      const value = await store.getRef(kind, key);
      if (!stalled) {
        stalled = true;
        await gate;
      }
      return value;
    };
    const a = make();
    const b = new ReportLinks({ store: slowStore, clock, publicUrl: 'https://bot.example.org' });
    const pendingB = b.csvUrl('all', '2025-04');
    const fromA = await a.csvUrl('all', '2025-04');
    release();
    const fromB = await pendingB;
    const qa = query(fromA!);
    const qb = query(fromB!);
    expect(await b.verifyCsv('all', '2025-04', qa.get('exp') ?? undefined, qa.get('sig') ?? undefined)).toBe(true);
    expect(await a.verifyCsv('all', '2025-04', qb.get('exp') ?? undefined, qb.get('sig') ?? undefined)).toBe(true);
    // A third instance, started later, reads the same key.
    expect(await make().verifyCsv('all', '2025-04', qa.get('exp') ?? undefined, qa.get('sig') ?? undefined)).toBe(true);
  });

  it('replaces a stored signing record that has no key', async () => {
    await store.putRef('reports.secret', 'hmac', { note: 'no key here' });
    const url = await make().csvUrl('all', '2025-04');
    const q = query(url!);
    expect(await make().verifyCsv('all', '2025-04', q.get('exp') ?? undefined, q.get('sig') ?? undefined)).toBe(true);
    expect(typeof (await store.getRef('reports.secret', 'hmac'))?.key).toBe('string');
  });

  it('prunes the charts made before a time, reading each one’s time and not its image', async () => {
    const links = make();
    const png = Buffer.alloc(64, 7);
    const old = await links.saveChart(png, { width: 8, height: 8 });
    clock.set('2025-06-02T08:00:00.000Z');
    const fresh = await links.saveChart(png, { width: 8, height: 8 });
    const listRefs = vi.spyOn(store, 'listRefs');
    expect(await links.pruneCharts(new Date('2025-06-01T00:00:00.000Z'))).toBe(1);
    expect(listRefs).toHaveBeenCalledWith(CHART_REF, ['createdAt']);
    expect(await links.chart(old.id)).toBeNull();
    expect((await links.chart(fresh.id))?.equals(png)).toBe(true);
    expect((await store.listRefs(CHART_REF)).map((r) => r.key)).toEqual([fresh.id]);
  });
});
