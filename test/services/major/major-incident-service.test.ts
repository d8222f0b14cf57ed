import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presentCase } from '../../../src/services/case-view.js';
import { majorLabels } from '../../../src/services/major/major-messages.js';
import { majorStats } from '../../../src/services/major/major-stats.js';
import { people } from '../../helpers/people.js';
import { toPerson } from '../../helpers/services.js';
import { createMajorHarness, type MajorHarness, SUMMARY } from './major-harness.js';

let h: MajorHarness;
beforeEach(async () => {
  h = await createMajorHarness();
});
afterEach(async () => {
  await h.close();
});

describe('MajorIncidentService', () => {
  it('declares a case the parent, pings its supervisor and posts the card to the other 1st-level channels', async () => {
    const c = await h.reportWifi(people.anna);
    const outcome = await h.majors.declare(people.jonas, c.number, SUMMARY);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.case.major).toMatchObject({
      summary: SUMMARY,
      declaredBy: { id: people.jonas.id },
      linkedCount: 0,
    });
    expect(outcome.reply?.text).toContain('Karen Møller');

    const sent = await h.outbox.take();
    const ping = toPerson(sent, people.karen.id);
    expect(ping).toHaveLength(1);
    expect(ping[0]?.mention).toEqual({ id: people.karen.id, name: people.karen.name });
    expect(ping[0]?.text).toContain(SUMMARY.da);
    expect(ping[0]?.caseCard?.number).toBe(c.number);

    const announced = sent.flatMap((m) => (m.kind === 'post_group_message' ? [m] : []));
    const firstLevel = h.catalogue.firstLevelGroups().map((g) => g.id);
    expect(announced.map((m) => m.groupId).sort()).toEqual(firstLevel.filter((g) => g !== c.groupId).sort());
    for (const m of announced) {
      expect(m.view.caseCard?.caseId).toBe(c.id);
      expect(m.view.text).toContain(SUMMARY.da);
    }
    expect(sent.some((m) => m.kind === 'update_cards' && m.caseId === c.id)).toBe(true);
    expect(await h.majors.openMajors('wifi-eduroam')).toHaveLength(1);
    expect(await h.majors.openMajors('printing')).toHaveLength(0);
  });

  it('does not ping the supervisor who declared the major incident herself; her reply names her', async () => {
    const c = await h.reportWifi(people.anna);
    const outcome = await h.majors.declare(people.karen, c.number, SUMMARY);
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.reply?.text).not.toContain('Karen Møller');
    const sent = await h.outbox.take();
    expect(toPerson(sent, people.karen.id)).toHaveLength(0);
    // The rest of the declaration goes out as when someone else declares it.
    expect(sent.some((m) => m.kind === 'post_group_message')).toBe(true);
    expect(sent.some((m) => m.kind === 'thread_reply')).toBe(true);
  });

  it('refuses to declare when the actor is the user or the case is a major incident already', async () => {
    const c = await h.reportWifi(people.anna);
    const byUser = await h.majors.declare(people.anna, c.number, 'Down');
    expect(byUser).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
    expect((await h.store.getCase(c.id))?.major).toBeUndefined();

    expect((await h.majors.declare(people.jonas, c.number, 'Down')).ok).toBe(true);
    const again = await h.majors.declare(people.jonas, c.number, 'Down again');
    expect(again).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
  });

  it('links 500 reports with the count right on the parent card when each is linked by number', async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(500);
    for (const r of reports) {
      const outcome = await h.majors.link(people.jonas, r.number, parent.number);
      expect(outcome.ok).toBe(true);
    }
    const stored = await h.store.getCase(parent.id);
    expect(stored?.major?.linkedCount).toBe(500);
    expect(await h.store.countCases({ parentId: parent.id })).toBe(500);
    const card = presentCase(stored!, null, { catalogue: h.catalogue, timeZone: 'Europe/Copenhagen', locale: 'en' });
    expect(card.facts).toContainEqual({ label: 'Linked reports', value: '500' });

    // Every linked user hears that their case is part of a known incident, once.
    const told = (await h.outbox.take()).filter((m) => m.kind === 'send_person' && m.key.includes(':major_link:'));
    expect(new Set(told.map((m) => m.caseId)).size).toBe(500);
    expect(told).toHaveLength(500);

    const unlinked = await h.majors.unlink(people.jonas, reports[7]!.number);
    expect(unlinked.ok).toBe(true);
    expect((await h.store.getCase(reports[7]!.id))?.parentId).toBeUndefined();
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(499);
  }, 60_000);

  it('keeps the count right when links race on the parent', async () => {
    const parent = await h.declareEduroam();
    const reports = await h.buildReports(30);
    const outcomes = await Promise.all(reports.map((r) => h.majors.link(people.jonas, r.number, parent.number)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(30);
  });

  it("takes staff's click on the parent card rendered before reports were linked to it, but not one before a change", async () => {
    const parent = await h.declareEduroam();
    const onCard = (await h.store.getCase(parent.id))!.version;
    // Users join at intake and staff link a report while the card (refreshed every 10 s) still shows `onCard`.
    for (const who of [people.bo, people.carl]) {
      await h.majors.joined(await h.reportWifi(who, { parentId: parent.id }), 'da');
    }
    const [report] = await h.buildReports(1);
    expect((await h.majors.link(people.jonas, report!.number, parent.number)).ok).toBe(true);
    expect((await h.store.getCase(parent.id))!.version).toBeGreaterThan(onCard);

    const claimed = await h.service.act(people.emma, { verb: 'claim', caseId: parent.id, version: onCard });
    expect(claimed.ok && claimed.case.assignee?.id).toBe(people.emma.id);
    // The claim changed the major incident: a click from the card before it is stale, as for any case.
    const update = await h.service.act(people.jonas, {
      verb: 'major_update',
      caseId: parent.id,
      version: onCard,
      text: 'The controller is being replaced at 14:00.',
    });
    expect(update).toMatchObject({ ok: false, code: 'CASE.CONFLICT' });
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(3);
  });

  it('refuses a link to a case that is no major incident, and a link of the parent to itself', async () => {
    const parent = await h.declareEduroam();
    const [report, other] = await h.buildReports(2);
    const toPlain = await h.majors.link(people.jonas, report!.number, other!.number);
    expect(toPlain).toMatchObject({ ok: false, code: 'CASE.NOT_FOUND' });
    const self = await h.majors.link(people.jonas, parent.number, parent.number);
    expect(self.ok).toBe(false);
    expect((await h.store.getCase(report!.id))?.parentId).toBeUndefined();
  });

  it('counts majors, linked reports and the mean time to resolve in a period', async () => {
    const parent = await h.declareEduroam();
    await h.buildReports(3, parent.id);
    h.clock.advance(90 * 60_000);
    const resolved = await h.service.act(people.jonas, {
      verb: 'resolve',
      caseId: parent.id,
      version: (await h.store.getCase(parent.id))!.version,
      solution: 'Controller restarted',
    });
    expect(resolved.ok).toBe(true);
    const stats = await majorStats(h.store, '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z');
    expect(stats).toEqual({ majors: 1, linkedReports: 3, meanTimeToResolveMinutes: 90 });
    expect(await majorStats(h.store, '2025-04-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z')).toEqual({
      majors: 0,
      linkedReports: 0,
      meanTimeToResolveMinutes: null,
    });
  });
});

