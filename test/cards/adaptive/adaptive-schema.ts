import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

/** The repository's Adaptive Cards 1.5 schema subset, compiled once per test file. */
export function adaptiveCardValidator(): (card: unknown) => string[] {
  const url = new URL('../../fixtures/schemas/adaptive-card-1.5.json', import.meta.url);
  const schema = JSON.parse(readFileSync(url, 'utf8')) as object;
  const validate = new Ajv({ strict: true, strictRequired: false }).compile(schema);
  return (card) => (validate(card) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}
