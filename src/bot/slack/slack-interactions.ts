import type { AllMiddlewareArgs, App, RespondFn, SlackViewMiddlewareArgs, ViewResponseAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { type CardAction, type CardActionError, parseCardAction } from '../../cards/card-actions.js';
import { actionFromSlackPayload } from '../../cards/slack/slack-action-payload.js';
import { z } from 'zod';
import type { MessageView } from '../../cards/view-models.js';
import { FORM_CLOSED_KEY } from '../../config/catalogue-schema.js';
import { type AttachmentRef, LOCALES, type Locale, type Person } from '../../models/case.js';
import { refusedNote } from '../../services/attachments.js';
import type { ActionOutcome } from '../../services/lifecycle/case-service.js';
import { attachmentsNotTaken } from '../attachments-note.js';
import { slackFileSchema, slackIncomingFiles } from './slack-files.js';
import {
  type ConversationAction,
  type ConversationLook,
  type ConversationReply,
  isConversationAction,
  isConversationVerb,
} from '../../services/conversations.js';
import { runCaseAction, tellOutcome } from './slack-case-actions.js';
import { clickedMessageOf, endAnswered } from './slack-question-ended.js';
import { arrivalOf, type ModalTurn, type SlackContext, type ViewState, type Where } from './slack-context.js';
import { slackErrorCode } from './slack-errors.js';
import { keepTyped, type TypedText, typedBackMessage, typedInForm } from './slack-failures.js';
import { badInputText } from '../bad-input.js';
import { chooseEscalation, fieldOf, isEscalationForm } from './slack-escalation.js';
import { conversationKeys } from './slack-ids.js';
import {
  blockIdForField,
  CALLBACK,
  type CaseFormMeta,
  FILES_INPUT,
  intakeModal,
  noticeModal,
  workingModal,
} from './slack-modals.js';
import { registerOptions } from './slack-options.js';
import { searchedQuestionErrors, withSearchedQuestions } from './slack-question-menus.js';
import {
  type BlockActionBody,
  blockActionBodySchema,
  parseMetadata,
  viewSubmissionBodySchema,
} from './slack-payloads.js';
import { slackTexts, textView } from './slack-replies.js';
import { flattenStateValues, type SlackStateValues } from './slack-state.js';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/**
 * The modal title for a conversation turn: the order's for order verbs and for a reply showing an order form (a case
 * template in the orders' category opens it from the report form), else the intake's.
 */
function modalTitle(
  action: ConversationAction | Record<string, unknown>,
  locale: Locale,
  reply?: Pick<ConversationReply, 'views'>,
): string {
  const verb = typeof action['verb'] === 'string' ? action['verb'] : '';
  const order = verb.startsWith('order_') || (reply?.views.some((v) => v.form?.id.startsWith('order:')) ?? false);
  return order ? slackTexts.orderModalTitle[locale] : slackTexts.modalTitle[locale];
}

/**
 * The raw action of an intake button or submission with the inputs around it: answers go in `values`, other
 * verbs take what they need (the summary's "change" step) from the inputs, the button's own fields win.
 */
export function intakeRaw(action: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  return action['verb'] === 'intake_answer' ? { ...action, values } : { ...values, ...action };
}

/**
 * Block actions (buttons, menus), modal submissions and the options of searched menus (`registerOptions`). Every
 * one is acknowledged before slow work starts.
 */
export function registerInteractions(app: App, ctx: SlackContext): void {
  registerOptions(app, ctx);
  app.action(/.*/, async ({ ack, body, respond, context }) => {
    await ack();
    const parsed = blockActionBodySchema.safeParse(body);
    if (!parsed.success) return;
    await onBlockAction(ctx, parsed.data, arrivalOf(context), respond);
  });

  app.view(CALLBACK.intake, (args) => onIntakeSubmission(ctx, args));
  app.view(CALLBACK.caseForm, (args) => onCaseFormSubmission(ctx, args));
  app.view({ callback_id: CALLBACK.intake, type: 'view_closed' }, async ({ ack, body }) => {
    await ack();
    const person = await ctx.person(body.user.id, body.user.name);
    // The modal's submit verb tells which conversation it showed: closing it cancels an order; a report with
    // answers in it is kept for the next time the form opens (see `IntakeInput.values`). Its draft goes with it: a
    // modal of an earlier report or order (left open on another device) closed leaves the one open now alone.
    const submit = parseMetadata(body.view.private_metadata)?.['submit'] as
      | { verb?: unknown; draft?: unknown }
      | undefined;
    const order = typeof submit?.verb === 'string' && submit.verb.startsWith('order_');
    const draft = typeof submit?.draft === 'string' ? { draft: submit.draft } : {};
    await ctx.deps.intake.handle({
      conversationKey: conversationKeys.modal(body.user.id),
      surface: 'form',
      person,
      platform: 'slack',
      action: order ? { verb: 'order_cancel', ...draft } : { verb: 'intake_cancel', ...draft },
      ...(order ? {} : { values: { [FORM_CLOSED_KEY]: true } }),
    });
  });
}

/**
 * A click. Answers go where the person can see them (`Where`): the bot's own DM, else the click's response URL (an
 * ephemeral card looked up in a channel the bot is not in, or in a DM between two people, takes no other answer).
 */
async function onBlockAction(
  ctx: SlackContext,
  body: BlockActionBody,
  arrivedAt: number,
  respond: RespondFn | undefined,
): Promise<void> {
  const payload = body.actions[0]!;
  const raw = actionFromSlackPayload({
    action_id: payload.action_id,
    ...(payload.block_id ? { block_id: payload.block_id } : {}),
    ...(payload.value !== undefined ? { value: payload.value } : {}),
    ...(payload.selected_option ? { selected_option: payload.selected_option } : {}),
    ...(payload.selected_user ? { selected_user: payload.selected_user } : {}),
  });
  if (!raw || typeof raw['verb'] !== 'string') return;
  const userId = body.user.id;
  // Looked up while the rest is read: a modal opened with the trigger id must open within 3 s of the click.
  const person = ctx.person(userId, body.user.name ?? body.user.username);
  const channel = body.container?.channel_id ?? body.channel?.id;
  const dm = await ctx.isBotDm(userId, channel, body.container?.is_ephemeral === true);
  const messageTs = body.container?.is_ephemeral === true ? undefined : body.container?.message_ts;
  const clicked = messageTs ? clickedMessageOf(body, payload.block_id) : undefined;
  const where: Where = {
    userId,
    dm,
    ...(channel ? { channel } : {}),
    ...(respond ? { respond } : {}),
    ...(messageTs ? { messageTs } : {}),
    ...(clicked ? { clicked } : {}),
  };
  const values = flattenStateValues((body.view?.state?.values ?? body.state?.values) as SlackStateValues | undefined);

  if (!isConversationVerb(raw['verb'])) {
    await runCaseAction(ctx, person, raw, where, body.trigger_id, arrivedAt, values);
    return;
  }
  const view = body.view;
  // The conversation's modal: a step (intake callback) or a read-only turn with buttons (an order's summary).
  if (view?.type === 'modal' && (view.callback_id === CALLBACK.intake || view.callback_id === CALLBACK.info)) {
    await intakeInModal(ctx, await person, userId, raw, values, view.id, view.hash);
    return;
  }
  if ((raw['verb'] === 'intake_start' || raw['verb'] === 'order_start') && !where.dm && body.trigger_id) {
    // App Home or a channel: the conversation runs in a modal.
    await ctx.openIntakeModal(body.trigger_id, person, userId, { verb: raw['verb'] }, arrivedAt);
    return;
  }
  if (where.dm && where.channel) await intakeInDm(ctx, await person, userId, where.channel, raw, values, where);
}

/**
 * A button inside the conversation's modal. A click on a modal state already clicked (a double click: both carry
 * the same `view.hash`) is dropped, so the draft moves once; should Slack still refuse the update because the
 * modal changed meanwhile (`hash_conflict`: a click taken by another instance), the modal already shows the newer
 * state and nothing is wrong. When the update failed otherwise, a repeat click shows the step it moved to
 * (`showModalStep`).
 */
async function intakeInModal(
  ctx: SlackContext,
  person: Person,
  userId: string,
  raw: Record<string, unknown>,
  values: Record<string, unknown>,
  viewId: string,
  hash: string | undefined,
): Promise<void> {
  const locale = ctx.localeOf(person);
  const parsed = parseCardAction(intakeRaw(raw, values));
  if (!parsed.ok || !isConversationAction(parsed.value)) return;
  const state = ctx.takeViewState(viewId, hash);
  if (state.pending) {
    // A repeat of a click whose step Slack did not show (the update failed): show it now, not a second move.
    ctx.log.info({ viewId, verb: parsed.value.verb }, 'slack: a repeated click shows the step Slack did not show');
    await showModalStep(ctx, viewId, hash, state.pending, state);
    return;
  }
  if (!state.first) {
    ctx.log.info({ viewId, verb: parsed.value.verb }, 'slack: a second click on the same modal (double click) dropped');
    return;
  }
  let reply: ConversationReply;
  try {
    reply = await ctx.deps.intake.handle({
      conversationKey: conversationKeys.modal(userId),
      surface: 'form',
      person,
      locale,
      platform: 'slack',
      action: parsed.value,
      values: { ...values, ...withoutVerb(raw) },
    });
  } catch (err) {
    // Nothing moved: the same click may be tried again.
    state.release();
    throw err;
  }
  const title = modalTitle(parsed.value, locale, reply);
  await showModalStep(ctx, viewId, hash, intakeModal(reply.views, locale, title), state);
}

/**
 * Shows the step a click moved the conversation to in its modal. When Slack refuses the update because the modal
 * changed meanwhile (`hash_conflict`) it shows a newer state and nothing is wrong; when the modal is gone
 * (`not_found`: closed) there is nothing to show it in — the draft waits where it is. Any other failure is thrown
 * (the person is told to try again) and the view is kept (`ViewState.unshown`), so that trying again on the
 * unchanged modal shows this step rather than being dropped as a double click.
 */
async function showModalStep(
  ctx: SlackContext,
  viewId: string,
  hash: string | undefined,
  view: ModalView,
  state: ViewState,
): Promise<void> {
  try {
    await ctx.deps.client.views.update({ view_id: viewId, ...(hash ? { hash } : {}), view });
    state.shown();
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === 'hash_conflict') {
      state.shown();
      ctx.log.info({ viewId }, 'slack: the modal changed meanwhile (hash_conflict); it shows the newer state');
      return;
    }
    if (code === 'not_found') {
      state.shown();
      ctx.log.info({ viewId }, 'slack: the modal was closed before its next step could be shown; the draft waits');
      return;
    }
    state.unshown(view);
    throw err;
  }
}

