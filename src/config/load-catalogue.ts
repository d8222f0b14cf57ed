import { readFileSync } from 'node:fs';
import { type Document, LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../models/errors.js';
import { type CatalogueProblem, type ProblemPath, formatProblem, formatProblemPath } from './catalogue-problem.js';
import { type Catalogue, catalogueSchema } from './catalogue-schema.js';
import { checkCatalogueReferences } from './check-catalogue-references.js';

export { type CatalogueIndex, createCatalogueIndex } from './catalogue-index.js';

/**
 * Reads, parses and validates the catalogue file (config/catalogue.yaml). A missing or unreadable file, YAML
 * syntax errors, schema violations and broken cross-references all end in one `AppError('CATALOGUE.INVALID')`
 * whose message lists every problem with its path (and line), so start-up stops with the whole list at once.
 */
export function loadCatalogue(path: string): Catalogue {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(err)})`;
    throw invalid(path, [`(file): ${why}`]);
  }
  return parseCatalogue(text, path);
}

/**
 * Parses catalogue YAML text; `source` names it in the error message (a path, or `<catalogue>`).
 * Throws `AppError('CATALOGUE.INVALID', …, { problems })`, `problems` being one `path: why` string per problem.
 */
export function parseCatalogue(text: string, source = '<catalogue>'): Catalogue {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalid(
      source,
      doc.errors.map((err) => {
        const at = lineCounter.linePos(err.pos[0]);
        return `(yaml) line ${at.line}, column ${at.col}: ${err.message}`;
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw invalid(source, [`(yaml): ${err instanceof Error ? err.message : String(err)}`]);
  }
  if (raw === null || raw === undefined) throw invalid(source, ['(root): the catalogue is empty']);

  const problems: CatalogueProblem[] = [];
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...describeIssue(issue, raw));
  }
  const seen = new Set(problems.map((p) => formatProblemPath(p.path)));
  for (const problem of checkCatalogueReferences(raw)) {
    if (!seen.has(formatProblemPath(problem.path))) problems.push(problem);
  }
  if (problems.length > 0 || !parsed.success) {
    // In file order, so the list reads top to bottom alongside the file; problems without a line go last.
    const located = problems.map((p) => ({ ...p, ...locate(doc, lineCounter, p.path) }));
    located.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
    throw invalid(source, located.map(formatProblem));
  }
  return parsed.data;
}

function invalid(source: string, problems: string[]): AppError {
  const message = `Catalogue ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
  return new AppError('CATALOGUE.INVALID', message, { problems });
}

type Issue = z.core.$ZodIssue;

/** Turns one zod issue into problems with readable messages: "missing" for absent fields, one per unknown key. */
function describeIssue(issue: Issue, raw: unknown): CatalogueProblem[] {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }));
  }
  const value = valueAt(raw, path);
  const expected = expectedOf(issue);
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return [{ path, message: `missing${expected ? ` (expected ${expected})` : ''}` }];
  }
  let message = issue.message;
  if (issue.code === 'invalid_union' && expected) message = `expected ${expected}`;
  const shown = show(value);
  if (shown !== undefined) message += `, got ${shown}`;
  return [{ path, message }];
}

function expectedOf(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      const values = issue.errors.flatMap((branch) =>
        branch.length === 1 && branch[0]?.code === 'invalid_value' && branch[0].path.length === 0
          ? branch[0].values
          : [],
      );
      return values.length === issue.errors.length
        ? `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`
        : undefined;
    }
    default:
      return undefined;
  }
}

function show(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'object' || value === undefined) return undefined;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(raw: unknown, path: ProblemPath): unknown {
  let current = raw;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Line and column of the deepest node on `path` that exists (the key for a map entry). */
function locate(doc: Document, lineCounter: LineCounter, path: ProblemPath): { line?: number; column?: number } {
  let node: unknown = doc.contents;
  let offset: number | undefined = isNode(node) ? node.range?.[0] : undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) break;
      offset = isNode(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = isNode(item) ? (item.range?.[0] ?? offset) : offset;
      node = item;
    } else {
      break;
    }
  }
  if (offset === undefined) return {};
  const at = lineCounter.linePos(offset);
  return { line: at.line, column: at.col };
}
