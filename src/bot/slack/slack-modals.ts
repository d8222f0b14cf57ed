import type { ActionsBlock, KnownBlock, ModalView } from '@slack/types';
import { cardLabels } from '../../cards/card-labels.js';
import { renderFormModal } from '../../cards/slack/render-form-modal.js';
import { renderMessageBlocks, textAndFactBlocks } from '../../cards/slack/render-message-blocks.js';
import { slackButtonValue, uniqueActionIds } from '../../cards/slack/slack-action-payload.js';
import { plain, SLACK_LIMITS } from '../../cards/slack/slack-text.js';
import type { ActionView, FormView, MessageView } from '../../cards/view-models.js';
import { SLACK_INTAKE_ACTIONS_BLOCK } from '../../config/catalogue-schema.js';
import { ATTACHMENTS_PER_CASE, type Locale } from '../../models/case.js';
import { attachmentTexts } from '../../services/attachments.js';
import { type EscalationMeta, escalationForm, escalationKindBlock, isEscalationForm } from './slack-escalation.js';
import { withSearchedQuestions } from './slack-question-menus.js';
import { failureText, slackTexts } from './slack-replies.js';

/** `callback_id`s of the modals this transport opens. */
export const CALLBACK = {
  intake: 'intake',
  caseForm: 'case_form',
  info: 'info',
} as const;

/** `callback_id` of the global shortcut "Report an incident" (manifest/slack/manifest.yml). */
export const REPORT_SHORTCUT = 'report_incident';

/** Conversation verbs that move sideways (back, skip, cancel …): buttons in the modal, never its submit. */
const SECONDARY_VERBS = new Set([
  'intake_back',
  'intake_cancel',
  'intake_skip',
  'intake_edit',
  'intake_solved',
  'order_back',
  'order_cancel',
]);

/** What an intake modal hands back on submission: the action its submit button stands for, and its language. */
export interface IntakeModalMeta {
  submit: ActionView['action'];
  /** The modal's language, for answers given before the person is looked up (unusable input). */
  locale?: Locale;
}

/** What a case-form modal hands back: the action it completes and the message it was opened from. */
export interface CaseFormMeta {
  /** The action as clicked (menu choice included), completed by the inputs. */
  base: Record<string, unknown>;
  /** The submit actions in order; the first that the inputs complete is taken. */
  submits: ActionView['action'][];
  channel?: string;
  /** True when the form was opened from a DM (answers go there rather than as ephemerals). */
  dm?: boolean;
  /** Set on an escalation form's modal, which asks whom to escalate to (`slack-escalation.ts`). */
  escalation?: EscalationMeta;
  /** The form's language, for answers on its fields (unusable input); set by `caseFormModal`. */
  locale?: Locale;
}

/** The action a modal's single submit button stands for: the first that moves forward. */
export function primarySubmit(form: FormView): ActionView | undefined {
  return form.submit.find((a) => !SECONDARY_VERBS.has(a.action.verb)) ?? form.submit[0];
}

function buttonsBlock(actions: ActionView[], blockId: string): ActionsBlock | undefined {
  const shown = actions.slice(0, SLACK_LIMITS.actionsElements);
  if (shown.length === 0) return undefined;
  const ids = uniqueActionIds(shown.map((a) => a.action.verb));
  return {
    type: 'actions',
    block_id: blockId,
    elements: shown.map((a, i) => {
      const style = a.style === 'positive' ? 'primary' : a.style === 'destructive' ? 'danger' : undefined;
      return {
        type: 'button' as const,
        action_id: ids[i]!,
        text: plain(a.label, SLACK_LIMITS.button),
        value: slackButtonValue(a),
        ...(style ? { style } : {}),
      };
    }),
  };
}

/** The report modal's own close button: closing keeps the report (unlike an order's, labelled "Cancel"). */
const REPORT_CLOSE = { da: 'Luk', en: 'Close' } as const;

function within(blocks: KnownBlock[], extra: KnownBlock[]): KnownBlock[] {
  const room = SLACK_LIMITS.modalBlocks - extra.length;
  return [...blocks.slice(0, Math.max(0, room)), ...extra];
}

