import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { toDelivery } from '../../../src/services/outbox/deliveries.js';
import type { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, resolvedAtNetworkDesk, type Services, wifiInput } from '../../helpers/services.js';
import { privacyFor, pingsTo } from '../../helpers/privacy.js';

const { anna, carl, jonas, karen, birgitte } = people;

/**
 * The outbox keeps the messages it sent (for the retention period), those it gave up on, and those still to go.
 * Messages written about a case name its user in their text only (an urgent case's ping to the supervisor, the
 * reopen told to the staff): an erase reaches them too.
 */
describe('PrivacyService: the outbox messages that name the person', () => {
  let s: Services;
  let privacy: PrivacyService;
  beforeEach(async () => {
    s = await buildServices({ defaultLocale: 'en' });
    privacy = privacyFor(s);
  });
  afterEach(async () => {
    await s.close();
  });

  const later = () => new Date(Date.now() + 60_000).toISOString();
  const rows = () => s.store.listOutbox({ limit: 10_000 });
  /** Delivers (acknowledges) every pending message, as the dispatcher does, case by case in order. */
  async function deliverAll(): Promise<void> {
    for (;;) {
      const claimed = await s.store.claimOutbox(later(), 'test', 30_000, 100);
      if (claimed.length === 0) return;
      for (const m of claimed) await s.store.ackOutbox(m.id, 'test', later());
    }
  }
  /** Gives every pending message up, as the dispatcher does after its last try. */
  async function deadAll(): Promise<void> {
    for (;;) {
      const claimed = await s.store.claimOutbox(later(), 'test', 30_000, 100);
      if (claimed.length === 0) return;
      for (const m of claimed) await s.store.deadOutbox(m.id, 'test', 'HTTP 503');
    }
  }
  /** Anna's urgent case: the supervisor of ARTS Support (Karen) is pinged, naming Anna in the text only. */
  async function annasUrgentCase(): Promise<Case> {
    const c = await s.register(wifiInput(anna, { impact: 'high', urgency: 'high' }), anna);
    expect(c.priority).toBe('P1');
    const [ping] = pingsTo(await rows(), karen.id);
    // Karen reads Danish: "… fra Anna Berg haster (P1 Kritisk) …".
    expect(JSON.stringify(ping?.payload)).toContain('fra Anna Berg haster');
    expect(JSON.stringify(ping?.payload)).not.toContain(anna.id);
    expect(JSON.stringify(ping?.payload)).not.toContain(anna.email);
    return c;
  }

  it('leaves no sent message naming the user, the urgent ping to the supervisor included, when she is erased', async () => {
    await annasUrgentCase();
    await deliverAll();
    expect((await rows()).every((m) => m.state === 'sent')).toBe(true);

    const erased = await privacy.erasePerson(birgitte, anna.email);
    expect(erased.ok).toBe(true);
    const left = JSON.stringify(await rows()).toLowerCase();
    expect(left).not.toContain('anna');
    expect(left).not.toContain('berg');
  });

  it('leaves no sent message naming the user after another group resolved her case and she reopened it', async () => {
    // Resolved by Operations: Network, the case owner at ARTS Support told; Anna says it is still a problem, and
    // the reopen reaches 1st level: messages that name her in their text.
    let c = await resolvedAtNetworkDesk(s);
    c = okCase(await s.service.act(anna, { verb: 'still_a_problem', caseId: c.id, version: c.version, comment: 'No' }));
    const named = (await rows()).filter((m) => JSON.stringify(m.payload).includes('Anna Berg'));
    expect(named.length).toBeGreaterThan(1);
    expect(named.some((m) => !JSON.stringify(m.payload).includes(anna.id))).toBe(true);
    await deliverAll();

    await privacy.erasePerson(birgitte, anna.email);
    const left = JSON.stringify(await rows()).toLowerCase();
    expect(left).not.toContain('anna');
    expect(left).not.toContain('berg');
  });

  it('leaves no dead-lettered message naming the user when she is erased', async () => {
    await annasUrgentCase();
    await deadAll();
    expect((await rows()).every((m) => m.state === 'dead')).toBe(true);

    await privacy.erasePerson(birgitte, anna.email);
    expect(JSON.stringify(await rows()).toLowerCase()).not.toContain('anna');
  });

  it('still pings the supervisor about the urgent case, without the user in it, when she is erased before it went', async () => {
    const c = await annasUrgentCase();
    const erased = await privacy.erasePerson(birgitte, anna.email);
    expect(erased.ok).toBe(true);

    const pending = (await rows()).filter((m) => m.state === 'pending');
    const [ping] = pingsTo(pending, karen.id);
    const delivery = ping && toDelivery(ping.kind, ping.payload);
    if (delivery?.kind !== 'send_person') throw new Error('the ping to the supervisor is gone');
    expect(delivery.person.id).toBe(karen.id);
    expect(delivery.caseCardFor).toEqual({ caseId: c.id });
    expect(delivery.view.mention).toEqual({ id: karen.id, name: 'Karen Møller' });
    expect(delivery.view.text).toContain(`Karen Møller: sag ${c.number} ("`);
    expect(delivery.view.text).toContain('haster (P1 Kritisk) og er netop registreret hos ARTS Support');
    expect(delivery.view.text).not.toMatch(/anna|berg/i);
    // Nothing still to go names her, and nothing is addressed to her any more; the case card is still posted.
    expect(JSON.stringify(pending).toLowerCase()).not.toContain('anna');
    expect(pingsTo(pending, anna.id)).toEqual([]);
    expect(pending.map((m) => m.kind)).toContain('post_card');
  });

  it('sends the urgent ping still to go without the user, and drops what is addressed to her, when retention anonymises her case', async () => {
    const c = await annasUrgentCase();
    const before = (await rows()).filter((m) => m.caseId === c.id);
    expect(before.every((m) => m.state === 'pending')).toBe(true);
    expect(pingsTo(before, karen.id)).toHaveLength(1);
    // Closed long ago, its messages never delivered (the platform was down, say): pending rows of an old case.
    const fresh = (await s.store.getCase(c.id))!;
    await s.store.updateCase(
      { ...fresh, status: 'closed', resolvedAt: '2025-03-10T09:00:00.000Z', closedAt: '2025-03-11T09:00:00.000Z' },
      fresh.version,
    );
    s.clock.set('2027-06-01T09:00:00Z');
    expect(await privacy.anonymiseExpired(24)).toBe(1);

    const pending = (await rows()).filter((m) => m.state === 'pending');
    const left = JSON.stringify(pending).toLowerCase();
    expect(left).not.toContain('anna');
    expect(left).not.toContain('berg');
    expect(pingsTo(pending, anna.id)).toEqual([]);
    const [ping] = pingsTo(pending, karen.id);
    const delivery = ping && toDelivery(ping.kind, ping.payload);
    if (delivery?.kind !== 'send_person') throw new Error('the ping to the supervisor is gone');
    expect(delivery.view.text).toContain('haster (P1 Kritisk) og er netop registreret hos ARTS Support');
    expect(pending.map((m) => m.kind)).toContain('post_card');
  });

  it('exports the messages that name the person in their text only, as the erase finds them', async () => {
    const c = await annasUrgentCase();
    await deliverAll();
    const exported = await privacy.exportPerson(birgitte, anna.email);
    if (!exported.ok) throw new Error('refused');
    const keys = exported.data.outbox.map((m) => m.key);
    expect(keys).toEqual(expect.arrayContaining(pingsTo(await rows(), karen.id).map((m) => m.key)));
    expect(exported.data.outbox.every((m) => m.caseId === c.id)).toBe(true);
  });

  it('exports the messages of someone known to the bot only by the e-mail they were addressed to, not "no data"', async () => {
    // Lone Bech (AU IT Support's supervisor) is in the catalogue but not in the directory: pinged by her e-mail.
    await s.register(wifiInput(anna, { answers: { faculty: 'unknown' }, priority: 'P1' }), anna);
    const exported = await privacy.exportPerson(birgitte, 'lone.bech@au.dk');
    if (!exported.ok) throw new Error('refused');
    expect(exported.data.outbox.map((m) => m.payload['person'])).toEqual([
      expect.objectContaining({ id: 'email:lone.bech@au.dk' }),
    ]);
    expect(exported.view.text).not.toMatch(/found no data/);
    expect(exported.view.text).toMatch(/The export covers 0 cases and 0 notes/);
  });

  describe("a mention of the person in someone else's case (a Slack mention is stored as the person's name)", () => {
    /** Carl's case; Jonas notes that he asked Anna (a Slack `<@U…>` mention reads "@Anna Berg" on the case). */
    async function carlsCaseMentioningAnna(): Promise<Case> {
      await s.reportWifi(anna);
      let c = await s.reportWifi(carl);
      c = okCase(await s.service.act(jonas, { verb: 'claim', caseId: c.id, version: c.version }));
      return okCase(
        await s.service.act(jonas, {
          verb: 'note',
          caseId: c.id,
          version: c.version,
          text: 'Asked @Anna Berg whether the access point in her office blinks too.',
          visibility: 'public',
        }),
      );
    }

    it("removes the person's name from others' notes, and from the messages about them, when she is erased", async () => {
      const c = await carlsCaseMentioningAnna();
      await deliverAll();
      await privacy.erasePerson(birgitte, anna.email);

      const after = (await s.store.getCase(c.id))!;
      expect(after.user.name).toBe('Carl Holm');
      const note = after.notes.find((n) => n.author.id === jonas.id);
      expect(note?.text).toMatch(/^Asked @\[removed\] whether the access point/);
      expect(JSON.stringify(after)).not.toContain('Anna Berg');
      expect(JSON.stringify(await rows())).not.toContain('Anna Berg');
    });

    it("exports the notes of others' cases that name the person", async () => {
      const c = await carlsCaseMentioningAnna();
      const exported = await privacy.exportPerson(birgitte, anna.email);
      if (!exported.ok) throw new Error('refused');
      expect(exported.data.mentions).toEqual([
        expect.objectContaining({
          caseNumber: c.number,
          text: 'Asked @Anna Berg whether the access point in her office blinks too.',
        }),
      ]);
      // Carl's case is not hers: it is not exported whole.
      expect(exported.data.cases.map((x) => x.number)).not.toContain(c.number);
    });
  });
});
