import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOrder } from '../../../src/services/orders/order.js';
import { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { buildOrderServices, orderPeople, type OrderServices, placeOrder } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';

const SPECIAL = {
  special: 'Ergonomic 3D mouse (3Dconnexion SpaceMouse)',
  justification: 'CAD work for the digital heritage project.',
};
const { anna, birgitte } = people;
const lise = orderPeople.lise;

describe('PrivacyService: what export and erase reach', () => {
  let s: OrderServices;
  let privacy: PrivacyService;
  beforeEach(async () => {
    s = await buildOrderServices();
    privacy = new PrivacyService({ store: s.store, catalogue: s.catalogue, clock: s.clock, defaultLocale: 'en' });
  });
  afterEach(async () => {
    await s.close();
  });

  describe('a manager who is the approver of an order', () => {
    it('exports the order that names her as its approver', async () => {
      const { case: c } = await placeOrder(s, anna, SPECIAL);
      expect(readOrder(c)?.approval.approver?.id).toBe(lise.id);

      const exported = await privacy.exportPerson(birgitte, lise.email);
      if (!exported.ok) throw new Error('refused');
      expect(exported.data.cases.map((x) => [x.number, x.roles])).toEqual([[c.number, ['order_approver']]]);
    });

    it('replaces her in the order, which stays readable and pending, when she is erased', async () => {
      const { case: c } = await placeOrder(s, anna, SPECIAL);
      const erased = await privacy.erasePerson(birgitte, lise.email);
      expect(erased.ok && erased.data.cases).toBe(1);

      const after = await s.store.getCase(c.id);
      expect(JSON.stringify(after?.answers)).not.toContain(lise.email);
      expect(JSON.stringify(after?.answers)).not.toContain('Lise Damgaard');
      expect(JSON.stringify(after?.answers)).not.toContain(lise.id);
      const order = after && readOrder(after);
      expect(order?.approval).toMatchObject({ state: 'pending', approver: { name: 'Erased person' } });
      expect(order?.approval.approver?.id).toMatch(/^anonymous:/);
      // Anna's own data in the order stays.
      expect(order?.lines[0]).toMatchObject({ kind: 'special', description: SPECIAL.special });
      expect(after?.user.id).toBe(anna.id);
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
});
