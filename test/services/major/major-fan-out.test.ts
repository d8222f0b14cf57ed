import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { PersonRef } from '../../../src/models/case.js';
import type { ManualClock } from '../../../src/services/clock.js';
import { DEFAULT_MAJOR_PACING } from '../../../src/services/major/major-pacing.js';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.js';
import { DeliveryError } from '../../../src/services/ports/chat-gateway.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { RecordingGateway } from '../../helpers/recording-gateway.js';
import { okCase, toPerson } from '../../helpers/services.js';
import { renderTestCard } from '../outbox/dispatcher-harness.js';
import { buildSweeper } from '../../helpers/sla.js';
import { busiestSecond, createMajorHarness, type MajorHarness, reporter } from './major-harness.js';

/** A gateway that answers every `nth` send with 429 Retry-After and notes when each send got through. */
class RateLimitedGateway extends RecordingGateway {
  readonly sentAt = new Map<string, number[]>();
  readonly firstTryAt = new Map<string, number>();
  private n = 0;
  constructor(
    platform: 'teams' | 'slack',
    private readonly clock: ManualClock,
    private readonly nth: number,
  ) {
    super(platform);
  }
  override async sendToPerson(person: PersonRef, message: MessageView): Promise<{ messageId?: string }> {
    const now = this.clock.now().getTime();
    if (!this.firstTryAt.has(person.id)) this.firstTryAt.set(person.id, now);
    this.n++;
    if (this.n % this.nth === 0) {
      this.failNext(1, new DeliveryError('429 Too Many Requests', { retryAfterMs: 1500 }), 'sendToPerson');
    }
    const res = await super.sendToPerson(person, message);
    this.sentAt.set(person.id, [...(this.sentAt.get(person.id) ?? []), now]);
    return res;
  }
}

let h: MajorHarness;
beforeEach(async () => {
  h = await createMajorHarness();
});
afterEach(async () => {
  await h.close();
});

