// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests feed template syntax in as user text on purpose
import { describe, expect, it } from 'vitest';
import { CARD_BYTE_BUDGET, renderCaseCardAdaptive } from '../../../src/cards/adaptive/render-case-card-adaptive.js';
import { jsonBytes } from '../../../src/cards/card-budget.js';
import { parseCardAction } from '../../../src/cards/card-actions.js';
import { aCaseCardView, longNotes } from '../../helpers/views.js';
import { adaptiveCardValidator } from './adaptive-schema.js';
import { type Json, walk } from '../../helpers/card-walk.js';

const valid = adaptiveCardValidator();

describe('renderCaseCardAdaptive', () => {
  it('produces a schema-valid 1.5 card when the view has notes, facts, buttons and menus', () => {
    const card = renderCaseCardAdaptive(
      aCaseCardView({ solution: 'Reinstalled the driver.', notice: 'Changed by Anna' }),
    );
    expect(valid(card)).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  });

  it('shows the title, notes and solution people wrote literally, line by line: no links, emphasis or lists of theirs', () => {
    const card = renderCaseCardAdaptive(
      aCaseCardView({
        title: 'Printer_3 shows *E-042* [help](https://evil.example)',
        solution: 'Replaced the fuser\n1. restart',
        notes: [{ author: 'Anna', at: 'now', text: '- it fails\n  - <at>all</at> & more', internal: false }],
      }),
    );
    const texts = walk(card as unknown as Json)
      .filter((n) => n['type'] === 'TextBlock')
      .map((n) => n['text']);
    expect(texts).toContain('Printer\\_3 shows \\*E-042\\* \\[help\\](https://evil.example)');
    expect(texts).toContain('Replaced the fuser\n\n1\\. restart');
    expect(texts).toContain('\\- it fails\n\n  \\- \\<at\\>all\\</at\\> \\& more');
    expect(card.fallbackText).toContain('Printer_3 shows *E-042*');
  });

  it('shows the earlier solutions under the solution, newest first, the newest three shortened and the rest counted', () => {
    const earlier = ['Fourth *try*', 'x'.repeat(2000), 'Second', 'First', 'Zeroth'].map((text, i) => ({
      heading: `Earlier solution, did not hold (${5 - i} Mar, Jonas)`,
      text,
    }));
    const card = renderCaseCardAdaptive(aCaseCardView({ solution: 'New AP.', earlierSolutions: earlier }));
    expect(valid(card)).toEqual([]);
    const texts = walk(card as unknown as Json)
      .filter((n) => n['type'] === 'TextBlock')
      .map((n) => String(n['text']));
    const at = (t: string) => texts.indexOf(t);
    expect(at('New AP.')).toBeGreaterThan(-1);
    expect(at('Earlier solution, did not hold (5 Mar, Jonas)')).toBeGreaterThan(at('New AP.'));
    expect(at('Fourth \\*try\\*')).toBe(at('Earlier solution, did not hold (5 Mar, Jonas)') + 1);
    const long = texts.find((t) => t.startsWith('xxx'));
    expect(long?.length).toBeLessThanOrEqual(500);
    expect(long?.endsWith('…')).toBe(true);
    expect(at('Second')).toBeGreaterThan(at('Fourth \\*try\\*'));
    expect(texts).not.toContain('First');
    expect(texts).toContain('… and 2 earlier solutions, kept whole with the case');
  });

  it('shows no earlier solutions and no count when the view has none', () => {
    const card = renderCaseCardAdaptive(aCaseCardView({ solution: 'New AP.' }));
    expect(JSON.stringify(card)).not.toContain('Earlier');
    expect(JSON.stringify(card)).not.toContain('kept whole');
  });

  it('stays schema-valid when the view is a bare read-only card', () => {
    const card = renderCaseCardAdaptive(
      aCaseCardView({ notes: [], actions: [], menus: [], facts: [], assigneeLabel: undefined, slaLabel: undefined }),
    );
    expect(valid(card)).toEqual([]);
    expect(card.actions).toEqual([]);
  });

  it('renders Execute buttons whose data carry verb, case id and version when a button needs no input', () => {
    const view = aCaseCardView();
    const claim = renderCaseCardAdaptive(view).actions?.find((a) => a['verb'] === 'claim');
    expect(claim).toMatchObject({ type: 'Action.Execute', title: 'Claim', style: 'positive' });
    expect(claim?.['data']).toEqual({ verb: 'claim', caseId: view.caseId, version: view.version });
  });

  it('renders ShowCard sub-forms for note, resolve, escalate, status and assign when offered', () => {
    const view = aCaseCardView({
      actions: [
        { action: { verb: 'open_form', caseId: 'x', version: 1, form: 'escalate' }, label: 'Escalate' },
        { action: { verb: 'open_form', caseId: 'x', version: 1, form: 'note' }, label: 'Add note' },
        { action: { verb: 'open_form', caseId: 'x', version: 1, form: 'resolve' }, label: 'Resolve' },
      ],
    });
    const card = renderCaseCardAdaptive(view);
    const shows = (card.actions ?? []).filter((a) => a.type === 'Action.ShowCard');
    const submitVerbs = shows.map((s) =>
      walk(s['card'])
        .filter((n) => n['type'] === 'Action.Execute')
        .map((n) => n['verb']),
    );
    expect(submitVerbs).toEqual([
      ['escalate_group'],
      ['escalate_manager'],
      ['note'],
      ['resolve'],
      ['set_status'],
      ['assign'],
    ]);
    expect(shows.map((s) => s['title'])).toEqual([
      'Escalate',
      'Escalate to manager',
      'Add note',
      'Resolve',
      'Set status',
      'Assign',
    ]);
    const inputs = walk(card).filter((n) => String(n['type']).startsWith('Input.'));
    expect(inputs.map((i) => i['id'])).toContain('set_status.status');
    // Teams checks a ShowCard's required inputs before it lets its button go: the group must be chosen to escalate
    // to a group, and the manager's form does not ask for one.
    expect(inputs.find((i) => i['id'] === 'escalate_group.groupId')).toMatchObject({
      type: 'Input.ChoiceSet',
      isRequired: true,
    });
    expect(walk(shows[1]!['card']).some((n) => n['id'] === 'escalate_manager.reasonCode')).toBe(true);
    expect(walk(shows[1]!['card']).some((n) => String(n['id']).endsWith('.groupId'))).toBe(false);
    expect(inputs.find((i) => i['id'] === 'note.text')).toMatchObject({ type: 'Input.Text', isMultiline: true });
    expect(new Set(inputs.map((i) => i['id'])).size).toBe(inputs.length);
  });

  it('renders Classify as a button that asks for its form (open_form), with no inline form, when offered', () => {
    const base = aCaseCardView();
    const classify = {
      categoryId: 'printing',
      type: 'incident' as const,
      priority: 'P2' as const,
      categories: Array.from({ length: 18 }, (_, i) => ({ value: `cat-${i}`, label: `Category number ${i}` })),
      types: [
        { value: 'incident', label: 'Incident' },
        { value: 'service_request', label: 'Service request' },
      ],
      priorities: ['P1', 'P2', 'P3', 'P4'].map((p) => ({ value: p, label: `${p} name` })),
    };
    const action = { verb: 'open_form', caseId: base.caseId, version: base.version, form: 'classify' };
    const without = renderCaseCardAdaptive(base);
    for (const button of [action, { verb: 'classify', caseId: base.caseId, version: base.version }]) {
      const card = renderCaseCardAdaptive({
        ...base,
        classify,
        actions: [...base.actions, { action: button, label: 'Classify' }],
      });
      expect(valid(card)).toEqual([]);
      const nodes = walk(card);
      const clicks = nodes.filter((n) => n['title'] === 'Classify');
      expect(clicks).toEqual([
        {
          type: 'Action.Execute',
          title: 'Classify',
          verb: 'open_form',
          data: action,
          style: 'default',
          mode: 'secondary',
        },
      ]);
      // Nothing of the form itself: no inputs, no submit, not one of the 18 categories.
      expect(nodes.some((n) => String(n['id']).startsWith('classify.'))).toBe(false);
      expect(nodes.some((n) => n['verb'] === 'classify')).toBe(false);
      expect(JSON.stringify(card)).not.toContain('Category number');
      expect(parseCardAction(clicks[0]?.['data'])).toEqual({ ok: true, value: action });
      // The button is all the card gains.
      expect(jsonBytes(card) - jsonBytes(without)).toBeLessThan(300);
    }
  });

  it('submits a sub-form that parseCardAction accepts when Teams merges the inputs into the data', () => {
    const view = aCaseCardView();
    const card = renderCaseCardAdaptive(view);
    const note = walk(card).find((n) => n['type'] === 'Action.Execute' && n['verb'] === 'note');
    const submitted = { ...(note?.['data'] as Json), 'note.text': 'Rebooted it', 'note.visibility': 'public' };
    const parsed = parseCardAction(submitted);
    expect(parsed).toEqual({
      ok: true,
      value: { verb: 'note', caseId: view.caseId, version: view.version, text: 'Rebooted it', visibility: 'public' },
    });
  });

  it('adds a refresh block with the case and the given user ids so stale views update', () => {
    const view = aCaseCardView();
    const card = renderCaseCardAdaptive(view, { refreshUserIds: ['29:a', '29:b'] });
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'refresh', data: { verb: 'refresh', caseId: view.caseId, version: 7 } },
      userIds: ['29:a', '29:b'],
    });
    expect(parseCardAction(card.refresh?.action['data']).ok).toBe(true);
  });

  it('keeps template syntax typed by users verbatim when it appears in the title, notes and facts', () => {
    const evil = '${$root.caseId} {{x}} ${if(true, "a", "b")}';
    const card = renderCaseCardAdaptive(
      aCaseCardView({
        title: evil,
        notes: [{ author: '${author}', at: 'now', text: evil, internal: false }],
        facts: [{ label: 'Where', value: '{{x}}' }],
        menus: [{ id: 'groupId', label: 'Escalate', verb: 'escalate_group', options: [{ value: 'g', label: evil }] }],
      }),
    );
    const texts = walk(card).flatMap((n) => [n['text'], n['value'], n['title']]);
    expect(texts).toContain(evil);
    expect(texts).toContain('${author} · now');
    expect(texts).toContain('{{x}}');
    expect(JSON.stringify(card)).not.toContain('c0ffee00-0000-4000-8000-000000000001 {{x}}');
    expect(valid(card)).toEqual([]);
  });

  it('shows what was typed (a submission that could not be saved) in the sub-forms and the inputs above the buttons', () => {
    const view = aCaseCardView({
      actions: [{ action: { verb: 'open_form', caseId: 'x', version: 1, form: 'note' }, label: 'Add note' }],
      inputs: [{ id: 'still_a_problem.comment', kind: 'multiline', label: 'What is still wrong?', required: false }],
      typed: { 'note.text': 'Driver {{reinstalled}}', 'note.visibility': 'public', 'still_a_problem.comment': 'Still' },
    });
    const card = renderCaseCardAdaptive(view);
    expect(valid(card)).toEqual([]);
    const value = (id: string) => walk(card).find((n) => n['id'] === id)?.['value'];
    expect(value('note.text')).toBe('Driver {{reinstalled}}');
    expect(value('note.visibility')).toBe('public');
    expect(value('still_a_problem.comment')).toBe('Still');
    // Nothing typed: the presets.
    const plain = renderCaseCardAdaptive({ ...view, typed: undefined });
    expect(walk(plain).find((n) => n['id'] === 'note.visibility')?.['value']).toBe('internal');
  });

  it('gives up what was typed, not the forms, when it does not fit the byte budget', () => {
    const view = aCaseCardView({
      notes: longNotes(),
      typed: { 'note.text': '😀'.repeat(10_000), 'resolve.solution': 'Å'.repeat(10_000) },
    });
    const card = renderCaseCardAdaptive(view);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(walk(card).some((n) => n['type'] === 'Action.ShowCard')).toBe(true);
    expect(walk(card).find((n) => n['id'] === 'note.text')?.['value']).toBe('');
  });

  it('stays under 40 KB and schema-valid when the card shows three 20 000-character notes', () => {
    const card = renderCaseCardAdaptive(aCaseCardView({ notes: longNotes(), solution: 's'.repeat(20_000) }));
    expect(JSON.stringify(card).length).toBeLessThan(40_000);
    expect(valid(card)).toEqual([]);
    const noteTexts = walk(card).filter((n) => typeof n['text'] === 'string' && String(n['text']).startsWith('Note '));
    expect(noteTexts).toHaveLength(3);
    for (const n of noteTexts) expect(String(n['text']).endsWith('…')).toBe(true);
  });

  it('keeps under the byte budget, buttons and forms kept, when long text is emoji and Danish letters', () => {
    // 2 000 characters of emoji are 8 000 bytes of JSON: within the character caps, far over Teams' ~28 KB.
    const notes = longNotes().map((n) => ({ ...n, text: '😀'.repeat(10_000), author: 'Å'.repeat(1000) }));
    const view = aCaseCardView({ title: 'æ'.repeat(5000), notes, solution: '"\n'.repeat(10_000) });
    const card = renderCaseCardAdaptive(view);
    // Teams refuses a message over ~28 KB; the card leaves room for the activity around it.
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(Math.min(CARD_BYTE_BUDGET, 26_000));
    expect(valid(card)).toEqual([]);
    const verbs = walk(card).flatMap((n) => (n['type'] === 'Action.Execute' ? [n['verb']] : []));
    expect(verbs).toEqual(expect.arrayContaining(['claim', 'unassign']));
    expect(walk(card).some((n) => n['type'] === 'Action.ShowCard')).toBe(true);
    // Each note still says something, cut with an ellipsis.
    const noteTexts = walk(card).filter((n) => typeof n['text'] === 'string' && String(n['text']).startsWith('😀'));
    expect(noteTexts).toHaveLength(3);
    for (const n of noteTexts) expect(String(n['text']).endsWith('…')).toBe(true);
  });

  it('renders a card within the budget exactly as the character caps alone would', () => {
    const view = aCaseCardView({ notes: longNotes(1500), solution: 'Replaced the toner. '.repeat(100) });
    const card = renderCaseCardAdaptive(view);
    const noteTexts = walk(card).filter((n) => typeof n['text'] === 'string' && String(n['text']).startsWith('Note '));
    for (const n of noteTexts) expect(String(n['text'])).toHaveLength(1500);
    expect(JSON.stringify(card)).toContain('Replaced the toner. '.repeat(100).trim());
  });

  it('gives the assign sub-form a searched drop-down with the inline people when the desk is large', () => {
    const inline = Array.from({ length: 15 }, (_, i) => ({ value: `p${i}@au.dk`, label: `p${i}@au.dk` }));
    const base = aCaseCardView();
    const menus = base.menus.map((m) =>
      m.verb === 'assign' ? { ...m, options: inline, search: 'assignees:arts-support' } : m,
    );
    const card = renderCaseCardAdaptive({ ...base, menus });
    const assign = walk(card).find((n) => n['id'] === 'assign.assigneeEmail');
    expect(assign).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered' });
    expect(assign?.['choices']).toHaveLength(15);
    expect(assign?.['choices.data']).toEqual({ type: 'Data.Query', dataset: 'assignees:arts-support' });
    expect(valid(card)).toEqual([]);
    // The other choice inputs of the card stay plain.
    const others = walk(card).filter((n) => n['type'] === 'Input.ChoiceSet' && n !== assign);
    expect(others.length).toBeGreaterThan(0);
    for (const o of others) expect(o['choices.data']).toBeUndefined();
    const small = walk(renderCaseCardAdaptive(base)).find((n) => n['id'] === 'assign.assigneeEmail');
    expect(small?.['style']).toBe('expanded');
    expect(small?.['choices.data']).toBeUndefined();
  });

  it('moves buttons past the fifth into the overflow menu when there are many', () => {
    const view = aCaseCardView();
    const card = renderCaseCardAdaptive(view);
    const modes = (card.actions ?? []).map((a) => a['mode']);
    expect(modes.slice(0, 5).every((m) => m === 'primary')).toBe(true);
    expect(modes.slice(5).every((m) => m === 'secondary')).toBe(true);
    expect(modes.length).toBeGreaterThan(5);
  });

  it('colours the SLA line and says so when the SLA is breached', () => {
    const card = renderCaseCardAdaptive(aCaseCardView({ breached: true, slaLabel: 'was due 12:00' }));
    const sla = walk(card).find((n) => n['text'] === 'SLA breached: was due 12:00');
    expect(sla).toMatchObject({ color: 'attention' });
  });

  it('uses Danish chrome when the view is Danish', () => {
    const card = renderCaseCardAdaptive(aCaseCardView({ locale: 'da' }));
    const titles = walk(card).map((n) => n['title']);
    expect(titles).toContain('Kategori');
  });
});

