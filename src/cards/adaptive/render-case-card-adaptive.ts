import { jsonBytes, SMALLEST_SHARE, scaledCap, shrinkToFit } from '../card-budget.js';
import { cardLabels } from '../card-labels.js';
import type { CaseForm } from '../card-actions.js';
import { caseSubForms, type FormVerb, formVerbOf } from '../case-forms.js';
import caseCardTemplate from '../templates/case-card.json' with { type: 'json' };
import { truncate } from '../truncate.js';
import {
  type ActionView,
  type CaseCardView,
  EARLIER_SOLUTIONS_SHOWN,
  type FactView,
  type InputView,
} from '../view-models.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { expandTemplate } from './adaptive-card.js';
import { executeData, renderFormAdaptive } from './render-form-adaptive.js';
import {
  escapeTeamsMarkdown,
  escapeTeamsMarkdownLines,
  teamsMarkdownLink,
  teamsMessageText,
} from './teams-markdown.js';

/** Text caps (characters) that keep a card with three long notes of plain text inside Teams' ~28 KB limit. */
export const ADAPTIVE_LIMITS = {
  title: 300,
  fact: 500,
  note: 2000,
  solution: 4000,
  /** Each earlier solution that did not hold: a few lines on the card, whole in the case. */
  earlierSolution: 500,
  banner: 500,
  attachmentName: 120,
} as const;
/**
 * Bytes of card JSON allowed, leaving room for the activity around it: Teams refuses a message over ~28 KB, and
 * characters are not bytes — emoji, Danish letters, quotes and line breaks take 2–6 bytes of JSON each, so text
 * within `ADAPTIVE_LIMITS` can still make a card of 40 KB and more.
 */
export const CARD_BYTE_BUDGET = 24_000;
/** Teams shows this many buttons; further ones go to the "…" overflow menu (`mode: secondary`). */
const PRIMARY_ACTIONS = 5;
/**
 * Forms the card does not carry, each with the `open_form` form that asks for it: their button asks the bot for the
 * form, which answers the click with a card holding it. Classify's choices (every catalogue category, both types,
 * four priorities) were ~2.6 KB of JSON on every card, built and sent on every update of every case, for a form used
 * about once per case.
 */
const ON_DEMAND_FORMS: Partial<Record<FormVerb, CaseForm>> = { classify: 'classify' };

export interface RenderCaseCardAdaptiveOptions {
  /** Teams user ids (MRIs or AAD object ids) whose clients refresh the card automatically; default none. */
  refreshUserIds?: string[];
  /**
   * Bytes of card JSON the card may take; default `CARD_BYTE_BUDGET`. A message that embeds the card passes less
   * when its own parts, cut as short as they go, leave less than that.
   */
  byteBudget?: number;
}

function coreFacts(view: CaseCardView, factLimit: number): FactView[] {
  const l = cardLabels(view.locale);
  const facts: FactView[] = [
    { label: l.type, value: view.typeLabel },
    { label: l.category, value: view.categoryLabel },
    { label: l.user, value: view.userLabel },
  ];
  if (view.reporterLabel) facts.push({ label: l.reporter, value: view.reporterLabel });
  facts.push({ label: l.group, value: view.groupLabel });
  if (view.assigneeLabel) facts.push({ label: l.assignee, value: view.assigneeLabel });
  // Teams renders fact values as Markdown, and they hold names people chose themselves (a Slack display name of
  // `[Verify your account](https://…)` was a live link), e-mails, vendors and questions: shown literally.
  return [...facts, ...view.facts].map((f) => ({
    label: escapeTeamsMarkdown(truncate(f.label, 100)),
    value: escapeTeamsMarkdown(truncate(f.value, factLimit)),
  }));
}

