/** A JSON object of a rendered card or payload. */
export type Json = Record<string, unknown>;

/** Every object in a card or payload, depth first (inputs inside ShowCards, containers, columns …). */
export function walk(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const n of node) walk(n, out);
  else if (typeof node === 'object' && node !== null) {
    out.push(node as Json);
    for (const v of Object.values(node)) walk(v, out);
  }
  return out;
}
