import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

/** The documented Teams `Data.Query` (dynamic typeahead) of an `Input.ChoiceSet`'s `choices.data`. */
const DATA_QUERY_KEYS = new Set(['type', 'dataset', 'value', 'count', 'skip', 'associatedInputs']);

function dataQueryErrors(query: unknown, at: string): string[] {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) return [`${at} must be an object`];
  const q = query as Record<string, unknown>;
  const errors = Object.keys(q)
    .filter((k) => !DATA_QUERY_KEYS.has(k))
    .map((k) => `${at} must NOT have additional property ${k}`);
  if (q['type'] !== 'Data.Query') errors.push(`${at}/type must be Data.Query`);
  if (typeof q['dataset'] !== 'string' || q['dataset'] === '') errors.push(`${at}/dataset must be a non-empty string`);
  if (q['value'] !== undefined && typeof q['value'] !== 'string') errors.push(`${at}/value must be a string`);
  for (const k of ['count', 'skip']) {
    if (q[k] !== undefined && typeof q[k] !== 'number') errors.push(`${at}/${k} must be a number`);
  }
  if (q['associatedInputs'] !== undefined && q['associatedInputs'] !== 'auto' && q['associatedInputs'] !== 'none') {
    errors.push(`${at}/associatedInputs must be auto or none`);
  }
  return errors;
}

/**
 * A copy of the card without the `choices.data` of its `Input.ChoiceSet`s, and the problems of those `Data.Query`
 * objects. `choices.data` is Teams' documented extension for dynamic typeahead (learn.microsoft.com, "Typeahead
 * search in Adaptive Cards"); it is in no published 1.5 schema, so it is checked here against its documented shape
 * and the rest of the card against the schema subset.
 */
function withoutTeamsDataQueries(node: unknown, at: string, errors: string[]): unknown {
  if (Array.isArray(node)) return node.map((n, i) => withoutTeamsDataQueries(n, `${at}/${i}`, errors));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  const choiceSet = (node as Record<string, unknown>)['type'] === 'Input.ChoiceSet';
  for (const [k, v] of Object.entries(node)) {
    if (choiceSet && k === 'choices.data') errors.push(...dataQueryErrors(v, `${at}/choices.data`));
    else out[k] = withoutTeamsDataQueries(v, `${at}/${k}`, errors);
  }
  return out;
}

/**
 * The repository's Adaptive Cards 1.5 schema subset, compiled once per test file, plus the one Teams extension
 * the cards use: a `choices.data` `Data.Query` on an `Input.ChoiceSet` (checked against its documented shape).
 */
export function adaptiveCardValidator(): (card: unknown) => string[] {
  const url = new URL('../../fixtures/schemas/adaptive-card-1.5.json', import.meta.url);
  const schema = JSON.parse(readFileSync(url, 'utf8')) as object;
  const validate = new Ajv({ strict: true, strictRequired: false }).compile(schema);
  return (card) => {
    const errors: string[] = [];
    const rest = withoutTeamsDataQueries(card, '', errors);
    if (!validate(rest)) errors.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
    return errors;
  };
}
