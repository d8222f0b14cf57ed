import { randomUUID } from 'node:crypto';
import type { CardAction } from '../../cards/card-actions.js';
import type { MessageView } from '../../cards/view-models.js';
import type { CatalogueIndex } from '../../config/catalogue-index.js';
import { FORM_CLOSED_KEY, START_MODE_KEY } from '../../config/catalogue-schema.js';
import { DEFAULT_TIME_ZONE } from '../../config/env.js';
import {
  ATTACHMENTS_PER_CASE,
  type AnswerValue,
  type AttachmentRef,
  type Case,
  type CaseType,
  type Level,
  type Locale,
  type Person,
  type Platform,
  type Surface,
  toRef,
} from '../../models/case.js';
import { attachmentTexts, fileNames } from '../attachments.js';
import type { CaseStore, ConversationPeek, ConversationRecord } from '../../models/case-store.js';
import { isAppError } from '../../models/errors.js';
import { urgencyChoices } from '../../models/priority.js';
import type { Clock } from '../clock.js';
import { localDateOf } from '../dates.js';
import { OTHER_LOCALE, pickLocale } from '../i18n.js';
import { draft } from '../outbox/deliveries.js';
import type { KnowledgeService } from '../knowledge.js';
import { caseIdFor } from '../lifecycle/register-case.js';
import type { IntakeMajors } from '../major/major-intake.js';
import type { OrderPrefill } from '../orders/order-state.js';
import type { Directory } from '../ports/directory.js';
import { ANONYMOUS_QUICK, type RegisterCase, type RegistrationInput } from '../registration.js';
import { type IntakeCommand, parseCommand } from './intake-commands.js';
import { intakeMessages } from './intake-messages.js';
import { type IntakeState, parseIntakeState, type StepId } from './intake-state.js';
import { isComplete, nextStep, questionIdOf, questionOf, stepsOf } from './intake-steps.js';
import {
  answeredFacts,
  CONTACT_OFFERED,
  doneView,
  editableSteps,
  forDraft,
  messageView,
  onBehalfPromptView,
  opensOrderForm,
  orderOfferView,
  quickAgainAction,
  startAction,
  stepLabel,
  stepView,
  templateChoices,
  type StepViewContext,
} from './intake-views.js';
import { cleanText, DEFAULT_TEXT_MAX, matchOption, validateAnswer } from './validate-answer.js';

/** A conversation idle this long expires (default 24 h). */
export const DEFAULT_IDLE_MS = 24 * 60 * 60 * 1000;
/** What a direct quick-case pick submits (see `IntakeInput`). */
const QUICK_PICK_KEYS = ['quickCaseId', 'intakeChannel', 'note', 'pick'] as const;
/** What a start from a named template submits (staff; an order's "Try again" repeats it). */
const TEMPLATE_START_KEYS = ['templateId', 'onBehalfOf'] as const;
/** The longest `pick` (see `IntakeInput`) read; a longer one is cut. */
const PICK_MAX = 100;
/** At most this many people are offered when an on-behalf search matches several. */
const PERSON_CANDIDATES = 5;
/** Titles made from the user's description are cut to this length. */
const TITLE_MAX = 80;

/** The intake verbs of `CardAction`. */
export type IntakeAction = Extract<CardAction, { verb: `intake_${string}` }>;

export interface IntakeDeps {
  store: CaseStore;
  catalogue: CatalogueIndex;
  knowledge: KnowledgeService;
  register: RegisterCase;
  clock: Clock;
  /** DEFAULT_LOCALE: used when neither the platform nor the person says which language. */
  defaultLocale: Locale;
  directory: Directory;
  /** Whether a person is support staff (may register on behalf, quick cases, templates). */
  isStaff: (p: Person) => boolean;
  /** Idle time after which a conversation expires; default 24 h. */
  idleMs?: number;
  /** TIME_ZONE: the zone whose calendar day "today"/"i dag" and the date bounds mean; default `DEFAULT_TIME_ZONE`. */
  timeZone?: string;
  /** Major incidents (issue 9): an open one for the chosen category (or the text) is offered first. */
  majors?: IntakeMajors;
}

/**
 * One turn of a conversation, as the Teams and Slack transports hand it over.
 *
 * - `text`: a chat message. Whole-message commands work at every step: "cancel"/"annuller", "back"/"tilbage",
 *   "help"/"hjælp", "skip"/"spring over", "new"/"ny" (start over). Otherwise the text answers the current step
 *   (options by number or name; yes/ja, no/nej). Outside a conversation any text starts one as its description.
 * - `action`: a parsed intake card action (`intake_*`). Form submissions use `intake_answer` with `step` (the
 *   step the form was rendered for; an older step's form is refused with a note) and the inputs in `values`.
 * - `values`: the raw submitted data (Teams: the action data merged with the card's inputs; Slack: the button
 *   value or the modal's state, flattened to input id → value). Merged under `action.values` for answers, and
 *   read for the staff paths of `intake_start`:
 *   - `{ onBehalfOf: 'Anna Jensen' | 'anna@au.dk' }`: on-behalf registration (phone/desk); the text
 *     "new for anna@au.dk" / "ny for …" does the same.
 *   - `{ mode: 'on_behalf' }` asks who; `{ mode: 'quick' }` / text "kviksag" shows the quick cases;
 *     `{ quickCaseId }` registers that quick case at once (optionally `intakeChannel: 'phone' | 'desk'`, `note`).
 *   - `{ mode: 'template' }` / text "skabelon" shows the case templates (`{ mode, onBehalfOf }` / text "new for
 *     anna@au.dk template", "ny for … skabelon": for that person); `{ templateId }` starts from it (may be
 *     combined with `onBehalfOf`). One in the orders' category opens the order form instead (`IntakeReply.order`).
 *   Staff paths are refused with a note for people who are not staff (they get the ordinary path).
 *   - `{ closed: true }` with `intake_cancel`: the form showing the draft was closed (Slack's modal). A draft with
 *     answers is kept, and a plain `intake_start` on the `form` surface goes on with it (the person cancels with
 *     the form's Cancel button); one with nothing answered is cancelled.
 */
export interface IntakeInput {
  conversationKey: string;
  person: Person;
  locale?: string;
  platform: Platform;
  /** `form` when the conversation shows in a form that closes (a Slack modal); default `chat`. */
  surface?: Surface;
  text?: string;
  action?: IntakeAction;
  values?: Record<string, unknown>;
  /**
   * Pictures and files sent with this turn, already stored (`keepFiles`): they join the draft (up to
   * `ATTACHMENTS_PER_CASE`) and the case registered from it; a turn of files alone shows the current step again.
   */
  files?: readonly AttachmentRef[];
}

/**
 * What to show. `state`: `active` while the conversation goes on, `done` when a case was registered (`case`),
 * `cancelled`, `expired` when an idle draft expired (the views hold the note and the new first step; a new
 * draft is active) and `idle` when there is no conversation (help, "nothing to cancel", a form from an ended
 * conversation). `errors` maps input ids to reasons, for Slack's `response_action: errors`. `order`: staff chose
 * a case template in the orders' category, which opens the order form pre-filled with this (the conversation router
 * starts it in the same turn, after `views`); no intake draft is left.
 */
export interface IntakeReply {
  views: MessageView[];
  state: 'active' | 'done' | 'cancelled' | 'expired' | 'idle';
  case?: Case;
  errors?: Record<string, string>;
  order?: OrderPrefill;
}

type Raw = { text: string } | { values: Record<string, unknown> };

interface StartOptions {
  /** Answers shown pre-filled (from an expired draft). */
  prefill?: IntakeState['prefill'];
  /** Description to start from instead of the input's text. */
  text?: string;
  /** Views to show before the first step. */
  before?: MessageView[];
  /** The reply state to report (default `active`). */
  replyState?: IntakeReply['state'];
  /** The conversation record the caller has just read (null: none); read from the store when not given. */
  previous?: ConversationRecord | null;
  /**
   * The expired draft this start restarts: its files, where it shows and, unless the input names another staff
   * path, its mode, on-behalf person and template carry over (so an on-behalf draft still registers for that
   * person, not for the staff member).
   */
  resume?: IntakeState;
}

const str = (v: unknown, opts: { multiline?: boolean } = {}): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = cleanText(v, opts);
  return t === '' ? undefined : t;
};

const lower = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');

