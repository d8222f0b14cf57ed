// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about template syntax
import * as ACData from 'adaptivecards-templating';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandTemplate, traceExpansions } from '../../src/cards/adaptive/adaptive-card.js';
import { renderCaseCardAdaptive } from '../../src/cards/adaptive/render-case-card-adaptive.js';
import { renderFormAdaptive } from '../../src/cards/adaptive/render-form-adaptive.js';
import { renderMessageAdaptive } from '../../src/cards/adaptive/render-message-adaptive.js';
import { compileTemplate } from '../../src/cards/adaptive/template-binder.js';
import caseCardTemplate from '../../src/cards/templates/case-card.json' with { type: 'json' };
import formTemplate from '../../src/cards/templates/form.json' with { type: 'json' };
import messageTemplate from '../../src/cards/templates/message.json' with { type: 'json' };
import type { CaseCardView, FormView, MessageView } from '../../src/cards/view-models.js';
import { isAppError } from '../../src/models/errors.js';
import { aCaseCardView, aFormView, anInput, aMessageView, longNotes } from '../helpers/views.js';

/** The reference: what `expandTemplate` did before the compiled binder. */
function libraryExpand(template: unknown, data: unknown): unknown {
  return new ACData.Template(template).expand({ $root: data });
}

type Outcome = { value: unknown } | { threw: true };
function outcome(f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch {
    return { threw: true };
  }
}

/** Binds with both binders, asserts they agree (value and key order, or both throw), returns ours. */
function both(template: unknown, data: unknown): unknown {
  const ours = outcome(() => compileTemplate(template).bind(data));
  const theirs = outcome(() => libraryExpand(template, data));
  expect(ours).toStrictEqual(theirs);
  if ('value' in ours && 'value' in theirs) expect(JSON.stringify(ours.value)).toBe(JSON.stringify(theirs.value));
  return 'value' in ours ? ours.value : undefined;
}

const evil = '${$root.caseId} {{x}} ${if(true, "a", "b")} ${title} `${x}` \\${y}';

