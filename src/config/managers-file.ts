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

/**
 * The managers file (`MANAGERS_FILE`) as a `ManagerSource`. Read and validated at start (`load`, which throws the
 * list of problems); afterwards every question first checks the file's modification time, size and inode (one
 * `stat`: questions come with escalations and order approvals, and before a case card is rendered for someone who
 * is every catalogue supervisor of the case, as a hierarchical escalation of hers would try the file — a click, a
 * look-up, an outbox message's card) and reads it again when it changed. A changed file with problems, or one that
 * is gone, is logged once (with every problem) and the managers read last stay in use until it is fixed.
 */
export class ManagersFile implements ManagerSource {
  private reading: Promise<void> | null = null;
  /** The stamp last reported as broken, so a broken version is logged once. */
  private reported = '';

  private constructor(
    readonly path: string,
    private managers: ManagerMap,
    private stamped: string,
    private readonly logger?: Logger,
  ) {}

  /** Reads and validates the file; throws `AppError('CONFIG.INVALID')` with every problem. */
  static load(path: string, logger?: Logger): ManagersFile {
    let text: string;
    let version: string;
    try {
      version = stamp(statSync(path));
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw invalid(path, [`(file): ${code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(err)})`}`]);
    }
    return new ManagersFile(path, parseManagers(text, path), version, logger);
  }

  /** How many people the file gives a manager. */
  get size(): number {
    return this.managers.size;
  }

  async managerEmailOf(email: string): Promise<string | undefined> {
    await this.fresh();
    return this.managers.get(email.trim().toLowerCase());
  }

  /**
   * `managerEmailOf` without waiting, for a card being rendered: the file as last read. It is checked for changes
   * meanwhile (in the background), so a change is in the answer to the next question.
   */
  managerEmailNow(email: string): string | undefined {
    void this.fresh();
    return this.managers.get(email.trim().toLowerCase());
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
      version = stamp(await stat(this.path));
      if (version === this.stamped) return;
      const managers = parseManagers(await readFile(this.path, 'utf8'), this.path);
      this.managers = managers;
      this.stamped = version;
      this.reported = '';
      this.logger?.info({ file: this.path, people: managers.size }, 'managers file read again after it changed');
    } catch (err) {
      const key = version || `gone:${(err as NodeJS.ErrnoException).code ?? ''}`;
      if (key === this.reported) return;
      this.reported = key;
      const problems = err instanceof AppError ? err.details['problems'] : undefined;
      this.logger?.error(
        { file: this.path, problems: problems ?? [String((err as Error).message ?? err)] },
        'managers file changed and cannot be used; keeping the managers read before',
      );
    }
  }
}

/** How long after a failed read an unchanged managers file is tried again by `LateManagersFile` (ms). */
export const MANAGERS_RETRY_MS = 60_000;

/** The file's stamp now, or what is wrong with it (`gone:<code>`), without throwing. */
async function versionOf(path: string): Promise<string> {
  try {
    return stamp(await stat(path));
  } catch (err) {
    return `gone:${(err as NodeJS.ErrnoException).code ?? ''}`;
  }
}

function versionOfSync(path: string): string {
  try {
    return stamp(statSync(path));
  } catch (err) {
    return `gone:${(err as NodeJS.ErrnoException).code ?? ''}`;
  }
}

/**
 * The managers file for a part of the app that reads it itself after the start checked it (the outbox delivery
 * worker). Read at once when it can be (then it is that `ManagersFile`, read again whenever it changes). When it
 * cannot (broken or gone since the main thread read it), it names nobody's manager, as without a file, and a later
 * question takes it up again: once the file changed on disk (modification time, size, inode: one `stat` a
 * question, as the file read does) or `retryMs` after the last try; never more than one read at a time, none while
 * it is unchanged and tried lately. Warns once that it cannot be read (the main thread logs its problems).
 */
export class LateManagersFile implements ManagerSource {
  private file: ManagersFile | undefined;
  /** The last failed try: the file's stamp before it, and when (ms). */
  private tried = { version: '', at: 0 };
  private trying: Promise<void> | null = null;

  private constructor(
    readonly path: string,
    private readonly logger: Logger | undefined,
    private readonly now: () => number,
    private readonly retryMs: number,
  ) {}

  /** The file read now if it can be; otherwise taken up at a later question (see the class). Never throws. */
  static open(path: string, opts: { logger?: Logger; now?: () => number; retryMs?: number } = {}): LateManagersFile {
    const late = new LateManagersFile(path, opts.logger, opts.now ?? Date.now, opts.retryMs ?? MANAGERS_RETRY_MS);
    const version = versionOfSync(path);
    try {
      late.file = ManagersFile.load(path);
    } catch {
      late.tried = { version, at: late.now() };
      late.logger?.warn(
        { file: path },
        'managers file cannot be read here; its cards go without it until it is read again (once it changed, or a minute on)',
      );
    }
    return late;
  }

  async managerEmailOf(email: string): Promise<string | undefined> {
    if (!this.file) await this.retry();
    return this.file?.managerEmailOf(email);
  }

  managerEmailNow(email: string): string | undefined {
    if (!this.file) {
      void this.retry();
      return undefined;
    }
    return this.file.managerEmailNow(email);
  }

  private async retry(): Promise<void> {
    this.trying ??= this.tryAgain().finally(() => {
      this.trying = null;
    });
    await this.trying;
  }

  private async tryAgain(): Promise<void> {
    if (this.file) return;
    const version = await versionOf(this.path);
    if (version === this.tried.version && this.now() - this.tried.at < this.retryMs) return;
    try {
      this.file = ManagersFile.load(this.path);
      this.logger?.info({ file: this.path, people: this.file.size }, 'managers file read; its managers are used now');
    } catch {
      this.tried = { version, at: this.now() };
    }
  }
}