const KEEP_WORDS = new Set([
  'next',
  'ok',
  'okay',
  'yes',
  'ja',
  'næste',
  'videre',
  'continue',
  'fortsæt',
  'keep',
  'behold',
]);
const CONFIRM_WORDS = new Set(['confirm', 'bekræft', 'yes', 'ja', 'ok', 'send', 'register', 'registrer', 'registrér']);
const NOT_SOLVED_WORDS = new Set(['no', 'nej', 'none', 'ingen', 'continue', 'videre', 'next', 'næste']);
const TYPE_WORDS: Record<CaseType, string[]> = {
  incident: ['incident', 'hændelse', 'fejl'],
  service_request: ['service request', 'request', 'serviceanmodning', 'anmodning', 'bestilling', 'forespørgsel'],
};
const URGENCY_WORDS: Record<Level, string[]> = {
  high: ['high', 'høj', 'urgent', 'akut'],
  medium: ['medium', 'middel', 'mellem'],
  low: ['low', 'lav'],
};
const CHANNEL_WORDS: Record<'phone' | 'desk', string[]> = {
  phone: ['phone', 'telefon', 'tlf', 'call', 'opkald'],
  desk: ['desk', 'skranke', 'in person', 'fremmøde', 'personligt'],
};

function wordMatch<K extends string>(words: Record<K, string[]>, raw: string): K | undefined {
  const v = lower(raw);
  return (Object.keys(words) as K[]).find((k) => words[k].includes(v));
}

/**
 * The answer a question's input shows filled in, as the input shows it (`stepView`): the one given, else a restored
 * one (an expired draft's, a template's description), else, for "what", the description. Undefined when none.
 */
function shownAnswer(state: IntakeState, id: string): string | undefined {
  const given = Object.hasOwn(state.answers, id) ? state.answers[id] : undefined;
  const shown: AnswerValue | undefined =
    given ?? state.prefill[id] ?? (id === 'what' && state.text ? state.text : undefined);
  if (typeof shown === 'boolean') return shown ? 'yes' : 'no';
  return shown === null || shown === '' ? undefined : shown;
}

