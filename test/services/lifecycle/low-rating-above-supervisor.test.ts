import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case, Person } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Services, type Sent, toPerson } from '../../helpers/services.js';

describe('a low rating of a case the supervisor it would go to worked herself', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  /** A Wi-Fi case (ARTS Support owns it) that `handler` claims and resolves, closed by 1st level. */
  const handledBy = async (handler: Person, opts: { via?: string } = {}): Promise<Case> => {
    let c = await s.reportWifi();
    if (opts.via) {
      c = okCase(
        await s.service.act(people.jonas, {
          verb: 'escalate_group',
          caseId: c.id,
          version: c.version,
          groupId: opts.via,
          reason: 'Access point fault',
        }),
      );
    }
    c = okCase(await s.service.act(handler, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(handler, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'Rebooted' }),
    );
    c = okCase(await s.service.act(people.emma, { verb: 'close', caseId: c.id, version: c.version }));
    await s.outbox.take();
    return c;
  };
  const rateLow = async (c: Case): Promise<Sent[]> => {
    okCase(
      await s.service.act(people.anna, {
        verb: 'evaluate',
        caseId: c.id,
        version: c.version,
        score: 1,
        comment: 'Dismissive, and it is still broken',
      }),
    );
    return s.outbox.take();
  };
  const rated = (sent: Sent[]) =>
    sent.flatMap((m) => (m.kind === 'send_person' && m.view.text.includes('1/5') ? [m.person.id] : []));

  it('goes to her manager instead, naming her, when ARTS Support’s supervisor claimed and resolved it', async () => {
    s.directory.managerOf = async (id) => (id === people.karen.id ? people.birgitte : null);
    // Karen works it from Slack: the same person as the catalogue's supervisor, by e-mail.
    const karenOnSlack: Person = { ...people.karen, id: 'slack:U0KAREN' };
    const c = await handledBy(karenOnSlack);
    const sent = await rateLow(c);

    expect(rated(sent)).toEqual([people.birgitte.id]);
    const [ping] = toPerson(sent, people.birgitte.id);
    expect(ping?.text).toBe(
      `Birgitte Lund: Anna Berg rated case ${c.number} ("${c.title}") 1/5. It may be a complaint to follow up. ` +
        'Karen Møller, the supervisor of ARTS Support, worked the case personally, so it comes to you as the manager above.' +
        '\n\nComment: Dismissive, and it is still broken',
    );
    expect(ping?.mention).toEqual({ id: people.birgitte.id, name: people.birgitte.name });
    // Birgitte is staff (an admin): she may see the case, and gets its card.
    expect(ping?.caseCard?.number).toBe(c.number);
  });

  it('speaks the manager’s language, and gives a manager from outside the catalogue no case card', async () => {
    const head: Person = { id: 'teams:hanne', name: 'Hanne Holm', email: 'hanne.holm@au.dk', locale: 'da' };
    s.directory.managerOf = async (id) => (id === people.karen.id ? head : null);
    const c = await handledBy(people.karen);
    const [ping] = toPerson(await rateLow(c), head.id);
    expect(ping?.text).toContain(
      '1/5. Det kan være en klage, som bør følges op. Karen Møller, leder for ARTS Support, behandlede selv sagen, så den går videre til dig som overordnet leder.',
    );
    // Hanne (the managers file's head of IT) holds no tie to the case, so may not see it: the text names it.
    expect(ping?.caseCard).toBeUndefined();
  });

  it('still goes to her, as supervisor, when nobody above her is known', async () => {
    const c = await handledBy(people.karen);
    const sent = await rateLow(c);
    expect(rated(sent)).toEqual([people.karen.id]);
    expect(toPerson(sent, people.karen.id)[0]?.text).toBe(
      `Karen Møller: Anna Berg har givet sag ${c.number} ("${c.title}") 1/5. Det kan være en klage, som bør følges op.` +
        '\n\nKommentar: Dismissive, and it is still broken',
    );
    expect(toPerson(sent, people.karen.id)[0]?.caseCard?.number).toBe(c.number);
  });

  it('goes to the owning group’s supervisor when the supervisor of the group that held the case worked it', async () => {
    // Erik supervises Operations: Network, where the case was passed; ARTS Support's Karen hears the complaint.
    s.directory.managerOf = async (id) => (id === people.erik.id ? people.birgitte : null);
    const c = await handledBy(people.erik, { via: 'ops-network' });
    expect(c).toMatchObject({ groupId: 'ops-network', ownerGroupId: 'arts-support', assignee: { id: people.erik.id } });
    expect(rated(await rateLow(c))).toEqual([people.karen.id]);
  });
});
