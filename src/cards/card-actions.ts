import { z } from 'zod';
import { RESERVED_QUESTION_IDS } from '../config/catalogue-schema.js';
import { CASE_STATUSES, CASE_TYPES, LEVELS, PRIORITIES } from '../models/case.js';
import { fail, ok, type Result } from '../models/errors.js';

/**
 * Longest free text staff may submit (notes, solutions, reasons, the status form's question, a major incident's
 * update): the forms say the same (`maxLength`; Slack's inputs stop at its own 3000).
 */
export const MAX_ACTION_TEXT = 20_000;
/** Longest comment a user sends with an answer: the rating's "Comment", "What is still wrong?" (as the forms say). */
export const MAX_COMMENT = 2000;
/** Longest short text a form takes on one line (the status form's vendor and vendor's reference). */
export const MAX_SHORT_TEXT = 500;
/** Longest e-mail address the assign form takes. */
export const MAX_EMAIL = 320;

/**
 * Spaces and characters that show nothing: Unicode's format characters (the zero-width space, joiners and word
 * joiner, direction marks, the soft hyphen, the byte-order mark), which `trim` keeps.
 */
const SHOWS_NOTHING = /^[\s\p{Cf}]*$/u;
/**
 * Whether a typed text shows nothing: empty, blank, or only invisible characters (a zero-width space pasted from a
 * web page or chat), so it is no note, solution or reason, as an empty one is not.
 */
export const showsNothing = (v: string): boolean => SHOWS_NOTHING.test(v);
/** Adaptive Card inputs submit "" for an untouched optional field: treat blank (`showsNothing`) as absent. */
const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && showsNothing(v) ? undefined : v);
/** A required text that shows nothing is an empty one (refused as missing). */
const nothingToEmpty = (v: unknown): unknown => (typeof v === 'string' && showsNothing(v) ? '' : v);
/** Adaptive Card inputs submit numbers as strings: "3" becomes 3, anything else is left for zod to refuse. */
const numeric = (v: unknown): unknown => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v);

const id = z.string().trim().min(1).max(200);
const text = z.preprocess(nothingToEmpty, z.string().trim().min(1).max(MAX_ACTION_TEXT));
const optionalText = z.preprocess(blankToUndefined, z.string().trim().max(MAX_ACTION_TEXT).optional());
const optionalShort = z.preprocess(blankToUndefined, z.string().trim().max(MAX_SHORT_TEXT).optional());
const optionalComment = z.preprocess(blankToUndefined, z.string().trim().max(MAX_COMMENT).optional());
const version = z.preprocess(numeric, z.number().int().min(0));

/** The case an action acts on and the version the card was rendered from (optimistic concurrency). */
const onCase = { caseId: id, version };

const answerValue = z.union([z.string().max(MAX_ACTION_TEXT), z.boolean(), z.number(), z.null()]);

const claim = z.object({ verb: z.literal('claim'), ...onCase });
const assign = z
  .object({
    verb: z.literal('assign'),
    ...onCase,
    assigneeEmail: z.preprocess(blankToUndefined, z.email().max(MAX_EMAIL).optional()),
    assigneeId: z.preprocess(blankToUndefined, id.optional()),
  })
  .refine((a) => a.assigneeEmail !== undefined || a.assigneeId !== undefined, {
    path: ['assigneeId'],
    message: 'assigneeId or assigneeEmail is missing: choose who to assign the case to.',
  });
const unassign = z.object({ verb: z.literal('unassign'), ...onCase });
const setStatus = z.object({
  verb: z.literal('set_status'),
  ...onCase,
  status: z.enum(CASE_STATUSES),
  vendorName: optionalShort,
  vendorRef: optionalShort,
  question: optionalText,
});
/**
 * Staff's classification of a case (PROCESS.md, handling steps 2–4): its category, type and priority. A field left
 * out (or blank) stays as it is; the form pre-fills all three, so a submission normally carries them all.
 */