function firstLine(text: string, max: number): string {
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/**
 * The channel-agnostic intake conversation (issue 4): free text or "new" → proposed categories → type → the
 * category's question guide, one question per screen, each answer validated → known solutions first → urgency in
 * plain words → summary with edit/cancel/confirm → registration. Staff also register on behalf of others,
 * quick cases and cases from templates. The purchase category, while the catalogue has items to order, sends the
 * person to the order form instead of its questions (`offerOrder`), and a case template in it opens that form
 * (`openOrder`). The state lives in the `CaseStore` (saved after every step, expiring after `idleMs` of silence),
 * so a restarted server, or another instance, continues the conversation.
 */
export class IntakeEngine {
  private readonly idleMs: number;
  private readonly timeZone: string;

  constructor(private readonly deps: IntakeDeps) {
    this.idleMs = deps.idleMs ?? DEFAULT_IDLE_MS;
    this.timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;
  }

  /** Whether the conversation has a draft that has not expired (transports route chat text here then). */
  async isActive(conversationKey: string): Promise<boolean> {
    return (await this.peek(conversationKey)).since !== null;
  }

  /**
   * The chat's stored draft and when its unexpired intake last took a turn (ISO time; null when none is open);
   * `handle(input, peek)` then does not read it again.
   */
  async peek(conversationKey: string): Promise<ConversationPeek> {
    const record = await this.deps.store.getConversation(conversationKey);
    const state = record !== null && !this.expired(record) ? parseIntakeState(record.state) : null;
    // A report that ended with the order offer is not open: a question asked on a case takes the reply.
    const since = record !== null && state !== null && !state.orderOffer ? record.updatedAt : null;
    return { record, since };
  }

  /**
   * The one entry point of both transports: takes a turn, returns what to show next. When the store is
   * unavailable (`STORE.UNAVAILABLE`) the turn changes nothing: the person is told so, with the step they were at
   * (the stored draft is untouched), and the same turn succeeds once the store is back.
   * `peeked`: what `peek` read for this chat earlier in the same turn.
   */
  async handle(input: IntakeInput, peeked?: ConversationPeek): Promise<IntakeReply> {
    let snapshot: IntakeState | null = null;
    try {
      const record = peeked ? peeked.record : await this.deps.store.getConversation(input.conversationKey);
      // A button of an earlier draft (cancelled, registered or replaced since) is refused before anything else:
      // it must not act on the draft open now, whatever step, offer or expiry that one is at.
      const clicked = clickedDraft(input.action);
      if (record && clicked !== undefined) {
        const stored = parseIntakeState(record.state);
        if (stored && stored.draftId !== clicked) return await this.earlierDraft(input, stored, record);
      }
      if (record && this.expired(record)) {
        // A report that had ended with the order offer is no draft to restore.
        if (parseIntakeState(record.state)?.orderOffer) return await this.outside(input, { previous: record });
        return await this.onExpired(input, record);
      }
      const state = record ? parseIntakeState(record.state) : null;
      if (!record || !state) {
        if (record) await this.deps.store.deleteConversation(input.conversationKey);
        // Nothing is stored under the key now (none was, or the unreadable one was just deleted): `start` need
        // not read it again.
        return await this.outside(input, { previous: null });
      }
      // The report ended with the order offer (the person was sent to the order form): only going back to the
      // areas, cancelling, or another area from the earlier card take it up again; anything else (a message, a new
      // start, help) is answered as if there were no draft, and a new report replaces it without a note.
      if (state.orderOffer && !takesUpOrderOffer(input))
        return await this.outside(input, { previous: record, before: [] });
      if (input.locale) state.locale = pickLocale(input.locale, state.locale);
      snapshot = structuredClone(state);
      if (!input.files?.length) return await this.turn(input, state, record);
      const { files, ...rest } = input;
      const note = attachFiles(state, files);
      const reply = await this.turn(rest, state, record);
      return reply.state === 'active' || reply.state === 'done'
        ? { ...reply, views: [messageView(state.locale, undefined, note), ...reply.views] }
        : reply;
    } catch (err) {
      if (!isAppError(err, 'STORE.UNAVAILABLE')) throw err;
      return this.storeDown(input, snapshot);
    }
  }

  /**
   * A click on a button of an earlier draft (`clicked` names another draft than the one stored): refused with a note,
   * changing nothing. In a chat the draft's latest message is right below; a form (Slack's modal) shows the open
   * draft's step under the note (unless an offer, which is no step, or an expired draft is what the person has).
   */
  private async earlierDraft(input: IntakeInput, state: IntakeState, record: ConversationRecord): Promise<IntakeReply> {
    if (input.locale) state.locale = pickLocale(input.locale, state.locale);
    const m = intakeMessages[state.locale];
    const showStep = input.surface === 'form' && !this.expired(record) && !state.majorOffer && !state.orderOffer;
    if (!showStep) return { views: [messageView(state.locale, undefined, m.earlierDraft)], state: 'active' };
    const articles = state.step === 'knowledge' ? await this.articles(state) : [];
    return {
      views: [
        messageView(state.locale, undefined, m.earlierDraftForm),
        stepView({ ...this.viewContext(state), articles }),
      ],
      state: 'active',
    };
  }

  /**
   * The reply when the store did not answer: the note, and the unchanged step to try again from. A quick case's
   * "one more" (a direct pick with its `pick`) is offered again as it was, so the retry is the same submission and
   * registers one case (the note replaces the clicked card on Teams, and the button with it); so is a start from a
   * named template (its template and person: an order's "Try again" clicked while the store is still down).
   */
  private storeDown(input: IntakeInput, state: IntakeState | null): IntakeReply {
    const locale = state?.locale ?? this.localeOf(input);
    const m = intakeMessages[locale];
    const values = input.values ?? {};
    const starting = input.action?.verb === 'intake_start';
    const keys =
      starting && str(values['quickCaseId']) && str(values['pick'])
        ? QUICK_PICK_KEYS
        : starting && str(values['templateId'])
          ? TEMPLATE_START_KEYS
          : undefined;
    const retry = keys
      ? {
          actions: [
            {
              action: {
                verb: 'intake_start',
                ...Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k]])),
              },
              label: m.tryAgain,
            },
          ],
        }
      : {};
    if (!state) return { views: [messageView(locale, m.storeDownTitle, m.storeDownNew, retry)], state: 'idle' };
    if (registers(input, state)) {
      return {
        views: [messageView(locale, m.storeDownTitle, m.storeDownText, retry), stepView(this.viewContext(state))],
        state: 'active',
      };
    }
    // A new start over the draft (the form opened again, "new" written): no new case can be started now, and the
    // draft is as it was; nothing the person wrote is to be sent again.
    if (startsOver(input))
      return { views: [messageView(locale, m.storeDownTitle, m.storeDownNew, retry)], state: 'active' };
    // Any other turn: nothing was being registered, and what it sent was not saved. A form shows it again in its
    // fields (Next sends it again); a chat message is asked for again.
    const action = input.action;
    const submitted = action?.verb === 'intake_answer' ? { ...(input.values ?? {}), ...action.values } : {};
    const rejected = Object.fromEntries(
      Object.entries(submitted).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const inForm = Object.keys(rejected).length > 0;
    return {
      views: [
        messageView(locale, m.storeDownAnswerTitle, inForm ? m.storeDownAnswerForm : m.storeDownAnswer),
        stepView({ ...this.viewContext(state), ...(inForm ? { rejected } : {}) }),
      ],
      state: 'active',
    };
  }

  /**
   * An explicit "new case": starts a fresh conversation (replacing a draft in progress, with a note), reading the
   * staff paths from `values` or the text (see `IntakeInput`).
   */
  async start(input: IntakeInput, opts: StartOptions = {}): Promise<IntakeReply> {
    const { deps } = this;
    const locale = this.localeOf(input);
    const m = intakeMessages[locale];
    const values = input.values ?? {};
    const command = input.text !== undefined ? parseCommand(input.text) : null;
    const before = [...(opts.before ?? [])];
    const replyState = opts.replyState ?? 'active';
    const previous =
      opts.previous !== undefined ? opts.previous : await deps.store.getConversation(input.conversationKey);
    const wasActive = previous !== null && !this.expired(previous);
    const restartedAt = before.length;
    if (wasActive && !opts.before) before.push(messageView(locale, undefined, m.restartedNote));

    // "new for @Anna Berg": a mention, as both transports write one, is looked for by the name it shows.
    let onBehalfOf = str(values['onBehalfOf']) ?? (command?.kind === 'new_for' ? unmention(command.query) : undefined);
    let mode = str(values[START_MODE_KEY]);
    if (command?.kind === 'quick') mode = 'quick';
    if (command?.kind === 'template') mode = 'template';
    // "new for anna template": the templates for Anna (see below for someone whose name ends in the word).
    const templateFor = command?.kind === 'new_for' && onBehalfOf !== undefined ? command.templateFor : undefined;
    if (templateFor !== undefined) mode = 'template';
    let quickCaseId = str(values['quickCaseId']);
    let templateId = str(values['templateId']);
    const wantsStaff =
      onBehalfOf !== undefined ||
      quickCaseId !== undefined ||
      templateId !== undefined ||
      mode === 'quick' ||
      mode === 'template' ||
      mode === 'on_behalf';
    if (wantsStaff && !deps.isStaff(input.person)) {
      before.push(messageView(locale, undefined, m.staffOnly));
      onBehalfOf = undefined;
      quickCaseId = undefined;
      templateId = undefined;
      mode = undefined;
    }
    // A person whose name or address is all that follows `for` ("Maria Skabelon", "Template") is that person, not
    // the templates for "Maria": written with the word once more ("new for maria skabelon skabelon") it is both.
    if (templateFor !== undefined && onBehalfOf !== undefined) {
      if (await this.namedExactly(onBehalfOf)) mode = undefined;
      else onBehalfOf = unmention(templateFor);
    }
    // Templates asked for in a running draft for someone ("skabelon" or "From a template" after `new for anna@au.dk`)
    // are for that person: the draft's person (and how they made contact) go on, unless this turn names another
    // (the button names the person of the draft it was shown in: one of an earlier draft is looked up as named).
    const draftFor =
      wasActive && (mode === 'template' || templateId !== undefined)
        ? parseIntakeState(previous.state)?.onBehalf
        : undefined;
    const keptFor = draftFor && (onBehalfOf === undefined || namesPerson(draftFor, onBehalfOf)) ? draftFor : undefined;
    if (keptFor && before.length > restartedAt && !opts.before) {
      before[restartedAt] = messageView(locale, undefined, m.templateKeptPerson(keptFor.user?.name ?? keptFor.query));
    }
    // An expired draft restarts as what it was, unless this turn asks for another staff path.
    const resume = opts.resume;
    const resumeStaff = resume !== undefined && !wantsStaff && deps.isStaff(input.person);
    if (resumeStaff && resume.mode === 'quick') mode = 'quick';
    if (resumeStaff && resume.mode === 'template') {
      mode = 'template';
      templateId = resume.template?.id;
    }
    const keepState: IntakeReply['state'] = wasActive ? 'active' : 'idle';
    /**
     * Ends this start without a new draft: a running one is kept (the person is still at its step), an expired
     * one is removed now (it was kept until here so that a failed write could not lose it).
     */
    const leave = async (views: MessageView[]): Promise<IntakeReply> => {
      if (previous !== null && !wasActive) await deps.store.deleteConversation(input.conversationKey);
      return { views, state: keepState };
    };

    const state: IntakeState = {
      v: 1,
      mode: 'self',
      step: 'describe',
      history: [],
      locale,
      platform: input.platform,
      ...(input.surface === 'form' || resume?.surface === 'form' ? { surface: 'form' as const } : {}),
      actor: input.person,
      startedAt: this.now().toISOString(),
      draftId: randomUUID(),
      askDescribe: false,
      proposals: [],
      typeConfirmed: false,
      answers: {},
      prefill: opts.prefill ?? {},
      editing: false,
    };
    if (resume?.attachments?.length) state.attachments = [...resume.attachments];
    if (input.files?.length) before.push(messageView(locale, undefined, attachFiles(state, input.files)));

    if (mode === 'quick' || quickCaseId !== undefined) {
      if (deps.catalogue.catalogue.quickCases.length === 0) {
        return leave([...before, messageView(locale, undefined, m.noQuickCases)]);
      }
      state.mode = 'quick';
      state.step = 'quick';
      if (quickCaseId !== undefined && deps.catalogue.catalogue.quickCases.some((q) => q.id === quickCaseId)) {
        return this.registerQuick(input.conversationKey, state, { values }, before, { previous });
      }
      return this.show(input.conversationKey, state, { before, replyState });
    }

    if (resumeStaff && resume.onBehalf) {
      state.mode = 'on_behalf';
      state.onBehalf = structuredClone(resume.onBehalf);
    } else if (keptFor) {
      state.mode = 'on_behalf';
      state.onBehalf = structuredClone(keptFor);
      // The button on the contact step carries the contact chosen there.
      const channel = this.channelFrom(values['intakeChannel']);
      if (channel && state.onBehalf.user) state.onBehalf.channel = channel;
    } else if (onBehalfOf !== undefined || mode === 'on_behalf') {
      if (onBehalfOf === undefined) return leave([...before, onBehalfPromptView(locale, undefined)]);
      const found = await deps.directory.search(onBehalfOf, PERSON_CANDIDATES);
      if (found.length === 0) {
        const note = m.onBehalfNone(onBehalfOf);
        return leave([...before, onBehalfPromptView(locale, note, onBehalfOf, mode === 'template' ? mode : undefined)]);
      }
      state.mode = 'on_behalf';
      state.onBehalf = { query: onBehalfOf, candidates: found, ...(found.length === 1 ? { user: found[0] } : {}) };
      // The contact step's "From a template" of an earlier draft carries the contact chosen there.
      const channel = mode === 'template' ? this.channelFrom(values['intakeChannel']) : undefined;
      if (channel && state.onBehalf.user) state.onBehalf.channel = channel;
    }

    if (mode === 'template' || templateId !== undefined) {
      const templates = deps.catalogue.catalogue.caseTemplates;
      if (templates.length === 0) return leave([...before, messageView(locale, undefined, m.noTemplates)]);
      state.mode = 'template';
      // The template list asked for someone whose contact is not chosen yet ("new for anna template", "template"
      // written at the contact step): the contact as the contact step offers it, as its From a template button
      // sends it; said, and changed from the summary. A named template (an order's Try again) asks as before.
      if (templateId === undefined && !resumeStaff && state.onBehalf && state.onBehalf.channel === undefined) {
        state.onBehalf.channel = CONTACT_OFFERED;
        before.push(messageView(locale, undefined, m.templateContactTaken(m.channelNames[CONTACT_OFFERED])));
      }
      const template = templates.find((t) => t.id === templateId);
      // One in the orders' category opens the order form; the draft under the key (if any) is replaced by it.
      if (template && this.ordersIn(template.categoryId))
        return this.openOrder(input.conversationKey, state, template.id, before, previous !== null);
      if (template) this.applyTemplate(state, template.id);
      return this.show(input.conversationKey, state, { before, step: this.firstOpenStep(state), replyState });
    }

    const text = opts.text ?? (command ? undefined : str(input.text, { multiline: true }));
    if (text !== undefined) {
      // Cut by characters (a picture character is not split), and the person is told: nothing goes silently.
      const chars = [...text];
      if (chars.length > DEFAULT_TEXT_MAX) {
        before.push(messageView(locale, undefined, m.shortened({ max: DEFAULT_TEXT_MAX, length: chars.length })));
      }
      state.text = chars.slice(0, DEFAULT_TEXT_MAX).join('');
      state.proposals = await deps.knowledge.suggestCategories(state.text, locale);
    } else {
      state.askDescribe = true;
    }
    return this.show(input.conversationKey, state, { before, step: this.firstOpenStep(state), replyState });
  }

  // ---- turns ----

  /** Input while no conversation is running. */
  private async outside(input: IntakeInput, startOpts: StartOptions = {}): Promise<IntakeReply> {
    const locale = this.localeOf(input);
    const m = intakeMessages[locale];
    if (input.action) {
      if (input.action.verb === 'intake_start') return this.start(input, startOpts);
      return {
        views: [messageView(locale, undefined, m.endedText, { actions: [startAction(locale)] })],
        state: 'idle',
      };
    }
    const command = input.text !== undefined ? parseCommand(input.text) : null;
    switch (command?.kind) {
      case 'help':
        return {
          views: [messageView(locale, m.helpTitle, m.idleHelp, { actions: [startAction(locale)] })],
          state: 'idle',
        };
      case 'cancel':
      case 'back':
      case 'skip':
        return {
          views: [messageView(locale, undefined, m.nothingToCancel, { actions: [startAction(locale)] })],
          state: 'idle',
        };
      default:
        return this.start(input, startOpts);
    }
  }

  /** Input within a running conversation (`record`: its stored record, read this turn). */
  private async turn(input: IntakeInput, state: IntakeState, record: ConversationRecord): Promise<IntakeReply> {
    const key = input.conversationKey;
    const m = intakeMessages[state.locale];
    const action = input.action;
    if (action) {
      switch (action.verb) {
        case 'intake_start':
          if (resumesForm(input, state))
            return this.show(key, state, { before: [messageView(state.locale, undefined, m.resumedNote)] });
          return this.start(input, { previous: record });
        case 'intake_cancel':
          // The form was closed (not its Cancel button): a draft with answers waits for the next start there.
          if (input.values?.[FORM_CLOSED_KEY] === true && holdsAnswers(state)) {
            return { views: [messageView(state.locale, undefined, m.formClosedKept)], state: 'active' };
          }
          return this.cancel(key, state);
        case 'intake_back':
          // A Back or Skip of a card left higher up in the chat (answered by typing) is an earlier form: it would go
          // back from, or skip, the step shown now, which that card does not show.
          if (action.shownAt !== undefined && action.shownAt !== state.step)
            return this.show(key, state, { note: m.staleForm });
          return this.back(key, state);
        case 'intake_skip':
          if (action.shownAt !== undefined && action.shownAt !== state.step)
            return this.show(key, state, { note: m.staleForm });
          return this.skip(key, state);
        case 'intake_edit':
          return this.edit(key, state, action.step);
        case 'intake_category':
          // A category button belongs to the category step's card: one left higher up in the chat, tapped at a
          // later step, is an earlier form (the area is changed with the summary's Edit or "back").
          if (state.step !== 'category' || state.mode === 'quick' || state.mode === 'template')
            return this.show(key, state, { note: m.staleForm });
          return this.answer(key, state, { values: { categoryId: action.categoryId } });
        case 'intake_answer': {
          if (action.step !== undefined && action.step !== state.step)
            return this.show(key, state, { note: m.staleForm });
          return this.answer(key, state, { values: { ...(input.values ?? {}), ...action.values } });
        }
        case 'intake_solved':
          if (state.step !== 'knowledge' || !state.knowledge?.articleIds.includes(action.articleId)) {
            return this.show(key, state, { note: m.staleForm });
          }
          return this.deflect(key, state, action.articleId);
        case 'intake_not_solved':
          if (state.step !== 'knowledge') return this.show(key, state, { note: m.staleForm });
          return this.answer(key, state, { text: 'no' });
        case 'intake_urgency':
          if (state.step === 'summary' && state.mode !== 'template') {
            state.urgency = action.urgency;
            return this.show(key, state);
          }
          if (state.step !== 'urgency') return this.show(key, state, { note: m.staleForm });
          return this.answer(key, state, { values: { urgency: action.urgency } });
        case 'intake_type':
          if (state.step === 'type') return this.answer(key, state, { values: { type: action.type } });
          if (state.categoryId === undefined || state.mode === 'template')
            return this.show(key, state, { note: m.staleForm });
          state.type = action.type;
          state.typeConfirmed = true;
          return this.show(key, state);
        case 'intake_confirm':
          if (state.step !== 'summary') return this.show(key, state, { note: m.staleForm });
          return this.confirm(key, state);
        case 'intake_join_major':
          if (shownOffer(state) !== action.parentId) return this.show(key, state, { note: m.staleForm });
          return this.joinMajor(key, state, action.parentId);
        case 'intake_not_major':
          if (shownOffer(state) === undefined) return this.show(key, state, { note: m.staleForm });
          return this.notMajor(key, state);
      }
    }
    const text = input.text ?? '';
    const command = parseCommand(text);
    if (command) return this.command(input, state, command, record);
    // "yes"/"ok" and "no"/"next" answer the offer only while it is what the person sees; at any later step they
    // are that step's answer.
    const offer = shownOffer(state);
    if (offer !== undefined && CONFIRM_WORDS.has(lower(text))) return this.joinMajor(key, state, offer);
    if (offer !== undefined && NOT_SOLVED_WORDS.has(lower(text))) return this.notMajor(key, state);
    if (text.trim() === '') return this.show(key, state);
    return this.answer(key, state, { text });
  }

  private async command(
    input: IntakeInput,
    state: IntakeState,
    command: IntakeCommand,
    record: ConversationRecord,
  ): Promise<IntakeReply> {
    const key = input.conversationKey;
    const m = intakeMessages[state.locale];
    switch (command.kind) {
      case 'cancel':
        return this.cancel(key, state);
      case 'back':
        return this.back(key, state);
      case 'skip':
        return this.skip(key, state);
      case 'help': {
        const kind = questionIdOf(state.step) !== undefined ? 'question' : state.step;
        const stepHelp = kind in m.helpStep ? m.helpStep[kind as keyof typeof m.helpStep] : m.helpStep.staff;
        return this.show(key, state, {
          before: [messageView(state.locale, m.helpTitle, `${m.helpText}\n\n${stepHelp}`)],
        });
      }
      default:
        return this.start(input, { previous: record });
    }
  }

  /** Applies an answer to the current step; a refused answer shows the step again with the reason. */
  private async answer(key: string, state: IntakeState, raw: Raw): Promise<IntakeReply> {
    const { catalogue } = this.deps;
    const m = intakeMessages[state.locale];
    const locale = state.locale;
    const get = (id: string): unknown => ('text' in raw ? raw.text : raw.values[id]);
    const refuse = (id: string, reason: string): Promise<IntakeReply> => {
      const value = get(id);
      return this.show(key, state, {
        errors: { [id]: reason },
        ...(typeof value === 'string' ? { rejected: { [id]: value } } : {}),
      });
    };
    const step = state.step;

    const question = questionOf(state, catalogue, step);
    if (question) {
      const today = localDateOf(this.now(), this.timeZone);
      const typed = validateAnswer(question, get(question.id), locale, today);
      // "ok"/"ja"/"next" typed at a question showing an answer (the description, an earlier or restored answer)
      // keeps that answer, as the form's Next button does; a valid answer of another kind ("ja" = yes) stands.
      const shown = 'text' in raw && KEEP_WORDS.has(lower(raw.text)) ? shownAnswer(state, question.id) : undefined;
      const keep = shown !== undefined && (question.kind === 'text' || !typed.ok);
      const check = keep ? validateAnswer(question, shown, locale, today) : typed;
      if (!check.ok) return refuse(question.id, check.reason);
      // The known solutions were looked for with the problem as first described: a new description (changed from
      // the summary, or with Back) has them looked for, and offered, again.
      if (question.id === 'what' && state.knowledge && check.value !== state.answers['what']) delete state.knowledge;
      state.answers[question.id] = check.value;
      return this.advance(key, state);
    }

    switch (step) {
      case 'describe': {
        const value = get('description');
        const text = typeof value === 'string' ? cleanText(value, { multiline: true }) : '';
        if (text === '') return refuse('description', m.required);
        const length = [...text].length;
        if (length > DEFAULT_TEXT_MAX) return refuse('description', m.tooLong({ max: DEFAULT_TEXT_MAX, length }));
        state.text = text;
        state.proposals = await this.deps.knowledge.suggestCategories(text, locale);
        return this.advance(key, state);
      }
      case 'category': {
        const value = str(get('categoryId')) ?? '';
        const options = this.categoryOptions(state);
        // An area's name in the other language (a card shown before the language changed) is that area too.
        const other = catalogue.catalogue.categories.map((c) => ({ value: c.id, label: c.name[OTHER_LOCALE[locale]] }));
        const id = matchOption(options, value) ?? matchOption(other, value);
        if (id === undefined) {
          if ('text' in raw && value !== '') {
            // Typed more description instead of choosing: propose again from it.
            state.text = state.text ? `${state.text}\n${value}` : value;
            state.proposals = await this.deps.knowledge.suggestCategories(value, locale);
            return this.show(key, state);
          }
          return refuse('categoryId', m.notAnOption({ options: options.map((o) => o.label).join(', ') }));
        }
        if (this.ordersIn(id)) return this.offerOrder(key, state);
        this.setCategory(state, id);
        return (await this.offerMajor(key, state)) ?? this.advance(key, state);
      }
      case 'type': {
        const value = str(get('type')) ?? '';
        const options = (['incident', 'service_request'] as const).map((t) => ({ value: t, label: m.typeNames[t] }));
        let type = matchOption(options, value) as CaseType | undefined;
        type ??= wordMatch(TYPE_WORDS, value);
        if (type === undefined && 'text' in raw && KEEP_WORDS.has(lower(value))) type = state.type;
        if (type === undefined) {
          return refuse('type', m.notAnOption({ options: options.map((o) => m.typeShort[o.value]).join(', ') }));
        }
        state.type = type;
        state.typeConfirmed = true;
        return this.advance(key, state);
      }
      case 'knowledge': {
        const value = lower(str(get('answer')) ?? '');
        const ids = state.knowledge?.articleIds ?? [];
        const n = /^\d{1,2}$/.test(value) ? Number(value) : 0;
        const picked = ids[n - 1];
        if (picked !== undefined) return this.deflect(key, state, picked);
        if (NOT_SOLVED_WORDS.has(value)) {
          state.knowledge = { articleIds: ids, done: true };
          return this.advance(key, state);
        }
        return this.show(key, state, { note: m.helpStep.knowledge });
      }
      case 'urgency': {
        const value = str(get('urgency')) ?? '';
        const options = urgencyChoices(locale);
        const urgency = (matchOption(options, value) as Level | undefined) ?? wordMatch(URGENCY_WORDS, value);
        if (urgency === undefined) return refuse('urgency', m.notAnOption({ options: '1, 2, 3' }));
        state.urgency = urgency;
        return this.advance(key, state);
      }
      case 'summary': {
        if ('text' in raw && CONFIRM_WORDS.has(lower(raw.text))) return this.confirm(key, state);
        return this.show(key, state, { note: m.helpStep.summary });
      }
      case 'person': {
        const candidates = state.onBehalf?.candidates ?? [];
        const options = candidates.map((p) => ({ value: p.id, label: p.name }));
        const value = str(get('personId')) ?? '';
        const id = matchOption(options, value) ?? candidates.find((p) => p.email?.toLowerCase() === lower(value))?.id;
        const user = candidates.find((p) => p.id === id);
        if (!user || !state.onBehalf)
          return refuse('personId', m.notAnOption({ options: options.map((o) => o.label).join(', ') }));
        state.onBehalf.user = user;
        return this.advance(key, state);
      }
      case 'channel': {
        const channel = this.channelFrom(get('intakeChannel'));
        if (!channel || !state.onBehalf) {
          return refuse('intakeChannel', m.notAnOption({ options: `${m.channelNames.phone}, ${m.channelNames.desk}` }));
        }
        state.onBehalf.channel = channel;
        return this.advance(key, state);
      }
      case 'quick':
        return this.registerQuick(key, state, raw, []);
      case 'template': {
        const options = catalogue.catalogue.caseTemplates.map((t) => ({ value: t.id, label: t.name[locale] }));
        // Typed by its name, or as the list shows it ("… (opens the order form)", a long name cut) or with the name
        // whole before the mark; a number is the list's.
        const marked = templateChoices(catalogue, locale).filter((t) => t.order);
        const whole = marked.map((t) => ({ value: t.value, label: t.whole }));
        const id = matchOption([...options, ...marked, ...whole], str(get('templateId')) ?? '');
        if (id === undefined)
          return refuse('templateId', m.notAnOption({ options: options.map((o) => o.label).join(', ') }));
        const categoryId = catalogue.catalogue.caseTemplates.find((t) => t.id === id)?.categoryId;
        if (categoryId !== undefined && this.ordersIn(categoryId)) return this.openOrder(key, state, id, [], true);
        this.applyTemplate(state, id);
        return this.advance(key, state);
      }
      default:
        return this.show(key, state, { note: m.staleForm });
    }
  }

  private async advance(key: string, state: IntakeState): Promise<IntakeReply> {
    state.history.push(state.step);
    return this.show(key, state, { step: nextStep(state, this.deps.catalogue) });
  }

  private async back(key: string, state: IntakeState): Promise<IntakeReply> {
    // From the order offer back to the areas it was the answer of (`show` takes the offer down).
    if (state.orderOffer) return this.show(key, state);
    const previous = state.history.pop();
    if (previous === undefined) return this.show(key, state, { note: intakeMessages[state.locale].nothingToGoBackTo });
    state.step = previous;
    return this.show(key, state);
  }

  private async skip(key: string, state: IntakeState): Promise<IntakeReply> {
    const m = intakeMessages[state.locale];
    const question = questionOf(state, this.deps.catalogue, state.step);
    if (question && !question.required) {
      state.answers[question.id] = null;
      return this.advance(key, state);
    }
    if (state.step === 'describe') {
      state.text = '';
      state.proposals = [];
      return this.advance(key, state);
    }
    const inputId = question?.id ?? stepView(this.viewContext(state)).form?.inputs[0]?.id;
    return this.show(key, state, inputId ? { errors: { [inputId]: m.requiredNoSkip } } : { note: m.requiredNoSkip });
  }

  private async edit(key: string, state: IntakeState, step: string): Promise<IntakeReply> {
    const m = intakeMessages[state.locale];
    if (state.step !== 'summary') return this.show(key, state, { note: m.staleForm });
    const steps = editableSteps(state, this.deps.catalogue);
    const target = steps.find((s) => s === step);
    if (!target) {
      const labels = steps.map((s) => stepLabel(s, state, this.deps.catalogue)).join(', ');
      return this.show(key, state, { errors: { step: m.notAnOption({ options: labels }) } });
    }
    state.history.push('summary');
    state.editing = true;
    return this.show(key, state, { step: target });
  }

  private async cancel(key: string, state: IntakeState): Promise<IntakeReply> {
    await this.deps.store.deleteConversation(key);
    const m = intakeMessages[state.locale];
    return { views: [messageView(state.locale, m.cancelledTitle, m.cancelledText)], state: 'cancelled' };
  }

  // ---- equipment orders (issue 11) ----

  /**
   * Whether picking `categoryId` sends the person to the order form: it is the category orders are registered in
   * (`orders.categoryId`) and the catalogue has items to order (without them there are no orders).
   */
  private ordersIn(categoryId: string): boolean {
    return opensOrderForm(this.deps.catalogue, categoryId);
  }

  /**
   * The purchase category picked: equipment is ordered with the order form (catalogue, price, manager's approval),
   * so that is offered instead of the category's questions, which would register a plain request with none of
   * them. The category is not taken; the draft waits at the category step with the offer (`IntakeState.orderOffer`).
   */
  private async offerOrder(key: string, state: IntakeState): Promise<IntakeReply> {
    delete state.majorOffer;
    state.orderOffer = true;
    await this.save(key, state);
    return { views: [orderOfferView(state, this.deps.catalogue)], state: 'active' };
  }

  /**
   * A case template in the orders' category: equipment is ordered with the order form (catalogue, price, delivery
   * date, manager's approval), so the template opens it instead of registering a plain request (`IntakeReply.order`,
   * started by the conversation router). The form is pre-filled with the template's items and, as the order's note,
   * its description; for the person staff named (on behalf: the one found, else what was searched for, which the
   * order's details step looks up), else for staff themselves. `drop`: the intake draft under the key is removed
   * (the order replaces it).
   */
  private async openOrder(
    key: string,
    state: IntakeState,
    templateId: string,
    before: MessageView[],
    drop: boolean,
  ): Promise<IntakeReply> {
    const template = this.deps.catalogue.catalogue.caseTemplates.find((t) => t.id === templateId);
    if (!template) return this.show(key, state, { note: intakeMessages[state.locale].staleForm });
    if (drop) await this.deps.store.deleteConversation(key);
    const user = state.onBehalf?.user;
    const onBehalfOf = user ? (user.email ?? user.name) : state.onBehalf?.query;
    const note = template.description?.[state.locale];
    return {
      views: before,
      state: 'idle',
      order: {
        template: { id: template.id, name: template.name[state.locale] },
        quantities: Object.fromEntries((template.items ?? []).map((i) => [i.id, i.quantity])),
        ...(note ? { note } : {}),
        ...(onBehalfOf ? { onBehalfOf } : {}),
      },
    };
  }

  // ---- major incidents (issue 9) ----

  /** An open major incident for the chosen category or the text, not declined yet: offered before going on. */
  private async offerMajor(key: string, state: IntakeState): Promise<IntakeReply | null> {
    const majors = this.deps.majors;
    if (!majors || state.mode === 'quick' || state.mode === 'template') return null;
    // The person the report is for: the one registered for, when staff register on her behalf.
    const person = state.onBehalf?.user ?? state.actor;
    const match = await majors.matchForIntake(state.categoryId, state.text ?? '', state.locale, person);
    if (!match || state.majorDeclined?.includes(match.parentId)) return null;
    state.majorOffer = match.parentId;
    await this.save(key, state);
    return { views: [forDraft(match.view, state.draftId)], state: 'active' };
  }

  /**
   * "Add me to the affected": registers a case linked to the major incident in one step and ends. The incident
   * may have been resolved while the offer was on screen: the person then goes on with an ordinary report (a case
   * linked to a resolved incident would be open with nobody watching it). A person already on its list (a second
   * chat, the other platform) is told so, and no second case is made; the case this very draft registered on a try
   * that failed half-way is not "already joined": the retry finishes the join.
   */
  private async joinMajor(key: string, state: IntakeState, parentId: string): Promise<IntakeReply> {
    const majors = this.deps.majors;
    const m = intakeMessages[state.locale];
    if (!majors) return this.show(key, state, { note: m.staleForm });
    const open = majors.openParent ? await majors.openParent(parentId) : { number: '' };
    if (!open) {
      delete state.majorOffer;
      state.majorDeclined = [...(state.majorDeclined ?? []), parentId];
      state.history.push(state.step);
      return this.show(key, state, { step: nextStep(state, this.deps.catalogue), note: m.majorOver });
    }
    const idempotencyKey = registrationKey(key, state);
    const found = majors.linkedReport ? await majors.linkedReport(parentId, state.onBehalf?.user ?? state.actor) : null;
    // This draft's own case (registered by a try whose later writes failed) is no other report: the registration
    // below returns it, and `joined` counts it on the parent.
    const already = found && found.id !== caseIdFor(idempotencyKey) ? found : null;
    if (already) {
      await this.deps.store.deleteConversation(key);
      const text = m.majorAlreadyJoined({ number: already.number, parent: open.number });
      return { views: [{ kind: 'message', locale: state.locale, text }], state: 'done', case: already };
    }
    const c = await this.deps.register({ ...this.registration(state), parentId, idempotencyKey }, state.actor);
    await this.deps.store.deleteConversation(key);
    return { views: [await majors.joined(c, state.locale)], state: 'done', case: c };
  }

  /** "My problem is different": never offered that incident again in this conversation; the questions go on. */
  private async notMajor(key: string, state: IntakeState): Promise<IntakeReply> {
    const declined = state.majorOffer;
    delete state.majorOffer;
    if (declined !== undefined) state.majorDeclined = [...(state.majorDeclined ?? []), declined];
    return this.advance(key, state);
  }

  // ---- registration ----

  private async confirm(key: string, state: IntakeState): Promise<IntakeReply> {
    const missing = stepsOf(state, this.deps.catalogue).find((s) => s !== 'summary' && !isComplete(state, s));
    if (missing) {
      state.editing = true;
      return this.show(key, state, { step: missing });
    }
    const c = await this.deps.register(
      { ...this.registration(state), idempotencyKey: registrationKey(key, state) },
      state.actor,
    );
    await this.deps.store.deleteConversation(key);
    return { views: [doneView(c, state, this.deps.catalogue)], state: 'done', case: c };
  }

  /**
   * "This solved it": registers the case already resolved with the article, as a quick case (no channel card).
   * On a case staff register for someone (phone, desk) the solution is worded for the case, in the user's language
   * (their receipt quotes it), and staff are told the user gets that receipt. The person's own, from a form (Slack's
   * modal, which closes): the same words go to their DM too, in the same store write as the case (one message per
   * case), as a report from the form gets its receipt there; a chat keeps them in the conversation.
   */
  private async deflect(key: string, state: IntakeState, articleId: string): Promise<IntakeReply> {
    const article = await this.deps.store.getArticle(articleId);
    const m = intakeMessages[state.locale];
    if (!article) return this.show(key, state, { note: m.staleForm });
    const registration = this.registration(state);
    const onBehalf = state.onBehalf?.user;
    const solution = onBehalf
      ? intakeMessages[registration.locale].deflectedForSolution(article.title)
      : m.deflectedSolution(article.title);
    const input: RegistrationInput = {
      ...registration,
      resolvedWith: { solution, articleId: article.id, quick: true },
    };
    const done = (c: Case): MessageView => {
      const [title, text] = onBehalf
        ? [m.deflectedForTitle, m.deflectedForText({ number: c.number, user: onBehalf.name })]
        : [m.deflectedTitle, m.deflectedText({ number: c.number })];
      return messageView(state.locale, title, text, { facts: [{ label: m.factNumber, value: c.number }] });
    };
    const inDm =
      !onBehalf && state.surface === 'form'
        ? (c: Case) => [
            draft(
              `${c.id}:receipt:${c.user.id}`,
              { kind: 'send_person', person: toRef(c.user), view: done(c) },
              { caseId: c.id },
            ),
          ]
        : undefined;
    const c = await this.deps.register({ ...input, idempotencyKey: registrationKey(key, state) }, state.actor, inDm);
    await this.deps.store.deleteConversation(key);
    return { views: [done(c)], state: 'done', case: c };
  }

  /**
   * Registers the quick case the staff member picked, once: from the quick step it is keyed by the draft (as a
   * confirm is); picked directly (`direct`, no draft) by the chat and the `pick` the button carries (the done view
   * of a quick case offers "one more" with the registered case's id as its `pick`), so a double click or a retry of
   * that button gives the case already registered, while the next person's pick, from the next done view, is a
   * case of its own. A direct pick without a `pick` names no submission and is always a new case (quick cases name
   * nobody: the same quick case twice in a row is two people helped). `direct.previous`: the record under the key
   * before the pick; with none there is nothing to remove, so no write can fail after the registration.
   */
  private async registerQuick(
    key: string,
    state: IntakeState,
    raw: Raw,
    before: MessageView[],
    direct?: { previous: ConversationRecord | null },
  ): Promise<IntakeReply> {
    const { catalogue } = this.deps;
    const locale = state.locale;
    const m = intakeMessages[locale];
    const get = (id: string): unknown =>
      'text' in raw ? (id === 'quickCaseId' ? raw.text : undefined) : raw.values[id];
    const options = catalogue.catalogue.quickCases.map((q) => ({ value: q.id, label: q.name[locale] }));
    const id = matchOption(options, str(get('quickCaseId')) ?? '');
    const quick = catalogue.catalogue.quickCases.find((q) => q.id === id);
    const category = quick ? catalogue.category(quick.categoryId) : undefined;
    if (!quick || !category) {
      return this.show(key, state, {
        before,
        errors: { quickCaseId: m.notAnOption({ options: options.map((o) => o.label).join(', ') }) },
      });
    }
    const note = str(get('note'))?.slice(0, 500);
    const channel = this.channelFrom(get('intakeChannel')) ?? 'desk';
    const urgency: Level = 'low';
    const pick = direct ? str(get('pick'))?.slice(0, PICK_MAX) : undefined;
    const idempotencyKey = !direct
      ? registrationKey(key, state)
      : pick !== undefined
        ? directQuickKey(key, pick, { quickCaseId: quick.id, channel, note: note ?? '' })
        : undefined;
    const c = await this.deps.register(
      {
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        type: category.type,
        categoryId: category.id,
        title: quick.title[locale],
        description: note ?? quick.title[locale],
        answers: note ? { note } : {},
        impact: category.impact,
        urgency,
        user: ANONYMOUS_QUICK,
        reporter: state.actor,
        intakeChannel: channel,
        locale,
        resolvedWith: { solution: quick.solution[locale], quick: true },
      },
      state.actor,
    );
    if (!direct || direct.previous !== null) await this.deps.store.deleteConversation(key);
    return {
      views: [
        ...before,
        messageView(locale, m.quickDoneTitle, m.quickDoneText({ number: c.number, title: quick.title[locale] }), {
          facts: [{ label: m.factNumber, value: c.number }],
          actions: [quickAgainAction(locale, quick, channel, c)],
        }),
      ],
      state: 'done',
      case: c,
    };
  }

  /** The registration the finished conversation stands for. */
  private registration(state: IntakeState): RegistrationInput {
    const { catalogue } = this.deps;
    const category = catalogue.category(state.categoryId ?? '');
    if (!category) throw new Error(`intake: no category in a conversation at ${state.step}`);
    const what = typeof state.answers['what'] === 'string' ? state.answers['what'] : (state.text ?? '');
    const title = state.template?.title ?? (firstLine(what, TITLE_MAX) || category.name[state.locale]);
    const user = state.onBehalf?.user ?? state.actor;
    const impact = category.impact;
    const urgency = state.urgency ?? this.urgencyFor(impact, state.template?.priority) ?? 'medium';
    return {
      type: state.type ?? category.type,
      categoryId: category.id,
      title,
      description: what.trim() || title,
      answers: { ...state.answers },
      impact,
      urgency,
      ...(state.template ? { priority: state.template.priority } : {}),
      ...(state.template?.groupId ? { groupId: state.template.groupId } : {}),
      user,
      ...(state.onBehalf?.user ? { reporter: state.actor } : {}),
      ...(state.attachments?.length ? { attachments: state.attachments } : {}),
      // The registered view stays in a chat: no second confirmation (a modal closes: the receipt stays).
      receipt: state.surface === 'form',
      intakeChannel: state.onBehalf?.channel ?? state.platform,
      locale: state.onBehalf?.user?.locale ?? state.locale,
    };
  }

  /** The urgency that gives a template's priority at the category's impact (so the matrix agrees), if any. */
  private urgencyFor(impact: Level, priority: string | undefined): Level | undefined {
    if (!priority) return undefined;
    return (['high', 'medium', 'low'] as const).find((u) => this.deps.catalogue.priorityFor(impact, u) === priority);
  }

  // ---- state changes ----

  private setCategory(state: IntakeState, categoryId: string): void {
    const category = this.deps.catalogue.category(categoryId);
    if (!category || state.categoryId === categoryId) return;
    state.categoryId = categoryId;
    state.type = category.type;
    state.typeConfirmed = false;
    // The known solutions were looked for in the old category: the new one's are looked for (and offered) again.
    delete state.knowledge;
    const keep = new Set(this.deps.catalogue.questionsFor(categoryId).map((q) => q.id));
    for (const id of Object.keys(state.answers)) if (!keep.has(id)) delete state.answers[id];
  }

  private applyTemplate(state: IntakeState, templateId: string): void {
    const template = this.deps.catalogue.catalogue.caseTemplates.find((t) => t.id === templateId);
    const category = template ? this.deps.catalogue.category(template.categoryId) : undefined;
    if (!template || !category) return;
    this.setCategory(state, category.id);
    state.typeConfirmed = true;
    state.template = {
      id: template.id,
      priority: template.priority,
      ...(template.groupId ? { groupId: template.groupId } : {}),
      title: template.title[state.locale],
    };
    const description = template.description?.[state.locale];
    if (description && state.prefill['what'] === undefined) state.prefill['what'] = description;
  }

  private categoryOptions(state: IntakeState): { value: string; label: string }[] {
    const { catalogue } = this.deps;
    const proposed = state.proposals.map((p) => p.categoryId).filter((id) => catalogue.category(id));
    const rest = catalogue.catalogue.categories.map((c) => c.id).filter((id) => !proposed.includes(id));
    return [...proposed, ...rest].map((id) => ({ value: id, label: catalogue.category(id)?.name[state.locale] ?? id }));
  }

  /** Whether someone's name or address is `query` as written (any case, spaces as one): not just found by it. */
  private async namedExactly(query: string): Promise<boolean> {
    const wanted = query.trim().replace(/\s+/g, ' ').toLowerCase();
    const found = await this.deps.directory.search(query, PERSON_CANDIDATES);
    const same = (s: string | undefined) => s?.trim().replace(/\s+/g, ' ').toLowerCase() === wanted;
    return found.some((p) => same(p.name) || same(p.email));
  }

  private channelFrom(raw: unknown): 'phone' | 'desk' | undefined {
    const value = str(raw);
    if (!value) return undefined;
    const m = intakeMessages.da;
    const e = intakeMessages.en;
    const options = [
      { value: 'phone', label: e.channelNames.phone },
      { value: 'desk', label: e.channelNames.desk },
    ];
    const matched =
      matchOption(options, value) ??
      matchOption(
        [
          { value: 'phone', label: m.channelNames.phone },
          { value: 'desk', label: m.channelNames.desk },
        ],
        value,
      );
    return (matched as 'phone' | 'desk' | undefined) ?? wordMatch(CHANNEL_WORDS, value);
  }

  private firstOpenStep(state: IntakeState): StepId {
    return stepsOf(state, this.deps.catalogue).find((s) => !isComplete(state, s)) ?? 'summary';
  }

  // ---- showing and saving ----

  /**
   * Moves to `step` (default: stay), runs the known-solutions search when entering that step (skipping it when
   * nothing matches), saves the state with a fresh expiry and renders the step.
   */
  private async show(
    key: string,
    state: IntakeState,
    opts: Partial<Pick<StepViewContext, 'errors' | 'rejected' | 'note'>> & {
      step?: StepId;
      before?: MessageView[];
      replyState?: IntakeReply['state'];
    } = {},
  ): Promise<IntakeReply> {
    // A step is shown, so a major-incident offer (or the order offer) no longer is: "yes"/"no" from here on answer
    // the step.
    delete state.majorOffer;
    delete state.orderOffer;
    if (opts.step !== undefined && opts.step !== state.step) {
      state.step = opts.step;
      if (state.step === 'knowledge' && !state.knowledge?.done) await this.enterKnowledge(state);
    }
    const articles = state.step === 'knowledge' ? await this.articles(state) : [];
    let { note } = opts;
    if (state.step === 'knowledge' && state.knowledge) {
      // A known solution withdrawn since the list was made (its case went back to work) is not shown, and the
      // list kept is the one shown: a typed "2" is the second article on screen, not on the list first made.
      state.knowledge.articleIds = articles.map((a) => a.id);
      if (articles.length === 0) {
        // None left: the step is passed over, as when the search found none.
        state.knowledge.done = true;
        state.step = nextStep(state, this.deps.catalogue);
        note = undefined;
      }
    }
    if (state.step === 'summary') state.editing = false;
    await this.save(key, state);
    const view = stepView({
      ...this.viewContext(state),
      ...(opts.errors ? { errors: opts.errors } : {}),
      ...(opts.rejected ? { rejected: opts.rejected } : {}),
      ...(note ? { note } : {}),
      articles,
    });
    return {
      views: [...(opts.before ?? []), view],
      state: opts.replyState ?? 'active',
      ...(opts.errors ? { errors: opts.errors } : {}),
    };
  }

  /** Saves the state with a fresh expiry. */
  private async save(key: string, state: IntakeState): Promise<void> {
    const now = this.now();
    await this.deps.store.saveConversation({
      key,
      state: state as unknown as Record<string, unknown>,
      updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.idleMs).toISOString(),
    });
  }

  /**
   * Searches known solutions for what the user said the problem is (the first message and the "what" answer);
   * with none, the step is passed over. The other answers (where, who, when, the printer's or room's number)
   * describe the circumstances, not the problem: their everyday words ("from home", "my phone", "AU ID") matched
   * unrelated how-tos, so they are not searched.
   */
  private async enterKnowledge(state: IntakeState): Promise<void> {
    const texts = [state.text, state.answers['what']].filter(
      (t): t is string => typeof t === 'string' && t.trim() !== '',
    );
    const hits = await this.deps.knowledge.suggest([...new Set(texts)].join('\n'), {
      locale: state.locale,
      ...(state.categoryId ? { categoryId: state.categoryId } : {}),
      limit: 3,
    });
    state.knowledge = { articleIds: hits.map((h) => h.article.id), done: hits.length === 0 };
    if (hits.length === 0) state.step = nextStep(state, this.deps.catalogue);
  }

  private async articles(state: IntakeState) {
    const found = await Promise.all((state.knowledge?.articleIds ?? []).map((id) => this.deps.store.getArticle(id)));
    return found.filter((a) => a !== null);
  }

  private viewContext(state: IntakeState): StepViewContext {
    return { state, catalogue: this.deps.catalogue, isStaff: this.deps.isStaff(state.actor) };
  }

  /**
   * An expired draft: a note listing what was answered, then a fresh start with those answers pre-filled (but for
   * "what" when the turn brings a new description) and the draft's files, person and template (see
   * `StartOptions.resume`). The new draft is saved over the expired one,
   * which stays until then: when the store fails meanwhile, the next turn finds it and restarts it again.
   */
  private async onExpired(input: IntakeInput, record: ConversationRecord): Promise<IntakeReply> {
    const old = parseIntakeState(record.state);
    const locale = input.locale || input.person.locale ? this.localeOf(input) : (old?.locale ?? this.localeOf(input));
    const m = intakeMessages[locale];
    const facts = old ? answeredFacts({ ...old, locale }, this.deps.catalogue) : [];
    const hours = Math.round(this.idleMs / 3_600_000);
    const note = messageView(
      locale,
      m.expiredTitle,
      facts.length > 0 ? m.expiredText({ hours }) : `${m.expiredText({ hours })}\n\n${m.expiredNothing}`,
      {
        ...(facts.length > 0 ? { facts } : {}),
      },
    );
    const command = input.text !== undefined ? parseCommand(input.text) : null;
    // A start with a description (Slack's `/incident new <text>`) is a new description as a message is.
    const newText = (input.action && input.action.verb !== 'intake_start') || command ? undefined : str(input.text);
    const text = newText ?? (old?.text || undefined);
    const prefill: IntakeState['prefill'] = { ...(old?.prefill ?? {}), ...(old?.answers ?? {}) };
    // A new description is another problem (or another wording of it): "what" then shows the new one, not the
    // expired draft's answer about what was written before.
    if (newText !== undefined && newText !== old?.text) delete prefill['what'];
    return this.start(input, {
      prefill,
      ...(text !== undefined ? { text } : {}),
      before: [note],
      replyState: 'expired',
      previous: record,
      ...(old ? { resume: old } : {}),
    });
  }

  private expired(record: ConversationRecord): boolean {
    return record.expiresAt <= this.now().toISOString();
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private localeOf(input: IntakeInput): Locale {
    return pickLocale(input.locale ?? input.person.locale, this.deps.defaultLocale);
  }
}

