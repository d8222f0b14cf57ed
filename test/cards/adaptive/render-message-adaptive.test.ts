// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests feed template syntax in as user text on purpose
import { describe, expect, it } from 'vitest';
import { CARD_BYTE_BUDGET, renderCaseCardAdaptive } from '../../../src/cards/adaptive/render-case-card-adaptive.js';
import {
  IN_MESSAGE,
  MESSAGE_LIMITS,
  renderMessageAdaptive,
} from '../../../src/cards/adaptive/render-message-adaptive.js';
import { aCaseCardView, aFormView, anInput, aMessageView, longNotes } from '../../helpers/views.js';
import { teamsMessageText } from '../../../src/cards/adaptive/teams-markdown.js';
import { adaptiveCardValidator } from './adaptive-schema.js';
import { type Json, walk } from '../../helpers/card-walk.js';

const valid = adaptiveCardValidator();

/** `count` paragraphs of 10 000 characters, alternately emoji (4 bytes of JSON each) and Danish letters (2). */
function longParagraphs(count: number): string {
  return Array.from({ length: count }, (_, i) => `Status ${i}: ${(i % 2 === 0 ? '😀' : 'ø').repeat(10_000)}`).join(
    '\n\n',
  );
}

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');
// Teams refuses a message over ~28 KB; the card leaves room for the activity around it.
const TEAMS_MAX = Math.min(CARD_BYTE_BUDGET, 26_000);

describe('teamsMessageText', () => {
  it('makes every line break a paragraph break, except before a list item', () => {
    expect(teamsMessageText('INC-1 · Printer\nINC-2 · VPN\r\nINC-3 · Mail')).toBe(
      'INC-1 · Printer\n\nINC-2 · VPN\n\nINC-3 · Mail',
    );
    expect(teamsMessageText('Commands:\n- new\n- status\n1. first\nafter')).toBe(
      'Commands:\n- new\n- status\n1. first\n\nafter',
    );
    expect(teamsMessageText('one line')).toBe('one line');
  });

  it('shows what people wrote as text: no emphasis, no disguised link, no HTML, list items stay lists', () => {
    expect(teamsMessageText('Anna writes: see [here](https://evil.example) *now*')).toBe(
      'Anna writes: see \\[here\\](https://evil.example) \\*now\\*',
    );
    expect(teamsMessageText('C:\\Users\\anna\\my_file.docx <b>x</b> &amp;')).toBe(
      'C:\\\\Users\\\\anna\\\\my\\_file.docx \\<b\\>x\\</b\\> \\&amp;',
    );
    expect(teamsMessageText('# not a heading\n> not a quote\n- a *real* item\n2. second')).toBe(
      '\\# not a heading\n\n\\> not a quote\n- a \\*real\\* item\n2. second',
    );
  });
});