describe('major incident fan-out', () => {
  it('reaches each of 500 linked users exactly once, paced, when the platforms answer some sends with 429', async () => {
    const parent = await h.declareEduroam();
    await h.buildReports(500, parent.id);
    await h.outbox.take();

    const update = await h.service.act(people.jonas, {
      verb: 'major_update',
      caseId: parent.id,
      version: (await h.store.getCase(parent.id))!.version,
      text: 'The vendor replaces the controller at 14:00.',
    });
    expect(update.ok).toBe(true);
    expect(update.reply?.text).toContain('500');

    const fanOut = (await h.store.listOutbox({ state: 'pending', kind: 'send_person', limit: 10_000 })).filter((m) =>
      m.key.startsWith(`${parent.id}:major:`),
    );
    expect(fanOut).toHaveLength(500);
    const planned = new Map(fanOut.map((m) => [(m.payload['person'] as PersonRef).id, Date.parse(m.nextAttemptAt)]));
    expect(planned.size).toBe(500);
    const rate = DEFAULT_MAJOR_PACING.perSecond;
    const plannedOf = (prefix: string) => [...planned].filter(([id]) => id.startsWith(prefix)).map(([, t]) => t);
    expect(busiestSecond(plannedOf('teams:'))).toBeLessThanOrEqual(rate.teams);
    expect(busiestSecond(plannedOf('slack:'))).toBeLessThanOrEqual(rate.slack);

    const teams = new RateLimitedGateway('teams', h.clock, 9);
    const slack = new RateLimitedGateway('slack', h.clock, 7);
    const dispatcher = new OutboxDispatcher({
      store: h.store,
      gateways: [teams, slack],
      clock: h.clock,
      logger: pino({ level: 'silent' }),
      renderCard: (c, p) => renderTestCard(c, p),
      renderMovedCard: (c, _ref, p) => renderTestCard(c, p, 'moved'),
      channelTargets: async () => [],
      alert: () => [],
      owner: 'major-test',
      batchSize: 50,
      random: () => 0.5,
    });
    const delivered = () => teams.sentAt.size + slack.sentAt.size;
    for (let step = 0; step < 3000 && delivered() < 500; step++) {
      for (;;) {
        const run = await dispatcher.runOnce();
        if (run.sent + run.retried + run.dead === 0) break;
      }
      h.clock.advance(100);
    }

    const sentAt = new Map([...teams.sentAt, ...slack.sentAt]);
    expect(sentAt.size).toBe(500);
    for (let i = 0; i < 500; i++) {
      const times = sentAt.get(reporter(i).id);
      expect(times, reporter(i).id).toHaveLength(1);
      expect(times![0]!).toBeGreaterThanOrEqual(planned.get(reporter(i).id)!);
    }
    // Some sends were refused with 429 and went again later, after Retry-After.
    const refused = [...teams.calls, ...slack.calls].filter((c) => !c.ok);
    expect(refused.length).toBeGreaterThan(40);
    // First attempts keep to the rate (a 100 ms dispatcher tick may add one).
    expect(busiestSecond([...teams.firstTryAt.values()])).toBeLessThanOrEqual(rate.teams + 1);
    expect(busiestSecond([...slack.firstTryAt.values()])).toBeLessThanOrEqual(rate.slack + 1);
    const dead = await h.store.listOutbox({ state: 'dead', limit: 10 });
    expect(dead).toHaveLength(0);
  }, 120_000);

  it('starts a second update after the first one still queued, so two updates do not double the rate', async () => {
    const parent = await h.declareEduroam();
    await h.buildReports(16, parent.id);
    const send = async (text: string) =>
      h.service.act(people.jonas, {
        verb: 'major_update',
        caseId: parent.id,
        version: (await h.store.getCase(parent.id))!.version,
        text,
      });
    expect((await send('First')).ok).toBe(true);
    expect((await send('Second')).ok).toBe(true);
    const teamsTimes = (await h.store.listOutbox({ state: 'pending', kind: 'send_person', limit: 1000 }))
      .filter(
        (m) => m.key.startsWith(`${parent.id}:major:`) && (m.payload['person'] as PersonRef).id.startsWith('teams:'),
      )
      .map((m) => Date.parse(m.nextAttemptAt));
    expect(teamsTimes).toHaveLength(16);
    expect(busiestSecond(teamsTimes)).toBeLessThanOrEqual(DEFAULT_MAJOR_PACING.perSecond.teams);
  });

  it('tells every linked user of a new status on the parent in their language', async () => {
    const parent = await h.declareEduroam();
    await h.buildReports(6, parent.id);
    await h.outbox.take();
    const outcome = await h.service.act(people.jonas, {
      verb: 'set_status',
      caseId: parent.id,
      version: (await h.store.getCase(parent.id))!.version,
      status: 'awaiting_vendor',
      vendorName: 'Cisco',
    });
    expect(outcome.ok).toBe(true);
    const sent = await h.outbox.take();
    const english = toPerson(sent, reporter(0).id);
    const danish = toPerson(sent, reporter(1).id);
    expect(english).toHaveLength(1);
    expect(english[0]?.text).toContain('Eduroam is down across campus');
    expect(danish).toHaveLength(1);
    expect(danish[0]?.text).toContain('Eduroam er nede på hele campus');
  });

  it('reaches a person once whose reports came from Teams and Slack (two ids, one e-mail)', async () => {
    const parent = await h.declareEduroam();
    const boTeams = { ...people.bo, id: 'teams:bo', email: people.bo.email.toUpperCase() };
    for (const who of [boTeams, people.bo]) {
      const r = await h.reportWifi(who);
      okCase(await h.majors.link(people.jonas, r.number, parent.number));
    }
    await h.outbox.take();
    const p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, {
        verb: 'major_update',
        caseId: p.id,
        version: p.version,
        text: 'The controller is being replaced at 14:00.',
      }),
    );
    const toBo = (sent: Awaited<ReturnType<typeof h.outbox.take>>) =>
      sent.filter(
        (m) =>
          m.kind === 'send_person' &&
          m.person.email?.toLowerCase() === people.bo.email &&
          m.view.text.includes('14:00'),
      );
    expect(toBo(await h.outbox.take())).toHaveLength(1);
  });

  it("tells the major incident's own user a note or a claim once, on her own case, when a second report of hers is linked", async () => {
    const parent = await h.declareEduroam();
    for (const who of [people.anna, people.bo]) {
      const r = await h.reportWifi(who);
      okCase(await h.majors.link(people.jonas, r.number, parent.number));
    }
    await h.outbox.take();
    let p = (await h.store.getCase(parent.id))!;
    const update = await h.service.act(people.jonas, {
      verb: 'major_update',
      caseId: p.id,
      version: p.version,
      text: 'The controller is being replaced at 14:00.',
    });
    expect(update.reply?.text).toContain(`The update on ${p.number} goes personally to 1 affected user.`);
    let sent = await h.outbox.take();
    expect(toPerson(sent, people.anna.id).map((m) => m.text)).toEqual([
      `Jonas Vestergaard (ARTS Support) writes about your case ${p.number} ("${p.title}"):\n\nThe controller is being replaced at 14:00.`,
    ]);
    expect(toPerson(sent, people.bo.id)).toHaveLength(1);

    p = (await h.store.getCase(parent.id))!;
    okCase(await h.service.act(people.emma, { verb: 'claim', caseId: p.id, version: p.version }));
    sent = await h.outbox.take();
    expect(toPerson(sent, people.anna.id).map((m) => m.text)).toEqual([
      expect.stringContaining(`is now working on your case ${p.number}`),
    ]);
    expect(toPerson(sent, people.bo.id).map((m) => m.text)).toEqual([
      expect.stringContaining('Emma Skov (ARTS Support) har sat status til Tildelt.'),
    ]);
  });

  it("tells the linked users nothing when staff ask the parent's own user a question (Awaiting user)", async () => {
    const parent = await h.declareEduroam();
    await h.buildReports(2, parent.id);
    let p = (await h.store.getCase(parent.id))!;
    p = okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: p.id, version: p.version }));
    expect(toPerson(await h.outbox.take(), reporter(0).id)).toHaveLength(1);
    okCase(
      await h.service.act(people.jonas, {
        verb: 'set_status',
        caseId: p.id,
        version: p.version,
        status: 'awaiting_user',
        question: 'Anna, which access point is nearest your office?',
      }),
    );
    const sent = await h.outbox.take();
    expect(
      toPerson(sent, people.anna.id)
        .map((v) => v.text)
        .join(),
    ).toContain('access point');
    expect(toPerson(sent, reporter(0).id)).toHaveLength(0);
    expect(toPerson(sent, reporter(1).id)).toHaveLength(0);
    expect(sent.some((m) => m.kind === 'major_follow_up')).toBe(false);
  });

  it('tells the linked users nothing when staff set the parent back to In progress after asking its user a question', async () => {
    const parent = await h.declareEduroam();
    await h.buildReports(2, parent.id);
    let p = (await h.store.getCase(parent.id))!;
    p = okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: p.id, version: p.version }));
    p = okCase(
      await h.service.act(people.jonas, {
        verb: 'set_status',
        caseId: p.id,
        version: p.version,
        status: 'in_progress',
      }),
    );
    const told = await h.outbox.take();
    for (const i of [0, 1])
      expect(
        toPerson(told, reporter(i).id)
          .map((v) => v.text)
          .join(),
      ).toMatch(/I gang|In progress/);
    p = okCase(
      await h.service.act(people.jonas, {
        verb: 'set_status',
        caseId: p.id,
        version: p.version,
        status: 'awaiting_user',
        question: 'Anna, which access point is nearest your office?',
      }),
    );
    await h.outbox.take();
    // No answer; Jonas goes on without it. The last they were told is In progress: nothing new to them.
    p = okCase(
      await h.service.act(people.jonas, {
        verb: 'set_status',
        caseId: p.id,
        version: p.version,
        status: 'in_progress',
      }),
    );
    expect(p.status).toBe('in_progress');
    const sent = await h.outbox.take();
    for (const i of [0, 1]) expect(toPerson(sent, reporter(i).id)).toEqual([]);
    expect(sent.some((m) => m.kind === 'major_follow_up')).toBe(false);
    // A status they have not heard is news again.
    okCase(
      await h.service.act(people.jonas, {
        verb: 'set_status',
        caseId: p.id,
        version: p.version,
        status: 'awaiting_vendor',
        vendorName: 'Cisco',
      }),
    );
    const vendor = await h.outbox.take();
    for (const i of [0, 1]) expect(toPerson(vendor, reporter(i).id)).toHaveLength(1);
  });

  it('tells the linked users nothing when the parent in progress moves to another group, and who takes it there', async () => {
    const declared = await h.declareEduroam();
    await h.buildReports(4, declared.id);
    let parent = (await h.store.getCase(declared.id))!;
    parent = okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: parent.id, version: parent.version }));
    parent = okCase(
      await h.service.act(people.jonas, {
        verb: 'set_status',
        caseId: parent.id,
        version: parent.version,
        status: 'in_progress',
      }),
    );
    await h.outbox.take();

    // The network team takes over the outage: the parent arrives Registered in their pile (desk bookkeeping).
    const moved = okCase(
      await h.service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: parent.id,
        version: parent.version,
        groupId: 'ops-network',
        reason: 'Controller fault',
      }),
    );
    expect(moved.status).toBe('registered');
    const sent = await h.outbox.take();
    const users = [0, 1, 2, 3].map((i) => reporter(i).id);
    // Their reports did not go back to the start, nor were they passed on: no message, let alone thousands.
    expect(users.flatMap((id) => toPerson(sent, id))).toEqual([]);
    const followUps = await h.store.listOutbox({ caseId: parent.id, limit: 1000 });
    expect(followUps.filter((m) => m.payload.kind === 'major_follow_up')).toEqual([]);

    // Someone at the network team takes it: that reaches them, from the named person (Assigned).
    okCase(await h.service.act(people.thor, { verb: 'claim', caseId: moved.id, version: moved.version }));
    const claimed = await h.outbox.take();
    for (const id of users) {
      const texts = toPerson(claimed, id).map((m) => m.text ?? '');
      expect(texts).toHaveLength(1);
      expect(texts[0]).toMatch(/Thor Aaes/);
    }
  });

  it('resolves every open linked case with the parent solution and asks each user to confirm', async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(20, parent.id);
    const closedBefore = reports[5]!;
    await h.store.updateCase({ ...closedBefore, status: 'closed' }, closedBefore.version);
    await h.outbox.take();

    const outcome = await h.service.act(people.jonas, {
      verb: 'resolve',
      caseId: parent.id,
      version: (await h.store.getCase(parent.id))!.version,
      solution: 'The wireless controller was replaced.',
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.reply?.text).toContain('19');

    const sent = await h.outbox.take();
    for (const [i, r] of reports.entries()) {
      const stored = (await h.store.getCase(r.id))!;
      const asks = toPerson(sent, reporter(i).id);
      if (r.id === closedBefore.id) {
        expect(stored.status).toBe('closed');
        expect(asks).toHaveLength(0);
        continue;
      }
      expect(stored.status).toBe('resolved');
      expect(stored.solution?.text).toBe('The wireless controller was replaced.');
      // The solution reaching the user is a first response.
      expect(stored.firstResponseAt).toBe(stored.resolvedAt);
      expect(asks).toHaveLength(1);
      expect(asks[0]?.form?.submit.map((a) => a.action)).toEqual([
        { verb: 'confirm_solved', caseId: r.id, version: stored.version },
        { verb: 'still_a_problem', caseId: r.id, version: stored.version },
      ]);
    }
    const paced = (await h.store.listOutbox({ state: 'pending', kind: 'send_person', limit: 1000 }))
      .filter((m) => m.key.startsWith(`${parent.id}:major:r`))
      .map((m) => ({ id: (m.payload['person'] as PersonRef).id, at: Date.parse(m.nextAttemptAt) }));
    expect(paced).toHaveLength(19);
    expect(busiestSecond(paced.filter((p) => p.id.startsWith('slack:')).map((p) => p.at))).toBeLessThanOrEqual(
      DEFAULT_MAJOR_PACING.perSecond.slack,
    );

    // The users answer as for any resolved case, from the question (the version the resolution stored).
    const asked = async (i: number) => (await h.store.getCase(reports[i]!.id))!.version;
    const confirmed = await h.service.act(reporter(0), {
      verb: 'confirm_solved',
      caseId: reports[0]!.id,
      version: await asked(0),
    });
    expect(confirmed.ok).toBe(true);
    const reopened = await h.service.act(reporter(1), {
      verb: 'still_a_problem',
      caseId: reports[1]!.id,
      version: await asked(1),
    });
    expect(reopened.ok).toBe(true);
    expect((await h.store.getCase(reports[1]!.id))?.status).toBe('in_progress');
  });
});

