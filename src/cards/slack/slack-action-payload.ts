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
 * The value of a Slack button for `a`: the JSON of its action when it fits Slack's 2000 characters, else the action
 * with as much of the fields the view lets a platform leave out (`ActionView.optionalFields`: an order's "Try again"
 * carrying the typed values) as still fits, and what was left out named in `leftOut` (`LeftOut`), so the button
 * stays valid, its click means the same and the form can ask for what is missing. An action that does not fit even
 * so is cut, as before (its click then does nothing).
 */
export function slackButtonValue(a: ActionView): string {
  const max = SLACK_LIMITS.buttonValue;
  const whole = buttonValue(a.action);
  if (whole.length <= max || !a.optionalFields?.length) return whole.slice(0, max);
  return buttonValue(fitted(a.action, a.optionalFields, max)).slice(0, max);
}

type Action = ActionView['action'];

/**
 * `action` without its `optional` fields, then each of them put back that still fits within `max` characters (an
 * object field entry by entry, in its order), with `leftOut` naming the rest (added to what the action already
 * names as left out); `leftOut: true` when even that list does not fit (or the action says so already).
 */
function fitted(action: Action, optional: readonly string[], max: number): Action {
  const base: Action = { ...action };
  const parts: { path: string; field: string; key?: string; value: unknown }[] = [];
  for (const field of optional) {
    const value = action[field];
    if (value === undefined) continue;
    delete base[field];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value)) parts.push({ path: `${field}.${key}`, field, key, value: v });
    } else {
      parts.push({ path: field, field, value });
    }
  }
  const earlier = action['leftOut'];
  const named = Array.isArray(earlier) ? earlier.filter((p): p is string => typeof p === 'string') : [];
  const fits = (o: Action) => buttonValue(o).length <= max;
  const listed: Action = { ...base, leftOut: [...new Set([...named, ...parts.map((p) => p.path)])] };
  let current: Action = earlier !== true && fits(listed) ? listed : { ...base, leftOut: true };
  for (const part of parts) {
    const was = current['leftOut'];
    const lost = Array.isArray(was) ? was.filter((p) => p !== part.path) : true;
    const held = current[part.field];
    const value =
      part.key === undefined
        ? part.value
        : { ...(held as Record<string, unknown> | undefined), [part.key]: part.value };
    const next = { ...current, [part.field]: value, leftOut: lost };
    if (fits(next)) current = next;
  }
  return current;
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
