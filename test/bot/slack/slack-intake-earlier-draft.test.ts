import { beforeEach, describe, expect, it } from 'vitest';
import type { ModalView } from '@slack/types';
import { intakeModal } from '../../../src/bot/slack/slack-modals.js';
import { intakeMessages } from '../../../src/services/intake/intake-messages.js';
import { recordPosts, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { blockAction, slackDm } from '../../helpers/slack-requests.js';

const KEY = 'slack:dm:U0BO';

interface Block {
  type: string;
  block_id?: string;
  elements?: { action_id: string; value?: string }[];
}

const dmMessage = (eventId: string, text: string) =>
  slackDm(eventId, slackUsers.bo, text, { channel: 'D0BO', ts: '7.0' });

/** Bo's click on a button of a message the bot posted into his DM. */
function dmClick(button: { action_id: string; value?: string }, blockId: string) {
  return blockAction({ id: slackUsers.bo.id, name: 'bo' }, 'trigger-dm', {
    container: { type: 'message', channel_id: 'D0BO', message_ts: '1700000000.000200' },
    channel: { id: 'D0BO', name: 'directmessage' },
    actions: [{ type: 'button', action_id: button.action_id, block_id: blockId, value: button.value, action_ts: '1' }],
  });
}

describe('Slack intake in the DM: a button of an earlier report', () => {
  const h = slackHarnessPerTest({}, slackUsers.bo);
  /** The blocks (or text) of every message posted into Bo's DM, oldest first. */
  let posted: string[];
  let events = 0;

  beforeEach(() => {
    posted = recordPosts(h);
  });

  const say = (text: string) => h.send(dmMessage(`EvDraft${++events}`, text));
  const stored = async () =>
    (await h.services.store.getConversation(KEY))?.state as Record<string, unknown> | undefined;

  /** The button with `verb` on the last message posted into the DM, and its block. */
  function lastButton(verb: string): { button: { action_id: string; value?: string }; blockId: string } {
    const blocks = JSON.parse(posted.at(-1) ?? '[]') as Block[];
    for (const block of blocks) {
      const button = block.elements?.find((e) => e.value !== undefined && JSON.parse(e.value).verb === verb);
      if (button) return { button, blockId: block.block_id ?? '' };
    }
    throw new Error(`no ${verb} button on the last message`);
  }

  /** Bo's report written in the DM and answered by text (in Danish) up to its summary; its Confirm button. */
  async function reportToSummary(description: string) {
    await say(description);
    for (let turn = 0; turn < 30 && (await stored())?.['step'] !== 'summary'; turn++) {
      const step = String((await stored())?.['step']);
      const last = posted.at(-1) ?? '';
      const text =
        step === 'knowledge'
          ? 'nej'
          : step === 'q:what'
            ? 'ok'
            : last.includes('static_select')
              ? '1'
              : last.includes('checkboxes')
                ? 'ja'
                : last.includes('datepicker')
                  ? '2025-03-01'
                  : 'Bygning 1482';
      await say(text);
    }
    expect((await stored())?.['step']).toBe('summary');
    return lastButton('intake_confirm');
  }

  it("refuses the cancelled report's Confirm while a new report waits at its summary, in Danish, and registers the new one from its own Confirm", async () => {
    const { store } = h.services;
    const old = await reportToSummary('Printeren på 2. sal printer ikke');
    await say('annuller');
    expect(await stored()).toBeUndefined();
    h.services.clock.advance(60_000);
    const current = await reportToSummary('Outlook kan ikke finde serveren siden i morges');
    const before = await store.getConversation(KEY);
    posted.length = 0;

    await h.send(dmClick(old.button, old.blockId));

    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(intakeMessages.da.earlierDraft);
    expect(await store.findCases({ personId: 'slack:U0BO' })).toEqual([]);
    expect(await store.getConversation(KEY)).toEqual(before);

    await h.send(dmClick(current.button, current.blockId));

    const [c, ...more] = await store.findCases({ personId: 'slack:U0BO' });
    expect(more).toEqual([]);
    expect(c?.title).toBe('Outlook kan ikke finde serveren siden i morges');
    expect(await stored()).toBeUndefined();
  });

  it("refuses the cancelled report's Cancel: the report open now is kept", async () => {
    await say('Printeren på 2. sal printer ikke');
    const oldCancel = lastButton('intake_cancel');
    await say('annuller');
    h.services.clock.advance(60_000);
    await say('Outlook kan ikke finde serveren siden i morges');
    const before = await h.services.store.getConversation(KEY);
    expect(before).not.toBeNull();

    await h.send(dmClick(oldCancel.button, oldCancel.blockId));

    expect(posted.at(-1)).toContain(intakeMessages.da.earlierDraft);
    expect(await h.services.store.getConversation(KEY)).toEqual(before);
  });
});

describe('Slack intake in the report form: a form of an earlier report', () => {
  const MODAL_KEY = 'slack:modal:U0BO';
  const h = slackHarnessPerTest({}, slackUsers.bo);

  /** A new report in Bo's form (nothing answered yet), as the modal shows it. */
  async function startInForm(): Promise<ModalView> {
    const bo = await h.person(slackUsers.bo);
    const reply = await h.intake.handle({
      conversationKey: MODAL_KEY,
      surface: 'form',
      person: bo,
      platform: 'slack',
      action: { verb: 'intake_start' },
    });
    return intakeModal(reply.views, 'da');
  }

  function modalPayload(type: 'view_submission' | 'view_closed', modal: ModalView, values: Record<string, unknown>) {
    return {
      kind: 'interactive' as const,
      payload: {
        type,
        team: { id: 'T0AU' },
        user: { id: slackUsers.bo.id, name: 'bo' },
        api_app_id: 'A0APP',
        trigger_id: 'trigger-form',
        view: {
          id: 'V0DESKTOP',
          type: 'modal',
          callback_id: 'intake',
          private_metadata: modal.private_metadata,
          hash: 'h-old',
          state: { values },
        },
        ...(type === 'view_closed' ? { is_cleared: false } : {}),
      },
    };
  }

  it("answers a submission of the earlier report's form with the report open now, and its closing leaves that one open", async () => {
    // The form opened on one device, then opened anew on another (nothing answered: a new report replaced it).
    const desktop = await startInForm();
    h.services.clock.advance(60_000);
    await startInForm();
    const before = await h.services.store.getConversation(MODAL_KEY);
    const description = { description: { description: { type: 'plain_text_input', value: 'Skærmen flimrer' } } };

    const res = await h.send(modalPayload('view_submission', desktop, description));

    const ack = (await res.json()) as { response_action?: string; view?: ModalView };
    expect(ack.response_action).toBe('update');
    const shown = JSON.stringify(ack.view);
    expect(shown).toContain(intakeMessages.da.earlierDraftForm);
    // The step of the report open now, whose submission is that report's.
    expect(JSON.parse(ack.view?.private_metadata ?? '{}').submit).toEqual({
      verb: 'intake_answer',
      step: 'describe',
      draft: before?.state['draftId'],
    });
    expect(await h.services.store.getConversation(MODAL_KEY)).toEqual(before);

    await h.send(modalPayload('view_closed', desktop, {}));

    expect(await h.services.store.getConversation(MODAL_KEY)).toEqual(before);
  });
});
