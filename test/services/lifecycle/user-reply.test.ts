import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../helpers/people.js';
import { buildServices, caseAwaitingAnna, okCase, type Services, toPerson } from '../../helpers/services.js';

describe('CaseService.userReply: a chat message as the answer to a waiting question', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('takes no message of the staff member who registered the case for the user, as the question went to the user', async () => {
    // Emma (ARTS Support) registers Anna's phone call; Jonas claims it and asks Anna a question.
    let c = await s.reportWifi(people.anna, { reporter: people.emma, intakeChannel: 'phone' });
    expect(c.reporter?.id).toBe(people.emma.id);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    await s.outbox.take();
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_user',
        question: 'Which room are you in?',
      }),
    );
    const asked = await s.outbox.take();
    expect(toPerson(asked, people.emma.id)).toHaveLength(0);
    expect(toPerson(asked, people.anna.id)).toHaveLength(1);

    // Emma's next message is her own (e.g. a report of her own): not the answer, the case still waits for Anna.
    expect(await s.service.userReply(people.emma, 'Min skærm flimrer hele tiden')).toBeNull();
    expect((await s.store.getCase(c.id))?.status).toBe('awaiting_user');
    // Anna's message is the answer.
    expect(await s.service.userReply(people.anna, 'Room 235')).not.toBeNull();
    const after = await s.store.getCase(c.id);
    expect(after?.status).toBe('in_progress');
    expect(after?.notes[0]).toMatchObject({ text: 'Room 235', author: { id: people.anna.id } });
  });

  it('tells whoever has the case now, not the one who asked and handed it on, and names them to the user', async () => {
    // Jonas asks Anna, then assigns the case to Emma (he goes on holiday) while it still waits for her answer.
    let c = await caseAwaitingAnna(s, 'Which room?');
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'assign',
        caseId: c.id,
        version: c.version,
        assigneeEmail: people.emma.email,
      }),
    );
    expect(c).toMatchObject({ status: 'awaiting_user', assignee: { id: people.emma.id } });
    await s.outbox.take();

    const answer = await s.service.userReply(people.anna, 'Room 235');
    const sent = await s.outbox.take();
    const toEmma = toPerson(sent, people.emma.id);
    expect(toEmma).toHaveLength(1);
    expect(toEmma[0]?.text).toContain('Room 235');
    // Jonas no longer has it: the group's thread has the answer, he is not written to personally.
    expect(toPerson(sent, people.jonas.id)).toEqual([]);
    expect(answer?.text).toContain(`${people.emma.name} has been told`);
    expect(answer?.text).not.toContain(people.jonas.name);
  });

  describe('a user the case names by e-mail only (registered for them before any chat knew them)', () => {
    async function askedByMail(user: { id: string; name: string; email: string }) {
      // Emma registers a phone case for Anna, known then only by e-mail; Jonas claims it and asks her.
      let c = await s.reportWifi(user, { reporter: people.emma, intakeChannel: 'phone' });
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
      return c;
    }

    it('takes her message in her chat as the answer, matched by e-mail', async () => {
      const byMail = { id: `email:${people.anna.email}`, name: 'Anna Berg', email: people.anna.email };
      const c = await askedByMail(byMail);
      expect(c.user.id).toBe(byMail.id);

      const answer = await s.service.userReply(people.anna, 'Room 235');
      expect(answer?.text).toContain(people.jonas.name);
      const after = await s.store.getCase(c.id);
      expect(after?.status).toBe('in_progress');
      expect(after?.notes[0]).toMatchObject({ text: 'Room 235', author: { id: people.anna.id } });
      expect(toPerson(await s.outbox.take(), people.jonas.id)).toHaveLength(1);
    });

    it('still takes no message of someone else, nor of her under another platform id when the case names that id', async () => {
      const byMail = { id: `email:${people.anna.email}`, name: 'Anna Berg', email: people.anna.email };
      const c = await askedByMail(byMail);
      // Emma (the reporter, another e-mail) is not the user.
      expect(await s.service.userReply(people.emma, 'Room 235')).toBeNull();
      expect((await s.store.getCase(c.id))?.status).toBe('awaiting_user');

      // A case asked in Anna's Slack chat is not answered from her Teams chat (same e-mail, another platform id).
      const inSlack = { id: 'slack:U0ANNA', name: 'Anna Berg', email: people.anna.email };
      const other = await askedByMail(inSlack);
      expect(await s.service.userReply(people.anna, 'Room 235')).not.toBeNull();
      expect((await s.store.getCase(other.id))?.status).toBe('awaiting_user');
      expect((await s.store.getCase(c.id))?.status).toBe('in_progress');
    });
  });
});
