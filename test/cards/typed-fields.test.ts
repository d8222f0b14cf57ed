import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IN_MESSAGE } from '../../src/cards/adaptive/render-message-adaptive.js';
import { CASE_FORMS, MAJOR_FORMS } from '../../src/cards/card-actions.js';
import { caseSubForms, FORM_VERBS } from '../../src/cards/case-forms.js';
import { CONTROL_KEYS, isTypedKey, isTypedText, MAX_TYPED_TEXT } from '../../src/cards/typed-fields.js';
import type { FormView } from '../../src/cards/view-models.js';
import type { Case } from '../../src/models/case.js';
import { stillWrongInput } from '../../src/services/case-view.js';
import { presentCaseForm } from '../../src/services/lifecycle/case-forms.js';
import { ratingForm } from '../../src/services/lifecycle/rating-form.js';
import { presentMajorForm } from '../../src/services/major/major-forms.js';
import { readOrder } from '../../src/services/orders/order.js';
import { approvalRequestView, deskPanelView } from '../../src/services/orders/order-notices.js';
import type { OrderState, OrderStep } from '../../src/services/orders/order-state.js';
import { orderStepView } from '../../src/services/orders/order-views.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { buildOrderServices, type OrderServices, orderedFromVendor, placeOrder } from '../helpers/orders.js';
import { people } from '../helpers/people.js';
import { shippedCatalogue } from '../helpers/services.js';
import { aCaseCardView } from '../helpers/views.js';

/**
 * The typed fields of a submission (`typed-fields.ts`): the one rule by which Teams' refused or failed clicks, the
 * order form when the store does not answer, and Slack's case forms quoted back tell what was typed from what the
 * button carried. Its control keys are those of every platform's buttons; none may name an input of any form, or
 * what was typed there would be lost on the platform whose buttons never carry that key.
 */

function artsCase(): Case {
  return {
    ...buildNewCase({ groupId: 'arts-support', ownerGroupId: 'arts-support' }),
    id: 'c1',
    number: 'INC-2025-000001',
    version: 3,
    status: 'in_progress',
  } as Case;
}

function orderState(step: OrderStep): OrderState {
  return {
    v: 1,
    kind: 'order',
    step,
    history: [],
    locale: 'en',
    platform: 'teams',
    actor: people.anna,
    startedAt: '2026-01-05T09:00:00.000Z',
    draftId: 'd1',
    quantities: {},
    forWhom: 'self',
    onBehalf: { query: 'peter', candidates: [people.peter] },
  } as OrderState;
}

const inputIds = (forms: readonly (FormView | undefined)[]): string[] =>
  forms.flatMap((f) => (f ? f.inputs.map((i) => i.id) : []));

describe('typed fields of a submission', () => {
  it('takes no control key and no over-long key as an input typed into', () => {
    for (const key of ['verb', 'caseId', 'version', 'form', 'draft', 'values', 'note', 'digest', IN_MESSAGE]) {
      expect(CONTROL_KEYS.has(key)).toBe(true);
      expect(isTypedKey(key)).toBe(false);
    }
    expect(isTypedKey('note.text')).toBe(true);
    expect(isTypedKey('qty.laptop')).toBe(true);
    expect(isTypedKey('x'.repeat(200))).toBe(true);
    expect(isTypedKey('x'.repeat(201))).toBe(false);
  });

  it('takes text with more than blanks in it, up to the most an input takes', () => {
    expect(isTypedText('Restarted the router')).toBe(true);
    expect(isTypedText('x'.repeat(MAX_TYPED_TEXT))).toBe(true);
    expect(isTypedText('x'.repeat(MAX_TYPED_TEXT + 1))).toBe(false);
    for (const v of ['', '   \n', 3, true, null, undefined, { text: 'x' }]) expect(isTypedText(v)).toBe(false);
  });

  it('has no control key among the input ids of the case, major-incident, rating and order forms', () => {
    const ids = inputIds([
      ...CASE_FORMS.map((f) => presentCaseForm(artsCase(), f, shippedCatalogue(), 'en')),
      ...FORM_VERBS.flatMap((v) => caseSubForms(aCaseCardView(), v)),
      ...MAJOR_FORMS.map((f) => presentMajorForm(artsCase(), f, 'en')),
      ratingForm({ id: 'c1', version: 3 }, 'en'),
      { id: 'still', inputs: [stillWrongInput('en')], submit: [] },
      ...(['items', 'details', 'person'] as const).map(
        (step) => orderStepView({ state: orderState(step), items: shippedCatalogue().catalogue.items }).form,
      ),
    ]);
    for (const id of ['note.text', 'resolve.solution', 'score', 'comment', 'special', 'costCentre', 'personId']) {
      expect(ids).toContain(id);
    }
    expect(ids.filter((id) => !isTypedKey(id))).toEqual([]);
  });

  describe('of the purchasing forms', () => {
    let s: OrderServices;
    beforeEach(async () => {
      s = await buildOrderServices();
    });
    afterEach(async () => {
      await s.close();
    });

    it('has no control key among the input ids of the approval card and the desk panel', async () => {
      const { case: laptop } = await placeOrder(s, people.anna, { 'qty.laptop-macbook-pro-14-m4': '2' });
      const { case: screen } = await placeOrder(s, people.anna, { 'qty.screen-dell-p2725q': '1' });
      const ordered = await orderedFromVendor(s);
      const config = s.catalogue.catalogue.orders;
      const ids = inputIds([
        approvalRequestView(laptop, readOrder(laptop)!, config, 'en').form,
        deskPanelView(screen, readOrder(screen)!, 'en')?.form,
        deskPanelView(ordered, readOrder(ordered)!, 'en')?.form,
      ]);
      expect(ids).toContain('order_reject.reason');
      expect(ids.filter((id) => !isTypedKey(id))).toEqual([]);
    });
  });
});
