import type { KnownBlock, ModalView } from '@slack/types';
import { paragraphs } from '../paragraphs.js';
import type { MessageView } from '../view-models.js';
import { capBlocks } from './cap-blocks.js';
import { renderInputBlock } from './slack-inputs.js';
import { labelled, mrkdwnText, plain, SLACK_LIMITS } from './slack-text.js';

export interface FormModalOptions {
  /** Identifies the form when Slack sends the `view_submission`. */
  callbackId: string;
  /** Opaque state handed back on submission (at most 3000 characters, Slack's limit; not cut here). */
  privateMetadata: string;
  /** The modal title (cut to Slack's 24 characters). */
  title: string;
}

const CLOSE = { da: 'Annullér', en: 'Cancel' } as const;

/**
 * A message's form as a Slack modal: the text as escaped mrkdwn sections, facts as fields, then one input block
 * per input (`block_id` = `action_id` = input id; plain_text_input, static_select (external_select when the choice
 * is searched), datepicker, checkboxes for yes/no, number_input). The submit button is labelled after the form's first submit action; a view without a
 * form (or with no inputs) gets no submit button, as Slack requires.
 */
export function renderFormModal(view: MessageView, opts: FormModalOptions): ModalView {
  const blocks: KnownBlock[] = [];
  for (const p of paragraphs(view.text))
    blocks.push({ type: 'section', text: mrkdwnText(p, SLACK_LIMITS.sectionText) });
  const facts = view.facts ?? [];
  for (let i = 0; i < facts.length; i += SLACK_LIMITS.fields) {
    blocks.push({
      type: 'section',
      fields: facts.slice(i, i + SLACK_LIMITS.fields).map((f) => labelled(f.label, f.value, SLACK_LIMITS.field)),
    });
  }
  const inputs = view.form?.inputs ?? [];
  blocks.push(...inputs.map((input) => renderInputBlock(input, view.locale)));
  const submitLabel = view.form?.submit[0]?.label;
  return {
    type: 'modal',
    callback_id: opts.callbackId.slice(0, SLACK_LIMITS.blockId),
    private_metadata: opts.privateMetadata,
    title: plain(opts.title, SLACK_LIMITS.modalTitle),
    close: plain(CLOSE[view.locale], SLACK_LIMITS.modalButton),
    ...(inputs.length > 0 && submitLabel ? { submit: plain(submitLabel, SLACK_LIMITS.modalButton) } : {}),
    blocks: capBlocks(blocks, SLACK_LIMITS.modalBlocks),
  };
}
