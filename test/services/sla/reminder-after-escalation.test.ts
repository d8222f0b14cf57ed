import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { stampCase } from '../../../src/services/sla/timed-store.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Sent, type Services } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';

/** The 75 % reminders among `sent`: thread replies (with the group they go to) and personal messages. */
function reminders(sent: readonly Sent[]): { to: string; text: string }[] {
  return sent.flatMap((m) => {
    if (m.kind === 'thread_reply' && m.view.text.includes('75 %')) return [{ to: m.groupId ?? '', text: m.view.text }];
    if (m.kind === 'send_person' && m.view.text.includes('75 %')) return [{ to: m.person.id, text: m.view.text }];
    return [];
  });
}

describe('SlaSweeper: the 75 % reminder after a functional escalation', () => {
  let s: Services;
  beforeEach(async () => {
    // Monday 3 March 2025, 10:00 in Copenhagen (CET).
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
  });
  afterEach(async () => {
    await s.close();
  });

  const on = (c: Case) => ({ caseId: c.id, version: c.version });
  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;

  it('reminds the new group once when the case is passed on after its reminder, and the old group not again', async () => {
    const sweeper = buildSweeper(s);
    let c = await s.reportWifi(people.anna); // P3: resolution due Thursday 10:00, its reminder Wednesday 12:00
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', ...on(c) }));
    s.clock.set('2025-03-05T11:00:00Z');
    await sweeper.sweepOnce();
    expect(reminders(await s.outbox.take())).toEqual([
      { to: people.jonas.id, text: expect.stringContaining('75 % of the resolution time') },
    ]);

    // Wednesday 13:00: ARTS Support passes the case to Operations: Network, where nobody has it yet.
    s.clock.set('2025-03-05T12:00:00Z');
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_group',
        ...on(await fresh(c)),
        groupId: 'ops-network',
        reason: 'Access point',
      }),
    );
    await s.outbox.take();
    await sweeper.sweepOnce();
    expect(reminders(await s.outbox.take())).toEqual([
      { to: 'ops-network', text: expect.stringContaining('75 % af løsningstiden') },
    ]);
    expect(await sweeper.sweepOnce()).toEqual({ fired: 0, cases: 0 });

    // Thor takes it and hands it back: ARTS Support had its reminder already.
    c = okCase(await s.service.act(people.thor, { verb: 'claim', ...on(await fresh(c)) }));
    c = okCase(
      await s.service.act(people.thor, {
        verb: 'escalate_group',
        ...on(c),
        groupId: 'arts-support',
        reason: 'Client side',
      }),
    );
    await s.outbox.take();
    await sweeper.sweepOnce();
    expect(reminders(await s.outbox.take())).toEqual([]);
  });

  it('tells no new group "75 % used" about a target the case has missed already', async () => {
    const sweeper = buildSweeper(s);
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', ...on(c) }));
    s.clock.set('2025-03-06T09:01:00Z'); // resolution missed (Thursday 10:00)
    await sweeper.sweepOnce();
    await s.outbox.take();
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_group',
        ...on(await fresh(c)),
        groupId: 'ops-network',
        reason: 'Access point',
      }),
    );
    await s.outbox.take();
    await sweeper.sweepOnce();
    expect(reminders(await s.outbox.take())).toEqual([]);
  });
  /**
   * A case as the code before the per-group reminders stored it: reminders under the bare ids, whichever group had
   * the case when they fired. Written as of the clock's now, through the ladder's stamp as every write.
   */
  async function storedBefore(c: Case, fired: string[]): Promise<void> {
    const legacy: Case = { ...c, sla: { ...c.sla, fired } };
    await s.store.updateCase(
      stampCase(legacy, { catalogue: s.catalogue, calendar: s.calendar }, s.clock.now()),
      c.version,
    );
    await s.outbox.take();
  }

  it('does not remind a stored case again that reached its group before the reminder and was reminded there', async () => {
    const sweeper = buildSweeper(s);
    let c = await s.reportWifi(people.anna); // P3: resolution due Thursday 10:00, its reminder Wednesday 12:00
    // Passed to Operations: Network on the first morning, long before the 75 % points.
    c = okCase(
      await s.service.act(people.jonas, { verb: 'escalate_group', ...on(c), groupId: 'ops-network', reason: 'AP' }),
    );
    await s.outbox.take();
    // Wednesday 12:30: Operations: Network heard both reminders, recorded under the bare ids.
    s.clock.set('2025-03-05T11:30:00Z');
    await storedBefore(await fresh(c), ['response:75', 'response:breach', 'resolution:75']);

    await sweeper.sweepOnce();
    expect(reminders(await s.outbox.take())).toEqual([]);
    expect((await fresh(c)).nextTimerAt).toBe('2025-03-06T09:00:00.001Z'); // the resolution breach, nothing before
  });

  it('reminds a stored case once in the group it reached after its reminder, unless its target is missed', async () => {
    const sweeper = buildSweeper(s);
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', ...on(c) }));
    // Wednesday 13:00, after the reminder Jonas had: passed to Operations: Network, which was never reminded.
    s.clock.set('2025-03-05T12:00:00Z');
    c = okCase(
      await s.service.act(people.jonas, { verb: 'escalate_group', ...on(c), groupId: 'ops-network', reason: 'AP' }),
    );
    await storedBefore(await fresh(c), ['resolution:75']);
    s.clock.set('2025-03-05T14:00:00Z');
    await sweeper.sweepOnce();
    expect(reminders(await s.outbox.take())).toEqual([
      { to: 'ops-network', text: expect.stringContaining('75 % af løsningstiden') },
    ]);
    await sweeper.sweepOnce();
    expect(reminders(await s.outbox.take())).toEqual([]);

    // The same, deployed only after the target was missed (its breach recorded): no "75 % used" any more.
    let late = await s.reportWifi(people.bo);
    late = okCase(await s.service.act(people.jonas, { verb: 'claim', ...on(late) }));
    late = okCase(
      await s.service.act(people.jonas, { verb: 'escalate_group', ...on(late), groupId: 'ops-network', reason: 'AP' }),
    );
    s.clock.set('2025-03-10T09:00:00Z'); // Bo's resolution was due Thursday 15:00
    await storedBefore(await fresh(late), ['resolution:75', 'resolution:breach']);
    await sweeper.sweepOnce();
    expect(reminders(await s.outbox.take())).toEqual([]);
  });
});
