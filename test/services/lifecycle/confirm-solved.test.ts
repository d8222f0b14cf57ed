import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Services, threadTexts, wifiInput } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';
import { createMajorHarness, type MajorHarness } from '../major/major-harness.js';

describe('"Yes, solved": what the user and the thread are told', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices(); // Monday 3 March 2025, 10:00 in Copenhagen
  });
  afterEach(async () => {
    await s.close();
  });

  it('says 1st level checks the solution before the close when it does (a case a technician resolved)', async () => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New driver.' }),
    );
    await s.outbox.take();
    const answer = await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(answer.reply?.text).toBe(
      `Thank you! Case ${c.number} will be closed once support has checked the solution.`,
    );
    expect(threadTexts(await s.outbox.take())).toEqual([
      'Anna Berg bekræfter, at problemet er løst. Klar til lukning.',
    ]);
    // And 1st level does: the ladder leaves it for the check.
    expect(okCase(answer).nextTimerAt).toBeUndefined();
  });

  it('says the case closes shortly, with no check, for a quick case staff solved with a known solution', async () => {
    // Jonas gave Anna a known solution at the desk: a quick case, registered for her, nobody checks before it closes.
    let c = await s.register(
      wifiInput(people.anna, { resolvedWith: { solution: 'Forget the network.', articleId: 'kb-1', quick: true } }),
      people.jonas,
    );
    expect(c).toMatchObject({ status: 'resolved', quick: true });
    expect(c.history.map((e) => e.action)).toEqual(['register']);
    await s.outbox.take();
    const answer = await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(answer.reply?.text).toBe(`Thank you! Case ${c.number} will be closed shortly.`);
    expect(answer.reply?.text).not.toContain('checked');
    expect(threadTexts(await s.outbox.take())).toEqual([
      'Anna Berg bekræfter, at problemet er løst. Sagen lukkes automatisk; den skal ikke tjekkes.',
    ]);
    // As it says: the next sweep closes it.
    s.clock.set('2025-03-03T09:01:00Z');
    await buildSweeper(s).sweepOnce();
    c = (await s.store.getCase(c.id))!;
    expect(c.status).toBe('closed');
  });

  it('says it was confirmed already to a user whose own "This solved it" at intake confirmed it', async () => {
    const c = await s.register(
      wifiInput(people.anna, { resolvedWith: { solution: 'Forget the network.', articleId: 'kb-1', quick: true } }),
      people.anna,
    );
    expect(c.history.map((e) => e.action)).toEqual(['register', 'user_confirmed']);
    await s.outbox.take();
    const answer = await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(answer).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect(answer.reply?.text).toBe(`You have already confirmed that ${c.number} is solved. Thank you!`);
    expect(await s.store.getCase(c.id)).toMatchObject({ version: c.version });
    expect(await s.outbox.take()).toEqual([]);
  });

  /** Anna's case, reported for her by `reporter`, claimed and resolved by Jonas; its outbox messages taken. */
  async function resolvedOnBehalf(reporter: Person) {
    let c = await s.reportWifi(people.anna, { reporter });
    expect(c.reporter?.name).toBe(reporter.name);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New driver.' }),
    );
    await s.outbox.take();
    return c;
  }

  it('names the reporter who confirmed it to the user, not "you have already confirmed"', async () => {
    const c = await resolvedOnBehalf(people.carl);
    okCase(await s.service.act(people.carl, { verb: 'confirm_solved', caseId: c.id, version: c.version }));
    const confirmed = (await s.store.getCase(c.id))!;
    await s.outbox.take();
    const answer = await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(answer).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect(answer.reply?.text).toBe(`Carl Holm has already confirmed that ${c.number} is solved. Thank you!`);
    expect(await s.store.getCase(c.id)).toMatchObject({ version: confirmed.version });
    expect(await s.outbox.take()).toEqual([]);
  });

  it("names the user who confirmed it to the reporter, in the reporter's language", async () => {
    const c = await resolvedOnBehalf(people.emma);
    okCase(await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version }));
    await s.outbox.take();
    const answer = await s.service.act(people.emma, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(answer.reply?.text).toBe(`Anna Berg har allerede bekræftet, at ${c.number} er løst. Tak!`);
    // Her own click again is hers.
    const again = await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(again.reply?.text).toBe(`You have already confirmed that ${c.number} is solved. Thank you!`);
    expect(await s.outbox.take()).toEqual([]);
  });
});

describe('"Yes, solved" on a report resolved with its major incident', () => {
  let h: MajorHarness;
  beforeEach(async () => {
    h = await createMajorHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("tells the user (in Danish) it closes shortly and the major incident's thread that it needs no check", async () => {
    const parent = await h.declareEduroam();
    const child = await h.reportWifi(people.bo, { parentId: parent.id });
    await h.majors.joined(child, 'da');
    const p = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, { verb: 'resolve', caseId: p.id, version: p.version, solution: 'New AP' }),
    );
    await h.outbox.take();
    const resolved = (await h.store.getCase(child.id))!;
    const answer = await h.service.act(people.bo, {
      verb: 'confirm_solved',
      caseId: child.id,
      version: resolved.version,
    });
    expect(answer.reply?.text).toBe(`Tak for svaret! Sag ${child.number} lukkes om lidt.`);
    expect(await h.repliesDelivered(await h.outbox.take(), parent)).toEqual([
      {
        under: parent.number,
        text: `${child.number}: Bo Nielsen bekræfter, at problemet er løst. Sagen lukkes automatisk; den skal ikke tjekkes.`,
      },
    ]);
    h.clock.set('2025-03-03T09:01:00Z');
    await buildSweeper(h).sweepOnce();
    expect((await h.store.getCase(child.id))?.status).toBe('closed');
  });
});
