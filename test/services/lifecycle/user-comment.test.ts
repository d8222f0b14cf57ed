import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../helpers/people.js';
import {
  buildServices,
  caseAwaitingAnna,
  kinds,
  okCase,
  type Services,
  threadTexts,
  toPerson,
} from '../../helpers/services.js';
import { createMajorHarness, reporter } from '../major/major-harness.js';

describe('CaseService.userComment: a user adds to a case of theirs', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('keeps the text as their public note and tells the group, and the assignee once someone has the case', async () => {
    let c = await s.reportWifi();
    // Nobody has it yet: the group is told in the card's thread, and the reply names the group.
    const first = await s.service.userComment(people.anna, c.number, 'It happens in room 235 too');
    expect(first.text).toBe(`Thank you! It is added to case ${c.number}, and ARTS Support has been told.`);
    c = (await s.store.getCase(c.id))!;
    expect(c.status).toBe('registered');
    expect(c.notes[0]).toMatchObject({
      text: 'It happens in room 235 too',
      visibility: 'public',
      fromUser: true,
      author: { id: people.anna.id },
    });
    expect(c.history.at(-1)).toMatchObject({ action: 'user_comment', actor: { id: people.anna.id } });
    let sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['thread_reply', 'update_cards']);
    // The thread speaks the desk's default language (Danish here); the person told, their own.
    expect(threadTexts(sent)[0]).toBe('Anna Berg har tilføjet til sagen:\n\nIt happens in room 235 too');

    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    await s.outbox.take();
    // By id as well as by number; the assignee hears it personally.
    const second = await s.service.userComment(people.anna, c.id, 'Now it also drops on my phone');
    expect(second.text).toContain('Jonas Vestergaard has been told');
    expect((await s.store.getCase(c.id))!.status).toBe('assigned');
    sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['send_person', 'thread_reply', 'update_cards']);
    expect(toPerson(sent, people.jonas.id)[0]?.text).toBe(
      `${c.number}: Anna Berg added to the case:\n\nNow it also drops on my phone`,
    );
  });

  it('takes the text as the answer when the case awaits the user, and resumes the case', async () => {
    let c = await caseAwaitingAnna(s);
    const reply = await s.service.userComment(people.anna, c.number, 'Room 235');
    expect(reply.text).toContain(`Your answer is added to case ${c.number}`);
    c = (await s.store.getCase(c.id))!;
    expect(c.status).toBe('in_progress');
    expect(c.pendingQuestion).toBeUndefined();
    expect(c.sla.pausedSince).toBeUndefined();
    expect(threadTexts(await s.outbox.take())[0]).toContain('Anna Berg har svaret (sagen er i gang igen)');
  });

  it("takes the reporter's addition as an addition, not as the user's answer: the case still waits for the user", async () => {
    // Emma (ARTS Support) registers Anna's phone call; Jonas claims it and asks Anna (not Emma) a question.
    let c = await s.reportWifi(people.anna, { reporter: people.emma, intakeChannel: 'phone' });
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_user',
        question: 'Which room are you in?',
      }),
    );
    await s.outbox.take();

    const reply = await s.service.userComment(people.emma, c.number, 'She works from the library this week');
    expect(reply.text).toBe(`Tak! Det er tilføjet sag ${c.number}, og Jonas Vestergaard har fået besked.`);
    let after = (await s.store.getCase(c.id))!;
    expect(after.status).toBe('awaiting_user');
    expect(after.pendingQuestion?.text).toBe('Which room are you in?');
    expect(after.sla.pausedSince).toBeDefined();
    expect(after.notes[0]).toMatchObject({
      text: 'She works from the library this week',
      author: { id: people.emma.id },
    });
    expect(after.history.at(-1)).toMatchObject({ action: 'user_comment', actor: { id: people.emma.id } });
    const sent = await s.outbox.take();
    expect(threadTexts(sent)[0]).toBe('Emma Skov har tilføjet til sagen:\n\nShe works from the library this week');
    expect(toPerson(sent, people.jonas.id)[0]?.text).toContain('Emma Skov added to the case');

    // Anna's answer is still taken as the answer.
    expect(await s.service.userReply(people.anna, 'Room 235')).not.toBeNull();
    after = (await s.store.getCase(c.id))!;
    expect(after.status).toBe('in_progress');
    expect(after.notes[0]).toMatchObject({ text: 'Room 235', author: { id: people.anna.id } });
  });

  it("refuses someone else's case as not found, and says why for a solved or closed case, changing nothing", async () => {
    let c = await s.reportWifi();
    const other = await s.service.userComment(people.carl, c.number, 'Me too');
    expect(other.text).toContain(`I cannot find case ${c.number} among your cases`);
    expect((await s.service.userComment(people.anna, 'INC-999999', 'x')).text).toContain(
      'I cannot find case INC-999999',
    );

    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New AP' }),
    );
    await s.outbox.take();
    const solved = await s.service.userComment(people.anna, c.number, 'Still drops');
    expect(solved.text).toContain('press "No, still a problem"');
    c = okCase(await s.service.act(people.jonas, { verb: 'close', caseId: c.id, version: c.version }));
    await s.outbox.take();
    const closed = await s.service.userComment(people.anna, c.number, 'Still drops');
    expect(closed.text).toContain(`Case ${c.number} is closed`);
    const after = (await s.store.getCase(c.id))!;
    expect(after.notes.filter((n) => n.fromUser)).toEqual([]);
    expect(after.version).toBe(c.version);
    expect(await s.outbox.take()).toEqual([]);
  });

  it('answers in Danish to a Danish user', async () => {
    const c = await s.reportWifi(people.bo);
    const reply = await s.service.userComment(people.bo, c.number, 'Også i lokale 235');
    expect(reply.text).toBe(`Tak! Det er tilføjet sag ${c.number}, og ARTS Support har fået besked.`);
  });
});

describe('CaseService.userComment on a report linked to a major incident', () => {
  it("tells the major incident's thread, as the linked report has no card of its own", async () => {
    const h = await createMajorHarness();
    try {
      const parent = await h.declareEduroam();
      const [child] = await h.buildReports(1, parent.id);
      const user = reporter(0);
      const reply = await h.service.userComment(user, child!.number, 'Also down in the library');
      expect(reply.text).toContain(`${child!.number}`);
      const sent = await h.outbox.take();
      expect(await h.repliesDelivered(sent, parent)).toEqual([
        { under: parent.number, text: `${child!.number}: User 0 har tilføjet til sagen:\n\nAlso down in the library` },
      ]);
    } finally {
      await h.close();
    }
  });
});
