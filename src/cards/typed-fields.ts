import { IN_MESSAGE } from './adaptive/render-message-adaptive.js';
import { MAX_ACTION_TEXT } from './card-actions.js';

/**
 * The typed fields of a submission: what a person typed into a form's inputs, told apart from what the clicked
 * button (or the transport beside it) carried. One rule for the three places that give typed text back when a
 * submission could not be used: a Teams card click refused or not done (`typedIn`: the `Action.Execute` data with
 * the inputs merged into it), the order form when the store does not answer (`typedValues`: the order's values), a
 * Slack case form quoted back after its modal closed (`typedInForm`: the modal's state). Each reads its own shape
 * and keeps an entry only when its key is a typed key (`isTypedKey`) and, for text, `isTypedText` says so.
 */

/**
 * Keys a submission's button or transport puts there, never typed into a form: the verb; a case action's case id,
 * version and form (`open_form`); the intake's and order's draft; an order's values (an object) and its start's
 * note (written at the intake, carried by the button); Teams' digest group and the personal message a card was
 * clicked in (`IN_MESSAGE`). No form these keys are applied to (case, sub-, major-incident, rating, order and
 * purchasing forms) has an input by one of these names (case forms name theirs `<verb>.<field>`); the intake's
 * quick-case step does (`note`), so intake submissions must not be read with this rule.
 */
export const CONTROL_KEYS: ReadonlySet<string> = new Set([
  'verb',
  'caseId',
  'version',
  'form',
  'draft',
  'values',
  'note',
  'digest',
  IN_MESSAGE,
]);

/** Longest key taken as an input's id (the parser's limit on answer keys); a longer one is no input of ours. */
export const MAX_TYPED_KEY = 200;

/** Longest typed text given back (the most any input takes, `MAX_ACTION_TEXT`); a longer one is not shown again. */
export const MAX_TYPED_TEXT = MAX_ACTION_TEXT;

/** Whether `key` of a submission can name an input typed into: no control key, not longer than `MAX_TYPED_KEY`. */
export function isTypedKey(key: string): boolean {
  return !CONTROL_KEYS.has(key) && key.length <= MAX_TYPED_KEY;
}

/** Whether `value` is text worth giving back: a string with more than blanks in it, at most `MAX_TYPED_TEXT` long. */
export function isTypedText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_TYPED_TEXT;
}
