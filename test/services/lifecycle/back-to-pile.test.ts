import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import type { ChannelTarget } from '../../../src/services/ports/chat-gateway.js';
import { channelCardOutbox, verbsOf } from '../../helpers/channel-card-outbox.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Services, threadTexts, toPerson, wifiInput } from '../../helpers/services.js';
import { buildSweeper } from '../../helpers/sla.js';

/**
 * A case back at work with nobody assigned (its user says it is still a problem, 1st level returns it to its
 * technician) lands in its group's pile: a quick case (registered solved, so never pinged nor claimed) or one
 * resolved without a claim. An urgent one is followed by a direct ping to the group's team lead (PROCESS.md step 4),
 * as when an urgent case first arrives in a pile.
 */
describe('CaseService: an urgent case back in the pile pings the team lead', () => {
  let s: Services;
  beforeEach(async () => {
    // Monday 3 March 2025, 10:00 in Copenhagen.
    s = await buildServices({ now: '2025-03-03T09:00:00Z', defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });

  /** Anna's Wi-Fi problem, P1 when `urgent`, solved at intake by a known solution she applied: a quick case. */
  async function selfSolved(urgent = true): Promise<Case> {
    const level = urgent ? 'high' : 'medium';
    const c = await s.register(
      wifiInput(people.anna, {
        impact: level,
        urgency: level,
        resolvedWith: { solution: 'Forget the network.', articleId: 'kb-1', quick: true },
      }),
      people.anna,
    );
    expect(c).toMatchObject({ status: 'resolved', quick: true, priority: urgent ? 'P1' : 'P3' });
    // Registered solved: no ping at registration.
    expect(toPerson(await s.outbox.take(), people.karen.id)).toEqual([]);
    s.clock.set('2025-03-03T11:00:00Z');
    return c;
  }

  const stillAProblem = async (c: Case) =>
    okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));

  /** What Karen Møller (ARTS Support's supervisor, Danish) got personally since the last look. */
  const toKaren = async () => toPerson(await s.outbox.take(), people.karen.id);

  it('pings the supervisor once, with an @mention and the card, when its user reopens an urgent quick case', async () => {
    const c = await stillAProblem(await selfSolved());
    expect(c.assignee).toBeUndefined();
    const sent = (await s.outbox.take()).filter((m) => m.kind === 'send_person' && m.person.id === people.karen.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ caseCardFor: { caseId: c.id } });
    const pinged = toPerson(sent, people.karen.id);
    expect(pinged[0]).toMatchObject({ mention: { id: people.karen.id, name: people.karen.name } });
    expect(pinged[0]?.text).toBe(
      `Karen Møller: sag ${c.number} ("Eduroam drops every few minutes") fra Anna Berg haster (P1 Kritisk) og er ` +
        'genåbnet af Anna Berg; den ligger i bunken hos ARTS Support uden nogen på. Sørg for, at nogen tager den nu.',
    );
  });

  it('pings the supervisor when 1st level returns an urgent quick case nobody has to its technician', async () => {
    let c = await selfSolved();
    c = okCase(
      await s.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'The known solution does not fit building 1481',
      }),
    );
    expect(c.assignee).toBeUndefined();
    const pinged = await toKaren();
    expect(pinged.map((v) => v.text)).toEqual([
      `Karen Møller: sag ${c.number} ("Eduroam drops every few minutes") fra Anna Berg haster (P1 Kritisk) og er ` +
        'sendt tilbage til arbejde af Emma Skov (ARTS Support); den ligger i bunken hos ARTS Support uden nogen på. ' +
        'Sørg for, at nogen tager den nu.',
    ]);
  });

  it('does not ping again when the case is reopened while someone has it', async () => {
    let c = await stillAProblem(await selfSolved());
    expect(await toKaren()).toHaveLength(1);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New card' }),
    );
    await s.outbox.take();
    // Jonas has it still: he is told, the supervisor is not pinged again.
    c = await stillAProblem(c);
    expect(c.assignee?.id).toBe(people.jonas.id);
    expect(await toKaren()).toEqual([]);
  });

  it('does not ping for a case that is not urgent', async () => {
    await stillAProblem(await selfSolved(false));
    expect(await toKaren()).toEqual([]);
  });

  it('does not ping the supervisor who returns the case herself', async () => {
    const c = await selfSolved();
    okCase(
      await s.service.act(people.karen, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'Not solved',
      }),
    );
    expect(await toKaren()).toEqual([]);
  });
});