describe('compileTemplate', () => {
  it('yields the bound value itself when a string is one whole expression', () => {
    const data = { o: { a: [1, { b: 2 }] }, l: ['x', 'y'], t: true, f: false, n: 3.5, z: null, s: '' };
    const t = { o: '${o}', l: '${l}', t: '${t}', f: '${f}', n: '${n}', z: '${z}', s: '${s}', deep: '${o.a}' };
    const out = both(t, data) as Record<string, unknown>;
    expect(out).toStrictEqual({ o: data.o, l: data.l, t: true, f: false, n: 3.5, z: null, s: '', deep: data.o.a });
    expect(out['o']).toBe(data.o);
  });

  it('interpolates paths into longer strings when text surrounds them', () => {
    const t = { a: 'Case ${number}: ${title}!', b: '${x}${y}', c: ' ${n}', d: 'list ${l} obj ${o} ${t}' };
    const out = both(t, { number: 'INC-1', title: 'Printer', x: 1, y: 'z', n: 0, l: [1, 'b'], o: { k: 1 }, t: true });
    expect(out).toStrictEqual({ a: 'Case INC-1: Printer!', b: '1z', c: ' 0', d: 'list 1,b obj [object Object] true' });
  });

  it('throws like the library when an interpolated value is null', () => {
    expect(() => compileTemplate({ a: 'Hi ${x}' }).bind({ x: null })).toThrow(/null/);
    both({ a: 'Hi ${x}' }, { x: null });
  });

  it('writes ${path} in place of a missing field when the path is not found', () => {
    const t = {
      a: '${missing}',
      b: '${x.y}',
      c: '${x.y.z}',
      d: 'pre ${gone} post',
      e: '${$root.nope}',
      f: '${$index}',
    };
    const out = both(t, { x: { other: 1 } });
    expect(out).toStrictEqual({
      a: '${missing}',
      b: '${x.y}',
      c: '${x.y.z}',
      d: 'pre ${gone} post',
      e: '${$root.nope}',
      f: '${$index}',
    });
  });

  it('normalises spaces in the substituted path when the template has them', () => {
    expect(both({ a: '${ x . y }' }, {})).toStrictEqual({ a: '${x.y}' });
  });

  it('looks properties up case-insensitively, first own key winning, when names differ in case', () => {
    expect(both({ a: '${Label}', b: '${x}' }, { label: 'l', X: 1, x: 2 })).toStrictEqual({ a: 'l', b: 1 });
    expect(both({ a: '${s.length}', b: '${o.constructor}' }, { s: 'abc', o: {} })).toStrictEqual({
      a: '${s.length}',
      b: '${o.constructor}',
    });
  });

  it('looks at own keys only, like the library, when the data object inherits enumerable keys', () => {
    const data = Object.assign(Object.create({ title: 'inherited', Own: 'proto' }) as object, { own: 1 });
    expect(both({ a: '${title}', b: '${own}', c: '${OWN}' }, data)).toStrictEqual({ a: '${title}', b: 1, c: 1 });
  });

  it('yields undefined-looking paths through falsy scopes when a parent is 0, empty or false', () => {
    expect(both({ a: '${z.b}', b: '${e.b}', c: '${f.b}' }, { z: 0, e: '', f: false })).toStrictEqual({
      a: '${z.b}',
      b: '${e.b}',
      c: '${f.b}',
    });
  });

  it('repeats an element per item with $data, $index and $root in scope when $data is an array', () => {
    const t = { items: [{ $data: '${list}', v: '${$data}', i: '${$index}', r: '${$root.title}', n: '${name}' }] };
    const out = both(t, { title: 'T', list: [{ name: 'a' }, { name: 'b' }] }) as { items: unknown[] };
    expect(out.items).toStrictEqual([
      { v: { name: 'a' }, i: 0, r: 'T', n: 'a' },
      { v: { name: 'b' }, i: 1, r: 'T', n: 'b' },
    ]);
  });

  it('keeps the previous $data for an undefined item and binds null items when the list has holes', () => {
    both([{ $data: '${l}', a: '${$data}' }], { l: [5, undefined, null, 7] });
  });

  it('drops the element when $data is an empty array, and binds once when $data is an object or missing', () => {
    expect(both([{ $data: '${l}', a: 1 }], { l: [] })).toStrictEqual([]);
    expect(both({ p: { $data: '${l}', a: 1 } }, { l: [] })).toStrictEqual({ p: null });
    expect(both([{ $data: '${o}', a: '${x}' }], { o: { x: 1 } })).toStrictEqual([{ a: 1 }]);
    expect(both([{ $data: '${gone}', a: '${$data}', b: '${x}' }], {})).toStrictEqual([{ a: '${gone}', b: '${x}' }]);
  });

  it('keeps an element only when $when is exactly true', () => {
    const t = [{ $when: '${f}', a: 'kept' }];
    expect(both(t, { f: true })).toStrictEqual([{ a: 'kept' }]);
    for (const f of [false, 'true', 1, null, undefined, {}]) expect(both(t, { f })).toStrictEqual([]);
    expect(both({ p: { $when: '${f}', a: 1 } }, { f: false })).toStrictEqual({ p: null });
    expect(both({ $when: '${f}', a: 1 }, {})).toBeNull();
  });

  it('compares with == and != against literals when $when tests a field', () => {
    const t = [
      { $when: "${k == 'text'}", a: 'eq' },
      { $when: "${k != ''}", a: 'ne' },
      { $when: '${k == 1}', a: 'one' },
    ];
    expect(both(t, { k: 'text' })).toStrictEqual([{ a: 'eq' }, { a: 'ne' }]);
    expect(both(t, { k: '' })).toStrictEqual([]);
    expect(both(t, { k: 1 })).toStrictEqual([{ a: 'ne' }, { a: 'one' }]);
    expect(both(t, { k: '1' })).toStrictEqual([{ a: 'ne' }]);
    expect(both(t, {})).toStrictEqual([{ a: 'ne' }]);
    expect(both(t, { k: null })).toStrictEqual([{ a: 'ne' }]);
  });

  it('counts strings, lists and objects and treats other values as false when $when uses count() > 0', () => {
    const t = [{ $when: '${count(n) > 0}', a: 1 }];
    for (const n of [[1], 'ab', { k: 1 }]) expect(both(t, { n })).toStrictEqual([{ a: 1 }]);
    for (const n of [[], '', {}, null, undefined, 5, true]) expect(both(t, { n })).toStrictEqual([]);
  });

  it('applies && and ! with adaptive-expressions truthiness when $when combines them', () => {
    const t = [
      { $when: "${kind == 'number' && hasNumber}", a: 'with' },
      { $when: "${kind == 'number' && !hasNumber}", a: 'without' },
    ];
    expect(both(t, { kind: 'number', hasNumber: true })).toStrictEqual([{ a: 'with' }]);
    expect(both(t, { kind: 'number', hasNumber: false })).toStrictEqual([{ a: 'without' }]);
    expect(both(t, { kind: 'number' })).toStrictEqual([{ a: 'without' }]);
    // 0 and '' are "true" in adaptive-expressions.
    expect(both(t, { kind: 'number', hasNumber: 0 })).toStrictEqual([{ a: 'with' }]);
    expect(both(t, { kind: 'number', hasNumber: '' })).toStrictEqual([{ a: 'with' }]);
    expect(both(t, { kind: 'text', hasNumber: true })).toStrictEqual([]);
  });

  it('yields booleans and counts as values when a whole value is a logic expression or count()', () => {
    const t = {
      a: '${!flag}',
      b: "${k == 'a' && flag}",
      c: '${count(l)}',
      d: '${count(missing)}',
      e: '${count(l) > 1}',
    };
    expect(both(t, { flag: 'x', k: 'a', l: [1, 2] })).toStrictEqual({ a: false, b: true, c: 2, d: 10, e: true });
    expect(() => compileTemplate({ c: '${count(n)}' }).bind({ n: 5 })).toThrow();
    both({ c: '${count(n)}' }, { n: 5 });
    both({ e: '${k > 0}' }, { k: '1' });
    // An operand that fails to evaluate makes ! true and && false, as in adaptive-expressions.
    expect(both([{ $when: '${!count(n)}', a: 1 }], { n: 5 })).toStrictEqual([{ a: 1 }]);
    expect(both([{ $when: '${!count(n) && !count(n)}', a: 1 }], { n: 5 })).toStrictEqual([{ a: 1 }]);
    expect(both([{ $when: '${count(n) && true_}', a: 1 }], { n: 5, true_: true })).toStrictEqual([]);
  });

  it('splices arrays and drops nulls when array elements expand to them', () => {
    const out = both([['${a}', null], '${b}', '${c}', '${d}', 2], { a: [1, [2]], b: null, c: [], d: 'x' });
    expect(out).toStrictEqual([1, [2], 'x', 2]);
  });

  it('copies literals and drops $data/$when keys while keeping other $ keys when the template has them', () => {
    const t = { $schema: 's', n: 1, b: true, z: null, s: 'plain $x {{y}}', o: { $when: '${t}', k: [1] } };
    expect(both(t, { t: true })).toStrictEqual({
      $schema: 's',
      n: 1,
      b: true,
      z: null,
      s: 'plain $x {{y}}',
      o: { k: [1] },
    });
  });

  it('never evaluates template syntax found in data when values contain ${...} or {{...}}', () => {
    const inner = { $data: '${list}', $when: '${false}', text: '${title}' };
    const t = { a: '${a}', b: 'x ${a} y', c: '${obj}', items: [{ $data: '${list}', t: '${$data}' }] };
    const out = both(t, { a: evil, obj: inner, title: 'T', list: [evil, '{{x}}'] });
    expect(out).toStrictEqual({
      a: evil,
      b: `x ${evil} y`,
      c: inner,
      items: [{ t: evil }, { t: '{{x}}' }],
    });
  });

  it('returns a fresh tree per bind and reflects each data object when bound many times', () => {
    const compiled = compileTemplate({ body: [{ $data: '${l}', text: '${$data}' }], meta: { v: '${v}' } });
    const first = compiled.bind({ l: ['a'], v: 1 }) as { body: { text: string }[]; meta: { v: number } };
    first.body.push({ text: 'mutated' });
    first.meta.v = 99;
    expect(compiled.bind({ l: ['a'], v: 1 })).toStrictEqual({ body: [{ text: 'a' }], meta: { v: 1 } });
    expect(compiled.bind({ l: ['b', 'c'], v: 2 })).toStrictEqual({
      body: [{ text: 'b' }, { text: 'c' }],
      meta: { v: 2 },
    });
  });

  it('refuses at compile time, naming the place, when an expression is outside the supported subset', () => {
    const refused: [unknown, string][] = [
      [{ a: "${if(x, 'a', 'b')}" }, '/a'],
      [{ a: '${exists(x)}' }, '/a'],
      [{ a: '${length(x) > 0}' }, '/a'],
      [{ a: '${Count(x)}' }, '/a'],
      [{ a: '${count(x, y)}' }, '/a'],
      [{ a: '${x || y}' }, '/a'],
      [{ a: '${x < 1}' }, '/a'],
      [{ a: '${x >= 1}' }, '/a'],
      [{ a: '${x + 1}' }, '/a'],
      [{ a: '${x == y}' }, '/a'],
      [{ a: "${'a' == x}" }, '/a'],
      [{ a: "${x == 'a' == 'b'}" }, '/a'],
      [{ a: '${(x)}' }, '/a'],
      [{ a: '${x[0]}' }, '/a'],
      [{ a: '${x.0}' }, '/a'],
      [{ a: '${-1}' }, '/a'],
      [{ a: '${x == 1.5}' }, '/a'],
      [{ a: '${x == "a"}' }, '/a'],
      [{ a: "${x == 'a\\'b'}" }, '/a'],
      [{ a: '${true}' }, '/a'],
      [{ a: '${x.null}' }, '/a'],
      [{ a: "${'lit'}" }, '/a'],
      [{ a: '${0}' }, '/a'],
      [{ a: '${$host}' }, '/a'],
      [{ a: '${$ROOT.x}' }, '/a'],
      [{ a: '${$index.x}' }, '/a'],
      [{ a: '${}' }, '/a'],
      [{ a: 'pre ${x' }, '/a'],
      [{ a: 'text ${!x}' }, '/a'],
      [{ a: "text ${x == 'a'}" }, '/a'],
      [{ a: 'text ${count(x)}' }, '/a'],
      [{ a: '{ ${x} }' }, '/a'],
      [{ a: '\\${x} ${y}' }, '/a'],
      [{ a: '`${x}` ${y}' }, '/a'],
      [{ a: "${json('{}')}" }, '/a'],
      [{ body: [{ $when: true, a: 1 }] }, '/body/0/$when'],
      [{ body: [{ $when: 'x', a: 1 }] }, '/body/0/$when'],
      [{ body: [{ $when: '${x} ', a: 1 }] }, '/body/0/$when'],
      [{ body: [{ $when: '${x == 1 || y}', a: 1 }] }, '/body/0/$when'],
      [{ body: [{ $data: [1, 2], a: 1 }] }, '/body/0/$data'],
      [{ body: [{ $data: '${count(l)}', a: 1 }] }, '/body/0/$data'],
      [{ body: [{ $data: "${l == 'a'}", a: 1 }] }, '/body/0/$data'],
      [{ body: [{ $index: 1 }] }, '/body/0/$index'],
      [{ body: [{ $root: {} }] }, '/body/0/$root'],
      [{ body: [{ $host: {} }] }, '/body/0/$host'],
    ];
    for (const [template, pointer] of refused) {
      let error: unknown;
      try {
        compileTemplate(template);
      } catch (e) {
        error = e;
      }
      expect(isAppError(error, 'INTERNAL'), JSON.stringify(template)).toBe(true);
      expect((error as { details: { pointer: string } }).details.pointer, JSON.stringify(template)).toBe(pointer);
    }
  });

  it('compiles every card template when they use only supported constructs', () => {
    for (const t of [caseCardTemplate, formTemplate, messageTemplate]) expect(() => compileTemplate(t)).not.toThrow();
  });
});

