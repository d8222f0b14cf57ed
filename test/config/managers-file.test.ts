import { rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { ManagersFile, parseManagers } from '../../src/config/managers-file.js';
import { AppError } from '../../src/models/errors.js';
import { tempDirs } from '../helpers/temp-dir.js';
import { collectingLogger } from '../helpers/collecting-logger.js';

const dirs = tempDirs('managers-file-');
afterAll(() => dirs.cleanup());

function problemsOf(text: string, source = 'managers.csv'): string[] {
  try {
    parseManagers(text, source);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFIG.INVALID');
    return (err as AppError).details['problems'] as string[];
  }
  throw new Error('expected parseManagers to throw');
}

/** A file in a fresh directory, with `text`. */
async function fileWith(name: string, text: string): Promise<string> {
  const file = path.join(await dirs.make(), name);
  await writeFile(file, text);
  return file;
}

describe('parseManagers', () => {
  it('reads CSV with a header, comma, semicolon or tab, quotes, comments, a BOM and any case', () => {
    const text = [
      '\uFEFF"Email";"Manager"',
      '# exported from HR',
      'anna.berg@au.dk,lise.damgaard@cas.au.dk',
      '',
      '"Bo.Nielsen@AU.dk" ; "Lise.Damgaard@cas.au.dk"',
      'carl.holm@au.dk\tper.kragh@au.dk',
      'lise.damgaard@cas.au.dk;per.kragh@au.dk;',
    ].join('\r\n');
    expect([...parseManagers(text, 'managers.csv')]).toEqual([
      ['anna.berg@au.dk', 'lise.damgaard@cas.au.dk'],
      ['bo.nielsen@au.dk', 'lise.damgaard@cas.au.dk'],
      ['carl.holm@au.dk', 'per.kragh@au.dk'],
      ['lise.damgaard@cas.au.dk', 'per.kragh@au.dk'],
    ]);
  });

  it('takes only a line of column names as the header: a broken first row is reported, not skipped', () => {
    // The address lost its domain in the export: no "@", but no header either.
    expect(problemsOf(['anna.berg;lise.damgaard', 'bo.nielsen@au.dk;per.kragh@au.dk'].join('\n'))).toEqual([
      'line 1: the person\'s "anna.berg" is not an e-mail address',
      'line 1: the manager\'s "lise.damgaard" is not an e-mail address',
    ]);
    // Headers as HR systems write them are still headers.
    for (const header of ['E-mail (person);Manager e-mail', 'medarbejder_email,leder', 'Email\tManager']) {
      expect([...parseManagers(`${header}\nbo.nielsen@au.dk;per.kragh@au.dk`, 'managers.csv')]).toEqual([
        ['bo.nielsen@au.dk', 'per.kragh@au.dk'],
      ]);
    }
  });

  it('reads JSON as an object of person → manager or as an array of rows', () => {
    expect([...parseManagers('{ "Anna.Berg@au.dk": "lise.damgaard@cas.au.dk" }', 'managers.json')]).toEqual([
      ['anna.berg@au.dk', 'lise.damgaard@cas.au.dk'],
    ]);
    const rows = JSON.stringify([{ email: 'bo.nielsen@au.dk', manager: 'per.kragh@au.dk', title: 'Lecturer' }]);
    expect([...parseManagers(rows, 'managers.JSON')]).toEqual([['bo.nielsen@au.dk', 'per.kragh@au.dk']]);
  });

  it('lists every problem of a CSV file with its line, in file order', () => {
    const text = [
      'email,manager',
      'anna.berg@au.dk,lise.damgaard@cas.au.dk',
      'bo.nielsen@au.dk',
      'carl.holm@au.dk,Per Kragh',
      'anna.berg@au.dk,per.kragh@au.dk',
      'dorte.lund@au.dk,dorte.lund@au.dk',
      'erik.sand@au.dk,finn.moe@au.dk,extra@au.dk',
      'finn.moe@au.dk,erik.sand@au.dk',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      "line 3: expected 2 fields (person's e-mail, manager's e-mail), found 1",
      `line 4: the manager's "Per Kragh" is not an e-mail address`,
      'line 5: anna.berg@au.dk is listed already on line 2; give each person once',
      'line 6: dorte.lund@au.dk is given as their own manager; leave out people without a manager',
      "line 7: expected 2 fields (person's e-mail, manager's e-mail), found 3",
    ]);
    expect(problemsOf('a@au.dk,b@au.dk\nb@au.dk,c@au.dk\nc@au.dk,a@au.dk\n')).toEqual([
      'line 1: the managers go round in a loop: a@au.dk → b@au.dk → c@au.dk → a@au.dk',
    ]);
  });

  it('lists the problems of a JSON file with their lines, and its syntax errors', () => {
    const text = '{\n  "anna.berg@au.dk": "lise.damgaard@cas.au.dk",\n  "bo.nielsen": "per.kragh@au.dk"\n}';
    expect(problemsOf(text, 'm.json')).toEqual([`line 3: the person's "bo.nielsen" is not an e-mail address`]);
    expect(problemsOf('[\n  { "email": "anna.berg@au.dk" }\n]', 'm.json')).toEqual([
      "line 2: the manager's e-mail is missing",
    ]);
    const broken = problemsOf('{\n  "anna.berg@au.dk": "lise.damgaard@cas.au.dk"\n  "bo": \n', 'm.json');
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.every((p) => /^line \d+: /.test(p))).toBe(true);
  });

  it('refuses a file without any row', () => {
    expect(problemsOf('email,manager\n\n# nobody yet\n')).toEqual([
      '(file): no managers in it; give one "person e-mail, manager e-mail" row a line',
    ]);
  });
});

