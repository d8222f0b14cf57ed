import { FACULTIES, LEVEL_VALUES } from './catalogue-schema.js';
import { type CatalogueProblem, type ProblemPath, formatProblemPath } from './catalogue-problem.js';

type Raw = Record<string, unknown>;

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asObject = (value: unknown): Raw | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The answer value a faculty question may offer besides the faculty ids: routing then uses `default`. */
export const UNKNOWN_FACULTY = 'unknown';

const FACULTY_KEYS: readonly string[] = FACULTIES;

/**
 * The checks the schema cannot express: unique ids, distinct choice options, references between sections (routing,
 * templates, quick cases, articles) and the faculty question routing depends on. Works on the raw parsed YAML, not the validated
 * value, so it runs even when the schema found problems: a broken file gets every problem in one go. Values of
 * the wrong shape are skipped here (the schema already reports them).
 */
export function checkCatalogueReferences(raw: unknown): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const report = (path: ProblemPath, message: string): void => {
    problems.push({ path, message });
  };
  const root = asObject(raw);
  if (!root) return problems;

  const groups = new Map<string, Raw>();
  checkUniqueIds(root['groups'], 'groups', report, (groupId, group) => groups.set(groupId, group));
  const categories = new Set<string>();
  checkUniqueIds(root['categories'], 'categories', report, (categoryId) => categories.add(categoryId));
  checkUniqueIds(root['caseTemplates'], 'caseTemplates', report);
  checkUniqueIds(root['quickCases'], 'quickCases', report);
  checkUniqueIds(root['articles'], 'articles', report);
  const itemIds = new Set<string>();
  checkUniqueIds(root['items'], 'items', report, (itemId) => itemIds.add(itemId));

  const standardIds = new Set<string>();
  checkUniqueIds(root['standardQuestions'], 'standardQuestions', report, (questionId) => standardIds.add(questionId));
  checkFacultyQuestion(root['standardQuestions'], report);
  checkChoiceOptions(root['standardQuestions'], ['standardQuestions'], report);

  const groupRef = (
    path: ProblemPath,
    value: unknown,
    allowedLevels: readonly number[],
    what: string,
  ): Raw | undefined => {
    const groupId = asString(value);
    if (groupId === undefined) return undefined;
    const group = groups.get(groupId);
    if (!group) {
      report(path, `no group with id "${groupId}"`);
      return undefined;
    }
    const level = group['level'];
    // Levels outside 1-3 are the schema's to report.
    if ((level === 1 || level === 2 || level === 3) && !allowedLevels.includes(level)) {
      report(path, `group "${groupId}" is level ${level}, expected ${what}`);
    }
    return group;
  };

  asArray(root['categories']).forEach((item, index) => {
    const category = asObject(item);
    if (!category) return;
    const base = ['categories', index] as const;
    asArray(category['questions']).forEach((question, questionIndex) => {
      const questionId = asString(asObject(question)?.['id']);
      if (questionId !== undefined && standardIds.has(questionId)) {
        report(
          [...base, 'questions', questionIndex, 'id'],
          `"${questionId}" is already a standard question; answers share one namespace`,
        );
      }
    });
    checkUniqueIds(category['questions'], [...base, 'questions'], report);
    checkChoiceOptions(category['questions'], [...base, 'questions'], report);

    const routing = asObject(category['routing']);
    if (!routing) return;
    const firstLevel = asObject(routing['firstLevel']);
    for (const [key, value] of Object.entries(firstLevel ?? {})) {
      const path = [...base, 'routing', 'firstLevel', key];
      const group = groupRef(path, value, [1], 'a 1st-level helpdesk');
      const groupFaculty = asString(group?.['faculty']);
      if (FACULTY_KEYS.includes(key) && groupFaculty !== undefined && groupFaculty !== key) {
        report(path, `group "${String(value)}" belongs to faculty "${groupFaculty}", not "${key}"`);
      }
    }
    groupRef([...base, 'routing', 'escalateTo'], routing['escalateTo'], [2, 3], 'a 2nd- or 3rd-level group');
    for (const [key, value] of Object.entries(asObject(routing['escalateByFaculty']) ?? {})) {
      groupRef([...base, 'routing', 'escalateByFaculty', key], value, [2, 3], 'a 2nd- or 3rd-level group');
    }
    for (const [key, value] of Object.entries(asObject(routing['directTo']) ?? {})) {
      groupRef([...base, 'routing', 'directTo', key], value, [1, 2, 3], 'a group');
    }
  });

  const categoryRef = (path: ProblemPath, value: unknown): void => {
    const categoryId = asString(value);
    if (categoryId !== undefined && !categories.has(categoryId)) report(path, `no category with id "${categoryId}"`);
  };
  const ordersCategory = asString(asObject(root['orders'])?.['categoryId']) ?? 'purchase-equipment';
  asArray(root['caseTemplates']).forEach((item, index) => {
    const template = asObject(item);
    categoryRef(['caseTemplates', index, 'categoryId'], template?.['categoryId']);
    groupRef(['caseTemplates', index, 'groupId'], template?.['groupId'], [1, 2, 3], 'a group');
    checkTemplateItems(template, ['caseTemplates', index], ordersCategory, itemIds, report);
  });
  asArray(root['quickCases']).forEach((item, index) => {
    categoryRef(['quickCases', index, 'categoryId'], asObject(item)?.['categoryId']);
  });
  asArray(root['articles']).forEach((item, index) => {
    categoryRef(['articles', index, 'categoryId'], asObject(item)?.['categoryId']);
  });

  const reports = asObject(root['reports']);
  groupRef(['reports', 'channelGroupId'], reports?.['channelGroupId'], [1, 2, 3], 'a group');
  groupRef(['reports', 'groupId'], reports?.['groupId'], [1, 2, 3], 'a group');

  checkOrders(asObject(root['orders']), root['categories'], asArray(root['items']).length > 0, report);

  checkPriorities(asObject(root['priorities']), report);
  checkClosedDays(asObject(root['calendar']), report);
  return problems;
}

