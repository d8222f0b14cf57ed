import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, resolvedAtNetworkDesk, type Services, threadTexts } from '../../helpers/services.js';

/**
 * The user's version-free answers ("Yes, solved", "No, still a problem", the rating of a closed case) meeting another
 * write between their read and their write: a double click, a staff note at the same moment.
 */
describe('CaseService: a version-free answer racing another write', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices({ reopenWindowDays: 14 });
  });
  afterEach(async () => {
    await s.close();
  });

  /**
   * Runs `meanwhile` just before each of the first `times` writes whose last history entry is `action` (the
   * answer's write): another writer landing between the answer's read and its write. `count`: how often it ran.
   */
  function beforeAnswerWrite(action: string, meanwhile: () => Promise<unknown>, times = 1): { count: number } {
    const update = s.store.updateCase.bind(s.store);
    const state = { count: 0 };
    s.store.updateCase = async (next, expectedVersion, outbox) => {
      if (state.count < times && next.history.at(-1)?.action === action) {
        state.count++;
        await meanwhile();
      }
      return update(next, expectedVersion, outbox);
    };
    return state;
  }

  /** Thor (who has the case) adds an internal note to the case as it is now. */
  const thorNotes =
    (c: Case, text = 'Checked the AP logs') =>
    async () => {
      const now = (await s.store.getCase(c.id))!;
      okCase(
        await s.service.act(people.thor, {
          verb: 'note',
          caseId: c.id,
          version: now.version,
          text,
          visibility: 'internal',
        }),
      );
    };

  const resolved = async (): Promise<Case> => {
    const c = await resolvedAtNetworkDesk(s, { solution: 'Rebooted the AP' });
    await s.outbox.take();
    return c;
  };

  it('takes "Yes, solved" when a staff note lands between its read and its write', async () => {
    const c = await resolved();
    const race = beforeAnswerWrite('user_confirmed', thorNotes(c));
    const out = await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(race.count).toBe(1);
    expect(out.reply?.text).toBe(`Thank you! Case ${c.number} will be closed once support has checked the solution.`);
    const stored = okCase(out);
    expect(stored.history.slice(-2).map((h) => h.action)).toEqual(['note', 'user_confirmed']);
    expect(stored.notes.map((n) => n.text)).toEqual(['Checked the AP logs']);
    expect(threadTexts(await s.outbox.take()).filter((t) => t.includes('bekræfter'))).toEqual([
      'Anna Berg bekræfter, at problemet er løst. Klar til lukning.',
    ]);
  });

  it('answers a double-clicked "Yes, solved" with "already confirmed", not "changed meanwhile by" the user', async () => {
    const c = await resolved();
    let first: Awaited<ReturnType<Services['service']['act']>> | undefined;
    const race = beforeAnswerWrite('user_confirmed', async () => {
      first = await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    });
    const second = await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(race.count).toBe(1);
    expect(first?.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect(second.reply?.text).toBe(`You have already confirmed that ${c.number} is solved. Thank you!`);
    const stored = (await s.store.getCase(c.id))!;
    expect(stored.history.filter((h) => h.action === 'user_confirmed')).toHaveLength(1);
    expect(threadTexts(await s.outbox.take()).filter((t) => t.includes('bekræfter'))).toHaveLength(1);
  });

  it('reopens on "No, still a problem" when a staff note lands between its read and its write', async () => {
    const c = await resolved();
    const race = beforeAnswerWrite('reopen', thorNotes(c));
    const out = await s.service.act(people.anna, {
      verb: 'still_a_problem',
      caseId: c.id,
      version: c.version,
      comment: 'Drops again',
    });
    expect(race.count).toBe(1);
    expect(out.reply?.text).toBe(`Case ${c.number} is reopened, and Thor Aaes has been told. We will get back to you.`);
    const stored = okCase(out);
    expect(stored).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    expect(stored.notes.map((n) => n.text)).toEqual(['Drops again', 'Checked the AP logs']);
  });

  it('answers a double-clicked rating with "already rated": one rating, one thread message', async () => {
    let c = await resolved();
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    await s.outbox.take();
    const race = beforeAnswerWrite('evaluate', async () => {
      okCase(await s.service.act(people.anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 4 }));
    });
    const second = await s.service.act(people.anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 4 });
    expect(race.count).toBe(1);
    expect(second).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect(second.reply?.text).toBe(`You have already rated ${c.number}. Thank you!`);
    const stored = (await s.store.getCase(c.id))!;
    expect(stored.evaluation?.score).toBe(4);
    expect(stored.history.filter((h) => h.action === 'evaluate')).toHaveLength(1);
    expect(threadTexts(await s.outbox.take()).filter((t) => t.includes('4/5'))).toHaveLength(1);
  });

  it('takes a rating when a staff note lands between its read and its write', async () => {
    let c = await resolved();
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    const race = beforeAnswerWrite('evaluate', async () => {
      const now = (await s.store.getCase(c.id))!;
      okCase(
        await s.service.act(people.emma, {
          verb: 'note',
          caseId: c.id,
          version: now.version,
          text: 'Closed after the AP swap',
          visibility: 'internal',
        }),
      );
    });
    const out = await s.service.act(people.anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 5 });
    expect(race.count).toBe(1);
    expect(out.reply?.text).toBe(`Thank you for rating case ${c.number} (5/5)!`);
    expect(okCase(out).evaluation?.score).toBe(5);
  });

  it("acknowledges an escalation raced by a colleague's note, and a double click finds nothing left", async () => {
    let c = await s.reportWifi();
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_manager',
        caseId: c.id,
        version: c.version,
        reasonCode: 'complaint',
        reason: 'The user has complained twice',
      }),
    );
    const race = beforeAnswerWrite('acknowledge_escalation', async () => {
      const now = (await s.store.getCase(c.id))!;
      okCase(
        await s.service.act(people.jonas, {
          verb: 'note',
          caseId: c.id,
          version: now.version,
          text: 'Called the user back',
          visibility: 'internal',
        }),
      );
    });
    const ack = await s.service.act(people.karen, { verb: 'acknowledge_escalation', caseId: c.id, version: c.version });
    expect(race.count).toBe(1);
    expect(okCase(ack).escalations[0]?.acknowledgedAt).toBeDefined();
    const again = await s.service.act(people.karen, {
      verb: 'acknowledge_escalation',
      caseId: c.id,
      version: c.version,
    });
    expect(again).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect(again.reply?.text).not.toContain('Karen');
  });

  it('tells the user to click again, naming nobody, when every attempt meets another write', async () => {
    const c = await resolved();
    const race = beforeAnswerWrite('user_confirmed', thorNotes(c), Number.POSITIVE_INFINITY);
    const out = await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    // Read again and applied to the case as it is now, a bounded number of times.
    expect(race.count).toBe(3);
    expect(out).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
    if (out.ok) return;
    const text = `${c.number} was being updated at the same moment as your click, so it did not go through. Nothing was changed; please click again.`;
    expect(out.reply.text).toBe(text);
    expect(out.card?.notice).toBe(text);
    const stored = (await s.store.getCase(c.id))!;
    expect(out.card?.version).toBe(stored.version);
    expect(stored.status).toBe('resolved');
    expect(stored.history.some((h) => h.action === 'user_confirmed')).toBe(false);
    // In Danish for a Danish user.
    const bo = { ...people.anna, locale: 'da' as const };
    const da = await s.service.act(bo, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(da.reply?.text).toBe(
      `${c.number} blev opdateret i samme øjeblik, som du klikkede, så dit klik gik ikke igennem. Der er ikke ændret noget; klik gerne igen.`,
    );
  });
});
