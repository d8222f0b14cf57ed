import { type Json, walk } from './card-walk.js';

/** An input's value as Teams holds it: what the person typed, else what the card gave it. */
const held = (input: Json, typed: Record<string, string>): string => {
  const id = input['id'] as string;
  return typed[id] ?? (input['value'] === undefined ? '' : String(input['value']));
};

/**
 * What Teams does with a click on the card's `Action.Execute` titled `title` while `typed` is in its inputs (Adaptive
 * Cards' input validation): a button with `associatedInputs: none` sends its data alone; any other first checks every
 * input of the card — a required one left empty, a number outside its `min`/`max` — and sends nothing while one
 * fails (`held`: their ids), else its data with the inputs' values (`sent`).
 */
export function teamsClick(
  card: Json,
  title: string,
  typed: Record<string, string> = {},
): { sent?: Json; held?: string[] } {
  const button = walk(card).find((n) => n['type'] === 'Action.Execute' && n['title'] === title);
  if (!button) throw new Error(`no button "${title}" on the card`);
  const data = button['data'] as Json;
  if (button['associatedInputs'] === 'none') return { sent: data };
  const inputs = walk(card).filter((n) => typeof n['type'] === 'string' && n['type'].startsWith('Input.'));
  const failing = inputs.filter((i) => {
    const v = held(i, typed);
    if (v === '') return i['isRequired'] === true;
    if (i['type'] !== 'Input.Number') return false;
    const n = Number(v);
    return (typeof i['min'] === 'number' && n < i['min']) || (typeof i['max'] === 'number' && n > i['max']);
  });
  if (failing.length > 0) return { held: failing.map((i) => i['id'] as string) };
  return { sent: { ...data, ...Object.fromEntries(inputs.map((i) => [i['id'], held(i, typed)])) } };
}
