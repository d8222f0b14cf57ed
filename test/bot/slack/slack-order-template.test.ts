import { describe, expect, it } from 'vitest';
import { slackTexts } from '../../../src/bot/slack/slack-replies.js';
import { readOrder } from '../../../src/services/orders/order.js';
import type { OrderState } from '../../../src/services/orders/order-state.js';
import { slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import type { MessageBlock } from '../../helpers/slack-message-form.js';
import { reportForm } from '../../helpers/slack-modal.js';

interface Modal {
  callback_id: string;
  private_metadata?: string;
  title: { text: string };
  blocks: (MessageBlock & {
    block_id?: string;
    text?: { text: string };
    element?: { action_id: string; type: string; initial_value?: string; initial_option?: { value: string } };
  })[];
}

const JONAS = slackUsers.jonas;
/** Jonas as the requests name him. */
const JONAS_REQ = { id: JONAS.id, name: 'jonas' };
/** The standard in-stock laptop `new-employee-laptop` pre-selects (config/catalogue.yaml). */
const LAPTOP = 'laptop-thinkpad-t14-g5';

describe('slack: a case template in the orders category opens the order form in the report form', () => {
  const h = slackHarnessPerTest({}, JONAS);
  /** Jonas's report form, opened with the shortcut. */
  const { open: openReport, submit, click } = reportForm<Modal>(h, JONAS_REQ);

  /**
   * Jonas clicks the button inside the modal `view` whose value `matches` (the modal's inputs holding `values`, as
   * `submit` takes them); the modal it was updated to.
   */
  const clickInModal = (
    view: Modal,
    matches: (value: Record<string, unknown>) => boolean,
    values: Record<string, Record<string, unknown>> = {},
  ) =>
    click(view, (e) => typeof e.value === 'string' && matches(JSON.parse(e.value) as Record<string, unknown>), values);

  /** The element of the input `id` in a modal. */
  const element = (view: Modal, id: string) => view.blocks.find((b) => b.element?.action_id === id)?.element;

  const draftOf = async (): Promise<OrderState | undefined> =>
    (await h.services.store.getConversation(`order:slack:modal:${JONAS.id}`))?.state as OrderState | undefined;

  /** From the report form: "From a template", then `templateId` picked; the modal then. */
  async function fromTemplate(templateId: string): Promise<Modal> {
    const first = await openReport();
    const templates = await clickInModal(first, (v) => v['verb'] === 'intake_start' && v['mode'] === 'template');
    expect(templates.title.text).toBe(slackTexts.modalTitle.en);
    return submit(templates, {
      templateId: { type: 'static_select', selected_option: { value: templateId } },
    });
  }

  it('turns the report form into the order form with the standard laptop pre-selected, for Jonas himself, and registers the order as SR-…', async () => {
    const form = await fromTemplate('new-employee-laptop');
    expect(form.title.text).toBe('Order equipment');
    expect(JSON.stringify(form.blocks)).toContain('Started from the template \\"New employee: standard laptop\\"');
    expect(element(form, `qty.${LAPTOP}`)?.initial_value).toBe('1');
    expect(element(form, 'qty.laptop-macbook-air-13-m3')?.initial_value).toBeUndefined();
    const draft = await draftOf();
    expect(JSON.parse(form.private_metadata ?? '{}').submit).toEqual({ verb: 'order_items', draft: draft?.draftId });
    expect(draft).toMatchObject({
      quantities: { [LAPTOP]: 1 },
      forWhom: 'self',
      template: { id: 'new-employee-laptop' },
    });
    expect(await h.services.store.getConversation(`slack:modal:${JONAS.id}`)).toBeNull();

    const details = await submit(form, { [`qty.${LAPTOP}`]: { type: 'number_input', value: '1' } });
    expect(element(details, 'forWhom')?.initial_option?.value).toBe('self');
    const summary = await submit(details, {
      forWhom: { type: 'static_select', selected_option: { value: 'self' } },
      faculty: { type: 'static_select', selected_option: { value: 'arts' } },
      deliveryLocation: { type: 'plain_text_input', value: '1481-235' },
      costCentre: { type: 'plain_text_input', value: '12345678' },
    });
    const said = JSON.stringify(summary.blocks);
    expect(said).toContain('1 × Lenovo ThinkPad T14 Gen 5');
    expect(said).toContain('From the template');

    const done = await clickInModal(summary, (v) => v['verb'] === 'order_confirm');
    const [c] = await h.services.store.findCases({ personId: `slack:${JONAS.id}` });
    expect(c?.number).toMatch(/^SR-/);
    expect(JSON.stringify(done.blocks)).toContain(`Order ${c?.number} sent`);
    expect(c?.categoryId).toBe('purchase-equipment');
    expect(c?.description).toContain('From the case template "New employee: standard laptop": Order a standard laptop');
    expect(readOrder(c!)?.lines).toEqual([expect.objectContaining({ itemId: LAPTOP, quantity: 1 })]);
  });

  it('keeps Anna as the person when Jonas, reporting on her behalf, goes on from a template in the report form', async () => {
    const first = await openReport();
    const who = await clickInModal(first, (v) => v['verb'] === 'intake_start' && v['mode'] === 'on_behalf');
    const contact = await submit(who, { onBehalfOf: { type: 'plain_text_input', value: 'anna.berg@cas.au.dk' } });
    expect(JSON.stringify(contact.blocks)).toContain('How did Anna Berg contact us?');
    const templates = await clickInModal(contact, (v) => v['verb'] === 'intake_start' && v['mode'] === 'template', {
      intakeChannel: { type: 'static_select', selected_option: { value: 'desk' } },
    });
    expect(JSON.stringify(templates.blocks)).toContain('still for Anna Berg');
    const form = await submit(templates, {
      templateId: { type: 'static_select', selected_option: { value: 'new-employee-laptop' } },
    });
    expect(form.title.text).toBe('Order equipment');
    expect(element(form, `qty.${LAPTOP}`)?.initial_value).toBe('1');
    expect(await draftOf()).toMatchObject({
      forWhom: 'on_behalf',
      onBehalf: { query: 'anna.berg@cas.au.dk' },
      template: { id: 'new-employee-laptop' },
    });
    const details = await submit(form, { [`qty.${LAPTOP}`]: { type: 'number_input', value: '1' } });
    expect(element(details, 'forWhom')?.initial_option?.value).toBe('on_behalf');
    expect(element(details, 'onBehalfOf')?.initial_value).toBe('anna.berg@cas.au.dk');
  });

  it('fills in Anna as the person when Jonas starts the template on her behalf', async () => {
    const first = await openReport();
    // A start naming the template and the person, the intake's `{ templateId, onBehalfOf }` (as for any template):
    // one of the form's start buttons carrying them.
    const button = first.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id.startsWith('intake_start'));
    if (!button) throw new Error('no start button');
    button.value = JSON.stringify({
      verb: 'intake_start',
      templateId: 'new-employee-laptop',
      onBehalfOf: 'anna.berg@cas.au.dk',
    });
    const form = await clickInModal(first, (v) => v['templateId'] === 'new-employee-laptop');
    expect(form.title.text).toBe('Order equipment');
    expect(element(form, `qty.${LAPTOP}`)?.initial_value).toBe('1');
    const draft = await draftOf();
    expect(draft).toMatchObject({ forWhom: 'on_behalf', onBehalf: { query: 'anna.berg@cas.au.dk' } });

    const details = await submit(form, { [`qty.${LAPTOP}`]: { type: 'number_input', value: '1' } });
    expect(element(details, 'forWhom')?.initial_option?.value).toBe('on_behalf');
    expect(element(details, 'onBehalfOf')?.initial_value).toBe('anna.berg@cas.au.dk');
    const summary = await submit(details, {
      forWhom: { type: 'static_select', selected_option: { value: 'on_behalf' } },
      onBehalfOf: { type: 'plain_text_input', value: 'anna.berg@cas.au.dk' },
      faculty: { type: 'static_select', selected_option: { value: 'arts' } },
      deliveryLocation: { type: 'plain_text_input', value: '1481-235' },
      costCentre: { type: 'plain_text_input', value: '12345678' },
    });
    expect(JSON.stringify(summary.blocks)).toContain('Anna Berg');
    await clickInModal(summary, (v) => v['verb'] === 'order_confirm');
    const [c] = await h.services.store.findCases({ personId: 'teams:anna' });
    expect(c?.number).toMatch(/^SR-/);
    expect(c?.reporter?.id).toBe(`slack:${JONAS.id}`);
  });

  it("marks the templates that open the order form in the report form's template list and says what the others do", async () => {
    const first = await openReport();
    const templates = await clickInModal(first, (v) => v['verb'] === 'intake_start' && v['mode'] === 'template');
    const list = templates.blocks.find((b) => b.element?.action_id === 'templateId')?.element as unknown as {
      options: { text: { text: string }; value: string }[];
    };
    const titles = Object.fromEntries(list.options.map((o) => [o.value, o.text.text]));
    expect(titles).toMatchObject({
      'new-employee-laptop': 'New employee: standard laptop (opens the order form)',
      'exam-printing-down': 'Exam printing down',
    });
    const text = JSON.stringify(templates.blocks);
    expect(text).toContain('One marked \\"opens the order form\\" opens the equipment order form');
    expect(text).toContain('the others fill in area, priority, group and title, then the usual questions follow');
  });
});
