import { describe, expect, it } from 'vitest';
import type { OrderState } from '../../../src/services/orders/order-state.js';
import { slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { newOrderClick, openModal } from '../../helpers/slack-modal.js';

interface Modal {
  callback_id: string;
  private_metadata?: string;
}

const ORDER_KEY = `order:slack:modal:${slackUsers.bo.id}`;
/** Bo as the requests name him. */
const BO = { id: slackUsers.bo.id, name: 'bo' };

describe("Slack order form: closing an earlier order's modal", () => {
  const h = slackHarnessPerTest({}, slackUsers.bo);

  const draftNow = async () =>
    ((await h.services.store.getConversation(ORDER_KEY))?.state as unknown as OrderState | undefined)?.draftId;

  /** Bo clicks "New order" on a message in a channel: the order form opens as a modal; the modal as opened. */
  const openOrder = () => openModal<Modal>(h, newOrderClick(BO, `trigger-order-${Math.random()}`), 'V0ORDER');

  /** Bo closes the modal `view` (its X or Cancel: Slack's view_closed). */
  async function close(view: Modal, id: string) {
    const res = await h.send({
      kind: 'interactive',
      payload: {
        type: 'view_closed',
        team: { id: 'T0AU' },
        user: BO,
        api_app_id: 'A0APP',
        view: {
          id,
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata ?? '',
          hash: `h-${id}`,
          state: { values: {} },
        },
        is_cleared: false,
      },
    });
    expect(res.status).toBe(200);
  }

  it("leaves the order open now alone when an earlier order's modal is closed; its own modal closed cancels it", async () => {
    // Order A's form opened on one device, then the person starts over on another: order B replaces A.
    const a = await openOrder();
    const draftA = await draftNow();
    h.services.clock.advance(60_000);
    const b = await openOrder();
    const draftB = await draftNow();
    expect(draftB).toBeDefined();
    expect(draftB).not.toBe(draftA);
    expect(JSON.parse(a.private_metadata ?? '{}').submit).toEqual({ verb: 'order_items', draft: draftA });

    await close(a, 'V0DESKTOP');

    // B is still open, at its step, with its draft.
    const kept = (await h.services.store.getConversation(ORDER_KEY))?.state as unknown as OrderState | undefined;
    expect(kept?.draftId).toBe(draftB);
    expect(kept?.step).toBe('items');

    await close(b, 'V0PHONE');

    expect(await h.services.store.getConversation(ORDER_KEY)).toBeNull();
  });
});
