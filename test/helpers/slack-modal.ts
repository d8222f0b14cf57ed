import { expect } from 'vitest';
import { formOf, jsonField, type SlackHarness } from './slack-harness.js';
import { blockAction, modalSubmission, type SlackRequestUser } from './slack-requests.js';
import type { SlackBody } from './slack-signer.js';

/** The parts of a modal the bot opened or showed that a submission of it sends back. */
export interface SlackModalView {
  callback_id: string;
  private_metadata?: string;
  blocks?: readonly unknown[];
}

/** An option of a Slack select menu. */
export interface MenuOption {
  text: { type: string; text: string };
  value: string;
}

/** An element of a block (a button or a select menu, static or searched), as the tests read it. */
export interface MenuElement {
  type: string;
  action_id: string;
  value?: string;
  options?: MenuOption[];
  initial_option?: MenuOption;
  min_query_length?: number;
}

/** A block of a card or modal with buttons or menus, as the tests read it. */
export interface MenuBlock {
  type: string;
  block_id?: string;
  element?: MenuElement;
  elements?: MenuElement[];
}

/** A modal the bot opened with menus in it (Classify, Escalate). */
export interface MenuModal {
  callback_id: string;
  private_metadata: string;
  blocks: MenuBlock[];
}

/** A modal the bot opened: the view, the trigger id it was opened with and Slack's answer to the request. */
export interface OpenedModal<M> {
  view: M;
  triggerId: string | undefined;
  res: Response;
}

/**
 * Sends `request` (a shortcut, a slash command or a click that opens a modal) with Slack's `views.open` answered as
 * the view `viewId`; the view the bot opened, with its trigger id and the answer to `request`. Throws when none was
 * opened.
 */
export async function openedModal<M>(h: SlackHarness, request: SlackBody, viewId = 'V0MODAL'): Promise<OpenedModal<M>> {
  let opened: Record<string, string> | undefined;
  h.api()
    .post('/api/views.open', (b) => {
      opened = formOf(b);
      return true;
    })
    .reply(200, { ok: true, view: { id: viewId } });
  const res = await h.send(request);
  if (!opened) throw new Error('no modal was opened');
  return { view: jsonField<M>(opened, 'view'), triggerId: opened['trigger_id'], res };
}

/**
 * Sends `request` (a shortcut, a slash command or a click that opens a modal) with Slack's `views.open` answered as
 * the view `viewId`; the view the bot opened. Throws when none was opened.
 */
export async function openModal<M>(h: SlackHarness, request: SlackBody, viewId = 'V0MODAL'): Promise<M> {
  return (await openedModal<M>(h, request, viewId)).view;
}

/**
 * Sends `request` (a click inside a modal) with Slack's `views.update` answered for the view `viewId`; the view the
 * modal was updated to. Throws (naming `what`) when it was not updated.
 */
export async function updateModal<M>(
  h: SlackHarness,
  request: SlackBody,
  what: string,
  viewId = 'V0MODAL',
): Promise<M> {
  let updated: Record<string, string> | undefined;
  h.api()
    .post('/api/views.update', (b) => {
      updated = formOf(b);
      return true;
    })
    .reply(200, { ok: true, view: { id: viewId, hash: 'h-next' } });
  await h.send(request);
  if (!updated) throw new Error(`the modal was not updated after ${what}`);
  return jsonField<M>(updated, 'view');
}

let clicksInModals = 0;

/**
 * `user`'s click on the button `button` inside the modal `view`, shown as `viewId`, its inputs holding the state
 * `values`; the click's trigger id is `trigger-<action id>` and the modal's hash a new one each click (a click on a
 * modal state already clicked is dropped as a double click), unless given.
 */
export function modalButtonClick(
  user: SlackRequestUser,
  view: SlackModalView,
  button: { action_id: string; value?: string | undefined },
  values: Record<string, Record<string, unknown>> = {},
  opts: { viewId?: string; hash?: string; triggerId?: string } = {},
): SlackBody {
  const viewId = opts.viewId ?? 'V0MODAL';
  clicksInModals += 1;
  return blockAction(user, opts.triggerId ?? `trigger-${button.action_id}`, {
    container: { type: 'view', view_id: viewId },
    view: {
      id: viewId,
      type: 'modal',
      callback_id: view.callback_id,
      hash: opts.hash ?? `h-click-${clicksInModals}`,
      private_metadata: view.private_metadata ?? '',
      state: { values },
    },
    actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: '1' }],
  });
}

/** A button of a modal's blocks. */
export interface ModalButton {
  action_id: string;
  value?: string;
}

/**
 * `user` clicks the first button inside the modal `view` (shown as V0MODAL) that `which` picks, the modal's inputs
 * holding `values` (block id = action id, as `inputStates` takes them); the view the modal was updated to. Throws
 * when the modal has no such button. `opts` as `modalButtonClick` takes them.
 */
export async function clickInModal<M>(
  h: SlackHarness,
  user: SlackRequestUser,
  view: Omit<SlackModalView, 'blocks'> & { blocks: readonly { elements?: readonly ModalButton[] }[] },
  which: (button: ModalButton) => boolean,
  values: Record<string, Record<string, unknown>> = {},
  opts: { hash?: string; triggerId?: string } = {},
): Promise<M> {
  const button = view.blocks.flatMap((b) => b.elements ?? []).find(which);
  if (!button) throw new Error(`no such button in ${JSON.stringify(view.blocks)}`);
  return updateModal<M>(h, modalButtonClick(user, view, button, inputStates(values), opts), button.action_id);
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
  return blockAction(user, triggerId, {
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
  });
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

/**
 * `user` submits the modal `view` with the inputs `values` (block id = action id, as `inputStates` takes them) and
 * Slack is told to show the next step in it (`response_action` update, expected); that view.
 */
export async function submitModalStep<M>(
  h: SlackHarness,
  user: SlackRequestUser,
  view: SlackModalView,
  values: Record<string, Record<string, unknown>>,
): Promise<M> {
  const res = await submitModal(h, user, view, inputStates(values));
  const body = (await res.json()) as { response_action: string; view: M };
  expect(body.response_action).toBe('update');
  return body.view;
}

/**
 * The report form of `user` on the harness `h`: `open` opens it with the shortcut (`reportShortcut`); `submit` sends a
 * step of it and gives the next (`submitModalStep`); `click` clicks the button `which` picks inside it (the modal's
 * inputs holding `values`; `clickInModal`) and gives the modal it was updated to.
 */
export function reportForm<M extends Omit<SlackModalView, 'blocks'> & { blocks: { elements?: ModalButton[] }[] }>(
  h: SlackHarness,
  user: SlackRequestUser,
) {
  return {
    open: () => openModal<M>(h, reportShortcut(user)),
    submit: (view: M, values: Record<string, Record<string, unknown>>) => submitModalStep<M>(h, user, view, values),
    click: (
      view: M,
      which: (button: ModalButton) => boolean,
      values: Record<string, Record<string, unknown>> = {},
      opts: { hash?: string; triggerId?: string } = {},
    ) => clickInModal<M>(h, user, view, which, values, opts),
  };
}
