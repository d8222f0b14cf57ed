import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { okCase, threadTexts } from '../../helpers/services.js';
import { createMajorHarness, type MajorHarness } from '../major/major-harness.js';

let h: MajorHarness;
beforeEach(async () => {
  h = await createMajorHarness();
});
afterEach(async () => {
  await h.close();
});

/** Bo's report registered from the intake offer ("Add me to the affected"): linked, no card of its own. */
async function joinedAtIntake(parent: Case): Promise<Case> {
  const child = await h.reportWifi(people.bo, { parentId: parent.id });
  await h.majors.joined(child, 'da');
  await h.outbox.take();
  return (await h.store.getCase(child.id))!;
}

/** Jonas resolves the case (a parent resolves its linked reports with it); the outbox forgotten. */
async function resolve(c: Case, solution = 'Controller restarted'): Promise<Case> {
  const fresh = (await h.store.getCase(c.id))!;
  const resolved = okCase(
    await h.service.act(people.jonas, { verb: 'resolve', caseId: fresh.id, version: fresh.version, solution }),
  );
  await h.outbox.take();
  return resolved;
}

describe("a linked report's user answers", () => {
  it('takes a report reopened after its major incident was resolved off it, with a card and an SLA ladder of its own', async () => {
    const parent = await h.declareEduroam();
    const child = await joinedAtIntake(parent);
    await resolve(parent);
    const resolvedChild = (await h.store.getCase(child.id))!;
    expect(resolvedChild.status).toBe('resolved');
    expect(resolvedChild.nextTimerAt).toBeDefined(); // its auto-close

    const reopened = okCase(
      await h.service.act(people.bo, { verb: 'still_a_problem', caseId: child.id, version: resolvedChild.version }),
    );
    expect(reopened.status).toBe('in_progress');
    expect(reopened.parentId).toBeUndefined();
    expect(reopened.history.map((e) => e.action).slice(-2)).toEqual(['reopen', 'unlink_major']);
    // Its own ladder again: the resolution target's reminder (not the auto-close of a resolved case).
    expect(reopened.nextTimerAt).toBeDefined();
    expect(reopened.nextTimerAt).not.toBe(resolvedChild.nextTimerAt);

    const sent = await h.outbox.take();
    const post = sent.findIndex((m) => m.kind === 'post_card' && m.caseId === child.id);
    expect(sent[post]).toMatchObject({
      groupId: child.groupId,
      key: `${child.id}:v${reopened.version}:post_card:${child.groupId}`,
    });
    // Its own thread (the delivery waits for the card) says why the card is there; the major incident's hears it.
    const own = sent.findIndex((m) => m.kind === 'thread_reply' && m.caseId === child.id);
    expect(own).toBeGreaterThan(post);
    const inParent = sent.filter((m) => m.kind === 'thread_reply' && m.caseId === parent.id);
    expect(inParent).toHaveLength(1);
    expect(threadTexts(sent)).toEqual([
      `Bo Nielsen siger, at det stadig er et problem; sagen er genåbnet.\n\nSagen var knyttet til driftsforstyrrelsen ${parent.number}, som er løst; den behandles nu som en sag for sig.`,
      `${child.number}: Bo Nielsen siger, at det stadig er et problem efter løsningen af ${parent.number}. Henvendelsen behandles nu for sig i ARTS Support.`,
    ]);
    // Whoever resolved it hears it, as for any reopened case.
    expect(sent.some((m) => m.kind === 'send_person' && m.person.id === people.jonas.id)).toBe(true);
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(0);
    expect(await h.store.countCases({ parentId: parent.id })).toBe(0);
  });

  it("keeps a report reopened while its major incident is open linked, and tells the major incident's thread", async () => {
    const parent = await h.declareEduroam();
    const child = await joinedAtIntake(parent);
    const resolvedChild = await resolve(child, 'Forgot the network and joined again');

    const reopened = okCase(
      await h.service.act(people.bo, { verb: 'still_a_problem', caseId: child.id, version: resolvedChild.version }),
    );
    expect(reopened).toMatchObject({ status: 'in_progress', parentId: parent.id });
    const sent = await h.outbox.take();
    expect(sent.filter((m) => m.kind === 'post_card')).toEqual([]);
    expect(await h.repliesDelivered(sent, parent)).toEqual([
      {
        under: parent.number,
        text: `${child.number}: Bo Nielsen siger, at det stadig er et problem; sagen er genåbnet.`,
      },
    ]);
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(1);
  });

  it("tells the major incident's thread when the user confirms the solution", async () => {
    const parent = await h.declareEduroam();
    const child = await joinedAtIntake(parent);
    await resolve(parent);
    const resolvedChild = (await h.store.getCase(child.id))!;
    okCase(
      await h.service.act(people.bo, { verb: 'confirm_solved', caseId: child.id, version: resolvedChild.version }),
    );
    const sent = await h.outbox.take();
    expect(await h.repliesDelivered(sent, parent)).toEqual([
      {
        under: parent.number,
        // Not "Ready to close": 1st level checks the major incident, the ladder closes the report.
        text: `${child.number}: Bo Nielsen bekræfter, at problemet er løst. Sagen lukkes automatisk; den skal ikke tjekkes.`,
      },
    ]);
  });

  it("tells the major incident's thread when the user rates the closed report", async () => {
    const parent = await h.declareEduroam();
    const child = await joinedAtIntake(parent);
    await resolve(parent);
    const resolvedChild = (await h.store.getCase(child.id))!;
    const closed = okCase(
      await h.service.act(people.jonas, { verb: 'close', caseId: child.id, version: resolvedChild.version }),
    );
    await h.outbox.take();
    okCase(await h.service.act(people.bo, { verb: 'evaluate', caseId: child.id, version: closed.version, score: 5 }));
    const sent = await h.outbox.take();
    expect(await h.repliesDelivered(sent, parent)).toEqual([
      { under: parent.number, text: `${child.number}: Bo Nielsen har evalueret sagen: 5/5.` },
    ]);
  });
});

