import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Logger } from '../logger.js';
import { AppError } from '../models/errors.js';
import type { ManagerSource } from '../services/ports/directory.js';

/** Person's e-mail → manager's e-mail, both trimmed and lower-cased. */
export type ManagerMap = ReadonlyMap<string, string>;

/** A whole e-mail address, as the file must give both columns. */
const EMAIL = /^[^\s@,;"<>]+@[^\s@,;"<>]+\.[^\s@,;"<>]+$/;

/** One row of the file: who, whose manager, and the line it is on. */
interface Row {
  person: string;
  manager: string;
  line: number;
}

/**
 * Parses a managers file: CSV (two columns, person's e-mail then manager's e-mail, separated by a comma, semicolon
 * or tab; an optional header line; `#` comments and blank lines skipped) or, for a name ending in `.json`, a JSON
 * object `{ "person": "manager" }` or array `[{ "email": …, "manager": … }]`. Throws `AppError('CONFIG.INVALID')`
 * listing every problem with its line: a row that is not two e-mail addresses, a person listed twice, someone
 * their own manager, managers that go round in a loop, or a file without any row.
 */
export function parseManagers(text: string, source: string): Map<string, string> {
  const problems: string[] = [];
  const rows = source.toLowerCase().endsWith('.json') ? jsonRows(text, problems) : csvRows(text, problems);
  const managers = new Map<string, string>();
  const lineOf = new Map<string, number>();
  for (const row of rows) {
    const first = lineOf.get(row.person);
    if (first !== undefined) {
      problems.push(`line ${row.line}: ${row.person} is listed already on line ${first}; give each person once`);
      continue;
    }
    if (row.person === row.manager) {
      problems.push(
        `line ${row.line}: ${row.person} is given as their own manager; leave out people without a manager`,
      );
      continue;
    }
    managers.set(row.person, row.manager);
    lineOf.set(row.person, row.line);
  }
  problems.push(...loops(managers, lineOf));
  if (problems.length === 0 && managers.size === 0) {
    problems.push('(file): no managers in it; give one "person e-mail, manager e-mail" row a line');
  }
  if (problems.length > 0) throw invalid(source, inFileOrder(problems));
  return managers;
}

/** A column name of a header line: letters, digits, spaces, `_`, `-`, `(`, `)`; or empty (a trailing separator). */
const HEADER_CELL = /^[\p{L}\p{N} _()-]*$/u;

/** The rows of CSV text (see `parseManagers`), with the problems of the lines that are not rows. */
function csvRows(text: string, problems: string[]): Row[] {
  const rows: Row[] = [];
  let seenData = false;
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n|\r/)
    .forEach((raw, i) => {
      const line = i + 1;
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const fields = trimmed.split(/[,;\t]/).map((f) =>
        f
          .trim()
          .replace(/^"(.*)"$/, '$1')
          .trim(),
      );
      const first = !seenData;
      seenData = true;
      // A header line ("email;manager", "E-mail (person);Leder"): the first line, of column names only — no
      // address, no dot (an address that lost its domain, "anna.berg", is a broken row, reported below).
      if (first && fields.every((f) => HEADER_CELL.test(f))) return;
      const cells = fields.length > 2 && fields.slice(2).every((f) => f === '') ? fields.slice(0, 2) : fields;
      if (cells.length !== 2) {
        problems.push(`line ${line}: expected 2 fields (person's e-mail, manager's e-mail), found ${cells.length}`);
        return;
      }
      const row = rowOf(cells[0] ?? '', cells[1] ?? '', line, problems);
      if (row) rows.push(row);
    });
  return rows;
}

/** The rows of JSON text (see `parseManagers`), located by the YAML parser (JSON is YAML), with its problems. */
function jsonRows(text: string, problems: string[]): Row[] {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, uniqueKeys: false });
  const lineAt = (node: Node | null | undefined): number => lines.linePos(node?.range?.[0] ?? 0).line;
  if (doc.errors.length > 0) {
    for (const err of doc.errors) problems.push(`line ${lines.linePos(err.pos[0]).line}: ${err.message}`);
    return [];
  }
  const rows: Row[] = [];
  const text1 = (node: unknown): string => (isScalar(node) && typeof node.value === 'string' ? node.value : '');
  const root = doc.contents;
  if (isMap(root)) {
    for (const pair of root.items) {
      const row = rowOf(text1(pair.key), text1(pair.value), lineAt(pair.key as Node), problems);
      if (row) rows.push(row);
    }
  } else if (isSeq(root)) {
    for (const item of root.items) {
      const line = lineAt(item as Node);
      if (!isMap(item)) {
        problems.push(`line ${line}: expected an object { "email": …, "manager": … }`);
        continue;
      }
      const row = rowOf(text1(item.get('email', true)), text1(item.get('manager', true)), line, problems);
      if (row) rows.push(row);
    }
  } else {
    problems.push(`line ${lineAt(root)}: expected an object of "person": "manager" or an array of such rows`);
  }
  return rows;
}

