import { blockAction } from './slack-requests.js';
import type { SlackBody } from './slack-signer.js';
import type { SlackHarness } from './slack-harness.js';

/** The parts of a rendered Block Kit block a click on a message form reads. */
export interface MessageBlock {
  type: string;
  block_id?: string;
  element?: { type: string; action_id: string };
  elements?: { type: string; action_id: string; value?: string }[];
}

/** One input's state as Slack sends it: what was typed or chosen, or nothing (an untouched input). */
function elementState(type: string, typed: string | undefined): Record<string, unknown> {
  switch (type) {
    case 'static_select':
    case 'external_select':
      return { type, selected_option: typed === undefined ? null : { value: typed } };
    case 'datepicker':
      return { type, selected_date: typed ?? null };
    default:
      return { type, value: typed ?? null };
  }
}

/**
 * A `block_actions` request for a click on `button` (its action id) under the form of a message in `channel`, the
 * way Slack sends it: `state.values` holds every input block of the message — `typed[input id]` where given, else
 * untouched — and the button's own value. A `typed` key that is no input of the message is sent as one more text
 * input's state (what a message with another input, or a forged request, carries). `withMessage`: the request
 * carries the clicked message too, as Slack's does for a message that is not ephemeral.
 */
export function messageFormClick(
  user: { id: string; name: string },
  channel: string,
  blocks: readonly MessageBlock[],
  button: string,
  typed: Record<string, string>,
  extra: { responseUrl?: string; withMessage?: boolean } = {},
): SlackBody {
  const values: Record<string, Record<string, unknown>> = {};
  const inputs = blocks.filter((b) => b.type === 'input' && b.element);
  for (const [i, block] of inputs.entries()) {
    const id = block.element!.action_id;
    values[block.block_id ?? `input${i}`] = { [id]: elementState(block.element!.type, typed[id]) };
  }
  const known = new Set(inputs.map((b) => b.element!.action_id));
  for (const [id, value] of Object.entries(typed)) {
    if (!known.has(id)) values[`extra-${id}`] = { [id]: elementState('plain_text_input', value) };
  }
  const clicked = blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => ({ ...e, block_id: b.block_id ?? 'actions' })))
    .find((e) => e.action_id === button);
  if (!clicked) throw new Error(`no button ${button} in the message`);
  // The clicked message as Slack sends it along (`withMessage`): its blocks, each with a block id (Slack gives one to
  // a block without).
  const message = {
    type: 'message',
    ts: '1700000000.000100',
    text: 'the message',
    blocks: blocks.map((b) => (b.type === 'actions' && !b.block_id ? { ...b, block_id: 'actions' } : b)),
  };
  return blockAction(user, `trigger-${button}`, {
    ...(extra.responseUrl ? { response_url: extra.responseUrl } : {}),
    ...(extra.withMessage ? { message } : {}),
    container: { type: 'message', channel_id: channel, message_ts: '1700000000.000100' },
    channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'channel' },
    state: { values },
    actions: [
      {
        type: 'button',
        action_id: clicked.action_id,
        block_id: clicked.block_id,
        value: clicked.value,
        action_ts: '1700000000.000300',
      },
    ],
  });
}

/**
 * Records what the bot says to people in a DM (`chat.postMessage`, `chat.postEphemeral`), as the JSON of each call,
 * with `conversations.open` answering `channel`: the DM the message forms sit in.
 */
export function recordToldInDm(h: SlackHarness, channel: string): string[] {
  const told: string[] = [];
  h.api()
    .post(/\/api\/chat\.(postMessage|postEphemeral)/, (b) => {
      told.push(JSON.stringify(b));
      return true;
    })
    .reply(200, { ok: true, ts: '1700000000.000200', channel })
    .persist();
  h.api()
    .post('/api/conversations.open')
    .reply(200, { ok: true, channel: { id: channel } })
    .persist();
  return told;
}

/**
 * Records the bot's `chat.update` calls (their bodies) from now on, answered `ok` — or refused with Slack's `error`,
 * or failed with an HTTP `status` (500: Slack down).
 */
export function recordUpdates(
  h: SlackHarness,
  refusal: { error?: string; status?: number } = {},
): Record<string, unknown>[] {
  const updates: Record<string, unknown>[] = [];
  h.api()
    .post('/api/chat.update', (b) => {
      updates.push(b as Record<string, unknown>);
      return true;
    })
    .reply(
      refusal.status ?? 200,
      refusal.error ? { ok: false, error: refusal.error } : { ok: true, channel: 'D0USER', ts: '1700000000.000100' },
    )
    .persist();
  return updates;
}

/** The blocks of a `chat.update` body: each one's type and its JSON. */
export function updateBlocks(update: Record<string, unknown> | undefined): { type: string; json: string }[] {
  const raw = update?.['blocks'];
  const blocks = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? [])) as Record<string, unknown>[];
  return blocks.map((b) => ({ type: String(b['type']), json: JSON.stringify(b) }));
}
