import type { ActionsBlock, HeaderBlock, InputBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  blocksTextLength,
  renderCaseCardBlocks,
  SLACK_CARD_TEXT_BUDGET,
} from '../../../src/cards/slack/render-case-card-blocks.js';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import { SLACK_LIMITS } from '../../../src/cards/slack/slack-text.js';
import { aCaseCardView, aFormView, anInput, aMessageView, longNotes } from '../../helpers/views.js';

const ofType = <T extends KnownBlock>(blocks: KnownBlock[], type: T['type']) =>
  blocks.filter((b): b is T => b.type === type);

/** `count` paragraphs of 10 000 characters, alternately emoji and Danish letters. */
function longParagraphs(count: number): string {
  return Array.from({ length: count }, (_, i) => `Status ${i}: ${(i % 2 === 0 ? '😀' : 'ø').repeat(10_000)}`).join(
    '\n\n',
  );
}

// Slack answers msg_blocks_too_long from about 13 000 characters of text.
const SLACK_MAX = Math.min(SLACK_CARD_TEXT_BUDGET, 13_000);

const statusSections = (blocks: KnownBlock[]) =>
  ofType<SectionBlock>(blocks, 'section').filter((s) => s.text?.text.startsWith('Status '));

describe('renderMessageBlocks', () => {
  it('renders title, escaped paragraphs, fields and buttons when the message is plain', () => {
    const { text, blocks } = renderMessageBlocks(aMessageView({ text: 'First <!channel> urgent\n\nSecond' }));
    expect(ofType<HeaderBlock>(blocks, 'header')[0]?.text.text).toBe('Your case was registered');
    const sections = ofType<SectionBlock>(blocks, 'section');
    expect(sections.map((s) => s.text?.text).filter(Boolean)).toEqual(['First &lt;!channel&gt; urgent', 'Second']);
    expect(sections.flatMap((s) => s.fields ?? []).map((f) => f.text)).toEqual(['*Case*\nINC-000123']);
    const [actions] = ofType<ActionsBlock>(blocks, 'actions');
    expect(actions?.elements[0]).toMatchObject({ action_id: 'intake_cancel', value: '{"verb":"intake_cancel"}' });
    expect(text).toBe('Your case was registered: First &lt;!channel&gt; urgent\n\nSecond');
  });

  it('pings a person only through a well-formed Slack id when the message mentions someone', () => {
    const ok = renderMessageBlocks(aMessageView({ mention: { id: 'slack:U0ABC123', name: '<!everyone>' } }));
    expect(ok.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '<@U0ABC123>' } });
    expect(ok.text.startsWith('<@U0ABC123> ')).toBe(true);
    const bad = renderMessageBlocks(aMessageView({ mention: { id: 'slack:U1> <!channel', name: 'x' } }));
    expect(JSON.stringify(bad.blocks)).not.toContain('<!channel');
    expect(JSON.stringify(bad.blocks)).not.toContain('<@');
  });

  it('renders the form as input blocks followed by its submit buttons when the message has a form', () => {
    const { blocks } = renderMessageBlocks(
      aMessageView({ form: aFormView({ inputs: [anInput('text'), anInput('choice')] }) }),
    );
    const inputs = ofType<InputBlock>(blocks, 'input');
    expect(inputs.map((i) => [i.block_id, i.element.type])).toEqual([
      ['q_text', 'plain_text_input'],
      ['q_choice', 'static_select'],
    ]);
    const submit = ofType<ActionsBlock>(blocks, 'actions')[0];
    expect(submit?.elements[0]).toMatchObject({ action_id: 'intake_answer', style: 'primary' });
  });

  it('appends the case card blocks after a divider when a case card is attached', () => {
    const { blocks } = renderMessageBlocks(aMessageView({ caseCard: aCaseCardView() }));
    const divider = blocks.findIndex((b) => b.type === 'divider');
    expect(divider).toBeGreaterThan(0);
    expect(blocks[divider + 1]).toMatchObject({ type: 'header' });
    expect(blocks.length).toBeLessThanOrEqual(50);
  });

  it('keeps within the text Slack takes, each paragraph cut and the button kept, when paragraphs are long emoji/Danish', () => {
    const view = aMessageView({ text: longParagraphs(6), facts: [{ label: 'Case', value: '😀'.repeat(5000) }] });
    const { blocks } = renderMessageBlocks(view);
    expect(blocksTextLength(blocks)).toBeLessThanOrEqual(SLACK_MAX);
    const paragraphs = statusSections(blocks);
    expect(paragraphs.map((s) => s.text?.text.slice(0, 'Status 0:'.length))).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `Status ${i}:`),
    );
    for (const p of paragraphs) expect(p.text?.text.endsWith('…')).toBe(true);
    const [actions] = ofType<ActionsBlock>(blocks, 'actions');
    expect(actions?.elements[0]).toMatchObject({ action_id: 'intake_cancel' });
  });

  it('renders a message within the text budget exactly as the per-block limits alone would', () => {
    const view = aMessageView({
      text: `${'a'.repeat(5000)}\n\n${'b'.repeat(5000)}`,
      facts: [{ label: 'Case', value: 'v'.repeat(3000) }],
    });
    const { blocks } = renderMessageBlocks(view);
    const sections = ofType<SectionBlock>(blocks, 'section');
    expect(sections.flatMap((s) => (s.text ? [s.text.text.length] : []))).toEqual([
      SLACK_LIMITS.sectionText,
      SLACK_LIMITS.sectionText,
    ]);
    expect(sections.flatMap((s) => s.fields ?? []).map((f) => f.text.length)).toEqual([SLACK_LIMITS.field]);
  });

  it('appends the case card exactly as the case card renderer draws it when the message is within the budget', () => {
    const caseCard = aCaseCardView({ notes: longNotes() });
    const { blocks } = renderMessageBlocks(aMessageView({ caseCard }));
    const divider = blocks.findIndex((b) => b.type === 'divider');
    expect(blocks.slice(divider + 1)).toEqual(renderCaseCardBlocks(caseCard).blocks);
  });

  it('keeps the message and its case card together within the text Slack takes when both are long', () => {
    // A case card just under its own budget, and fifteen paragraphs that even cut short take ~1 800 more.
    const caseCard = aCaseCardView({
      notes: longNotes(),
      facts: Array.from({ length: 14 }, (_, i) => ({ label: `Answer ${i}`, value: 'æ'.repeat(500) })),
    });
    expect(blocksTextLength(renderCaseCardBlocks(caseCard).blocks)).toBeGreaterThan(11_500);
    const { blocks } = renderMessageBlocks(aMessageView({ text: longParagraphs(15), caseCard }));
    expect(blocksTextLength(blocks)).toBeLessThanOrEqual(SLACK_MAX);
    expect(statusSections(blocks)).toHaveLength(15);
    const headers = ofType<HeaderBlock>(blocks, 'header').map((h) => h.text.text);
    expect(headers).toContain('INC-000123: Printer on 2nd floor does not print');
    const verbs = ofType<ActionsBlock>(blocks, 'actions').flatMap((a) => a.elements.map((e) => e.action_id));
    expect(verbs).toEqual(expect.arrayContaining(['intake_cancel', 'claim', 'unassign']));
  });
});
