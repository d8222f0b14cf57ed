import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case, Person } from '../../../src/models/case.js';
import { isBreached } from '../../../src/models/sla.js';
import { people } from '../../helpers/people.js';
import { okCase, toPerson } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';
import { createMajorHarness, type MajorHarness, SUMMARY } from './major-harness.js';

let h: MajorHarness;
beforeEach(async () => {
  h = await createMajorHarness(); // Monday 3 March 2025, 10:00 in Copenhagen
});
afterEach(async () => {
  await h.close();
});

/** Bo cannot work at all (P1) and joins the eduroam major incident at intake; outbox forgotten. */
async function urgentReportJoined(): Promise<{ parent: Case; child: Case }> {
  const parent = await h.declareEduroam();
  const joined = await h.reportWifi(people.bo, { parentId: parent.id, impact: 'high', urgency: 'high' });
  expect(joined.priority).toBe('P1');
  await h.majors.joined(joined, 'da');
  await h.outbox.take();
  return { parent, child: (await h.store.getCase(joined.id))! };
}

async function unlink(actor: Person, c: Case): Promise<Case> {
  const fresh = (await h.store.getCase(c.id))!;
  return okCase(await h.service.act(actor, { verb: 'unlink_major', caseId: fresh.id, version: fresh.version }));
}

/**
 * PROCESS.md step 4: an urgent case is followed by a direct ping to the team lead. A P1 report that joined a major
 * incident was not pinged (the parent is what gets handled); taken off it, it is an urgent case in the pile.
 */
describe('unlinkMajor: the urgent ping of a report taken off its major incident', () => {
  it('pings the supervisor of the group whose pile an urgent report lands in, naming the major incident', async () => {
    const { parent, child } = await urgentReportJoined();
    const unlinked = await unlink(people.jonas, child);
    expect(unlinked).toMatchObject({ priority: 'P1', groupId: 'arts-support', status: 'registered' });
    expect(unlinked.assignee).toBeUndefined();
    const sent = await h.outbox.take();
    // Karen Møller leads ARTS Support; she reads Danish.
    const pings = sent.filter((m) => m.kind === 'send_person' && m.person.id === people.karen.id);
    expect(pings).toHaveLength(1);
    expect(pings[0]).toMatchObject({
      view: { mention: { id: people.karen.id, name: people.karen.name } },
      caseCardFor: { caseId: child.id },
    });
    const text = toPerson(sent, people.karen.id)[0]!.text;
    expect(text).toContain(`${child.number} ("${child.title}") fra Bo Nielsen haster (P1 Kritisk)`);
    expect(text).toContain(`taget af driftsforstyrrelsen ${parent.number} af Jonas Vestergaard (ARTS Support)`);
    expect(text).toContain('i bunken hos ARTS Support uden nogen på');
  });

  it('pings once: the unclaimed-case sweep that follows sends her nothing more', async () => {
    const { child } = await urgentReportJoined();
    await unlink(people.jonas, child);
    expect(toPerson(await h.outbox.take(), people.karen.id)).toHaveLength(1);
    h.clock.advance(60_000);
    await buildSweeper(h).sweepOnce();
    expect(toPerson(await h.outbox.take(), people.karen.id)).toEqual([]);
  });

  it('does not ping when someone has the report', async () => {
    const { child } = await urgentReportJoined();
    okCase(await h.service.act(people.emma, { verb: 'claim', caseId: child.id, version: child.version }));
    await h.outbox.take();
    const unlinked = await unlink(people.jonas, child);
    expect(unlinked.assignee?.id).toBe(people.emma.id);
    expect(toPerson(await h.outbox.take(), people.karen.id)).toEqual([]);
  });

  it('does not ping the supervisor who unlinked it herself', async () => {
    const { child } = await urgentReportJoined();
    await unlink(people.karen, child);
    expect(toPerson(await h.outbox.take(), people.karen.id)).toEqual([]);
  });

  it('does not ping for a report that is not urgent', async () => {
    const parent = await h.declareEduroam();
    const joined = await h.reportWifi(people.bo, { parentId: parent.id });
    expect(joined.priority).not.toBe('P1');
    await h.outbox.take();
    await unlink(people.jonas, joined);
    expect(toPerson(await h.outbox.take(), people.karen.id)).toEqual([]);
  });
});

