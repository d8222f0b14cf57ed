import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import {
  buildServices,
  okCase,
  resolvedAtNetworkDesk,
  type Services,
  threadTexts,
  toPerson,
} from '../../helpers/services.js';

const DAY = 86_400_000;

describe('CaseService: close, return to technician, reopen', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices({ reopenWindowDays: 14 });
  });
  afterEach(async () => {
    await s.close();
  });

  /** A case claimed by Thor at the network team (after escalation) and resolved by him. */
  async function resolvedCase(): Promise<Case> {
    const c = await resolvedAtNetworkDesk(s, { reason: 'AP', solution: 'Rebooted the AP' });
    await s.outbox.take();
    return c;
  }

  it('returns the case to the technician with the reason when 1st level sends it back', async () => {
    let c = await resolvedCase();
    c = okCase(
      await s.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'The user did not get a full answer',
      }),
    );
    expect(c.status).toBe('in_progress');
    expect(c.resolvedAt).toBeUndefined();
    expect(c.assignee?.id).toBe(people.thor.id);
    const sent = await s.outbox.take();
    const toThor = toPerson(sent, people.thor.id)[0];
    expect(toThor?.text).toContain('Emma Skov (ARTS Support) returned case');
    expect(toThor?.text).toContain('The user did not get a full answer');
    expect(c.history.at(-1)).toMatchObject({ action: 'return_to_technician', from: 'resolved', to: 'in_progress' });
  });

  it('makes a quick case an ordinary one when 1st level returns it or its user reopens it', async () => {
    let returned = await s.reportWifi(people.anna, { resolvedWith: { solution: 'Reset on the spot.', quick: true } });
    returned = okCase(
      await s.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: returned.id,
        version: returned.version,
        reason: 'Not what the user asked',
      }),
    );
    // Nobody has it: in the pile (Registered), not In progress with nobody named.
    expect(returned).toMatchObject({ status: 'registered', quick: false });
    let reopened = await s.reportWifi(people.bo, { resolvedWith: { solution: 'Reset on the spot.', quick: true } });
    reopened = okCase(
      await s.service.act(people.bo, { verb: 'still_a_problem', caseId: reopened.id, version: reopened.version }),
    );
    expect(reopened).toMatchObject({ status: 'registered', quick: false, reopenCount: 1 });
  });

  it('does not close but returns to the technician when the solution is not documented', async () => {
    let c = await resolvedCase();
    // The solution was wiped (e.g. edited away): the quality check must catch it.
    const wiped: Case = { ...c, solution: { ...c.solution!, text: '   ' } };
    c = await s.store.updateCase(wiped, c.version);
    await s.outbox.take();
    const out = await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version });
    c = okCase(out);
    expect(c.status).toBe('in_progress');
    expect(c.closedAt).toBeUndefined();
    expect(out.reply?.text).toContain('er ikke lukket');
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.thor.id)[0]?.text).toContain('the solution is not documented');
    expect(toPerson(sent, people.anna.id)).toEqual([]);
  });

  it('reopens within the window and tells assignee and owner when the user says it is still a problem', async () => {
    let c = await resolvedCase();
    s.clock.advance(13 * DAY);
    const out = await s.service.act(people.anna, {
      verb: 'still_a_problem',
      caseId: c.id,
      version: c.version,
      comment: 'Drops again',
    });
    c = okCase(out);
    expect(c).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    expect(c.notes[0]).toMatchObject({ text: 'Drops again', fromUser: true });
    expect(out.reply?.text).toContain('is reopened, and Thor Aaes has been told');
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.thor.id)[0]?.text).toContain('reopen no. 1');
    // The case owner (Jonas, who claimed it at 1st level) hears it too, in his language.
    expect(toPerson(sent, people.jonas.id)[0]?.text).toContain('Anna Berg says case');
    expect(threadTexts(sent)[0]).toContain('Drops again');
  });

  it("tells the owner group's channel of a reopen when the escalated case has no named case owner", async () => {
    // Escalated by Emma straight from the pile (nobody at ARTS Support claimed it): no named case owner.
    let c = await s.reportWifi();
    c = okCase(
      await s.service.act(people.emma, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        groupId: 'ops-network',
        reason: 'AP',
      }),
    );
    c = okCase(await s.service.act(people.thor, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(await s.service.act(people.thor, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'AP' }));
    expect(c.caseOwner).toBeUndefined();
    await s.outbox.take();
    c = okCase(
      await s.service.act(people.anna, {
        verb: 'still_a_problem',
        caseId: c.id,
        version: c.version,
        comment: 'Drops again',
      }),
    );
    const sent = await s.outbox.take();
    // The desk hears it in its thread and Thor personally, as before ...
    expect(toPerson(sent, people.thor.id)).toHaveLength(1);
    // ... and 1st level, which owns the case, in its channel (in DEFAULT_LOCALE, Danish here).
    const toOwner = sent.filter((m) => m.kind === 'post_group_message');
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]).toMatchObject({ groupId: 'arts-support', caseId: c.id });
    expect(toOwner[0]?.kind === 'post_group_message' && toOwner[0].view.text).toBe(
      `Anna Berg siger, at sag ${c.number} ("Eduroam drops every few minutes") stadig er et problem. Sagen er genåbnet (i gang, genåbning nr. 1) og ligger igen hos Drift: Netværk (Thor Aaes).\n\nKommentar: Drops again`,
    );
  });

  it("tells a named case owner personally of a reopen, and not the owner group's channel as well", async () => {
    let c = await resolvedCase();
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.jonas.id)).toHaveLength(1);
    expect(sent.filter((m) => m.kind === 'post_group_message')).toEqual([]);
  });

  it('reopens a closed case within the window', async () => {
    let c = await resolvedCase();
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    s.clock.advance(2 * DAY);
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    expect(c).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    expect(c.closedAt).toBeUndefined();
  });

  it('refuses to reopen a closed case and asks for a new case when the window has passed', async () => {
    let c = await resolvedCase();
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    await s.outbox.take();
    s.clock.advance(15 * DAY);
    const out = await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version });
    expect(out).toMatchObject({ ok: false, code: 'CASE.REOPEN_WINDOW_PASSED' });
    expect(out.reply?.text).toContain('more than 14 days ago');
    expect((await s.store.getCase(c.id))?.status).toBe('closed');
    expect(await s.outbox.take()).toEqual([]);
  });

  it('reopens a case still resolved (not closed) when the user answers after the window', async () => {
    let c = await resolvedCase();
    s.clock.advance(15 * DAY);
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    expect(c).toMatchObject({ status: 'in_progress', reopenCount: 1 });
  });

  it("accepts the user's answer on an older version when staff changed the case meanwhile", async () => {
    let c = await resolvedCase();
    const asked = c.version;
    c = okCase(
      await s.service.act(people.thor, {
        verb: 'note',
        caseId: c.id,
        version: c.version,
        text: 'fyi',
        visibility: 'internal',
      }),
    );
    c = okCase(await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: asked }));
    expect(c.history.at(-1)?.action).toBe('user_confirmed');
  });

  it('does not take an answer to the question of an earlier resolution once the case was resolved again', async () => {
    let c = await resolvedCase();
    const first = c.version;
    c = okCase(
      await s.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'Why?',
      }),
    );
    c = okCase(
      await s.service.act(people.thor, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New AP' }),
    );
    await s.outbox.take();
    // Anna answers the first message, about the solution that was returned: it does not answer the new one.
    for (const verb of ['still_a_problem', 'confirm_solved'] as const) {
      const old = await s.service.act(people.anna, { verb, caseId: c.id, version: first });
      expect(old).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
      expect(old.reply?.text).toBe(
        `That answer is about an earlier solution of ${c.number}; please answer the latest message about the case.`,
      );
    }
    expect(await s.store.getCase(c.id)).toMatchObject({ status: 'resolved', reopenCount: 0, version: c.version });
    expect(await s.outbox.take()).toEqual([]);
    // The question of the new resolution does.
    c = okCase(await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version }));
    expect(c.history.at(-1)?.action).toBe('user_confirmed');
  });

  it('takes a new rating for the new resolution after a reopen, keeping the first one in the history', async () => {
    let c = await resolvedCase();
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.anna, {
        verb: 'evaluate',
        caseId: c.id,
        version: c.version,
        score: 4,
        comment: 'Quick',
      }),
    );
    c = okCase(
      await s.service.act(people.anna, {
        verb: 'still_a_problem',
        caseId: c.id,
        version: c.version,
        comment: 'It drops again',
      }),
    );
    // The first rating was of a solution that did not work: off the case, kept in its history.
    expect(c.evaluation).toBeUndefined();
    expect(c.history.at(-1)).toMatchObject({ action: 'evaluation_set_aside', from: '4/5', detail: 'Quick' });
    expect(c.history.at(-2)).toMatchObject({ action: 'reopen' });
    c = okCase(
      await s.service.act(people.thor, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New AP' }),
    );
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    const invite = toPerson(await s.outbox.take(), people.anna.id).at(-1);
    expect(invite?.form?.id).toBe(`evaluate:${c.id}`);
    const out = await s.service.act(people.anna, {
      verb: 'evaluate',
      caseId: c.id,
      version: c.version,
      score: 1,
      comment: 'Still slow',
    });
    c = okCase(out);
    expect(out.reply?.text).not.toContain('already');
    expect(c.evaluation).toMatchObject({ score: 1, comment: 'Still slow' });
    expect(c.history.filter((h) => h.action === 'evaluate').map((h) => h.detail)).toEqual(['4', '1']);
    // A low second rating reaches the owning group's supervisor as a first one does.
    const ping = toPerson(await s.outbox.take(), people.karen.id)[0];
    expect(ping?.text).toContain('Anna Berg har givet sag');
    expect(ping?.text).toContain('1/5');
    expect(ping?.mention?.id).toBe(people.karen.id);
  });

  it('refuses a second evaluation when the case was rated already', async () => {
    let c = await resolvedCase();
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    c = okCase(await s.service.act(people.anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 2 }));
    const again = await s.service.act(people.anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 5 });
    expect(again).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect((await s.store.getCase(c.id))?.evaluation?.score).toBe(2);
  });
});

describe('CaseService: a P4 case still resolved over Easter, past REOPEN_WINDOW_DAYS', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices({ now: '2025-04-16T08:00:00Z', reopenWindowDays: 14 }); // Wednesday before Easter
  });
  afterEach(async () => {
    await s.close();
  });

  it('takes the user\'s "No, still a problem" while the case has not auto-closed yet', async () => {
    let c = await s.reportWifi(people.anna, { impact: 'low', urgency: 'low' });
    expect(c.priority).toBe('P4');
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New driver.' }),
    );
    // 10 business days over Easter (Maundy Thursday to Easter Monday, and Great Prayer Day is gone since 2024):
    // Monday 5 May, 19 calendar days on.
    expect(c.nextTimerAt).toBe('2025-05-05T08:00:00.000Z');
    // Thursday 1 May, 15 calendar days on: still resolved, the bot still waits for Anna's answer.
    s.clock.set('2025-05-01T08:00:00Z');
    const answer = await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version });
    expect(okCase(answer)).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    expect((await s.store.getCase(c.id))?.status).toBe('in_progress');
  });
});
