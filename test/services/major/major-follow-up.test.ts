import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case, PersonRef } from '../../../src/models/case.js';
import type { CaseStore } from '../../../src/models/case-store.js';
import type { ManualClock } from '../../../src/services/clock.js';
import { CaseService, type LifecycleDeps } from '../../../src/services/lifecycle/case-service.js';
import { createMajorFollowUpRunner, MAJOR_FOLLOW_UP_DELAY_MS } from '../../../src/services/major/major-follow-up.js';
import { DEFAULT_MAJOR_PACING } from '../../../src/services/major/major-pacing.js';
import type { MajorFollowUp } from '../../../src/services/outbox/deliveries.js';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { RecordingGateway } from '../../helpers/recording-gateway.js';
import { okCase } from '../../helpers/services.js';
import { renderTestCard } from '../outbox/dispatcher-harness.js';
import { busiestSecond, createMajorHarness, type MajorHarness, reporter } from './major-harness.js';

/** A gateway that notes when (test clock) each person got each message. */
class TimedGateway extends RecordingGateway {
  readonly got = new Map<string, { at: number; text: string }[]>();
  constructor(
    platform: 'teams' | 'slack',
    private readonly clock: ManualClock,
  ) {
    super(platform);
  }
  override async sendToPerson(person: PersonRef, message: MessageView): Promise<{ messageId?: string }> {
    const res = await super.sendToPerson(person, message);
    const list = this.got.get(person.id) ?? [];
    list.push({ at: this.clock.now().getTime(), text: message.text });
    this.got.set(person.id, list);
    return res;
  }
}

let h: MajorHarness;
let deps: LifecycleDeps;
let teams: TimedGateway;
let slack: TimedGateway;
let dispatcher: OutboxDispatcher;

beforeEach(async () => {
  h = await createMajorHarness();
  deps = {
    store: h.store,
    catalogue: h.catalogue,
    calendar: h.calendar,
    clock: h.clock,
    directory: h.directory,
    timeZone: 'Europe/Copenhagen',
    defaultLocale: 'da',
    reopenWindowDays: 14,
  };
  teams = new TimedGateway('teams', h.clock);
  slack = new TimedGateway('slack', h.clock);
  dispatcher = new OutboxDispatcher({
    store: h.store,
    gateways: [teams, slack],
    clock: h.clock,
    logger: pino({ level: 'silent' }),
    renderCard: (c, p) => renderTestCard(c, p),
    renderMovedCard: (c, _ref, p) => renderTestCard(c, p, 'moved'),
    channelTargets: async () => [],
    alert: () => [],
    runMajorFollowUp: createMajorFollowUpRunner(deps),
    owner: 'follow-up-test',
    batchSize: 50,
    random: () => 0.5,
  });
});
afterEach(async () => {
  await h.close();
});

/** Runs the dispatcher second by second (test clock) for `seconds`, each second until it has nothing due. */
async function drain(seconds: number): Promise<void> {
  for (let s = 0; s < seconds; s++) {
    for (;;) {
      const run = await dispatcher.runOnce();
      if (run.sent + run.retried + run.dead === 0) break;
    }
    h.clock.advance(1000);
  }
}

/**
 * A `CaseService` whose process "dies" after `writes` successful `updateCase` calls: from then on every store
 * call throws, so the action never finishes (its inline fan-out or resolving stops where it was).
 */
function dyingService(writes: number): CaseService {
  let left = writes;
  const dying: CaseStore = new Proxy(h.store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (left <= 0) throw new Error('process died (test)');
        const res = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (prop === 'updateCase') left--;
        return res;
      };
    },
  });
  return new CaseService({ ...deps, store: dying });
}

const messagesTo = (id: string) => [...teams.got, ...slack.got].find(([p]) => p === id)?.[1] ?? [];
const resolves = (c: Case) => c.history.filter((e) => e.action === 'resolve_with_major').length;

async function followUps(parentId: string) {
  return h.store.listOutbox({ caseId: parentId, kind: 'major_follow_up', limit: 100 });
}

