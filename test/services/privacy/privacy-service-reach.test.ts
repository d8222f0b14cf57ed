import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { KnowledgeService } from '../../../src/services/knowledge.js';
import { readOrder } from '../../../src/services/orders/order.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import type { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { buildOrderServices, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { privacyFor } from '../../helpers/privacy.js';

const SPECIAL = {
  special: 'Ergonomic 3D mouse (3Dconnexion SpaceMouse)',
  justification: 'CAD work for the digital heritage project.',
};
const { anna, jonas, birgitte } = people;
const lise = orderPeople.lise;

describe('PrivacyService: what export and erase reach', () => {
  let s: OrderServices;
  let privacy: PrivacyService;
  beforeEach(async () => {
    s = await buildOrderServices();
    privacy = privacyFor(s);
  });
  afterEach(async () => {
    await s.close();
  });

  /**
   * Anna's resolved VPN case, her name, phone and e-mail in its description, saved as a known solution. The
   * directory gave her phone number with her record.
   */
  async function annasArticle() {
    const c = await s.store.createCase(
      buildNewCase({
        user: { ...anna, phone: '20304050' },
        title: 'VPN fails for Anna Berg',
        description: 'Anna Berg cannot reach VPN; call her on 20304050 or anna.berg@cas.au.dk.',
        status: 'resolved',
        categoryId: 'vpn',
        locale: 'en',
        createdAt: '2025-03-03T09:00:00.000Z',
        resolvedAt: '2025-03-03T10:00:00.000Z',
        solution: { text: 'Reinstalled the VPN client.', by: jonas, at: '2025-03-03T10:00:00.000Z' },
      }),
    );
    const article = await new KnowledgeService(s.store, s.catalogue).saveFromCase(c, jonas);
    expect(article.body).toContain('Anna Berg');
    expect(article.keywords).toContain('berg');
    return { c, article };
  }

  describe('a manager who is the approver of an order', () => {
    it('exports the order that names her as its approver', async () => {
      const { case: c } = await placeOrder(s, anna, SPECIAL);
      expect(readOrder(c)?.approval.approver?.id).toBe(lise.id);

      const exported = await privacy.exportPerson(birgitte, lise.email);
      if (!exported.ok) throw new Error('refused');
      expect(exported.data.cases.map((x) => [x.number, x.roles])).toEqual([[c.number, ['order_approver']]]);
    });

    it('hands the pending decision to the purchasing desk, which may approve it, when she is erased', async () => {
      const { case: c } = await placeOrder(s, anna, SPECIAL);
      await s.outbox.take();
      const erased = await privacy.erasePerson(birgitte, lise.email);
      expect(erased.ok && erased.data.cases).toBe(1);

      const after = await s.store.getCase(c.id);
      expect(JSON.stringify(after?.answers)).not.toContain(lise.email);
      expect(JSON.stringify(after?.answers)).not.toContain('Lise Damgaard');
      expect(JSON.stringify(after?.answers)).not.toContain(lise.id);
      const order = after && readOrder(after);
      expect(order?.approval).toMatchObject({ state: 'pending', desk: true });
      expect(order?.approval.approver).toBeUndefined();
      // Anna's own data in the order stays.
      expect(order?.lines[0]).toMatchObject({ kind: 'special', description: SPECIAL.special });
      expect(after?.user.id).toBe(anna.id);

      // The desk is told in the case thread, with the Approve / Reject card.
      const sent = await s.outbox.take();
      const [card] = sent.flatMap((m) => (m.kind === 'thread_reply' ? [m.view] : []));
      expect(card?.text).toMatch(new RegExp(`^The approver of order ${c.number} was erased on request`));
      expect(card?.form?.submit.map((a) => a.action['verb'])).toEqual(['order_approve', 'order_reject']);
      // No reminder goes to nobody, nor an escalation saying nobody answered: the desk decides itself.
      s.clock.advance(30 * 24 * 3_600_000);
      expect(await s.sweeper.sweep()).toEqual({ reminders: 0, escalations: 0 });
      // Nobody outside the desk decides, nor does Anna; a member of the desk does.
      const approve = { verb: 'order_approve' as const, caseId: c.id, version: after!.version };
      expect((await s.orders.act(jonas, approve)).ok).toBe(false);
      expect((await s.orders.act(anna, approve)).ok).toBe(false);
      expect((await s.orders.act(orderPeople.anders, approve)).ok).toBe(true);
      expect(readOrder((await s.store.getCase(c.id))!)?.approval.state).toBe('approved');
    });

    it('keeps a decision already taken, with the approver replaced, when she is erased', async () => {
      const { case: c } = await placeOrder(s, anna, SPECIAL);
      expect((await s.orders.act(lise, { verb: 'order_approve', caseId: c.id, version: c.version })).ok).toBe(true);
      await privacy.erasePerson(birgitte, lise.email);
      const order = readOrder((await s.store.getCase(c.id))!);
      expect(order?.approval).toMatchObject({ state: 'approved', approver: { name: 'Erased person' } });
      expect(order?.approval.desk).toBeUndefined();
    });

    it('replaces the approver when retention anonymises the closed order', async () => {
      const { case: placed } = await placeOrder(s, anna, SPECIAL);
      await s.store.updateCase(
        { ...placed, status: 'closed', resolvedAt: '2025-03-10T09:00:00.000Z', closedAt: '2025-03-11T09:00:00.000Z' },
        placed.version,
      );
      s.clock.set('2027-06-01T09:00:00Z');
      expect(await privacy.anonymiseExpired(24)).toBe(1);
      const after = await s.store.getCase(placed.id);
      const json = JSON.stringify(after?.answers);
      expect(json).not.toContain(lise.email);
      expect(json).not.toContain('Lise Damgaard');
      expect(after && readOrder(after)?.approval.approver?.id).toMatch(/^anonymous:/);
    });
  });

  describe('known-solution articles', () => {
    it('removes the person from an article saved from their case and from one naming them', async () => {
      const { article } = await annasArticle();
      const other = await s.store.saveArticle({
        id: 'printer-tip',
        title: 'Printer queue stuck',
        body: 'Restart the spooler. (Reported by anna.berg@cas.au.dk.)',
        keywords: ['printer', 'spooler'],
        locale: 'en',
      });
      const unrelated = await s.store.saveArticle({
        id: 'wifi-tip',
        title: 'Eduroam on Android',
        body: 'Anna from the helpdesk says: pick PEAP and MSCHAPv2.',
        keywords: ['eduroam'],
        locale: 'en',
      });

      const exported = await privacy.exportPerson(birgitte, anna.email);
      expect(exported.ok && exported.data.articles.map((a) => a.id).sort()).toEqual([article.id, other.id].sort());

      const erased = await privacy.erasePerson(birgitte, anna.email);
      expect(erased.ok).toBe(true);
      const kept = await s.store.getArticle(article.id);
      const text = `${kept?.title}\n${kept?.body}\n${kept?.keywords.join(' ')}`.toLowerCase();
      for (const gone of ['anna.berg@cas.au.dk', '20304050', 'anna', 'berg']) expect(text).not.toContain(gone);
      // The solution stays, and so does who saved it (not the erased person).
      expect(kept?.body).toContain('Reinstalled the VPN client.');
      expect(kept?.createdBy?.id).toBe(jonas.id);
      expect((await s.store.getArticle(other.id))?.body).toBe('Restart the spooler. (Reported by [removed].)');
      // An article that only shares a first name is not about her.
      expect(await s.store.getArticle(unrelated.id)).toEqual(unrelated);
      // Saved again, so the search index no longer finds the article by her words.
      expect(await s.store.searchArticles('20304050')).toEqual([]);
      expect((await s.store.searchArticles('VPN client')).map((h) => h.article.id)).toContain(article.id);
    });

    it('drops the person as the author of articles they saved', async () => {
      const { article } = await annasArticle();
      await privacy.erasePerson(birgitte, jonas.email);
      const kept = await s.store.getArticle(article.id);
      expect(kept?.createdBy).toBeUndefined();
      expect(kept?.body).toContain('Anna Berg');
    });

    it('anonymises an article saved from a case when retention anonymises the case', async () => {
      const { c, article } = await annasArticle();
      await s.store.updateCase(
        { ...c, status: 'closed', closedAt: '2025-03-04T10:00:00.000Z' } satisfies Case,
        c.version,
      );
      s.clock.set('2027-06-01T09:00:00Z');
      expect(await privacy.anonymiseExpired(24)).toBe(1);
      const kept = await s.store.getArticle(article.id);
      const text = `${kept?.title}\n${kept?.body}\n${kept?.keywords.join(' ')}`.toLowerCase();
      for (const gone of ['anna.berg@cas.au.dk', 'anna', 'berg', 'jonas']) expect(text).not.toContain(gone);
      expect(kept?.createdBy).toBeUndefined();
      expect(kept?.body).toContain('Reinstalled the VPN client.');
      expect(await s.store.searchArticles('20304050')).toEqual([]);
    });
  });

  describe('a person known only from what the transports keep', () => {
    const bo = { id: 'slack:U0BO', name: 'Bo Nielsen', email: 'bo.nielsen@cas.au.dk', locale: 'da' as const };

    it('erases the Slack DM channel and the messages addressed to their Slack id', async () => {
      // Bo has written to the bot in Slack (profile cached, DM channel remembered) but has no case.
      await s.store.putRef('slack_user', 'U0BO', { person: bo, fetchedAt: '2025-03-03T09:00:00.000Z' });
      await s.store.putRef('slack_dm_channel', 'U0BO', { channelId: 'D0BO' });
      await s.store.putRef('slack_dm_channel', 'U0OTHER', { channelId: 'D0OTHER' });
      await s.store.enqueueOutbox([
        draft('hello:bo', {
          kind: 'send_person',
          person: { id: bo.id, name: 'Bo' },
          view: { kind: 'message', locale: 'da', text: 'Hej' },
        }),
        draft('hello:other', {
          kind: 'send_person',
          person: { id: 'slack:U0OTHER', name: 'Someone' },
          view: { kind: 'message', locale: 'da', text: 'Hej' },
        }),
      ]);

      const exported = await privacy.exportPerson(birgitte, bo.email);
      if (!exported.ok) throw new Error('refused');
      expect(exported.data.refs.map((r) => `${r.kind}/${r.key}`).sort()).toEqual([
        'slack_dm_channel/U0BO',
        'slack_user/U0BO',
      ]);
      expect(exported.data.outbox.map((m) => m.key)).toEqual(['hello:bo']);

      await privacy.erasePerson(birgitte, bo.email);
      expect(await s.store.getRef('slack_user', 'U0BO')).toBeNull();
      expect(await s.store.getRef('slack_dm_channel', 'U0BO')).toBeNull();
      expect(await s.store.getRef('slack_dm_channel', 'U0OTHER')).toEqual({ channelId: 'D0OTHER' });
      expect((await s.store.listOutbox({})).map((m) => m.key)).toEqual(['hello:other']);
    });

    it('learns their id from a draft and erases a case that names them only by that id', async () => {
      await s.store.saveConversation({
        key: 'slack:D0BO',
        state: { actor: bo, step: 'what' },
        updatedAt: '2025-03-03T09:00:00.000Z',
        expiresAt: '2025-03-04T09:00:00.000Z',
      });
      // A colleague's case where Bo is the reporter, recorded without his e-mail.
      const c = await s.store.createCase(
        buildNewCase({ user: anna, reporter: { id: bo.id, name: 'Bo Nielsen' }, description: 'Bo Nielsen helped.' }),
      );
      const erased = await privacy.erasePerson(birgitte, bo.email);
      expect(erased.ok && erased.data.cases).toBe(1);
      expect(await s.store.getConversation('slack:D0BO')).toBeNull();
      const after = await s.store.getCase(c.id);
      expect(after?.reporter?.name).toBe('Erased person');
      expect(after?.description).toBe('[removed] helped.');
    });
  });
});
