import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseCatalogue } from '../../src/config/load-catalogue.js';
import { type AppError, isAppError } from '../../src/models/errors.js';

const minimal = fileURLToPath(new URL('../fixtures/catalogues/minimal.yaml', import.meta.url));

interface Question {
  id: string;
  kind: string;
  label: { da: string; en: string };
  options?: { value: string; label: { da: string; en: string } }[];
}

const option = (value: string) => ({ value, label: { da: value, en: value } });

/** The minimal catalogue with the printing category's two questions (text, yes/no) replaced by `questions`. */
function minimalWith(...questions: Question[]): string {
  const doc = parse(readFileSync(minimal, 'utf8')) as { categories: { questions?: Question[] }[] };
  doc.categories[0]!.questions = questions;
  return stringify(doc);
}

const question = (id: string, kind: string, ...options: string[]): Question => ({
  id,
  kind,
  label: { da: 'Spørgsmål', en: 'Question' },
  ...(options.length > 0 ? { options: options.map(option) } : {}),
});

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

describe('catalogue: a question called "mode", the key of the intake’s staff start buttons', () => {
  it('refuses at start-up a choice question "mode" offering "quick", "template" or "on_behalf", naming the option, why and the line', () => {
    for (const word of ['quick', 'template', 'on_behalf']) {
      const problems = problemsOf(() => parseCatalogue(minimalWith(question('mode', 'choice', 'paper', word))));
      expect(problems, word).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^categories\[0\]\.questions\[0\]\.options\[1\]\.value: a choice question called "mode" may not offer "on_behalf", "quick", "template": .*restarted report into that staff path.*choose another question id or option value.* \(line \d+, column \d+\)$/,
      );
    }
  });

  it('refuses a text question "mode" (the words could be written in it), named by its id', () => {
    const problems = problemsOf(() => parseCatalogue(minimalWith(question('mode', 'text'))));
    expect(problems).toEqual([
      expect.stringMatching(
        /^categories\[0\]\.questions\[0\]\.id: a text question may not be called "mode": .*quick cases, templates or a case for someone else.*choose another question id.* \(line \d+, column \d+\)$/,
      ),
    ]);
  });

  it('takes the ids and answers that start nothing: "mode" as yes/no, date or with other options; "note", "pick"; "quick" as another question’s option', () => {
    for (const questions of [
      [question('mode', 'yes_no'), question('when', 'date')],
      [question('mode', 'choice', 'colour', 'black_white')],
      [question('note', 'text'), question('pick', 'choice', 'quick', 'template')],
      [question('print_mode', 'choice', 'quick', 'on_behalf'), question('mode_of_work', 'text')],
    ]) {
      expect(() => parseCatalogue(minimalWith(...questions)), questions.map((q) => q.id).join(', ')).not.toThrow();
    }
  });
});
