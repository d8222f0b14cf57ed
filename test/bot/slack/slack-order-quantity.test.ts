import { describe, expect, it } from 'vitest';
import { MAX_QUANTITY } from '../../../src/services/orders/order.js';
import { slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { inputStates, newOrderClick, openModal, submitModal } from '../../helpers/slack-modal.js';

interface Block {
  type: string;
  block_id?: string;
  label?: { text: string };
  hint?: { text: string };
  element?: Record<string, unknown>;
}
interface Modal {
  callback_id: string;
  private_metadata?: string;
  blocks: Block[];
}

/** Bo as the requests name him. */
const BO = { id: slackUsers.bo.id, name: 'bo' };

describe('Slack order form: quantities are whole numbers within the order limits', () => {
  const h = slackHarnessPerTest({}, slackUsers.bo);

  /** Bo clicks "New order" on a message in a channel: the order form opens as a modal; the modal as opened. */
  const openOrder = () => openModal<Modal>(h, newOrderClick(BO), 'V0ORDER');

  /** Submits the modal `view` with the inputs `values` (block id = action id); Slack's answer to the submission. */
  async function submit(view: Modal, values: Record<string, Record<string, unknown>>): Promise<unknown> {
    const res = await submitModal(h, BO, view, inputStates(values), { viewId: 'V0ORDER' });
    expect(res.status).toBe(200);
    return res.json();
  }

  it('renders every quantity as a whole-number input from 1 to the maximum; a 1.5 sent anyway is refused plainly', async () => {
    const modal = await openOrder();
    const quantities = modal.blocks.filter((b) => b.block_id?.startsWith('qty.') || b.block_id === 'specialQuantity');
    expect(quantities.length).toBeGreaterThan(1);
    for (const b of quantities) {
      expect(b.element).toMatchObject({
        type: 'number_input',
        is_decimal_allowed: false,
        min_value: '1',
        max_value: String(MAX_QUANTITY),
      });
    }
    expect(MAX_QUANTITY).toBe(50);
    const screen = quantities.find((b) => b.block_id === 'qty.screen-dell-p2725q');
    expect(screen).toBeDefined();

    // An older modal (decimals allowed) or a forged submission: 1.5 screens is refused, saying what is taken.
    // Bo's Slack is in Danish: the error is shown under the input, in the modal, which stays open.
    const answer = await submit(modal, { 'qty.screen-dell-p2725q': { type: 'number_input', value: '1.5' } });
    expect(answer).toEqual({
      response_action: 'errors',
      errors: {
        'qty.screen-dell-p2725q':
          'Dell P2725Q 27" 4K-skærm: antallet skal være et helt tal fra 1 til 50 (lad feltet stå tomt for ingen).',
      },
    });
    const state = (await h.services.store.getConversation(`order:slack:modal:${slackUsers.bo.id}`))?.state as
      | { step?: string; quantities?: Record<string, number> }
      | undefined;
    expect(state?.step).toBe('items');
    expect(state?.quantities).toEqual({});
  });
});