/**
 * Intake buttons in a DM: the engine's next views are posted into the DM. A button whose action cannot be used is
 * answered in the person's language (`badInputText`), never with the parser's English. A click the conversation
 * took (no refused input, and the draft moved: another step, another draft, or none left) ends the question in the
 * clicked message (`where.clicked`: `endAnswered`) while the next step is posted, neither waiting for the other; a
 * refused answer, a stale form's button (the draft stays where it is) and a click without its message end nothing.
 */
export async function intakeInDm(
  ctx: SlackContext,
  person: Person,
  userId: string,
  channel: string,
  raw: Record<string, unknown>,
  values: Record<string, unknown>,
  where?: Where,
): Promise<void> {
  const locale = ctx.localeOf(person);
  const submitted = intakeRaw(raw, values);
  const parsed = parseCardAction(submitted);
  if (!parsed.ok || !isConversationAction(parsed.value)) {
    const text = badInputText(parsed.ok ? undefined : parsed.error, locale, submitted, { from: 'clicked' });
    await ctx.tell({ userId, channel, dm: true }, textView(locale, text));
    return;
  }
  const conversationKey = conversationKeys.dm(userId);
  // Read once for the turn (handed to the engine, which may change what it read: where it stood is kept first), to
  // tell whether the click moved the draft. Unread (the store not answering), the engine reads and answers as ever.
  const look = where?.clicked ? await ctx.deps.intake.look(conversationKey).catch(() => undefined) : undefined;
  const before = look ? draftsAt(look) : undefined;
  const reply = await ctx.deps.intake.handle(
    {
      conversationKey,
      person,
      locale,
      platform: 'slack',
      action: parsed.value,
      values: { ...values, ...withoutVerb(raw) },
    },
    look,
  );
  const verb = parsed.value.verb;
  const ended =
    where && look && before && !hasErrors(reply)
      ? endIfMoved(ctx, where, look.conversationKey, before, verb, locale)
      : Promise.resolve();
  try {
    await ctx.postReply(channel, reply);
  } finally {
    await ended;
  }
}