const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '$', '{', '}', "'", '"', '\\', '`', 'æ', '\n', '€') });
const keyVariants = (k: string) => [k, k.toUpperCase()];

/** Random bindings for a template's fields: any JSON, lists of items with the item fields, or nothing at all. */
function dataFor(fields: string[], itemFields: string[]) {
  const item = fc.dictionary(fc.constantFrom(...itemFields.flatMap(keyVariants)), fc.oneof(text, fc.jsonValue()), {
    maxKeys: 6,
  });
  const value = fc.oneof(text, fc.jsonValue({ maxDepth: 2 }), fc.array(item, { maxLength: 3 }), item);
  return fc.dictionary(fc.constantFrom(...fields.flatMap(keyVariants)), value, { maxKeys: 12 });
}

describe('compiled binder vs adaptivecards-templating on the card templates', () => {
  const itemFields = ['label', 'value', 'verb', 'data', 'style', 'mode', 'card', 'meta', 'text', 'id', 'name'];
  const inputFields = ['kind', 'id', 'label', 'required', 'errorMessage', 'placeholder', 'value', 'maxLength'];
  const cases: [string, unknown, string[], string[]][] = [
    [
      'case-card',
      caseCardTemplate,
      ['fallbackText', 'refresh', 'notice', 'banner', 'number', 'title', 'facts', 'sla', 'notes', 'buttons', 'forms'],
      itemFields,
    ],
    [
      'form',
      formTemplate,
      ['inputs', 'submit'],
      [...inputFields, 'options', 'choiceStyle', 'toggleValue', 'hasNumber', 'numberValue', 'error', 'verb', 'style'],
    ],
    [
      'message',
      messageTemplate,
      ['mentions', 'title', 'paragraphs', 'facts', 'form', 'caseCard', 'buttons', 'fallbackText'],
      [...itemFields, 'present', 'body', 'actions'],
    ],
  ];
  for (const [name, template, fields, items] of cases) {
    it(`binds the ${name} template like the library when fields are random, missing or oddly cased`, () => {
      const compiled = compileTemplate(template);
      fc.assert(
        fc.property(dataFor(fields, items), (data) => {
          const ours = outcome(() => compiled.bind(data));
          const theirs = outcome(() => libraryExpand(template, data));
          expect(ours).toStrictEqual(theirs);
          if ('value' in ours && 'value' in theirs) {
            expect(JSON.stringify(ours.value)).toBe(JSON.stringify(theirs.value));
          }
        }),
        { numRuns: 100 },
      );
    });
  }
});

