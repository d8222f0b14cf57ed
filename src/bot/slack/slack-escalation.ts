import type { InputBlock, PlainTextOption } from '@slack/types';
import { type CardAction, type CardActionError, OUTSIDE_AU_IT, parseCardAction } from '../../cards/card-actions.js';
import { cardLabels } from '../../cards/card-labels.js';
import { plain, SLACK_LIMITS } from '../../cards/slack/slack-text.js';
import type { ActionView, FormView, InputView } from '../../cards/view-models.js';
import type { Locale } from '../../models/case.js';
import { MANAGER_TARGET } from '../../services/case-view.js';
import { badInputText } from '../bad-input.js';

/**
 * Slack's escalation modal. The escalation form offers both kinds of escalation (a group for a functional one, a
 * reason code for the manager) but a Slack modal has one submit button, so the modal asks which kind is meant: a
 * required "Escalate to" choice, answered before anything is escalated. "Another group" needs a group (answered on
 * the group field when none is chosen); "the manager" takes the reason code and ignores any group. A submission
 * without the choice is answered on it: nobody is pinged because a field was forgotten. While the case is handed
 * over outside AU IT, the group choice also takes it back (the group holding it, offered first among the groups):
 * it says so, and which group to choose.
 */

/**
 * The group choice of a case handed over outside AU IT (the groups offer the one holding it, `OptionView.takeBack`):
 * its words, and the line under it naming that group's choice ("ARTS Support (take back from AU Bygninger)").
 */
const TAKE_BACK_CHOICE: Record<Locale, { text: string; how: (choice: string) => string }> = {
  da: { text: 'En anden gruppe, eller tag sagen tilbage (funktionel eskalering)', how: (c) => `Som gruppe: ${c}` },
  en: { text: 'Another group, or take the case back (functional escalation)', how: (c) => `As the group: ${c}` },
};

/** The `search` dataset of the escalation modal's group menu when it lists more groups than one menu can (100). */
export const ESCALATION_GROUPS = 'escalation-groups';

/** `block_id` and `action_id` of the "Escalate to" choice; not an action field (left out of the action). */
export const ESCALATION_KIND = 'escalate_to';

const KINDS = { functional: 'escalate_group', hierarchical: 'escalate_manager' } as const;
type EscalationKind = keyof typeof KINDS;

/** What an escalation modal keeps in its `private_metadata`: its language and the group input's block. */
export interface EscalationMeta {
  locale: Locale;
  group?: string;
}

/** True for a form whose submits escalate either way (the one Slack submit must be told which). */
export function isEscalationForm(submits: readonly ActionView['action'][]): boolean {
  const verbs = submits.map((s) => s.verb);
  return verbs.includes(KINDS.functional) && verbs.includes(KINDS.hierarchical);
}

/** The action field of an input id (`escalate_group.groupId` → `groupId`). */
export const fieldOf = (inputId: string): string => inputId.slice(inputId.indexOf('.') + 1);

/**
 * The escalation form as the modal shows it: the group menu without the manager (the card menu's "Manager"
 * choice; the kind is chosen above it), searched when it lists more than 100 groups (`ESCALATION_GROUPS`). Also
 * the kind pre-selected from the click (a group chosen in the card's menu: another group; its manager choice: the
 * manager; the Escalate button: none), the group input's id, and the label of the group choice that takes the case
 * back, while it is handed over outside AU IT.
 */
export function escalationForm(
  form: FormView,
  base: Record<string, unknown>,
): { form: FormView; initial?: EscalationKind; groupInput?: string; takeBack?: string } {
  const inputs = form.inputs.map((input): InputView => {
    if (fieldOf(input.id) !== 'groupId' || !input.options) return input;
    const options = input.options.filter((o) => o.value !== MANAGER_TARGET);
    // More groups than one menu lists: searched as the person types (`slack-options.ts`), every one still here so a
    // group chosen on the card is pre-selected.
    return { ...input, options, ...(options.length > SLACK_LIMITS.options ? { search: ESCALATION_GROUPS } : {}) };
  });
  const group = inputs.find((i) => fieldOf(i.id) === 'groupId');
  const takeBack = group?.options?.find((o) => o.takeBack)?.label;
  const chosen = base['groupId'];
  const initial: EscalationKind | undefined =
    chosen === MANAGER_TARGET ? 'hierarchical' : typeof chosen === 'string' && chosen !== '' ? 'functional' : undefined;
  return {
    form: { ...form, inputs },
    ...(initial ? { initial } : {}),
    ...(group ? { groupInput: group.id } : {}),
    ...(takeBack ? { takeBack } : {}),
  };
}

