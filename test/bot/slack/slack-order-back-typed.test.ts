import { describe, expect, it } from 'vitest';
import { slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import {
  clickInModal,
  type ModalButton,
  newOrderClick,
  openModal,
  submitModalStep,
} from '../../helpers/slack-modal.js';

interface Modal {
  callback_id: string;
  private_metadata?: string;
  blocks: {
    type: string;
    block_id?: string;
    elements?: ModalButton[];
    element?: { action_id: string; initial_value?: string; initial_option?: { value: string } };
  }[];
}

const ANNA = slackUsers.anna;
/** Anna as the requests name her. */
const ANNA_REQ = { id: ANNA.id, name: 'anna' };
const DOCK = 'qty.dock-thinkpad-usb-c';

/** What the input `id` of a modal shows: its text, or the chosen option's value; undefined when empty. */
function shown(view: Modal, id: string): string | undefined {
  const element = view.blocks.find((b) => b.element?.action_id === id)?.element;
  expect(element, `an input ${id}`).toBeDefined();
  return element?.initial_value ?? element?.initial_option?.value;
}

const text = (value: string | null) => ({ type: 'plain_text_input', value });
const chosen = (value: string) => ({ type: 'static_select', selected_option: { value } });

describe('Slack order form: Back then Next shows the details as last typed', () => {
  const h = slackHarnessPerTest({}, ANNA);

  /** Anna clicks the button whose value has the verb `verb` inside the modal `view`, its inputs holding `values`. */
  const click = (view: Modal, verb: string, values: Record<string, Record<string, unknown>> = {}) =>
    clickInModal<Modal>(
      h,
      ANNA_REQ,
      view,
      (b) => typeof b.value === 'string' && (JSON.parse(b.value) as { verb?: string }).verb === verb,
      values,
    );

  it('keeps an emptied place empty and a changed cost centre as changed after Back to the items and Next again', async () => {
    const items = await openModal<Modal>(h, newOrderClick(ANNA_REQ));
    const details = await submitModalStep<Modal>(h, ANNA_REQ, items, { [DOCK]: { type: 'number_input', value: '1' } });
    const summary = await submitModalStep<Modal>(h, ANNA_REQ, details, {
      forWhom: chosen('self'),
      faculty: chosen('arts'),
      deliveryLocation: text('Nobelparken 1481-235'),
      costCentre: text('12345678'),
    });
    expect(JSON.stringify(summary.blocks)).toContain('Nobelparken 1481-235');

    // Back from the summary: the details as taken.
    const again = await click(summary, 'order_back');
    expect(shown(again, 'deliveryLocation')).toBe('Nobelparken 1481-235');
    expect(shown(again, 'costCentre')).toBe('12345678');

    // Anna empties the place and changes the cost centre, then goes Back to the items (Slack sends the inputs along;
    // an emptied one as null, which is no value).
    const itemsAgain = await click(again, 'order_back', {
      forWhom: chosen('self'),
      faculty: chosen('arts'),
      deliveryLocation: text(null),
      costCentre: text('87654321'),
    });
    expect(itemsAgain.blocks.some((b) => b.element?.action_id === DOCK)).toBe(true);

    // Next on the items: the details as she left them, the place empty, not the place taken before.
    const forward = await submitModalStep<Modal>(h, ANNA_REQ, itemsAgain, {
      [DOCK]: { type: 'number_input', value: '1' },
    });
    expect(shown(forward, 'deliveryLocation')).toBeUndefined();
    expect(shown(forward, 'costCentre')).toBe('87654321');
    expect(shown(forward, 'faculty')).toBe('arts');
    expect(shown(forward, 'forWhom')).toBe('self');

    // Filled in again: the summary has the new place and cost centre.
    const done = await submitModalStep<Modal>(h, ANNA_REQ, forward, {
      forWhom: chosen('self'),
      faculty: chosen('arts'),
      deliveryLocation: text('Nobelparken 1453-110'),
      costCentre: text(shown(forward, 'costCentre')!),
    });
    const summaryText = JSON.stringify(done.blocks);
    expect(summaryText).toContain('Nobelparken 1453-110');
    expect(summaryText).toContain('87654321');
    expect(summaryText).not.toContain('1481-235');
  });
});