/** Renders with our binder, then replays every expansion the render made with the library and compares. */
function expectFaithful(render: () => unknown): void {
  const { result, expansions } = traceExpansions(render);
  expect(expansions.length).toBeGreaterThan(0);
  for (const e of expansions) {
    const reference = libraryExpand(e.template, e.data);
    expect(e.output).toStrictEqual(reference);
    expect(JSON.stringify(e.output)).toBe(JSON.stringify(reference));
  }
  expect(result).toBe(expansions.at(-1)?.output);
}

const kinds = ['text', 'multiline', 'choice', 'date', 'yes_no', 'number', 'person'] as const;

const caseViews: [string, CaseCardView][] = [
  ['a claimed case with notes, buttons and menus', aCaseCardView()],
  ['solution, notice and banner', aCaseCardView({ solution: 'Reinstalled.', notice: 'Changed', banner: 'Moved' })],
  [
    'a bare read-only card',
    aCaseCardView({ notes: [], actions: [], menus: [], facts: [], assigneeLabel: undefined, slaLabel: undefined }),
  ],
  ['long notes', aCaseCardView({ notes: longNotes(), solution: 'y'.repeat(9000) })],
  ['a breached P1 with a reporter', aCaseCardView({ priority: 'P1', breached: true, reporterLabel: 'Eva' })],
  ['Danish', aCaseCardView({ locale: 'da' })],
  ['more than five buttons', aCaseCardView({ actions: [...aCaseCardView().actions, ...aCaseCardView().actions] })],
  [
    'injection strings everywhere',
    aCaseCardView({
      title: evil,
      number: '${number}',
      statusLabel: '{{status}}',
      notes: [{ author: '${author}', at: evil, text: evil, internal: false }],
      facts: [{ label: evil, value: '{{x}}' }],
      solution: evil,
      notice: evil,
      banner: evil,
      actions: [{ action: { verb: 'claim', caseId: evil, version: 1 }, label: evil }],
      menus: [{ id: 'groupId', label: evil, verb: 'escalate_group', options: [{ value: evil, label: evil }] }],
    }),
  ],
];

