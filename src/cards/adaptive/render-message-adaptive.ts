import messageTemplate from '../templates/message.json' with { type: 'json' };
import { jsonBytes, SMALLEST_SHARE, scaledCap, shrinkToFit } from '../card-budget.js';
import { paragraphs } from '../paragraphs.js';
import { truncate } from '../truncate.js';
import type { FormView, MessageView } from '../view-models.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { expandTemplate } from './adaptive-card.js';
import { CARD_BYTE_BUDGET, renderCaseCardAdaptive } from './render-case-card-adaptive.js';
import { executeData, renderFormAdaptive } from './render-form-adaptive.js';
import { escapeTeamsMarkdown, teamsMessageText } from './teams-markdown.js';

/**
 * Caps (characters) on message text: a paragraph, the title, a fact's label and value. They keep one element
 * readable; the whole card is kept within `CARD_BYTE_BUDGET` by cutting to shares of them.
 */
export const MESSAGE_LIMITS = { title: 300, paragraph: 4000, factLabel: 100, fact: 500 } as const;

/**
 * Buttons that take none of the card's inputs (`associatedInputs: none`), placed after the others: Teams would
 * otherwise check the form's required inputs before letting them go. A refresh only asks for the case card (the
 * way back from a form, `Back to the case`).
 */
const INPUTLESS_VERBS: ReadonlySet<string> = new Set(['refresh']);

/**
 * The field of a case card button's data that names the personal message the card came in (`MessageView.deliveredFrom`,
 * an outbox message id: nothing of the message's text). Teams sends only the button's data with a click, and shows
 * the answer in place of the whole message, so the click is answered with the message again around the fresh card.
 */
export const IN_MESSAGE = 'inMessage';

/**
 * The verbs of a personal message's own form that answer it once and for all: the user's "Yes, solved" / "No, still
 * a problem" (a case's solution, its last part, a major incident's "Does it work for you again?") and the rating.
 * Their buttons name the message too (`IN_MESSAGE`): Teams shows the answer in place of the message, so the click is
 * answered with the message's title and text kept above the answer, without its form (`teams-card-action`).
 */
export const ANSWERS_IN_PLACE: ReadonlySet<string> = new Set(['confirm_solved', 'still_a_problem', 'evaluate']);

/** `card` (rendered JSON) with `marker` added to the data of every `Action.Execute` in it, show-cards included. */
function markButtons<T>(node: T, marker: Record<string, string>): T {
  if (Array.isArray(node)) return node.map((n) => markButtons(n, marker)) as T;
  if (!node || typeof node !== 'object') return node;
  const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, markButtons(v, marker)]));
  if (o['type'] === 'Action.Execute') o['data'] = { ...((o['data'] as object | undefined) ?? {}), ...marker };
  return o as T;
}

/** Teams mentions need the bare user id; view models carry it platform-qualified (`teams:<id>`). */
function teamsUserId(id: string): string {
  return id.startsWith('teams:') ? id.slice('teams:'.length) : id;
}

/**
 * A personal message or prompt for Teams: optional @mention (with its `msteams.entities` entry), title,
 * paragraphs, facts, a form (inputs of every kind, refusal text under a refused input, submit buttons as
 * `Action.Execute`), buttons (a refresh takes none of the inputs: `INPUTLESS_VERBS`), an attached case card shown as an emphasised container, and an image (report chart)
 * stretched to the card's width under the facts.
 *
 * Text is cut to `MESSAGE_LIMITS`; a message still over `CARD_BYTE_BUDGET` bytes of JSON (long paragraphs of
 * emoji or Danish letters, many paragraphs) is rendered again with its title, paragraphs and facts cut shorter,
 * step by step, so Teams never refuses it. An attached case card keeps its own rendering while the message's own
 * parts can make room; only when they cannot, even cut as short as they go, is the case card given what they
 * leave (and cut in its own way).
 */
