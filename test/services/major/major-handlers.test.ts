import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { privacyFor } from '../../helpers/privacy.js';
import { okCase, toPerson } from '../../helpers/services.js';
import { createMajorHarness, type MajorHarness } from './major-harness.js';

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

describe('unlinkMajor', () => {
  it('posts a card in its group channel for a report that joined at intake and had none', async () => {
    const parent = await h.declareEduroam();
    const child = await joinedAtIntake(parent);
    expect(child.cards).toEqual([]);
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(1);

    const unlinked = okCase(
      await h.service.act(people.jonas, { verb: 'unlink_major', caseId: child.id, version: child.version }),
    );
    expect(unlinked.parentId).toBeUndefined();
    const sent = await h.outbox.take();
    const posts = sent.filter((m) => m.kind === 'post_card');
    expect(posts).toEqual([
      expect.objectContaining({
        kind: 'post_card',
        caseId: child.id,
        groupId: child.groupId,
        key: `${child.id}:v${unlinked.version}:post_card:${child.groupId}`,
      }),
    ]);
    // The thread reply follows the post (the delivery waits for the card), so the desk reads why it is there.
    const reply = sent.findIndex((m) => m.kind === 'thread_reply' && m.caseId === child.id);
    expect(reply).toBeGreaterThan(sent.indexOf(posts[0]!));
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(0);
    // Its own SLA ladder applies again.
    expect(unlinked.nextTimerAt).toBeDefined();
  });

  it('tells the user that their case is now handled on its own by its group (Danish)', async () => {
    const parent = await h.declareEduroam();
    const child = await joinedAtIntake(parent);
    const unlinked = okCase(
      await h.service.act(people.jonas, { verb: 'unlink_major', caseId: child.id, version: child.version }),
    );
    const toBo = toPerson(await h.outbox.take(), people.bo.id);
    expect(toBo).toHaveLength(1);
    expect(toBo[0]?.text).toBe(
      `Din sag ${child.number} ("${child.title}") er ikke længere knyttet til driftsforstyrrelsen ${parent.number}. ARTS Support behandler den nu for sig, og du hører fra os her, når der er nyt.`,
    );
    expect(toBo[0]?.title).toBe(unlinked.number);
  });

  it('tells an English-speaking user in English, and nobody when the report was resolved already', async () => {
    const parent = await h.declareEduroam();
    let report = await h.reportWifi(people.carl);
    okCase(await h.majors.link(people.jonas, report.number, parent.number));
    await h.outbox.take();
    report = (await h.store.getCase(report.id))!;
    okCase(await h.service.act(people.jonas, { verb: 'unlink_major', caseId: report.id, version: report.version }));
    const toCarl = toPerson(await h.outbox.take(), people.carl.id);
    expect(toCarl.map((m) => m.text)).toEqual([
      `Your case ${report.number} ("${report.title}") is no longer part of the major incident ${parent.number}. ARTS Support now handles it on its own, and you will hear from us here when there is news.`,
    ]);

    // Linked again and resolved with the major incident: its user was asked whether it works again; unlinking
    // it then starts no work on it, so there is nothing to tell them.
    report = (await h.store.getCase(report.id))!;
    okCase(await h.majors.link(people.jonas, report.number, parent.number));
    const p = (await h.store.getCase(parent.id))!;
    okCase(await h.service.act(people.jonas, { verb: 'claim', caseId: p.id, version: p.version }));
    const claimed = (await h.store.getCase(parent.id))!;
    okCase(
      await h.service.act(people.jonas, {
        verb: 'resolve',
        caseId: claimed.id,
        version: claimed.version,
        solution: 'Controller restarted.',
      }),
    );
    report = (await h.store.getCase(report.id))!;
    expect(report).toMatchObject({ status: 'resolved', parentId: parent.id });
    await h.outbox.take();
    okCase(await h.service.act(people.jonas, { verb: 'unlink_major', caseId: report.id, version: report.version }));
    expect(toPerson(await h.outbox.take(), people.carl.id)).toEqual([]);
  });

  it('updates the card of a report that had one when it was linked, and posts none', async () => {
    const parent = await h.declareEduroam();
    const report = await h.reportWifi(people.bo);
    const withCard = await h.store.updateCase(
      {
        ...report,
        cards: [
          {
            platform: 'teams',
            groupId: report.groupId,
            channelId: 'arts-channel',
            messageId: 'm1',
            conversationId: 'arts-channel;messageid=m1',
            active: true,
          },
        ],
      },
      report.version,
    );
    okCase(await h.majors.link(people.jonas, withCard.number, parent.number));
    await h.outbox.take();
    const linked = (await h.store.getCase(report.id))!;
    okCase(await h.service.act(people.jonas, { verb: 'unlink_major', caseId: linked.id, version: linked.version }));
    const kinds = (await h.outbox.take()).filter((m) => m.caseId === report.id).map((m) => m.kind);
    expect(kinds).toContain('update_cards');
    expect(kinds).not.toContain('post_card');
  });
});

