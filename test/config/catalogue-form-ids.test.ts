import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadCatalogue, parseCatalogue } from '../../src/config/load-catalogue.js';
import { type AppError, isAppError } from '../../src/models/errors.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/catalogues/${name}.yaml`, import.meta.url));

/** The problems listed by the CATALOGUE.INVALID error `action` throws. */
function problemsOf(action: () => unknown): string[] {
  let err: AppError | undefined;
  try {
    action();
  } catch (e) {
    if (!isAppError(e, 'CATALOGUE.INVALID')) throw e;
    err = e;
  }
  expect(err, 'the catalogue was refused').toBeDefined();
  return err!.details['problems'] as string[];
}

/** The minimal catalogue with the printing category's two questions (text, yes/no) given the ids `text`, `yesNo`. */
function minimalWithIds(text: string, yesNo: string): string {
  const doc = parse(readFileSync(fixture('minimal'), 'utf8')) as { categories: { questions?: { id: string }[] }[] };
  const [first, second] = doc.categories[0]!.questions!;
  first!.id = text;
  second!.id = yesNo;
  return stringify(doc);
}

describe('catalogue: question ids that are one of the Slack report form’s own fields', () => {
  it('refuses at start-up the buttons’ block id and a yes/no question called "closed", each named with why and where', () => {
    const problems = problemsOf(() => loadCatalogue(fixture('form-id-collisions')));
    const at = (path: string) => problems.filter((p) => p.startsWith(`${path}: `));
    expect(at('categories[0].questions[0].id')).toHaveLength(1);
    expect(at('categories[0].questions[0].id')[0]).toMatch(
      /block id of the buttons in the bot's Slack report form.*choose another question id.*\(line 56, column \d+\)$/,
    );
    expect(at('categories[0].questions[1].id')).toHaveLength(1);
    expect(at('categories[0].questions[1].id')[0]).toMatch(
      /a yes\/no question may not be called "closed".*Cancel would keep the report.*\(line 60, column \d+\)$/,
    );
    expect(problems).toHaveLength(2);
  });

  it('takes the ids that break no form: "closed" on a text question, the other fixed names of the Slack forms', () => {
    for (const [text, yesNo] of [
      ['closed', 'intake_skip'],
      ['attachments', 'intake_cancel'],
      ['intake_actions_note', 'closed_before'],
    ] as const) {
      expect(() => parseCatalogue(minimalWithIds(text, yesNo)), `${text}, ${yesNo}`).not.toThrow();
    }
  });
});