export function renderMessageAdaptive(view: MessageView): AdaptiveCard {
  const form = view.form ? renderFormAdaptive(answersMarked(view, view.form), view.locale) : undefined;
  const caseCard = view.caseCard ? marked(view, renderCaseCardAdaptive(view.caseCard)) : undefined;
  const shrunk = shrinkToFit(
    (share) => renderAt(view, share, form, caseCard),
    (card) => jsonBytes(card) <= CARD_BYTE_BUDGET,
  );
  if (shrunk.fits || !view.caseCard) return shrunk.rendered;
  // The embedding container takes fewer bytes than the case card's own top level (schema, refresh, fallback
  // text), so a case card within what the rest leaves keeps the whole message within the budget.
  const rest = jsonBytes(renderAt(view, SMALLEST_SHARE, form, undefined));
  const budget = CARD_BYTE_BUDGET - rest;
  let smaller = renderCaseCardAdaptive(view.caseCard, { byteBudget: budget });
  // The buttons' marker takes bytes of its own: the card is cut that much shorter.
  const extra = jsonBytes(marked(view, smaller)) - jsonBytes(smaller);
  if (extra > 0) smaller = renderCaseCardAdaptive(view.caseCard, { byteBudget: budget - extra });
  return renderAt(view, SMALLEST_SHARE, form, marked(view, smaller));
}

/** The case card of a delivered message with its buttons naming the message (`IN_MESSAGE`); as it is otherwise. */
function marked(view: MessageView, card: AdaptiveCard): AdaptiveCard {
  if (!view.deliveredFrom) return card;
  const marker = { [IN_MESSAGE]: view.deliveredFrom };
  return { ...card, body: markButtons(card.body, marker), actions: markButtons(card.actions, marker) };
}

/** `form` of a delivered message with its answers' buttons (`ANSWERS_IN_PLACE`) naming the message; as it is otherwise. */
function answersMarked(view: MessageView, form: FormView): FormView {
  const from = view.deliveredFrom;
  if (!from) return form;
  const submit = form.submit.map((b) =>
    ANSWERS_IN_PLACE.has(b.action.verb) ? { ...b, action: { ...b.action, [IN_MESSAGE]: from } } : b,
  );
  return { ...form, submit };
}

function renderAt(
  view: MessageView,
  share: number,
  form: AdaptiveCard | undefined,
  caseCard: AdaptiveCard | undefined,
): AdaptiveCard {
  const cap = (limit: number) => scaledCap(limit, share);
  const mentions = view.mention
    ? [{ text: `<at>${view.mention.name}</at>`, id: teamsUserId(view.mention.id), name: view.mention.name }]
    : [];
  const data = {
    fallbackText: truncate(view.title ?? view.text, cap(MESSAGE_LIMITS.title)),
    mentions,
    title: escapeTeamsMarkdown(truncate(view.title ?? '', cap(MESSAGE_LIMITS.title))),
    paragraphs: paragraphs(view.text).map((p) => teamsMessageText(truncate(p, cap(MESSAGE_LIMITS.paragraph)))),
    facts: (view.facts ?? []).map((f) => ({
      label: escapeTeamsMarkdown(truncate(f.label, cap(MESSAGE_LIMITS.factLabel))),
      value: escapeTeamsMarkdown(truncate(f.value, cap(MESSAGE_LIMITS.fact))),
    })),
    form: {
      present: form !== undefined,
      id: view.form?.id ?? '',
      body: form?.body ?? [],
      actions: form?.actions ?? [],
    },
    caseCard: {
      present: caseCard !== undefined,
      body: caseCard?.body ?? [],
      actions: caseCard?.actions ?? [],
    },
    buttons: (view.actions ?? []).filter((a) => !INPUTLESS_VERBS.has(a.action.verb)).map(executeData),
    inputlessButtons: (view.actions ?? []).filter((a) => INPUTLESS_VERBS.has(a.action.verb)).map(executeData),
    image: { present: view.image !== undefined, url: view.image?.url ?? '', alt: truncate(view.image?.alt ?? '', 200) },
  };
  return expandTemplate<AdaptiveCard>(messageTemplate, data);
}