const classify = z.object({
  verb: z.literal('classify'),
  ...onCase,
  categoryId: z.preprocess(blankToUndefined, id.optional()),
  type: z.preprocess(blankToUndefined, z.enum(CASE_TYPES).optional()),
  priority: z.preprocess(blankToUndefined, z.enum(PRIORITIES).optional()),
  reason: optionalText,
});
const note = z.object({
  verb: z.literal('note'),
  ...onCase,
  text,
  visibility: z.preprocess(blankToUndefined, z.enum(['internal', 'public']).default('internal')),
});
/**
 * The escalation forms' group choice for a hand-over outside AU IT (PROCESS.md step 6: "to another directorate"):
 * `groupId` this, and the unit's name in `unit`; the lifecycle makes it `external:<unit>`.
 */
export const OUTSIDE_AU_IT = 'external:';
/** Longest name of a unit outside AU IT that the escalation forms take. */
export const MAX_UNIT_NAME = 100;

const escalateGroup = z.object({
  verb: z.literal('escalate_group'),
  ...onCase,
  groupId: id,
  /** The unit outside AU IT, when `groupId` is `OUTSIDE_AU_IT`; ignored with any other group. */
  unit: z.preprocess(blankToUndefined, z.string().trim().max(MAX_UNIT_NAME).optional()),
  reason: text,
});
const escalateManager = z.object({
  verb: z.literal('escalate_manager'),
  ...onCase,
  reasonCode: z.enum(['complaint', 'agreement_at_risk', 'agreement_broken', 'other']),
  reason: text,
});
const resolve = z.object({ verb: z.literal('resolve'), ...onCase, solution: text });
const close = z.object({ verb: z.literal('close'), ...onCase });
const returnToTechnician = z.object({ verb: z.literal('return_to_technician'), ...onCase, reason: text });
const saveArticle = z.object({ verb: z.literal('save_article'), ...onCase });
const confirmSolved = z.object({ verb: z.literal('confirm_solved'), ...onCase });
const stillAProblem = z.object({ verb: z.literal('still_a_problem'), ...onCase, comment: optionalComment });
const evaluate = z.object({
  verb: z.literal('evaluate'),
  ...onCase,
  score: z.preprocess(numeric, z.number().int().min(1).max(5)),
  comment: optionalComment,
});
const acknowledgeEscalation = z.object({ verb: z.literal('acknowledge_escalation'), ...onCase });
/** Refresh asks for the current card; the version is the one shown, when known. */
const refresh = z.object({
  verb: z.literal('refresh'),
  caseId: id,
  version: z.preprocess(blankToUndefined, version.optional()),
});
export const CASE_FORMS = ['note', 'resolve', 'escalate', 'status', 'assign', 'classify'] as const;
export type CaseForm = (typeof CASE_FORMS)[number];
/** Major-incident forms (issue 9); each is named after the verb it submits. */
export const MAJOR_FORMS = ['declare_major', 'link_major', 'major_update'] as const;
export type MajorForm = (typeof MAJOR_FORMS)[number];
export const isMajorForm = (form: string): form is MajorForm => (MAJOR_FORMS as readonly string[]).includes(form);
/** Earlier cases like this one, with their solutions (PROCESS.md step 5); reads, changes nothing. */
const similar = z.object({
  verb: z.literal('similar'),
  caseId: id,
  version: z.preprocess(blankToUndefined, version.optional()),
});
const openForm = z.object({
  verb: z.literal('open_form'),
  ...onCase,
  form: z.enum([...CASE_FORMS, ...MAJOR_FORMS]),
});

const summary = z.string().trim().min(1).max(500);
const declareMajor = z.object({ verb: z.literal('declare_major'), ...onCase, summaryDa: summary, summaryEn: summary });
const linkMajor = z.object({
  verb: z.literal('link_major'),
  ...onCase,
  parentNumber: z.string().trim().min(1).max(60),
});
const unlinkMajor = z.object({ verb: z.literal('unlink_major'), ...onCase });
const majorUpdate = z.object({ verb: z.literal('major_update'), ...onCase, text });

/**
 * The intake draft a button belongs to (its random `draftId`): a click from an earlier draft's message is refused
 * instead of acting on the draft open now. Absent on buttons rendered before drafts had an id (they act as before).
 */
const onDraft = { draft: z.preprocess(blankToUndefined, id.optional()) };