describe('renderCaseCardAdaptive attachments', () => {
  const ID = 'A'.repeat(43);
  const link = (name: string) => `https://bot.example.org/files/${ID}/${encodeURIComponent(name)}`;
  const files = [
    { name: 'screenshot.png', size: '240 KB', url: link('screenshot.png') },
    { name: 'log (2).txt', size: '1.2 MB', url: link('log (2).txt') },
  ];
  /** The texts of the attachments section: its heading, then one line per file. */
  const section = (card: unknown): string[] | undefined => {
    const container = walk(card).find(
      (n) =>
        n['type'] === 'Container' &&
        Array.isArray(n['items']) &&
        ['Attachments', 'Vedhæftede filer'].includes(String((n['items'] as Json[])[0]?.['text'])),
    );
    return (container?.['items'] as Json[] | undefined)?.map((i) => String(i['text']));
  };
  /** Markdown links that are not backslash-escaped: `[label](destination)`. */
  const links = (line: string) => [...line.matchAll(/(?<!\\)\[((?:\\.|[^\\\]])*)\]\(([^)\s]*)\)/g)];

  it('lists each file as a Markdown link with its size when the files have links', () => {
    const card = renderCaseCardAdaptive(aCaseCardView({ attachments: files }));
    expect(valid(card)).toEqual([]);
    expect(section(card)).toEqual([
      'Attachments',
      `[screenshot.png](${link('screenshot.png')}) (240 KB)`,
      `[log (2).txt](https://bot.example.org/files/${ID}/log%20%282%29.txt) (1.2 MB)`,
    ]);
  });

  it('lists names and sizes without links when the files have no URL', () => {
    const card = renderCaseCardAdaptive(
      aCaseCardView({
        locale: 'da',
        attachments: files.map(({ name, size }) => ({ name, size: size.replace('.', ',') })),
      }),
    );
    expect(valid(card)).toEqual([]);
    expect(section(card)).toEqual(['Vedhæftede filer', 'screenshot.png (240 KB)', 'log (2).txt (1,2 MB)']);
    expect(JSON.stringify(card)).not.toContain('](');
  });

  it('has no attachments section when there are none', () => {
    for (const attachments of [undefined, []]) {
      const card = renderCaseCardAdaptive(aCaseCardView({ attachments }));
      expect(section(card)).toBeUndefined();
      expect(JSON.stringify(card)).not.toContain('Attachments');
      expect(valid(card)).toEqual([]);
    }
  });

  it('shows hostile names literally, never as formatting or another link, with or without a URL', () => {
    const hostile = [
      '<!channel>',
      '[x](javascript:alert(1))',
      '*bold*',
      '${x}',
      '_it_ `code` ~s~ &lt; | \\',
      '# 1. - x',
    ];
    for (const url of [true, false]) {
      const card = renderCaseCardAdaptive(
        aCaseCardView({
          attachments: hostile.map((name) => ({ name, size: '1 KB', ...(url ? { url: link(name) } : {}) })),
        }),
      );
      expect(valid(card)).toEqual([]);
      const lines = section(card)?.slice(1) ?? [];
      expect(lines).toHaveLength(hostile.length);
      lines.forEach((line, i) => {
        const found = links(line);
        expect(found.map((m) => m[2])).toEqual(
          url ? [link(hostile[i]!).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))] : [],
        );
        // Unescaping the label (or the whole line without a link) gives the name back exactly.
        const shown = url ? found[0]?.[1] : line.slice(0, -' (1 KB)'.length);
        expect(shown?.replace(/\\(.)/g, '$1')).toBe(hostile[i]);
        expect(line.endsWith(' (1 KB)')).toBe(true);
      });
      expect(lines[0]).toContain('\\<!channel\\>');
      expect(lines[1]).toContain('\\[x\\](javascript:alert(1))');
      expect(lines[2]).toContain('\\*bold\\*');
      expect(lines[3]).toContain('${x}');
      expect(lines.join('\n')).not.toMatch(/(?<!\\)\]\(javascript:/);
    }
    // Only http(s) links are made.
    const odd = renderCaseCardAdaptive(
      aCaseCardView({ attachments: [{ name: 'a', size: '1 KB', url: 'javascript:x' }] }),
    );
    expect(section(odd)).toEqual(['Attachments', 'a (1 KB)']);
  });

  it('keeps every link and stays within the byte budget when ten long emoji names meet long notes', () => {
    // The longest links case-view makes: 240 characters of encoded name.
    const attachments = Array.from({ length: 10 }, (_, i) => ({
      name: `${i}${'😀'.repeat(59)}`,
      size: '9.9 MB',
      url: `https://bot.example.org/files/${ID}/${'%F0%9F%98%80'.repeat(20)}`,
    }));
    const notes = longNotes().map((n) => ({ ...n, text: '😀'.repeat(10_000) }));
    const card = renderCaseCardAdaptive(aCaseCardView({ attachments, notes, solution: 'æ'.repeat(8000) }));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
    expect(valid(card)).toEqual([]);
    const lines = section(card)?.slice(1) ?? [];
    expect(lines.map((l) => links(l)[0]?.[2])).toEqual(attachments.map((a) => a.url));
    // Names are cut with the other texts once the card must shrink, but still say something.
    for (const l of lines) expect(l).toMatch(/^\[\d😀+…\]/u);
    // Within the budget, nothing is cut.
    const roomy = renderCaseCardAdaptive(aCaseCardView({ attachments }));
    expect(section(roomy)?.[1]).toBe(`[0${'😀'.repeat(59)}](${attachments[0]!.url}) (9.9 MB)`);
  });
});

