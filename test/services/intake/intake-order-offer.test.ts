import { afterEach, describe, expect, it } from 'vitest';
import { type CardAction, parseCardAction } from '../../../src/cards/card-actions.js';
import { buttonValue } from '../../../src/cards/slack/slack-action-payload.js';
import type { ActionView, MessageView } from '../../../src/cards/view-models.js';
import { createCatalogueIndex } from '../../../src/config/catalogue-index.js';
import type { Person } from '../../../src/models/case.js';
import {
  type ConversationAction,
  type ConversationInput,
  ConversationRouter,
} from '../../../src/services/conversations.js';
import { IntakeEngine } from '../../../src/services/intake/intake-engine.js';
import { intakeMessages } from '../../../src/services/intake/intake-messages.js';
import type { IntakeState } from '../../../src/services/intake/intake-state.js';
import { KnowledgeService } from '../../../src/services/knowledge.js';
import { readOrder } from '../../../src/services/orders/order.js';
import { isStaff } from '../../../src/services/roles.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { artsDetails, buildOrderServices, orderPeople, type OrderServices } from '../../helpers/orders.js';
import { people } from '../../helpers/people.js';
import { shippedCatalogue } from '../../helpers/services.js';
import { Chat, createIntakeHarness, type IntakeHarness } from './intake-fixtures.js';

const PURCHASE = 'purchase-equipment';
const MACBOOK_PRO = 'laptop-macbook-pro-14-m4';
const WANT = 'I need three new MacBook Pro laptops for my group, by 1 April when the new PhD students start';

let h: IntakeHarness | undefined;
let s: OrderServices | undefined;
afterEach(async () => {
  await h?.store.close();
  await s?.close();
  h = undefined;
  s = undefined;
});

const actionsOf = (view: MessageView | undefined): ActionView[] => view?.actions ?? [];
const verbsOf = (view: MessageView | undefined) => actionsOf(view).map((a) => a.action.verb);

