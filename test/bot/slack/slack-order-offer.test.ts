import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import { intakeMessages } from '../../../src/services/intake/intake-messages.js';
import type { OrderState } from '../../../src/services/orders/order-state.js';
import { formOf, jsonField, type SlackHarness, slackUsers, startSlackHarness } from '../../helpers/slack-harness.js';
import { type MessageBlock, messageFormClick } from '../../helpers/slack-message-form.js';
import { inputStates, openModal, reportShortcut, submitModal } from '../../helpers/slack-modal.js';

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
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
    h.knowUsers(slackUsers.bo);
  });
  afterEach(async () => {
    await h.close();
  });

  /** Bo's report form, opened with the shortcut: the modal as opened. */
  const openReport = () => openModal<Modal>(h, reportShortcut(BO));

  /** Submits the modal `view` with the inputs `values` (block id = action id); the modal Slack is told to show. */
  async function submit(view: Modal, values: Record<string, Record<string, unknown>>): Promise<Modal> {
    const res = await submitModal(h, BO, view, inputStates(values));
    const body = (await res.json()) as { response_action: string; view: Modal };
    expect(body.response_action).toBe('update');
    return body.view;
  }

  /** Bo clicks the button `verb` inside the modal `view`; the modal it was updated to. */
  async function clickInModal(view: Modal, verb: string): Promise<Modal> {
    const button = view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id.replace(/#\d+$/, '') === verb);
    if (!button) throw new Error(`no ${verb} button in ${JSON.stringify(view.blocks)}`);
    let updated: Record<string, string> | undefined;
    h.api()
      .post('/api/views.update', (b) => {
        updated = formOf(b);
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V0MODAL', hash: 'h-next' } });
    await h.send({
      kind: 'interactive',
      payload: {
        type: 'block_actions',
        team: { id: 'T0AU' },
        user: BO,
        api_app_id: 'A0APP',
        trigger_id: `trigger-${verb}`,
        container: { type: 'view', view_id: 'V0MODAL' },
        view: {
          id: 'V0MODAL',
          type: 'modal',
          callback_id: view.callback_id,
          hash: `h-${verb}`,
          private_metadata: view.private_metadata ?? '',
          state: { values: {} },
        },
        actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: '1' }],
      },
    });
    if (!updated) throw new Error(`the modal was not updated after ${verb}`);
    return jsonField<Modal>(updated, 'view');
  }

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
