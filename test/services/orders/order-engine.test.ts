import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/cards/view-models.js';
import type { Case } from '../../../src/models/case.js';
import { readOrder } from '../../../src/services/orders/order.js';
import { artsDetails, buildOrderServices, okCase, orderPeople, type OrderServices } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { kinds, threadTexts, toPerson } from '../../helpers/services.js';

const inputIds = (v: MessageView | undefined) => v?.form?.inputs.map((i) => i.id) ?? [];
const fact = (v: MessageView | undefined, label: string) => v?.facts?.find((f) => f.label === label)?.value;
const verbs = (v: MessageView | undefined) => [
  ...(v?.actions ?? []).map((a) => a.action.verb),
  ...(v?.form?.submit ?? []).map((a) => a.action.verb),
];

describe('OrderEngine', () => {
  let s: OrderServices;
  beforeEach(async () => {
    s = await buildOrderServices();
  });
  afterEach(async () => {
    await s.close();
  });

  async function fresh(c: Case): Promise<Case> {
    const found = await s.store.getCase(c.id);
    if (!found) throw new Error('case vanished');
    return found;
  }

  it('sends the requester a receipt when the order was placed in a form that closes (a Slack modal)', async () => {
    const anna = people.anna;
    const inForm = { surface: 'form' as const };
    await s.turn(anna, { ...inForm, action: { verb: 'order_start' } });
    await s.turn(anna, { ...inForm, action: { verb: 'order_items' }, values: { 'qty.headset-jabra-evolve2-65': '1' } });
    await s.turn(anna, { ...inForm, action: { verb: 'order_details' }, values: artsDetails() });
    const done = await s.turn(anna, { ...inForm, action: { verb: 'order_confirm' } });
    const receipt = toPerson(await s.outbox.take(), anna.id);
    expect(receipt).toHaveLength(1);
    expect(receipt[0]?.text).toContain(`Your case ${done.case?.number} is registered`);
  });

  it('takes a stock order from the catalogue to closed and evaluated when everyone acts in turn', async () => {
    const anna = people.anna;
    const start = await s.turn(anna, { action: { verb: 'order_start' } });
    expect(start.state).toBe('active');
    expect(start.views[0]?.title).toBe('Order equipment');
    expect(inputIds(start.views[0])).toContain('qty.laptop-thinkpad-t14-g5');
    expect(inputIds(start.views[0])).toContain('special');

    const items = await s.turn(anna, {
      action: { verb: 'order_items' },
      values: { 'qty.headset-jabra-evolve2-65': '1', 'qty.screen-dell-p2425h': '2', 'qty.dock-thinkpad-usb-c': '' },
    });
    expect(items.errors).toBeUndefined();
    expect(inputIds(items.views[0])).toEqual(['forWhom', 'onBehalfOf', 'faculty', 'deliveryLocation', 'costCentre']);

    const summary = await s.turn(anna, { action: { verb: 'order_details' }, values: artsDetails() });
    const view = summary.views[0];
    expect(view?.title).toBe('Your order');
    expect(fact(view, 'Total (excl. VAT)')).toBe('DKK 4,270');
    // Monday 3 March 10:00 + 2 business days from stock.
    expect(fact(view, 'Expected ready')).toBe('Wed, 5 Mar 2025');
    expect(fact(view, 'Approval by')).toBeUndefined();
    expect(verbs(view)).toEqual(['order_confirm', 'order_back', 'order_cancel']);

    const done = await s.turn(anna, { action: { verb: 'order_confirm' } });
    expect(done.state).toBe('done');
    let c = done.case as Case;
    expect(c).toMatchObject({
      type: 'service_request',
      categoryId: 'purchase-equipment',
      groupId: 'arts-indkoeb',
      ownerGroupId: 'arts-support',
      status: 'registered',
    });
    expect(c.number).toMatch(/^SR-\d{6}$/);
    expect(c.answers['approval']).toBe('not_needed');
    expect(readOrder(c)).toMatchObject({
      totalDkk: 4270,
      promisedAt: '2025-03-05',
      costCentre: '12345678',
      deliveryLocation: '1481-235',
      lines: [
        { kind: 'standard', itemId: 'screen-dell-p2425h', quantity: 2, unitPriceDkk: 1490 },
        { kind: 'standard', itemId: 'headset-jabra-evolve2-65', quantity: 1 },
      ],
    });
    // Both items are in stock: taken from stock, not ordered.
    expect(done.views[0]?.text).toContain(
      'ARTS Purchasing, which takes it from stock. Expected ready for hand-out Wed, 5 Mar 2025',
    );
    expect(await s.engine.isActive(`chat:${anna.id}`)).toBe(false);

    let sent = await s.outbox.take();
    // No receipt besides the registered view, which stays in the chat.
    expect(kinds(sent)).toEqual(['post_card', 'thread_reply']);
    const panel = sent.find((m) => m.kind === 'thread_reply');
    // In stock: the panel's first step is ready for hand-out (ordering from the vendor only if the stock ran out).
    expect(panel?.kind === 'thread_reply' && verbs(panel.view)).toEqual(['order_ready', 'order_ordered']);

    // From stock: ready at once, with set-up times.
    c = okCase(
      await s.orders.act(orderPeople.anders, {
        verb: 'order_ready',
        caseId: c.id,
        version: c.version,
        slot1: 'Wed 5 Mar 10:00',
        slot2: 'Thu 6 Mar 13:00',
        place: 'Nobelparken, room 1481-120',
      }),
    );
    expect(c.status).toBe('in_progress');
    expect(c.assignee?.name).toBe('Anders Lykke');
    sent = await s.outbox.take();
    // The first step on the order in the desk's pile claims it: Anna hears it in one message, the step's, which
    // names who has it.
    expect(toPerson(sent, anna.id).map((v) => v.text)).toEqual([
      `Your equipment for ${c.number} is ready for hand-out at Nobelparken, room 1481-120. Contact Anders Lykke (ARTS Purchasing) to collect it.`,
    ]);

    c = okCase(await s.orders.act(orderPeople.anders, { verb: 'order_handout', caseId: c.id, version: c.version }));
    expect(c.status).toBe('resolved');
    expect(c.solution?.text).toContain('Handed out by Anders Lykke');
    sent = await s.outbox.take();
    const [offer, ask] = toPerson(sent, anna.id);
    expect(offer?.actions?.map((a) => a.label)).toEqual([
      'Help me at Wed 5 Mar 10:00',
      'Help me at Thu 6 Mar 13:00',
      'I’ll manage myself',
    ]);
    expect(verbs(ask)).toEqual(['confirm_solved', 'still_a_problem']);

    const self = await s.orders.act(anna, { verb: 'order_self_setup', caseId: c.id, version: 0 });
    expect(self.ok && self.reply?.text).toBe(
      `Noted: you set it up yourself (${c.number}). Write to us if you get stuck.`,
    );
    expect(readOrder(await fresh(c))?.fulfilment.setup).toMatchObject({ choice: 'self' });
    expect(threadTexts(await s.outbox.take())).toEqual(['Anna Berg sætter selv udstyret op.']);

    // The usual loop: the user confirms, 1st level closes, the user evaluates.
    c = await fresh(c);
    okCase(await s.cases.act(anna, { verb: 'confirm_solved', caseId: c.id, version: c.version }));
    c = await fresh(c);
    c = okCase(await s.cases.act(people.jonas, { verb: 'close', caseId: c.id, version: c.version }));
    expect(c.status).toBe('closed');
    c = okCase(await s.cases.act(anna, { verb: 'evaluate', caseId: c.id, version: c.version, score: 5 }));
    expect(c.evaluation?.score).toBe(5);
  });

  it('speaks Danish and routes to the faculty desk when a Danish user orders by text lines', async () => {
    const bo = people.bo;
    await s.turn(bo, { action: { verb: 'order_start' } });
    const details = await s.turn(bo, { text: '1 x dock-thinkpad-usb-c\n2 x Logitech MK540 tastatur og mus (dansk)' });
    expect(details.views[0]?.title).toBe('Hvem er det til, og hvor skal det leveres?');
    const summary = await s.turn(bo, {
      action: { verb: 'order_details' },
      values: artsDetails({ faculty: 'st', costCentre: '5123 456' }),
    });
    expect(fact(summary.views[0], 'I alt (ekskl. moms)')).toBe('2.430 kr.');
    expect(fact(summary.views[0], 'Sted-/projektnummer')).toBe('5123456');
    const done = await s.turn(bo, { text: 'bekræft' });
    expect(done.case?.groupId).toBe('st-indkoeb');
    expect(done.views[0]?.title).toBe(`Bestilling ${done.case?.number} er sendt`);
  });

  it.each([
    ['0', 'zero'],
    ['-1', 'negative'],
    ['1.5', 'non-integer'],
    ['51', 'above 50'],
    ['two', 'not a number'],
  ])('refuses the quantity %s (%s) with the reason and keeps the typed value', async (raw) => {
    const anna = people.anna;
    await s.turn(anna, { action: { verb: 'order_start' } });
    const reply = await s.turn(anna, {
      action: { verb: 'order_items' },
      values: { 'qty.headset-jabra-evolve2-65': raw, 'qty.screen-dell-p2425h': '1' },
    });
    expect(reply.state).toBe('active');
    expect(reply.errors).toEqual({
      'qty.headset-jabra-evolve2-65':
        'Jabra Evolve2 65 headset: the quantity must be a whole number from 1 to 50 (leave it blank for none).',
    });
    const input = reply.views[0]?.form?.inputs.find((i) => i.id === 'qty.headset-jabra-evolve2-65');
    expect(input?.value).toBe(raw);
    expect(reply.views[0]?.title).toBe('Order equipment');
  });

  it('refuses unknown items from a form and from text when they are not in the catalogue', async () => {
    const anna = people.anna;
    await s.turn(anna, { action: { verb: 'order_start' } });
    const form = await s.turn(anna, { action: { verb: 'order_items' }, values: { 'qty.gold-plated-mouse': '1' } });
    expect(form.errors).toEqual({
      'qty.gold-plated-mouse': '"gold-plated-mouse" is not in the catalogue. Describe it as a special item instead.',
    });
    const text = await s.turn(anna, { text: '2 x espresso machine' });
    expect(text.errors?.['items']).toBe(
      '"espresso machine" is not in the catalogue. Describe it as a special item instead.',
    );
    const empty = await s.turn(anna, { action: { verb: 'order_items' }, values: {} });
    expect(empty.errors).toEqual({ items: 'Choose at least one item, or describe a special item.' });
  });

  it('refuses a bad cost centre and a special item without justification', async () => {
    const anna = people.anna;
    await s.turn(anna, { action: { verb: 'order_start' } });
    const special = await s.turn(anna, { action: { verb: 'order_items' }, values: { special: 'A 3D mouse' } });
    expect(special.errors).toEqual({
      justification: 'Say why the special item is needed: your manager decides on it.',
    });
    await s.turn(anna, { action: { verb: 'order_items' }, values: { 'qty.headset-jabra-evolve2-65': '1' } });
    const bad = await s.turn(anna, { action: { verb: 'order_details' }, values: artsDetails({ costCentre: '12a' }) });
    expect(bad.errors).toEqual({ costCentre: 'A cost centre is 4 to 10 digits, e.g. 1234 or 5123456789.' });
    const tooLong = await s.turn(anna, {
      action: { verb: 'order_details' },
      values: artsDetails({ costCentre: '12345678901' }),
    });
    expect(tooLong.errors?.['costCentre']).toBeDefined();
  });

  it('registers for the chosen colleague when ordering on behalf and the search finds several', async () => {
    const peter = people.peter;
    await s.turn(peter, { action: { verb: 'order_start' } });
    await s.turn(peter, { action: { verb: 'order_items' }, values: { 'qty.headset-jabra-evolve2-65': '1' } });
    const none = await s.turn(peter, {
      action: { verb: 'order_details' },
      values: artsDetails({ forWhom: 'on_behalf', onBehalfOf: 'nobody-at-all' }),
    });
    expect(none.errors).toEqual({ onBehalfOf: 'Nobody in the directory matches "nobody-at-all".' });
    const pick = await s.turn(peter, {
      action: { verb: 'order_details' },
      values: artsDetails({ forWhom: 'on_behalf', onBehalfOf: 'carl' }),
    });
    expect(pick.views[0]?.form?.inputs[0]?.options?.map((o) => o.value)).toEqual(['teams:carl', 'teams:carla']);
    const summary = await s.turn(peter, { action: { verb: 'order_details' }, values: { personId: 'teams:carla' } });
    expect(fact(summary.views[0], 'For')).toBe('Carla Holm');
    const done = await s.turn(peter, { action: { verb: 'order_confirm' } });
    expect(done.case?.user.id).toBe('teams:carla');
    expect(done.case?.reporter?.id).toBe(peter.id);
    const sent = await s.outbox.take();
    expect(toPerson(sent, 'teams:carla')[0]?.text).toContain('by Peter Aagaard on your behalf');
  });

  it('goes back a step and cancels when asked', async () => {
    const anna = people.anna;
    await s.turn(anna, { action: { verb: 'order_start' } });
    await s.turn(anna, { action: { verb: 'order_items' }, values: { 'qty.headset-jabra-evolve2-65': '3' } });
    const back = await s.turn(anna, { action: { verb: 'order_back' } });
    expect(back.views[0]?.form?.inputs.find((i) => i.id === 'qty.headset-jabra-evolve2-65')?.value).toBe('3');
    const cancelled = await s.turn(anna, { text: 'cancel' });
    expect(cancelled.state).toBe('cancelled');
    const stale = await s.turn(anna, { action: { verb: 'order_confirm' } });
    expect(stale.state).toBe('idle');
    expect(await s.store.countCases({})).toBe(0);
  });
});
