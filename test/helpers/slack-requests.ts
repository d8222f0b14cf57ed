import type { SlackBody } from './slack-signer.js';

/** A Slack user as the request bodies name them. */
export interface SlackRequestUser {
  id: string;
  name: string;
}

/** An event of the Events API (`event_callback`) with the id `eventId` in the workspace T0AU, as Slack posts it. */
export function slackEvent(eventId: string, event: Record<string, unknown>, eventTime = 1): SlackBody {
  return {
    kind: 'event',
    json: {
      type: 'event_callback',
      team_id: 'T0AU',
      api_app_id: 'A0APP',
      event_id: eventId,
      event_time: eventTime,
      event,
    },
  };
}

/**
 * A message `user` wrote to the bot in their DM (the channel `D<user id>` unless given), as the Events API posts it
 * with the event id `eventId`; with the message's `ts` where given.
 */
export function slackDm(
  eventId: string,
  user: { id: string },
  text: string,
  opts: { channel?: string; ts?: string; eventTime?: number } = {},
): SlackBody {
  const event = { type: 'message', channel: opts.channel ?? `D${user.id}`, channel_type: 'im', user: user.id, text };
  return slackEvent(eventId, opts.ts ? { ...event, ts: opts.ts } : event, opts.eventTime);
}

/** A slash command (`/incident <text>`, or `opts.command`) as Slack posts it, answered through `responseUrl`. */
export function slashCommand(
  user: SlackRequestUser,
  text: string,
  opts: { responseUrl: string; command?: string; channel?: string; team?: string; triggerId?: string },
): SlackBody {
  return {
    kind: 'form',
    fields: {
      command: opts.command ?? '/incident',
      text,
      user_id: user.id,
      user_name: user.name,
      channel_id: opts.channel ?? 'C0GENERAL',
      team_id: opts.team ?? 'T1',
      trigger_id: opts.triggerId ?? `trigger-${text.split(' ')[0] || 'empty'}`,
      response_url: opts.responseUrl,
    },
  };
}

/**
 * A click (`block_actions`) of `user` in the workspace `team` (T0AU unless given) with the trigger id `triggerId`, as
 * Slack posts it; `rest` says where (container, channel, view, state …) and on what (actions).
 */
export function blockAction(
  user: SlackRequestUser,
  triggerId: string,
  rest: Record<string, unknown>,
  team = 'T0AU',
): SlackBody {
  return {
    kind: 'interactive',
    payload: {
      type: 'block_actions',
      team: { id: team },
      user: { id: user.id, name: user.name },
      api_app_id: 'A0APP',
      trigger_id: triggerId,
      ...rest,
    },
  };
}

/**
 * `user`'s click (`action`: a button or a menu choice, in the block `blockId`) on the case card posted as the message
 * 1700000000.000100 in the channel `channel` (named arts-support).
 */
export function cardMessageClick(
  user: SlackRequestUser,
  channel: string,
  action: Record<string, unknown>,
  blockId: string,
): SlackBody {
  return blockAction(user, 'trigger-click', {
    container: { type: 'message', channel_id: channel, message_ts: '1700000000.000100' },
    channel: { id: channel, name: 'arts-support' },
    message: { ts: '1700000000.000100', text: 'card' },
    actions: [{ ...action, block_id: blockId, action_ts: '1' }],
  });
}

/** A click on a case card's button (`verb`) in a channel's message, with the response URL Slack gives clicks. */
export function caseButtonClick(
  user: SlackRequestUser,
  action: { verb: string; caseId: string; version: number } & Record<string, unknown>,
  opts: { responseUrl?: string; channel?: string; team?: string } = {},
): SlackBody {
  const channel = opts.channel ?? 'C0ARTSSUP';
  return blockAction(
    user,
    `trigger-${action.verb}`,
    {
      ...(opts.responseUrl ? { response_url: opts.responseUrl } : {}),
      container: { type: 'message', channel_id: channel, message_ts: '1700000000.000100' },
      channel: { id: channel, name: channel.toLowerCase() },
      actions: [
        {
          type: 'button',
          action_id: action.verb,
          block_id: `case|${action.caseId}|${action.version}|buttons`,
          value: JSON.stringify(action),
          action_ts: '1',
        },
      ],
    },
    opts.team ?? 'T1',
  );
}

/**
 * A click on the button `button` of the actions block `blockId` of a case card posted (as the message `text`) in a
 * desk's channel, #arts-support unless `channel` is given, as Slack sends it: with the message it was clicked on.
 */
export function deskCardClick(
  user: SlackRequestUser,
  button: { action_id: string; value?: string | undefined },
  blockId: string | undefined,
  text: string,
  channel: { id: string; name: string } = { id: 'C0ARTSSUP', name: 'arts-support' },
): SlackBody {
  return blockAction(user, 'trigger-click', {
    container: { type: 'message', channel_id: channel.id, message_ts: '1700000000.000100' },
    channel,
    message: { ts: '1700000000.000100', text },
    actions: [{ type: 'button', action_id: button.action_id, block_id: blockId, value: button.value, action_ts: '1' }],
  });
}

/** A submitted modal (`callback_id`, private metadata, the inputs' state values; Slack's copy of its blocks). */
export function modalSubmission(
  user: SlackRequestUser,
  view: { id: string; callbackId: string; privateMetadata?: string; blocks?: readonly unknown[] },
  values: Record<string, Record<string, unknown>> = {},
  team = 'T1',
): SlackBody {
  return {
    kind: 'interactive',
    payload: {
      type: 'view_submission',
      team: { id: team },
      user: { id: user.id, name: user.name },
      api_app_id: 'A0APP',
      trigger_id: `trigger-${view.callbackId}`,
      view: {
        id: view.id,
        type: 'modal',
        callback_id: view.callbackId,
        private_metadata: view.privateMetadata ?? '',
        ...(view.blocks ? { blocks: view.blocks } : {}),
        hash: 'h1',
        state: { values },
      },
    },
  };
}