/**
 * One registration per intake draft: a confirm (or "this solved it", "add me") retried after the store failed
 * half-way returns the case already registered instead of making a second one. The draft is the chat, its start and
 * its random id (as the order engine's), so two drafts of one chat started in the same millisecond differ; a draft
 * stored before drafts had an id keeps the key it had.
 */
function registrationKey(conversationKey: string, state: IntakeState): string {
  return `intake:${conversationKey}:${state.startedAt}${state.draftId ? `:${state.draftId}` : ''}`;
}

/**
 * The key of a quick case picked directly, without a draft: the chat, the `pick` of the button that sent it and what
 * was submitted. A double click or a retry of the same button gives the same key; another button (the next done
 * view's), another note or another quick case gives another.
 */
function directQuickKey(
  conversationKey: string,
  pick: string,
  submitted: { quickCaseId: string; channel: string; note: string },
): string {
  return `intake:${conversationKey}:quick:${JSON.stringify([pick, submitted.quickCaseId, submitted.channel, submitted.note])}`;
}

/**
 * Whether a turn on a draft registers a case (confirm, "this solved it", "add me" to a major incident, a quick
 * case): the store failing then is "could not register, your answers are kept"; any other turn only saves an answer.
 */
function registers(input: IntakeInput, state: IntakeState): boolean {
  const verb = input.action?.verb;
  if (verb === 'intake_confirm' || verb === 'intake_solved' || verb === 'intake_join_major') return true;
  if (verb === 'intake_start') return str(input.values?.['quickCaseId']) !== undefined;
  if (verb === 'intake_answer') return state.step === 'quick' || state.step === 'summary';
  if (input.action || input.text === undefined || parseCommand(input.text)) return false;
  const text = lower(input.text);
  if (shownOffer(state) !== undefined) return CONFIRM_WORDS.has(text);
  if (state.step === 'summary') return CONFIRM_WORDS.has(text);
  if (state.step === 'knowledge') return /^\d{1,2}$/.test(text);
  return state.step === 'quick';
}

