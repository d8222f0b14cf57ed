import { type CompiledTemplate, compileTemplate } from './template-binder.js';

/** The schema URL every top-level card declares. */
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Teams supports Adaptive Cards 1.5 (Action.Execute, refresh, action modes). */
export const ADAPTIVE_CARD_VERSION = '1.5';

/** An element or action of an Adaptive Card, as plain JSON. */
export type AdaptiveElement = { type: string } & Record<string, unknown>;

/** An Adaptive Card as sent to Teams: plain JSON, ready to go into an attachment's `content`. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version?: string;
  $schema?: string;
  body: AdaptiveElement[];
  actions?: AdaptiveElement[];
  refresh?: { action: AdaptiveElement; userIds?: string[] };
  msteams?: Record<string, unknown>;
  fallbackText?: string;
}

/** One call of `expandTemplate`, as seen by `traceExpansions`. */
export interface TemplateExpansion {
  template: unknown;
  data: object;
  output: unknown;
}

/** Templates compiled so far, per template object (the imported JSON modules): each is compiled once. */
const compiled = new WeakMap<object, CompiledTemplate>();
/** The open `traceExpansions` record, if any (synchronous scope only). */
let trace: TemplateExpansion[] | undefined;

function compiledFor(template: unknown): CompiledTemplate {
  if (typeof template !== 'object' || template === null) return compileTemplate(template);
  let c = compiled.get(template);
  if (!c) {
    c = compileTemplate(template);
    compiled.set(template, c);
  }
  return c;
}

/**
 * Binds a JSON template to data with our compiled binder (`template-binder.ts`), which renders exactly what
 * `adaptivecards-templating` renders for the constructs our templates use, hundreds of times faster. A template is
 * compiled on first use and cached per template object, so do not mutate a template after using it. All user text
 * travels in `data` only: data values are never parsed, so `${...}` typed by a user comes out verbatim. Every field
 * a template reads must be present in `data` (a missing one comes out as the text `${field}`, as with the library).
 * Throws an `AppError` (`INTERNAL`) for a template construct outside the supported subset.
 */
export function expandTemplate<T>(template: unknown, data: object): T {
  const output = compiledFor(template).bind(data);
  trace?.push({ template, data, output });
  return output as T;
}

/**
 * Runs `fn` and returns, with its result, every `expandTemplate` call it made synchronously (template, data and
 * output, in call order). For the faithfulness test and the benchmark, which replay the calls with
 * `adaptivecards-templating`; renderers never need it.
 */
export function traceExpansions<T>(fn: () => T): { result: T; expansions: TemplateExpansion[] } {
  const outer = trace;
  const expansions: TemplateExpansion[] = [];
  trace = expansions;
  try {
    return { result: fn(), expansions };
  } finally {
    trace = outer;
  }
}
