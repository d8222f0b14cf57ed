import type { PlainTextOption } from '@slack/types';
import { inputOptions } from '../../cards/slack/slack-inputs.js';
import { SLACK_LIMITS } from '../../cards/slack/slack-text.js';
import type { InputView, MessageView } from '../../cards/view-models.js';
import type { Question } from '../../config/catalogue-schema.js';
import type { Locale } from '../../models/case.js';
import { parseIntakeState } from '../../services/intake/intake-state.js';
import { questionOptions } from '../../services/intake/validate-answer.js';
import type { SlackContext } from './slack-context.js';
import { conversationKeys } from './slack-ids.js';
import { searchChoices } from './slack-search.js';

/**
 * The `search` dataset of an intake question with more choices than one Slack menu lists (100): such a question is
 * an external_select whose options the options load URL finds in the question's choices (`questionMenuOptions`).
 */
const QUESTION_SEARCH = 'intake-question';

/** The form id of an intake question step: `intake-q:<question id>` (`intake-<step>`). */
const QUESTION_FORM = 'intake-q:';

/** A refused answer of a searched question: the engine's reason would list every choice. */
const CHOOSE_FROM_MENU: Record<Locale, string> = {
  da: 'Vælg en af de muligheder, menuen viser (skriv for at søge i dem).',
  en: 'Please choose one of the options the menu lists (type to search them).',
};

function searched(input: InputView, locale: Locale): InputView {
  if (input.kind !== 'choice' || (input.options?.length ?? 0) <= SLACK_LIMITS.options) return input;
  return { ...input, search: QUESTION_SEARCH, ...(input.error ? { error: CHOOSE_FROM_MENU[locale] } : {}) };
}

/**
 * The intake's views for Slack: a question step whose choice has more than 100 options is marked searched (rendered
 * as an external_select, every option still in `options` so a given answer is pre-selected), and a refusal of it
 * says to choose from the menu. Every other view and input is as it was.
 */
export function withSearchedQuestions(views: readonly MessageView[]): MessageView[] {
  return views.map((view) => {
    const form = view.form;
    if (!form?.id.startsWith(QUESTION_FORM)) return view;
    return { ...view, form: { ...form, inputs: form.inputs.map((input) => searched(input, view.locale)) } };
  });
}

/** The reasons of refused searched questions in `views` (after `withSearchedQuestions`), by input id. */
export function searchedQuestionErrors(views: readonly MessageView[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const view of views) {
    for (const input of view.form?.inputs ?? []) {
      if (input.search === QUESTION_SEARCH && input.error) out[input.id] = input.error;
    }
  }
  return out;
}

/**
 * The choice question `questionId` of the person's open intake draft (the report modal's, or the DM's): one of the
 * draft's category guide. Undefined without an open draft, a category or such a question.
 */
async function draftQuestion(
  ctx: SlackContext,
  userId: string,
  where: 'modal' | 'dm',
  questionId: string,
): Promise<Question | undefined> {
  const look = await ctx.deps.intake.look(conversationKeys[where](userId));
  if (look.intake.since === null) return undefined;
  const categoryId = parseIntakeState(look.intake.record?.state)?.categoryId;
  if (!categoryId || !ctx.deps.catalogue.category(categoryId)) return undefined;
  return ctx.deps.catalogue.questionsFor(categoryId).find((q) => q.id === questionId && q.kind === 'choice');
}

/**
 * The options of a searched intake question (`QUESTION_SEARCH`) for what the person typed: `searchChoices` of the
 * question's choices in the person's language, as `inputOptions` (the value the choice's value, as a static menu's,
 * so the answer is checked and stored the same way). The question is looked up in the person's own draft, so only
 * its own questions are searched; none for anything else.
 */
export async function questionMenuOptions(
  ctx: SlackContext,
  request: {
    user: { id: string; name?: string | undefined; username?: string | undefined };
    action_id: string;
    value: string;
  },
  where: 'modal' | 'dm',
): Promise<PlainTextOption[]> {
  const question = await draftQuestion(ctx, request.user.id, where, request.action_id);
  if (!question) return [];
  const person = await ctx.person(request.user.id, request.user.name ?? request.user.username);
  const choices = questionOptions(question, ctx.localeOf(person));
  return inputOptions(searchChoices(choices, request.value, SLACK_LIMITS.options));
}