describe('major incident fan-out, resolved again', () => {
  it("keeps a reopened linked report's earlier solution under the parent's new one", async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(2, parent.id);
    const fresh = async (id: string) => (await h.store.getCase(id))!;
    okCase(
      await h.service.act(people.jonas, {
        verb: 'resolve',
        caseId: parent.id,
        version: (await fresh(parent.id)).version,
        solution: 'Restarted the wireless controller.',
      }),
    );
    // 1st level returns the major incident to work: its reports go back with it (still linked).
    await h.outbox.take();
    okCase(
      await h.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: parent.id,
        version: (await fresh(parent.id)).version,
        reason: 'Users still drop off',
      }),
    );
    const r = reports[1]!;
    expect(await fresh(r.id)).toMatchObject({ status: 'in_progress', parentId: parent.id, reopenCount: 1 });
    // Each user is told the major incident is open again, and that their case went back with it.
    const back = await h.outbox.take();
    for (const i of [0, 1]) {
      const told = toPerson(back, reporter(i).id);
      expect(told).toHaveLength(1);
      expect(told[0]?.text).toContain(parent.number);
      expect(told[0]?.text).toContain(reports[i]!.number);
    }
    okCase(
      await h.service.act(people.jonas, {
        verb: 'resolve',
        caseId: parent.id,
        version: (await fresh(parent.id)).version,
        solution: 'The wireless controller was replaced.',
      }),
    );
    const after = await fresh(r.id);
    expect(after.status).toBe('resolved');
    expect(after.solution?.text).toBe('The wireless controller was replaced.');
    expect(after.earlierSolutions?.map((e) => e.text)).toEqual(['Restarted the wireless controller.']);
    // Both users hear the real fix.
    const fixed = await h.outbox.take();
    for (const i of [0, 1]) {
      expect(
        toPerson(fixed, reporter(i).id)
          .map((v) => v.text)
          .join(),
      ).toContain('The wireless controller was replaced.');
    }
  });

  it("takes back the reports resolved with it when the major incident's own user says it still does not work", async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(2, parent.id);
    let p = (await h.store.getCase(parent.id))!;
    p = okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: p.id, version: p.version }));
    p = okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'Restarted' }),
    );
    // Bo confirms first: his report closes as usual, it does not come back.
    const confirmed = (await h.store.getCase(reports[0]!.id))!;
    okCase(
      await h.service.act(reporter(0), { verb: 'confirm_solved', caseId: confirmed.id, version: confirmed.version }),
    );
    await h.outbox.take();
    p = okCase(
      await h.service.act(people.anna, {
        verb: 'still_a_problem',
        caseId: p.id,
        version: p.version,
        comment: 'Still no eduroam in 1481',
      }),
    );
    expect(p.status).toBe('in_progress');
    const sent = await h.outbox.take();
    const told = toPerson(sent, reporter(1).id);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain(`${parent.number} er åben igen`);
    expect(await h.store.getCase(reports[1]!.id)).toMatchObject({ status: 'in_progress', parentId: parent.id });
    const first = await h.store.getCase(reports[0]!.id);
    expect(first?.status === 'closed' || first?.status === 'resolved').toBe(true);
    expect(toPerson(sent, reporter(0).id)).toHaveLength(0);
  });
});