/**
 * The intake modal for one turn of the intake engine. The last view with a form is the step; the views before it
 * (notes such as "changed meanwhile") are shown above it. The modal's submit button stands for the step's forward
 * action (next, confirm, "none of these helped"), recorded in `private_metadata`; back, skip, cancel, edit,
 * "this solved it" and the view's own buttons become buttons inside the modal (block actions). A question with more
 * choices than one menu lists is a searched menu (`withSearchedQuestions`). A turn without a form (registered,
 * cancelled) becomes a read-only modal. Order conversations use it too (with their `title`). The modal's own close
 * button says "Close" ("Luk") on a report, whose answers closing keeps (the red Cancel inside discards them), and
 * "Cancel" on an order, which closing cancels (see the `view_closed` handler in slack-interactions).
 */
export function intakeModal(
  views: MessageView[],
  locale: Locale,
  title: string = slackTexts.modalTitle[locale],
): ModalView {
  const shown = withSearchedQuestions(views);
  const stepAt = shown.findLastIndex((v) => v.form !== undefined);
  if (stepAt < 0) return infoModal(shown, locale, title);
  const step = shown[stepAt]!;
  const form = step.form!;
  const primary = primarySubmit(form);
  // Earlier messages (a "changed meanwhile", an expired draft's "here is what you had answered") above the step:
  // title and text, then their facts as fields.
  const notes = shown
    .filter((_, i) => i !== stepAt)
    .flatMap((v) => textAndFactBlocks(v.title ? `${v.title}\n${v.text}` : v.text, v.facts));
  const ordered = primary ? [primary, ...form.submit.filter((a) => a !== primary)] : form.submit;
  const meta: IntakeModalMeta = { submit: primary?.action ?? { verb: 'intake_answer' }, locale };
  const modal = renderFormModal(
    { ...step, form: { ...form, submit: ordered } },
    { callbackId: CALLBACK.intake, privateMetadata: JSON.stringify(meta), title },
  );
  const header: KnownBlock[] = step.title ? [{ type: 'header', text: plain(step.title, SLACK_LIMITS.header) }] : [];
  const buttons = buttonsBlock([...ordered.slice(1), ...(step.actions ?? [])], SLACK_INTAKE_ACTIONS_BLOCK);
  // The report's summary takes pictures and files too (a modal has no chat to send them into).
  const files: KnownBlock[] = form.id === INTAKE_SUMMARY_FORM ? [filesInput(locale)] : [];
  const order = meta.submit.verb.startsWith('order_');
  return {
    ...modal,
    notify_on_close: true,
    ...(order ? {} : { close: plain(REPORT_CLOSE[locale], SLACK_LIMITS.modalButton) }),
    ...(primary ? { submit: plain(primary.label, SLACK_LIMITS.modalButton) } : {}),
    blocks: within([...header, ...notes, ...(modal.blocks as KnownBlock[])], [...files, ...(buttons ? [buttons] : [])]),
  };
}

/** The form id of the intake's summary step (`intake-<step>`). */
const INTAKE_SUMMARY_FORM = 'intake-summary';

/** Block and action id of the summary's file input; its files come back in `state.values.attachments.attachments`. */
export const FILES_INPUT = 'attachments';

function filesInput(locale: Locale): KnownBlock {
  return {
    type: 'input',
    block_id: FILES_INPUT,
    optional: true,
    label: plain(attachmentTexts.formLabel[locale], SLACK_LIMITS.label),
    element: { type: 'file_input', action_id: FILES_INPUT, max_files: ATTACHMENTS_PER_CASE },
  };
}

/** A read-only modal showing views (a registered case's receipt, a refusal); only a close button. */
export function infoModal(views: MessageView[], locale: Locale, title: string): ModalView {
  const blocks = views.flatMap((v) => renderMessageBlocks({ ...v, form: undefined }).blocks);
  return {
    type: 'modal',
    callback_id: CALLBACK.info,
    title: plain(title, SLACK_LIMITS.modalTitle),
    close: plain(slackTexts.closed[locale], SLACK_LIMITS.modalButton),
    blocks: blocks.slice(0, SLACK_LIMITS.modalBlocks),
  };
}

