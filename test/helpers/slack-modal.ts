import { formOf, jsonField, type SlackHarness } from './slack-harness.js';
import { modalSubmission, type SlackRequestUser } from './slack-requests.js';
import type { SlackBody } from './slack-signer.js';

/** The parts of a modal the bot opened or showed that a submission of it sends back. */
export interface SlackModalView {
  callback_id: string;
  private_metadata?: string;
  blocks?: readonly unknown[];
}

/**
 * Sends `request` (a shortcut or a click that opens a modal) with Slack's `views.open` answered as the view `viewId`;
 * the view the bot opened. Throws when none was opened.
 */
export async function openModal<M>(h: SlackHarness, request: SlackBody, viewId = 'V0MODAL'): Promise<M> {
  let opened: Record<string, string> | undefined;
  h.api()
    .post('/api/views.open', (b) => {
      opened = formOf(b);
      return true;
    })
    .reply(200, { ok: true, view: { id: viewId } });
  await h.send(request);
  if (!opened) throw new Error('no modal was opened');
  return jsonField<M>(opened, 'view');
}

/** `user`'s global shortcut "Report an incident" (`report_incident`), as Slack posts it. */
export function reportShortcut(user: SlackRequestUser): SlackBody {
  return {
    kind: 'interactive',
    payload: {
      type: 'shortcut',
      callback_id: 'report_incident',
      trigger_id: 'trigger-shortcut',
      team: { id: 'T0AU' },
      user: { id: user.id, username: user.name, team_id: 'T0AU' },
      api_app_id: 'A0APP',
      token: 'legacy',
      action_ts: '1',
    },
  };
}

/** `user`'s click on "New order" under a message in the channel C0ARTS (the order form opens as a modal). */
export function newOrderClick(user: SlackRequestUser, triggerId = 'trigger-order'): SlackBody {
  return {
    kind: 'interactive',
    payload: {
      type: 'block_actions',
      team: { id: 'T0AU' },
      user: { id: user.id, name: user.name },
      api_app_id: 'A0APP',
      trigger_id: triggerId,
      container: { type: 'message', channel_id: 'C0ARTS', message_ts: '1700000000.000100' },
      channel: { id: 'C0ARTS', name: 'channel' },
      actions: [
        {
          type: 'button',
          action_id: 'order_start',
          block_id: 'b',
          value: JSON.stringify({ verb: 'order_start' }),
          action_ts: '1',
        },
      ],
    },
  };
}

/** An input of a modal as its blocks give it: its block's id and its element's action id. */
export interface ModalInput {
  block_id?: string;
  element?: { action_id: string };
}

/** The state of the modal's input `input` with `value` typed into it (a plain text input). */
export function typedInto(input: ModalInput, value: unknown): Record<string, Record<string, unknown>> {
  return { [input.block_id!]: { [input.element!.action_id]: { type: 'plain_text_input', value } } };
}

/** The state of the modal's input `input` (a select, or the `type` given) with the option `value` chosen. */
export function chosenIn(
  input: ModalInput,
  value: string,
  type = 'static_select',
): Record<string, Record<string, unknown>> {
  return { [input.block_id!]: { [input.element!.action_id]: { type, selected_option: { value } } } };
}

/** The state values of inputs whose block id is their action id, from each input's state (input id → state). */
export function inputStates(states: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(states).map(([id, state]) => [id, { [id]: state }]));
}

/**
 * `user` submits the modal `view`, shown as `viewId`, with the inputs' state `values` (block id → action id → state)
 * and the view's own metadata unless `metadata` is given; with `blocks`, Slack's copy of the view's blocks is sent
 * too (the bot names a refused input by its label). Slack's answer.
 */
export function submitModal(
  h: SlackHarness,
  user: SlackRequestUser,
  view: SlackModalView,
  values: Record<string, Record<string, unknown>>,
  opts: { viewId?: string; metadata?: string; blocks?: boolean } = {},
): Promise<Response> {
  return h.send(
    modalSubmission(
      user,
      {
        id: opts.viewId ?? 'V0MODAL',
        callbackId: view.callback_id,
        privateMetadata: opts.metadata ?? view.private_metadata ?? '',
        ...(opts.blocks && view.blocks ? { blocks: view.blocks } : {}),
      },
      values,
      'T0AU',
    ),
  );
}
