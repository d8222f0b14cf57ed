import { AppError } from '../../models/errors.js';

/**
 * A compiled binder for the subset of the Adaptive Card Templating language that our card templates use. It gives
 * the same output as `adaptivecards-templating` 2 (with adaptive-expressions 4) for that subset, at a fraction of
 * the cost: each template is parsed once into closures and then bound many times.
 *
 * Supported, with the library's semantics:
 * - a whole value `"${expr}"` yields the expression's value itself (object, array, number, boolean, null …);
 * - interpolation of paths inside a longer string (`"Case ${number}: ${title}"`), values turned into text with
 *   `String()`; a `null` value throws, as the library does;
 * - paths `a.b.c`, `$root.a`, `$data`, `$data.a`, `$index`; property look-up is case-insensitive (the first own key
 *   that matches wins) and a missing value comes out as the text `${path}` outside `$when`;
 * - `$data` bound to a path (an element is repeated per array item; a non-array value becomes the element's
 *   `$data`), `$when` with `==` / `!=` / `>` against a string or integer literal, `&&`, `!` and `count(path)`;
 * - arrays drop `null` elements and splice in elements that expand to arrays.
 *
 * Anything else (another function or operator, literals standing alone, `$when`/`$data` that are not `${...}`,
 * reserved keys, backslashes or braces around an interpolation) is refused by `compileTemplate` with an error
 * naming the JSON pointer, so no template silently renders differently from the library. Data values are never
 * parsed: text such as `${x}` or `{{x}}` in data comes out verbatim.
 */
export interface CompiledTemplate {
  /** Binds the template to `root` (the template's `$root` and initial `$data`) and returns a fresh JSON tree. */
  bind(root: unknown): unknown;
}