describe('major incident follow-up', () => {
  it('tells every linked user once when the process dies between the parent note and the fan-out', async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(12, parent.id);
    const version = (await h.store.getCase(parent.id))!.version;

    const crashed = dyingService(1).act(people.jonas, {
      verb: 'major_update',
      caseId: parent.id,
      version,
      text: 'The vendor replaces the controller at 14:00.',
    });
    await expect(crashed).rejects.toThrow(/process died/);
    const stored = (await h.store.getCase(parent.id))!;
    expect(stored.version).toBe(version + 1);
    expect(stored.notes[0]?.text).toBe('The vendor replaces the controller at 14:00.');
    const pending = await h.store.listOutbox({ state: 'pending', limit: 1000 });
    expect(pending.filter((m) => m.key.startsWith(`${parent.id}:major:`))).toHaveLength(0);
    const [followUp] = await followUps(parent.id);
    expect(followUp?.payload).toMatchObject({ parentId: parent.id, version: version + 1, change: { kind: 'note' } });
    expect(Date.parse(followUp!.nextAttemptAt)).toBe(h.clock.now().getTime() + MAJOR_FOLLOW_UP_DELAY_MS);

    await drain(60);
    for (let i = 0; i < reports.length; i++) {
      const got = messagesTo(reporter(i).id);
      expect(got, reporter(i).id).toHaveLength(1);
      expect(got[0]?.text).toContain('The vendor replaces the controller at 14:00.');
    }
    expect((await h.store.getOutbox(followUp!.id))?.state).toBe('sent');

    // Delivered again (a lost ack): nobody hears it twice.
    await createMajorFollowUpRunner(deps)(followUp!.payload as unknown as MajorFollowUp);
    await drain(10);
    for (let i = 0; i < reports.length; i++) expect(messagesTo(reporter(i).id)).toHaveLength(1);
  });

  it('resolves every linked case once when the process dies half-way through resolving them', async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(10, parent.id);
    const version = (await h.store.getCase(parent.id))!.version;

    // The parent's write and three of the linked cases go in; then the process dies.
    const crashed = dyingService(4).act(people.jonas, {
      verb: 'resolve',
      caseId: parent.id,
      version,
      solution: 'The wireless controller was replaced.',
    });
    await expect(crashed).rejects.toThrow(/process died/);
    const before = await Promise.all(reports.map((r) => h.store.getCase(r.id)));
    expect(before.filter((c) => c?.status === 'resolved')).toHaveLength(3);

    await drain(60);
    const [followUp] = await followUps(parent.id);
    expect((await h.store.getOutbox(followUp!.id))?.result).toEqual({ resolved: 7 });
    for (const [i, r] of reports.entries()) {
      const c = (await h.store.getCase(r.id))!;
      expect(c.status).toBe('resolved');
      expect(c.solution?.text).toBe('The wireless controller was replaced.');
      expect(resolves(c)).toBe(1);
      const asks = messagesTo(reporter(i).id);
      expect(asks, reporter(i).id).toHaveLength(1);
      expect(asks[0]?.text).toContain('The wireless controller was replaced.');
    }
  });

  it('sends nothing twice and resolves nothing twice when the follow-up runs after a normal resolve', async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(8, parent.id);
    const outcome = await h.service.act(people.jonas, {
      verb: 'resolve',
      caseId: parent.id,
      version: (await h.store.getCase(parent.id))!.version,
      solution: 'The wireless controller was replaced.',
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.reply?.text).toContain('8');
    // One user says it is still a problem before the follow-up comes round: it must stay reopened.
    const asked = (await h.store.getCase(reports[1]!.id))!.version;
    const reopened = await h.service.act(reporter(1), {
      verb: 'still_a_problem',
      caseId: reports[1]!.id,
      version: asked,
    });
    expect(reopened.ok).toBe(true);

    await drain(60);
    const [followUp] = await followUps(parent.id);
    expect((await h.store.getOutbox(followUp!.id))?.result).toEqual({ resolved: 0 });
    for (const [i, r] of reports.entries()) {
      const c = (await h.store.getCase(r.id))!;
      expect(c.status).toBe(i === 1 ? 'in_progress' : 'resolved');
      expect(resolves(c)).toBe(1);
      expect(messagesTo(reporter(i).id).filter((m) => m.text.includes('replaced'))).toHaveLength(1);
    }
  });

  it('sends each linked user one update, paced, when the follow-up runs after a normal note', async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(40, parent.id);
    const outcome = await h.service.act(people.jonas, {
      verb: 'major_update',
      caseId: parent.id,
      version: (await h.store.getCase(parent.id))!.version,
      text: 'Access points restart floor by floor.',
    });
    expect(outcome.reply?.text).toContain('40');
    // The fan-out (about 5 s at the default pace) is out before the follow-up comes round 30 s later.
    await drain(60);
    const [followUp] = await followUps(parent.id);
    expect((await h.store.getOutbox(followUp!.id))?.state).toBe('sent');
    for (let i = 0; i < reports.length; i++) expect(messagesTo(reporter(i).id), reporter(i).id).toHaveLength(1);
    const times = (g: TimedGateway) => [...g.got.values()].flatMap((list) => list.map((m) => m.at));
    expect(busiestSecond(times(teams))).toBeLessThanOrEqual(DEFAULT_MAJOR_PACING.perSecond.teams);
    expect(busiestSecond(times(slack))).toBeLessThanOrEqual(DEFAULT_MAJOR_PACING.perSecond.slack);
  });

  it('sends a person with two linked reports an update once when the follow-up runs after another was linked', async () => {
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
    expect((await h.majors.link(people.jonas, first.number, parent.number)).ok).toBe(true);
    const later = await bosReport('Ingen wifi på biblioteket heller');
    await h.outbox.take();
    const outcome = await h.service.act(people.jonas, {
      verb: 'major_update',
      caseId: parent.id,
      version: (await h.store.getCase(parent.id))!.version,
      text: 'AP firmware rolled back at 14:00',
    });
    expect(outcome.ok).toBe(true);
    await drain(5);
    // Before the durable follow-up comes round, the desk links Bo's other report: the repeat sees it first.
    expect((await h.majors.link(people.jonas, later.number, parent.number)).ok).toBe(true);
    await drain(60);
    const [followUp] = await followUps(parent.id);
    expect((await h.store.getOutbox(followUp!.id))?.state).toBe('sent');
    expect(messagesTo(people.bo.id).filter((m) => m.text.includes('AP firmware rolled back'))).toHaveLength(1);
  });

  it.each([
    ['its own user says it is still a problem', 'anna'],
    ['1st level returns it to work', 'emma'],
  ] as const)('tells a taken-back user once when the major incident is open again and %s', async (_how, who) => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(3, parent.id);
    let p = (await h.store.getCase(parent.id))!;
    p = okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: p.id, version: p.version }));
    p = okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'Restarted' }),
    );
    await drain(60);
    const before = reports.map((_r, i) => messagesTo(reporter(i).id).length);
    p = okCase(
      who === 'anna'
        ? await h.service.act(people.anna, { verb: 'still_a_problem', caseId: p.id, version: p.version })
        : await h.service.act(people.emma, {
            verb: 'return_to_technician',
            caseId: p.id,
            version: p.version,
            reason: 'Users still drop off',
          }),
    );
    expect(p.status).toBe('in_progress');
    // The inline run and, 30 s later, the durable follow-up's repeat: one message each, "open again".
    await drain(60);
    const followUp = (await followUps(parent.id)).find(
      (m) => (m.payload as unknown as MajorFollowUp).version === p.version,
    );
    expect((await h.store.getOutbox(followUp!.id))?.state).toBe('sent');
    for (const [i, r] of reports.entries()) {
      expect(await h.store.getCase(r.id)).toMatchObject({ status: 'in_progress', reopenCount: 1 });
      const got = messagesTo(reporter(i).id).slice(before[i]);
      expect(got, reporter(i).id).toHaveLength(1);
      expect(got[0]?.text).toContain(r.number);
    }
  });

  it("does not pass the major incident's own user's words on to the linked users when she says it is still a problem", async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(3, parent.id);
    // The resolution resolves one report, then the process dies: two stay open, still linked.
    const crashed = dyingService(2).act(people.jonas, {
      verb: 'resolve',
      caseId: parent.id,
      version: (await h.store.getCase(parent.id))!.version,
      solution: 'Restarted',
    });
    await expect(crashed).rejects.toThrow(/process died/);
    const p = (await h.store.getCase(parent.id))!;
    const comment = 'Still no eduroam in my flat, call me on 12345678';
    okCase(await h.service.act(people.anna, { verb: 'still_a_problem', caseId: p.id, version: p.version, comment }));
    await drain(60);
    expect((await h.store.getCase(parent.id))?.notes[0]?.text).toBe(comment);
    for (const [i, r] of reports.entries()) {
      expect((await h.store.getCase(r.id))?.status, r.number).not.toBe('resolved');
      const got = messagesTo(reporter(i).id)
        .map((m) => m.text)
        .join('\n');
      expect(got).not.toContain('12345678');
      // Told the major incident is open again, not by whom: she is its user, not staff.
      expect(got).toContain(parent.number);
      expect(got).not.toContain(people.anna.name);
    }
    for (const m of await followUps(parent.id)) expect(JSON.stringify(m.payload)).not.toContain('12345678');
  });

  it('writes no follow-up for an internal note on the parent', async () => {
    const parent = await h.declareEduroam();
    await h.buildReports(3, parent.id);
    const outcome = await h.service.act(people.jonas, {
      verb: 'note',
      caseId: parent.id,
      version: (await h.store.getCase(parent.id))!.version,
      text: 'Vendor ticket 4711',
      visibility: 'internal',
    });
    expect(outcome.ok).toBe(true);
    expect(await followUps(parent.id)).toHaveLength(0);
  });
});
