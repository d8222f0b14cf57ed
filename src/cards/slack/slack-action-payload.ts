import type { ActionView } from '../view-models.js';
import { SLACK_LIMITS } from './slack-text.js';

/** `block_id` of a case card's actions/menus blocks: carries the case so a compact menu value can be completed. */
export function caseBlockId(caseId: string, version: number, part: string): string {
  return `case|${caseId}|${version}|${part}`.slice(0, SLACK_LIMITS.blockId);
}

/**
 * Gives each element of one actions block a unique `action_id` (Slack refuses duplicates): the verb itself, then
 * `verb#2`, `verb#3` … Bolt listeners can match `/^verb(#\d+)?$/`; the value holds the whole action anyway.
 */
export function uniqueActionIds(verbs: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return verbs.map((verb) => {
    const n = (seen.get(verb) ?? 0) + 1;
    seen.set(verb, n);
    return n === 1 ? verb : `${verb}#${n}`;
  });
}

/** A button's value: the JSON of its action. */
export function buttonValue(action: ActionView['action']): string {
  return JSON.stringify(action);
}

/**
 * The value of a Slack button for `a`: the JSON of its action when it fits Slack's 2000 characters, else without
 * the fields the view lets a platform leave out (`ActionView.optionalFields`: an order's "Try again" without the
 * typed values, which the form asks for again), so the button stays valid and its click means the same. An action
 * that does not fit even so is cut, as before (its click then does nothing).
 */
export function slackButtonValue(a: ActionView): string {
  const whole = buttonValue(a.action);
  if (whole.length <= SLACK_LIMITS.buttonValue || !a.optionalFields?.length) {
    return whole.slice(0, SLACK_LIMITS.buttonValue);
  }
  const drop = new Set(a.optionalFields);
  const kept = Object.fromEntries(Object.entries(a.action).filter(([k]) => !drop.has(k))) as ActionView['action'];
  return buttonValue(kept).slice(0, SLACK_LIMITS.buttonValue);
}

/** The parts of a Slack `block_actions` action this module reads. */
export interface SlackActionPayload {
  action_id: string;
  block_id?: string;
  value?: string;
  selected_option?: { value: string } | null;
  selected_user?: string;
}

/**
 * Turns a Slack block action (button, static_select or external_select, users_select) from a card rendered here back into the raw
 * action object for `parseCardAction`: the JSON in the button or option value, completed with the case id and
 * version from the block id when a long option value had to leave them out; a users_select adds
 * `assigneeId: slack:<user>`. Returns undefined for a payload that carries no action.
 */
export function actionFromSlackPayload(payload: SlackActionPayload): Record<string, unknown> | undefined {
  const json = payload.value ?? payload.selected_option?.value;
  let action: Record<string, unknown> | undefined;
  if (json !== undefined) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        action = parsed as Record<string, unknown>;
      }
    } catch {
      return undefined;
    }
  } else if (payload.selected_user) {
    action = { verb: payload.action_id.replace(/#\d+$/, ''), assigneeId: `slack:${payload.selected_user}` };
  }
  if (!action) return undefined;
  const m = /^case\|([^|]+)\|(\d+)\|/.exec(payload.block_id ?? '');
  if (m && action['caseId'] === undefined) action = { ...action, caseId: m[1], version: Number(m[2]) };
  return action;
}