/** A row from two cells, or its problems (each cell not an e-mail address). */
function rowOf(person: string, manager: string, line: number, problems: string[]): Row | undefined {
  const bad = [
    ['person', person],
    ['manager', manager],
  ].filter(([, v]) => !EMAIL.test((v ?? '').trim()));
  for (const [what, v] of bad) {
    problems.push(`line ${line}: the ${what}'s ${v ? `"${v}" is not an e-mail address` : 'e-mail is missing'}`);
  }
  if (bad.length > 0) return undefined;
  return { person: person.trim().toLowerCase(), manager: manager.trim().toLowerCase(), line };
}

/** One problem per loop of managers (a → b → a), at the first of its lines. */
function loops(managers: ReadonlyMap<string, string>, lineOf: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  for (const start of managers.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let at: string | undefined = start;
    while (at !== undefined && !done.has(at) && !onPath.has(at)) {
      path.push(at);
      onPath.add(at);
      at = managers.get(at);
    }
    if (at !== undefined && onPath.has(at)) {
      const loop = path.slice(path.indexOf(at));
      const line = Math.min(...loop.map((p) => lineOf.get(p) ?? Number.MAX_SAFE_INTEGER));
      out.push(`line ${line}: the managers go round in a loop: ${[...loop, at].join(' → ')}`);
    }
    for (const p of path) done.add(p);
  }
  return out;
}

/** The problems by their line, so the list reads top to bottom alongside the file (stable within a line). */
function inFileOrder(problems: string[]): string[] {
  const lineOf = (p: string) => Number(/^line (\d+):/.exec(p)?.[1] ?? 0);
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => lineOf(a.p) - lineOf(b.p) || a.i - b.i)
    .map((x) => x.p);
}