describe('staff acting on a report linked to an open major incident', () => {
  it("tells the major incident's thread when 1st level returns the report to its technician", async () => {
    const parent = await h.declareEduroam();
    const child = await joinedAtIntake(parent);
    const resolvedChild = await resolve(child, 'Forgot the network and joined again');

    const returned = okCase(
      await h.service.act(people.jonas, {
        verb: 'return_to_technician',
        caseId: child.id,
        version: resolvedChild.version,
        reason: 'Bo still has no wifi',
      }),
    );
    expect(returned).toMatchObject({ status: 'in_progress', parentId: parent.id });
    const sent = await h.outbox.take();
    // The report has no card of its own: the major incident's thread, where staff see the report, hears it, the
    // report's number first.
    expect(sent.filter((m) => m.kind === 'post_card')).toEqual([]);
    expect(await h.repliesDelivered(sent, parent)).toEqual([
      {
        under: parent.number,
        text: `${child.number}: Jonas Vestergaard (ARTS Support) har sendt sagen tilbage til Jonas Vestergaard: Bo still has no wifi`,
      },
    ]);
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(1);
  });

  it("tells the major incident's thread when a close without a documented solution returns the report", async () => {
    const parent = await h.declareEduroam();
    const child = await joinedAtIntake(parent);
    const resolvedChild = await resolve(child, 'Forgot the network and joined again');
    // A solution that is blank (as one written before solutions were required): the quality check fails.
    const blank = await h.store.updateCase(
      { ...resolvedChild, solution: { ...resolvedChild.solution!, text: ' ' } },
      resolvedChild.version,
      [],
    );
    const outcome = await h.service.act(people.jonas, { verb: 'close', caseId: child.id, version: blank.version });
    expect(okCase(outcome)).toMatchObject({ status: 'in_progress', parentId: parent.id });
    const sent = await h.outbox.take();
    const replies = await h.repliesDelivered(sent, parent);
    expect(replies).toEqual([{ under: parent.number, text: expect.any(String) }]);
    expect(replies[0]?.text).toMatch(new RegExp(`^${child.number}: Jonas Vestergaard \\(ARTS Support\\) har sendt`));
  });
});