const formViews: [string, FormView][] = [
  ['every input kind', aFormView()],
  ...kinds.map((k): [string, FormView] => [`only a ${k} input`, aFormView({ inputs: [anInput(k)] })]),
  [
    'values, errors and limits',
    aFormView({
      inputs: [
        anInput('text', { value: 'v', error: 'Too short', maxLength: 10, placeholder: 'p' }),
        anInput('number', { value: '42' }),
        anInput('number', { value: 'forty' }),
        anInput('yes_no', { value: 'yes' }),
        anInput('choice', { options: [1, 2, 3, 4].map((i) => ({ value: `v${i}`, label: `L${i}` })) }),
        anInput('date', { value: '2025-03-03', required: false }),
      ],
    }),
  ],
  ['no inputs and no buttons', aFormView({ inputs: [], submit: [] })],
  ['injection strings', aFormView({ inputs: [anInput('choice', { label: evil, value: evil, error: evil })] })],
];

const messageViews: [string, MessageView][] = [
  ['text, facts and a button', aMessageView()],
  ['a mention', aMessageView({ mention: { id: 'teams:29:abc', name: 'Bo Nielsen' } })],
  ['no actions, no title, no facts', aMessageView({ actions: undefined, title: undefined, facts: undefined })],
  ['a form', aMessageView({ form: aFormView() })],
  ['an attached case card', aMessageView({ caseCard: aCaseCardView({ banner: 'Moved' }) })],
  ['an attached read-only case card', aMessageView({ caseCard: aCaseCardView({ actions: [], menus: [] }) })],
  ['many paragraphs', aMessageView({ text: 'a\n\nb\n\nc\n\n' + 'd'.repeat(5000) })],
  [
    'injection strings',
    aMessageView({
      title: evil,
      text: `${evil}\n\n{{x}}`,
      mention: { id: evil, name: evil },
      facts: [{ label: evil, value: evil }],
    }),
  ],
];

