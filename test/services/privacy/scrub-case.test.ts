import { describe, expect, it } from 'vitest';
import type { PersonRef } from '../../../src/models/case.js';
import { type Order, readOrder, withOrder } from '../../../src/services/orders/order.js';
import { peopleOnCase, scrubCase, subjectOf } from '../../../src/services/privacy/scrub-case.js';
import { buildCase } from '../../helpers/case-builder.js';

/** An approver whose name parts are also keys of the order's JSON ("state", "lines"). */
const approver: PersonRef = { id: 'teams:state', name: 'State Lines', email: 'state.lines@au.dk' };
const order: Order = {
  v: 1,
  lines: [{ kind: 'special', description: 'A chair State Lines asked for', justification: 'Back pain.', quantity: 1 }],
  totalDkk: 0,
  promisedAt: '2025-03-31',
  deliveryLocation: '1481-235',
  costCentre: '12345678',
  approval: { state: 'rejected', approver, reason: 'Ask State Lines again (state.lines@au.dk).' },
  fulfilment: { slips: [] },
};

describe('scrubCase', () => {
  it('counts the approver of an order among the people on the case', () => {
    expect(peopleOnCase(withOrder(buildCase(), order)).map((p) => p.id)).toContain(approver.id);
  });

  it('replaces the approver field by field, so the order stays readable when a name is one of its keys', () => {
    const placeholder: PersonRef = { id: 'anonymous:1', name: 'Erased person' };
    const scrubbed = scrubCase(withOrder(buildCase(), order), subjectOf([approver]), () => placeholder);
    const after = readOrder(scrubbed);
    expect(after?.approval).toEqual({
      state: 'rejected',
      approver: placeholder,
      reason: 'Ask [removed] again ([removed]).',
    });
    expect(after?.lines[0]).toMatchObject({ kind: 'special', description: 'A chair [removed] asked for' });
    expect(after?.costCentre).toBe('12345678');
  });
});
