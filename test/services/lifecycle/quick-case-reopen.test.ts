import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { ANONYMOUS_QUICK } from '../../../src/services/registration.js';
import type { ChannelTarget } from '../../../src/services/ports/chat-gateway.js';
import { STAND_IN } from '../../../src/services/registration.js';
import { type ChannelCardOutbox, channelCardOutbox, verbsOf } from '../../helpers/channel-card-outbox.js';
import { people } from '../../helpers/people.js';
import { privacyFor } from '../../helpers/privacy.js';
import {
  buildServices,
  okCase,
  quickForNobody as registerQuickForNobody,
  resolvedInStudentsPlace,
  type Sent,
  type Services,
  toPerson,
  wifiInput,
} from '../../helpers/services.js';

/** The Teams channel of ARTS Support, where an Arts user's Wi-Fi case is registered. */
const CHANNELS: Record<string, ChannelTarget[]> = {
  'arts-support': [{ platform: 'teams', groupId: 'arts-support', teamId: 't', channelId: '19:arts' }],
};

/**
 * A quick case (registered solved: by 1st level on the spot, or by its user with a known solution at intake) has
 * no channel card. Back to work (its user says it is still a problem, or 1st level returns it), it is an ordinary
 * case that somebody has to take: its group's channel gets its card, then the thread reply about what happened.
 */
describe('CaseService with the outbox: a quick case back to work gets its channel card', () => {
  let s: Services;
  let outbox: ChannelCardOutbox;
  beforeEach(async () => {
    s = await buildServices({ defaultLocale: 'en' });
    outbox = channelCardOutbox(s.store, s.catalogue, CHANNELS);
  });
  afterEach(async () => {
    await s.close();
  });

  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id)) ?? c;
  /** What the ARTS channel got, in order: card posts and thread replies. */
  const channelLog = () =>
    outbox.teams.delivered.flatMap((call) =>
      call.method === 'postCaseCard' && call.target.channelId === '19:arts'
        ? [`post ${call.card.status}`]
        : call.method === 'replyInThread' && call.ref.channelId === '19:arts'
          ? [`reply ${call.message.text}`]
          : [],
    );

  /** Anna's Wi-Fi case, registered solved by the known solution she said solved it, delivered: no card. */
  async function selfSolved(): Promise<Case> {
    const c = await s.register(
      wifiInput(people.anna, {
        resolvedWith: { solution: 'Known solution: Forget eduroam and connect again', articleId: 'kb-1', quick: true },
      }),
      people.anna,
    );
    expect(c).toMatchObject({ status: 'resolved', quick: true, groupId: 'arts-support' });
    await outbox.settle();
    expect(outbox.postsTo('19:arts')).toHaveLength(0);
    return fresh(c);
  }

  it("posts the card of a self-solved case its user reopens into its group's channel, then the reopen's reply", async () => {
    let c = await selfSolved();
    c = okCase(
      await s.service.act(people.anna, {
        verb: 'still_a_problem',
        caseId: c.id,
        version: c.version,
        comment: 'Still drops',
      }),
    );
    await outbox.settle();
    expect(channelLog()).toEqual([
      'post registered',
      'reply Anna Berg says it is still a problem; the case is reopened.\n\nStill drops',
    ]);
    const card = outbox.lastCard('19:arts');
    expect(verbsOf(card)).toContain('claim');
    c = await fresh(c);
    expect(c.cards).toEqual([expect.objectContaining({ groupId: 'arts-support', channelId: '19:arts', active: true })]);
    expect(card?.version).toBe(c.version);
  });

  it('keeps one card when the reopened quick case is resolved and reopened again', async () => {
    let c = await selfSolved();
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    await outbox.settle();
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'claim',
        caseId: (await fresh(c)).id,
        version: (await fresh(c)).version,
      }),
    );
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'Replaced the network card',
      }),
    );
    await outbox.settle();
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    await outbox.settle();
    expect(outbox.postsTo('19:arts')).toHaveLength(1);
    expect(outbox.lastCard('19:arts')?.status).toBe('in_progress');
    expect((await fresh(c)).cards).toHaveLength(1);
  });

  it('posts no second card when an ordinary case with its card is reopened', async () => {
    let c = await s.register(wifiInput(people.anna), people.anna);
    await outbox.settle();
    c = await fresh(c);
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'Reset' }),
    );
    await outbox.settle();
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    await outbox.settle();
    expect(outbox.postsTo('19:arts')).toHaveLength(1);
    expect(outbox.lastCard('19:arts')?.status).toBe('in_progress');
  });

  it("posts the card of a quick case 1st level returns into its group's channel, then the return's reply", async () => {
    let c = await s.register(
      wifiInput(people.anna, { resolvedWith: { solution: 'Reset the password on the spot', quick: true } }),
      people.emma,
    );
    await outbox.settle();
    expect(outbox.postsTo('19:arts')).toHaveLength(0);
    c = await fresh(c);
    c = okCase(
      await s.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'Not what the user asked',
      }),
    );
    await outbox.settle();
    expect(channelLog()).toEqual([
      'post registered',
      'reply Emma Skov (ARTS Support) returned the case to ARTS Support: Not what the user asked',
    ]);
    expect(verbsOf(outbox.lastCard('19:arts'))).toContain('claim');
    expect((await fresh(c)).cards).toHaveLength(1);
  });
});