/** A person as written after `new for`: a mention ("@Anna Berg", as both transports write one) by the name it shows. */
function unmention(query: string): string {
  return query.replace(/^@(?=\S)/, '');
}

/**
 * Whether `named` (an on-behalf start's `onBehalfOf`) is the person of a draft for someone: their address, or what
 * staff wrote for them (any case).
 */
function namesPerson(onBehalf: NonNullable<IntakeState['onBehalf']>, named: string): boolean {
  const wanted = named.trim().toLowerCase();
  return onBehalf.user?.email?.toLowerCase() === wanted || onBehalf.query.trim().toLowerCase() === wanted;
}

/** The draft the clicked button belongs to (`IntakeState.draftId`); undefined for text and for unmarked buttons. */
function clickedDraft(action: IntakeAction | undefined): string | undefined {
  return action && 'draft' in action ? action.draft : undefined;
}

/**
 * Whether a turn takes up a report that ended with the order offer: back to the areas, cancel (the button or the
 * word), or another area picked on the category card still shown higher up in the chat.
 */
function takesUpOrderOffer(input: IntakeInput): boolean {
  const verb = input.action?.verb;
  if (verb !== undefined) return verb === 'intake_back' || verb === 'intake_cancel' || verb === 'intake_category';
  const kind = input.text !== undefined ? parseCommand(input.text)?.kind : undefined;
  return kind === 'back' || kind === 'cancel';
}

