import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import type { ChannelTarget } from '../../../src/services/ports/chat-gateway.js';
import { type ChannelCardOutbox, channelCardOutbox, verbsOf } from '../../helpers/channel-card-outbox.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, resolvedAtNetworkDesk, type Services } from '../../helpers/services.js';

/** Teams channels of the two groups of the scenario: ARTS Support (1st level, the owner) and the network desk. */
const CHANNELS: Record<string, ChannelTarget[]> = {
  'arts-support': [{ platform: 'teams', groupId: 'arts-support', teamId: 't', channelId: '19:arts' }],
  'ops-network': [{ platform: 'teams', groupId: 'ops-network', teamId: 't', channelId: '19:network' }],
};

describe('CaseService with the outbox: a case the desk resolved goes back to its owner', () => {
  let s: Services;
  let outbox: ChannelCardOutbox;

  beforeEach(async () => {
    s = await buildServices({ defaultLocale: 'en' });
    outbox = channelCardOutbox(s.store, s.catalogue, CHANNELS);
  });
  afterEach(async () => {
    await s.close();
  });

  const settle = () => outbox.settle();
  /** The last card each channel got (posted or updated), by channel. */
  const lastCards = () => ({ '19:arts': outbox.lastCard('19:arts'), '19:network': outbox.lastCard('19:network') });

  /** Reported at Arts, claimed and escalated by Jonas, claimed and resolved by Thor at the network desk. */
  async function resolvedAtDesk(): Promise<Case> {
    const fresh = async (c: Case) => {
      await settle();
      return (await s.store.getCase(c.id)) ?? c;
    };
    const c = await resolvedAtNetworkDesk(s, {
      afterReport: fresh,
      afterEscalation: async (c) => {
        const now = await fresh(c);
        expect(lastCards()['19:arts']?.banner).toMatch(/^Moved to Operations: Network/);
        return now;
      },
    });
    return fresh(c);
  }

  it("gives the owner's channel a card with Close and Return, and the desk's card none of them", async () => {
    const c = await resolvedAtDesk();
    const { '19:arts': owner, '19:network': desk } = lastCards();
    expect(owner?.status).toBe('resolved');
    expect(verbsOf(owner)).toEqual(expect.arrayContaining(['close', 'return_to_technician']));
    expect(owner?.banner).toMatch(/back with ARTS Support/);
    expect(owner?.version).toBe(c.version);
    expect(verbsOf(desk)).not.toContain('close');
    expect(verbsOf(desk)).not.toContain('return_to_technician');
    expect(desk?.banner).toBe('Solved and back with ARTS Support, who checks the solution and closes the case');
    // The owner's channel hears it in its thread too.
    const replies = outbox.teams.deliveredOf('replyInThread').filter((r) => r.ref.channelId === '19:arts');
    expect(replies.map((r) => r.message.text).join('\n')).toContain('Replaced the access point');

    // Jonas closes from that card: the click is accepted.
    const closed = okCase(await s.service.act(people.jonas, { verb: 'close', caseId: c.id, version: c.version }));
    expect(closed.status).toBe('closed');
  });

  it('tells the named case owner personally that the case is back with them, with the card to close it from', async () => {
    const c = await resolvedAtDesk();
    expect(c.caseOwner?.id).toBe(people.jonas.id);
    const toJonas = outbox.teams.deliveredOf('sendToPerson').filter((m) => m.person.id === people.jonas.id);
    expect(toJonas).toHaveLength(1);
    const told = toJonas[0]!.message;
    expect(told.text).toBe(
      `Case ${c.number} ("Eduroam drops every few minutes") is resolved by Thor Aaes (Operations: Network) and back with you: check the solution, then close it or return it to the technician.`,
    );
    // Not the user's message (no solution text, no Yes/No), but the case card with Close.
    expect(told.text).not.toContain('Replaced the access point');
    expect(told.actions).toBeUndefined();
    expect(told.caseCard?.caseId).toBe(c.id);
    expect(verbsOf(told.caseCard)).toContain('close');
    // Nobody else on staff gets a personal message about the resolution.
    const staff = outbox.teams.deliveredOf('sendToPerson').filter((m) => m.person.id !== people.anna.id);
    expect(staff.map((m) => m.person.id)).toEqual([people.jonas.id]);
  });

  it("turns the owner's card back into the moved card and the desk's into the working one when 1st level returns it", async () => {
    const c = await resolvedAtDesk();
    okCase(
      await s.service.act(people.jonas, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'The solution is not documented well enough',
      }),
    );
    await settle();
    const { '19:arts': owner, '19:network': desk } = lastCards();
    expect(owner?.banner).toMatch(/^Moved to Operations: Network/);
    expect(owner?.actions).toEqual([]);
    expect(verbsOf(desk)).toContain('open_form');
    expect(desk?.status).toBe('in_progress');
    expect(desk?.banner).toBeUndefined();
  });

  it("turns the owner's card back into the moved card when the user reopens the case", async () => {
    const c = await resolvedAtDesk();
    okCase(
      await s.service.act(people.anna, {
        verb: 'still_a_problem',
        caseId: c.id,
        version: c.version,
        comment: 'Still no signal',
      }),
    );
    await settle();
    expect(lastCards()['19:arts']?.banner).toMatch(/^Moved to Operations: Network/);
    expect(lastCards()['19:network']?.status).toBe('in_progress');
  });
});