/**
 * The required "Escalate to" choice (radio buttons), with `initial` selected when the click said which. With
 * `takeBack` (the label of the group choice that takes a handed-over case back), the group choice says it takes the
 * case back too, and names that choice under it.
 */
export function escalationKindBlock(locale: Locale, initial?: EscalationKind, takeBack?: string): InputBlock {
  const l = cardLabels(locale).form;
  const back = TAKE_BACK_CHOICE[locale];
  const functional: PlainTextOption = takeBack
    ? {
        value: 'functional',
        text: plain(back.text, SLACK_LIMITS.option),
        description: plain(back.how(takeBack), SLACK_LIMITS.option),
      }
    : { value: 'functional', text: plain(l.escalateToGroup, SLACK_LIMITS.option) };
  const options: PlainTextOption[] = [
    functional,
    { value: 'hierarchical', text: plain(l.escalateToManager, SLACK_LIMITS.option) },
  ];
  const selected = options.find((o) => o.value === initial);
  return {
    type: 'input',
    block_id: ESCALATION_KIND,
    label: plain(l.escalateTo, SLACK_LIMITS.label),
    optional: false,
    element: {
      type: 'radio_buttons',
      action_id: ESCALATION_KIND,
      options,
      ...(selected ? { initial_option: selected } : {}),
    },
  };
}

/**
 * The answer to an escalation modal opened before it asked "Escalate to" (no choice, no `EscalationMeta`): it
 * escalated to the group when one was chosen, else to the manager, so a forgotten group pinged the manager.
 */
const REOPEN: Record<Locale, string> = {
  da: 'Denne formular er fra før botten blev opdateret og siger ikke, om sagen skal til en anden gruppe eller til lederen, så intet er gjort. Luk den og vælg Eskalér på sagens kort igen.',
  en: 'This form is from before the bot was updated and does not say whether the case goes to another group or to the manager, so nothing was done. Close it and choose Escalate on the case card again.',
};

/** The escalation a submitted modal stands for, or the answer to show on a field (`field`: an action field). */
export type EscalationChoice =
  | { ok: true; action: CardAction }
  | { ok: false; block?: string; field?: string; message: string };

/**
 * The escalation a submitted modal asks for, from its values (the kind choice and the form's inputs) and the
 * submit actions (which carry case id and version). The click's own values (`base`) are not used: a menu's
 * manager choice is no group. `locale` answers a modal whose metadata has none.
 */
export function chooseEscalation(
  submits: readonly ActionView['action'][],
  values: Record<string, string | boolean>,
  meta: EscalationMeta | undefined,
  locale: Locale,
): EscalationChoice {
  const shownIn = meta?.locale ?? locale;
  const l = cardLabels(shownIn).form;
  const { [ESCALATION_KIND]: kind, ...inputs } = values;
  if (kind !== 'functional' && kind !== 'hierarchical') {
    // A modal opened before the choice was asked for has no such block, and its submission cannot tell a forgotten
    // group from the manager: it must be opened again (the answer goes on its group field, else its first input).
    return meta
      ? { ok: false, block: ESCALATION_KIND, message: l.chooseEscalation }
      : { ok: false, field: 'groupId', message: REOPEN[locale] };
  }
  const submit = submits.find((s) => s.verb === KINDS[kind]);
  if (!submit) return { ok: false, block: ESCALATION_KIND, message: l.chooseEscalation };
  if (kind === 'functional') {
    const group = Object.entries(inputs).find(([id]) => fieldOf(id) === 'groupId')?.[1];
    if (typeof group !== 'string' || group.trim() === '' || group === MANAGER_TARGET) {
      return { ok: false, field: 'groupId', message: l.chooseGroup, ...(meta?.group ? { block: meta.group } : {}) };
    }
    // "Outside AU IT" needs the unit's name, answered on its field (the lifecycle would refuse it too).
    const unit = Object.entries(inputs).find(([id]) => fieldOf(id) === 'unit')?.[1];
    if (group === OUTSIDE_AU_IT && (typeof unit !== 'string' || unit.trim() === '')) {
      return { ok: false, field: 'unit', message: l.nameUnit };
    }
  }
  const raw = { ...inputs, ...submit };
  const parsed = parseCardAction(raw);
  if (parsed.ok) return { ok: true, action: parsed.value };
  // In the modal's language, the field by its label (never the parser's English: "reason is missing.").
  const error: CardActionError = parsed.error;
  return {
    ok: false,
    message: badInputText(error, shownIn, raw, { from: 'form' }),
    ...(error.field ? { field: error.field } : {}),
  };
}
