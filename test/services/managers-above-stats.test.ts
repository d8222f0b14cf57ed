import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManagersFile, type ManagersFs } from '../../src/config/managers-file.js';
import type { Person } from '../../src/models/case.js';
import { ManagersAbove, withManagers } from '../../src/services/manager-directory.js';
import type { Directory } from '../../src/services/ports/directory.js';
import { tempDirs } from '../helpers/temp-dir.js';

/**
 * ManagersAbove.ask asks the managers file once per question (one `stat`): through the directory's `managerOf`
 * (`withManagers`), which tells whether the file named her manager; it asks the file itself only to decide whether a
 * young Microsoft Graph answer still serves.
 */

const dirs = tempDirs('managers-above-stats-');
afterAll(() => dirs.cleanup());

const LONE: Person = { id: 'teams:aad-lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk', locale: 'en' };
const HELLE: Person = { id: 'teams:aad-helle', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk' };

/** The app's wiring over a managers file of `text` whose stats are counted, and a platform knowing Lone and Helle. */
async function wired(text: string, graph: boolean) {
  const file = path.join(await dirs.make(), 'managers.csv');
  await writeFile(file, text);
  const calls = { stat: 0, graph: 0 };
  const fs: ManagersFs = {
    stat: (p) => {
      calls.stat += 1;
      return stat(p);
    },
    readFile: (p, enc) => readFile(p, enc),
  };
  const managers = ManagersFile.load(file, undefined, { fs });
  const platform: Directory = {
    lookup: async (id) => [LONE, HELLE].find((p) => p.id === id) ?? null,
    search: async (q) => [LONE, HELLE].filter((p) => p.email === q),
    managerOf: async () => {
      calls.graph += 1;
      return HELLE;
    },
  };
  const above = new ManagersAbove({
    directory: withManagers(platform, managers),
    managers,
    asksGraph: () => graph,
    now: () => 0,
  });
  return { above, calls };
}

describe('ManagersAbove.ask: the managers file once per question', () => {
  it('stats the file once when it names her manager', async () => {
    const { above, calls } = await wired('lone.bech@au.dk;helle.vestergaard@au.dk\n', true);
    await above.ask(LONE);
    expect(calls).toEqual({ stat: 1, graph: 0 });
    expect(above.knownNobodyAbove(LONE)).toBe(false);
    await above.ask(LONE);
    expect(calls).toEqual({ stat: 2, graph: 0 });
  });

  it("stats the file once when Graph answers, and once while Graph's answer is young", async () => {
    const { above, calls } = await wired('anna.berg@au.dk;lise.damgaard@cas.au.dk\n', true);
    await above.ask(LONE);
    expect(calls).toEqual({ stat: 1, graph: 1 });
    expect(above.knownNobodyAbove(LONE)).toBe(false);
    await above.ask(LONE);
    expect(calls).toEqual({ stat: 2, graph: 1 });
  });
});
