import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../../src/config/catalogue-schema.js';
import { type CatalogueIndex, createCatalogueIndex } from '../../../src/config/load-catalogue.js';
import { PRIORITIES, type Priority } from '../../../src/models/case.js';
import { raisedToUrgent } from '../../../src/services/lifecycle/register-case.js';
import { ANONYMOUS_QUICK } from '../../../src/services/registration.js';
import { people } from '../../helpers/people.js';
import {
  buildServices,
  kinds,
  quickForNobody,
  type Services,
  shippedCatalogue,
  toPerson,
  wifiInput,
} from '../../helpers/services.js';

describe('createRegisterCase', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('routes by the faculty answer, takes the priority from the matrix and starts the SLA clock', async () => {
    const c = await s.register(
      wifiInput(people.anna, { answers: { faculty: 'bss' }, impact: 'high', urgency: 'high' }),
      people.anna,
    );
    expect(c).toMatchObject({
      groupId: 'bss-support',
      ownerGroupId: 'bss-support',
      priority: 'P1',
      status: 'registered',
      version: 1,
    });
    expect(c.number).toMatch(/^INC-\d{6}$/);
    expect(c.createdAt).toBe('2025-03-03T09:00:00.000Z');
    // P1 runs around the clock: 30 minutes to the first response, 240 to resolution.
    expect(c.sla).toMatchObject({
      responseDueAt: '2025-03-03T09:30:00.000Z',
      resolutionDueAt: '2025-03-03T13:00:00.000Z',
    });
    expect(c.history).toEqual([
      {
        at: c.createdAt,
        actor: { id: people.anna.id, name: 'Anna Berg', email: people.anna.email },
        action: 'register',
        to: 'registered',
      },
    ]);
  });

  it('falls back to the default helpdesk when the faculty is unknown', async () => {
    const c = await s.register(wifiInput(people.anna, { answers: { faculty: 'unknown' } }), people.anna);
    expect(c).toMatchObject({ groupId: 'it-support', ownerGroupId: 'it-support' });
  });

  it("gives the faculty's helpdesk ownership when the category routes straight to a back desk", async () => {
    const c = await s.register(
      {
        ...wifiInput(people.anna),
        type: 'service_request',
        categoryId: 'purchase-equipment',
        answers: { faculty: 'he' },
      },
      people.anna,
    );
    expect(c).toMatchObject({ groupId: 'he-indkoeb', ownerGroupId: 'he-support' });
    expect(c.number).toMatch(/^SR-/);
  });

  it('honours a template group and priority when the input names them', async () => {
    const c = await s.register(wifiInput(people.anna, { groupId: 'ops-network', priority: 'P4' }), people.anna);
    expect(c).toMatchObject({ groupId: 'ops-network', ownerGroupId: 'arts-support', priority: 'P4' });
  });

  it('posts the card and sends a receipt naming the staff member when registered on behalf', async () => {
    const c = await s.register(wifiInput(people.anna, { reporter: people.emma, intakeChannel: 'phone' }), people.emma);
    expect(c.reporter?.id).toBe(people.emma.id);
    expect(c.caseOwner?.id).toBe(people.emma.id);
    expect(c.history[0]?.detail).toBe('on behalf of Anna Berg');
    const sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['post_card', 'send_person']);
    expect(toPerson(sent, people.emma.id)).toEqual([]);
    const receipt = toPerson(sent, people.anna.id)[0];
    expect(receipt?.text).toContain(`Your case ${c.number} is registered by Emma Skov on your behalf`);
    expect(receipt?.text).toContain('What happens next');
  });

  it('sends no receipt when the user registered it in a chat that keeps the registered view, but always on behalf', async () => {
    await s.register(wifiInput(people.anna, { receipt: false }), people.anna);
    expect(kinds(await s.outbox.take())).toEqual(['post_card']);
    // Staff registering for the user (phone, desk): the user hears of it only through the receipt.
    await s.register(
      wifiInput(people.anna, { receipt: false, reporter: people.emma, intakeChannel: 'phone' }),
      people.emma,
    );
    const sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['post_card', 'send_person']);
    expect(toPerson(sent, people.anna.id)).toHaveLength(1);
  });

  it('sends the receipt afterwards when asked (the registered view failed), once per case, never for a quick case that names nobody', async () => {
    const c = await s.register(wifiInput(people.anna, { receipt: false }), people.anna);
    await s.outbox.take();
    await s.service.receipt(c.id);
    await s.service.receipt(c.id);
    const sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['send_person']);
    expect(toPerson(sent, people.anna.id)[0]?.text).toContain(`Your case ${c.number} is registered`);
    // Registered with a receipt already: asking again sends no second one.
    const withReceipt = await s.register(wifiInput(people.anna), people.anna);
    await s.outbox.take();
    await s.service.receipt(withReceipt.id);
    expect(await s.outbox.take()).toEqual([]);
    // A quick case that names nobody has nobody to send it to (a user's own quick case: quick-case-receipt.test.ts).
    const quick = await quickForNobody(s);
    await s.outbox.take();
    await s.service.receipt(quick.id);
    await s.service.receipt('no-such-case');
    expect(await s.outbox.take()).toEqual([]);
  });

  it('posts no card of its own but still sends the receipt when the case is a linked report of a major incident', async () => {
    const parent = await s.register(wifiInput(people.anna), people.anna);
    await s.outbox.take();
    const child = await s.register(wifiInput(people.bo, { parentId: parent.id }), people.bo);
    expect(child.parentId).toBe(parent.id);
    const sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['send_person']);
    expect(toPerson(sent, people.bo.id)[0]?.text).toContain(child.number);
  });

  it('writes the receipt in Danish when the user speaks Danish', async () => {
    const c = await s.register(wifiInput(people.bo), people.bo);
    const receipt = toPerson(await s.outbox.take(), people.bo.id)[0];
    expect(receipt).toMatchObject({ locale: 'da', title: c.number });
    expect(receipt?.text).toContain(`Din sag ${c.number} er registreret`);
    expect(receipt?.text).toContain('Hvad sker der nu');
  });

  it('registers a quick case resolved, with the solution, and sends nothing', async () => {
    const c = await s.register(
      wifiInput(people.carl, {
        resolvedWith: { solution: 'Eduroam set up and tested', quick: true },
        intakeChannel: 'desk',
      }),
      people.jonas,
    );
    expect(c).toMatchObject({
      status: 'resolved',
      quick: true,
      solution: { text: 'Eduroam set up and tested', by: { id: people.jonas.id } },
    });
    expect(c.resolvedAt).toBe(c.createdAt);
    expect(await s.outbox.take()).toEqual([]);
  });

  it('sends the user a receipt but posts no card when staff register a case for them solved on the spot', async () => {
    // PROCESS.md step 6: phone and desk cases get a receipt, also one solved with a known solution on the phone.
    const c = await s.register(
      wifiInput(people.anna, {
        reporter: people.emma,
        intakeChannel: 'phone',
        receipt: false,
        resolvedWith: {
          solution: 'Solved on the spot with the known solution "How to connect to eduroam".',
          articleId: 'eduroam-setup-en',
          quick: true,
        },
      }),
      people.emma,
    );
    expect(c).toMatchObject({ status: 'resolved', quick: true });
    const sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['send_person']);
    const receipt = toPerson(sent, people.anna.id)[0];
    expect(receipt?.text).toContain(`Your case ${c.number} is registered as solved by Emma Skov`);
    expect(receipt?.text).toContain(
      'Solution: Solved on the spot with the known solution "How to connect to eduroam".',
    );
    // A quick case from the catalogue names nobody: nothing to send.
    await s.register(
      wifiInput(ANONYMOUS_QUICK, {
        reporter: people.emma,
        intakeChannel: 'desk',
        resolvedWith: { solution: 'Eduroam set up and tested', quick: true },
      }),
      people.emma,
    );
    expect(await s.outbox.take()).toEqual([]);
  });

  it('registers a case solved by a known solution with a card for the quality check and a receipt', async () => {
    const c = await s.register(
      wifiInput(people.anna, {
        resolvedWith: { solution: 'Forget the network', articleId: 'eduroam-setup-en', quick: false },
      }),
      people.anna,
    );
    expect(c.status).toBe('resolved');
    expect(c.history[0]?.detail).toBe('known solution eduroam-setup-en');
    const sent = await s.outbox.take();
    expect(kinds(sent)).toEqual(['post_card', 'send_person']);
    expect(toPerson(sent, people.anna.id)[0]?.text).toContain('registered as solved');
  });

  describe('an urgent case (PROCESS.md step 4: followed by a direct ping to the team lead)', () => {
    /** The shipped catalogue with other `pingSupervisor` flags on the priority levels (`undefined`: none at all). */
    function withFlags(flags: Partial<Record<Priority, boolean>> | undefined): CatalogueIndex {
      const shipped = shippedCatalogue().catalogue;
      const levels = Object.fromEntries(
        PRIORITIES.map((p) => {
          const { pingSupervisor: _shipped, ...level } = shipped.priorities.levels[p];
          const flag = flags?.[p];
          return [p, flag === undefined ? level : { ...level, pingSupervisor: flag }];
        }),
      ) as Catalogue['priorities']['levels'];
      return createCatalogueIndex({ ...shipped, priorities: { ...shipped.priorities, levels } });
    }

    it('pings the supervisor of the group that has it, with a mention and the case card, when it is registered', async () => {
      const c = await s.register(wifiInput(people.anna, { impact: 'high', urgency: 'high' }), people.anna);
      expect(c).toMatchObject({ priority: 'P1', groupId: 'arts-support' });
      const sent = await s.outbox.take();
      expect(kinds(sent)).toEqual(['post_card', 'send_person', 'send_person']);
      const ping = sent.find((m) => m.kind === 'send_person' && m.person.id === people.karen.id);
      expect(ping).toMatchObject({
        kind: 'send_person',
        caseCardFor: { caseId: c.id },
        view: { locale: 'da', title: c.number, mention: { id: people.karen.id, name: 'Karen Møller' } },
      });
      expect(ping?.kind === 'send_person' && ping.view.text).toBe(
        `Karen Møller: sag ${c.number} ("${c.title}") fra Anna Berg haster (P1 Kritisk) og er netop registreret hos ARTS Support. Sørg for, at nogen tager den nu.`,
      );
      // Nobody else on staff is pinged; the user gets the receipt.
      expect(toPerson(sent, people.anna.id)).toHaveLength(1);
    });

    it('pings the desk the case was routed to, by e-mail when the directory does not know the supervisor', async () => {
      const c = await s.register(
        wifiInput(people.anna, {
          groupId: 'ops-network',
          priority: 'P1',
          reporter: people.jonas,
          intakeChannel: 'phone',
        }),
        people.jonas,
      );
      const sent = await s.outbox.take();
      const ping = toPerson(sent, people.erik.id)[0];
      expect(ping?.text).toContain(`${c.number} ("${c.title}") from Anna Berg is urgent (P1 Critical)`);
      expect(ping?.mention).toEqual({ id: people.erik.id, name: 'Erik Strand' });
      expect(toPerson(sent, people.karen.id)).toEqual([]);

      // Lone Bech (AU IT Support) is in the catalogue but not in the directory: reached by her e-mail.
      const lone = await s.register(
        wifiInput(people.anna, { answers: { faculty: 'unknown' }, priority: 'P1' }),
        people.anna,
      );
      expect(lone.groupId).toBe('it-support');
      const byEmail = (await s.outbox.take()).filter(
        (m) => m.kind === 'send_person' && m.person.id === 'email:lone.bech@au.dk',
      );
      expect(byEmail).toHaveLength(1);
    });

    it('pings nobody for a less urgent case, one registered solved, a linked report, or one the supervisor registered', async () => {
      await s.register(wifiInput(people.anna, { impact: 'high', urgency: 'medium' }), people.anna);
      await s.register(
        wifiInput(people.anna, {
          priority: 'P1',
          resolvedWith: { solution: 'Forget the network', articleId: 'eduroam-setup-en', quick: false },
        }),
        people.anna,
      );
      const parent = await s.register(wifiInput(people.carl), people.carl);
      await s.register(wifiInput(people.bo, { priority: 'P1', parentId: parent.id }), people.bo);
      await s.register(wifiInput(people.anna, { priority: 'P1', reporter: people.karen }), people.karen);
      expect(toPerson(await s.outbox.take(), people.karen.id)).toEqual([]);
    });

    it("follows the catalogue's pingSupervisor flags, and pings for the top priority when no level sets one", async () => {
      const flagged = await buildServices({ catalogue: withFlags({ P1: false, P2: true }) });
      const unflagged = await buildServices({ catalogue: withFlags(undefined) });
      try {
        await flagged.register(wifiInput(people.anna, { priority: 'P1' }), people.anna);
        expect(toPerson(await flagged.outbox.take(), people.karen.id)).toEqual([]);
        await flagged.register(wifiInput(people.anna, { priority: 'P2' }), people.anna);
        expect(toPerson(await flagged.outbox.take(), people.karen.id)).toHaveLength(1);

        await unflagged.register(wifiInput(people.anna, { priority: 'P2' }), people.anna);
        expect(toPerson(await unflagged.outbox.take(), people.karen.id)).toEqual([]);
        await unflagged.register(wifiInput(people.anna, { priority: 'P1' }), people.anna);
        expect(toPerson(await unflagged.outbox.take(), people.karen.id)).toHaveLength(1);
        // A raise pings only when it makes the case urgent.
        expect(raisedToUrgent(flagged.catalogue, 'P3', 'P2')).toBe(true);
        expect(raisedToUrgent(flagged.catalogue, 'P3', 'P1')).toBe(false);
        expect(raisedToUrgent(unflagged.catalogue, 'P2', 'P1')).toBe(true);
        expect(raisedToUrgent(unflagged.catalogue, 'P1', 'P1')).toBe(false);
      } finally {
        await flagged.close();
        await unflagged.close();
      }
    });
  });

  it('throws CATEGORY.NOT_FOUND when the category is unknown', async () => {
    await expect(s.register(wifiInput(people.anna, { categoryId: 'nope' }), people.anna)).rejects.toMatchObject({
      code: 'CATEGORY.NOT_FOUND',
    });
  });
});