/** A button as the person clicks it: its action sent through a Slack button value and parsed as the transports do. */
function clicked(view: MessageView | undefined, verb: string): CardAction {
  const button = actionsOf(view).find((a) => a.action.verb === verb);
  if (!button) throw new Error(`no ${verb} button in ${JSON.stringify(view)}`);
  const parsed = parseCardAction(JSON.parse(buttonValue(button.action)));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

async function intakeOn(catalogue = shippedCatalogue()) {
  h = await createIntakeHarness(catalogue);
  return h;
}

describe('IntakeEngine: the purchase category and equipment orders', () => {
  it('offers the order form, with what was written as its note, instead of the questions when "Purchase of equipment" is picked', async () => {
    const harness = await intakeOn();
    const chat = new Chat(harness.engine(), buildPerson('bo', { locale: 'en' }));
    await chat.say(WANT);
    const r = await chat.act({ verb: 'intake_category', categoryId: PURCHASE });

    const offer = r.views.at(-1);
    expect(r.views).toHaveLength(1);
    expect(offer?.form).toBeUndefined();
    expect(offer?.title).toBe(intakeMessages.en.orderOfferTitle);
    expect(offer?.text).toContain('DKK 10,000');
    expect(offer?.text).toContain(intakeMessages.en.orderOfferNote);
    expect(verbsOf(offer)).toEqual(['order_start', 'intake_back', 'intake_cancel']);
    expect(clicked(offer, 'order_start')).toEqual({ verb: 'order_start', note: WANT });
    // Nothing registered, no category taken, and the report no longer counts as open in the chat.
    expect(harness.registered).toEqual([]);
    const key = `teams:${chat.person.id}`;
    const stored = (await harness.store.getConversation(key))?.state as unknown as IntakeState;
    expect({ step: stored.step, categoryId: stored.categoryId }).toEqual({ step: 'category', categoryId: undefined });
    expect((await harness.engine().peek(key)).since).toBeNull();
  });

  it('says it in Danish, and tells staff reporting for someone how to order for them', async () => {
    const harness = await intakeOn();
    const chat = new Chat(harness.engine(), harness.staff, { locale: 'da' });
    await chat.act({ verb: 'intake_start' }, { onBehalfOf: 'anna@au.dk' });
    await chat.submit({ intakeChannel: 'phone' });
    await chat.submit({ description: 'Anna skal bruge en ny skærm' });
    const r = await chat.act({ verb: 'intake_category', categoryId: PURCHASE });

    const offer = r.views.at(-1);
    expect(offer?.title).toBe(intakeMessages.da.orderOfferTitle);
    expect(offer?.text).toContain('10.000 kr.');
    expect(offer?.text).toContain('Vil du bestille til Anna Andersen, så vælg "Til en anden" i formularen.');
    expect(actionsOf(offer).map((a) => a.label)).toEqual(['Bestil udstyr', 'Vælg et andet område', 'Annuller']);
    expect(clicked(offer, 'order_start')).toEqual({ verb: 'order_start', note: 'Anna skal bruge en ny skærm' });
  });

  it('goes back to the areas from the offer, and another area goes on with its question guide', async () => {
    const harness = await intakeOn();
    const chat = new Chat(harness.engine(), buildPerson('bo', { locale: 'en' }));
    await chat.say('The new laptop I got cannot print');
    const offered = await chat.act({ verb: 'intake_category', categoryId: PURCHASE });
    expect(verbsOf(offered.views.at(-1))).toContain('order_start');

    const back = await chat.act({ verb: 'intake_back' });
    expect(chat.formStep()).toBe('category');
    expect(back.views.at(-1)?.text).not.toContain(intakeMessages.en.orderOfferNote);
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    expect(chat.formStep()).toBe('type');
    expect((await harness.engine().peek(`teams:${chat.person.id}`)).since).not.toBeNull();
  });

  it('cuts a long description to the note an order can take, between characters', async () => {
    const harness = await intakeOn();
    const chat = new Chat(harness.engine(), buildPerson('bo', { locale: 'en' }));
    await chat.say(`Laptops 💻 ${'for the lab, '.repeat(80)}`);
    const r = await chat.act({ verb: 'intake_category', categoryId: PURCHASE });
    const note = (clicked(r.views.at(-1), 'order_start') as { note?: string }).note ?? '';
    expect(note.length).toBeLessThanOrEqual(500);
    expect(note.startsWith('Laptops 💻 for the lab,')).toBe(true);
    expect(note.endsWith('…')).toBe(true);
  });

  it('keeps the question guide of the purchase category when the catalogue has no items to order', async () => {
    const shipped = shippedCatalogue().catalogue;
    const harness = await intakeOn(createCatalogueIndex({ ...shipped, items: [] }));
    const chat = new Chat(harness.engine(), buildPerson('bo', { locale: 'en' }));
    await chat.say(WANT);
    const r = await chat.act({ verb: 'intake_category', categoryId: PURCHASE });
    expect(chat.formStep()).toBe('type');
    expect(r.views.flatMap((v) => verbsOf(v))).not.toContain('order_start');
  });
});

describe('ConversationRouter: from the intake to a registered order', () => {
  async function wire() {
    s = await buildOrderServices({ defaultLocale: 'en' });
    const knowledge = new KnowledgeService(s.store, s.catalogue);
    await knowledge.seed();
    const intake = new IntakeEngine({
      store: s.store,
      catalogue: s.catalogue,
      knowledge,
      register: s.register,
      clock: s.clock,
      defaultLocale: 'en',
      directory: s.directory,
      isStaff: (p) => isStaff(p, s!.catalogue),
    });
    return { s, intake, router: new ConversationRouter({ intake, orders: s.engine }) };
  }

  const turn = (person: Person, rest: Partial<ConversationInput>): ConversationInput => ({
    conversationKey: `teams:${person.id}`,
    person,
    platform: 'teams',
    ...rest,
  });

  it('registers the purchase as an order with its catalogue item, price, the manager approval and what was written', async () => {
    const { s, router } = await wire();
    const anna = people.anna;
    await router.handle(turn(anna, { text: WANT }));
    const offer = (await router.handle(turn(anna, { action: { verb: 'intake_category', categoryId: PURCHASE } })))
      .views[0];

    const form = await router.handle(turn(anna, { action: clicked(offer, 'order_start') as ConversationAction }));
    expect(form.views[0]?.form?.id).toBe('order:items');
    await router.handle(turn(anna, { action: { verb: 'order_items' }, values: { [`qty.${MACBOOK_PRO}`]: '3' } }));
    const summary = await router.handle(turn(anna, { action: { verb: 'order_details' }, values: artsDetails() }));
    // The summary shows what she wrote, so she sees it goes with the order.
    expect(summary.views[0]?.facts?.find((f) => f.label === 'What you wrote')?.value).toBe(WANT);
    const done = await router.handle(turn(anna, { action: { verb: 'order_confirm' } }));

    const c = done.case!;
    const order = readOrder(c)!;
    const price = s.catalogue.catalogue.items.find((i) => i.id === MACBOOK_PRO)!.priceDkk;
    expect({ category: c.categoryId, type: c.type, number: c.number.startsWith('SR-') }).toEqual({
      category: PURCHASE,
      type: 'service_request',
      number: true,
    });
    expect(order.lines).toMatchObject([{ kind: 'standard', itemId: MACBOOK_PRO, quantity: 3 }]);
    expect(order.totalDkk).toBe(3 * price);
    expect(order.approval).toMatchObject({ state: 'pending', approver: { id: orderPeople.lise.id } });
    expect(c.description).toContain(`Written with the order: ${WANT}`);
  });

  it('starts a new report from the next message, without the purchase and without "started over", once sent to the order', async () => {
    const { s, router } = await wire();
    const anna = people.anna;
    await router.handle(turn(anna, { text: WANT }));
    await router.handle(turn(anna, { action: { verb: 'intake_category', categoryId: PURCHASE } }));
    await router.handle(turn(anna, { action: { verb: 'order_start' } }));
    await router.handle(turn(anna, { action: { verb: 'order_cancel' } }));

    const next = await router.handle(turn(anna, { text: 'The projector in 1481-235 shows no picture' }));
    const texts = next.views.map((v) => v.text).join('\n');
    expect(texts).not.toContain(intakeMessages.en.restartedNote);
    const stored = (await s.store.getConversation(`teams:${anna.id}`))?.state as unknown as IntakeState;
    expect(stored.text).toBe('The projector in 1481-235 shows no picture');
    expect(stored.orderOffer).toBeUndefined();
  });
});
