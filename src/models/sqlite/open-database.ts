import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import { migrate } from './migrations.js';

/** File name of the database inside the data directory. */
export const SQLITE_FILE_NAME = 'incident-bot.sqlite';

/** Where the embedded store lives: a data directory (the file is created inside) or an explicit file. */
export type SqliteLocation = { dataDir: string } | { file: string };

/** How long a writer waits for another connection's lock before failing (ms). */
const BUSY_TIMEOUT_MS = 5000;

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
 * Opens the database, sets WAL, busy timeout and foreign keys, runs `PRAGMA quick_check` and applies pending
 * migrations. Every failure the operator can fix becomes `STORE.UNAVAILABLE` (directory or file cannot be created
 * or written) or `STORE.CORRUPT` (not a SQLite database, or damaged), with the path and what to do.
 */
export function openSqliteDatabase(location: SqliteLocation): Database.Database {
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
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw corrupt(file, `quick_check: ${String(check)}`);
    if (!inMemory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
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