/**
 * A quick case from the catalogue names nobody (`ANONYMOUS_QUICK`): the staff member who registered it at the desk
 * or on the phone is the one who can reach the student. Back to work, it is their case to follow: what would go to
 * the user (claimed, a question, solved, closed with the rating) goes to them, and nothing is addressed to nobody.
 */
describe('CaseService: a quick case that names nobody, back to work', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices({ defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });

  /** `quickForNobody`: nothing is sent for it. */
  async function quickForNobody(): Promise<Case> {
    const c = await registerQuickForNobody(s);
    expect(await s.outbox.take()).toEqual([]);
    return c;
  }

  const toNobody = (sent: readonly Sent[]) =>
    sent.filter((m) => m.kind === 'send_person' && m.person.id.startsWith('anonymous:'));

  it('tells the staff member who reopened it what would go to the user, and nobody else', async () => {
    let c = await quickForNobody();
    // The student comes back to the desk: Emma says it is still a problem.
    c = okCase(await s.service.act(people.emma, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    expect(c.user).toMatchObject({ id: people.emma.id, name: people.emma.name });
    expect(c.reporter).toBeUndefined();
    let sent = await s.outbox.take();
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'set_status',
        caseId: c.id,
        version: c.version,
        status: 'awaiting_user',
        question: 'Which laptop does the student have?',
      }),
    );
    sent = [...sent, ...(await s.outbox.take())];
    expect(toNobody(sent)).toEqual([]);
    const toEmma = toPerson(sent, people.emma.id).map((v) => v.text ?? '');
    expect(toEmma.some((t) => t.includes('Jonas Vestergaard'))).toBe(true);
    expect(toEmma.some((t) => t.includes('Which laptop does the student have?'))).toBe(true);
    // Her answer is taken as the answer.
    expect(await s.service.userReply(people.emma, 'A MacBook Air')).not.toBeNull();
  });

  it('makes the staff member who registered it the contact when 1st level returns it to work', async () => {
    let c = await quickForNobody();
    c = okCase(
      await s.service.act(people.emma, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'The student still cannot connect',
      }),
    );
    expect(c.user).toMatchObject({ id: people.emma.id });
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'New profile.',
      }),
    );
    const sent = await s.outbox.take();
    expect(toNobody(sent)).toEqual([]);
    expect(toPerson(sent, people.emma.id).length).toBeGreaterThan(0);
  });

  it('sends nothing to nobody when 1st level closes it as it was registered (solved on the spot)', async () => {
    const c = await quickForNobody();
    const closed = okCase(await s.service.act(people.karen, { verb: 'close', caseId: c.id, version: c.version }));
    expect(closed).toMatchObject({ status: 'closed', user: { id: ANONYMOUS_QUICK.id } });
    expect(closed.history.at(-1)).toMatchObject({ action: 'close', from: 'resolved', to: 'closed' });
    // No "closed, rate us" message to the placeholder, which would only dead-letter.
    expect((await s.outbox.take()).filter((m) => m.kind === 'send_person')).toEqual([]);
  });

  it('tells the staff member standing in for the student that it is closed, without asking them to rate it', async () => {
    let c = await resolvedInStudentsPlace(s);
    c = okCase(await s.service.act(people.karen, { verb: 'close', caseId: c.id, version: c.version }));
    const toEmma = toPerson(await s.outbox.take(), people.emma.id);
    expect(toEmma).toHaveLength(1);
    expect(toEmma[0]?.text).toContain(`Karen Møller (ARTS Support) har lukket sag ${c.number}`);
    expect(toEmma[0]?.text).not.toContain('1-5');
    expect(toEmma[0]?.form).toBeUndefined();
    // Staff rating their own desk's case would flatter the satisfaction figures: no rating is taken.
    const card = await s.service.act(people.emma, { verb: 'refresh', caseId: c.id });
    expect(card.ok && card.card.actions.map((a) => a.action.verb)).not.toContain('evaluate');
    const rated = await s.service.act(people.emma, { verb: 'evaluate', caseId: c.id, version: c.version, score: 5 });
    expect(rated).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    if (!rated.ok) expect(rated.reply.text).toContain(`${c.number} bedømmes ikke`);
    expect((await s.store.getCase(c.id))?.evaluation).toBeUndefined();
  });

  it('does not ask the stand-in to rate a quick case brought back before the stand-in was recorded', async () => {
    // A row written before `user_stand_in` existed: Emma became the user, but the history does not say so.
    const now = await resolvedInStudentsPlace(s);
    const history = now.history.filter((h) => h.action !== STAND_IN);
    expect(history).toHaveLength(now.history.length - 1);
    let c = await s.store.updateCase({ ...now, history }, now.version, []);
    expect(c.user.id).toBe(people.emma.id);

    c = okCase(await s.service.act(people.karen, { verb: 'close', caseId: c.id, version: c.version }));
    const toEmma = toPerson(await s.outbox.take(), people.emma.id);
    expect(toEmma).toHaveLength(1);
    expect(toEmma[0]?.text).toContain(`Karen Møller (ARTS Support) har lukket sag ${c.number}`);
    expect(toEmma[0]?.form).toBeUndefined();
    const rated = await s.service.act(people.emma, { verb: 'evaluate', caseId: c.id, version: c.version, score: 5 });
    expect(rated).toMatchObject({ ok: false, code: 'CASE.INVALID_INPUT' });
    expect((await s.store.getCase(c.id))?.evaluation).toBeUndefined();
  });

  it('asks the user to rate their own quick case (a known solution) that they reopened, once it is closed', async () => {
    let c = await s.register(
      wifiInput(people.anna, { resolvedWith: { solution: 'Known solution: eduroam profile', quick: true } }),
      people.anna,
    );
    c = okCase(await s.service.act(people.anna, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    c = okCase(
      await s.service.act(people.jonas, {
        verb: 'resolve',
        caseId: c.id,
        version: c.version,
        solution: 'New profile.',
      }),
    );
    await s.outbox.take();
    c = okCase(await s.service.act(people.karen, { verb: 'close', caseId: c.id, version: c.version }));
    const toAnna = toPerson(await s.outbox.take(), people.anna.id);
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]?.form).toBeDefined();
    expect(
      okCase(await s.service.act(people.anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 4 }))
        .evaluation?.score,
    ).toBe(4);
  });

  it('makes whoever returns it the contact when the staff member who registered it was erased meanwhile', async () => {
    const privacy = privacyFor(s);
    const q = await quickForNobody();
    await privacy.erasePerson(people.birgitte, people.emma.email ?? '');
    let c = (await s.store.getCase(q.id)) as Case;
    // The erase leaves a placeholder in Emma's place, which nobody can be told anything through.
    expect(c.reporter?.id).toMatch(/^anonymous:/);
    await s.outbox.take();
    c = okCase(
      await s.service.act(people.karen, {
        verb: 'return_to_technician',
        caseId: c.id,
        version: c.version,
        reason: 'The student came back',
      }),
    );
    expect(c.user).toMatchObject({ id: people.karen.id, name: people.karen.name });
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    const sent = await s.outbox.take();
    expect(toNobody(sent)).toEqual([]);
    expect(toPerson(sent, people.karen.id).some((v) => v.text?.includes('Jonas Vestergaard'))).toBe(true);
  });
});