describe('ManagersFile', () => {
  it('says which file is missing, in the form start-up shows', async () => {
    const missing = path.join(await dirs.make(), 'nope.csv');
    expect(() => ManagersFile.load(missing)).toThrow(
      `Managers file ${missing} (MANAGERS_FILE) is invalid:\n  - (file): not found`,
    );
  });

  it('reads the file again when it changes, and keeps the last good managers while it is broken, logging that once', async () => {
    const file = await fileWith('managers.csv', 'anna.berg@au.dk,lise.damgaard@cas.au.dk\n');
    const { logger, lines } = collectingLogger('info');
    const managers = ManagersFile.load(file, logger);
    expect(await managers.managerEmailOf(' Anna.Berg@AU.dk ')).toBe('lise.damgaard@cas.au.dk');
    expect(await managers.managerEmailOf('bo.nielsen@au.dk')).toBeUndefined();

    const later = (s: number) => new Date(Date.now() + s * 1000);
    await writeFile(file, 'anna.berg@au.dk,per.kragh@au.dk\nbo.nielsen@au.dk,per.kragh@au.dk\n');
    await utimes(file, later(10), later(10));
    expect(await managers.managerEmailOf('anna.berg@au.dk')).toBe('per.kragh@au.dk');
    expect(await managers.managerEmailOf('bo.nielsen@au.dk')).toBe('per.kragh@au.dk');
    expect(managers.size).toBe(2);

    await writeFile(file, 'anna.berg@au.dk,Per\n');
    await utimes(file, later(20), later(20));
    expect(await managers.managerEmailOf('anna.berg@au.dk')).toBe('per.kragh@au.dk');
    expect(await managers.managerEmailOf('bo.nielsen@au.dk')).toBe('per.kragh@au.dk');
    const broken = lines.filter((l) => l['level'] === 50);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ problems: [`line 1: the manager's "Per" is not an e-mail address`] });

    await rm(file);
    expect(await managers.managerEmailOf('anna.berg@au.dk')).toBe('per.kragh@au.dk');
    expect(await managers.managerEmailOf('anna.berg@au.dk')).toBe('per.kragh@au.dk');
    expect(lines.filter((l) => l['level'] === 50)).toHaveLength(2);
  });
});

describe('loadConfig: MANAGERS_FILE', () => {
  it('is unset by default and resolved to an absolute path when set', () => {
    expect(loadConfig({}).managersFile).toBeUndefined();
    expect(loadConfig({ MANAGERS_FILE: ' ' }).managersFile).toBeUndefined();
    expect(loadConfig({ MANAGERS_FILE: 'config/managers.csv' }).managersFile).toBe(path.resolve('config/managers.csv'));
  });
});