describe('renderMessageAdaptive', () => {
  it("lets a refresh button go without the form's inputs, after the other buttons, and the others take them", () => {
    const back = { action: { verb: 'refresh', caseId: 'c1' }, label: 'Back to the case' };
    const other = { action: { verb: 'claim', caseId: 'c1', version: 2 }, label: 'Claim' };
    const card = renderMessageAdaptive(
      aMessageView({ form: aFormView({ inputs: [anInput('text')] }), actions: [back, other] }),
    );
    expect(valid(card)).toEqual([]);
    expect(card.actions).toEqual([
      { type: 'Action.Execute', title: 'Claim', verb: 'claim', data: other.action, style: 'default' },
      {
        type: 'Action.Execute',
        title: 'Back to the case',
        verb: 'refresh',
        data: back.action,
        style: 'default',
        associatedInputs: 'none',
      },
    ]);
    // The form's own submit takes its inputs (Teams checks the required one first).
    const submit = walk(card.body).find((n) => n['type'] === 'Action.Execute');
    expect(submit?.['associatedInputs']).toBeUndefined();
  });

  it('shows the lines of a paragraph (a list of cases) one under the other, where Teams would run them together', () => {
    const card = renderMessageAdaptive(
      aMessageView({
        title: 'Your cases',
        text: 'INC-000002 · VPN\nINC-000001 · Printer\n\nCommands:\n- mine\n- help',
      }),
    );
    const texts = card.body.filter((b) => b.type === 'TextBlock').map((b) => b['text']);
    expect(texts).toEqual(['Your cases', 'INC-000002 · VPN\n\nINC-000001 · Printer', 'Commands:\n- mine\n- help']);
    const note = renderCaseCardAdaptive(
      aCaseCardView({ notes: [{ author: 'Anna', at: 'now', text: 'It also fails\n📎 shot.png', internal: false }] }),
    );
    expect(JSON.stringify(note)).toContain('It also fails\\n\\n📎 shot.png');
  });

  it('shows a title, paragraphs and facts that quote people literally (no link, no emphasis)', () => {
    const card = renderMessageAdaptive(
      aMessageView({
        title: 'INC-000001 · [Printer](https://evil.example)',
        text: 'Bo writes about your case:\n\nPlease run `fix.ps1` from _C:\\tools_',
        facts: [{ label: 'What *exactly*', value: '[click](https://evil.example)\nsecond line' }],
      }),
    );
    const texts = card.body.filter((b) => b.type === 'TextBlock').map((b) => b['text']);
    expect(texts).toEqual([
      'INC-000001 · \\[Printer\\](https://evil.example)',
      'Bo writes about your case:',
      'Please run \\`fix.ps1\\` from \\_C:\\\\tools\\_',
    ]);
    const facts = card.body.find((b) => b.type === 'FactSet')?.['facts'];
    expect(facts).toEqual([{ title: 'What \\*exactly\\*', value: '\\[click\\](https://evil.example) second line' }]);
  });

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

  it('keeps within what Teams takes, each paragraph cut and the button kept, when paragraphs are long emoji/Danish', () => {
    const view = aMessageView({
      title: 'Æ'.repeat(1000),
      text: longParagraphs(6),
      facts: [{ label: 'Case', value: '😀'.repeat(5000) }],
    });
    const card = renderMessageAdaptive(view);
    expect(bytes(card)).toBeLessThanOrEqual(TEAMS_MAX);
    expect(valid(card)).toEqual([]);
    const paragraphs = card.body.filter((b) => b.type === 'TextBlock' && String(b['text']).startsWith('Status '));
    expect(paragraphs.map((p) => String(p['text']).slice(0, 'Status 0:'.length))).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `Status ${i}:`),
    );
    for (const p of paragraphs) expect(String(p['text']).endsWith('…')).toBe(true);
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'intake_cancel' })]);
  });

  it('renders a message within the budget exactly as the character caps alone would', () => {
    const view = aMessageView({
      title: 'T'.repeat(400),
      text: `${'a'.repeat(5000)}\n\n${'b'.repeat(5000)}`,
      facts: [{ label: 'Case', value: 'v'.repeat(3000) }],
    });
    const card = renderMessageAdaptive(view);
    const texts = card.body.filter((b) => b.type === 'TextBlock').map((b) => String(b['text']));
    expect(texts.map((t) => t.length)).toEqual([
      MESSAGE_LIMITS.title,
      MESSAGE_LIMITS.paragraph,
      MESSAGE_LIMITS.paragraph,
    ]);
    expect(walk(card).find((n) => n['title'] === 'Case')?.['value']).toHaveLength(MESSAGE_LIMITS.fact);
  });

  it('embeds the case card exactly as the case card renderer draws it when the message is within the budget', () => {
    const caseCard = aCaseCardView({ notes: longNotes() });
    const card = renderMessageAdaptive(aMessageView({ caseCard }));
    const own = renderCaseCardAdaptive(caseCard);
    const box = card.body.find((b) => b.type === 'Container' && b['style'] === 'emphasis');
    expect(box?.['items']).toEqual([
      { type: 'Container', items: own.body },
      { type: 'ActionSet', actions: own.actions },
    ]);
  });

  it('keeps the message and its case card together within what Teams accepts when both are long', () => {
    // A case card just under its own budget, and thirty paragraphs that even cut short take ~10 KB more.
    const caseCard = aCaseCardView({
      notes: longNotes(),
      facts: Array.from({ length: 9 }, (_, i) => ({ label: `Answer ${i}`, value: 'æ'.repeat(500) })),
    });
    expect(bytes(renderCaseCardAdaptive(caseCard))).toBeGreaterThan(22_000);
    const card = renderMessageAdaptive(aMessageView({ text: longParagraphs(30), caseCard }));
    expect(bytes(card)).toBeLessThanOrEqual(TEAMS_MAX);
    expect(valid(card)).toEqual([]);
    const paragraphs = card.body.filter((b) => b.type === 'TextBlock' && String(b['text']).startsWith('Status '));
    expect(paragraphs).toHaveLength(30);
    const box = walk(card.body.find((b) => b.type === 'Container' && b['style'] === 'emphasis'));
    expect(box.some((n) => n['text'] === 'Printer on 2nd floor does not print')).toBe(true);
    expect(box.some((n) => n['type'] === 'Action.Execute' && n['verb'] === 'claim')).toBe(true);
    expect(card.actions).toEqual([expect.objectContaining({ verb: 'intake_cancel' })]);
  });

  it("names the delivered message in every button of its case card (show-cards too), not in the message's own", () => {
    const caseCard = aCaseCardView({ notes: longNotes() });
    const id = '0b4e7c1a-5f7e-4d0e-9a3b-2c1d0e9f8a7b';
    const card = renderMessageAdaptive(aMessageView({ caseCard, deliveredFrom: id }));
    const box = walk(card.body.find((b) => b.type === 'Container' && b['style'] === 'emphasis'));
    const inCard = box.filter((n) => n['type'] === 'Action.Execute');
    expect(inCard.length).toBeGreaterThan(3);
    for (const b of inCard) expect(b['data']).toMatchObject({ [IN_MESSAGE]: id });
    expect(box.some((n) => n['type'] === 'Action.ShowCard')).toBe(true);
    expect(card.actions).toEqual([expect.objectContaining({ verb: 'intake_cancel' })]);
    expect(JSON.stringify(card.actions)).not.toContain(id);
    // Undelivered (a reply in the turn), nothing is added.
    expect(JSON.stringify(renderMessageAdaptive(aMessageView({ caseCard })))).not.toContain(IN_MESSAGE);
  });

  it('keeps a delivered message with a long case card within what Teams accepts, its buttons named', () => {
    const caseCard = aCaseCardView({
      notes: longNotes(),
      facts: Array.from({ length: 9 }, (_, i) => ({ label: `Answer ${i}`, value: 'æ'.repeat(500) })),
    });
    const id = '0b4e7c1a-5f7e-4d0e-9a3b-2c1d0e9f8a7b';
    const card = renderMessageAdaptive(aMessageView({ text: longParagraphs(30), caseCard, deliveredFrom: id }));
    expect(bytes(card)).toBeLessThanOrEqual(TEAMS_MAX);
    expect(valid(card)).toEqual([]);
    const claim = walk(card).find((n) => n['type'] === 'Action.Execute' && n['verb'] === 'claim');
    expect(claim?.['data']).toMatchObject({ [IN_MESSAGE]: id });
  });
});