function splitActions(view: CaseCardView) {
  const buttons: ReturnType<typeof executeData>[] = [];
  const forms: { label: string; card: unknown }[] = [];
  const shown = new Set<string>();
  // One ShowCard per submit verb (`caseSubForms`): Teams checks every required input of a ShowCard whichever of its
  // buttons is pressed, so escalating to a group (group required) and to the manager (no group) need a form each.
  const addForm = (verb: NonNullable<ReturnType<typeof formVerbOf>>, label: string) => {
    if (shown.has(verb)) return;
    shown.add(verb);
    caseSubForms(view, verb).forEach((form, i) => {
      const submits = form.submit[0]?.action.verb ?? verb;
      // A verb's form is shown once (the manager's may also have a button of its own).
      if (submits !== verb && shown.has(submits)) return;
      shown.add(submits);
      const title = i === 0 ? label : (form.submit[0]?.label ?? label);
      forms.push({ label: truncate(title, 100), card: renderFormAdaptive(withTyped(form, view.typed), view.locale) });
    });
  };
  // An on-demand form's button stands where its ShowCard stood, after the other ShowCards (same overflow place).
  const formButtons: ReturnType<typeof executeData>[] = [];
  for (const a of view.actions) {
    const verb = formVerbOf(a.action);
    const form = verb ? ON_DEMAND_FORMS[verb] : undefined;
    if (form) formButtons.push(executeData(withCase(view, { ...a, action: { verb: 'open_form', form } })));
    else if (verb) addForm(verb, a.label);
    else buttons.push(executeData(withCase(view, a)));
  }
  for (const menu of view.menus) {
    const verb = formVerbOf({ verb: menu.verb });
    if (verb) addForm(verb, menu.label);
  }
  const mode = (i: number) => (i < PRIMARY_ACTIONS ? 'primary' : 'secondary');
  return {
    buttons: buttons.map((b, i) => ({ ...b, mode: mode(i) })),
    forms: forms.map((f, i) => ({ ...f, mode: mode(buttons.length + i) })),
    formButtons: formButtons.map((b, i) => ({ ...b, mode: mode(buttons.length + forms.length + i) })),
  };
}

/**
 * "[screenshot.png](url) (240 KB)", or the name and size without a link when there is no URL. The name is user
 * text: escaped, so it shows literally and can never make a link of its own.
 */
function attachmentLine(a: NonNullable<CaseCardView['attachments']>[number], nameLimit: number): string {
  const name = truncate(a.name, nameLimit);
  const label = a.url ? teamsMarkdownLink(name, a.url) : escapeTeamsMarkdown(name);
  return `${label} (${a.size})`;
}

/** `form` with what the viewer typed (`CaseCardView.typed`) in its inputs, in place of their preset values. */
function withTyped<T extends { inputs: InputView[] }>(form: T, typed: CaseCardView['typed']): T {
  if (!typed) return form;
  return { ...form, inputs: form.inputs.map((i) => (typed[i.id] !== undefined ? { ...i, value: typed[i.id] } : i)) };
}

/** Case-card buttons always carry the card's case id and version, whatever the view model put in. */
function withCase(view: CaseCardView, a: ActionView): ActionView {
  return { ...a, action: { ...a.action, caseId: view.caseId, version: view.version } };
}

/**
 * The case card for Teams: header (number, title, priority, status), facts, SLA, solution, the user's attachments
 * (Markdown links with their size, names escaped), the latest notes, a notice or banner, `Action.Execute` buttons
 * carrying case id and version, and `Action.ShowCard` sub-forms for note / resolve / escalate / status / assign
 * (from `open_form` buttons, form verbs without their fields, and the menus). Classify is a button only
 * (`open_form` with form `classify`): its form comes as the answer to the click (`ON_DEMAND_FORMS`). A `refresh`
 * block makes Teams fetch the current card for `refreshUserIds`, so stale views update.
 * Long text is cut (see `ADAPTIVE_LIMITS`); a card still over `CARD_BYTE_BUDGET` (or `byteBudget`) is rendered
 * again with its texts cut shorter, step by step, and at last without what was typed into its forms (`typed`), then
 * without its sub-forms (the buttons stay), so Teams never refuses it. What was typed shows in the forms' inputs.
 */
export function renderCaseCardAdaptive(view: CaseCardView, opts: RenderCaseCardAdaptiveOptions = {}): AdaptiveCard {
  const actions = splitActions(view);
  const budget = opts.byteBudget ?? CARD_BYTE_BUDGET;
  const shrunk = shrinkToFit(
    (share) => renderAt(view, opts, share, actions),
    (card) => jsonBytes(card) <= budget,
  );
  if (shrunk.fits) return shrunk.rendered;
  // What was typed (`typed`) is given up before the forms are: they stay to be filled in again.
  if (view.typed) return renderCaseCardAdaptive({ ...view, typed: undefined }, opts);
  return renderAt(view, opts, SMALLEST_SHARE, { ...actions, forms: [] });
}