describe('unlinkMajor: the first response of a report taken off its major incident', () => {
  it('has none when only the bot spoke to its user: its response target runs from the unlink', async () => {
    const { child } = await urgentReportJoined();
    h.clock.advance(3 * 3_600_000);
    const unlinkedAt = h.clock.now().toISOString();
    const unlinked = await unlink(people.jonas, child);
    expect(unlinked.firstResponseAt).toBeUndefined();
    // P1 runs around the clock: the full response target from the unlink, not three hours overdue.
    const minutes = h.catalogue.priorityLevel('P1').responseMinutes;
    expect(unlinked.sla.responseDueAt).toBe(new Date(Date.parse(unlinkedAt) + minutes * 60_000).toISOString());
    expect(isBreached('response', unlinked.sla, h.clock.now())).toBe(false);
    await h.outbox.take();

    // Claiming it is the first response (Bo hears from a named person).
    h.clock.advance(5 * 60_000);
    const claimed = okCase(
      await h.service.act(people.emma, { verb: 'claim', caseId: unlinked.id, version: unlinked.version }),
    );
    expect(claimed.firstResponseAt).toBe(h.clock.now().toISOString());
  });

  it('is the first staff update on the major incident that reached its user while linked', async () => {
    const { parent, child } = await urgentReportJoined();
    h.clock.advance(30 * 60_000);
    const updatedAt = h.clock.now().toISOString();
    const p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, {
        verb: 'major_update',
        caseId: p.id,
        version: p.version,
        text: 'The access points are being restarted',
      }),
    );
    const fanned = await h.outbox.take();
    expect(toPerson(fanned, people.bo.id).map((v) => v.text)).toEqual([
      expect.stringContaining('The access points are being restarted'),
    ]);
    h.clock.advance(2 * 3_600_000);
    const unlinked = await unlink(people.jonas, child);
    expect(unlinked.firstResponseAt).toBe(updatedAt);
  });

  it('is the first status change on the major incident that its user was told of while linked', async () => {
    const { parent, child } = await urgentReportJoined();
    h.clock.advance(20 * 60_000);
    const claimedAt = h.clock.now().toISOString();
    const p = (await h.store.getCase(parent.id))!;
    okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: p.id, version: p.version }));
    // Bo is told personally, by name, that the major incident is being worked on.
    const told = toPerson(await h.outbox.take(), people.bo.id).map((v) => v.text);
    expect(told).toEqual([expect.stringContaining('Jonas Vestergaard')]);
    h.clock.advance(2 * 3_600_000);
    const unlinked = await unlink(people.jonas, child);
    expect(unlinked.firstResponseAt).toBe(claimedAt);
  });

  it('is the claim its user was told of also when the one claiming reported the major incident himself', async () => {
    // Jonas (ARTS Support) reports the outage himself, declares it a major incident and works it.
    const own = await h.reportWifi(people.jonas);
    const declared = await h.majors.declare(people.jonas, own.number, SUMMARY);
    if (!declared.ok) throw new Error(declared.reply.text);
    const joined = await h.reportWifi(people.bo, { parentId: declared.case.id });
    await h.majors.joined(joined, 'da');
    await h.outbox.take();
    h.clock.advance(20 * 60_000);
    const claimedAt = h.clock.now().toISOString();
    const p = (await h.store.getCase(declared.case.id))!;
    okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: p.id, version: p.version }));
    expect(toPerson(await h.outbox.take(), people.bo.id).map((v) => v.text)).toEqual([
      expect.stringContaining('Jonas Vestergaard'),
    ]);
    h.clock.advance(2 * 3_600_000);
    const unlinked = await unlink(people.jonas, (await h.store.getCase(joined.id))!);
    expect(unlinked.firstResponseAt).toBe(claimedAt);
  });

  it("is not the major incident's own user answering its question (back In progress by her)", async () => {
    const parent = await h.declareEduroam(); // Anna's report
    let p = okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: parent.id, version: parent.version }));
    p = okCase(
      await h.service.act(people.jonas, {
        verb: 'set_status',
        caseId: p.id,
        version: p.version,
        status: 'awaiting_user',
        question: 'Which building?',
      }),
    );
    // Bo joins while the major incident waits for Anna; her answer sets it In progress.
    h.clock.advance(10 * 60_000);
    const joined = await h.reportWifi(people.bo, { parentId: p.id });
    await h.majors.joined(joined, 'da');
    h.clock.advance(10 * 60_000);
    expect(await h.service.userReply(people.anna, 'Building 1481')).not.toBeNull();
    expect((await h.store.getCase(p.id))?.status).toBe('in_progress');
    await h.outbox.take();
    h.clock.advance(2 * 3_600_000);
    const unlinked = await unlink(people.jonas, (await h.store.getCase(joined.id))!);
    expect(unlinked.firstResponseAt).toBeUndefined();
  });

  it('is not a change its user was not told of: the major incident escalated to another group, back in a pile', async () => {
    const { parent, child } = await urgentReportJoined();
    h.clock.advance(20 * 60_000);
    const p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: p.id,
        version: p.version,
        groupId: 'ops-network',
        reason: 'Access points',
      }),
    );
    expect(toPerson(await h.outbox.take(), people.bo.id)).toEqual([]);
    h.clock.advance(2 * 3_600_000);
    const unlinked = await unlink(people.jonas, child);
    expect(unlinked.firstResponseAt).toBeUndefined();
  });
});

