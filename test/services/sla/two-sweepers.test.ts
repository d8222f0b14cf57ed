import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { createRegisterCase } from '../../../src/services/lifecycle/register-case.js';
import { people } from '../../helpers/people.js';
import { buildServices, type Services, wifiInput } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';
import { tempDirs } from '../../helpers/temp-dir.js';

describe('SlaSweeper on one SQLite file from two instances', () => {
  const dirs = tempDirs('sla-sweepers-');
  const stores: SqliteCaseStore[] = [];
  let s: Services | undefined;
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await s?.close();
    await dirs.cleanup();
  });

  it('enqueues every reminder exactly once when two sweepers run side by side', async () => {
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
    const file = path.join(await dirs.make(), 'cases.sqlite');
    const [a, b] = [new SqliteCaseStore({ file }), new SqliteCaseStore({ file })];
    stores.push(a, b);
    await a.init();
    await b.init();
    const register = createRegisterCase({ ...s, store: a, defaultLocale: 'da' });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await register(wifiInput(people.anna), people.anna)).id);

    // Each instance has its own clock object, showing the same time.
    const clockA = new ManualClock('2025-03-03T12:00:00Z');
    const clockB = new ManualClock('2025-03-03T12:00:00Z');
    const sweepA = buildSweeper(s, { store: a, clock: clockA, owner: 'instance-a', batch: 7 });
    const sweepB = buildSweeper(s, { store: b, clock: clockB, owner: 'instance-b', batch: 7 });
    const runs = await Promise.all([sweepA.sweepOnce(), sweepB.sweepOnce(), sweepA.sweepOnce(), sweepB.sweepOnce()]);
    expect(runs.reduce((n, r) => n + r.fired, 0)).toBe(30);
    expect(runs.reduce((n, r) => n + r.cases, 0)).toBe(30);

    const reminders = (await a.listOutbox({ kind: 'thread_reply', limit: 1000 })).filter((m) =>
      m.key.includes(':sla:response:75'),
    );
    expect(reminders).toHaveLength(30);
    expect(new Set(reminders.map((m) => m.caseId))).toEqual(new Set(ids));
    for (const id of ids) expect((await b.getCase(id))?.sla.fired).toEqual(['response:75']);

    // After the breach both run again: one escalation per case, not two.
    clockA.set('2025-03-03T13:01:00Z');
    clockB.set('2025-03-03T13:01:00Z');
    await Promise.all([sweepB.sweepOnce(), sweepA.sweepOnce()]);
    for (const id of ids) expect((await a.getCase(id))?.escalations).toHaveLength(1);
    const pings = await a.listOutbox({ kind: 'send_person', limit: 1000 });
    expect(pings.filter((m) => m.key.includes(':sla:response:breach:'))).toHaveLength(30);
  });
});
