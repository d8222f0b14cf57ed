/**
 * One problem found in a catalogue file: where (a path into the document like `categories[3].questions[1].kind`,
 * and the line/column when the YAML source is known) and why. Kept as data so every problem can be collected
 * before the loader gives up, then formatted one per line.
 */
export type ProblemPath = readonly (string | number)[];

export interface CatalogueProblem {
  path: ProblemPath;
  message: string;
  /** 1-based line and column in the source text, when known. */
  line?: number;
  column?: number;
}

/** `categories[3].questions[1].kind`; an empty path is the document itself, `(root)`. */
export function formatProblemPath(path: ProblemPath): string {
  let out = '';
  for (const segment of path) {
    out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(root)' : out;
}

/** `categories[3].questions[1].kind: <why> (line 12, column 9)`. */
export function formatProblem(problem: CatalogueProblem): string {
  const where = problem.line === undefined ? '' : ` (line ${problem.line}, column ${problem.column ?? 1})`;
  return `${formatProblemPath(problem.path)}: ${problem.message}${where}`;
}