describe('looking up a report linked to a major incident', () => {
  it('shows no SLA and no breach, and shows its user only the major incident it is part of', async () => {
    const parent = await h.declareEduroam();
    const report = await h.reportWifi(people.bo);
    const linked = await h.majors.link(people.jonas, report.number, parent.number);
    expect(linked.ok).toBe(true);
    // Three days on, nobody has written on the report itself: the desk works the major incident, which has the targets.
    h.clock.advance(3 * 24 * 3600_000);
    const asUser = await h.service.lookup(people.bo, report.number);
    const asStaff = await h.service.lookup(people.jonas, report.number);
    if (!asUser.ok || !asStaff.ok) throw new Error('lookup refused');
    for (const card of [asUser.card, asStaff.card]) {
      expect(card.breached).toBe(false);
      expect(card.slaLabel).toBeUndefined();
    }
    const partOf = asUser.card.facts.find((f) => f.label === 'Del af driftsforstyrrelse');
    expect(partOf?.value).toBe(`${parent.number} (Registreret)`);
    // Nothing of the major incident's own case: not its user, nor its summary beyond what Bo was told.
    expect(JSON.stringify(asUser.card)).not.toContain(people.anna.name);
    // The major incident itself still shows its own targets.
    const own = await h.service.lookup(people.jonas, parent.number);
    expect(own.ok && own.card.breached).toBe(true);
  });
});