describe("major incident fan-out, its own user's word", () => {
  it('does not name her to the users whose reports go back with the major incident when she reopens it', async () => {
    const parent = await h.declareEduroam(); // Anna Berg's own report
    const reports = await h.buildReports(3, parent.id);
    let p = (await h.store.getCase(parent.id))!;
    p = okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: p.id, version: p.version }));
    p = okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'Restarted' }),
    );
    await h.outbox.take();
    okCase(await h.service.act(people.anna, { verb: 'still_a_problem', caseId: p.id, version: p.version }));
    const sent = await h.outbox.take();
    for (const [i, r] of reports.entries()) {
      const told = toPerson(sent, reporter(i).id);
      expect(told).toHaveLength(1);
      expect(told[0]?.text).toContain(r.number);
      expect(told[0]?.text).not.toContain(people.anna.name);
    }
  });
});

describe('major incident fan-out, a person with two reports', () => {
  it('names both of his reports when the major incident is open again and takes them back', async () => {
    const parent = await h.declareEduroam();
    const bosReport = (title: string) =>
      h.store.createCase(
        buildNewCase({
          title,
          categoryId: 'wifi-eduroam',
          user: people.bo,
          locale: 'da',
          groupId: 'arts-support',
          ownerGroupId: 'arts-support',
        }),
      );
    const first = await bosReport('Ingen wifi i auditoriet');
    const second = await bosReport('Ingen wifi på biblioteket heller');
    for (const r of [first, second]) expect((await h.majors.link(people.jonas, r.number, parent.number)).ok).toBe(true);
    let p = (await h.store.getCase(parent.id))!;
    p = okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: p.id, version: p.version }));
    p = okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'Restarted' }),
    );
    await h.outbox.take();
    okCase(
      await h.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: p.id,
        version: p.version,
        reason: 'Users still drop off',
      }),
    );
    for (const r of [first, second]) expect((await h.store.getCase(r.id))?.status).toBe('in_progress');
    const told = toPerson(await h.outbox.take(), people.bo.id);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain(first.number);
    expect(told[0]?.text).toContain(second.number);
  });
});