type Report = (path: ProblemPath, message: string) => void;

function checkUniqueIds(
  list: unknown,
  base: string | ProblemPath,
  report: Report,
  onFirst?: (id: string, item: Raw) => void,
): void {
  const basePath: ProblemPath = typeof base === 'string' ? [base] : base;
  const firstIndex = new Map<string, number>();
  asArray(list).forEach((item, index) => {
    const entry = asObject(item);
    const itemId = asString(entry?.['id']);
    if (!entry || itemId === undefined) return;
    const first = firstIndex.get(itemId);
    if (first === undefined) {
      firstIndex.set(itemId, index);
      onFirst?.(itemId, entry);
    } else {
      report(
        [...basePath, index, 'id'],
        `duplicate id "${itemId}" (first used at ${formatProblemPath([...basePath, first])})`,
      );
    }
  });
}

/**
 * Each option of a question is told apart from the others: by its value (what the answer stores) and, per language,
 * by its label (what a typed answer is matched against, in any case). Two alike would store or pick the wrong one.
 */
function checkChoiceOptions(questions: unknown, base: ProblemPath, report: Report): void {
  asArray(questions).forEach((question, questionIndex) => {
    const optionsPath: ProblemPath = [...base, questionIndex, 'options'];
    const values = new Map<string, number>();
    const labels = new Map<string, number>();
    asArray(asObject(question)?.['options']).forEach((item, optionIndex) => {
      const option = asObject(item);
      const value = asString(option?.['value']);
      const first = (seen: Map<string, number>, key: string): number | undefined => {
        const at = seen.get(key);
        if (at === undefined) seen.set(key, optionIndex);
        return at;
      };
      if (value !== undefined) {
        const at = first(values, value.trim().toLowerCase());
        if (at !== undefined) {
          report(
            [...optionsPath, optionIndex, 'value'],
            `duplicate option value "${value}" (first used at ${formatProblemPath([...optionsPath, at])})`,
          );
        }
      }
      for (const [locale, text] of Object.entries(asObject(option?.['label']) ?? {})) {
        const label = asString(text);
        if (label === undefined) continue;
        const at = first(labels, `${locale}\u0000${label.trim().toLowerCase()}`);
        if (at !== undefined) {
          report(
            [...optionsPath, optionIndex, 'label', locale],
            `duplicate option label "${label}" (first used at ${formatProblemPath([...optionsPath, at])})`,
          );
        }
      }
    });
  });
}