const hasErrors = (reply: ConversationReply): boolean => Object.keys(reply.errors ?? {}).length > 0;

/** Where a chat's drafts stood (`ConversationRouter.look`): each one's step and draft, or none. */
function draftsAt(look: ConversationLook): string {
  const at = (state: Record<string, unknown> | undefined) => (state ? [state['step'], state['draftId']] : null);
  return JSON.stringify([at(look.intake.record?.state), at(look.order.record?.state)]);
}

/**
 * Ends the clicked question (`endAnswered`) when the click moved the chat's draft from where it stood `before`
 * (`draftsAt`); a draft that could not be read again is logged and the question left as it is.
 */
async function endIfMoved(
  ctx: SlackContext,
  where: Where,
  conversationKey: string,
  before: string,
  verb: string,
  locale: Locale,
): Promise<void> {
  try {
    if (draftsAt(await ctx.deps.intake.look(conversationKey)) === before) return;
  } catch (err) {
    ctx.log.warn({ err, userId: where.userId }, 'slack: could not tell whether a click moved the draft; question kept');
    return;
  }
  await endAnswered(ctx, where, verb, locale);
}

/** The language a modal was shown in, as its parsed metadata keeps it (`IntakeModalMeta`, `CaseFormMeta`). */
function modalLocale(meta: { locale?: unknown } | undefined): Locale | undefined {
  const locale = meta?.locale;
  return (LOCALES as readonly unknown[]).includes(locale) ? (locale as Locale) : undefined;
}

