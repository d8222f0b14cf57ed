import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type Catalogue, FACULTIES } from '../../src/config/catalogue-schema.js';
import { createCatalogueIndex, loadCatalogue, parseCatalogue } from '../../src/config/load-catalogue.js';
import { type AppError, isAppError } from '../../src/models/errors.js';

const shippedPath = fileURLToPath(new URL('../../config/catalogue.yaml', import.meta.url));
const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/catalogues/${name}.yaml`, import.meta.url));

/** Runs `action`, expecting a CATALOGUE.INVALID error; returns it. */
function catalogueError(action: () => unknown): AppError {
  try {
    action();
  } catch (err) {
    if (isAppError(err, 'CATALOGUE.INVALID')) return err;
    throw err;
  }
  throw new Error('expected CATALOGUE.INVALID, but the catalogue loaded');
}

let shippedCatalogue: Catalogue | undefined;
/** The shipped catalogue, loaded once (YAML parsing of the full file is the slow part of these tests). */
const shipped = (): Catalogue => {
  shippedCatalogue ??= loadCatalogue(shippedPath);
  return shippedCatalogue;
};

const problemsOf = (err: AppError): string[] => err.details['problems'] as string[];

/** Expects exactly one problem at `path` and returns it. */
function problemAt(problems: string[], path: string): string {
  const found = problems.filter((p) => p.startsWith(`${path}: `));
  expect(found, `problems at ${path} in:\n${problems.join('\n')}`).toHaveLength(1);
  return found[0]!;
}

/** The minimal fixture, changed by `change`, as YAML text. */
function minimalWith(change: (doc: Record<string, unknown>) => void): string {
  const doc = parse(readFileSync(fixture('minimal'), 'utf8')) as Record<string, unknown>;
  change(doc);
  return stringify(doc);
}

const MATRIX_GROUPS = [
  'arts-support',
  'bss-support',
  'he-support',
  'st-support',
  'arts-emdrup',
  'arts-indkoeb',
  'arts-aarhus',
  'bss-bartholins-alle',
  'bss-fuglesangs-alle',
  'bss-herning',
  'bss-indkoeb',
  'he-bartholin',
  'he-indkoeb',
  'he-skejby',
  'he-tandlaegeskolen',
  'st-foulum',
  'st-indkoeb',
  'st-roskilde',
  'st-aarhus',
  'ops-general-apps',
  'ops-admin-apps',
  'ops-network',
  'ops-cloud',
  'ops-staff',
];

describe('loadCatalogue', () => {
  it('loads the shipped catalogue with every group of the escalation matrix', () => {
    const catalogue = shipped();
    const ids = catalogue.groups.map((g) => g.id);
    expect(ids).toEqual(expect.arrayContaining(MATRIX_GROUPS));
    for (const faculty of FACULTIES) {
      const helpdesk = catalogue.groups.find((g) => g.id === `${faculty}-support`);
      expect(helpdesk).toMatchObject({ level: 1, faculty });
      const indkoeb = catalogue.groups.find((g) => g.id === `${faculty}-indkoeb`);
      expect(indkoeb).toMatchObject({ level: 2, faculty });
    }
    for (const group of catalogue.groups.filter((g) => g.id.startsWith('ops-'))) expect(group.level).toBe(3);
    for (const group of catalogue.groups) {
      expect(group.members.length, group.id).toBeGreaterThanOrEqual(2);
      expect(group.members.length, group.id).toBeLessThanOrEqual(4);
      expect(group.areas.length, group.id).toBeGreaterThan(0);
      expect(group.channels.teams?.channelId, group.id).toMatch(/^19:.+@thread\.tacv2$/);
      expect(group.channels.slack?.channelId, group.id).toMatch(/^C0[A-Z0-9]+$/);
    }
  });

  it('loads the shipped catalogue with enough categories, templates, quick cases and articles', () => {
    const catalogue = shipped();
    expect(catalogue.categories.length).toBeGreaterThanOrEqual(14);
    expect(catalogue.categories.map((c) => c.id)).toEqual(
      expect.arrayContaining(['printing', 'wifi-eduroam', 'vpn', 'purchase-equipment', 'new-user-access', 'lms']),
    );
    for (const category of catalogue.categories) {
      expect(category.questions.length, category.id).toBeGreaterThanOrEqual(1);
      expect(category.questions.length, category.id).toBeLessThanOrEqual(3);
      expect(category.keywords.da.length, category.id).toBeGreaterThan(0);
      expect(category.keywords.en.length, category.id).toBeGreaterThan(0);
    }
    const kinds = new Set(catalogue.categories.flatMap((c) => c.questions.map((q) => q.kind)));
    expect([...kinds].sort()).toEqual(['choice', 'date', 'text', 'yes_no']);
    expect(catalogue.caseTemplates.length).toBeGreaterThanOrEqual(4);
    expect(catalogue.quickCases.length).toBeGreaterThanOrEqual(4);
    expect(catalogue.articles.length).toBeGreaterThanOrEqual(8);
    expect(catalogue.articles.filter((a) => a.locale === 'da').length).toBeGreaterThanOrEqual(4);
    expect(catalogue.articles.filter((a) => a.locale === 'en').length).toBeGreaterThanOrEqual(4);
    for (const article of catalogue.articles) expect(article.body, article.id).toMatch(/^1\. /m);
    expect(catalogue.admins.length).toBeGreaterThanOrEqual(1);
    expect(catalogue.calendar).toMatchObject({ workdays: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' });
  });

  it('asks what, where, faculty, who and when as standard questions in the shipped catalogue', () => {
    const catalogue = shipped();
    expect(catalogue.standardQuestions.map((q) => q.id)).toEqual(['what', 'where', 'faculty', 'who', 'when']);
    const faculty = catalogue.standardQuestions.find((q) => q.id === 'faculty');
    expect(faculty?.kind).toBe('choice');
    expect(faculty?.options?.map((o) => o.value)).toEqual([...FACULTIES, 'unknown']);
  });

  it('routes every shipped category to the helpdesk of each faculty', () => {
    const index = createCatalogueIndex(shipped());
    for (const category of index.catalogue.categories) {
      for (const faculty of FACULTIES) {
        const first = category.routing.firstLevel[faculty];
        expect(first, `${category.id}/${faculty}`).toBe(`${faculty}-support`);
      }
      expect(index.group(category.routing.escalateTo)?.level, category.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('lists every schema problem with its path and line when the file breaks several rules', () => {
    const path = fixture('broken-schema');
    const err = catalogueError(() => loadCatalogue(path));
    const problems = problemsOf(err);
    expect(problemAt(problems, 'admins[0]')).toMatch(/email/i);
    expect(problemAt(problems, 'groups[0].level')).toContain('got 4');
    expect(problemAt(problems, 'groups[0].name.en')).toContain('missing');
    expect(problemAt(problems, 'groups[0].colour')).toContain('unknown field');
    expect(problemAt(problems, 'categories[0].questions[1].kind')).toMatch(/"dropdown" \(line 33, column 9\)$/);
    expect(problemAt(problems, 'priorities.matrix.low.low')).toContain('missing');
    // The 1st-level and escalation checks stay quiet about the invalid level 4: one problem per fault.
    expect(problems.filter((p) => p.startsWith('categories[0].routing'))).toEqual([]);
    expect(problems).toHaveLength(6);
    expect(err.message.split('\n')[0]).toBe(`Catalogue ${path} is invalid:`);
    expect(err.message.split('\n').slice(1)).toEqual(problems.map((p) => `  - ${p}`));
  });

  it('lists every cross-reference problem when ids are duplicated or point nowhere', () => {
    const problems = problemsOf(catalogueError(() => loadCatalogue(fixture('broken-references'))));
    expect(problemAt(problems, 'groups[3].id')).toContain('duplicate id "ops" (first used at groups[2])');
    expect(problemAt(problems, 'categories[1].id')).toContain('duplicate id "printing"');
    expect(problemAt(problems, 'caseTemplates[1].id')).toContain('duplicate id "exam"');
    expect(problemAt(problems, 'categories[0].questions[2].id')).toContain('duplicate id "printer_name"');
    expect(problemAt(problems, 'categories[0].questions[0].id')).toContain('already a standard question');
    expect(problemAt(problems, 'standardQuestions[1].options[1].value')).toContain('"science" is not a faculty id');
    expect(problemAt(problems, 'categories[0].routing.firstLevel.arts')).toContain('belongs to faculty "bss"');
    expect(problemAt(problems, 'categories[0].routing.firstLevel.st')).toContain('no group with id "st-desk"');
    expect(problemAt(problems, 'categories[0].routing.escalateTo')).toContain('is level 1');
    expect(problemAt(problems, 'categories[1].routing.firstLevel.default')).toContain('is level 3');
    expect(problemAt(problems, 'categories[1].routing.escalateTo')).toContain('no group with id "network"');
    expect(problemAt(problems, 'categories[1].routing.directTo.default')).toContain('"purchasing"');
    expect(problemAt(problems, 'caseTemplates[0].categoryId')).toContain('no category with id "exam-printing"');
    expect(problemAt(problems, 'caseTemplates[0].groupId')).toContain('no group with id "ops-printing"');
    expect(problemAt(problems, 'quickCases[0].categoryId')).toContain('no category with id "wifi"');
    expect(problemAt(problems, 'articles[0].categoryId')).toContain('no category with id "vpn"');
    expect(problemAt(problems, 'priorities.levels.P1.resolutionMinutes')).toContain('shorter than the response');
    expect(problemAt(problems, 'calendar.extraClosedDays[0]')).toContain('not a calendar date');
    expect(problems).toHaveLength(18);
    const lines = problems.map((p) => Number(/\(line (\d+),/.exec(p)?.[1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('reports a YAML syntax error with its line and column', () => {
    const problems = problemsOf(catalogueError(() => loadCatalogue(fixture('syntax-error'))));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\(yaml\) line 5, column \d+: /);
  });

  it('reports one clear problem when the file is missing', () => {
    const path = fixture('does-not-exist');
    const err = catalogueError(() => loadCatalogue(path));
    expect(problemsOf(err)).toEqual(['(file): not found']);
    expect(err.message).toBe(`Catalogue ${path} is invalid:\n  - (file): not found`);
  });
});

describe('parseCatalogue', () => {
  it('names the source as <catalogue> when none is given', () => {
    const err = catalogueError(() => parseCatalogue('organisation: [1'));
    expect(err.message.startsWith('Catalogue <catalogue> is invalid:\n')).toBe(true);
  });

  it('reports an empty catalogue when the text has no content', () => {
    expect(problemsOf(catalogueError(() => parseCatalogue('# nothing\n', 'empty.yaml')))).toEqual([
      '(root): the catalogue is empty',
    ]);
  });

  it('reports a duplicate YAML key with its line', () => {
    const text = readFileSync(fixture('minimal'), 'utf8').replace('admins:', 'calendar: {}\nadmins:');
    const problems = problemsOf(catalogueError(() => parseCatalogue(text)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\(yaml\) line \d+, column \d+: .*unique/i);
  });

  it('reports a missing priority matrix cell at its path', () => {
    const text = minimalWith((doc) => {
      const matrix = (doc['priorities'] as { matrix: Record<string, Record<string, string>> }).matrix;
      delete matrix['medium']!['low'];
    });
    expect(problemAt(problemsOf(catalogueError(() => parseCatalogue(text))), 'priorities.matrix.medium.low')).toContain(
      'missing',
    );
  });

  it("reads a priority's pingSupervisor flag and refuses one that is not true or false", () => {
    expect(shipped().priorities.levels.P1.pingSupervisor).toBe(true);
    expect(shipped().priorities.levels.P2.pingSupervisor).toBeUndefined();
    const text = minimalWith((doc) => {
      const levels = (doc['priorities'] as { levels: Record<string, Record<string, unknown>> }).levels;
      levels['P1']!['pingSupervisor'] = 'yes';
    });
    expect(
      problemAt(problemsOf(catalogueError(() => parseCatalogue(text))), 'priorities.levels.P1.pingSupervisor'),
    ).toContain('boolean');
  });

  it("refuses a question id that an intake step's button carries itself (verb, draft, step, values)", () => {
    const text = minimalWith((doc) => {
      const printing = (doc['categories'] as { questions?: { id: string }[] }[])[0]!;
      printing.questions![0]!.id = 'step';
      (doc['standardQuestions'] as { id: string }[])[0]!.id = 'values';
    });
    const problems = problemsOf(catalogueError(() => parseCatalogue(text)));
    expect(problemAt(problems, 'categories[0].questions[0].id')).toContain('choose another question id');
    expect(problemAt(problems, 'standardQuestions[0].id')).toContain('not verb, draft, step, values');
    // An id that merely contains one of the words is fine.
    expect(() =>
      parseCatalogue(
        minimalWith((doc) => {
          (doc['categories'] as { questions?: { id: string }[] }[])[0]!.questions![0]!.id = 'step_taken';
        }),
      ),
    ).not.toThrow();
  });

  describe('choice options', () => {
    const shippedText = readFileSync(shippedPath, 'utf8');
    const MAC = '- { value: mac, label: { da: "Mac", en: "Mac" } }';
    /** The shipped catalogue with the first question's "Mac" option (after "Windows-PC") replaced by `option`. */
    const withMac = (option: string): string => {
      const text = shippedText.replace(MAC, option);
      expect(text).not.toBe(shippedText);
      return text;
    };

    it('reports an option whose value another option of the question has', () => {
      const problems = problemsOf(
        catalogueError(() => parseCatalogue(withMac('- { value: windows, label: { da: "Mac", en: "Mac" } }'))),
      );
      expect(problems).toEqual([
        expect.stringMatching(
          /^categories\[\d+\]\.questions\[\d+\]\.options\[1\]\.value: duplicate option value "windows" \(first used at categories\[\d+\]\.questions\[\d+\]\.options\[0\]\) \(line \d+, column \d+\)$/,
        ),
      ]);
    });

    it('reports an option whose label in one language another option has, in any case', () => {
      const problems = problemsOf(
        catalogueError(() => parseCatalogue(withMac('- { value: mac, label: { da: "windows-pc ", en: "Mac" } }'))),
      );
      expect(problems).toEqual([
        expect.stringMatching(
          /^categories\[\d+\]\.questions\[\d+\]\.options\[1\]\.label\.da: duplicate option label "windows-pc " \(first used at categories\[\d+\]\.questions\[\d+\]\.options\[0\]\)/,
        ),
      ]);
    });

    it('lists a duplicate value and both duplicate labels of one option together with the other problems', () => {
      const text = withMac('- { value: windows, label: { da: "Windows-PC", en: "Windows PC" } }').replace(
        'approvalThresholdDkk: 10000',
        'approvalThresholdDkk: -1',
      );
      const problems = problemsOf(catalogueError(() => parseCatalogue(text)));
      expect(problems.filter((p) => p.includes('duplicate option'))).toHaveLength(3);
      expect(problems.some((p) => p.startsWith('orders.approvalThresholdDkk: '))).toBe(true);
    });

    it('reports duplicate options of a standard question too', () => {
      const text = minimalWith((doc) => {
        const questions = doc['standardQuestions'] as { id: string; options?: { value: string }[] }[];
        const faculty = questions.find((q) => q.id === 'faculty');
        faculty?.options?.push({ ...faculty.options[0]! });
      });
      const problems = problemsOf(catalogueError(() => parseCatalogue(text)));
      // Sorted: problems come in the order of their lines, which the YAML writer decides here.
      expect([...problems.filter((p) => p.includes('duplicate option'))].sort()).toEqual([
        expect.stringMatching(/^standardQuestions\[\d+\]\.options\[\d+\]\.label\.da: duplicate option label/),
        expect.stringMatching(/^standardQuestions\[\d+\]\.options\[\d+\]\.label\.en: duplicate option label/),
        expect.stringMatching(/^standardQuestions\[\d+\]\.options\[\d+\]\.value: duplicate option value/),
      ]);
    });

    it('accepts the same label in both languages of one option, and in another question', () => {
      expect(() => parseCatalogue(shippedText)).not.toThrow();
    });
  });

  it('requires the faculty standard question when standard questions exist', () => {
    const text = minimalWith((doc) => {
      doc['standardQuestions'] = (doc['standardQuestions'] as { id: string }[]).filter((q) => q.id !== 'faculty');
    });
    expect(problemAt(problemsOf(catalogueError(() => parseCatalogue(text))), 'standardQuestions')).toContain(
      'no question with id "faculty"',
    );
  });

  it('reads members written "Name <e-mail>" as their e-mail with the name kept, and refuses a bad address', () => {
    const groupsOf = (doc: Record<string, unknown>) => doc['groups'] as { members: string[] }[];
    const named = parseCatalogue(
      minimalWith((doc) => {
        groupsOf(doc)[0]!.members = ['Mia Medlem <Mia.Medlem@Example.dk>', 'ole@example.dk'];
      }),
    );
    expect(named.groups[0]?.members).toEqual(['Mia.Medlem@Example.dk', 'ole@example.dk']);
    expect(named.groups[0]?.memberNames).toEqual({ 'mia.medlem@example.dk': 'Mia Medlem' });

    const text = minimalWith((doc) => {
      groupsOf(doc)[0]!.members = ['Mia Medlem <not an address>', 'ole@example.dk'];
    });
    expect(problemAt(problemsOf(catalogueError(() => parseCatalogue(text))), 'groups[0].members[0]')).toContain(
      'use an e-mail address or "Name <e-mail>"',
    );
  });

  it("checks a template's pre-selected items: catalogue items, each once, only in the orders' category", () => {
    type Template = { id: string; categoryId: string; items?: { id: string; quantity?: number }[] };
    const shipped = parse(readFileSync(shippedPath, 'utf8')) as Record<string, unknown>;
    const templates = shipped['caseTemplates'] as Template[];
    const laptop = templates.find((t) => t.id === 'new-employee-laptop');
    expect(laptop?.items).toEqual([{ id: 'laptop-thinkpad-t14-g5', quantity: 1 }]);
    laptop!.items = [{ id: 'laptop-thinkpad-t14-g5' }, { id: 'laptop-thinkpad-t14-g5', quantity: 2 }, { id: 'x1' }];
    const mfa = templates.findIndex((t) => t.id === 'mfa-reset-staff');
    templates[mfa]!.items = [{ id: 'dock-thinkpad-usb-c' }];
    const problems = problemsOf(catalogueError(() => parseCatalogue(stringify(shipped))));
    const at = templates.indexOf(laptop!);
    expect(problemAt(problems, `caseTemplates[${at}].items[1].id`)).toContain('duplicate id "laptop-thinkpad-t14-g5"');
    expect(problemAt(problems, `caseTemplates[${at}].items[2].id`)).toContain('no item with id "x1"');
    expect(problemAt(problems, `caseTemplates[${mfa}].items`)).toContain(
      `only a template in the orders' category ("purchase-equipment") opens the order form`,
    );
    expect(problems).toHaveLength(3);
    // The quantity defaults to one.
    const valid = parseCatalogue(readFileSync(shippedPath, 'utf8').replace('quantity: 1 }', '}'));
    expect(valid.caseTemplates.find((t) => t.id === 'new-employee-laptop')?.items).toEqual([
      { id: 'laptop-thinkpad-t14-g5', quantity: 1 },
    ]);
  });

  it('keeps delivered messages 30 days by default and refuses a retention under a week', () => {
    expect(parseCatalogue(readFileSync(fixture('minimal'), 'utf8')).retention.deliveredMessageDays).toBe(30);
    const text = minimalWith((doc) => {
      doc['retention'] = { deliveredMessageDays: 3 };
    });
    expect(problemAt(problemsOf(catalogueError(() => parseCatalogue(text))), 'retention.deliveredMessageDays')).toMatch(
      />=\s*7|at least 7|too small/i,
    );
  });

  it('returns the catalogue with defaults filled in when it is valid', () => {
    const catalogue = parseCatalogue(readFileSync(fixture('minimal'), 'utf8'));
    expect(catalogue.groups.find((g) => g.id === 'ops')?.channels).toEqual({});
    expect(catalogue.categories[0]?.impact).toBe('medium');
    expect(catalogue.calendar.danishHolidays).toBe(true);
    expect(catalogue.articles).toEqual([]);
  });
});

