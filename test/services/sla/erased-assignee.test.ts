import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { privacyFor } from '../../helpers/privacy.js';
import {
  buildServices,
  caseAwaitingAnna,
  okCase,
  type Services,
  threadTexts,
  toPerson,
} from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';

describe('SlaSweeper: a case whose assignee was erased (data protection)', () => {
  let s: Services;
  beforeEach(async () => {
    // Monday 3 March 2025, 10:00 in Copenhagen (CET).
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
  });
  afterEach(async () => {
    await s.close();
  });

  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;
  /** Jonas's data erased on request: on his cases he is an "Erased person" placeholder nobody reads. */
  const eraseJonas = async (c: Case): Promise<Case> => {
    expect((await privacyFor(s).erasePerson(people.birgitte, people.jonas.email!)).ok).toBe(true);
    await s.outbox.take();
    const after = await fresh(c);
    expect(after.assignee?.id).toMatch(/^anonymous:/);
    return after;
  };

  it('reminds the group in its thread at 75 %, asking for someone to take over, not the placeholder', async () => {
    let c = await s.reportWifi(people.anna); // P3: resolution due Thursday 10:00, its reminder Wednesday 12:00
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = await eraseJonas(c);
    s.clock.set('2025-03-05T11:00:00Z');
    await buildSweeper(s).sweepOnce();

    const sent = await s.outbox.take();
    expect(sent.filter((m) => m.kind === 'send_person')).toEqual([]);
    expect(threadTexts(sent)).toEqual([
      'Påmindelse: 75 % af løsningstiden for INC-000001 er brugt, og den, der havde sagen, er slettet (databeskyttelse). Fristen er tors. 6. mar., 10.00. Tildel den til en, der tager over.',
    ]);
  });

  it('proposes resolving or closing a long wait in the thread', async () => {
    let c = await caseAwaitingAnna(s);
    c = await eraseJonas(c);
    const sweeper = buildSweeper(s);
    // The reminder to Anna, then the proposal to whoever has the case.
    for (let i = 0; i < 2; i++) {
      s.clock.set((await fresh(c)).nextTimerAt!);
      await sweeper.sweepOnce();
    }
    const sent = await s.outbox.take();
    expect(sent.filter((m) => m.kind === 'send_person' && m.person.id.startsWith('anonymous:'))).toEqual([]);
    expect(threadTexts(sent)).toEqual([expect.stringContaining('Har ventet på svar fra Anna Berg')]);
    // Anna's reminder names the group waiting for her answer, not "Erased person".
    expect(toPerson(sent, people.anna.id).map((m) => m.text)).toEqual([
      expect.stringMatching(/^ARTS Support is still waiting for your answer/),
    ]);
  });

  it('tells the user the group keeps working on a late case, not the erased person', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = await eraseJonas(c);
    s.clock.set('2025-03-06T09:01:00Z'); // the resolution was due Thursday 10:00
    await buildSweeper(s).sweepOnce();

    const toAnna = toPerson(await s.outbox.take(), people.anna.id).map((m) => m.text);
    expect(toAnna).toEqual([expect.stringContaining('What happens next: ARTS Support keeps working on it')]);
  });
});