/** The Teams channel of ARTS Support, where an Arts user's Wi-Fi case is registered. */
const CHANNELS: Record<string, ChannelTarget[]> = {
  'arts-support': [{ platform: 'teams', groupId: 'arts-support', teamId: 't', channelId: '19:arts' }],
};

/**
 * Work is never under way with nobody named: a case back at work with nobody assigned is in its group's pile as
 * Registered (as after Unassign), to be claimed from there; one someone has goes back to them, In progress.
 */
describe('CaseService: a case back at work with nobody assigned lands in the pile as Registered', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices({ now: '2025-03-03T09:00:00Z', defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });

  /** Anna's urgent Wi-Fi problem, solved at intake by a known solution she applied (a quick case), 2 hours ago. */
  async function selfSolved(): Promise<Case> {
    const c = await s.register(
      wifiInput(people.anna, {
        impact: 'high',
        urgency: 'high',
        resolvedWith: { solution: 'Forget the network.', articleId: 'kb-1', quick: true },
      }),
      people.anna,
    );
    await s.outbox.take();
    s.clock.set('2025-03-03T11:00:00Z');
    return c;
  }

  /** The ARTS Support part of the `queue` as Jonas (1st level there) reads it. */
  const queueOfJonas = async () => (await s.service.queue(people.jonas, 'arts-support')).text;

  it('puts a quick case its user reopens in the pile: its card, the queue, the unclaimed ping and mine say so', async () => {
    const outbox = channelCardOutbox(s.store, s.catalogue, CHANNELS);
    let c = await selfSolved();
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    expect(c).toMatchObject({ status: 'registered', reopenCount: 1 });
    expect(c.assignee).toBeUndefined();
    expect(c.history.find((h) => h.action === 'reopen')).toMatchObject({ from: 'resolved', to: 'registered' });
    await outbox.settle();
    const card = outbox.lastCard('19:arts');
    expect(card).toMatchObject({ status: 'registered' });
    expect(verbsOf(card)).toContain('claim');
    const queue = await queueOfJonas();
    expect(queue).toContain('Registered (1)');
    expect(queue).not.toContain('In progress');
    expect((await s.service.mine(people.anna)).text).toContain('Registered');
    // The unclaimed ping (P1: 15 minutes in the pile) counts from the reopen.
    await s.outbox.take();
    s.clock.set('2025-03-03T11:16:00Z');
    await buildSweeper(s).sweepOnce();
    expect(threadTexts(await s.outbox.take())).toEqual([
      `${c.number} (P1) har ligget i bunken uden at nogen har taget den i 15 minutter. Hvem tager den?`,
    ]);
    // Claimed from the pile as any new case (from the card as it stands now): Assigned, with Jonas named.
    const now = (await s.store.getCase(c.id)) ?? c;
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: now.version }));
    expect(c).toMatchObject({ status: 'assigned', assignee: { id: people.jonas.id } });
  });

  it('puts a quick case 1st level returns to its technician, nobody having it, in the pile as Registered', async () => {
    let c = await s.register(
      wifiInput(people.anna, { resolvedWith: { solution: 'Reset the password on the spot', quick: true } }),
      people.emma,
    );
    c = okCase(
      await s.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'Not what the user asked',
      }),
    );
    expect(c.status).toBe('registered');
    expect(c.assignee).toBeUndefined();
    expect(c.history.find((h) => h.action === 'return_to_technician')).toMatchObject({
      from: 'resolved',
      to: 'registered',
    });
    expect(await queueOfJonas()).toContain('Registered (1)');
    expect((await s.service.mine(people.anna)).text).toContain('Registered');
  });

  it('keeps a reopened case with the person who has it, In progress', async () => {
    let c = await s.reportWifi();
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'Reset' }),
    );
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    expect(c).toMatchObject({ status: 'in_progress', assignee: { id: people.jonas.id } });
    expect(await queueOfJonas()).toContain('In progress (1)');
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'Again' }),
    );
    c = okCase(
      await s.service.act(people.emma, { verb: 'return_to_technician', caseId: c.id, version: c.version, reason: 'x' }),
    );
    expect(c).toMatchObject({ status: 'in_progress', assignee: { id: people.jonas.id } });
  });
});