function invalid(source: string, problems: string[]): AppError {
  return new AppError(
    'CONFIG.INVALID',
    `Managers file ${source} (MANAGERS_FILE) is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    { problems },
  );
}

/** What identifies a version of the file on disk; a change means it is read again. */
function stamp(s: { mtimeMs: number; size: number; ino: number }): string {
  return `${s.mtimeMs}:${s.size}:${s.ino}`;
}

/** How long after a failed read an unchanged managers file is tried again (ms). */
export const MANAGERS_RETRY_MS = 60_000;

/** The file system calls a `ManagersFile` makes after its first read (tests count them). */
export interface ManagersFs {
  stat(path: string): Promise<{ mtimeMs: number; size: number; ino: number }>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}

export interface ManagersFileOptions {
  /** Milliseconds now, for `retryMs`; `Date.now` by default. */
  now?: () => number;
  /** How long after a failed read an unchanged-looking file is tried again; `MANAGERS_RETRY_MS` by default. */
  retryMs?: number;
  /** `node:fs/promises` by default. */
  fs?: ManagersFs;
}

/** What a `ManagersFile` logs: a changed file's problems (the main thread), or only that it was read (the worker). */
type Reports = 'problems' | 'first read';

/**
 * The managers file (`MANAGERS_FILE`) as a `ManagerSource`. Read and validated at start (`load`, which throws the
 * list of problems); afterwards every question first checks the file's modification time, size and inode (one
 * `stat`: questions come with escalations and order approvals, and before a case card is rendered for someone who
 * is every catalogue supervisor of the case, as a hierarchical escalation of hers would try the file — a click, a
 * look-up, an outbox message's card) and reads it again when it changed. A changed file with problems, or one that
 * is gone, is logged once (with every problem) and the managers read last stay in use until it is fixed; that
 * version is not read again while its stamp stays (a question costs the `stat` only), except `retryMs` after the
 * last try (a fix written in place without its stamp showing it). Never more than one read at a time.
 */
export class ManagersFile implements ManagerSource {
  private reading: Promise<void> | null = null;
  /** The last version that could not be used (its stamp, or `gone:<code>`), and when it was tried (ms). */
  private failed: { version: string; at: number } | undefined;
  private readonly now: () => number;
  private readonly retryMs: number;
  private readonly fs: ManagersFs;

  protected constructor(
    readonly path: string,
    /** The managers in use; undefined while none could be read (`LateManagersFile`): nobody has one then. */
    private managers: ManagerMap | undefined,
    /** The stamp of the version in use. */
    private stamped: string,
    private readonly logger: Logger | undefined,
    private readonly reports: Reports,
    opts: ManagersFileOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.retryMs = opts.retryMs ?? MANAGERS_RETRY_MS;
    this.fs = opts.fs ?? { stat, readFile };
  }

  /** Reads and validates the file; throws `AppError('CONFIG.INVALID')` with every problem. */
  static load(path: string, logger?: Logger, opts: ManagersFileOptions = {}): ManagersFile {
    const { managers, version } = readNow(path);
    return new ManagersFile(path, managers, version, logger, 'problems', opts);
  }

  /** How many people the file gives a manager. */
  get size(): number {
    return this.managers?.size ?? 0;
  }

  async managerEmailOf(email: string): Promise<string | undefined> {
    await this.fresh();
    return this.managers?.get(email.trim().toLowerCase());
  }

  /**
   * `managerEmailOf` without waiting, for a card being rendered: the file as last read. It is checked for changes
   * meanwhile (in the background), so a change is in the answer to the next question.
   */
  managerEmailNow(email: string): string | undefined {
    void this.fresh();
    return this.managers?.get(email.trim().toLowerCase());
  }

  /** The last failed try is `version`, now (a read at the start: `LateManagersFile`). */
  protected failedAt(version: string): void {
    this.failed = { version, at: this.now() };
  }

  /** Reads the file again when it changed since it was last read (one read at a time). */
  private async fresh(): Promise<void> {
    this.reading ??= this.reread().finally(() => {
      this.reading = null;
    });
    await this.reading;
  }

  private async reread(): Promise<void> {
    let version = '';
    try {
      version = stamp(await this.fs.stat(this.path));
    } catch (err) {
      version = `gone:${(err as NodeJS.ErrnoException).code ?? ''}`;
      if (this.tryAgain(version)) this.cannotUse(version, err);
      return;
    }
    if (!this.tryAgain(version)) return;
    try {
      const managers = parseManagers(await this.fs.readFile(this.path, 'utf8'), this.path);
      const first = this.managers === undefined;
      this.managers = managers;
      this.stamped = version;
      this.failed = undefined;
      if (this.reports === 'problems') {
        this.logger?.info({ file: this.path, people: managers.size }, 'managers file read again after it changed');
      } else if (first) {
        this.logger?.info({ file: this.path, people: managers.size }, 'managers file read; its managers are used now');
      }
    } catch (err) {
      this.cannotUse(version, err);
    }
  }

  /** Whether `version` is to be read: not the one in use, nor the one that failed lately. */
  private tryAgain(version: string): boolean {
    if (version === this.stamped) return false;
    const failed = this.failed;
    return !(failed?.version === version && this.now() - failed.at < this.retryMs);
  }

  /** Keeps the managers read before; logs the problems once per version (`reports: 'problems'`). */
  private cannotUse(version: string, err: unknown): void {
    const before = this.failed?.version;
    this.failed = { version, at: this.now() };
    if (before === version || this.reports !== 'problems') return;
    const problems = err instanceof AppError ? err.details['problems'] : undefined;
    this.logger?.error(
      { file: this.path, problems: problems ?? [String((err as Error).message ?? err)] },
      'managers file changed and cannot be used; keeping the managers read before',
    );
  }
}

/** The file read and validated now, with its stamp; throws `AppError('CONFIG.INVALID')` with every problem. */
function readNow(path: string): { managers: Map<string, string>; version: string } {
  let text: string;
  let version: string;
  try {
    version = stamp(statSync(path));
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw invalid(path, [`(file): ${code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(err)})`}`]);
  }
  return { managers: parseManagers(text, path), version };
}

/**
 * The managers file for a part of the app that reads it itself after the start checked it (the outbox delivery
 * worker): a `ManagersFile` read at once when it can be. When it cannot (broken or gone since the main thread read
 * it), it names nobody's manager, as without a file, and a later question takes it up again as a `ManagersFile`
 * takes up a changed file: once it changed on disk (one `stat` a question) or `retryMs` after the last try. Warns
 * once that it cannot be read, and says when it first could; the main thread logs the file's problems.
 */
export class LateManagersFile extends ManagersFile {
  /** The file read now if it can be; otherwise taken up at a later question (see the class). Never throws. */
  static open(path: string, opts: ManagersFileOptions & { logger?: Logger } = {}): LateManagersFile {
    try {
      const { managers, version } = readNow(path);
      return new LateManagersFile(path, managers, version, opts.logger, 'first read', opts);
    } catch {
      const late = new LateManagersFile(path, undefined, '', opts.logger, 'first read', opts);
      late.failedAt(versionOfSync(path));
      opts.logger?.warn(
        { file: path },
        'managers file cannot be read here; its cards go without it until it is read again (once it changed, or a minute on)',
      );
      return late;
    }
  }
}

function versionOfSync(path: string): string {
  try {
    return stamp(statSync(path));
  } catch (err) {
    return `gone:${(err as NodeJS.ErrnoException).code ?? ''}`;
  }
}