/** Shown at once when the real content may take longer than Slack's 3 s; replaced by `views.update`. */
export function workingModal(locale: Locale, callbackId: string = CALLBACK.info): ModalView {
  return noticeModal(locale, slackTexts.working[locale], slackTexts.workingText[locale], callbackId);
}

/** A modal that only says `text` (e.g. why a submitted form could not be taken), with a Close button. */
export function noticeModal(
  locale: Locale,
  title: string,
  text: string,
  callbackId: string = CALLBACK.info,
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, SLACK_LIMITS.modalTitle),
    close: plain(slackTexts.closed[locale], SLACK_LIMITS.modalButton),
    blocks: [{ type: 'section', text: plain(text, SLACK_LIMITS.sectionText) }],
  };
}

/** `noticeModal` saying why a submitted form could not be taken (`failureText`). */
export function failureModal(err: unknown, locale: Locale): ModalView {
  return noticeModal(locale, slackTexts.notDone[locale], failureText(err, locale));
}

/**
 * A case action's form (note, solution, escalation reason, status details, assignee) as a modal. Inputs already
 * given by the click (a menu's choice) are pre-filled; the single submit button tries the form's submit actions
 * in order. The escalation form, whose submits escalate to a group or to the manager, first asks which of the two
 * is meant (a required "Escalate to" choice above its inputs, pre-selected from the card menu's choice; see
 * `slack-escalation.ts`), so a forgotten group is never taken for the manager.
 */
export function caseFormModal(view: MessageView, meta: CaseFormMeta, title: string): ModalView {
  const escalation = isEscalationForm(view.form!.submit.map((s) => s.action))
    ? escalationForm(view.form!, meta.base)
    : undefined;
  const form = escalation?.form ?? view.form!;
  const prefilled: FormView = {
    ...form,
    inputs: form.inputs.map((input) => {
      const given = valueFor(meta.base, input.id);
      return given !== undefined && input.value === undefined ? { ...input, value: given } : input;
    }),
  };
  const kept: CaseFormMeta = escalation
    ? {
        ...meta,
        locale: view.locale,
        escalation: { locale: view.locale, ...(escalation.groupInput ? { group: escalation.groupInput } : {}) },
      }
    : { ...meta, locale: view.locale };
  const modal = renderFormModal(
    { ...view, form: prefilled },
    { callbackId: CALLBACK.caseForm, privateMetadata: JSON.stringify(kept), title },
  );
  const label = escalation
    ? cardLabels(view.locale).form.escalate
    : form.submit.length > 1
      ? slackTexts.submit[view.locale]
      : (form.submit[0]?.label ?? slackTexts.submit[view.locale]);
  if (!escalation) return { ...modal, submit: plain(label, SLACK_LIMITS.modalButton) };
  const blocks = modal.blocks as KnownBlock[];
  const at = blocks.findIndex((b) => b.type === 'input');
  const kind = escalationKindBlock(view.locale, escalation.initial, escalation.takeBack);
  const withKind = at < 0 ? [...blocks, kind] : [...blocks.slice(0, at), kind, ...blocks.slice(at)];
  return {
    ...modal,
    submit: plain(label, SLACK_LIMITS.modalButton),
    blocks: withKind.slice(0, SLACK_LIMITS.modalBlocks),
  };
}

/** The clicked action's value for an input id (`reason` or namespaced `escalate_group.reason`). */
function valueFor(base: Record<string, unknown>, inputId: string): string | undefined {
  const field = inputId.includes('.') ? inputId.slice(inputId.indexOf('.') + 1) : inputId;
  const v = base[field];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The block (= input id) a refused field belongs to, among the modal's input block ids: `reason` may live in
 * `escalate_group.reason`. Falls back to the first input so the message is shown somewhere.
 */
export function blockIdForField(blockIds: readonly string[], field: string | undefined): string | undefined {
  if (field) {
    const exact = blockIds.find((id) => id === field || id.endsWith(`.${field}`));
    if (exact) return exact;
  }
  return blockIds[0];
}