/** Names that adaptive-expressions reads as constants rather than paths; refused to avoid surprises. */
const CONSTANT_NAMES = new Set(['true', 'false', 'null', 'undefined']);
/** Template keys the library consumes or drops; only `$data` and `$when` are supported. */
const RESERVED_KEYS = new Set(['$root', '$index', '$host', '$_acTemplateVersion']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Bind = (root: unknown, data: unknown, index: unknown) => unknown;

/** An evaluation error inside an expression (the library's `{ error }`), never seen by callers. */
class EvalFailure {
  constructor(readonly message: string) {}
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions: tokenizer, parser (to a small AST) and compiler (AST -> closure).

type Literal = { kind: 'literal'; value: string | number };
type Path = { kind: 'path'; head: '$root' | '$data' | '$index'; segments: string[]; text: string };
type Count = { kind: 'count'; arg: Path };
type Compare = { kind: 'compare'; op: '==' | '!=' | '>'; left: Operand | Not; right: Literal };
type Not = { kind: 'not'; operand: Operand | Not };
type And = { kind: 'and'; terms: Term[] };
type Operand = Path | Count;
type Term = Operand | Not | Compare;
type Expr = Term | And;

type Token = { type: 'name' | 'string' | 'number' | 'op' | 'paren'; text: string };

function compileError(pointer: string, message: string, expression?: string): AppError {
  const where = pointer === '' ? '/' : pointer;
  return new AppError('INTERNAL', `Card template at ${where}: ${message}`, { pointer: where, expression });
}

function tokenize(source: string, fail: (m: string) => AppError): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ') {
      i++;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '&&') {
      tokens.push({ type: 'op', text: two });
      i += 2;
    } else if (c === '>' || c === '!' || c === '.') {
      tokens.push({ type: 'op', text: c });
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: 'paren', text: c });
      i++;
    } else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) throw fail('unterminated string literal');
      const text = source.slice(i + 1, end);
      if (/[$`{}\\"]/.test(text)) throw fail('string literals may not contain $ ` { } \\ or "');
      tokens.push({ type: 'string', text });
      i = end + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(source.slice(i))!;
      tokens.push({ type: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^\$?[A-Za-z0-9_]+/.exec(source.slice(i));
      if (!m) throw fail(`unsupported character '${c}'`);
      tokens.push({ type: 'name', text: m[0] });
      i += m[0].length;
    } else {
      throw fail(`unsupported character '${c}'`);
    }
  }
  return tokens;
}

/** Recursive-descent parser for: and := term ('&&' term)*; term := unary (('=='|'!='|'>') literal)?. */
class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fail: (m: string) => AppError,
  ) {}

  parseExpression(): Expr {
    const terms = [this.term()];
    while (this.peek('op', '&&')) {
      this.pos++;
      terms.push(this.term());
    }
    if (this.pos < this.tokens.length) throw this.fail(`unexpected '${this.tokens[this.pos]!.text}'`);
    return terms.length === 1 ? terms[0]! : { kind: 'and', terms };
  }

  /** A lone path, as interpolation and `$data` allow. */
  parsePathOnly(): Path {
    const expr = this.parseExpression();
    if (expr.kind !== 'path') throw this.fail('only a path is supported here');
    return expr;
  }

  private term(): Term {
    const left = this.unary();
    const op = this.tokens[this.pos];
    if (op?.type === 'op' && (op.text === '==' || op.text === '!=' || op.text === '>')) {
      this.pos++;
      const right = this.tokens[this.pos++];
      if (right?.type === 'string') return { kind: 'compare', op: op.text, left, right: literal(right.text) };
      if (right?.type === 'number') return { kind: 'compare', op: op.text, left, right: literal(Number(right.text)) };
      throw this.fail(`'${op.text}' must be followed by a string or integer literal`);
    }
    return left;
  }

  private unary(): Operand | Not {
    if (this.peek('op', '!')) {
      this.pos++;
      return { kind: 'not', operand: this.unary() };
    }
    const t = this.tokens[this.pos];
    if (t?.type !== 'name') throw this.fail(t ? `unexpected '${t.text}'` : 'expression ends too early');
    if (this.tokens[this.pos + 1]?.type === 'paren') {
      if (t.text !== 'count' || !this.peek('paren', '(', 1)) throw this.fail(`unsupported function '${t.text}'`);
      this.pos += 2;
      const arg = this.path();
      if (!this.peek('paren', ')')) throw this.fail('count() takes one path');
      this.pos++;
      return { kind: 'count', arg };
    }
    return this.path();
  }

  private path(): Path {
    const names: string[] = [];
    for (;;) {
      const t = this.tokens[this.pos];
      if (t?.type !== 'name') throw this.fail('a path is expected');
      names.push(t.text);
      this.pos++;
      if (!this.peek('op', '.')) break;
      this.pos++;
    }
    const [first, ...rest] = names as [string, ...string[]];
    let head: Path['head'] = '$data';
    let segments = names;
    if (first.startsWith('$')) {
      if (first !== '$root' && first !== '$data' && first !== '$index') throw this.fail(`unsupported name '${first}'`);
      if (first === '$index' && rest.length > 0) throw this.fail('$index has no properties');
      head = first;
      segments = rest;
    }
    for (const s of segments) {
      if (!IDENTIFIER.test(s)) throw this.fail(`unsupported property name '${s}'`);
      if (CONSTANT_NAMES.has(s)) throw this.fail(`'${s}' is a constant, not a path`);
    }
    return { kind: 'path', head, segments, text: names.join('.') };
  }

  private peek(type: Token['type'], text: string, ahead = 0): boolean {
    const t = this.tokens[this.pos + ahead];
    return t !== undefined && t.type === type && t.text === text;
  }
}

function literal(value: string | number): Literal {
  return { kind: 'literal', value };
}

function parseExpression(source: string, pointer: string, pathOnly: boolean): Expr {
  const fail = (m: string) => compileError(pointer, `${m} in \${${source}}`, source);
  const parser = new Parser(tokenize(source, fail), fail);
  return pathOnly ? parser.parsePathOnly() : parser.parseExpression();
}

/** adaptive-expressions' property access: falsy scopes give undefined, keys match case-insensitively, first wins. */
function property(scope: unknown, key: string, lower: string): unknown {
  if (!scope) return undefined;
  if (scope instanceof Map) {
    const direct = scope.get(key);
    if (direct !== undefined) return direct;
    for (const k of scope.keys()) if (typeof k === 'string' && k.toLowerCase() === lower) return scope.get(k);
    return undefined;
  }
  if (typeof scope !== 'object') {
    // Own keys of a string are its indices, of a number or boolean none: no identifier ever matches.
    return undefined;
  }
  // `for…in` visits own keys in `Object.keys` order without allocating the key array (this runs once per bound
  // field); inherited keys are skipped, so the result is the same.
  for (const k in scope) {
    if (k.length === key.length && (k === key || k.toLowerCase() === lower) && Object.hasOwn(scope, k)) {
      return (scope as Record<string, unknown>)[k];
    }
  }
  return undefined;
}

type Evaluate = (root: unknown, data: unknown, index: unknown) => unknown;

