import type { MessageView } from '../../cards/view-models.js';
import { channelIdOf, isChannel, isSharedChat } from './teams-activity.js';
import type { TeamsTurn } from './teams-bot.js';
import type { TeamsBotDeps } from './teams-bot-deps.js';

/** Whether the turn is in the Teams channel of a support group (not a group chat, not another channel). */
export function supportChannelOf(deps: Pick<TeamsBotDeps, 'catalogue'>, turn: TeamsTurn): boolean {
  return isChannel(turn.activity) && deps.catalogue.groupForChannel('teams', channelIdOf(turn.activity)) !== undefined;
}

/**
 * Whether people other than support staff may read what is posted where the turn came from: a group chat (a
 * meeting's too) or a channel that is no support group's. Case lists (titles, users' names, solutions) asked for
 * there go to the person's personal chat (`sentToPersonalChat`).
 */
export function othersReadAlong(deps: Pick<TeamsBotDeps, 'catalogue'>, turn: TeamsTurn): boolean {
  return isSharedChat(turn.activity) && !supportChannelOf(deps, turn);
}

/**
 * Sends a case list asked for where others read along (`othersReadAlong`) to the person's personal chat with the
 * bot (`TeamsBotDeps.personalChat`): true when it went there; false when the bot has no personal chat with them or
 * sending there failed (logged). The list is never posted where it was asked.
 */
export async function sentToPersonalChat(
  deps: Pick<TeamsBotDeps, 'personalChat' | 'logger'>,
  turn: TeamsTurn,
  view: MessageView,
): Promise<boolean> {
  try {
    return (await deps.personalChat?.(turn.person.id, view)) ?? false;
  } catch (err) {
    deps.logger.warn(
      { err, personId: turn.person.id },
      'Teams: a case list asked for in a group chat or another channel could not be sent to the personal chat',
    );
    return false;
  }
}