describe('expandTemplate', () => {
  for (const [name, view] of caseViews) {
    it(`renders the case card exactly as adaptivecards-templating does when the view has ${name}`, () => {
      expectFaithful(() => renderCaseCardAdaptive(view, { refreshUserIds: ['29:a'] }));
    });
  }
  for (const [name, form] of formViews) {
    it(`renders the form exactly as adaptivecards-templating does when the form has ${name}`, () => {
      expectFaithful(() => renderFormAdaptive(form, 'en'));
    });
  }
  for (const [name, view] of messageViews) {
    it(`renders the message card exactly as adaptivecards-templating does when the view has ${name}`, () => {
      expectFaithful(() => renderMessageAdaptive(view));
    });
  }

  it('returns a fresh card per call when the same template is expanded twice', () => {
    const first = expandTemplate<{ body: unknown[] }>(messageTemplate, { paragraphs: ['a'], mentions: [] });
    first.body.length = 0;
    const second = expandTemplate<{ body: unknown[] }>(messageTemplate, { paragraphs: ['a'], mentions: [] });
    expect(second.body).toContainEqual({ type: 'TextBlock', text: 'a', wrap: true });
  });

  it('records only the calls made inside traceExpansions when traces nest', () => {
    const outer = traceExpansions(() => {
      expandTemplate({ a: '${x}' }, { x: 1 });
      const inner = traceExpansions(() => expandTemplate({ b: '${y}' }, { y: 2 }));
      expect(inner.expansions.map((e) => e.output)).toStrictEqual([{ b: 2 }]);
      return inner.result;
    });
    expect(outer.result).toStrictEqual({ b: 2 });
    expect(outer.expansions.map((e) => e.output)).toStrictEqual([{ a: 1 }]);
    expect(traceExpansions(() => 0).expansions).toStrictEqual([]);
  });

  it('throws the compile error when a template uses an unsupported expression', () => {
    expect(() => expandTemplate({ a: '${exists(x)}' }, {})).toThrow(/exists/);
  });
});