/**
 * The other way off a major incident: a report going back to work after its major incident was resolved
 * (`finishedParent`, `withoutParent`, `leaveDrafts`). Resolved with its parent, it is had by whoever resolved the
 * parent, who is told; one nobody has lands in the pile and its supervisor is pinged (`backInPilePing`).
 */
describe('an urgent report leaving its resolved major incident by a reopen', () => {
  /** Bo's P1 report resolved with its parent by Jonas; `unassigned`: stored with nobody on it. */
  async function resolvedWithParent(unassigned: boolean): Promise<{ parent: Case; child: Case }> {
    const { parent, child } = await urgentReportJoined();
    const p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'Restarted' }),
    );
    await h.outbox.take();
    let resolved = (await h.store.getCase(child.id))!;
    expect(resolved).toMatchObject({ status: 'resolved', parentId: parent.id, assignee: { id: people.jonas.id } });
    if (unassigned) {
      const { assignee: _none, ...rest } = resolved;
      resolved = await h.store.updateCase(rest, resolved.version, []);
    }
    return { parent, child: resolved };
  }

  it('pings the supervisor once when its user reopens it with nobody on it', async () => {
    const { parent, child } = await resolvedWithParent(true);
    const reopened = okCase(
      await h.service.act(people.bo, { verb: 'still_a_problem', caseId: child.id, version: child.version }),
    );
    expect(reopened.parentId).toBeUndefined();
    expect(reopened.assignee).toBeUndefined();
    const sent = await h.outbox.take();
    const texts = toPerson(sent, people.karen.id).map((v) => v.text);
    expect(texts).toEqual([expect.stringContaining(`${child.number} ("${child.title}") fra Bo Nielsen haster`)]);
    expect(texts[0]).toContain('genåbnet af Bo Nielsen');
    expect(texts[0]).toContain('i bunken hos ARTS Support');
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(0);
  });

  it('pings the supervisor when 1st level sends it back to work with nobody on it', async () => {
    const { child } = await resolvedWithParent(true);
    okCase(
      await h.service.act(people.jonas, {
        verb: 'return_to_technician',
        caseId: child.id,
        version: child.version,
        reason: 'Bo still has no wifi',
      }),
    );
    const texts = toPerson(await h.outbox.take(), people.karen.id).map((v) => v.text);
    expect(texts).toEqual([expect.stringContaining('sendt tilbage til arbejde af Jonas Vestergaard (ARTS Support)')]);
  });

  it('does not ping the supervisor when the one who resolved the major incident has it: he is told', async () => {
    const { child } = await resolvedWithParent(false);
    const reopened = okCase(
      await h.service.act(people.bo, { verb: 'still_a_problem', caseId: child.id, version: child.version }),
    );
    expect(reopened.parentId).toBeUndefined();
    const sent = await h.outbox.take();
    expect(toPerson(sent, people.karen.id)).toEqual([]);
    expect(toPerson(sent, people.jonas.id).map((v) => v.text)).toEqual([expect.stringContaining(child.number)]);
  });
});