const intakeStart = z.object({ verb: z.literal('intake_start') });
const intakeCategory = z.object({ verb: z.literal('intake_category'), ...onDraft, categoryId: id });
const intakeAnswer = z.object({
  verb: z.literal('intake_answer'),
  ...onDraft,
  /** The question step being answered, when the form says so. */
  step: z.preprocess(blankToUndefined, id.optional()),
  values: z.record(z.string().max(200), answerValue),
});
/**
 * The step a Skip or Back button was shown at: used at a later step (a card left higher up in the chat) it is
 * refused rather than skipping or going back from a step the card does not show. Not `step`: that is the input the
 * summary's "Change a step" submits with every one of its buttons. Absent on buttons rendered before it existed.
 */
const shownAt = { shownAt: z.preprocess(blankToUndefined, id.optional()) };
const intakeSkip = z.object({ verb: z.literal('intake_skip'), ...onDraft, ...shownAt });
const intakeBack = z.object({ verb: z.literal('intake_back'), ...onDraft, ...shownAt });
const intakeEdit = z.object({ verb: z.literal('intake_edit'), ...onDraft, step: id });
const intakeCancel = z.object({ verb: z.literal('intake_cancel'), ...onDraft });
const intakeConfirm = z.object({ verb: z.literal('intake_confirm'), ...onDraft });
const intakeSolved = z.object({ verb: z.literal('intake_solved'), ...onDraft, articleId: id });
const intakeNotSolved = z.object({ verb: z.literal('intake_not_solved'), ...onDraft });
const intakeUrgency = z.object({ verb: z.literal('intake_urgency'), ...onDraft, urgency: z.enum(LEVELS) });
const intakeType = z.object({ verb: z.literal('intake_type'), ...onDraft, type: z.enum(CASE_TYPES) });
const intakeJoinMajor = z.object({ verb: z.literal('intake_join_major'), ...onDraft, parentId: id });
const intakeNotMajor = z.object({ verb: z.literal('intake_not_major'), ...onDraft });

/** Equipment orders (issue 11): the order conversation submits raw inputs, read from the transport's values. */
const orderValues = z.record(z.string().max(200), answerValue).optional();
const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date, YYYY-MM-DD');
/**
 * The purchasing forms' limits, as their inputs say (`order-notices.ts`): a set-up time and the place (200), why an
 * order is rejected (2000), why its delivery date moved (1000).
 */
export const MAX_ORDER_SLOT = 200;
export const MAX_ORDER_REJECT_REASON = 2000;
export const MAX_ORDER_SLIP_REASON = 1000;
const slot = z.string().trim().min(1).max(MAX_ORDER_SLOT);
/** A `leftOut` path: `values.` and an input id (at most 200, as the values' keys). */
const MAX_LEFT_OUT_PATH = 220;
/** Most paths a `leftOut` names (more inputs than any order form has). */
const MAX_LEFT_OUT = 200;
/** Longest `note` an `order_start` carries (what was written at the intake; kept short: it rides in a Slack button). */
export const ORDER_NOTE_MAX = 500;
/** `note`: the description written at the intake that sent the person to the order form, kept with the order. */
const orderStart = z.object({
  verb: z.literal('order_start'),
  note: z.preprocess(blankToUndefined, z.string().trim().max(ORDER_NOTE_MAX).optional()),
});
/**
 * What a Slack "Try again" could not carry of the values typed (`LeftOut` in view-models: the paths, `values.<id>`,
 * or `true`): the form asks for them again instead of taking the rest as the whole form.
 */