describe('major incident fan-out, the closes of its reports', () => {
  it('paces the "closed, rate us" messages and the thread replies when the ladder closes the reports resolved with it', async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(40, parent.id);
    okCase(
      await h.service.act(people.jonas, {
        verb: 'resolve',
        caseId: parent.id,
        version: (await h.store.getCase(parent.id))!.version,
        solution: 'The wireless controller was replaced.',
      }),
    );
    await h.outbox.take();
    // Nobody answers: every report auto-closes after the business days, all in the same sweep (the major incident
    // too, whose own messages are not a fan-out).
    const due = (await Promise.all(reports.map(async (r) => (await h.store.getCase(r.id))!.nextTimerAt!))).sort();
    h.clock.set(due.at(-1)!);
    expect((await buildSweeper(h).sweepOnce()).fired).toBe(41);

    const ofReports = new Set(reports.map((r) => r.id));
    const closes = new Set(
      (await h.outbox.take()).filter((m) => m.caseId && ofReports.has(m.caseId)).map((m) => m.key),
    );
    const pending = (await h.store.listOutbox({ state: 'pending', limit: 10_000 })).filter((m) => closes.has(m.key));
    const toUsers = pending.filter((m) => m.kind === 'send_person');
    // Each user is told, with the invitation to rate the case, once.
    expect(toUsers).toHaveLength(40);
    for (const m of toUsers) expect(JSON.stringify(m.payload)).toContain('"verb":"evaluate"');
    const at = (prefix: string) =>
      toUsers
        .filter((m) => (m.payload['person'] as PersonRef).id.startsWith(prefix))
        .map((m) => Date.parse(m.nextAttemptAt));
    const rate = DEFAULT_MAJOR_PACING.perSecond;
    expect(at('teams:')).toHaveLength(20);
    expect(busiestSecond(at('teams:'))).toBeLessThanOrEqual(rate.teams);
    expect(busiestSecond(at('slack:'))).toBeLessThanOrEqual(rate.slack);
    // "Closed automatically" for each report in the major incident's thread, at the pace of a channel.
    const replies = pending.filter((m) => m.kind === 'thread_reply').map((m) => Date.parse(m.nextAttemptAt));
    expect(replies).toHaveLength(40);
    expect(busiestSecond(replies)).toBeLessThanOrEqual(rate.cards);
    // None is held back longer than its place in the queue needs.
    expect(Math.max(...at('slack:'))).toBeLessThan(h.clock.now().getTime() + (20 / rate.slack) * 1000);
  });
});

describe('major incident fan-out, the first response of its reports', () => {
  it('is the first status change their users were told of, not the resolution, for reports resolved with it', async () => {
    const parent = await h.declareEduroam();
    // Bo joins it at intake.
    const report = await h.reportWifi(people.bo, { parentId: parent.id });
    await h.majors.joined(report, 'da');
    h.clock.advance(15 * 60_000);
    const claimedAt = h.clock.now().toISOString();
    let p = (await h.store.getCase(parent.id))!;
    okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: p.id, version: p.version }));
    expect(toPerson(await h.outbox.take(), people.bo.id)).toHaveLength(1);
    h.clock.advance(3 * 3_600_000);
    p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'New AP' }),
    );
    const resolved = (await h.store.getCase(report.id))!;
    expect(resolved.status).toBe('resolved');
    expect(resolved.firstResponseAt).toBe(claimedAt);
  });
});
