import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASE_FORMS, cardActionSchema, MAJOR_FORMS } from '../../src/cards/card-actions.js';
import { caseFormFor, FORM_VERBS } from '../../src/cards/case-forms.js';
import type { FormView, InputView } from '../../src/cards/view-models.js';
import type { Case } from '../../src/models/case.js';
import { stillWrongInput } from '../../src/services/case-view.js';
import { presentCaseForm } from '../../src/services/lifecycle/case-forms.js';
import { ratingForm } from '../../src/services/lifecycle/rating-form.js';
import { presentMajorForm } from '../../src/services/major/major-forms.js';
import { readOrder } from '../../src/services/orders/order.js';
import { approvalRequestView, deskPanelView } from '../../src/services/orders/order-notices.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { buildOrderServices, type OrderServices, orderedFromVendor, placeOrder } from '../helpers/orders.js';
import { people } from '../helpers/people.js';
import { shippedCatalogue } from '../helpers/services.js';
import { aCaseCardView } from '../helpers/views.js';

/**
 * Every text input of the staff and user case forms says the limit the server holds its field to: Teams and Slack
 * stop typing there (Slack at most at its own 3000), and nothing the input lets through is refused as too long.
 */

const TEXT_KINDS: readonly InputView['kind'][] = ['text', 'multiline', 'person'];

/** The schema of `field` in the action `verb` submits. */
function fieldSchema(verb: string, field: string) {
  const option = cardActionSchema.options.find((o) => o.shape.verb.value === verb);
  if (!option) return undefined;
  return (option.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[field];
}

/** The longest text the server takes for `field` of `verb`, found by trying (up to 100 000). */
function serverLimit(verb: string, field: string): number | undefined {
  const schema = fieldSchema(verb, field);
  if (!schema) return undefined;
  // A text of n characters the field takes but for its length (an address for the assignee's e-mail).
  const text = (n: number) => (field === 'assigneeEmail' ? `${'x'.repeat(Math.max(1, n - 6))}@au.dk` : 'x'.repeat(n));
  const takes = (n: number) => schema.safeParse(text(n)).success;
  if (takes(100_000)) return Number.POSITIVE_INFINITY;
  let lo = 1;
  let hi = 100_000;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (takes(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** [form, input, verb, field, the input's maxLength, the server's limit] for each text input a form submits. */
function limits(name: string, form: FormView): [string, string, string, string, number | undefined, number][] {
  const rows: [string, string, string, string, number | undefined, number][] = [];
  for (const input of form.inputs.filter((i) => TEXT_KINDS.includes(i.kind))) {
    const field = input.id.slice(input.id.indexOf('.') + 1);
    for (const submit of form.submit) {
      const limit = serverLimit(submit.action.verb, field);
      if (limit !== undefined) rows.push([name, input.id, submit.action.verb, field, input.maxLength, limit]);
    }
  }
  return rows;
}

function artsCase(): Case {
  return {
    ...buildNewCase({ groupId: 'arts-support', ownerGroupId: 'arts-support' }),
    id: 'c1',
    number: 'INC-2025-000001',
    version: 3,
    status: 'in_progress',
  } as Case;
}

describe('form limits', () => {
  const forms: [string, FormView][] = [
    ...CASE_FORMS.map((f): [string, FormView] => [
      `case services' ${f}`,
      presentCaseForm(artsCase(), f, shippedCatalogue(), 'en'),
    ]),
    ...FORM_VERBS.flatMap((v): [string, FormView][] => {
      const form = caseFormFor(aCaseCardView(), v);
      return form ? [[`card's ${v}`, form]] : [];
    }),
    // A card without an assign menu asks for the assignee's e-mail address.
    [
      "card's assign by e-mail",
      caseFormFor(aCaseCardView({ menus: aCaseCardView().menus.filter((m) => m.verb !== 'assign') }), 'assign')!,
    ],
    ...MAJOR_FORMS.map((f): [string, FormView] => [`major ${f}`, presentMajorForm(artsCase(), f, 'en')]),
    ['rating', ratingForm({ id: 'c1', version: 3 }, 'en')],
    [
      'still a problem',
      {
        id: 'still',
        inputs: [stillWrongInput('en')],
        submit: [{ action: { verb: 'still_a_problem', caseId: 'c1', version: 3 }, label: 'No' }],
      },
    ],
  ];
  const rows = forms.flatMap(([name, form]) => limits(name, form));

  it('covers the text inputs of every case form (note, solution, reasons, status, assign, classify, major incident, rating, still wrong)', () => {
    const fields = new Set(rows.map((r) => `${r[2]}.${r[3]}`));
    for (const f of [
      'note.text',
      'resolve.solution',
      'escalate_group.reason',
      'escalate_group.unit',
      'escalate_manager.reason',
      'set_status.vendorName',
      'set_status.vendorRef',
      'set_status.question',
      'assign.assigneeEmail',
      'return_to_technician.reason',
      'classify.reason',
      'evaluate.comment',
      'still_a_problem.comment',
      'declare_major.summaryDa',
      'declare_major.summaryEn',
      'link_major.parentNumber',
      'major_update.text',
    ]) {
      expect(fields).toContain(f);
    }
  });

  it('says on each text input the limit the server holds its field to', () => {
    const wrong = rows.filter(([, , , , said, limit]) => said !== limit);
    expect(wrong).toEqual([]);
  });
});

describe('form limits of the purchasing forms', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('says on each text input of the approval card and the desk panel the limit the server holds it to', async () => {
    const forms: [string, FormView | undefined][] = [];
    // A laptop order above the threshold: the approver's card (a reason, needed to Reject).
    const { case: laptop } = await placeOrder(s, people.anna, { 'qty.laptop-macbook-pro-14-m4': '2' });
    const config = s.catalogue.catalogue.orders;
    forms.push(['approval', approvalRequestView(laptop, readOrder(laptop)!, config, 'en').form]);
    // A screen (no approval): the desk's panel to mark it ordered or ready (vendor, reference, times, place).
    const { case: screen } = await placeOrder(s, people.anna, { 'qty.screen-dell-p2725q': '1' });
    forms.push(['panel to order', deskPanelView(screen, readOrder(screen)!, 'en')?.form]);
    // Ordered from its vendor: the panel to mark it received or its delivery date moved (a new date and why).
    const ordered = await orderedFromVendor(s);
    forms.push(['panel when ordered', deskPanelView(ordered, readOrder(ordered)!, 'da')?.form]);
    expect(forms.every(([, f]) => f !== undefined)).toBe(true);
    const rows = forms.flatMap(([name, form]) => limits(name, form!));
    expect(new Set(rows.map((r) => `${r[2]}.${r[3]}`))).toEqual(
      new Set([
        'order_reject.reason',
        'order_ordered.vendor',
        'order_ordered.reference',
        'order_ready.slot1',
        'order_ready.slot2',
        'order_ready.slot3',
        'order_ready.place',
        'order_slipped.reason',
      ]),
    );
    expect(rows.filter(([, , , , said, limit]) => said !== limit)).toEqual([]);
  });
});
