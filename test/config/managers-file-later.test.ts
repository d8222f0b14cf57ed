import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LateManagersFile, MANAGERS_RETRY_MS } from '../../src/config/managers-file.js';
import { tempDirs } from '../helpers/temp-dir.js';

/**
 * LateManagersFile (the delivery worker's managers file): a file that cannot be read at the start names nobody's
 * manager and is taken up by a later question once it changed on disk, or, changed without its stamp showing it,
 * MANAGERS_RETRY_MS after the last try (the clock is injected), not before.
 */

const dirs = tempDirs('managers-file-later-');
afterAll(() => dirs.cleanup());

const VALID = 'email;manager\nlone.bech@au.dk;helle.vestergaard@au.dk\n';
/** As long as VALID, so rewritten in place with its old modification time its stamp does not change. */
const BROKEN = 'email;manager\nlone.bech@au.dk;helle.vestergaard@au-dk\n';

describe('LateManagersFile', () => {
  it('names nobody while the file cannot be read, and the fixed file from the next question', async () => {
    const file = path.join(await dirs.make(), 'managers.csv');
    const late = LateManagersFile.open(file, { now: () => 0 });
    expect(await late.managerEmailOf('lone.bech@au.dk')).toBeUndefined();
    expect(late.managerEmailNow('lone.bech@au.dk')).toBeUndefined();
    await writeFile(file, VALID);
    expect(await late.managerEmailOf('Lone.Bech@au.dk')).toBe('helle.vestergaard@au.dk');
    expect(late.managerEmailNow('lone.bech@au.dk')).toBe('helle.vestergaard@au.dk');
  });

  it('tries an unchanged-looking file again only once the retry interval is up', async () => {
    expect(BROKEN.length).toBe(VALID.length);
    const file = path.join(await dirs.make(), 'managers.csv');
    await writeFile(file, BROKEN);
    const at = new Date('2026-01-05T09:00:00.000Z');
    await utimes(file, at, at);
    let now = 1_000;
    const late = LateManagersFile.open(file, { now: () => now });
    // Fixed in place (same inode and size) with its old modification time: nothing on disk tells it changed.
    await writeFile(file, VALID);
    await utimes(file, at, at);
    now += MANAGERS_RETRY_MS - 1;
    expect(await late.managerEmailOf('lone.bech@au.dk')).toBeUndefined();
    now += 1;
    expect(await late.managerEmailOf('lone.bech@au.dk')).toBe('helle.vestergaard@au.dk');
  });
});
