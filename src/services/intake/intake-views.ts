import { fileNames } from '../attachments.js';
import { ORDER_NOTE_MAX } from '../../cards/card-actions.js';
import { truncate } from '../../cards/truncate.js';
import type { ActionView, FactView, InputView, MessageView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { QuickCaseTemplate, Question } from '../../config/catalogue-schema.js';
import type { AnswerValue, Case, Locale, Person, Priority } from '../../models/case.js';
import type { Article } from '../../models/case-store.js';
import { urgencyChoices } from '../../models/priority.js';
import { formatDkk } from '../orders/order.js';
import { orderMessages } from '../orders/order-messages.js';
import { type IntakeMessages, intakeMessages } from './intake-messages.js';
import type { IntakeState, StepId } from './intake-state.js';
import { isComplete, questionIdOf, questionOf, stepsOf } from './intake-steps.js';
import { DEFAULT_TEXT_MAX, questionOptions } from './validate-answer.js';

/** Text answers longer than this are shown as a multi-line input. */
const MULTILINE_FROM = 300;
/** How much of an article's body a known-solution screen shows. */
const ARTICLE_EXCERPT = 600;
/** At most this many proposed categories get their own button. */
const CATEGORY_BUTTONS = 3;

export interface StepViewContext {
  state: IntakeState;
  catalogue: CatalogueIndex;
  isStaff: boolean;
  /** Input id → why the last answer was refused. */
  errors?: Record<string, string>;
  /** Input id → the refused value, shown again so it can be corrected. */
  rejected?: Record<string, string>;
  /** A paragraph shown above the step's prompt (stale form, nothing to go back to, …). */
  note?: string;
  /** The known-solution articles, for the knowledge step. */
  articles?: Article[];
}

const act = (
  verb: string,
  label: string,
  extra: Record<string, unknown> = {},
  style?: ActionView['style'],
): ActionView => ({
  action: { verb, ...extra },
  label,
  ...(style ? { style } : {}),
});

/**
 * Whether a case in `categoryId` is ordered with the order form: it is the category orders are registered in
 * (`orders.categoryId`) and the catalogue has items to order (without them there are no orders). A case template
 * in it opens the order form; picking it at the category step offers the form.
 */
export function opensOrderForm(catalogue: CatalogueIndex, categoryId: string): boolean {
  const { orders, items } = catalogue.catalogue;
  return items.length > 0 && orders.categoryId === categoryId;
}

/** The longest choice label every platform shows whole: Slack cuts a menu option's text at 75 characters. */
export const CHOICE_LABEL_MAX = 75;

/**
 * The case templates as the template step lists them: a template in the orders' category (`opensOrderForm`) has
 * "(opens the order form)" after its name (`order` set), its name cut (`truncate`) so the label fits
 * `CHOICE_LABEL_MAX` with the mark whole: a platform that cuts a long label would cut the mark off instead. The
 * written answer is matched against these labels too, so the label as shown, cut name and all, is taken, and so is
 * the name written whole with the mark (`whole`: the label before the cut).
 */
export function templateChoices(
  catalogue: CatalogueIndex,
  locale: Locale,
): { order: boolean; value: string; label: string; whole: string }[] {
  const mark = ` (${intakeMessages[locale].templateOpensOrder})`;
  return catalogue.catalogue.caseTemplates.map((t) => {
    const order = opensOrderForm(catalogue, t.categoryId);
    const name = t.name[locale];
    if (!order) return { order, value: t.id, label: name, whole: name };
    const label = `${truncate(name, CHOICE_LABEL_MAX - mark.length)}${mark}`;
    return { order, value: t.id, label, whole: `${name}${mark}` };
  });
}

/** Shows an answer as text: option labels, yes/no words, "(skipped)" for null. */
export function answerText(q: Question, value: AnswerValue | undefined, locale: Locale): string {
  const m = intakeMessages[locale];
  if (value === null || value === undefined) return m.skipped;
  if (typeof value === 'boolean') return value ? m.yes : m.no;
  if (q.kind === 'choice') return questionOptions(q, locale).find((o) => o.value === value)?.label ?? value;
  return value;
}

function inputValue(v: AnswerValue | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return v;
}

/**
 * A question's label and help as the person sees them: worded for the person reported for (`onBehalf`, `{name}`
 * their name) when staff register on someone's behalf and the catalogue words it so, else as written.
 */
export function questionText(q: Question, state: IntakeState): { label: string; help?: string } {
  const locale = state.locale;
  const name = state.onBehalf?.user?.name;
  const own = { label: q.label[locale], ...(q.help ? { help: q.help[locale] } : {}) };
  if (!name || !q.onBehalf) return own;
  const fill = (text: string) => text.replaceAll('{name}', name);
  const help = q.onBehalf.help?.[locale] ?? own.help;
  return { label: fill(q.onBehalf.label[locale]), ...(help !== undefined ? { help: fill(help) } : {}) };
}

/** The label of a step in the summary's "change a step" list. */
export function stepLabel(step: StepId, state: IntakeState, catalogue: CatalogueIndex): string {
  const m = intakeMessages[state.locale];
  const q = questionOf(state, catalogue, step);
  if (q) return questionText(q, state).label;
  switch (step) {
    case 'category':
      return m.factCategory;
    case 'type':
      return m.factType;
    case 'urgency':
      return m.factUrgency;
    case 'channel':
      return m.factChannel;
    default:
      return step;
  }
}

/** The steps the summary lets the user change. */
export function editableSteps(state: IntakeState, catalogue: CatalogueIndex): StepId[] {
  return stepsOf(state, catalogue).filter(
    (s) => s === 'category' || s === 'type' || s === 'urgency' || s === 'channel' || questionIdOf(s) !== undefined,
  );
}

/** The priority the case will get: the template's, else impact (category) x urgency; undefined before urgency. */
export function priorityOf(state: IntakeState, catalogue: CatalogueIndex): Priority | undefined {
  if (state.template) return state.template.priority;
  const category = state.categoryId ? catalogue.category(state.categoryId) : undefined;
  if (!category || !state.urgency) return undefined;
  return catalogue.priorityFor(category.impact, state.urgency);
}

function personLabel(p: Person): string {
  return [p.name, p.email, p.department].filter(Boolean).join(', ');
}

function title(state: IntakeState, catalogue: CatalogueIndex, m: IntakeMessages): string {
  const steps = stepsOf(state, catalogue);
  const at = steps.indexOf(state.step);
  // Before a category is chosen the number of questions is unknown: no "step n of m" yet.
  const known = state.categoryId !== undefined || state.mode === 'quick';
  return at < 0 || !known ? m.newCaseTitle : `${m.newCaseTitle} (${m.progress({ step: at + 1, of: steps.length })})`;
}

function paragraphs(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join('\n\n');
}

/** Buttons that start the staff paths (the transport passes the button's data as `values`). */
function staffActions(m: IntakeMessages): ActionView[] {
  return [
    act('intake_start', m.staffOnBehalf, { mode: 'on_behalf' }),
    act('intake_start', m.staffQuick, { mode: 'quick' }),
    act('intake_start', m.staffTemplate, { mode: 'template' }),
  ];
}

/**
 * The view with its buttons marked as the draft's (`draft`: the draft's id), so a click on them once another draft
 * is open is refused. "Start a new case" (`intake_start`) belongs to no draft and is left as it is; so is every
 * button of a draft without an id (stored before drafts had one).
 */
export function forDraft(view: MessageView, draftId: string | undefined): MessageView {
  if (draftId === undefined) return view;
  const mark = (a: ActionView): ActionView =>
    a.action.verb.startsWith('intake_') && a.action.verb !== 'intake_start'
      ? { ...a, action: { ...a.action, draft: draftId } }
      : a;
  return {
    ...view,
    ...(view.actions ? { actions: view.actions.map(mark) } : {}),
    ...(view.form ? { form: { ...view.form, submit: view.form.submit.map(mark) } } : {}),
  };
}

/** The screen for the conversation's current step, with refused answers marked; its buttons are the draft's. */
export function stepView(ctx: StepViewContext): MessageView {
  return forDraft(stepScreen(ctx), ctx.state.draftId);
}

function stepScreen(ctx: StepViewContext): MessageView {
  const { state, catalogue } = ctx;
  const locale = state.locale;
  const m = intakeMessages[locale];
  const step = state.step;
  const errors = ctx.errors ?? {};
  const canGoBack = state.history.length > 0;
  // Back and Cancel use nothing typed into the form: Teams sends them whatever its inputs hold (`inputless`).
  const back = canGoBack ? [{ ...act('intake_back', m.back, { shownAt: step }), inputless: true }] : [];
  const cancel = { ...act('intake_cancel', m.cancel, {}, 'destructive'), inputless: true };
  const next = act('intake_answer', m.next, { step }, 'positive');
  const firstScreen = state.mode === 'self' && !canGoBack && ctx.isStaff;

  const withError = (input: InputView): InputView => {
    const error = errors[input.id];
    const rejected = ctx.rejected?.[input.id];
    return { ...input, ...(rejected !== undefined ? { value: rejected } : {}), ...(error ? { error } : {}) };
  };
  const view = (
    text: string,
    inputs: InputView[],
    submit: ActionView[],
    extra: Partial<MessageView> = {},
  ): MessageView => ({
    kind: 'message',
    locale,
    title: title(state, catalogue, m),
    text: paragraphs(ctx.note, text),
    form: { id: `intake-${step}`, inputs: inputs.map(withError), submit },
    ...extra,
  });

  const qid = questionIdOf(step);
  if (qid !== undefined) {
    const q = questionOf(state, catalogue, step);
    if (!q) return view(m.staleForm, [], [...back, cancel]);
    const stored = Object.hasOwn(state.answers, q.id) ? state.answers[q.id] : undefined;
    const fallback = state.prefill[q.id] ?? (q.id === 'what' && state.text ? state.text : undefined);
    const value = inputValue(stored ?? fallback ?? undefined);
    const max = q.maxLength ?? DEFAULT_TEXT_MAX;
    const worded = questionText(q, state);
    const input: InputView = {
      id: q.id,
      kind: q.kind === 'text' ? (max > MULTILINE_FROM ? 'multiline' : 'text') : q.kind,
      label: worded.label,
      required: q.required,
      ...(worded.help !== undefined ? { placeholder: worded.help } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(q.kind === 'text' ? { maxLength: max } : {}),
      ...(q.kind === 'choice' || q.kind === 'yes_no' ? { options: questionOptions(q, locale) } : {}),
    };
    const skip = q.required ? [] : [act('intake_skip', m.skip, { shownAt: step })];
    return view(
      paragraphs(worded.label, worded.help, q.required ? undefined : m.questionOptional),
      [input],
      [next, ...skip, ...back, cancel],
    );
  }

  switch (step) {
    case 'describe':
      return view(
        m.describePrompt,
        [
          {
            id: 'description',
            kind: 'multiline',
            label: m.describeLabel,
            required: true,
            placeholder: m.describePlaceholder,
            maxLength: DEFAULT_TEXT_MAX,
            ...(state.text ? { value: state.text } : {}),
          },
        ],
        [next, ...back, cancel],
        firstScreen ? { actions: staffActions(m) } : {},
      );
    case 'category': {
      const proposed = state.proposals.map((p) => catalogue.category(p.categoryId)).filter((c) => c !== undefined);
      const rest = catalogue.catalogue.categories.filter((c) => !proposed.includes(c));
      const options = [...proposed, ...rest].map((c) => ({ value: c.id, label: c.name[locale] }));
      const names = proposed
        .slice(0, CATEGORY_BUTTONS)
        .map((c) => `"${c.name[locale]}"`)
        .join(locale === 'da' ? ' eller ' : ' or ');
      const buttons = proposed
        .slice(0, CATEGORY_BUTTONS)
        .map((c) => act('intake_category', c.name[locale], { categoryId: c.id }));
      const value = state.categoryId ?? proposed[0]?.id;
      return view(
        proposed.length > 0 ? m.categoryPromptGuess(names) : m.categoryPromptAll,
        [
          {
            id: 'categoryId',
            kind: 'choice',
            label: m.categoryLabel,
            required: true,
            options,
            ...(value ? { value } : {}),
          },
        ],
        [next, ...back, cancel],
        { actions: [...buttons, ...(firstScreen ? staffActions(m) : [])] },
      );
    }
    case 'type': {
      const category = state.categoryId ? catalogue.category(state.categoryId) : undefined;
      const type = state.type ?? category?.type ?? 'incident';
      return view(
        m.typePrompt({ category: category?.name[locale] ?? '', type: m.typeShort[type] }),
        [
          {
            id: 'type',
            kind: 'choice',
            label: m.typeLabel,
            required: true,
            value: type,
            options: (['incident', 'service_request'] as const).map((t) => ({ value: t, label: m.typeNames[t] })),
          },
        ],
        [next, ...back, cancel],
      );
    }
    case 'knowledge': {
      const articles = ctx.articles ?? [];
      const list = articles.map((a, i) => {
        const body = a.body.length > ARTICLE_EXCERPT ? `${a.body.slice(0, ARTICLE_EXCERPT).trimEnd()}…` : a.body;
        return `${i + 1}. ${a.title}\n${body}`;
      });
      const solved = articles.map((a) => act('intake_solved', m.solvedBy(a.title), { articleId: a.id }, 'positive'));
      return {
        ...view(
          paragraphs(m.knowledgeIntro, ...list),
          [],
          [...solved, act('intake_not_solved', m.notSolved), ...back, cancel],
        ),
        title: m.knowledgeTitle,
      };
    }
    case 'urgency':
      return view(
        m.urgencyPrompt,
        [
          {
            id: 'urgency',
            kind: 'choice',
            label: m.urgencyLabel,
            required: true,
            options: urgencyChoices(locale),
            ...(state.urgency ? { value: state.urgency } : {}),
          },
        ],
        [next, ...back, cancel],
      );
    case 'summary':
      return {
        ...view(
          m.summaryPrompt,
          [
            {
              id: 'step',
              kind: 'choice',
              label: m.editLabel,
              required: false,
              options: editableSteps(state, catalogue).map((s) => ({
                value: s,
                label: stepLabel(s, state, catalogue),
              })),
            },
          ],
          [act('intake_confirm', m.confirm, {}, 'positive'), act('intake_edit', m.edit), ...back, cancel],
        ),
        title: m.summaryTitle,
        facts: summaryFacts(state, catalogue),
      };
    case 'person': {
      const candidates = state.onBehalf?.candidates ?? [];
      return view(
        m.onBehalfChoose(state.onBehalf?.query ?? ''),
        [
          {
            id: 'personId',
            kind: 'choice',
            label: m.personLabel,
            required: true,
            options: candidates.map((p) => ({ value: p.id, label: personLabel(p) })),
            ...(state.onBehalf?.user ? { value: state.onBehalf.user.id } : {}),
          },
        ],
        [next, ...back, cancel],
      );
    }
    case 'channel':
      // A case for someone can start from a template too: the button keeps the person (and the contact chosen).
      // It names them (their address, else what staff wrote), so a click on it from higher up in the chat, once this
      // draft is gone or another one is open, is still for them, not for nobody or the other draft's person.
      return view(
        m.channelPrompt(state.onBehalf?.user?.name ?? ''),
        [channelInput(m, state.onBehalf?.channel ?? CONTACT_OFFERED)],
        [next, ...back, cancel],
        state.mode === 'on_behalf' && ctx.isStaff && state.onBehalf
          ? {
              actions: [
                act('intake_start', m.staffTemplate, {
                  mode: 'template',
                  onBehalfOf: state.onBehalf.user?.email ?? state.onBehalf.query,
                }),
              ],
            }
          : {},
      );
    case 'quick': {
      const quick = catalogue.catalogue.quickCases;
      return {
        ...view(
          m.quickPrompt,
          [
            {
              id: 'quickCaseId',
              kind: 'choice',
              label: m.quickLabel,
              required: true,
              options: quick.map((q) => ({ value: q.id, label: q.name[locale] })),
            },
            channelInput(m, 'desk'),
            { id: 'note', kind: 'text', label: m.noteLabel, required: false, maxLength: 500 },
          ],
          [act('intake_answer', m.confirm, { step }, 'positive'), cancel],
        ),
        title: m.quickTitle,
      };
    }
    case 'template': {
      // A template in the orders' category opens the order form instead of the usual questions: marked so.
      const templates = templateChoices(catalogue, locale);
      return {
        ...view(
          templates.some((t) => t.order) ? m.templatePromptOrders : m.templatePrompt,
          [
            {
              id: 'templateId',
              kind: 'choice',
              label: m.templateLabel,
              required: true,
              options: templates.map(({ value, label }) => ({ value, label })),
              ...(state.template ? { value: state.template.id } : {}),
            },
          ],
          [next, ...back, cancel],
        ),
        title: m.templateTitle,
      };
    }
    default:
      return view(m.staleForm, [], [...back, cancel]);
  }
}

/**
 * The contact the contact step offers before staff choose one; also what a template list asked for someone without
 * choosing it takes (`new for anna template`, "template" written at the contact step), as the step's button sends it.
 */
export const CONTACT_OFFERED = 'phone' satisfies 'phone' | 'desk';

function channelInput(m: IntakeMessages, value: 'phone' | 'desk'): InputView {
  return {
    id: 'intakeChannel',
    kind: 'choice',
    label: m.channelLabel,
    required: true,
    value,
    options: [
      { value: 'phone', label: m.channelNames.phone },
      { value: 'desk', label: m.channelNames.desk },
    ],
  };
}

/** The facts of the summary: area, type, every answer of the guide, urgency and priority, people for staff. */
export function summaryFacts(state: IntakeState, catalogue: CatalogueIndex): FactView[] {
  const locale = state.locale;
  const m = intakeMessages[locale];
  const facts: FactView[] = [];
  const category = state.categoryId ? catalogue.category(state.categoryId) : undefined;
  if (state.onBehalf?.user) {
    facts.push({ label: m.factUser, value: personLabel(state.onBehalf.user) });
    facts.push({ label: m.factReporter, value: state.actor.name });
    if (state.onBehalf.channel) facts.push({ label: m.factChannel, value: m.channelNames[state.onBehalf.channel] });
  }
  if (state.template) {
    const t = catalogue.catalogue.caseTemplates.find((x) => x.id === state.template?.id);
    facts.push({ label: m.factTemplate, value: t?.name[locale] ?? state.template.title });
  }
  if (category) facts.push({ label: m.factCategory, value: category.name[locale] });
  if (state.type) facts.push({ label: m.factType, value: m.typeShort[state.type] });
  for (const q of category ? catalogue.questionsFor(category.id) : []) {
    if (!isComplete(state, `q:${q.id}`)) continue;
    facts.push({ label: questionText(q, state).label, value: answerText(q, state.answers[q.id], locale) });
  }
  if (state.urgency) {
    const label = urgencyChoices(locale).find((c) => c.value === state.urgency)?.label ?? state.urgency;
    facts.push({ label: m.factUrgency, value: label });
  }
  const priority = priorityOf(state, catalogue);
  if (priority)
    facts.push({ label: m.factPriority, value: `${priority} ${catalogue.priorityLevel(priority).name[locale]}` });
  if (state.attachments?.length) facts.push({ label: m.factAttachments, value: fileNames(state.attachments) });
  return facts;
}

/** The answers given so far, for the note on an expired draft. */
export function answeredFacts(state: IntakeState, catalogue: CatalogueIndex): FactView[] {
  const locale = state.locale;
  const facts: FactView[] = [];
  const category = state.categoryId ? catalogue.category(state.categoryId) : undefined;
  if (state.text) facts.push({ label: intakeMessages[locale].describeLabel, value: state.text });
  if (category) facts.push({ label: intakeMessages[locale].factCategory, value: category.name[locale] });
  const questions = category ? catalogue.questionsFor(category.id) : catalogue.catalogue.standardQuestions;
  for (const q of questions) {
    const v = state.answers[q.id];
    if (v !== undefined && v !== null) {
      facts.push({ label: questionText(q, state).label, value: answerText(q, v, locale) });
    }
  }
  if (state.attachments?.length) {
    facts.push({ label: intakeMessages[locale].factAttachments, value: fileNames(state.attachments) });
  }
  return facts;
}

/** A plain message (no form), optionally with buttons and facts. */
export function messageView(
  locale: Locale,
  title: string | undefined,
  text: string,
  extra: Partial<MessageView> = {},
): MessageView {
  return { kind: 'message', locale, ...(title ? { title } : {}), text, ...extra };
}

/** The reply after a case is registered: number, group, priority and what happens next. */
export function doneView(c: Case, state: IntakeState, catalogue: CatalogueIndex): MessageView {
  const locale = state.locale;
  const m = intakeMessages[locale];
  const group = catalogue.group(c.groupId)?.name[locale] ?? c.groupId;
  const facts: FactView[] = [
    { label: m.factNumber, value: c.number },
    { label: m.factGroup, value: group },
    { label: m.factPriority, value: `${c.priority} ${catalogue.priorityLevel(c.priority).name[locale]}` },
    ...(c.attachments?.length ? [{ label: m.factAttachments, value: fileNames(c.attachments) }] : []),
  ];
  const text = c.reporter
    ? m.doneOnBehalfText({ number: c.number, group, user: c.user.name })
    : m.doneText({ number: c.number, group });
  return messageView(locale, m.doneTitle, text, { facts });
}

/**
 * A form asking staff who an on-behalf case is for (submits `intake_start` with `onBehalfOf`), with why (`note`) and
 * what they wrote (`query`); `mode: 'template'` when they asked for the templates for that person (`new for anna
 * template`), so the answer goes on to them.
 */
export function onBehalfPromptView(
  locale: Locale,
  note: string | undefined,
  query?: string,
  mode: 'on_behalf' | 'template' = 'on_behalf',
): MessageView {
  const m = intakeMessages[locale];
  return messageView(locale, m.newCaseTitle, paragraphs(note, m.onBehalfPrompt), {
    form: {
      id: 'intake-on-behalf',
      inputs: [
        {
          id: 'onBehalfOf',
          kind: 'text',
          label: m.onBehalfLabel,
          required: true,
          maxLength: 200,
          ...(query ? { value: query } : {}),
        },
      ],
      submit: [act('intake_start', m.next, { mode }, 'positive')],
    },
  });
}

/**
 * The done view's "one more" button: registers the same quick case again at once (a direct pick), for the next
 * person at the desk. Its `pick` is the id of the case just registered, so the button is one submission: clicked
 * twice, or sent again after the store failed, it registers one case; the next done view's button is another.
 */
export function quickAgainAction(
  locale: Locale,
  quick: Pick<QuickCaseTemplate, 'id' | 'name'>,
  channel: 'phone' | 'desk',
  registered: Pick<Case, 'id'>,
): ActionView {
  return act('intake_start', intakeMessages[locale].quickAgain({ title: quick.name[locale] }), {
    quickCaseId: quick.id,
    intakeChannel: channel,
    pick: registered.id,
  });
}

/**
 * The purchase category's answer while equipment orders are set up: equipment is ordered with the order form, whose
 * `order_start` button carries what was written (`note`, cut to `ORDER_NOTE_MAX`) to go with the order. Also: back
 * to the areas (not a purchase after all), or cancel.
 */
export function orderOfferView(state: IntakeState, catalogue: CatalogueIndex): MessageView {
  const locale = state.locale;
  const m = intakeMessages[locale];
  const what = typeof state.answers['what'] === 'string' ? state.answers['what'] : (state.text ?? '');
  const note = cutUnits(what.trim(), ORDER_NOTE_MAX);
  const user = state.onBehalf?.user;
  const threshold = formatDkk(catalogue.catalogue.orders.approvalThresholdDkk, locale);
  const view = messageView(
    locale,
    m.orderOfferTitle,
    paragraphs(
      m.orderOfferText({ threshold }),
      user ? m.orderOfferOnBehalf({ name: user.name, forOther: orderMessages[locale].forOther }) : undefined,
      note ? m.orderOfferNote : undefined,
      m.orderOfferNotPurchase,
    ),
    {
      actions: [
        act('order_start', m.orderOfferStart, note ? { note } : {}, 'positive'),
        act('intake_back', m.orderOfferBack, { shownAt: state.step }),
        act('intake_cancel', m.cancel, {}, 'destructive'),
      ],
    },
  );
  return forDraft(view, state.draftId);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` in at most `max` UTF-16 units (what a card action's length counts), cut between characters with "…". A
 * lone surrogate is replaced first: JSON would write it as six characters.
 */
function cutUnits(text: string, max: number): string {
  const whole = text.replace(LONE_SURROGATE, '\uFFFD');
  if (whole.length <= max) return whole;
  let cut = '';
  for (const ch of whole) {
    if (cut.length + ch.length > max - 1) break;
    cut += ch;
  }
  return `${cut.trimEnd()}…`;
}

/** A "start a new case" button, for replies outside a conversation. */
export function startAction(locale: Locale): ActionView {
  return act('intake_start', intakeMessages[locale].start, {}, 'positive');
}
