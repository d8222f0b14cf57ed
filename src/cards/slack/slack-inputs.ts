import type { InputBlock, InputBlockElement, Option, PlainTextOption } from '@slack/types';
import type { Locale } from '../../models/case.js';
import { cardLabels } from '../card-labels.js';
import { truncate } from '../truncate.js';
import type { InputView } from '../view-models.js';
import { plain, SLACK_LIMITS } from './slack-text.js';

/**
 * The Slack options of a form's choice input: the value itself (cut to Slack's 150 characters), the label as
 * plain text, at most 100. Shared by the static_select and the options an external_select loads (a searched
 * choice), so a submitted `selected_option` reads the same either way.
 */
export function inputOptions(choices: readonly { value: string; label: string }[]): PlainTextOption[] {
  return choices.slice(0, SLACK_LIMITS.options).map((o) => ({
    text: plain(o.label, SLACK_LIMITS.option),
    value: truncate(o.value, SLACK_LIMITS.optionValue),
  }));
}

/**
 * Whether an input is a choice of the catalogue's categories (the Classify form's `classify.categoryId`, the
 * intake's `categoryId`): with more of them than one Slack menu lists (100), it is an external_select whose options
 * the options load URL searches in the catalogue (`src/bot/slack/slack-options.ts`), so every category can be
 * chosen. Any other choice is an external_select when its view marks it searched (`InputView.search`, its options
 * loaded by the same URL): the assign choice of a desk of more than 15 people, an intake question of more than 100
 * choices (`withSearchedQuestions`), the Escalate modal's groups past 100 (`escalationForm`). A choice marked
 * neither way keeps a static menu, which shows its first 100 options only.
 */
export function isCategoryInput(inputId: string): boolean {
  return inputId === 'categoryId' || inputId.endsWith('.categoryId');
}

function element(input: InputView, locale: Locale): InputBlockElement {
  const action_id = truncate(input.id, SLACK_LIMITS.blockId);
  const placeholder = input.placeholder ? { placeholder: plain(input.placeholder, SLACK_LIMITS.placeholder) } : {};
  switch (input.kind) {
    case 'text':
    case 'multiline':
    case 'person': {
      // A filled-in text never longer than the input takes (Slack's `max_length`): a description grown past 2000
      // characters, a template's text for a shorter question, is cut to fit rather than put the whole message or
      // modal at risk of being refused (and it could not be sent back as it stood anyway).
      const max = Math.min(input.maxLength ?? SLACK_LIMITS.inputText, SLACK_LIMITS.inputText);
      return {
        type: 'plain_text_input',
        action_id,
        multiline: input.kind === 'multiline',
        max_length: max,
        ...(input.value ? { initial_value: truncate(input.value, max) } : {}),
        ...placeholder,
      };
    }
    case 'choice': {
      const choices = input.options ?? [];
      const chosen = choices.find((o) => o.value === input.value);
      const initial = chosen ? inputOptions([chosen])[0] : undefined;
      if (input.search || (choices.length > SLACK_LIMITS.options && isCategoryInput(input.id))) {
        // The options load URL answers as the person types (`inputOptions` of the searched people, or of the
        // catalogue's categories when there are more than one menu lists); 0 lists them as soon as the menu opens.
        return {
          type: 'external_select',
          action_id,
          min_query_length: 0,
          ...(initial ? { initial_option: initial } : {}),
          ...placeholder,
        };
      }
      return {
        type: 'static_select',
        action_id,
        options: inputOptions(choices),
        ...(initial ? { initial_option: initial } : {}),
        ...placeholder,
      };
    }
    case 'date':
      return {
        type: 'datepicker',
        action_id,
        ...(input.value && /^\d{4}-\d{2}-\d{2}$/.test(input.value) ? { initial_date: input.value } : {}),
        ...placeholder,
      };
    case 'yes_no': {
      const yes: Option = { text: plain(cardLabels(locale).form.yes, SLACK_LIMITS.option), value: 'true' };
      const on = input.value === 'true' || input.value === 'yes';
      return { type: 'checkboxes', action_id, options: [yes], ...(on ? { initial_options: [yes] } : {}) };
    }
    case 'number': {
      // A count (`integer`) takes whole numbers only, between the server's limits: Slack refuses 1.5 or 0 in the
      // modal itself. A value shown again that the input would not take (a refused 1.5) is left out, not put to Slack.
      const n = input.value !== undefined ? Number(input.value) : Number.NaN;
      const fits =
        Number.isFinite(n) &&
        (!input.integer || Number.isInteger(n)) &&
        (input.min === undefined || n >= input.min) &&
        (input.max === undefined || n <= input.max);
      return {
        type: 'number_input',
        action_id,
        is_decimal_allowed: input.integer !== true,
        ...(input.min !== undefined ? { min_value: String(input.min) } : {}),
        ...(input.max !== undefined ? { max_value: String(input.max) } : {}),
        ...(fits ? { initial_value: String(n) } : {}),
        ...placeholder,
      };
    }
  }
}

/**
 * One input block per form input: `block_id` and `action_id` are the input id, so submitted values come back as
 * `state.values[id][id]`. Kinds map to plain_text_input (text, multiline, person), static_select (external_select
 * for a searched choice and for a choice of more categories than a menu lists, `isCategoryInput`: its options come
 * from the options load URL), datepicker,
 * checkboxes (yes/no: one "Yes" box, so an unticked box means no and the block is optional) and number_input.
 * A refused answer's error shows as the block's hint.
 */
export function renderInputBlock(input: InputView, locale: Locale): InputBlock {
  return {
    type: 'input',
    block_id: truncate(input.id, SLACK_LIMITS.blockId),
    label: plain(input.label, SLACK_LIMITS.label),
    element: element(input, locale),
    optional: input.kind === 'yes_no' ? true : !input.required,
    ...(input.error ? { hint: plain(`⚠️ ${input.error}`, SLACK_LIMITS.hint) } : {}),
  };
}
