import type { ActionsBlock, HeaderBlock, InputBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderMessageBlocks } from '../../../src/cards/slack/render-message-blocks.js';
import { aCaseCardView, aFormView, anInput, aMessageView } from '../../helpers/views.js';

const ofType = <T extends KnownBlock>(blocks: KnownBlock[], type: T['type']) =>
  blocks.filter((b): b is T => b.type === type);

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
});