const viewBlocks = z.array(
  z
    .object({
      type: z.string().optional(),
      block_id: z.string().optional(),
      label: z.object({ text: z.string() }).loose().optional(),
    })
    .loose(),
);

/** The ids of a submitted view's input blocks (Slack sends the view's blocks with the submission). */
function inputBlockIds(view: Record<string, unknown>): string[] {
  const blocks = viewBlocks.safeParse(view['blocks']);
  if (!blocks.success) return [];
  return blocks.data.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : []));
}

/** The label of a submitted view's input block (Slack sends the view's blocks with the submission). */
function blockLabel(view: Record<string, unknown>, blockId: string): string | undefined {
  const blocks = viewBlocks.safeParse(view['blocks']);
  return blocks.success ? blocks.data.find((b) => b.block_id === blockId)?.label?.text : undefined;
}

function withoutVerb(raw: Record<string, unknown>): Record<string, unknown> {
  const { verb: _verb, ...rest } = raw;
  return rest;
}

/**
 * A submitted intake step. The engine runs before the acknowledgement because its answer is the acknowledgement:
 * `response_action: errors` on the refused inputs, or `update` to the next step. When the engine is slow the
 * modal shows "one moment" within the deadline and is updated with `views.update` afterwards. A submission the
 * bot cannot use at all is answered on its input in the modal's language (`badInputText`).
 */