describe('linkMajor', () => {
  it('tells the user their case is part of the major incident, but sends nothing to an erased person', async () => {
    const parent = await h.declareEduroam();
    const carls = await h.reportWifi(people.carl);
    okCase(await h.majors.link(people.jonas, carls.number, parent.number));
    expect(toPerson(await h.outbox.take(), people.carl.id).map((m) => m.text)).toEqual([
      expect.stringContaining(`Your case ${carls.number} is part of a known major incident (${parent.number})`),
    ]);

    const bos = await h.reportWifi(people.bo);
    expect((await privacyFor(h).erasePerson(people.birgitte, people.bo.email)).ok).toBe(true);
    await h.outbox.take();
    okCase(await h.majors.link(people.jonas, bos.number, parent.number));
    const sent = await h.outbox.take();
    // The placeholder (`anonymous:…`) is nobody: the message would only dead-letter. The thread still hears it.
    expect(sent.filter((m) => m.kind === 'send_person')).toEqual([]);
    expect(sent.some((m) => m.kind === 'thread_reply' && m.caseId === bos.id)).toBe(true);
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(2);
  });
});

describe('declare_major and link_major on a linked report or a major incident', () => {
  /** Eduroam (Anna's, declared) and a second major incident on mail (Emma's, declared by Jonas). */
  async function twoMajors(): Promise<{ eduroam: Case; mail: Case }> {
    const eduroam = await h.declareEduroam();
    const mailCase = await h.reportWifi(people.emma, { title: 'Outlook cannot connect' });
    const mail = okCase(await h.majors.declare(people.jonas, mailCase.number, 'Mail is down'));
    await h.outbox.take();
    return { eduroam, mail };
  }

  it('says a report is linked to that major incident already when it is linked again', async () => {
    const { eduroam } = await twoMajors();
    const child = await joinedAtIntake(eduroam);
    const again = await h.majors.link(people.jonas, child.number, eduroam.number);
    expect(again).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(again.reply?.text).toBe(`${child.number} is already linked to ${eduroam.number}.`);
    expect(await h.outbox.take()).toEqual([]);
  });

  it('names the major incident a report is linked to when it is linked to another or declared one', async () => {
    const { eduroam, mail } = await twoMajors();
    const child = await joinedAtIntake(eduroam);
    const elsewhere = `${child.number} is already linked to ${eduroam.number}. Unlink it there first.`;

    const toMail = await h.majors.link(people.jonas, child.number, mail.number);
    expect(toMail).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(toMail.reply?.text).toBe(elsewhere);
    const declared = await h.majors.declare(people.jonas, child.number, 'Eduroam down in building 1481');
    expect(declared).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(declared.reply?.text).toBe(elsewhere);
    // The form behind the card button is refused the same way (a card from before the link).
    const form = await h.service.act(people.jonas, {
      verb: 'open_form',
      form: 'link_major',
      caseId: child.id,
      version: child.version,
    });
    expect(form).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(form.reply?.text).toBe(elsewhere);
    const stored = await h.store.getCase(child.id);
    expect({ parentId: stored?.parentId, major: stored?.major }).toEqual({ parentId: eduroam.id, major: undefined });
  });

  it('says a major incident is one already when it is declared again or linked to another', async () => {
    const { eduroam, mail } = await twoMajors();
    const again = await h.majors.declare(people.jonas, eduroam.number, 'Down again');
    expect(again).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(again.reply?.text).toBe(`${eduroam.number} is a major incident already.`);
    const linked = await h.majors.link(people.jonas, eduroam.number, mail.number);
    expect(linked).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(linked.reply?.text).toBe(
      `${eduroam.number} is a major incident itself: link reports to it rather than it to another.`,
    );
  });

  it('refuses to take a closed report off its major incident, naming its status, and posts no card', async () => {
    const parent = await h.declareEduroam();
    const child = await joinedAtIntake(parent);
    // Closed with the major incident (resolved, then closed after the business days).
    const closed = await h.store.updateCase(
      { ...child, status: 'closed', resolvedAt: h.clock.now().toISOString(), closedAt: h.clock.now().toISOString() },
      child.version,
    );
    const out = await h.service.act(people.jonas, { verb: 'unlink_major', caseId: closed.id, version: closed.version });
    expect(out).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(out.reply?.text).toContain(closed.number);
    expect(out.reply?.text).toContain('Closed');
    expect((await h.store.getCase(closed.id))?.parentId).toBe(parent.id);
    expect(await h.outbox.take()).toEqual([]);
  });

  it('says a case that is not linked is not linked when it is unlinked, whatever its status', async () => {
    const { eduroam } = await twoMajors();
    const report = await h.reportWifi(people.bo);
    const open = await h.majors.unlink(people.jonas, report.number);
    expect(open).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(open.reply?.text).toBe(`${report.number} is not linked to a major incident.`);
    // The major incident itself is not linked to one either.
    const parent = await h.majors.unlink(people.jonas, eduroam.number);
    expect(parent.reply?.text).toBe(`${eduroam.number} is not linked to a major incident.`);
    const resolved = okCase(
      await h.service.act(people.jonas, {
        verb: 'resolve',
        caseId: report.id,
        version: report.version,
        solution: 'Forgot the network and joined again',
      }),
    );
    await h.outbox.take();
    const later = await h.majors.unlink(people.jonas, resolved.number);
    expect(later.reply?.text).toBe(`${report.number} is not linked to a major incident.`);
    expect(await h.outbox.take()).toEqual([]);
  });

  it('still names the status when a resolved report is linked', async () => {
    const { eduroam } = await twoMajors();
    const report = await h.reportWifi(people.bo);
    const resolved = okCase(
      await h.service.act(people.jonas, {
        verb: 'resolve',
        caseId: report.id,
        version: report.version,
        solution: 'Forgot the network and joined again',
      }),
    );
    const linked = await h.majors.link(people.jonas, resolved.number, eduroam.number);
    expect(linked).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(linked.reply?.text).toContain('Resolved');
  });
});

describe('link and unlink replies', () => {
  it("are in the staff member's language as a whole (text and message), not the channel's default", async () => {
    const eduroam = await h.declareEduroam();
    const report = await h.reportWifi(people.emma, { title: 'No wifi in the library' });
    // Jonas reads English; the deployment's default language (channel threads) is Danish.
    const linked = await h.majors.link(people.jonas, report.number, eduroam.number);
    expect(linked.reply).toMatchObject({
      locale: 'en',
      text: `${report.number} is linked to the major incident ${eduroam.number} (1 linked report).`,
    });
    const unlinked = await h.majors.unlink(people.jonas, report.number);
    expect(unlinked.reply).toMatchObject({
      locale: 'en',
      text: `${report.number} is no longer linked to the major incident ${eduroam.number} (0 linked reports).`,
    });
  });
});
