import type { Locale } from '../../models/case.js';
import { cardLabels } from '../card-labels.js';
import formTemplate from '../templates/form.json' with { type: 'json' };
import { truncate } from '../truncate.js';
import type { ActionView, FormView, InputView } from '../view-models.js';
import { type AdaptiveCard, expandTemplate } from './adaptive-card.js';

/** Longest label or choice title rendered; longer ones are cut with an ellipsis. */
const MAX_LABEL = 300;
/** Default `maxLength` hint per input kind when the view model sets none. */
const DEFAULT_MAX_LENGTH: Partial<Record<InputView['kind'], number>> = { text: 2000, multiline: 20_000, person: 320 };

/** Button data: the action payload itself, so Teams sends back verb, case id and version with the inputs. */
export function executeData(a: ActionView): {
  label: string;
  verb: string;
  data: Record<string, unknown>;
  style: string;
} {
  return { label: truncate(a.label, MAX_LABEL), verb: a.action.verb, data: a.action, style: a.style ?? 'default' };
}

/** A number input's limits (`InputView.min`/`max`), as Teams' `Input.Number` takes them; none for other kinds. */
function numberLimits(input: InputView): { min?: number; max?: number } | undefined {
  if (input.kind !== 'number' || (input.min === undefined && input.max === undefined)) return undefined;
  return {
    ...(input.min !== undefined ? { min: input.min } : {}),
    ...(input.max !== undefined ? { max: input.max } : {}),
  };
}

function inputData(input: InputView, locale: Locale) {
  // A blank value is no number (an emptied quantity shown again stays empty, not 0).
  const number = input.kind === 'number' && input.value?.trim() ? Number(input.value) : Number.NaN;
  const options = (input.options ?? []).map((o) => ({ value: o.value, label: truncate(o.label, MAX_LABEL) }));
  const limits = numberLimits(input);
  // Teams checks a number's limits itself and says this when it is outside them (it takes no `integer`: a 2.5 is
  // sent and refused by the server, under the input).
  const outside = limits ? cardLabels(locale).numberRange({ ...limits, integer: input.integer === true }) : undefined;
  return {
    id: input.id,
    kind: input.kind,
    label: truncate(input.label, MAX_LABEL),
    required: input.required,
    errorMessage: input.error ?? outside ?? cardLabels(locale).required,
    placeholder: input.placeholder ?? '',
    value: input.value ?? '',
    maxLength: input.maxLength ?? DEFAULT_MAX_LENGTH[input.kind] ?? 2000,
    options,
    choiceStyle: options.length <= 3 ? 'expanded' : 'compact',
    // A searched choice (a large desk's assign menu) is a filtered drop-down with a Teams typeahead Data.Query.
    dataset: input.kind === 'choice' ? (input.search ?? '') : '',
    toggleValue: input.value === 'true' || input.value === 'yes' ? 'true' : 'false',
    hasNumber: Number.isFinite(number),
    numberValue: Number.isFinite(number) ? number : 0,
    error: input.error ?? '',
  };
}

/**
 * Renders a form as Adaptive Card parts: one container per input (Input.Text / ChoiceSet / Date / Toggle / Number
 * by kind, the refusal text under a refused input) and an `Action.Execute` per submit button. A choice with
 * `search` becomes a `filtered` ChoiceSet whose static choices are its options and whose `choices.data` is a Teams
 * `Data.Query` on that dataset: Teams asks the bot (`application/search` invoke) for the rest as the user types.
 * Used whole as an `Action.ShowCard` card, or spliced into a message card's body.
 */
export function renderFormAdaptive(form: FormView, locale: Locale): Pick<AdaptiveCard, 'type' | 'body' | 'actions'> {
  const data = { inputs: form.inputs.map((i) => inputData(i, locale)), submit: form.submit.map(executeData) };
  return withInputlessSubmits(withNumberLimits(expandTemplate(formTemplate, data), form.inputs), form.submit);
}

/**
 * The rendered form with `associatedInputs: none` on the buttons that take none of its inputs (`ActionView.inputless`:
 * Back, Cancel): Teams checks every input of the card before it sends any other button (a required one left empty, a
 * number outside its `min`/`max`), and would not let the person leave the form until it is filled in right.
 */
function withInputlessSubmits<T extends Pick<AdaptiveCard, 'actions'>>(card: T, submit: readonly ActionView[]): T {
  if (!submit.some((a) => a.inputless)) return card;
  // The template renders one Action.Execute per submit button, in order.
  const actions = (card.actions ?? []).map((a, i) =>
    submit[i]?.inputless ? { ...(a as object), associatedInputs: 'none' } : a,
  ) as T['actions'];
  return { ...card, actions };
}

/**
 * The rendered form with each number input's `min`/`max` (a quantity's 1 to 50) on its `Input.Number`, so Teams
 * refuses 0 or 999 in the card itself, as Slack's number input does. Set here rather than in the template, which
 * would otherwise need a variant per combination of limits.
 */
function withNumberLimits<T extends Pick<AdaptiveCard, 'body'>>(card: T, inputs: readonly InputView[]): T {
  const limits = new Map(inputs.flatMap((i) => (numberLimits(i) ? [[i.id, numberLimits(i)!] as const] : [])));
  if (limits.size === 0) return card;
  const set = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(set);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const l = o['type'] === 'Input.Number' && typeof o['id'] === 'string' ? limits.get(o['id']) : undefined;
      if (l) Object.assign(o, l);
      else Object.values(o).forEach(set);
    }
  };
  set(card.body);
  return card;
}
