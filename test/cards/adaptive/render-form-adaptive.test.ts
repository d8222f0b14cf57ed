import * as ACData from 'adaptivecards-templating';
import { describe, expect, it } from 'vitest';
import { traceExpansions } from '../../../src/cards/adaptive/adaptive-card.js';
import { renderFormAdaptive } from '../../../src/cards/adaptive/render-form-adaptive.js';
import { cardLabels } from '../../../src/cards/card-labels.js';
import { aFormView, anInput } from '../../helpers/views.js';
import { adaptiveCardValidator } from './adaptive-schema.js';

const valid = adaptiveCardValidator();
type Json = Record<string, unknown>;

const desk = Array.from({ length: 15 }, (_, i) => ({ value: `person-${i}@au.dk`, label: `person-${i}@au.dk` }));
const searched = anInput('choice', {
  id: 'assign.assigneeEmail',
  label: 'Assignee',
  options: desk,
  search: 'assignees:arts-support',
});

/** The ChoiceSet of a one-input form. */
function choiceSetOf(form: ReturnType<typeof renderFormAdaptive>): Json {
  const container = form.body[0] as unknown as { items: Json[] };
  expect(container.items).toHaveLength(1);
  return container.items[0]!;
}

describe('renderFormAdaptive', () => {
  it('renders a filtered ChoiceSet with the static choices and a Data.Query when the choice is searched', () => {
    const form = renderFormAdaptive(aFormView({ inputs: [searched] }), 'en');
    const set = choiceSetOf(form);
    expect(set).toMatchObject({ type: 'Input.ChoiceSet', id: 'assign.assigneeEmail', style: 'filtered' });
    expect(set['choices']).toEqual(desk.map((o) => ({ title: o.label, value: o.value })));
    expect(set['choices.data']).toEqual({ type: 'Data.Query', dataset: 'assignees:arts-support' });
    expect(valid({ ...form, version: '1.5' })).toEqual([]);
  });

  it('renders a choice exactly as before, with no Data.Query, when it is not searched', () => {
    const plain = anInput('choice', { options: desk });
    const set = choiceSetOf(renderFormAdaptive(aFormView({ inputs: [plain] }), 'en'));
    expect(set).toEqual({
      type: 'Input.ChoiceSet',
      id: plain.id,
      label: plain.label,
      style: 'compact',
      isRequired: true,
      errorMessage: cardLabels('en').required,
      placeholder: '',
      value: '',
      wrap: true,
      choices: desk.map((o) => ({ title: o.label, value: o.value })),
    });
    const few = choiceSetOf(renderFormAdaptive(aFormView({ inputs: [anInput('choice')] }), 'en'));
    expect(few['style']).toBe('expanded');
  });

  it('ignores a search on an input that is not a choice', () => {
    const text = anInput('text', { search: 'assignees:arts-support' });
    const item = choiceSetOf(renderFormAdaptive(aFormView({ inputs: [text] }), 'en'));
    expect(item['type']).toBe('Input.Text');
    expect(item['choices.data']).toBeUndefined();
  });

  it('renders a button that takes no inputs with associatedInputs none, in its place, valid Adaptive Cards 1.5', () => {
    const form = renderFormAdaptive(
      aFormView({
        inputs: [anInput('number', { min: 1, max: 50 }), anInput('text')],
        submit: [
          { action: { verb: 'order_details' }, label: 'Next', style: 'positive' },
          { action: { verb: 'order_back' }, label: 'Back', inputless: true },
          { action: { verb: 'order_cancel' }, label: 'Cancel', style: 'destructive', inputless: true },
        ],
      }),
      'en',
    );
    const actions = (form.actions ?? []) as Json[];
    expect(actions.map((a) => [a['title'], a['associatedInputs']])).toEqual([
      ['Next', undefined],
      ['Back', 'none'],
      ['Cancel', 'none'],
    ]);
    expect(actions[2]).toMatchObject({ type: 'Action.Execute', verb: 'order_cancel', data: { verb: 'order_cancel' } });
    expect(valid({ ...form, version: '1.5' })).toEqual([]);
  });

  it('renders a searched choice exactly as adaptivecards-templating does', () => {
    const { expansions } = traceExpansions(() =>
      renderFormAdaptive(aFormView({ inputs: [searched, anInput('choice'), anInput('text')] }), 'en'),
    );
    expect(expansions).toHaveLength(1);
    for (const e of expansions) {
      const reference = new ACData.Template(e.template).expand({ $root: e.data });
      expect(JSON.stringify(e.output)).toBe(JSON.stringify(reference));
    }
  });
});
