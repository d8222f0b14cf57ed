import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../helpers/people.js';
import {
  buildServices,
  caseAwaitingAnna,
  kinds,
  type Services,
  threadTexts,
  toPerson,
  okCase,
} from '../../helpers/services.js';

describe('CaseService: the whole life of a case', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('runs report → claim → awaiting user → reply → escalation → resolve → confirm → close → evaluate when everyone acts in turn', async () => {
    const { service, outbox, clock } = s;
    const anna = people.anna;

    // Report: routed to ARTS Support, which owns it; card for the group and a receipt for the user.
    let c = await s.register(
      {
        type: 'incident',
        categoryId: 'wifi-eduroam',
        title: 'Eduroam drops',
        description: 'Drops every few minutes',
        answers: { faculty: 'arts' },
        impact: 'medium',
        urgency: 'high',
        user: anna,
        intakeChannel: 'teams',
        locale: 'en',
      },
      anna,
    );
    expect(c).toMatchObject({
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      status: 'registered',
      priority: 'P2',
    });
    let sent = await outbox.take();
    expect(kinds(sent)).toEqual(['post_card', 'send_person']);
    expect(sent.find((m) => m.kind === 'post_card')).toMatchObject({ caseId: c.id, groupId: 'arts-support' });
    expect(toPerson(sent, anna.id)[0]?.text).toContain(`Your case ${c.number} is registered`);
    expect(toPerson(sent, anna.id)[0]?.text).toContain('ARTS Support has it');
    expect(toPerson(sent, anna.id)[0]?.text).toContain(`"status ${c.number}", and add to it with "add ${c.number} …"`);

    // Claim: the user hears from the named person.
    clock.advance(10 * 60_000);
    c = okCase(await service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    expect(c).toMatchObject({
      status: 'assigned',
      assignee: { id: people.jonas.id },
      caseOwner: { id: people.jonas.id },
    });
    expect(c.firstResponseAt).toBe(clock.now().toISOString());
    sent = await outbox.take();
    expect(kinds(sent)).toEqual(['send_person', 'thread_reply', 'update_cards']);
    expect(toPerson(sent, anna.id)[0]?.text).toMatch(/^Jonas Vestergaard \(ARTS Support\) is now working on your case/);

    // Awaiting user: the question reaches the user personally; the SLA clock pauses.
    c = okCase(
      await service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_user',
        question: 'Which building and room?',
      }),
    );
    expect(c.status).toBe('awaiting_user');
    expect(c.sla.pausedSince).toBe(clock.now().toISOString());
    sent = await outbox.take();
    expect(toPerson(sent, anna.id)[0]?.text).toContain('Which building and room?');
    expect(toPerson(sent, anna.id)[0]?.text).toContain('Jonas Vestergaard (ARTS Support) has a question');

    // The user replies in chat: note added, back in progress, SLA resumed, thread and asker told.
    clock.advance(60 * 60_000);
    const reply = await service.userReply(anna, 'Building 1481, room 235');
    expect(reply?.text).toContain(`Your answer is added to case ${c.number}`);
    c = (await s.store.getCase(c.id))!;
    expect(c.status).toBe('in_progress');
    expect(c.notes[0]).toMatchObject({ text: 'Building 1481, room 235', fromUser: true, visibility: 'public' });
    expect(c.sla.pausedSince).toBeUndefined();
    expect(c.sla.pausedIntervals).toHaveLength(1);
    expect(c.pendingQuestion).toBeUndefined();
    sent = await outbox.take();
    expect(threadTexts(sent)[0]).toContain('Building 1481, room 235');
    expect(toPerson(sent, people.jonas.id)).toHaveLength(1);

    // Functional escalation: the case moves to the network team; ownership stays with ARTS Support.
    c = okCase(
      await service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        groupId: 'ops-network',
        reason: 'Access point fault in 1481',
      }),
    );
    expect(c).toMatchObject({
      groupId: 'ops-network',
      ownerGroupId: 'arts-support',
      caseOwner: { id: people.jonas.id },
    });
    expect(c.assignee).toBeUndefined();
    expect(c.escalations[0]).toMatchObject({
      kind: 'functional',
      fromGroupId: 'arts-support',
      toGroupId: 'ops-network',
    });
    sent = await outbox.take();
    expect(kinds(sent)).toEqual(['post_card', 'send_person', 'thread_reply', 'update_cards']);
    expect(sent.find((m) => m.kind === 'post_card')).toMatchObject({ groupId: 'ops-network' });
    expect(toPerson(sent, anna.id)[0]?.text).toContain('to Operations: Network');
    expect(toPerson(sent, anna.id)[0]?.text).toContain('Jonas Vestergaard (ARTS Support) still owns your case');

    // Someone from the network team claims and resolves with a solution.
    c = okCase(await service.act(people.thor, { verb: 'claim', caseId: c.id, version: c.version }));
    expect(c.caseOwner?.id).toBe(people.jonas.id);
    await outbox.take();
    c = okCase(
      await service.act(people.thor, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Replaced the access point.',
      }),
    );
    expect(c).toMatchObject({
      status: 'resolved',
      solution: { text: 'Replaced the access point.', by: { id: people.thor.id } },
    });
    sent = await outbox.take();
    const solved = toPerson(sent, anna.id)[0];
    expect(solved?.text).toContain('Thor Aaes (Operations: Network) has solved your case');
    expect(solved?.form?.submit.map((a) => a.action.verb)).toEqual(['confirm_solved', 'still_a_problem']);
    expect(solved?.form?.submit[0]?.action).toMatchObject({ caseId: c.id, version: c.version });
    expect(solved?.form?.inputs.map((i) => [i.id, i.label, i.required])).toEqual([
      ['still_a_problem.comment', 'What is still wrong? (optional)', false],
    ]);

    // The user confirms; it stays resolved for the 1st-level check.
    c = okCase(await service.act(anna, { verb: 'confirm_solved', caseId: c.id, version: c.version }));
    expect(c.status).toBe('resolved');
    expect(threadTexts(await outbox.take())[0]).toContain('Anna Berg bekræfter');

    // 1st level closes; the user is told and invited to evaluate.
    c = okCase(await service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    expect(c.status).toBe('closed');
    expect(c.closedAt).toBe(clock.now().toISOString());
    sent = await outbox.take();
    const closed = toPerson(sent, anna.id)[0];
    expect(closed?.text).toContain('Emma Skov (ARTS Support) has closed your case');
    expect(closed?.form?.submit[0]?.action).toMatchObject({ verb: 'evaluate', caseId: c.id });
    expect(closed?.form?.inputs.map((i) => i.id)).toEqual(['score', 'comment']);

    // Evaluate.
    c = okCase(
      await service.act(anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 5, comment: 'Quick!' }),
    );
    expect(c.evaluation).toMatchObject({ score: 5, comment: 'Quick!' });
    sent = await outbox.take();
    expect(threadTexts(sent)[0]).toContain('5/5');
    // A good rating is no complaint: the supervisor is not told.
    expect(kinds(sent)).toEqual(['thread_reply', 'update_cards']);

    // The audit trail tells the whole story.
    expect(c.history.map((h) => h.action)).toEqual([
      'register',
      'claim',
      'set_status',
      'user_replied',
      'escalate_group',
      'claim',
      'resolve',
      'user_confirmed',
      'close',
      'evaluate',
    ]);
    expect(c.history.find((h) => h.action === 'escalate_group')).toMatchObject({
      actor: { name: 'Jonas Vestergaard' },
      from: 'arts-support',
      to: 'ops-network',
    });
  });

  it("tells the owning group's supervisor personally when a user rates a case 2/5 or lower", async () => {
    let c = await s.reportWifi();
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New AP' }),
    );
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    await s.outbox.take();
    c = okCase(
      await s.service.act(people.anna, {
        verb: 'evaluate',
        caseId: c.id,
        version: c.version,
        score: 2,
        comment: 'Took a week and nobody told me anything',
      }),
    );
    const sent = await s.outbox.take();
    const pinged = sent.filter((m) => m.kind === 'send_person');
    expect(pinged).toHaveLength(1);
    // Karen Møller supervises ARTS Support, the group that owns the case; she reads Danish.
    expect(pinged[0]).toMatchObject({ person: { email: 'karen.moeller@au.dk' } });
    const ping = pinged[0]!.kind === 'send_person' ? pinged[0]!.view : undefined;
    expect(ping?.text).toBe(
      `Karen Møller: Anna Berg har givet sag ${c.number} ("${c.title}") 2/5. Det kan være en klage, som bør følges op.` +
        '\n\nKommentar: Took a week and nobody told me anything',
    );
    expect(ping?.mention?.name).toBe('Karen Møller');
    expect(ping?.caseCard?.number).toBe(c.number);
  });

  it('speaks Danish to a Danish user and names the person when the user reported in Danish', async () => {
    const { service, outbox } = s;
    const bo = people.bo;
    let c = await s.register(
      {
        type: 'incident',
        categoryId: 'wifi-eduroam',
        title: 'Eduroam virker ikke',
        description: 'Ingen forbindelse',
        answers: { faculty: 'arts' },
        impact: 'low',
        urgency: 'low',
        user: bo,
        intakeChannel: 'slack',
        locale: 'da',
      },
      bo,
    );
    let sent = await outbox.take();
    expect(toPerson(sent, bo.id)[0]).toMatchObject({ locale: 'da' });
    expect(toPerson(sent, bo.id)[0]?.text).toContain(`Din sag ${c.number} er registreret`);

    c = okCase(await service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    sent = await outbox.take();
    expect(toPerson(sent, bo.id)[0]?.text).toMatch(/^Jonas Vestergaard \(ARTS Support\) arbejder nu på din sag/);

    c = okCase(
      await service.act(people.jonas, {
        verb: 'note',
        caseId: c.id,
        version: c.version,
        text: 'Prøv at glemme netværket',
        visibility: 'public',
      }),
    );
    sent = await outbox.take();
    expect(toPerson(sent, bo.id)[0]?.text).toContain('Jonas Vestergaard (ARTS Support) skriver om din sag');

    c = okCase(
      await service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Profil geninstalleret',
      }),
    );
    sent = await outbox.take();
    const solved = toPerson(sent, bo.id)[0];
    expect(solved?.text).toContain('har løst din sag');
    expect(solved?.form?.submit.map((a) => a.label)).toEqual(['Ja, løst', 'Nej, stadig et problem']);
    expect(solved?.form?.inputs.map((i) => i.label)).toEqual(['Hvad er stadig galt? (valgfrit)']);

    // The card comes back in the actor's language.
    const english = await service.act(people.jonas, { verb: 'refresh', caseId: c.id, version: c.version });
    expect(english.ok && english.card.statusLabel).toBe('Resolved');
    const danish = await service.act(people.emma, { verb: 'refresh', caseId: c.id, version: c.version });
    expect(danish.ok && danish.card.statusLabel).toBe('Løst');
  });

  it('sends an internal note only to the thread when the note is internal', async () => {
    const c = await s.reportWifi();
    const out = await s.service.act(people.jonas, {
      verb: 'note',
      caseId: c.id,
      version: c.version,
      text: 'Checked AP logs',
      visibility: 'internal',
    });
    const after = okCase(out);
    expect(after.notes[0]).toMatchObject({
      text: 'Checked AP logs',
      visibility: 'internal',
      author: { id: people.jonas.id },
    });
    expect(after.firstResponseAt).toBeUndefined();
    const sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['thread_reply', 'update_cards']);
    expect(toPerson(sent, people.anna.id)).toEqual([]);
  });

  it('records the vendor and tells the user when the case awaits a vendor', async () => {
    let c = await s.reportWifi();
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'in_progress',
      }),
    );
    await s.outbox.take();
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_vendor',
        vendorName: 'Cisco',
        vendorRef: 'TAC-991',
      }),
    );
    expect(c).toMatchObject({ status: 'awaiting_vendor', vendor: { name: 'Cisco', reference: 'TAC-991' } });
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.anna.id)[0]?.text).toContain('waiting for Cisco');
    expect(c.history.at(-1)).toMatchObject({
      action: 'set_status',
      from: 'in_progress',
      to: 'awaiting_vendor',
      detail: 'Cisco (TAC-991)',
    });
  });

  // PROCESS.md principle 3: when work starts, the user hears from the named person handling it. The status machine
  // lets staff start a case straight from the pile: that is a claim by the one starting it.
  describe('work started on a case in the pile (nobody has it)', () => {
    it('makes whoever sets it In progress its assignee, with the first response, and the user hears from them', async () => {
      const c = await s.reportWifi();
      expect(c.status).toBe('registered');
      expect(c.assignee).toBeUndefined();
      await s.outbox.take();
      const started = okCase(
        await s.service.act(people.jonas, {
          verb: 'set_status',
          caseId: c.id,
          version: c.version,
          status: 'in_progress',
        }),
      );
      expect(started).toMatchObject({ status: 'in_progress', assignee: { id: people.jonas.id } });
      expect(started.firstResponseAt).toBeDefined();
      expect(started.history.slice(-2)).toMatchObject([
        { action: 'claim', from: 'registered', to: 'assigned' },
        { action: 'set_status', from: 'assigned', to: 'in_progress' },
      ]);
      const sent = await s.outbox.take();
      const toAnna = toPerson(sent, people.anna.id);
      expect(toAnna).toHaveLength(1);
      expect(toAnna[0]?.text).toMatch(/^Jonas Vestergaard \(ARTS Support\) is now working on your case/);
      expect(threadTexts(sent)).toEqual([
        'Jonas Vestergaard (ARTS Support) har taget sagen.',
        'Jonas Vestergaard (ARTS Support) har sat status til I gang.',
      ]);
    });

    it('asks the user from the named person who starts it by asking', async () => {
      const c = await s.reportWifi();
      await s.outbox.take();
      const asked = okCase(
        await s.service.act(people.emma, {
          verb: 'set_status',
          caseId: c.id,
          version: c.version,
          status: 'awaiting_user',
          question: 'Which building are you in?',
        }),
      );
      expect(asked).toMatchObject({ status: 'awaiting_user', assignee: { id: people.emma.id } });
      const toAnna = toPerson(await s.outbox.take(), people.anna.id);
      expect(toAnna.map((m) => m.text)).toEqual([
        expect.stringMatching(/^Emma Skov \(ARTS Support\) is now working on your case/),
        expect.stringContaining('Which building are you in?'),
      ]);
    });

    it('refuses a case owner outside the group holding it, who may not claim it, and changes nothing', async () => {
      let c = await s.reportWifi();
      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'escalate_group',
          caseId: c.id,
          version: c.version,
          groupId: 'ops-network',
          reason: 'Access points down',
        }),
      );
      expect(c).toMatchObject({ status: 'registered', caseOwner: { id: people.jonas.id } });
      expect(c.assignee).toBeUndefined();
      const out = await s.service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'in_progress',
      });
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.reply.text).toContain(`Nobody has ${c.number} yet: assign it`);
      expect(await s.store.getCase(c.id)).toMatchObject({ status: 'registered', version: c.version });
    });
  });

  describe('unassigned while work was under way', () => {
    it('goes back to Registered in the pile from In progress, claimable again', async () => {
      let c = await s.reportWifi();
      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'set_status',
          caseId: c.id,
          version: c.version,
          status: 'in_progress',
        }),
      );
      c = okCase(await s.service.act(people.jonas, { verb: 'unassign', caseId: c.id, version: c.version }));
      expect(c.status).toBe('registered');
      expect(c.assignee).toBeUndefined();
      expect(c.history.at(-1)).toMatchObject({ action: 'unassign', from: 'in_progress', to: 'registered' });
      c = okCase(await s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version }));
      expect(c).toMatchObject({ status: 'assigned', assignee: { id: people.emma.id } });
    });

    it('withdraws a question to the user (the clock runs again) and tells the user, keeping a vendor', async () => {
      let c = await caseAwaitingAnna(s, 'Which building?');
      expect(c.sla.pausedSince).toBeDefined();
      c = okCase(await s.service.act(people.karen, { verb: 'unassign', caseId: c.id, version: c.version }));
      expect(c.status).toBe('registered');
      expect(c.assignee).toBeUndefined();
      expect(c.pendingQuestion).toBeUndefined();
      expect(c.sla.pausedSince).toBeUndefined();
      const toAnna = toPerson(await s.outbox.take(), people.anna.id);
      expect(toAnna).toHaveLength(1);
      expect(toAnna[0]?.text).toContain('You need not answer the question from Jonas Vestergaard (ARTS Support)');

      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'set_status',
          caseId: c.id,
          version: c.version,
          status: 'awaiting_vendor',
          vendorName: 'Cisco',
        }),
      );
      await s.outbox.take();
      c = okCase(await s.service.act(people.jonas, { verb: 'unassign', caseId: c.id, version: c.version }));
      expect(c).toMatchObject({ status: 'registered', vendor: { name: 'Cisco' } });
      // No question to withdraw: she hears the case is back with the group.
      expect(toPerson(await s.outbox.take(), people.anna.id).map((m) => m.text)).toEqual([
        `Your case ${c.number} ("${c.title}") is back with ARTS Support, and whoever takes it will contact you if they need anything.`,
      ]);
    });

    it('withdraws the question of a case handed over outside AU IT without telling the user it is back with the group', async () => {
      let c = await caseAwaitingAnna(s, 'Which building?');
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'escalate_group',
          caseId: c.id,
          version: c.version,
          groupId: 'external:AU Bygninger',
          reason: 'Power outage in the building',
        }),
      );
      await s.outbox.take();
      c = okCase(await s.service.act(people.karen, { verb: 'unassign', caseId: c.id, version: c.version }));
      expect(c).toMatchObject({ status: 'registered', groupId: 'arts-support' });
      expect(c.pendingQuestion).toBeUndefined();
      const toAnna = toPerson(await s.outbox.take(), people.anna.id);
      expect(toAnna).toHaveLength(1);
      const text = toAnna[0]?.text ?? '';
      expect(text).toContain('You need not answer the question from Jonas Vestergaard (ARTS Support)');
      // AU Bygninger still has it: the desk only follows it, and nobody from it will take it up with her.
      expect(text).not.toContain('back with');
      expect(text).not.toContain('whoever takes it');
      expect(text).toContain('AU Bygninger outside AU IT is still responsible for solving it');
    });
  });

  describe('moved on by Status while a question waits for the user', () => {
    it('tells the user they need not answer when the case goes back to In progress, and how to add something', async () => {
      let c = await caseAwaitingAnna(s, 'Which room?');
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'set_status',
          caseId: c.id,
          version: c.version,
          status: 'in_progress',
        }),
      );
      expect(c.pendingQuestion).toBeUndefined();
      expect(c.sla.pausedSince).toBeUndefined();
      const toAnna = toPerson(await s.outbox.take(), people.anna.id);
      expect(toAnna).toHaveLength(1);
      const text = toAnna[0]?.text ?? '';
      expect(text).toContain('You need not answer the question from Jonas Vestergaard (ARTS Support)');
      expect(text).toContain('("Which room?")');
      // Jonas still has it: not "back with" the group.
      expect(text).not.toContain('back with');
      expect(text).toContain(`add ${c.number}`);
      // Her chat message is no answer any more; `add` still reaches the case.
      expect(await s.service.userReply(people.anna, 'Room 235')).toBeNull();
      await s.service.userComment(people.anna, c.number, 'Room 235');
      expect((await s.store.getCase(c.id))?.notes[0]).toMatchObject({ text: 'Room 235', fromUser: true });
    });

    it('tells the user in the one vendor message when the case goes to Awaiting vendor', async () => {
      let c = await caseAwaitingAnna(s, 'Which room?');
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'set_status',
          caseId: c.id,
          version: c.version,
          status: 'awaiting_vendor',
          vendorName: 'HP',
        }),
      );
      expect(c.pendingQuestion).toBeUndefined();
      const toAnna = toPerson(await s.outbox.take(), people.anna.id);
      expect(toAnna).toHaveLength(1);
      const text = toAnna[0]?.text ?? '';
      expect(text).toContain('is now waiting for HP');
      expect(text).toContain('You need not answer the question from Jonas Vestergaard (ARTS Support) any more');
    });

    it('says nothing of a question when the case was not waiting for one', async () => {
      let c = await caseAwaitingAnna(s, 'Which room?');
      await s.service.userReply(people.anna, 'Room 235');
      c = (await s.store.getCase(c.id)) ?? c;
      await s.outbox.take();
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'set_status',
          caseId: c.id,
          version: c.version,
          status: 'awaiting_vendor',
          vendorName: 'HP',
        }),
      );
      const toAnna = toPerson(await s.outbox.take(), people.anna.id);
      expect(toAnna).toHaveLength(1);
      expect(toAnna[0]?.text).not.toContain('need not answer');
    });
  });

  it('assigns to a group member by e-mail and tells both the assignee and the user', async () => {
    let c = await s.reportWifi();
    c = okCase(
      await s.service.act(people.karen, {
        verb: 'assign',
        caseId: c.id,
        version: c.version,
        assigneeEmail: 'EMMA.SKOV@au.dk',
      }),
    );
    expect(c).toMatchObject({ status: 'assigned', assignee: { id: people.emma.id, name: 'Emma Skov' } });
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.emma.id)[0]?.text).toContain('Karen Møller har tildelt dig sag');
    expect(toPerson(sent, people.emma.id)[0]?.caseCard?.number).toBe(c.number);
    expect(toPerson(sent, people.anna.id)[0]?.text).toMatch(/^Emma Skov \(ARTS Support\) is now working/);

    c = okCase(await s.service.act(people.emma, { verb: 'unassign', caseId: c.id, version: c.version }));
    expect(c.assignee).toBeUndefined();
    expect(c.status).toBe('registered');
  });

  it('hands a case over outside IT and tells the user who is responsible now', async () => {
    let c = await s.reportWifi();
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'escalate_group',
        caseId: c.id,
        version: c.version,
        groupId: 'external:AU Bygninger',
        reason: 'Power outage in the building',
      }),
    );
    expect(c.groupId).toBe('arts-support');
    expect(c.escalations[0]).toMatchObject({ kind: 'functional', toGroupId: 'external:AU Bygninger' });
    expect(c.history.at(-1)).toMatchObject({ action: 'handover_external', to: 'external:AU Bygninger' });
    const sent = await s.outbox.take();
    expect(toPerson(sent, people.anna.id)[0]?.text).toContain('over to AU Bygninger outside AU IT');
  });

  it('saves the solution as a knowledge article once when staff ask', async () => {
    let c = await s.reportWifi();
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Forget the network and reconnect with your AU ID.',
      }),
    );
    const out = await s.service.act(people.jonas, { verb: 'save_article', caseId: c.id, version: c.version });
    c = okCase(out);
    expect(out.reply?.text).toContain('saved as a known solution');
    const article = await s.store.getArticle(`case-${c.number.toLowerCase()}`);
    expect(article).toMatchObject({
      title: c.title,
      body: 'Forget the network and reconnect with your AU ID.',
      sourceCase: c.number,
    });
    const again = await s.service.act(people.jonas, { verb: 'save_article', caseId: c.id, version: c.version });
    expect(again).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
  });
});