const leftOut = {
  leftOut: z.union([z.literal(true), z.array(z.string().max(MAX_LEFT_OUT_PATH)).max(MAX_LEFT_OUT)]).optional(),
};
// `draft`: the order draft the button belongs to, as the intake's (`onDraft`): an earlier order's form is refused.
const orderItems = z.object({ verb: z.literal('order_items'), ...onDraft, values: orderValues, ...leftOut });
const orderDetails = z.object({ verb: z.literal('order_details'), ...onDraft, values: orderValues, ...leftOut });
const orderConfirm = z.object({ verb: z.literal('order_confirm'), ...onDraft });
const orderCancel = z.object({ verb: z.literal('order_cancel'), ...onDraft });
const orderBack = z.object({ verb: z.literal('order_back'), ...onDraft });
const orderApprove = z.object({ verb: z.literal('order_approve'), ...onCase });
const orderReject = z.object({
  verb: z.literal('order_reject'),
  ...onCase,
  reason: z.string().trim().min(1).max(MAX_ORDER_REJECT_REASON),
});
const orderOrdered = z.object({
  verb: z.literal('order_ordered'),
  ...onCase,
  vendor: z.string().trim().min(1).max(500),
  reference: optionalShort,
  expectedAt: isoDay,
});
const orderReceived = z.object({ verb: z.literal('order_received'), ...onCase });
const orderReady = z.object({
  verb: z.literal('order_ready'),
  ...onCase,
  slot1: slot,
  slot2: z.preprocess(blankToUndefined, slot.optional()),
  slot3: z.preprocess(blankToUndefined, slot.optional()),
  place: z.preprocess(blankToUndefined, slot.optional()),
});
const orderSlipped = z.object({
  verb: z.literal('order_slipped'),
  ...onCase,
  expectedAt: isoDay,
  reason: z.preprocess(blankToUndefined, z.string().trim().max(MAX_ORDER_SLIP_REASON).optional()),
});
const orderHandout = z.object({ verb: z.literal('order_handout'), ...onCase });
const orderSetupHelp = z.object({ verb: z.literal('order_setup_help'), ...onCase, slot });
const orderSelfSetup = z.object({ verb: z.literal('order_self_setup'), ...onCase });

/**
 * Every action a card, menu or modal can submit, discriminated on `verb`. Actions on a case carry the case id and
 * the version the card was rendered from, so a stale click is detected instead of silently overwriting.
 */
export const cardActionSchema = z.discriminatedUnion('verb', [
  claim,
  assign,
  unassign,
  setStatus,
  classify,
  note,
  escalateGroup,
  escalateManager,
  resolve,
  close,
  returnToTechnician,
  saveArticle,
  confirmSolved,
  stillAProblem,
  evaluate,
  acknowledgeEscalation,
  refresh,
  similar,
  openForm,
  declareMajor,
  linkMajor,
  unlinkMajor,
  majorUpdate,
  intakeStart,
  intakeCategory,
  intakeAnswer,
  intakeSkip,
  intakeBack,
  intakeEdit,
  intakeCancel,
  intakeConfirm,
  intakeSolved,
  intakeNotSolved,
  intakeUrgency,
  intakeType,
  intakeJoinMajor,
  intakeNotMajor,
  orderStart,
  orderItems,
  orderDetails,
  orderConfirm,
  orderCancel,
  orderBack,
  orderApprove,
  orderReject,
  orderOrdered,
  orderReceived,
  orderReady,
  orderSlipped,
  orderHandout,
  orderSetupHelp,
  orderSelfSetup,
]);

export type CardAction = z.infer<typeof cardActionSchema>;
export type CardVerb = CardAction['verb'];
export type CardActionOf<V extends CardVerb> = Extract<CardAction, { verb: V }>;

/** All verbs, in declaration order (for handler maps and tests). */
export const CARD_VERBS: readonly CardVerb[] = cardActionSchema.options.map((o) => o.shape.verb.value);

/** Keys that describe an intake step rather than answer it (see `parseCardAction`). */
const INTAKE_ANSWER_META = new Set(RESERVED_QUESTION_IDS);

export interface CardActionError {
  message: string;
  field?: string;
  /** True when `field` was not given at all (or blank, or null), as opposed to given but not usable. */
  missing?: boolean;
  /** `field`'s text is longer than it may be: the most it takes and the length given (characters, trimmed). */
  tooLong?: { max: number; length: number };
  /** `field` takes text and was given something else instead: what. */
  notText?: NotText;
  /** `field` takes one of a fixed set of values (a choice) and was given another. */
  notAChoice?: true;
}

/** What came instead of text. */
export type NotText = 'number' | 'boolean' | 'list' | 'object';

/**
 * Parses a submitted card action (Teams `Action.Execute` data merged with its inputs, a Slack button value or
 * modal submission turned into an object). Numbers that arrive as strings are coerced; blank optional inputs
 * count as absent. For `intake_answer`, Adaptive Cards merge input values into the top level of the data, so
 * when `values` is missing every other key is taken as an answer. Returns a friendly message naming the field
 * on bad input; never throws. Case sub-form inputs are namespaced (`note.text`, see `formInputId`) and folded
 * back into their field here.
 */