/** The line counting the earlier solutions left off the card, or '' when all are shown. */
function earlierMore(view: CaseCardView, l: ReturnType<typeof cardLabels>): string {
  const left = (view.earlierSolutions?.length ?? 0) - EARLIER_SOLUTIONS_SHOWN;
  return left > 0 ? escapeTeamsMarkdown(l.earlierSolutionsMore(left)) : '';
}

function renderAt(
  view: CaseCardView,
  opts: RenderCaseCardAdaptiveOptions,
  share: number,
  { buttons, forms, formButtons }: ReturnType<typeof splitActions>,
): AdaptiveCard {
  const cap = (limit: number) => scaledCap(limit, share);
  const l = cardLabels(view.locale);
  const sla = view.slaLabel ? (view.breached ? `${l.slaBreached}: ${view.slaLabel}` : view.slaLabel) : '';
  const data = {
    fallbackText: truncate(`${view.number}: ${view.title} (${view.statusLabel})`, cap(ADAPTIVE_LIMITS.title)),
    refresh: {
      data: { verb: 'refresh', caseId: view.caseId, version: view.version },
      userIds: opts.refreshUserIds ?? [],
    },
    // Our sentences, but naming people ("changed meanwhile by …") and quoting what staff wrote: as in messages.
    notice: teamsMessageText(truncate(view.notice ?? '', cap(ADAPTIVE_LIMITS.banner))),
    banner: teamsMessageText(truncate(view.banner ?? '', cap(ADAPTIVE_LIMITS.banner))),
    number: view.number,
    title: escapeTeamsMarkdown(truncate(view.title, cap(ADAPTIVE_LIMITS.title))),
    priorityLabel: escapeTeamsMarkdown(view.priorityLabel),
    priorityColor: view.priority === 'P1' || view.priority === 'P2' ? 'attention' : 'default',
    statusLabel: escapeTeamsMarkdown(view.statusLabel),
    facts: coreFacts(view, cap(ADAPTIVE_LIMITS.fact)),
    sla: escapeTeamsMarkdown(sla),
    slaColor: view.breached ? 'attention' : 'default',
    solution: escapeTeamsMarkdownLines(truncate(view.solution ?? '', cap(ADAPTIVE_LIMITS.solution))),
    earlierSolutions: (view.earlierSolutions ?? []).slice(0, EARLIER_SOLUTIONS_SHOWN).map((e) => ({
      heading: escapeTeamsMarkdown(truncate(e.heading, cap(ADAPTIVE_LIMITS.banner))),
      text: escapeTeamsMarkdownLines(truncate(e.text, cap(ADAPTIVE_LIMITS.earlierSolution))),
    })),
    earlierMore: earlierMore(view, l),
    labels: { solution: l.solution, attachments: l.attachments, notes: l.notes },
    attachments: (view.attachments ?? []).map((a) => ({
      text: attachmentLine(a, cap(ADAPTIVE_LIMITS.attachmentName)),
    })),
    notes: view.notes.slice(0, 3).map((n) => ({
      // The author's name is theirs to choose (a Slack display name): shown literally, as the note is.
      meta: escapeTeamsMarkdown(
        truncate(
          [n.author, n.at, n.internal ? l.internal : ''].filter(Boolean).join(' · '),
          cap(ADAPTIVE_LIMITS.banner),
        ),
      ),
      text: escapeTeamsMarkdownLines(truncate(n.text, cap(ADAPTIVE_LIMITS.note))),
      style: n.internal ? 'emphasis' : 'default',
    })),
    // Above the buttons, sent with every one of them; only the button whose verb prefixes an input's id takes it.
    inputs: view.inputs?.length
      ? (renderFormAdaptive(
          withTyped({ id: `inputs:${view.caseId}`, inputs: view.inputs, submit: [] }, view.typed),
          view.locale,
        ).body ?? [])
      : [],
    buttons,
    forms,
    formButtons,
  };
  return expandTemplate<AdaptiveCard>(caseCardTemplate, data);
}
