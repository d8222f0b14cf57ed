import * as ACData from 'adaptivecards-templating';

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

/**
 * Binds a JSON template to data with `adaptivecards-templating`. All user text travels in `data` only: the engine
 * does not evaluate expressions found in data values, so `${...}` typed by a user comes out verbatim. Every field
 * a template reads must be present in `data` (the engine leaves `${field}` in place for a missing one).
 */
export function expandTemplate<T>(template: unknown, data: object): T {
  return new ACData.Template(template).expand({ $root: data }) as T;
}