function checkFacultyQuestion(list: unknown, report: Report): void {
  const questions = asArray(list);
  const index = questions.findIndex((q) => asObject(q)?.['id'] === 'faculty');
  if (index < 0) {
    if (questions.length > 0) {
      report(['standardQuestions'], 'no question with id "faculty": routing per faculty needs it');
    }
    return;
  }
  const question = asObject(questions[index]);
  if (question?.['kind'] !== 'choice') {
    report(['standardQuestions', index, 'kind'], 'the "faculty" question must be a choice');
    return;
  }
  const allowed = [...FACULTY_KEYS, UNKNOWN_FACULTY];
  asArray(question['options']).forEach((option, optionIndex) => {
    const value = asString(asObject(option)?.['value']);
    if (value !== undefined && !allowed.includes(value)) {
      report(
        ['standardQuestions', index, 'options', optionIndex, 'value'],
        `"${value}" is not a faculty id (use ${allowed.join(', ')})`,
      );
    }
  });
}

function checkPriorities(priorities: Raw | undefined, report: Report): void {
  const matrix = asObject(priorities?.['matrix']);
  if (matrix) {
    for (const impact of LEVEL_VALUES) {
      const row = asObject(matrix[impact]);
      for (const urgency of LEVEL_VALUES) {
        if (row?.[urgency] === undefined) {
          report(['priorities', 'matrix', impact, urgency], `missing: every impact x urgency pair needs a priority`);
        }
      }
    }
  }
  for (const [name, value] of Object.entries(asObject(priorities?.['levels']) ?? {})) {
    const def = asObject(value);
    const response = def?.['responseMinutes'];
    const resolution = def?.['resolutionMinutes'];
    if (typeof response === 'number' && typeof resolution === 'number' && response > resolution) {
      report(
        ['priorities', 'levels', name, 'resolutionMinutes'],
        `${resolution} is shorter than the response target (${response})`,
      );
    }
  }
}

function checkClosedDays(calendar: Raw | undefined, report: Report): void {
  asArray(calendar?.['extraClosedDays']).forEach((day, index) => {
    if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    const parsed = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
      report(['calendar', 'extraClosedDays', index], `${day} is not a calendar date`);
    }
  });
}

/**
 * A template's `items` (pre-selected on the order form) name catalogue items, each once, and belong to a template in
 * the orders' category: only that one opens the order form, any other would leave them unused.
 */
function checkTemplateItems(
  template: Raw | undefined,
  base: ProblemPath,
  ordersCategory: string,
  itemIds: ReadonlySet<string>,
  report: Report,
): void {
  const picks = template?.['items'];
  if (picks === undefined) return;
  const categoryId = asString(template?.['categoryId']);
  if (categoryId !== undefined && categoryId !== ordersCategory) {
    report(
      [...base, 'items'],
      `only a template in the orders' category ("${ordersCategory}") opens the order form that pre-selects items`,
    );
  }
  checkUniqueIds(picks, [...base, 'items'], report);
  asArray(picks).forEach((pick, pickIndex) => {
    const itemId = asString(asObject(pick)?.['id']);
    if (itemId !== undefined && !itemIds.has(itemId)) {
      report([...base, 'items', pickIndex, 'id'], `no item with id "${itemId}"`);
    }
  });
}

/** Orders are registered in a service-request category that exists (default `purchase-equipment`). */
function checkOrders(orders: Raw | undefined, categories: unknown, hasItems: boolean, report: Report): void {
  const list = asArray(categories);
  if (list.length === 0) return;
  const explicit = asString(orders?.['categoryId']);
  const categoryId = explicit ?? 'purchase-equipment';
  const path: ProblemPath = explicit !== undefined ? ['orders', 'categoryId'] : ['items'];
  const category = list.map(asObject).find((c) => c?.['id'] === categoryId);
  if (!category) {
    // Without items nothing can be ordered: the default category need not exist then.
    if (explicit !== undefined || hasItems) report(path, `no category with id "${categoryId}" for orders`);
    return;
  }
  const type = category['type'];
  if (type === 'incident')
    report(path, `category "${categoryId}" is an incident category; orders are service requests`);
}