describe('renderCaseCardAdaptive and Markdown in names', () => {
  /** A Slack display name is the person's own choice; Teams renders fact values and TextBlocks as Markdown. */
  const EVIL = '[Verify your account](https://evil.example/login)';
  const texts = (card: unknown) =>
    walk(card as Json).flatMap((n) => [n['text'], n['value'], n['title']].filter((t) => typeof t === 'string'));

  it('shows names and values in the facts literally, never as a link', () => {
    const card = renderCaseCardAdaptive(
      aCaseCardView({
        userLabel: `${EVIL} <x@post.au.dk>`,
        reporterLabel: `*${EVIL}*`,
        assigneeLabel: '_Bo_ Nielsen',
        facts: [{ label: '[Where](https://evil.example)', value: `Vendor: ${EVIL}` }],
      }),
    );
    const facts = walk(card).find((n) => n['type'] === 'FactSet')?.['facts'] as { title: string; value: string }[];
    expect(JSON.stringify(card)).not.toContain(EVIL);
    expect(facts).toContainEqual({
      title: 'User',
      value: '\\[Verify your account\\](https://evil.example/login) \\<x@post.au.dk\\>',
    });
    expect(facts).toContainEqual({ title: 'Assignee', value: '\\_Bo\\_ Nielsen' });
    expect(facts).toContainEqual({
      title: '\\[Where\\](https://evil.example)',
      value: 'Vendor: \\[Verify your account\\](https://evil.example/login)',
    });
    expect(valid(card)).toEqual([]);
  });

  it("shows a note author's name literally in the note's line", () => {
    const view = aCaseCardView();
    const card = renderCaseCardAdaptive({
      ...view,
      notes: [{ author: EVIL, at: '2025-03-03 10:12', text: 'hi', internal: true }],
    });
    expect(JSON.stringify(card)).not.toContain(EVIL);
    expect(texts(card)).toContain(
      '\\[Verify your account\\](https://evil.example/login) · 2025-03-03 10:12 · internal',
    );
  });

  it('shows names in the notice and the banner literally', () => {
    const card = renderCaseCardAdaptive(
      aCaseCardView({ notice: `Changed meanwhile by ${EVIL}.`, banner: `Major incident: ${EVIL}` }),
    );
    expect(JSON.stringify(card)).not.toContain(EVIL);
    expect(texts(card)).toContain('Changed meanwhile by \\[Verify your account\\](https://evil.example/login).');
  });
});