async function onIntakeSubmission(ctx: SlackContext, { ack, body, context }: ViewArgs): Promise<void> {
  const arrivedAt = arrivalOf(context);
  const parsedBody = viewSubmissionBodySchema.safeParse(body);
  if (!parsedBody.success) {
    await ack();
    return;
  }
  const { user, view } = parsedBody.data;
  const state = view.state?.values ?? {};
  const blockIds = Object.keys(state);
  const values = flattenStateValues(state as SlackStateValues);
  const meta = parseMetadata(view.private_metadata);
  const submit = meta?.['submit'];
  const raw =
    typeof submit === 'object' && submit !== null ? (submit as Record<string, unknown>) : { verb: 'intake_answer' };
  const submitted = intakeRaw(raw, values);
  const parsed = parseCardAction(submitted);
  if (!parsed.ok || !isConversationAction(parsed.value)) {
    // Answered on the refused input (else the first), in the modal's language, the input by its label.
    const error = parsed.ok ? undefined : parsed.error;
    const field = error?.field?.replace(/^values\./, '');
    const block = blockIdForField(blockIds, field);
    const locale = modalLocale(meta) ?? ctx.quickLocale(user.id);
    const label = field && block && fieldOf(block) === field ? blockLabel(view, block) : undefined;
    const message = badInputText(error, locale, submitted, { label, from: 'form' });
    await ack(block ? { response_action: 'errors', errors: { [block]: message } } : undefined);
    return;
  }
  const action = parsed.value;
  // Everything before the acknowledgement is raced against Slack's deadline — the person's look-up too (users.info
  // on a cache miss may be slow).
  const work = (async (): Promise<ModalTurn & { ack: ViewResponseAction }> => {
    const person = await ctx.person(user.id, user.name ?? user.username);
    const locale = ctx.localeOf(person);
    // Files from the summary's file input: fetched and kept first (inside the raced work: downloads may be slow).
    const { kept, note } = await keepModalFiles(ctx, person, locale, state[FILES_INPUT]?.[FILES_INPUT]);
    const handled = await ctx.deps.intake.handle({
      conversationKey: conversationKeys.modal(user.id),
      surface: 'form',
      person,
      locale,
      platform: 'slack',
      action,
      values: { ...values, ...withoutVerb(raw) },
      ...(kept.length > 0 ? { files: kept } : {}),
    });
    const reply = note ? { ...handled, views: [note, ...handled.views] } : handled;
    const title = modalTitle(action, locale, reply);
    const view = intakeModal(reply.views, locale, title);
    return { view, ack: intakeAck(reply, blockIds, view) };
  })();
  const raced = await ctx.race(work, arrivedAt);
  if (!raced.done) {
    const locale = ctx.quickLocale(user.id);
    await ack({ response_action: 'update', view: workingModal(locale) });
    await ctx.updateWhenDone(view.id, raced.later, locale, user.id);
    return;
  }
  await ack(raced.value.ack);
}

/**
 * The files of a modal's file input (`file_input` state: Slack file objects), downloaded with the bot token and
 * stored; the note names the ones not kept (none when all were, or when there were none).
 */
async function keepModalFiles(
  ctx: SlackContext,
  person: Person,
  locale: Locale,
  input: unknown,
): Promise<{ kept: AttachmentRef[]; note?: MessageView }> {
  const parsed = z
    .object({ files: z.array(slackFileSchema) })
    .loose()
    .safeParse(input);
  const files = parsed.success ? parsed.data.files : [];
  if (files.length === 0) return { kept: [] };
  const { keepFiles, fileDeps } = ctx.deps;
  if (!keepFiles || !fileDeps) return { kept: [], note: textView(locale, attachmentsNotTaken[locale]) };
  const { kept, refused } = await keepFiles(person, slackIncomingFiles(files, fileDeps));
  return refused.length > 0 ? { kept, note: textView(locale, refusedNote(locale, refused)) } : { kept };
}

/**
 * The acknowledgement of an intake step: errors on the refused inputs shown (a searched question's saying to choose
 * from its menu, as its hint does), else the next step.
 */
function intakeAck(reply: ConversationReply, blockIds: string[], view: ModalView): ViewResponseAction {
  const reasons = { ...reply.errors, ...searchedQuestionErrors(withSearchedQuestions(reply.views)) };
  const errors = Object.entries(reasons).filter(([id]) => blockIds.includes(id));
  if (errors.length > 0) return { response_action: 'errors', errors: Object.fromEntries(errors) };
  return { response_action: 'update', view };
}

/**
 * A submitted case form (note, solution, escalation, status details, assignee). The inputs are checked before
 * the acknowledgement (a missing reason comes back on its field, in the form's language, named by its label:
 * `badInputText`); the case action runs after it, and its reply reaches the actor where the form was opened. When
 * the action fails (the store does not answer), the failure's answer there quotes back what was typed in the form
 * (`keepTyped`), as the modal is closed by then: the failure is not known before the acknowledgement; so does a
 * refusal (`tellRefusedForm`).
 */
