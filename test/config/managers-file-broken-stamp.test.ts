import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANAGERS_RETRY_MS, ManagersFile, type ManagersFs } from '../../src/config/managers-file.js';
import { tempDirs } from '../helpers/temp-dir.js';
import { collectingLogger } from '../helpers/collecting-logger.js';

/**
 * ManagersFile remembers a changed version that cannot be used: while its stamp stays, a question costs a `stat`,
 * not a read and parse, and the problems are logged once; a fixed file (a new stamp) is read at the next question,
 * and one fixed in place with the same stamp MANAGERS_RETRY_MS after the last try (the clock injected).
 */

const dirs = tempDirs('managers-file-broken-stamp-');
afterAll(() => dirs.cleanup());

const VALID = 'email;manager\nlone.bech@au.dk;helle.vestergaard@au.dk\n';
/** As long as VALID: written in place with its old modification time, nothing on disk tells it changed. */
const BROKEN = 'email;manager\nlone.bech@au.dk;helle.vestergaard@au-dk\n';
/** As long as VALID too. */
const OTHER = 'email;manager\nlone.bech@au.dk;per.kragh.nielsen@au.dk\n';

/** The real file system, counting the calls. */
function countingFs() {
  const calls = { stat: 0, readFile: 0 };
  const fs: ManagersFs = {
    stat: (p) => {
      calls.stat += 1;
      return stat(p);
    },
    readFile: (p, enc) => {
      calls.readFile += 1;
      return readFile(p, enc);
    },
  };
  return { fs, calls };
}

describe('ManagersFile with a broken version on disk', () => {
  it('reads it once, not at every question, and the fixed file at the next question', async () => {
    const file = path.join(await dirs.make(), 'managers.csv');
    await writeFile(file, VALID);
    const { fs, calls } = countingFs();
    const { logger, lines } = collectingLogger('info');
    let now = 0;
    const managers = ManagersFile.load(file, logger, { fs, now: () => now });

    const at = new Date('2026-01-05T09:00:00.000Z');
    await writeFile(file, BROKEN);
    await utimes(file, at, at);
    expect(await managers.managerEmailOf('lone.bech@au.dk')).toBe('helle.vestergaard@au.dk');
    expect(calls).toEqual({ stat: 1, readFile: 1 });
    // The same broken version: a stat a question, no read.
    expect(await managers.managerEmailOf('lone.bech@au.dk')).toBe('helle.vestergaard@au.dk');
    expect(managers.managerEmailNow('lone.bech@au.dk')).toBe('helle.vestergaard@au.dk');
    expect(await managers.managerEmailOf('lone.bech@au.dk')).toBe('helle.vestergaard@au.dk');
    expect(calls.readFile).toBe(1);
    expect(calls.stat).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => l['level'] === 50)).toHaveLength(1);

    // Fixed in place with the same stamp: tried again once the retry interval is up, not before.
    await writeFile(file, OTHER);
    await utimes(file, at, at);
    now += MANAGERS_RETRY_MS - 1;
    expect(await managers.managerEmailOf('lone.bech@au.dk')).toBe('helle.vestergaard@au.dk');
    expect(calls.readFile).toBe(1);
    now += 1;
    expect(await managers.managerEmailOf('lone.bech@au.dk')).toBe('per.kragh.nielsen@au.dk');
    expect(calls.readFile).toBe(2);

    // Broken again, then fixed with a new stamp: read at the next question.
    const later = new Date('2026-01-05T10:00:00.000Z');
    await writeFile(file, BROKEN);
    await utimes(file, later, later);
    expect(await managers.managerEmailOf('lone.bech@au.dk')).toBe('per.kragh.nielsen@au.dk');
    expect(lines.filter((l) => l['level'] === 50)).toHaveLength(2);
    await writeFile(file, VALID);
    const fixed = new Date('2026-01-05T11:00:00.000Z');
    await utimes(file, fixed, fixed);
    expect(await managers.managerEmailOf('lone.bech@au.dk')).toBe('helle.vestergaard@au.dk');
    expect(calls.readFile).toBe(4);
  });
});
