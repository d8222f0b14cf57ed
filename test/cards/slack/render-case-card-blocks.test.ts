// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests feed template syntax in as user text on purpose
import type { ActionsBlock, HeaderBlock, KnownBlock, RichTextBlock, RichTextList, SectionBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCardAction } from '../../../src/cards/card-actions.js';
import { menuField } from '../../../src/cards/case-forms.js';
import {
  blocksTextLength,
  caseMenuOptions,
  renderCaseCardBlocks,
  SLACK_CARD_TEXT_BUDGET,
} from '../../../src/cards/slack/render-case-card-blocks.js';
import { actionFromSlackPayload } from '../../../src/cards/slack/slack-action-payload.js';
import { aCaseCardView, longNotes } from '../../helpers/views.js';

const ofType = <T extends KnownBlock>(blocks: KnownBlock[], type: T['type']) =>
  blocks.filter((b): b is T => b.type === type);

describe('renderCaseCardBlocks', () => {
  it('renders header, fields, context and both actions blocks when the view is complete', () => {
    const { blocks, text } = renderCaseCardBlocks(aCaseCardView());
    expect(text).toBe('INC-000123: Printer on 2nd floor does not print (In progress)');
    expect(ofType<HeaderBlock>(blocks, 'header')[0]?.text.text).toBe('INC-000123: Printer on 2nd floor does not print');
    const fields = ofType<SectionBlock>(blocks, 'section')
      .flatMap((s) => s.fields ?? [])
      .map((f) => f.text);
    expect(fields).toContain('*Status*\nIn progress');
    expect(fields).toContain('*Location*\nBuilding 1530, room 214');
    expect(blocks.some((b) => b.type === 'context')).toBe(true);
    expect(ofType<ActionsBlock>(blocks, 'actions')).toHaveLength(2);
  });

  it('gives buttons action_id = verb and the JSON action as value when the card has buttons', () => {
    const view = aCaseCardView();
    const [buttons] = ofType<ActionsBlock>(renderCaseCardBlocks(view).blocks, 'actions');
    const claim = buttons?.elements.find((e) => e.action_id === 'claim');
    expect(claim).toMatchObject({ type: 'button', style: 'primary', text: { type: 'plain_text', text: 'Claim' } });
    expect(JSON.parse((claim as { value: string }).value)).toEqual({ verb: 'claim', caseId: view.caseId, version: 7 });
    const ids = buttons?.elements.map((e) => e.action_id) ?? [];
    expect(ids).toEqual(['claim', 'open_form', 'open_form#2', 'escalate_manager', 'unassign']);
  });

  it('renders static_select menus whose options parse back into actions when a member picks one', () => {
    const view = aCaseCardView();
    const menus = ofType<ActionsBlock>(renderCaseCardBlocks(view).blocks, 'actions')[1]!;
    expect(menus.elements.map((e) => [e.type, e.action_id])).toEqual([
      ['static_select', 'set_status'],
      ['static_select', 'escalate_group'],
      ['static_select', 'assign'],
    ]);
    const status = menus.elements[0] as { options: { value: string }[] };
    const raw = actionFromSlackPayload({
      action_id: 'set_status',
      block_id: menus.block_id,
      selected_option: { value: status.options[1]!.value },
    });
    expect(parseCardAction(raw)).toEqual({
      ok: true,
      value: { verb: 'set_status', caseId: view.caseId, version: 7, status: 'awaiting_vendor' },
    });
    const assign = menus.elements[2] as { options: { value: string }[] };
    expect(JSON.parse(assign.options[0]!.value)).toMatchObject({ verb: 'assign', assigneeEmail: 'bo@au.dk' });
  });

  it('uses a users_select when the assign menu has no options', () => {
    const view = aCaseCardView({ menus: [{ id: 'assigneeId', label: 'Assign', verb: 'assign', options: [] }] });
    const menus = ofType<ActionsBlock>(renderCaseCardBlocks(view).blocks, 'actions')[1]!;
    expect(menus.elements[0]).toMatchObject({ type: 'users_select', action_id: 'assign' });
    const raw = actionFromSlackPayload({ action_id: 'assign', block_id: menus.block_id, selected_user: 'U999' });
    expect(parseCardAction(raw)).toEqual({
      ok: true,
      value: { verb: 'assign', caseId: view.caseId, version: 7, assigneeId: 'slack:U999' },
    });
  });

  it('leaves out a menu option when its value cannot fit in 150 characters', () => {
    const view = aCaseCardView({
      menus: [
        {
          id: 'groupId',
          label: 'Escalate',
          verb: 'escalate_group',
          options: [
            { value: 'g'.repeat(200), label: 'Too long' },
            { value: 'ops-cloud', label: 'Cloud' },
          ],
        },
      ],
    });
    const menus = ofType<ActionsBlock>(renderCaseCardBlocks(view).blocks, 'actions')[1]!;
    const options = (menus.elements[0] as { options: { text: { text: string } }[] }).options;
    expect(options.map((o) => o.text.text)).toEqual(['Cloud']);
  });

  it('keeps option values within 150 characters and recovers the case from the block id when values are long', () => {
    const longGroup = 'ops-'.padEnd(100, 'g');
    const view = aCaseCardView({
      menus: [
        { id: 'groupId', label: 'Escalate', verb: 'escalate_group', options: [{ value: longGroup, label: 'G' }] },
      ],
    });
    const menus = ofType<ActionsBlock>(renderCaseCardBlocks(view).blocks, 'actions')[1]!;
    const value = (menus.elements[0] as { options: { value: string }[] }).options[0]!.value;
    expect(value.length).toBeLessThanOrEqual(150);
    const raw = actionFromSlackPayload({
      action_id: 'escalate_group',
      block_id: menus.block_id,
      selected_option: { value },
    });
    expect(raw).toEqual({ verb: 'escalate_group', groupId: longGroup, caseId: view.caseId, version: 7 });
  });

  it('shows the earlier solutions under the solution, newest first, the newest three shortened and the rest counted', () => {
    const earlier = ['Fourth <@U1>', 'x'.repeat(2000), 'Second', 'First', 'Zeroth'].map((text, i) => ({
      heading: `Earlier solution, did not hold (${5 - i} Mar, Jonas)`,
      text,
    }));
    const { blocks } = renderCaseCardBlocks(aCaseCardView({ solution: 'New AP.', earlierSolutions: earlier }));
    const sections = ofType<SectionBlock>(blocks, 'section').map((b) => b.text?.text ?? '');
    const at = (t: string) => sections.indexOf(t);
    expect(at('*Solution*\nNew AP.')).toBeGreaterThan(-1);
    expect(at('*Earlier solution, did not hold (5 Mar, Jonas)*\nFourth &lt;@U1&gt;')).toBe(
      at('*Solution*\nNew AP.') + 1,
    );
    const long = sections.find((t) => t.startsWith('*Earlier solution, did not hold (4 Mar, Jonas)*'));
    expect(long?.length).toBeLessThan(600);
    expect(long?.endsWith('…')).toBe(true);
    expect(at('*Earlier solution, did not hold (3 Mar, Jonas)*\nSecond')).toBe(at('*Solution*\nNew AP.') + 3);
    expect(sections.join('\n')).not.toContain('First');
    const context = JSON.stringify(ofType(blocks, 'context'));
    expect(context).toContain('… and 2 earlier solutions, kept whole with the case');
  });

  it('escapes user text so channel and user mentions never ping', () => {
    const view = aCaseCardView({
      title: '<!channel> urgent',
      notes: [{ author: 'Eve', at: 'now', text: '<!channel> urgent & <@U123> <http://evil|click>', internal: false }],
      facts: [{ label: 'Where', value: '<!here>' }],
      solution: 'Ask <@U999>',
    });
    const { blocks, text } = renderCaseCardBlocks(view);
    const json = JSON.stringify(blocks);
    expect(json).toContain('&lt;!channel&gt; urgent &amp; &lt;@U123&gt; &lt;http://evil|click&gt;');
    expect(json).toContain('&lt;!here&gt;');
    expect(json).toContain('Ask &lt;@U999&gt;');
    const mrkdwn = JSON.stringify(blocks.flatMap((b) => (b.type === 'section' ? [b.text, ...(b.fields ?? [])] : [])));
    expect(mrkdwn).not.toMatch(/<[!@]/);
    expect(text).toBe('INC-000123: &lt;!channel&gt; urgent (In progress)');
    expect(ofType<HeaderBlock>(blocks, 'header')[0]?.text).toEqual({
      type: 'plain_text',
      text: 'INC-000123: <!channel> urgent',
      emoji: true,
    });
  });

  it('emits no section without text when a note is empty (Slack refuses the card: invalid_blocks)', () => {
    const view = aCaseCardView({
      notes: [
        { author: 'Anna', at: 'now', text: '', internal: false },
        { author: 'Bo', at: 'now', text: '  \n ', internal: false },
        { author: 'Eve', at: 'now', text: 'Room 214', internal: false },
      ],
    });
    const { blocks } = renderCaseCardBlocks(view);
    const sections = ofType<SectionBlock>(blocks, 'section');
    for (const b of sections) {
      if (b.text) expect(b.text.text.trim()).not.toBe('');
      else expect(b.fields?.length).toBeGreaterThan(0);
    }
    expect(sections.some((b) => b.text?.text === 'Room 214')).toBe(true);
    const meta = JSON.stringify(ofType(blocks, 'context'));
    expect(meta).toContain('Anna');
    expect(meta).toContain('Bo');
  });

  it('keeps the whole card under the text budget Slack takes, buttons and menus kept, with long notes and facts', () => {
    const view = aCaseCardView({
      notes: longNotes(),
      solution: 's'.repeat(20_000),
      facts: Array.from({ length: 8 }, (_, i) => ({ label: `Answer ${i}`, value: 'a'.repeat(5000) })),
    });
    const { blocks } = renderCaseCardBlocks(view);
    // Slack answers msg_blocks_too_long from about 13 000 characters of text.
    expect(blocksTextLength(blocks)).toBeLessThanOrEqual(Math.min(SLACK_CARD_TEXT_BUDGET, 13_000));
    const notes = ofType<SectionBlock>(blocks, 'section').filter((b) => b.text?.text.startsWith('Note '));
    expect(notes).toHaveLength(3);
    for (const n of notes) expect(n.text?.text.endsWith('…')).toBe(true);
    expect(ofType<ActionsBlock>(blocks, 'actions')).toHaveLength(2);
  });

  it('renders a card within the text budget exactly as the per-block limits alone would', () => {
    const { blocks } = renderCaseCardBlocks(aCaseCardView({ notes: longNotes(1500) }));
    const notes = ofType<SectionBlock>(blocks, 'section').filter((b) => b.text?.text.startsWith('Note '));
    for (const n of notes) expect(n.text?.text).toHaveLength(1500);
  });

  it('cuts text to Slack limits with an ellipsis when the view is long', () => {
    const view = aCaseCardView({
      title: 'T'.repeat(400),
      notes: longNotes(),
      solution: '&'.repeat(5000),
      actions: [{ action: { verb: 'claim', caseId: 'c', version: 1 }, label: 'L'.repeat(200) }],
      menus: [
        { id: 'status', label: 'S', verb: 'set_status', options: [{ value: 'in_progress', label: 'O'.repeat(200) }] },
      ],
    });
    const { blocks } = renderCaseCardBlocks(view);
    const header = ofType<HeaderBlock>(blocks, 'header')[0]!.text.text;
    expect(header).toHaveLength(150);
    expect(header.endsWith('…')).toBe(true);
    for (const s of ofType<SectionBlock>(blocks, 'section')) {
      if (s.text) expect(s.text.text.length).toBeLessThanOrEqual(3000);
    }
    const solution = ofType<SectionBlock>(blocks, 'section').find((s) => s.text?.text.startsWith('*Solution*'))!;
    expect(solution.text?.text).toMatch(/(&amp;)+…$/);
    const [buttons, menus] = ofType<ActionsBlock>(blocks, 'actions');
    expect((buttons!.elements[0] as { text: { text: string } }).text.text).toHaveLength(75);
    expect((menus!.elements[0] as { options: { text: { text: string } }[] }).options[0]!.text.text).toHaveLength(75);
  });

  it('keeps at most 50 blocks, the buttons included, when the view has very many facts', () => {
    const facts = Array.from({ length: 600 }, (_, i) => ({ label: `F${i}`, value: String(i) }));
    const { blocks } = renderCaseCardBlocks(aCaseCardView({ facts }));
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(blocks.at(-2)?.type).toBe('actions');
    expect(blocks.at(-3)).toEqual({ type: 'context', elements: [{ type: 'plain_text', text: '…' }] });
  });
  it('gives every menu option exactly the JSON of the whole action when values hold quotes, unicode or any menu id', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('assign', 'set_status', 'escalate_group', 'return_to_technician', 'note'),
        fc.constantFrom('assigneeEmail', 'assigneeId', 'status', 'groupId', 'reason', 'verb', 'caseId', 'version', 'x'),
        fc.array(fc.string({ maxLength: 40, unit: 'binary' }), { minLength: 1, maxLength: 5 }),
        (verb, id, values) => {
          const menu = { id, label: 'Menu', verb, options: values.map((v) => ({ value: v, label: `L ${v}` })) };
          const view = aCaseCardView({ menus: [menu] });
          const field = menuField(menu);
          const expected = values
            .map((v) => {
              const whole = JSON.stringify({ verb, caseId: view.caseId, version: view.version, [field]: v });
              return whole.length <= 150 ? whole : JSON.stringify({ verb, [field]: v });
            })
            .filter((v) => v.length <= 150);
          const menus = ofType<ActionsBlock>(renderCaseCardBlocks(view).blocks, 'actions').at(-1);
          const select = menus?.elements[0] as { options?: { value: string }[] };
          expect((select.options ?? []).map((o) => o.value)).toEqual(expected);
        },
      ),
    );
  });

  it('renders a searched assign menu as an external_select that lists people as soon as it opens', () => {
    const inline = Array.from({ length: 15 }, (_, i) => ({ value: `p${i}@au.dk`, label: `p${i}@au.dk` }));
    const view = aCaseCardView();
    const searched = aCaseCardView({
      menus: view.menus.map((m) => (m.verb === 'assign' ? { ...m, options: inline, search: 'assignees:desk' } : m)),
    });
    const menus = ofType<ActionsBlock>(renderCaseCardBlocks(searched).blocks, 'actions')[1]!;
    expect(menus.block_id).toBe(`case|${view.caseId}|7|menus`);
    expect(menus.elements.map((e) => [e.type, e.action_id])).toEqual([
      ['static_select', 'set_status'],
      ['static_select', 'escalate_group'],
      ['external_select', 'assign'],
    ]);
    expect(menus.elements[2]).toEqual({
      type: 'external_select',
      action_id: 'assign',
      placeholder: { type: 'plain_text', text: 'Assign', emoji: true },
      min_query_length: 0,
    });
  });

  it('keeps the card small when the searched desk has 400 people', () => {
    const all = Array.from({ length: 400 }, (_, i) => ({ value: `person-${i}@au.dk`, label: `person-${i}@au.dk` }));
    const withMenu = (options: typeof all, search?: string) =>
      aCaseCardView({
        menus: [{ id: 'assigneeEmail', label: 'Assign', verb: 'assign', options, ...(search ? { search } : {}) }],
      });
    const size = (v: ReturnType<typeof withMenu>) =>
      new URLSearchParams({ blocks: JSON.stringify(renderCaseCardBlocks(v).blocks) }).toString().length;
    const searched = size(withMenu(all.slice(0, 15), 'assignees:desk'));
    // The static menu it replaces: 100 people inline (the most one lists), the rest not reachable at all.
    const inline = size(withMenu(all.slice(0, 100)));
    expect(searched).toBeLessThan(6_000);
    expect(inline).toBeGreaterThan(searched + 20_000);
  });

  it('builds loaded options that are the static menu options and decode to the same action when chosen', () => {
    const view = aCaseCardView();
    const menus = ofType<ActionsBlock>(renderCaseCardBlocks(view).blocks, 'actions')[1]!;
    const assignMenu = view.menus.find((m) => m.verb === 'assign')!;
    const loaded = caseMenuOptions(
      { verb: 'assign', caseId: view.caseId, version: view.version, field: 'assigneeEmail' },
      assignMenu.options,
    );
    expect(loaded).toEqual((menus.elements[2] as { options: unknown[] }).options);
    const raw = actionFromSlackPayload({
      action_id: 'assign',
      block_id: menus.block_id,
      selected_option: { value: loaded[1]!.value! },
    });
    expect(parseCardAction(raw)).toEqual({
      ok: true,
      value: { verb: 'assign', caseId: view.caseId, version: 7, assigneeEmail: 'carla@au.dk' },
    });
    const many = Array.from({ length: 130 }, (_, i) => ({ value: `p${i}@au.dk`, label: `P ${i}` }));
    expect(caseMenuOptions({ verb: 'assign', caseId: 'c1', version: 1, field: 'assigneeEmail' }, many)).toHaveLength(
      100,
    );
  });
});

