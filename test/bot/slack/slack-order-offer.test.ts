import { describe, expect, it } from 'vitest';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import { intakeMessages } from '../../../src/services/intake/intake-messages.js';
import type { OrderState } from '../../../src/services/orders/order-state.js';
import { formOf, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { type MessageBlock, messageFormClick } from '../../helpers/slack-message-form.js';
import { reportForm } from '../../helpers/slack-modal.js';

interface Modal {
  callback_id: string;
  private_metadata?: string;
  title: { text: string };
  blocks: (MessageBlock & { text?: { text: string } })[];
}

const WANT = 'Jeg skal bruge tre nye MacBook Pro til min gruppe';
const BO_DM = 'D0BO';
/** Bo as the requests name him. */
const BO = { id: slackUsers.bo.id, name: 'bo' };

describe('slack: the purchase category sends the person to the order form', () => {
  const h = slackHarnessPerTest({}, slackUsers.bo);
  /** Bo's report form, opened with the shortcut. */
  const { open: openReport, submit, click } = reportForm<Modal>(h, BO);

  /** Bo clicks the button `verb` inside the modal `view`; the modal it was updated to. */
  const clickInModal = (view: Modal, verb: string) =>
    click(
      view,
      (e) => e.action_id.replace(/#\d+$/, '') === verb,
      {},
      { hash: `h-${verb}`, triggerId: `trigger-${verb}` },
    );

  it('answers the category in the report form with the order offer, whose button turns the form into the order form and keeps what was written', async () => {
    const described = await submit(await openReport(), {
      description: { type: 'plain_text_input', value: WANT },
    });
    const offer = await submit(described, {
      categoryId: { type: 'static_select', selected_option: { value: 'purchase-equipment' } },
    });
    const said = JSON.stringify(offer.blocks);
    expect(said).toContain(intakeMessages.da.orderOfferTitle);
    expect(said).toContain('10.000 kr.');

    const order = await clickInModal(offer, 'order_start');
    expect(order.title.text).toBe('Bestil udstyr');
    const draft = (await h.services.store.getConversation(`order:slack:modal:${slackUsers.bo.id}`))
      ?.state as unknown as OrderState;
    // The form's Next is the order draft's (an earlier order's form does nothing to it).
    expect(JSON.parse(order.private_metadata ?? '{}').submit).toEqual({ verb: 'order_items', draft: draft.draftId });
    expect(draft.note).toBe(WANT);
  });

  it('goes back from the offer to the areas in the report form', async () => {
    const described = await submit(await openReport(), {
      description: { type: 'plain_text_input', value: WANT },
    });
    const offer = await submit(described, {
      categoryId: { type: 'static_select', selected_option: { value: 'purchase-equipment' } },
    });
    expect(JSON.stringify(offer.blocks)).toContain(intakeMessages.da.orderOfferBack);
    const back = await clickInModal(offer, 'intake_back');
    expect(JSON.parse(back.private_metadata ?? '{}').submit).toEqual({
      verb: 'intake_answer',
      step: 'category',
      draft: expect.any(String),
    });
  });

  it('opens the order form in the DM from the offer posted there, with what was written', async () => {
    const bo = await h.person(slackUsers.bo);
    const base = { conversationKey: `slack:dm:${slackUsers.bo.id}`, person: bo, platform: 'slack' as const };
    await h.intake.handle({ ...base, text: WANT });
    const offered = await h.intake.handle({
      ...base,
      action: { verb: 'intake_category', categoryId: 'purchase-equipment' },
    });
    const blocks = renderMessageBlocks(offered.views[0]!).blocks as MessageBlock[];
    const posted: string[] = [];
    h.api()
      .post('/api/chat.postMessage', (b) => {
        posted.push(formOf(b)['blocks'] ?? '');
        return true;
      })
      .reply(200, { ok: true, ts: '1.2' });

    await h.send(messageFormClick(BO, BO_DM, blocks, 'order_start', {}));

    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('qty.laptop-macbook-pro-14-m4');
    const draft = (await h.services.store.getConversation(`order:slack:dm:${slackUsers.bo.id}`))
      ?.state as unknown as OrderState;
    expect(draft.note).toBe(WANT);
  });
});