async function onCaseFormSubmission(ctx: SlackContext, { ack, body }: ViewArgs): Promise<void> {
  const parsedBody = viewSubmissionBodySchema.safeParse(body);
  const meta = parsedBody.success
    ? (parseMetadata(parsedBody.data.view.private_metadata) as CaseFormMeta | undefined)
    : undefined;
  if (!parsedBody.success || !meta || !Array.isArray(meta.submits) || typeof meta.base !== 'object') {
    // A form whose metadata cannot be read (not one this bot opened as it is now): said in the modal, not closed
    // as if it had been taken.
    const locale = parsedBody.success ? ctx.quickLocale(parsedBody.data.user.id) : undefined;
    await ack(
      locale
        ? {
            response_action: 'update',
            view: noticeModal(locale, slackTexts.notDone[locale], slackTexts.staleForm[locale]),
          }
        : undefined,
    );
    return;
  }
  const { user, view } = parsedBody.data;
  const state = view.state?.values ?? {};
  // An input the submission left out of its state (a blank one, or none sent) is still on the modal: a refusal goes
  // on it, found among the view's input blocks as Slack sends them with the submission.
  const blockIds = [...new Set([...Object.keys(state), ...inputBlockIds(view)])];
  const values = flattenStateValues(state as SlackStateValues);
  let chosen: CardAction | undefined;
  let firstError: { message: string; field?: string; block?: string } | undefined;
  const locale = modalLocale(meta) ?? ctx.quickLocale(user.id);
  if (isEscalationForm(meta.submits)) {
    // One submit for two kinds of escalation: the modal's "Escalate to" choice says which (never the first that fits).
    const choice = chooseEscalation(meta.submits, values, meta.escalation, locale);
    if (choice.ok) chosen = choice.action;
    else firstError = choice;
  } else {
    let refused: { error: CardActionError; raw: Record<string, unknown> } | undefined;
    for (const submit of meta.submits) {
      const raw = { ...meta.base, ...values, ...submit };
      const parsed = parseCardAction(raw);
      if (parsed.ok) {
        chosen = parsed.value;
        break;
      }
      refused ??= { error: parsed.error, raw };
    }
    if (!chosen && refused) {
      // In the form's language, the field by the label its input has in this modal (a blank input is not submitted,
      // so the submission alone does not tell which form's labels it had); never the parser's "text is missing.".
      const { error, raw } = refused;
      const block = blockIdForField(blockIds, error.field);
      const label = error.field && block && fieldOf(block) === error.field ? blockLabel(view, block) : undefined;
      firstError = {
        ...error,
        ...(block ? { block } : {}),
        message: badInputText(error, locale, raw, { label, from: 'form' }),
      };
    }
  }
  if (!chosen) {
    const block = firstError?.block ?? blockIdForField(blockIds, firstError?.field);
    // With no input to show it on, the refusal takes the modal's place: never a form closed as if it was taken.
    const notice = firstError ? noticeModal(locale, slackTexts.notDone[locale], firstError.message) : undefined;
    await ack(
      block && firstError
        ? { response_action: 'errors', errors: { [block]: firstError.message } }
        : notice && { response_action: 'update', view: notice },
    );
    return;
  }
  await ack();
  const person = await ctx.person(user.id, user.name ?? user.username);
  const where: Where = { userId: user.id, dm: meta.dm === true, ...(meta.channel ? { channel: meta.channel } : {}) };
  let outcome: ActionOutcome;
  try {
    outcome = await ctx.deps.cases.act(person, chosen);
  } catch (err) {
    // The modal has closed: the failure's answer quotes back what was typed in it, to be sent again (`keepTyped`).
    keepTyped(err, typedInForm(view));
    throw err;
  }
  // Refused ("changed meanwhile", not allowed now): the modal has closed too, so what was typed is quoted back.
  const typed = outcome.ok ? [] : typedInForm(view);
  if (!outcome.ok && typed.length > 0) await tellRefusedForm(ctx, where, outcome, typed);
  else await tellOutcome(ctx, where, outcome, chosen);
}

/**
 * A case form's action refused after its modal closed (a stale card: "changed meanwhile by X"; a transition not
 * allowed now): the refusal with what was typed into the form quoted back under it, as a failure's answer has it
 * (`typedBackMessage`: exactly as typed, pinging nobody, a long text cut and the cut said), then — for a stale card,
 * as `tellOutcome` gives it — the fresh card, to act on again. Nothing is submitted again. (A text the form's
 * checks refuse, too long say, never gets here: it is answered on its field and the modal stays open.)
 */
async function tellRefusedForm(
  ctx: SlackContext,
  where: Where,
  outcome: Extract<ActionOutcome, { ok: false }>,
  typed: readonly TypedText[],
): Promise<void> {
  const { locale, text } = outcome.reply;
  await ctx.answer(where, typedBackMessage(locale, text, typed));
  if (outcome.code === 'CASE.CONFLICT' && outcome.card)
    await ctx.tell(where, { kind: 'message', locale, text: '', caseCard: outcome.card });
}
