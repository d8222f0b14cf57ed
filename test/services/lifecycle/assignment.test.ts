import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../helpers/people.js';
import { privacyFor } from '../../helpers/privacy.js';
import { buildServices, okCase, type Services, toPerson } from '../../helpers/services.js';

describe('assignment', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
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
});