describe('createCatalogueIndex', () => {
  const index = createCatalogueIndex(loadCatalogue(fixture('minimal')));

  it('routes a new case to the faculty helpdesk when the faculty is known', () => {
    expect(index.routeNewCase('printing', 'arts')).toBe('arts-desk');
  });

  it('routes a new case to the default helpdesk when the faculty is unknown, absent or not mapped', () => {
    expect(index.routeNewCase('printing', 'unknown')).toBe('helpdesk');
    expect(index.routeNewCase('printing')).toBe('helpdesk');
    expect(index.routeNewCase('printing', null)).toBe('helpdesk');
    expect(index.routeNewCase('printing', 'bss')).toBe('helpdesk');
    expect(index.routeNewCase('printing', 'toString')).toBe('helpdesk');
  });

  it('routes a new case to directTo when the category has it', () => {
    expect(index.routeNewCase('purchase', 'arts')).toBe('arts-buy');
    expect(index.routeNewCase('purchase', 'he')).toBe('helpdesk');
  });

  it('escalates to the faculty back desk when the category has one for that faculty', () => {
    expect(index.escalationTargetFor('printing', 'arts')).toBe('arts-back');
    expect(index.escalationTargetFor('printing', 'st')).toBe('ops');
    expect(index.escalationTargetFor('printing')).toBe('ops');
    expect(index.escalationTargetFor('purchase', 'arts')).toBe('ops');
  });

  it('throws CATEGORY.NOT_FOUND when the category does not exist', () => {
    expect(() => index.routeNewCase('nope')).toThrow(expect.objectContaining({ code: 'CATEGORY.NOT_FOUND' }));
    expect(() => index.questionsFor('nope')).toThrow(expect.objectContaining({ code: 'CATEGORY.NOT_FOUND' }));
    expect(() => index.escalationTargetFor('nope')).toThrow(expect.objectContaining({ code: 'CATEGORY.NOT_FOUND' }));
  });

  it('maps impact and urgency through the priority matrix', () => {
    expect(index.priorityFor('high', 'high')).toBe('P1');
    expect(index.priorityFor('high', 'medium')).toBe('P2');
    expect(index.priorityFor('medium', 'high')).toBe('P2');
    expect(index.priorityFor('medium', 'low')).toBe('P3');
    expect(index.priorityFor('low', 'medium')).toBe('P4');
    expect(index.priorityLevel('P1')).toMatchObject({
      responseMinutes: 30,
      resolutionMinutes: 240,
      aroundTheClock: true,
    });
    expect(index.priorityLevel('P4').aroundTheClock).toBe(false);
  });

  it('lists the standard questions before the category questions', () => {
    expect(index.questionsFor('printing').map((q) => q.id)).toEqual([
      'what',
      'faculty',
      'printer_name',
      'others_affected',
    ]);
    expect(index.questionsFor('purchase').map((q) => q.id)).toEqual(['what', 'faculty']);
  });

  it('finds the groups of a member or supervisor whatever the e-mail case', () => {
    expect(index.groupsForEmail('MIA.medlem@EXAMPLE.dk').map((g) => g.id)).toEqual(['helpdesk', 'arts-desk']);
    expect(index.groupsForEmail(' Hanne@Example.dk ').map((g) => g.id)).toEqual(['helpdesk', 'ops']);
    expect(index.groupsForEmail('stranger@example.dk')).toEqual([]);
  });

  it('knows admins whatever the e-mail case', () => {
    expect(index.isAdmin('admin.person@example.dk')).toBe(true);
    expect(index.isAdmin('ADMIN.PERSON@EXAMPLE.DK')).toBe(true);
    expect(index.isAdmin('hanne@example.dk')).toBe(false);
  });

  it('looks groups up by id and by channel', () => {
    expect(index.firstLevelGroups().map((g) => g.id)).toEqual(['helpdesk', 'arts-desk']);
    expect(index.group('ops')?.level).toBe(3);
    expect(index.group('nope')).toBeUndefined();
    expect(() => index.requireGroup('nope')).toThrow(expect.objectContaining({ code: 'GROUP.NOT_FOUND' }));
    expect(index.category('purchase')?.type).toBe('service_request');
    expect(index.groupForChannel('slack', 'C0HELP')?.id).toBe('helpdesk');
    expect(index.groupForChannel('teams', '19:arts-desk@thread.tacv2')?.id).toBe('arts-desk');
    expect(index.groupForChannel('teams', 'C0HELP')).toBeUndefined();
  });

  it('routes the shipped catalogue per the escalation matrix', () => {
    const shippedIndex = createCatalogueIndex(shipped());
    expect(shippedIndex.routeNewCase('wifi-eduroam', 'he')).toBe('he-support');
    expect(shippedIndex.routeNewCase('wifi-eduroam', 'unknown')).toBe('it-support');
    expect(shippedIndex.escalationTargetFor('wifi-eduroam')).toBe('ops-network');
    expect(shippedIndex.escalationTargetFor('vpn')).toBe('ops-network');
    expect(shippedIndex.escalationTargetFor('mail-calendar')).toBe('ops-general-apps');
    expect(shippedIndex.escalationTargetFor('finance-system')).toBe('ops-admin-apps');
    expect(shippedIndex.escalationTargetFor('lms')).toBe('ops-admin-apps');
    expect(shippedIndex.escalationTargetFor('telephony')).toBe('ops-cloud');
    expect(shippedIndex.escalationTargetFor('pc-mac-hardware', 'bss')).toBe('bss-fuglesangs-alle');
    for (const faculty of FACULTIES) {
      expect(shippedIndex.routeNewCase('purchase-equipment', faculty)).toBe(`${faculty}-indkoeb`);
    }
    expect(shippedIndex.priorityFor('high', 'high')).toBe('P1');
    expect(shippedIndex.priorityLevel('P2')).toMatchObject({ responseMinutes: 60, resolutionMinutes: 480 });
  });
});