export function parseCardAction(raw: unknown): Result<CardAction, CardActionError> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail({ message: 'The action is not an object.' });
  }
  let input = raw as Record<string, unknown>;
  const verb = input['verb'];
  if (typeof verb !== 'string' || verb === '') return fail({ message: 'The action has no verb.', field: 'verb' });
  if (!(CARD_VERBS as readonly string[]).includes(verb)) {
    return fail({ message: `Unknown action "${verb.slice(0, 60)}".`, field: 'verb' });
  }
  input = foldNamespacedInputs(input, verb);
  if (verb === 'intake_answer' && input['values'] === undefined) {
    const values = Object.fromEntries(Object.entries(input).filter(([k]) => !INTAKE_ANSWER_META.has(k)));
    input = { ...input, values };
  }
  const parsed = cardActionSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  if (!issue) return fail({ message: 'The action is not valid.' });
  const field = issue.path.map(String).join('.');
  const value = valueAt(input, issue.path);
  const missing = (issue.code === 'invalid_type' && (value === undefined || value === null)) || isBlank(issue, value);
  return fail({
    message: describeIssue(issue, field, value),
    ...(field ? { field } : {}),
    ...(missing ? { missing } : {}),
    ...(issue.path.length === 1 && !missing ? whatIsWrong(issue, value) : {}),
  });
}

/**
 * What is wrong with a top-level field's value, when it can be told (an intake's or an order's answers, `values.*`,
 * are checked against their own questions' limits, not the parser's): a text too long (with the limit and the
 * length as the parser counted it, trimmed), something other than text where text is expected, a value that is
 * none of a choice's.
 */
function whatIsWrong(
  issue: z.core.$ZodIssue,
  value: unknown,
): Pick<CardActionError, 'tooLong' | 'notText' | 'notAChoice'> {
  if (issue.code === 'too_big' && issue.origin === 'string' && typeof value === 'string') {
    return { tooLong: { max: Number(issue.maximum), length: value.trim().length } };
  }
  if (issue.code === 'invalid_type' && issue.expected === 'string') {
    const given: NotText | undefined = Array.isArray(value)
      ? 'list'
      : typeof value === 'number' || typeof value === 'bigint'
        ? 'number'
        : typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'object' && value !== null
            ? 'object'
            : undefined;
    return given ? { notText: given } : {};
  }
  if (issue.code === 'invalid_value') return { notAChoice: true };
  return {};
}

/**
 * Moves `<verb>.<field>` input values to `<field>` (case sub-forms namespace their inputs so ids stay unique on a
 * card; a form may carry several submit verbs, so any verb's prefix is accepted, the submitting verb's first).
 * A field that is already present is never overwritten.
 */
function foldNamespacedInputs(input: Record<string, unknown>, verb: string): Record<string, unknown> {
  const out = { ...input };
  const entries = Object.entries(input)
    .map(([key, value]) => ({ key, value, dot: key.indexOf('.') }))
    .filter((e) => e.dot > 0 && (CARD_VERBS as readonly string[]).includes(e.key.slice(0, e.dot)))
    .sort((a, b) => Number(b.key.startsWith(`${verb}.`)) - Number(a.key.startsWith(`${verb}.`)));
  for (const { key, value, dot } of entries) {
    const field = key.slice(dot + 1);
    if (field !== '' && out[field] === undefined) out[field] = value;
  }
  return out;
}

/** An empty text where one is needed, or the refinement that asks for one of several fields (assign). */
function isBlank(issue: z.core.$ZodIssue, value: unknown): boolean {
  if (issue.code === 'custom') return true;
  return issue.code === 'too_small' && issue.origin === 'string' && typeof value === 'string' && showsNothing(value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function describeIssue(issue: z.core.$ZodIssue, field: string, value: unknown): string {
  const name = field || 'the action';
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? `${name} is missing.` : `${name} must be a ${issue.expected}.`;
    case 'too_big':
      return issue.origin === 'string'
        ? `${name} is too long (at most ${issue.maximum} characters).`
        : `${name} must be at most ${issue.maximum}.`;
    case 'too_small':
      return issue.origin === 'string' ? `${name} must not be empty.` : `${name} must be at least ${issue.minimum}.`;
    case 'invalid_value':
      return `${name} must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'invalid_format':
      return `${name} is not a valid ${issue.format}.`;
    case 'custom':
      return issue.message;
    default:
      return `${name}: ${issue.message}`;
  }
}