describe('renderCaseCardBlocks attachments', () => {
  const ID = 'A'.repeat(43);
  const link = (name: string) => `https://bot.example.org/files/${ID}/${encodeURIComponent(name)}`;
  const files = [
    { name: 'screenshot.png', size: '240 KB', url: link('screenshot.png') },
    { name: 'log (2).txt', size: '1.2 MB', url: link('log (2).txt') },
  ];
  const attachmentsBlock = (blocks: KnownBlock[]) => ofType<RichTextBlock>(blocks, 'rich_text')[0];
  /** Each listed file's elements: the name (link or text) and the size. */
  const items = (block: RichTextBlock | undefined) => {
    const list = block?.elements.find((e): e is RichTextList => e.type === 'rich_text_list');
    return list?.elements.map((s) => s.elements) ?? [];
  };

  it('lists each file as a link with its size under a bold heading when the files have links', () => {
    const { blocks } = renderCaseCardBlocks(aCaseCardView({ attachments: files }));
    const block = attachmentsBlock(blocks);
    expect(block?.elements[0]).toEqual({
      type: 'rich_text_section',
      elements: [{ type: 'text', text: 'Attachments', style: { bold: true } }],
    });
    expect(items(block)).toEqual([
      [
        { type: 'link', url: files[0]!.url, text: 'screenshot.png' },
        { type: 'text', text: ' (240 KB)' },
      ],
      [
        { type: 'link', url: files[1]!.url, text: 'log (2).txt' },
        { type: 'text', text: ' (1.2 MB)' },
      ],
    ]);
    // After the solution and before the notes.
    const at = blocks.indexOf(block!);
    expect(blocks[at + 1]?.type).toBe('divider');
  });

  it('lists names and sizes as text when the files have no URL', () => {
    const view = aCaseCardView({ locale: 'da', attachments: files.map(({ name }) => ({ name, size: '1,2 MB' })) });
    const block = attachmentsBlock(renderCaseCardBlocks(view).blocks);
    expect(JSON.stringify(block?.elements[0])).toContain('Vedhæftede filer');
    expect(items(block)).toEqual([
      [
        { type: 'text', text: 'screenshot.png' },
        { type: 'text', text: ' (1,2 MB)' },
      ],
      [
        { type: 'text', text: 'log (2).txt' },
        { type: 'text', text: ' (1,2 MB)' },
      ],
    ]);
  });

  it('has no attachments block when there are none', () => {
    for (const attachments of [undefined, []]) {
      const { blocks } = renderCaseCardBlocks(aCaseCardView({ attachments }));
      expect(attachmentsBlock(blocks)).toBeUndefined();
      expect(JSON.stringify(blocks)).not.toContain('Attachments');
    }
  });

  it('shows hostile names literally as rich text, never as mrkdwn, a mention or another link', () => {
    const hostile = [
      '<!channel>',
      '<@U123>',
      '[x](javascript:alert(1))',
      '*bold*',
      '${x}',
      '<http://evil|click>',
      '&amp;',
    ];
    for (const url of [true, false]) {
      const view = aCaseCardView({
        attachments: hostile.map((name) => ({ name, size: '1 KB', ...(url ? { url: link(name) } : {}) })),
      });
      const { blocks } = renderCaseCardBlocks(view);
      const listed = items(attachmentsBlock(blocks));
      expect(listed.map((e) => e[0])).toEqual(
        hostile.map((name) => (url ? { type: 'link', url: link(name), text: name } : { type: 'text', text: name })),
      );
      // Only text and link elements: nothing that pings (broadcast, user) and no style but the heading's.
      const elements = listed.flat();
      expect(new Set(elements.map((e) => e.type))).toEqual(new Set(url ? ['link', 'text'] : ['text']));
      expect(elements.some((e) => 'style' in e)).toBe(false);
      // The names appear in no mrkdwn text at all.
      const mrkdwn = JSON.stringify(
        blocks.flatMap((b) =>
          b.type === 'section' ? [b.text, ...(b.fields ?? [])] : b.type === 'context' ? b.elements : [],
        ),
      );
      for (const name of hostile) expect(mrkdwn).not.toContain(name);
    }
    const odd = renderCaseCardBlocks(
      aCaseCardView({ attachments: [{ name: 'a', size: '1 KB', url: 'javascript:x' }] }),
    );
    expect(items(attachmentsBlock(odd.blocks))[0]?.[0]).toEqual({ type: 'text', text: 'a' });
  });

  it('counts the attachments in the text budget and keeps every link when long notes meet ten long names', () => {
    const attachments = Array.from({ length: 10 }, (_, i) => ({
      name: `${i}${'n'.repeat(119)}`,
      size: '9.9 MB',
      url: `https://bot.example.org/files/${ID}/${'%F0%9F%98%80'.repeat(20)}`,
    }));
    const view = aCaseCardView({ attachments, notes: longNotes(), solution: 's'.repeat(20_000) });
    const { blocks } = renderCaseCardBlocks(view);
    expect(blocksTextLength(blocks)).toBeLessThanOrEqual(SLACK_CARD_TEXT_BUDGET);
    const listed = items(attachmentsBlock(blocks));
    expect(listed.map((e) => (e[0]?.type === 'link' ? e[0].url : undefined))).toEqual(attachments.map((a) => a.url));
    const texts = listed.map((e) => (e[0] && 'text' in e[0] ? e[0].text : ''));
    for (const t of texts) expect(t).toMatch(/^\dn+…$/);
    expect(ofType<ActionsBlock>(blocks, 'actions')).toHaveLength(2);
    // The rich text's texts and URLs count: the block alone is more than 10 × (120 + URL) characters.
    expect(blocksTextLength([attachmentsBlock(renderCaseCardBlocks(aCaseCardView({ attachments })).blocks)!])).toBe(
      'Attachments'.length + attachments.reduce((n, a) => n + a.name.length + a.url.length + ' (9.9 MB)'.length, 0),
    );
  });
});
