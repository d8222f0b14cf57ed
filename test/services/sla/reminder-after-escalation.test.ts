import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
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
});
