// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests feed template syntax in as user text on purpose
import { describe, expect, it } from 'vitest';
import { renderMessageAdaptive } from '../../../src/cards/adaptive/render-message-adaptive.js';
import { aCaseCardView, aFormView, anInput, aMessageView, longNotes } from '../../helpers/views.js';
import { adaptiveCardValidator } from './adaptive-schema.js';
import { type Json, walk } from '../../helpers/card-walk.js';

const valid = adaptiveCardValidator();

describe('renderMessageAdaptive', () => {
  it('produces a schema-valid card with one paragraph block each when the text has blank lines', () => {
    const card = renderMessageAdaptive(aMessageView());
    expect(valid(card)).toEqual([]);
    const texts = card.body.filter((b) => b.type === 'TextBlock').map((b) => b['text']);
    expect(texts).toEqual([
      'Your case was registered',
      'We have registered your case.',
      'Bo from ST Aarhus will contact you.',
    ]);
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Cancel',
        verb: 'intake_cancel',
        data: { verb: 'intake_cancel' },
        style: 'default',
      },
    ]);
  });

  it('renders every input kind as its Adaptive input when the message has a form', () => {
    const card = renderMessageAdaptive(aMessageView({ form: aFormView() }));
    expect(valid(card)).toEqual([]);
    const byId = new Map(
      walk(card)
        .filter((n) => typeof n['id'] === 'string')
        .map((n) => [n['id'], n]),
    );
    expect(byId.get('q_text')).toMatchObject({ type: 'Input.Text', isRequired: true, label: 'Question (text)' });
    expect(byId.get('q_multiline')).toMatchObject({ type: 'Input.Text', isMultiline: true });
    expect(byId.get('q_choice')).toMatchObject({
      type: 'Input.ChoiceSet',
      choices: [
        { title: 'Option A', value: 'a' },
        { title: 'Option B', value: 'b' },
      ],
    });
    expect(byId.get('q_date')).toMatchObject({ type: 'Input.Date' });
    expect(byId.get('q_yes_no')).toMatchObject({ type: 'Input.Toggle', title: 'Question (yes_no)', valueOn: 'true' });
    expect(byId.get('q_number')).toMatchObject({ type: 'Input.Number' });
    expect(byId.get('q_person')).toMatchObject({ type: 'Input.Text', style: 'email' });
    const submit = walk(card).find((n) => n['type'] === 'ActionSet');
    expect(submit?.['actions']).toEqual([
      {
        type: 'Action.Execute',
        title: 'Next',
        verb: 'intake_answer',
        data: { verb: 'intake_answer', step: 'printing' },
        style: 'positive',
      },
    ]);
  });

  it('shows the refusal under the input and keeps the answer when an input was refused', () => {
    const form = aFormView({
      inputs: [
        anInput('number', { value: '12', error: 'Give a number between 1 and 10.' }),
        anInput('yes_no', { value: 'true' }),
        anInput('date', { value: '2025-03-01' }),
      ],
    });
    const card = renderMessageAdaptive(aMessageView({ form }));
    expect(valid(card)).toEqual([]);
    const container = walk(card).find(
      (n) => n['type'] === 'Container' && (n['items'] as Json[]).some((i) => i['id'] === 'q_number'),
    );
    expect(container?.['items']).toEqual([
      expect.objectContaining({ type: 'Input.Number', id: 'q_number', value: 12 }),
      expect.objectContaining({ type: 'TextBlock', text: 'Give a number between 1 and 10.', color: 'attention' }),
    ]);
    expect(walk(card).find((n) => n['id'] === 'q_yes_no')).toMatchObject({ value: 'true' });
    expect(walk(card).find((n) => n['id'] === 'q_date')).toMatchObject({ value: '2025-03-01' });
  });

  it('mentions the person with a matching msteams entity when the message pings someone', () => {
    const card = renderMessageAdaptive(aMessageView({ mention: { id: 'teams:aad-42', name: 'Sofie Lund' } }));
    expect(valid(card)).toEqual([]);
    expect(card.msteams).toEqual({
      entities: [{ type: 'mention', text: '<at>Sofie Lund</at>', mentioned: { id: 'aad-42', name: 'Sofie Lund' } }],
    });
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: '<at>Sofie Lund</at>' });
  });

  it('attaches the case card as an emphasised container with its buttons when the message carries one', () => {
    const card = renderMessageAdaptive(aMessageView({ caseCard: aCaseCardView({ notes: longNotes() }) }));
    expect(valid(card)).toEqual([]);
    expect(JSON.stringify(card).length).toBeLessThan(40_000);
    const box = card.body.find((b) => b.type === 'Container' && b['style'] === 'emphasis');
    const inner = walk(box);
    expect(inner.some((n) => n['text'] === 'Printer on 2nd floor does not print')).toBe(true);
    expect(inner.some((n) => n['type'] === 'Action.Execute' && n['verb'] === 'claim')).toBe(true);
  });

  it('keeps template syntax verbatim when users typed it into the text, title and facts', () => {
    const card = renderMessageAdaptive(
      aMessageView({
        title: '${title}',
        text: '{{name}} says ${$root.fallbackText}',
        facts: [{ label: 'x', value: '${facts}' }],
        form: aFormView({ inputs: [anInput('text', { value: '${value}', label: '${label}' })] }),
      }),
    );
    const strings = walk(card).flatMap((n) => [n['text'], n['value'], n['label'], n['title']]);
    expect(strings).toEqual(
      expect.arrayContaining(['${title}', '{{name}} says ${$root.fallbackText}', '${facts}', '${value}', '${label}']),
    );
    expect(valid(card)).toEqual([]);
  });
});
