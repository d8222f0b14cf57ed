import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import { migrate } from './migrations.js';

/** File name of the database inside the data directory. */
export const SQLITE_FILE_NAME = 'incident-bot.sqlite';

/** Where the embedded store lives: a data directory (the file is created inside) or an explicit file. */
export type SqliteLocation = { dataDir: string } | { file: string };

/** How the main connection checkpoints; see `WAL_AUTOCHECKPOINT_PAGES` and `WAL_BACKSTOP_PAGES`. */
export interface SqliteOpenOptions {
  /** `wal_autocheckpoint` of the connection in pages (default `WAL_AUTOCHECKPOINT_PAGES`). */
  walAutocheckpointPages?: number;
}

/**
 * How long opening the database (its check and migrations) waits for another connection's lock (ms). Once open,
 * the connection does not wait itself: store calls wait, in short steps and then with the thread free (`retryWhileBusy`).
 */
const OPEN_BUSY_TIMEOUT_MS = 5000;

/**
 * WAL pages after which a commit checkpoints the log into the database file (SQLite's default is 1 000, ~4 MB).
 * The checkpoint runs inside the commit that crosses the mark, on the event loop, and writes back and syncs every
 * page changed since the last one; a case write touches a dozen index pages, so with the default a checkpoint
 * came every few dozen creations (or every few SLA sweeps) and made writes slow and uneven. At 10 000 pages
 * (~40 MB) the same index pages are rewritten many times between checkpoints but copied back once, and the sync
 * comes ten times more rarely. The trade-off: the -wal file grows to ~40 MB before it is checkpointed (a larger one
 * is cut back to `JOURNAL_SIZE_LIMIT` afterwards), readers look pages up in a longer log, and recovery after a crash
 * replays up to that much. Durability does not change: with `synchronous = NORMAL` a commit in WAL mode is not
 * synced either way, and a power loss can drop the last commits but never corrupts the file.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;
/**
 * The main connection's auto-checkpoint when a checkpoint worker (`startCheckpointer`) copies the WAL back in the
 * background: only a backstop (~200 MB), reached only if the worker died or could not keep up, so that the log
 * still cannot grow without bound.
 */
export const WAL_BACKSTOP_PAGES = 50_000;
/**
 * Size the -wal file is cut back to after a checkpoint (bytes): a little above the checkpoint mark, so the steady
 * state reuses the file without truncating and regrowing it, while a log that grew far past it (a long reader
 * held the checkpoint back) does not keep its size on disk.
 */
const JOURNAL_SIZE_LIMIT = 48 * 1024 * 1024;

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function corrupt(file: string, reason: string, cause?: unknown): AppError {
  return new AppError(
    'STORE.CORRUPT',
    `The database file ${file} is not a readable SQLite database (${reason}). Stop the bot, move the file ` +
      `(and any ${path.basename(file)}-wal/-shm next to it) aside or restore it from a backup, then start again; ` +
      `a fresh, empty database is created when none is there.`,
    { file, reason },
    { cause },
  );
}

function unavailable(target: string, reason: string, cause?: unknown): AppError {
  return new AppError(
    'STORE.UNAVAILABLE',
    `Cannot use ${target} for the database (${reason}). Make sure the directory exists and is writable by ` +
      `this process and the disk is not full, or set DATA_DIR to a directory that is.`,
    { path: target, reason },
    { cause },
  );
}

/** Resolves the database file for a location (`:memory:` stays as is). */
export function resolveSqliteFile(location: SqliteLocation): string {
  return 'file' in location ? location.file : path.join(location.dataDir, SQLITE_FILE_NAME);
}

/**
 * Opens the database, sets WAL (with a larger auto-checkpoint, see `WAL_AUTOCHECKPOINT_PAGES`), no busy timeout (see
 * `BUSY_WAIT_MS`) and foreign keys, runs `PRAGMA quick_check` and applies pending migrations. Every failure the operator can fix becomes `STORE.UNAVAILABLE` (directory or file cannot be created
 * or written) or `STORE.CORRUPT` (not a SQLite database, or damaged), with the path and what to do.
 */
export function openSqliteDatabase(location: SqliteLocation, opts: SqliteOpenOptions = {}): Database.Database {
  const file = resolveSqliteFile(location);
  const inMemory = file === ':memory:';
  if (!inMemory) {
    const dir = 'dataDir' in location ? location.dataDir : path.dirname(file);
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
    } catch (err) {
      throw unavailable(`the data directory ${dir}`, reasonOf(err), err);
    }
  }

  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (err) {
    if (CORRUPT_CODES.has(sqliteCode(err) ?? '')) throw corrupt(file, reasonOf(err), err);
    throw unavailable(`the file ${file}`, reasonOf(err), err);
  }

  try {
    db.pragma(`busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw corrupt(file, `quick_check: ${String(check)}`);
    if (!inMemory) {
      db.pragma('journal_mode = WAL');
      db.pragma(`wal_autocheckpoint = ${opts.walAutocheckpointPages ?? WAL_AUTOCHECKPOINT_PAGES}`);
      db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // What is deleted or overwritten is zeroed in the file, freed pages too, not left for the space to be reused:
    // an erased person (`admin erase`) or an anonymised case must not stay readable in the file's free space. No
    // measurable cost on the store's writes (`store-throughput`).
    db.pragma('secure_delete = ON');
    migrate(db);
    // The store's calls wait for a lock themselves, in finer steps than SQLite's (see `BUSY_WAIT_MS`).
    db.pragma('busy_timeout = 0');
    return db;
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    const code = sqliteCode(err);
    if (code && CORRUPT_CODES.has(code)) throw corrupt(file, reasonOf(err), err);
    if (code && code !== 'SQLITE_ERROR') throw unavailable(`the file ${file}`, reasonOf(err), err);
    throw err;
  }
}
