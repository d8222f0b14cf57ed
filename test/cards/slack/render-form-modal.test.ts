import type { InputBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { caseFormFor } from '../../../src/cards/case-forms.js';
import { renderFormModal } from '../../../src/cards/slack/render-form-modal.js';
import { inputOptions } from '../../../src/cards/slack/slack-inputs.js';
import { aCaseCardView, aFormView, anInput, aMessageView } from '../../helpers/views.js';

const opts = { callbackId: 'intake', privateMetadata: '{"session":"s1"}', title: 'Report an incident to AU IT' };

describe('renderFormModal', () => {
  it('maps every input kind to the right Block Kit element when the form has all kinds', () => {
    const modal = renderFormModal(aMessageView({ form: aFormView() }), opts);
    const inputs = modal.blocks.filter((b): b is InputBlock => b.type === 'input');
    expect(inputs.map((i) => [i.block_id, i.element.action_id, i.element.type])).toEqual([
      ['q_text', 'q_text', 'plain_text_input'],
      ['q_multiline', 'q_multiline', 'plain_text_input'],
      ['q_choice', 'q_choice', 'static_select'],
      ['q_date', 'q_date', 'datepicker'],
      ['q_yes_no', 'q_yes_no', 'checkboxes'],
      ['q_number', 'q_number', 'number_input'],
      ['q_person', 'q_person', 'plain_text_input'],
    ]);
    expect(inputs[1]?.element).toMatchObject({ multiline: true });
    expect(inputs[0]?.element).toMatchObject({ multiline: false });
    expect(inputs[4]).toMatchObject({ optional: true, element: { options: [{ value: 'true' }] } });
    expect(inputs[0]).toMatchObject({ optional: false });
  });

  it('labels submit after the first submit action and cuts the title to 24 characters', () => {
    const modal = renderFormModal(aMessageView({ form: aFormView() }), opts);
    expect(modal.type).toBe('modal');
    expect(modal.callback_id).toBe('intake');
    expect(modal.private_metadata).toBe('{"session":"s1"}');
    expect(modal.submit).toEqual({ type: 'plain_text', text: 'Next', emoji: true });
    expect(modal.title.text).toHaveLength(24);
    expect(modal.title.text.endsWith('…')).toBe(true);
  });

  it('pre-fills answers and shows a refusal as the hint when an input was refused', () => {
    const form = aFormView({
      inputs: [
        anInput('choice', { value: 'b' }),
        anInput('date', { value: '2025-03-01' }),
        anInput('yes_no', { value: 'true' }),
        anInput('number', { value: '3', error: 'Too many' }),
      ],
    });
    const inputs = renderFormModal(aMessageView({ form }), opts).blocks.filter(
      (b): b is InputBlock => b.type === 'input',
    );
    expect(inputs[0]?.element).toMatchObject({ initial_option: { value: 'b' } });
    expect(inputs[1]?.element).toMatchObject({ initial_date: '2025-03-01' });
    expect(inputs[2]?.element).toMatchObject({ initial_options: [{ value: 'true' }] });
    expect(inputs[3]).toMatchObject({ element: { initial_value: '3' }, hint: { text: '⚠️ Too many' } });
  });

  it('cuts a filled-in text to what its input takes when the text is longer than the input allows', () => {
    // A description grown past 2000 characters (more typed at the category step) shown again on a 2000 input, and a
    // 600-character text on a 500 input: Slack's input may never start out holding more than its max_length.
    const form = aFormView({
      inputs: [
        anInput('multiline', { maxLength: 2000, value: 'a'.repeat(2500) }),
        anInput('text', { maxLength: 500, value: 'b'.repeat(600) }),
      ],
    });
    const inputs = renderFormModal(aMessageView({ form }), opts).blocks.filter(
      (b): b is InputBlock => b.type === 'input',
    );
    const shown = inputs.map((i) => i.element as { max_length: number; initial_value: string });
    expect(shown.map((e) => [e.max_length, e.initial_value.length])).toEqual([
      [2000, 2000],
      [500, 500],
    ]);
    expect(shown[0]?.initial_value.endsWith('…')).toBe(true);
  });

  it('has no submit button when the view has no form', () => {
    const modal = renderFormModal(aMessageView(), opts);
    expect(modal.submit).toBeUndefined();
    expect(modal.blocks.some((b) => b.type === 'input')).toBe(false);
  });

  it('renders a case sub-form with namespaced ids when a case form is shown as a modal', () => {
    const view = aCaseCardView();
    const form = caseFormFor(view, 'set_status');
    const modal = renderFormModal(aMessageView({ text: 'INC-000123', form }), { ...opts, title: 'Set status' });
    const ids = modal.blocks.filter((b): b is InputBlock => b.type === 'input').map((b) => b.block_id);
    expect(ids).toEqual(['set_status.status', 'set_status.vendorName', 'set_status.vendorRef', 'set_status.question']);
    expect(modal.submit?.text).toBe('Set status');
  });

  it('renders the assign form of a searched desk as an external_select whose loaded options read like static ones', () => {
    const inline = Array.from({ length: 15 }, (_, i) => ({ value: `p${i}@au.dk`, label: `P ${i}` }));
    const view = aCaseCardView({
      menus: [{ id: 'assigneeEmail', label: 'Assign', verb: 'assign', options: inline, search: 'assignees:desk' }],
    });
    const form = caseFormFor(view, 'assign')!;
    expect(form.inputs[0]?.search).toBe('assignees:desk');
    const searched = renderFormModal(aMessageView({ text: 'INC-000123', form }), opts);
    const [input] = searched.blocks.filter((b): b is InputBlock => b.type === 'input');
    expect(input?.block_id).toBe('assign.assigneeEmail');
    expect(input?.element).toEqual({
      type: 'external_select',
      action_id: 'assign.assigneeEmail',
      min_query_length: 0,
      placeholder: { type: 'plain_text', text: 'Type a name or e-mail to find more people', emoji: true },
    });
    // Without search the same input is a static_select of the same options the options load answers with.
    const plainForm = { ...form, inputs: form.inputs.map(({ search: _s, ...i }) => i) };
    const [staticInput] = renderFormModal(aMessageView({ text: 'INC-000123', form: plainForm }), opts).blocks.filter(
      (b): b is InputBlock => b.type === 'input',
    );
    expect(staticInput?.element).toMatchObject({ type: 'static_select', options: inputOptions(inline) });
    expect(inputOptions(inline)[3]).toEqual({
      text: { type: 'plain_text', text: 'P 3', emoji: true },
      value: 'p3@au.dk',
    });
  });

  it('pre-selects a searched choice when its value is one of the inline options', () => {
    const input = anInput('choice', { search: 'assignees:desk', value: 'b' });
    const [block] = renderFormModal(aMessageView({ form: aFormView({ inputs: [input] }) }), opts).blocks.filter(
      (b): b is InputBlock => b.type === 'input',
    );
    expect(block?.element).toMatchObject({ type: 'external_select', initial_option: { value: 'b' } });
    expect(block?.element).not.toHaveProperty('options');
  });

  it("loads a category choice of more than 100 categories as you type, the chosen one pre-selected, and keeps other long choices' first 100", () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ value: `c${i}`, label: `Choice ${i}` }));
    const modal = renderFormModal(
      aMessageView({
        form: aFormView({
          inputs: [
            anInput('choice', { id: 'classify.categoryId', options: many, value: 'c120' }),
            anInput('choice', { id: 'categoryId', options: many.slice(0, 100) }),
            anInput('choice', { id: 'q_building', options: many }),
          ],
        }),
      }),
      opts,
    );
    const [classify, intake, other] = modal.blocks.filter((b): b is InputBlock => b.type === 'input');
    expect(classify?.element).toEqual({
      type: 'external_select',
      action_id: 'classify.categoryId',
      min_query_length: 0,
      initial_option: { text: { type: 'plain_text', text: 'Choice 120', emoji: true }, value: 'c120' },
    });
    // At most 100: a static menu, as ever.
    expect(intake?.element).toMatchObject({ type: 'static_select' });
    expect(other?.element).toMatchObject({ type: 'static_select' });
    expect(other?.element).toHaveProperty('options.length', 100);
  });
});
