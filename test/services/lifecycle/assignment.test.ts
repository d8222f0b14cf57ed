import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../helpers/people.js';
import { privacyFor } from '../../helpers/privacy.js';
import { buildServices, okCase, type Services, threadTexts, toPerson } from '../../helpers/services.js';

describe('assignment', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  describe('staff whose own report it is', () => {
    it('are not told "… is now working on your case" about themselves when they claim it', async () => {
      // Emma (ARTS Support) reports her own Wi-Fi problem, which is routed to her own desk, and claims it.
      let c = await s.reportWifi(people.emma);
      await s.outbox.take();
      c = okCase(await s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version }));
      const sent = await s.outbox.take();
      expect(toPerson(sent, people.emma.id)).toEqual([]);
      expect(threadTexts(sent).join('\n')).toContain('Emma Skov');
    });

    it('get "assigned to you", not also "now working on your case", when a colleague gives it to them', async () => {
      const c = await s.reportWifi(people.emma);
      await s.outbox.take();
      okCase(
        await s.service.act(people.karen, {
          verb: 'assign',
          caseId: c.id,
          version: c.version,
          assigneeEmail: people.emma.email,
        }),
      );
      const toEmma = toPerson(await s.outbox.take(), people.emma.id).map((m) => m.text);
      expect(toEmma).toEqual([expect.stringContaining('har tildelt dig sag')]);
    });
  });

  describe('the previous assignee, when someone else moves the case off them', () => {
    it('tells them the case went to a colleague when the supervisor reassigns it', async () => {
      let c = await s.reportWifi();
      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      await s.outbox.take();
      okCase(
        await s.service.act(people.karen, {
          verb: 'assign',
          caseId: c.id,
          version: c.version,
          assigneeEmail: people.emma.email,
        }),
      );
      const sent = await s.outbox.take();
      expect(toPerson(sent, people.jonas.id).map((m) => m.text)).toEqual([
        `Karen Møller (ARTS Support) assigned case ${c.number} ("${c.title}") to Emma Skov: you no longer have it.`,
      ]);
      expect(toPerson(sent, people.emma.id)).toHaveLength(1);
      expect(toPerson(sent, people.anna.id)).toHaveLength(1);
    });

    it('tells them a colleague took it over, in their language, when the colleague assigns it to herself', async () => {
      let c = await s.reportWifi();
      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'assign',
          caseId: c.id,
          version: c.version,
          assigneeEmail: people.emma.email,
        }),
      );
      await s.outbox.take();
      // Emma is away; Jonas takes it back from her.
      okCase(
        await s.service.act(people.jonas, {
          verb: 'assign',
          caseId: c.id,
          version: c.version,
          assigneeEmail: people.jonas.email,
        }),
      );
      const sent = await s.outbox.take();
      expect(toPerson(sent, people.emma.id).map((m) => m.text)).toEqual([
        `Jonas Vestergaard (ARTS Support) har overtaget sag ${c.number} ("${c.title}") fra dig.`,
      ]);
      expect(toPerson(sent, people.jonas.id)).toEqual([]);
    });

    it('tells a 3rd-level technician the case owner at 1st level unassigned them', async () => {
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
      c = okCase(await s.service.act(people.thor, { verb: 'claim', caseId: c.id, version: c.version }));
      await s.outbox.take();
      okCase(await s.service.act(people.jonas, { verb: 'unassign', caseId: c.id, version: c.version }));
      const sent = await s.outbox.take();
      expect(toPerson(sent, people.thor.id).map((m) => m.text)).toEqual([
        `Jonas Vestergaard (ARTS Support) unassigned you from case ${c.number} ("${c.title}"): it is back with Operations: Network for someone to claim.`,
      ]);
    });

    it('tells nobody personally when they move it themselves, or when they were erased', async () => {
      let c = await s.reportWifi();
      c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'assign',
          caseId: c.id,
          version: c.version,
          assigneeEmail: people.emma.email,
        }),
      );
      expect(toPerson(await s.outbox.take(), people.jonas.id)).toEqual([]);
      c = okCase(await s.service.act(people.emma, { verb: 'unassign', caseId: c.id, version: c.version }));
      expect(toPerson(await s.outbox.take(), people.emma.id)).toEqual([]);

      c = okCase(await s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version }));
      await privacyFor(s).erasePerson(people.birgitte, people.emma.email);
      c = (await s.store.getCase(c.id))!;
      await s.outbox.take();
      okCase(
        await s.service.act(people.karen, {
          verb: 'assign',
          caseId: c.id,
          version: c.version,
          assigneeEmail: people.jonas.email,
        }),
      );
      const sent = await s.outbox.take();
      expect(sent.filter((m) => m.kind === 'send_person').map((m) => m.kind === 'send_person' && m.person.id)).toEqual([
        people.anna.id,
        people.jonas.id,
      ]);
    });
  });

  describe('a claim on a stale card', () => {
    it('tells the clicker the case is already theirs, not that "Jonas Vestergaard" has it, and sends nothing', async () => {
      const c = await s.reportWifi();
      okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      await s.outbox.take();
      // The same card in Slack and in Teams, or a double click.
      const again = await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version });
      expect(again).toMatchObject({ ok: false, code: 'CASE.ALREADY_CLAIMED' });
      expect(again.reply?.text).toBe(`You already have case ${c.number}.`);
      expect(again.card?.assigneeLabel).toBe('Jonas Vestergaard');
      const emma = await s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version });
      expect(emma.reply?.text).toBe(
        `Jonas Vestergaard har allerede taget sag ${c.number}. Skal du overtage den, så vælg dig selv under Tildel.`,
      );
      expect(await s.outbox.take()).toEqual([]);
    });

    it('says a resolved or closed case cannot be claimed (or changed meanwhile), not that its technician "already has" it', async () => {
      const first = await s.reportWifi();
      let c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: first.id, version: first.version }));
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'resolve',
          caseId: c.id,
          version: c.version,
          solution: 'Renewed the eduroam profile',
        }),
      );
      // The card as it is now (Resolved): its status is the reason.
      const resolved = await s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: c.version });
      expect(resolved).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
      expect(resolved.reply?.text).toBe(`Man kan ikke tage sagen, mens ${c.number} har status Løst.`);
      c = okCase(await s.service.act(people.karen, { verb: 'close', caseId: c.id, version: c.version }));
      const closed = await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version });
      expect(closed).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
      expect(closed.reply?.text).toBe(`You cannot claim the case while ${c.number} is Closed.`);
      // The card from before the claim: changed meanwhile, with the fresh (closed) card.
      const stale = await s.service.act(people.emma, { verb: 'claim', caseId: c.id, version: first.version });
      expect(stale).toMatchObject({ ok: false, code: 'CASE.CONFLICT', card: { status: 'closed' } });
    });
  });

  it('counts assigning oneself from the other app (same e-mail, other platform id) as a claim: no "assigned to you" to oneself', async () => {
    const c = await s.reportWifi();
    // Jonas in Slack; the directory knows him by his Teams id, which the menu's e-mail finds.
    const jonasInSlack = { ...people.jonas, id: 'slack:U0JONAS' };
    const taken = okCase(
      await s.service.act(jonasInSlack, {
        verb: 'assign',
        caseId: c.id,
        version: c.version,
        assigneeEmail: people.jonas.email,
      }),
    );
    expect(taken.history.at(-1)).toMatchObject({ action: 'claim', from: 'registered', to: 'assigned' });
    const sent = await s.outbox.take();
    expect(threadTexts(sent)).toEqual(['Jonas Vestergaard (ARTS Support) har taget sagen.']);
    expect(toPerson(sent, people.jonas.id)).toEqual([]);
    expect(toPerson(sent, people.anna.id)).toHaveLength(1);
  });
});