/** Whether a turn starts a new report: the start action, or "new" (also "new for …", "quick", "template") written. */
function startsOver(input: IntakeInput): boolean {
  if (input.action) return input.action.verb === 'intake_start';
  const kind = input.text !== undefined ? parseCommand(input.text)?.kind : undefined;
  return kind === 'new' || kind === 'new_for' || kind === 'quick' || kind === 'template';
}

/**
 * Whether a draft holds something the person gave: a step taken, an answer, the description written with the start
 * (`/incident new <text>`), answers restored from an expired draft or a template, the person found for an
 * on-behalf report, or files.
 */
function holdsAnswers(state: IntakeState): boolean {
  return (
    state.history.length > 0 ||
    Object.keys(state.answers).length > 0 ||
    Object.keys(state.prefill).length > 0 ||
    (state.text ?? '').trim() !== '' ||
    state.onBehalf?.user !== undefined ||
    (state.attachments?.length ?? 0) > 0
  );
}

/**
 * Whether a plain start in a form (Slack's `/incident new`, the shortcut, App Home: no description, no staff path)
 * goes on with the form's draft instead of replacing it: a draft kept when its form was closed with answers in it.
 */
function resumesForm(input: IntakeInput, state: IntakeState): boolean {
  if (input.surface !== 'form' || state.surface !== 'form' || !holdsAnswers(state)) return false;
  if (input.text !== undefined && input.text.trim() !== '') return false;
  const values = input.values ?? {};
  return !['onBehalfOf', 'mode', 'quickCaseId', 'templateId'].some((k) => values[k] !== undefined);
}

/** The major incident offered right now, if the offer is what the person sees (it is made at the category step). */
function shownOffer(state: IntakeState): string | undefined {
  return state.step === 'category' ? state.majorOffer : undefined;
}

/**
 * Adds files to a draft, up to `ATTACHMENTS_PER_CASE` in all; returns the note for the person: what was kept and,
 * past the limit, what was not.
 */
function attachFiles(state: IntakeState, files: readonly AttachmentRef[]): string {
  const had = state.attachments ?? [];
  const taken = files.slice(0, Math.max(0, ATTACHMENTS_PER_CASE - had.length));
  const left = files.slice(taken.length);
  if (taken.length > 0) state.attachments = [...had, ...taken];
  return [
    taken.length > 0 ? attachmentTexts.keptWithReport[state.locale](fileNames(taken)) : '',
    left.length > 0 ? attachmentTexts.tooMany[state.locale](fileNames(left), ATTACHMENTS_PER_CASE) : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