describe("the user's card of a report linked to a major incident", () => {
  it("keeps 'Part of a major incident: INC-… (status)' when the user clicks Refresh on it", async () => {
    const parent = await h.declareEduroam();
    const report = await h.reportWifi(people.bo);
    expect((await h.majors.link(people.jonas, report.number, parent.number)).ok).toBe(true);
    const partOf = (facts: { label: string; value: string }[]) =>
      facts.find((f) => f.label === majorLabels.partOf.da)?.value;
    const looked = await h.service.lookup(people.bo, report.number);
    if (!looked.ok) throw new Error('lookup refused');
    expect(partOf(looked.card.facts)).toBe(`${parent.number} (Registreret)`);
    // The user's card has one button, Refresh: the card it answers with names the major incident as well.
    const current = (await h.store.getCase(report.id))!;
    const refreshed = await h.service.act(people.bo, { verb: 'refresh', caseId: current.id, version: current.version });
    if (!refreshed.ok || !refreshed.card) throw new Error('refresh refused');
    expect(partOf(refreshed.card.facts)).toBe(`${parent.number} (Registreret)`);
    expect(JSON.stringify(refreshed.card)).not.toContain(people.anna.name);
  });
});

describe('major commands from someone who is not staff', () => {
  it('answers as for a case that does not exist when it is someone else’s, revealing neither case nor group', async () => {
    const parent = await h.declareEduroam();
    const annas = await h.reportWifi(people.anna, { title: 'Printer in 1481 jams' });
    const notFound = (n: string) => `I cannot find case ${n}. Please check the number (e.g. INC-000123).`;
    const tries = [
      await h.majors.declare(people.carl, annas.number, 'Down'),
      await h.majors.link(people.carl, annas.number, parent.number),
      await h.majors.unlink(people.carl, annas.number),
    ];
    for (const outcome of tries) {
      expect(outcome).toMatchObject({ ok: false, code: 'CASE.NOT_FOUND' });
      expect(outcome.ok ? '' : outcome.reply.text).toBe(notFound(annas.number));
    }
    // As `status` does for the same number.
    const status = await h.service.lookup(people.carl, annas.number);
    expect(status.ok ? '' : status.reply.text).toContain(annas.number);
    // On her own case the user is told she may not (nothing she does not know).
    const own = await h.majors.declare(people.anna, annas.number, 'Down');
    expect(own).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
    expect((await h.store.getCase(annas.id))?.major).toBeUndefined();
  });

  it('tells staff of another group they may not, not that the case does not exist (they can look it up)', async () => {
    const parent = await h.declareEduroam();
    const annas = await h.reportWifi(people.anna, { title: 'Printer in 1481 jams' });
    // Mogens (Operations: Cloud) is staff: `status` shows him any case.
    expect((await h.service.lookup(people.mogens, annas.number)).ok).toBe(true);
    const tries = [
      await h.majors.declare(people.mogens, annas.number, 'Down'),
      await h.majors.link(people.mogens, annas.number, parent.number),
    ];
    for (const outcome of tries) {
      expect(outcome).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
      expect(outcome.ok ? '' : outcome.reply.text).not.toContain('I cannot find case');
    }
    expect((await h.store.getCase(annas.id))?.parentId).toBeUndefined();
  });
});

describe("staff's card of a report linked to a major incident", () => {
  it("names the major incident's number and status, on a lookup and on the card an action answers with", async () => {
    const parent = await h.declareEduroam();
    const report = await h.reportWifi(people.bo);
    const linked = await h.majors.link(people.jonas, report.number, parent.number);
    expect(linked.ok).toBe(true);
    const partOf = (card: { facts: { label: string; value: string }[] }) =>
      card.facts.find((f) => f.label === majorLabels.partOf.en)?.value;

    const looked = await h.service.lookup(people.jonas, report.number);
    if (!looked.ok) throw new Error('lookup refused');
    expect(partOf(looked.card)).toBe(`${parent.number} (Registered)`);

    const fresh = await h.store.getCase(report.id);
    const refreshed = await h.service.act(people.jonas, { verb: 'refresh', caseId: report.id });
    expect(refreshed.ok && partOf(refreshed.card)).toBe(`${parent.number} (Registered)`);
    const claimed = await h.service.act(people.jonas, { verb: 'claim', caseId: report.id, version: fresh!.version });
    expect(claimed.ok && partOf(claimed.card)).toBe(`${parent.number} (Registered)`);
  });
});
