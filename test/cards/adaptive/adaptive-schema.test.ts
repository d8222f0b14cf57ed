import { describe, expect, it } from 'vitest';
import { adaptiveCardValidator } from './adaptive-schema.js';

const valid = adaptiveCardValidator();
const card = (body: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body,
  ...extra,
});

describe('adaptive-card-1.5 schema subset', () => {
  it('accepts a card with text, facts, inputs and Execute/ShowCard actions when all are well formed', () => {
    const ok = card(
      [
        { type: 'TextBlock', text: 'Hi', wrap: true, style: 'heading' },
        { type: 'FactSet', facts: [{ title: 'a', value: 'b' }] },
        { type: 'Input.Toggle', id: 't', title: 'Yes?' },
        { type: 'Input.Number', id: 'n', value: 3 },
      ],
      {
        actions: [
          { type: 'Action.Execute', verb: 'claim', data: { caseId: 'c' }, mode: 'secondary' },
          { type: 'Action.ShowCard', title: 'Note', card: { type: 'AdaptiveCard', body: [] } },
        ],
        refresh: { action: { type: 'Action.Execute', verb: 'refresh' }, userIds: ['u'] },
      },
    );
    expect(valid(ok)).toEqual([]);
  });

  it('refuses a card when a property is unknown, an enum is wrong or a required field is missing', () => {
    expect(valid(card([{ type: 'TextBlock', text: 'x', colour: 'red' }]))).not.toEqual([]);
    expect(valid(card([{ type: 'TextBlock', text: 'x', color: 'red' }]))).not.toEqual([]);
    expect(valid(card([{ type: 'Input.Toggle', id: 't' }]))).not.toEqual([]);
    expect(valid(card([{ type: 'Input.Text' }]))).not.toEqual([]);
    expect(valid(card([{ type: 'Input.Number', id: 'n', value: '3' }]))).not.toEqual([]);
    expect(valid(card([], { actions: [{ type: 'Action.Submit' }] }))).not.toEqual([]);
    expect(valid({ type: 'AdaptiveCard', body: [] })).not.toEqual([]);
  });

  it('accepts the Teams typeahead Data.Query on a ChoiceSet and refuses it when malformed or elsewhere', () => {
    const choiceSet = (data: unknown) => ({
      type: 'Input.ChoiceSet',
      id: 'assign.assigneeEmail',
      style: 'filtered',
      choices: [{ title: 'a', value: 'a' }],
      'choices.data': data,
    });
    expect(valid(card([choiceSet({ type: 'Data.Query', dataset: 'assignees:desk' })]))).toEqual([]);
    expect(valid(card([choiceSet({ type: 'Data.Query' })]))).not.toEqual([]);
    expect(valid(card([choiceSet({ type: 'Data.Query', dataset: 'd', colour: 'red' })]))).not.toEqual([]);
    expect(valid(card([choiceSet({ type: 'Data.Query', dataset: 'd', count: '15' })]))).not.toEqual([]);
    expect(valid(card([choiceSet('assignees:desk')]))).not.toEqual([]);
    expect(
      valid(card([{ type: 'Input.Text', id: 't', 'choices.data': { type: 'Data.Query', dataset: 'd' } }])),
    ).not.toEqual([]);
  });
});