function compilePath(path: Path, substitute: boolean): Evaluate {
  const keys = path.segments;
  const lowers = keys.map((k) => k.toLowerCase());
  const missing = '${' + path.text + '}';
  const n = keys.length;
  const head = path.head;
  return (root, data, index) => {
    let value = head === '$data' ? data : head === '$root' ? root : index;
    for (let i = 0; i < n; i++) value = property(value, keys[i]!, lowers[i]!);
    return value === undefined && substitute ? missing : value;
  };
}

/** adaptive-expressions' `isLogicTrue`: booleans as they are, null/undefined false, anything else true. */
function isLogicTrue(v: unknown): boolean {
  return typeof v === 'boolean' ? v : v != null;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && !Number.isNaN(v);
}

/** adaptive-expressions' `commonEquals` when one side is a string or number literal. */
function equalsLiteral(v: unknown, lit: string | number): boolean {
  if (v == null) return false;
  if (isNumber(v) && isNumber(lit) && Math.abs(v - lit) < Number.EPSILON) return true;
  return v === lit;
}

function compileExpr(expr: Expr, substitute: boolean): Evaluate {
  switch (expr.kind) {
    case 'path':
      return compilePath(expr, substitute);
    case 'count': {
      const arg = compilePath(expr.arg, substitute);
      return (root, data, index) => {
        const v = arg(root, data, index);
        if (typeof v === 'string' || Array.isArray(v)) return v.length;
        if (v instanceof Map) return v.size;
        if (v !== null && typeof v === 'object') return Object.keys(v).length;
        return new EvalFailure(
          v === null ? 'Cannot convert undefined or null to object' : `${expr.arg.text} is not a container`,
        );
      };
    }
    case 'not': {
      // Operands of logic operators and comparisons are evaluated without substitution, as in the library.
      const operand = compileExpr(expr.operand, false);
      return (root, data, index) => {
        const v = operand(root, data, index);
        return v instanceof EvalFailure ? true : !isLogicTrue(v);
      };
    }
    case 'and': {
      const terms = expr.terms.map((t) => compileExpr(t, false));
      return (root, data, index) => {
        for (const t of terms) {
          const v = t(root, data, index);
          if (v instanceof EvalFailure || !isLogicTrue(v)) return false;
        }
        return true;
      };
    }
    case 'compare': {
      const left = compileExpr(expr.left, false);
      const lit = expr.right.value;
      if (expr.op === '>') {
        return (root, data, index) => {
          const v = left(root, data, index);
          if (v instanceof EvalFailure || v == null) return false;
          if ((isNumber(v) && isNumber(lit)) || (typeof v === 'string' && typeof lit === 'string')) return v > lit;
          return new EvalFailure(`${String(v)} and ${lit} must be comparable.`);
        };
      }
      const wanted = expr.op === '==';
      return (root, data, index) => {
        const v = left(root, data, index);
        if (v instanceof EvalFailure) return false;
        return equalsLiteral(v, lit) === wanted;
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Strings: split into literal text and `${...}` parts.

type StringPart = string | { source: string };

/** Splits a template string at `${...}`; the end of an expression is the first `}` outside a quoted literal. */
function splitInterpolated(text: string, pointer: string): StringPart[] {
  const parts: StringPart[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) {
      parts.push(text.slice(i));
      break;
    }
    if (start > i) parts.push(text.slice(i, start));
    let j = start + 2;
    let quoted = false;
    while (j < text.length && (quoted || text[j] !== '}')) {
      if (text[j] === "'") quoted = !quoted;
      j++;
    }
    if (j >= text.length) throw compileError(pointer, `unterminated \${ in "${text}"`, text);
    const source = text.slice(start + 2, j).trim();
    if (source === '') throw compileError(pointer, `empty \${} in "${text}"`, text);
    parts.push({ source });
    i = j + 1;
  }
  return parts;
}

function compileString(text: string, pointer: string): Bind {
  if (!text.includes('${')) return () => text;
  const parts = splitInterpolated(text, pointer);
  const only = parts[0];
  if (parts.length === 1 && typeof only === 'object') {
    const expr = parseExpression(only.source, pointer, false);
    return wholeValue(expr, pointer, only.source);
  }
  for (const p of parts) {
    if (typeof p === 'string' && /[{}`\\]/.test(p)) {
      throw compileError(pointer, `braces, backticks and backslashes around an interpolation are not supported`, text);
    }
  }
  const compiled = parts.map((p) =>
    typeof p === 'string' ? p : compileExpr(parseExpression(p.source, pointer, true), true),
  );
  return (root, data, index) => {
    let out = '';
    for (const part of compiled) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const v = part(root, data, index);
      if (v == null) throw bindError(pointer, `an interpolated value is ${v === null ? 'null' : 'undefined'}`);
      out += String(v);
    }
    return out;
  };
}

function wholeValue(expr: Expr, pointer: string, source: string): Bind {
  const evaluate = compileExpr(expr, true);
  return (root, data, index) => {
    const v = evaluate(root, data, index);
    if (v instanceof EvalFailure) throw bindError(pointer, `\${${source}} failed: ${v.message}`);
    return v;
  };
}

function bindError(pointer: string, message: string): AppError {
  return new AppError('INTERNAL', `Card template at ${pointer || '/'}: ${message}`, { pointer: pointer || '/' });
}

/** The expression of a `$data` / `$when` value, which must be exactly one `${...}`. */
function directiveExpression(value: unknown, pointer: string, pathOnly: boolean): Expr {
  if (typeof value !== 'string') throw compileError(pointer, `must be a "\${...}" string`);
  const parts = value.includes('${') ? splitInterpolated(value, pointer) : [value];
  const only = parts[0];
  if (parts.length !== 1 || typeof only !== 'object') throw compileError(pointer, `must be exactly one "\${...}"`);
  return parseExpression(only.source, pointer, pathOnly);
}

// ---------------------------------------------------------------------------------------------------------------
// Nodes.

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function compileNode(node: unknown, pointer: string): Bind {
  if (typeof node === 'string') return compileString(node, pointer);
  if (Array.isArray(node)) return compileArray(node, pointer);
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>, pointer);
  if (node === undefined || typeof node === 'function' || typeof node === 'symbol' || typeof node === 'bigint') {
    throw compileError(pointer, `${typeof node} is not JSON`);
  }
  return () => node;
}

function compileArray(items: unknown[], pointer: string): Bind {
  const children = items.map((item, i) => compileNode(item, `${pointer}/${i}`));
  return (root, data, index) => {
    const out: unknown[] = [];
    for (const child of children) {
      const v = child(root, data, index);
      if (v === null) continue;
      if (Array.isArray(v)) for (const x of v) out.push(x);
      else out.push(v);
    }
    return out;
  };
}

function compileObject(node: Record<string, unknown>, pointer: string): Bind {
  const fields: { key: string; bind: Bind }[] = [];
  for (const key of Object.keys(node)) {
    const at = `${pointer}/${escapePointer(key)}`;
    if (RESERVED_KEYS.has(key)) throw compileError(at, `the reserved key ${key} is not supported`);
    if (key === '__proto__') throw compileError(at, 'the key __proto__ is not allowed');
    if (key === '$data' || key === '$when') continue;
    fields.push({ key, bind: compileNode(node[key], at) });
  }
  const single: Bind = (root, data, index) => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const v = f.bind(root, data, index);
      if (v !== undefined) out[f.key] = v;
    }
    return out;
  };

  const hasWhen = Object.hasOwn(node, '$when');
  const hasData = Object.hasOwn(node, '$data');
  const whenExpr = hasWhen ? directiveExpression(node['$when'], `${pointer}/$when`, false) : undefined;
  // `$when` is evaluated without substitution; only the boolean `true` keeps the element.
  const when = whenExpr ? compileExpr(whenExpr, false) : undefined;
  if (!hasData) {
    if (!when) return single;
    return (root, data, index) => (when(root, data, index) === true ? single(root, data, index) : null);
  }

  const dataPointer = `${pointer}/$data`;
  const source = compileExpr(directiveExpression(node['$data'], dataPointer, true), true);
  return (root, data, index) => {
    const value = source(root, data, index);
    const isArray = Array.isArray(value);
    const contexts: unknown[] = isArray ? value : [value];
    const out: unknown[] = [];
    let itemData = data;
    let itemIndex = index;
    for (let i = 0; i < contexts.length; i++) {
      if (isArray) itemIndex = i;
      const item = contexts[i];
      // An undefined item keeps the previous `$data`, as the library does.
      if (item !== undefined) itemData = item;
      if (when && when(root, itemData, itemIndex) !== true) continue;
      out.push(single(root, itemData, itemIndex));
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/**
 * Compiles a card template (plain JSON) once; bind the result to many data objects. Throws an `AppError`
 * (`INTERNAL`, with `details.pointer`) when the template uses anything outside the supported subset.
 */
export function compileTemplate(template: unknown): CompiledTemplate {
  const bind = compileNode(template, '');
  return { bind: (root) => bind(root, root, undefined) };
}
